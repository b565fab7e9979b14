// Compiles and runs: every derive together, as a schema compiler would
// generate them, under #![deny(warnings, missing_docs)].
#![deny(warnings, missing_docs)]
//! A crate whose public types all derive zerowire traits.

/// A method.
#[derive(Debug, Clone, Copy, PartialEq, zerowire::Enum)]
pub enum Method {
    /// GET.
    Get,
    /// PUT.
    Put,
    /// Newer.
    #[zerowire(unknown)]
    Unknown(u16),
}

/// A point.
#[derive(Debug, Clone, Copy, PartialEq, zerowire::Struct)]
pub struct Point {
    /// x.
    pub x: f64,
    /// y.
    pub y: f64,
}

/// A body.
#[derive(Debug, Clone, PartialEq, zerowire::Union)]
pub enum Body {
    /// Text.
    Text(String),
    /// Points.
    Points(Vec<Point>),
    /// Nothing.
    Empty,
}

/// A request.
#[derive(Debug, Clone, PartialEq, zerowire::Message)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// The body.
    pub body: Body,
    /// Retired.
    #[zerowire(deprecated)]
    pub old: u32,
    /// Retries.
    #[zerowire(default = 3)]
    pub retries: u8,
}

fn main() {
    let r = Request { method: Method::Put, body: Body::Points(vec![Point { x: 1.0, y: 2.0 }]), old: 0, retries: 3 };
    let bytes = zerowire::encode(&r);
    assert_eq!(zerowire::decode::<Request>(&bytes).unwrap(), r);
    let v = zerowire::view::<Request>(&bytes).unwrap();
    assert_eq!((v.method(), v.retries()), (Method::Put, 3));
    assert!(matches!(v.body(), BodyView::Points(_)));
}
