// Union arms hold one value or none; one default; the unknown arm is last
// and holds a u16.
#[derive(zerowire::Union)]
pub enum Payload {
    Pair(u32, u32),
    Named { a: u32 },
    #[zerowire(default)]
    A(u32),
    #[zerowire(default)]
    B(u32),
    #[zerowire(unknown)]
    Unknown(u32),
}

#[derive(zerowire::Union)]
pub enum Misnamed {
    Text(String),
    Unknown(u16),
}

fn main() {}
