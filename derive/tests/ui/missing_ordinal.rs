// Once one field has an explicit ordinal, every field needs one.
#[derive(zerowire::Message)]
pub struct Order {
    #[zerowire(ordinal = 1)]
    pub id: u64,
    pub qty: u32,
    pub price: f64,
}

fn main() {}
