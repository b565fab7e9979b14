// A declared default is stored XORed with the value: a closed enum could
// not hold the result, so it has no declared default.
#[derive(Clone, Copy, Debug, PartialEq, zerowire::Enum)]
#[zerowire(closed)]
pub enum Level {
    Low,
    High,
}

#[derive(zerowire::Message)]
pub struct Settings {
    #[zerowire(default = Level::High)]
    pub level: Level,
}

fn main() {}
