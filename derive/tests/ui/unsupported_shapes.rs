// Tuple structs, enums and Rust unions cannot be messages.
#[derive(zerowire::Message)]
pub struct Pair(u32, u32);

#[derive(zerowire::Message)]
pub enum Choice {
    A,
    B,
}

#[derive(zerowire::Message)]
pub union Bits {
    a: u32,
    b: f32,
}

fn main() {}
