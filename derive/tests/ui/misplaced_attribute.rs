// Known keys in the wrong place, duplicates, and values where a flag is expected.
#[derive(zerowire::Message)]
#[zerowire(deprecated, repr = "u8")]
pub struct Order {
    #[zerowire(unknown)]
    pub id: u64,
    #[zerowire(rename = "a", rename = "b")]
    pub qty: u32,
    #[zerowire(deprecated = true)]
    pub old: u32,
    #[zerowire]
    pub note: String,
}

fn main() {}
