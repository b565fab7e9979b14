// Unknown keys, on the container and on fields, are all reported at once.
#[derive(zerowire::Message)]
#[zerowire(view_name = "V")]
pub struct Order {
    #[zerowire(ordnal = 1)]
    pub id: u64,
    #[zerowire(json = "q")]
    pub qty: u32,
}

fn main() {}
