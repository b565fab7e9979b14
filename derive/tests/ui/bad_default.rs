// Declared defaults are for scalars (numbers, bool, derived enums).
#[derive(zerowire::Message)]
pub struct Config {
    #[zerowire(default = "localhost".to_string())]
    pub host: String,
    #[zerowire(default = 80)]
    pub port: u16,
}

fn main() {}
