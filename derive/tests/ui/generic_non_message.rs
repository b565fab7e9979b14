// Only messages can be generic; a Struct's fields must be scalars.
#[derive(Clone, Copy, zerowire::Struct)]
pub struct Pair<T: Copy> {
    pub a: T,
}

#[derive(Clone, Copy, zerowire::Union)]
pub enum Either<L> {
    Left(L),
}

#[derive(Clone, Copy, zerowire::Struct)]
pub struct Named {
    #[zerowire(rename = "x")]
    pub x: u32,
}

fn main() {}
