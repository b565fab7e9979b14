// The derive defines `PingView` next to `Ping`: a type of that name already
// there gives rustc's E0428 at the derive, the two errors of generated impls
// that meet the other type, and one error that names the attribute renaming
// the view. Nothing else: no error points into the generated code's fields.
#[derive(zerowire::Message)]
pub struct Ping {
    pub seq: u64,
}

pub struct PingView {
    pub seq: u64,
}

fn main() {
    let _ = PingView { seq: 1 };
}
