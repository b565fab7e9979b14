// The derive defines `PingView` next to `Ping`: a type of that name already
// there is reported at the derive, with the attribute that renames the view.
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
