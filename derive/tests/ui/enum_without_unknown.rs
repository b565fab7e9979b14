// Enums are open: the unknown arm is required.
#[derive(Clone, Copy, zerowire::Enum)]
pub enum Method {
    Get,
    Put,
}

fn main() {}
