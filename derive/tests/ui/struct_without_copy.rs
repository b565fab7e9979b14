// An inline Struct is copied in and out of its slot: it must be `Copy`.
#[derive(Clone, zerowire::Struct)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

fn main() {}
