// Every field of an inline Struct must be fixed-size.
#[derive(Clone, zerowire::Struct)]
pub struct Label {
    pub text: String,
}

fn main() {}
