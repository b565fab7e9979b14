// A message owns its data: no lifetime parameters, no borrowed fields.
#[derive(zerowire::Message)]
pub struct Borrowed<'a> {
    pub name: &'a str,
    pub parts: Vec<std::borrow::Cow<'a, str>>,
}

fn main() {}
