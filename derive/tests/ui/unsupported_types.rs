// Types that can never be fields, reported at their spans with a hint.
#[derive(zerowire::Message)]
pub struct Bad {
    pub len: usize,
    pub pair: (u32, u32),
    pub wide: u128,
    pub list: Vec<isize>,
    pub text: Box<str>,
}

fn main() {}
