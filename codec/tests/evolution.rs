//! Schema evolution: a v1 writer meets a v2 reader and the reverse, for
//! added scalar, string, list, nested-message, optional and enum fields,
//! inside nested messages and lists of messages too; unknown enum values
//! survive a round trip through an old reader.
#![allow(missing_docs, unreachable_pub)]

use zerowire_test_support::common;

use common::Point;
use zerocopy::byteorder::little_endian::U16;

/// An open enum over `U16` with the given known values.
macro_rules! open_enum {
    ($name:ident { $($v:ident = $n:literal),* }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub enum $name {
            #[default]
            $($v,)*
            Unknown(u16),
        }
        impl zerowire::Scalar for $name {
            type Wire = U16;
            fn to_wire(self) -> U16 {
                U16::new(match self { $($name::$v => $n,)* $name::Unknown(n) => n })
            }
            fn from_wire(w: U16) -> Self {
                match w.get() { $($n => $name::$v,)* n => $name::Unknown(n) }
            }
        }
        zerowire::__impl_scalar_field!([] $name);
    };
}

mod v1 {
    use super::*;
    open_enum!(Status { Open = 0, Filled = 1 });

    zerowire::__message! {
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct Line view LineView {
            pub sku @0: String,
            pub qty @1: u32,
        }
    }
    zerowire::__message! {
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct Order view OrderView {
            pub id @0: u64,
            pub status @1: Status,
            pub lines @2: Vec<Line>,
            pub note @3: String,
        }
    }
}

mod v2 {
    use super::*;
    open_enum!(Status { Open = 0, Filled = 1, Cancelled = 2 });

    zerowire::__message! {
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct Line view LineView {
            pub sku @0: String,
            pub qty @1: u32,
            pub price @2: f64,
            pub tags @3: Vec<String>,
            pub discount @4: Option<u32>,
        }
    }
    zerowire::__message! {
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct Order view OrderView {
            pub id @0: u64,
            pub status @1: Status,
            pub lines @2: Vec<Line>,
            pub note @3: String,
            pub urgent @4: bool,
            pub customer @5: String,
            pub history @6: Vec<u64>,
            pub ship_to @7: Point,
            pub coupon @8: Option<String>,
            pub priority @9: Option<u32>,
            pub previous @10: Status,
        }
    }
}

fn v1_order() -> v1::Order {
    v1::Order {
        id: 7,
        status: v1::Status::Filled,
        lines: vec![v1::Line { sku: "apple".into(), qty: 3 }, v1::Line { sku: "pear".into(), qty: 1 }],
        note: "leave at door".into(),
    }
}

fn v2_order() -> v2::Order {
    v2::Order {
        id: 8,
        status: v2::Status::Cancelled,
        lines: vec![
            v2::Line { sku: "fig".into(), qty: 2, price: 1.25, tags: vec!["ripe".into()], discount: Some(10) },
            v2::Line { sku: "kiwi".into(), qty: 5, price: 0.5, tags: vec![], discount: None },
        ],
        note: "ring twice".into(),
        urgent: true,
        customer: "ada".into(),
        history: vec![1, 2, 3],
        ship_to: Point { x: 4, y: 2 },
        coupon: Some(String::new()),
        priority: Some(0),
        previous: v2::Status::Filled,
    }
}

#[test]
fn old_writer_new_reader_sees_defaults() {
    let bytes = zerowire::encode(&v1_order());
    let r = zerowire::validate::<v2::Order>(&bytes).unwrap();
    assert_eq!((r.id(), r.status(), r.note()), (7, v2::Status::Filled, "leave at door"));
    // Added fields read as their defaults.
    assert!(!r.urgent());
    assert_eq!(r.customer(), "");
    assert!(r.history().is_empty());
    assert_eq!(r.ship_to().x(), 0);
    assert_eq!(r.coupon(), None);
    assert_eq!(r.priority(), None);
    // Inside a list of messages written with the old, shorter stride.
    let l = r.lines().get(0).unwrap();
    assert_eq!((l.sku(), l.qty(), l.price(), l.discount()), ("apple", 3, 0.0, None));
    assert!(l.tags().is_empty());

    let owned: v2::Order = zerowire::decode(&bytes).unwrap();
    assert_eq!(
        owned,
        v2::Order {
            id: 7,
            status: v2::Status::Filled,
            lines: vec![
                v2::Line { sku: "apple".into(), qty: 3, ..Default::default() },
                v2::Line { sku: "pear".into(), qty: 1, ..Default::default() },
            ],
            note: "leave at door".into(),
            ..Default::default()
        }
    );
}

#[test]
fn new_writer_old_reader_skips_what_it_does_not_know() {
    let bytes = zerowire::encode(&v2_order());
    let r = zerowire::validate::<v1::Order>(&bytes).unwrap();
    assert_eq!((r.id(), r.note()), (8, "ring twice"));
    // The new enum value is kept as its number.
    assert_eq!(r.status(), v1::Status::Unknown(2));
    // List elements carry new fields (and their children) the old reader
    // steps over.
    let lines = r.lines();
    assert_eq!(lines.len(), 2);
    assert_eq!((lines.get(1).unwrap().sku(), lines.get(1).unwrap().qty()), ("kiwi", 5));
    let owned: v1::Order = zerowire::decode(&bytes).unwrap();
    assert_eq!(owned.lines[0], v1::Line { sku: "fig".into(), qty: 2 });
    assert_eq!(owned.status, v1::Status::Unknown(2));
}

#[test]
fn unknown_enum_value_survives_an_old_reader() {
    // v2 -> bytes -> v1 owned -> bytes -> v2: the status an old service did
    // not know comes back as what it was.
    let v2 = v2_order();
    let v1: v1::Order = zerowire::decode(&zerowire::encode(&v2)).unwrap();
    let back: v2::Order = zerowire::decode(&zerowire::encode(&v1)).unwrap();
    assert_eq!(back.status, v2::Status::Cancelled);
    assert_eq!(back.id, v2.id);
    // Fields v1 did not know are dropped by its owned round trip (a proxy
    // that must keep them forwards the bytes, or an `Owned` handle).
    assert_eq!(back.customer, "");
}

#[test]
fn forwarding_bytes_keeps_everything() {
    // An old proxy that validates and forwards the owned handle loses nothing.
    let bytes = zerowire::encode(&v2_order());
    let handle = zerowire::Owned::<v1::Order>::new(bytes.clone().into()).unwrap();
    assert_eq!(handle.view().id(), 8);
    let forwarded = handle.into_bytes();
    assert_eq!(zerowire::decode::<v2::Order>(&forwarded).unwrap(), v2_order());
}

#[test]
fn nested_message_is_forwardable_by_slicing() {
    // Any nested message is a message: slice it out and read it alone.
    let bytes = bytes::Bytes::from(zerowire::encode(&v2_order()));
    let view = zerowire::view::<v2::Order>(&bytes).unwrap();
    let ship_to = view.ship_to().unwrap();
    let t = zerowire::MessageView::table(&ship_to);
    let start = t.base();
    let sliced = bytes.slice(start..start + t.buf().len());
    assert_eq!(zerowire::decode::<Point>(&sliced).unwrap(), Point { x: 4, y: 2 });
}
