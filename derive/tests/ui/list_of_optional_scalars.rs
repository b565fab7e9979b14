// A list of optional scalars has no wire form.
#[derive(zerowire::Message)]
pub struct Samples {
    pub readings: Vec<Option<u16>>,
    pub flags: Vec<Option<bool>>,
    pub names: Vec<Option<String>>,
}

fn main() {}
