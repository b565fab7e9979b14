// Data on a known variant, duplicate values, a value too wide for the
// repr, an unknown arm of the wrong width and not last.
#[derive(Clone, Copy, zerowire::Enum)]
#[zerowire(repr = "u8")]
pub enum Level {
    Low,
    #[zerowire(unknown)]
    Other(u16),
    Mid(u8),
    #[zerowire(value = 0)]
    High,
    #[zerowire(value = 300)]
    Max,
}

#[derive(Clone, Copy, zerowire::Enum)]
#[zerowire(repr = "i64")]
pub enum Signed {
    A,
    #[zerowire(unknown)]
    Unknown(u16),
}

fn main() {}
