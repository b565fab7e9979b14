// A closed enum has no unknown arm, and needs a variant numbered 0 (the
// value of an absent field); `rename_all` takes serde's case names.
#[derive(Clone, Copy, zerowire::Enum)]
#[zerowire(closed)]
pub enum WithUnknown {
    A,
    #[zerowire(unknown)]
    Unknown(u16),
}

#[derive(Clone, Copy, zerowire::Enum)]
#[zerowire(closed)]
pub enum NoZero {
    A = 1,
    B = 2,
}

#[derive(Clone, Copy, zerowire::Enum)]
#[zerowire(closed, rename_all = "shouting")]
pub enum BadCase {
    A,
}

fn main() {}
