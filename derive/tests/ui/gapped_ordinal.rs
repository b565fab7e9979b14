// Ordinals must be exactly 0..n: removed fields stay as deprecated.
#[derive(zerowire::Message)]
pub struct Order {
    #[zerowire(ordinal = 0)]
    pub id: u64,
    #[zerowire(ordinal = 2)]
    pub qty: u32,
}

fn main() {}
