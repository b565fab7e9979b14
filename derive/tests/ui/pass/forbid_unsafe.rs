//! A crate that forbids `unsafe_code` derives every kind of type and reads
//! it through the validated view: the derives' `unsafe` blocks and `unsafe
//! fn`s (the validated reads) are the derive's code, not the crate's, and do
//! not trip the lint.
#![forbid(unsafe_code)]

use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, zerowire::Enum)]
pub enum Side {
    #[default]
    Buy,
    Sell,
    #[zerowire(unknown)]
    Unknown(u16),
}

#[derive(Debug, Clone, Copy, PartialEq, Default, zerowire::Struct)]
pub struct Price {
    pub units: i64,
    pub nanos: i32,
}

#[derive(Debug, Clone, PartialEq, zerowire::Union)]
pub enum Note {
    Text(String),
    Code(u32),
    Empty,
}

#[derive(Debug, Clone, PartialEq, zerowire::Message)]
pub struct Line {
    pub sku: String,
    pub qty: u32,
}

#[derive(Debug, Clone, PartialEq, zerowire::Message)]
pub struct Order {
    pub customer: String,
    pub side: Side,
    pub price: Price,
    pub note: Note,
    pub lines: Vec<Line>,
    pub tags: Vec<String>,
    pub attrs: BTreeMap<String, u64>,
    pub parent: Option<Box<Order>>,
}

fn main() {
    let order = Order {
        customer: "cust-42".into(),
        side: Side::Sell,
        price: Price { units: 3, nanos: 5 },
        note: Note::Text("fragile".into()),
        lines: vec![Line { sku: "fig".into(), qty: 2 }],
        tags: vec!["gift".into()],
        attrs: [("region".to_string(), 7)].into(),
        parent: None,
    };
    let bytes = zerowire::encode(&order);
    let v = zerowire::validate::<Order>(&bytes).unwrap();
    let customer: &str = v.customer();
    assert_eq!(customer, "cust-42");
    assert_eq!(v.side(), Side::Sell);
    assert_eq!(v.price(), Price { units: 3, nanos: 5 });
    assert!(matches!(v.note(), NoteView::Text("fragile")));
    assert_eq!(v.lines().last().map(|l| l.sku()), Some("fig"));
    assert_eq!(v.tags().iter().next_back(), Some("gift"));
    assert_eq!(v.attrs().get("region"), Some(7));
    assert!(v.parent().is_none());
    assert!(format!("{v:?}").contains(r#"customer: "cust-42""#));
}
