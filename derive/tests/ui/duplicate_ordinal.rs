#[derive(zerowire::Message)]
pub struct Order {
    #[zerowire(ordinal = 0)]
    pub id: u64,
    #[zerowire(ordinal = 1)]
    pub qty: u32,
    #[zerowire(ordinal = 1)]
    pub price: f64,
}

fn main() {}
