// A type the runtime does not know: the compiler says what is supported.
#[derive(zerowire::Message)]
pub struct Timed {
    pub at: std::time::Duration,
}

fn main() {}
