// A JSON reader accepts a field's name and its `json_name`: each must lead
// to one field.
#[derive(zerowire::Message)]
pub struct Renamed {
    #[zerowire(json_name = "b")]
    pub a: u32,
    pub b: u32,
}

#[derive(zerowire::Message)]
pub struct Swapped {
    pub a: u32,
    #[zerowire(json_name = "a")]
    pub b: u32,
}

#[derive(zerowire::Message)]
#[zerowire(rename_all = "camelCase")]
pub struct Cased {
    pub max_len: u32,
    #[zerowire(rename = "maxLen")]
    pub limit: u32,
}

fn main() {}
