//! Schema evolution through the derive: the runtime's evolution tests
//! (`evolution.rs`) repeated with two versions of derived types in two
//! modules, plus what only the derive has: declared defaults, deprecated
//! fields, explicit ordinals and union arms added in a later version.
#![allow(missing_docs, unreachable_pub)]

mod v1 {
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, zerowire::Enum)]
    pub enum Status {
        #[default]
        Open,
        Filled,
        #[zerowire(unknown)]
        Unknown(u16),
    }

    #[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
    pub struct Point {
        pub x: i32,
        pub y: i32,
    }

    #[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
    pub struct Line {
        pub sku: String,
        pub qty: u32,
    }

    #[derive(Debug, Clone, PartialEq, zerowire::Union)]
    pub enum Contact {
        Email(String),
        Phone(u64),
        None,
        #[zerowire(unknown)]
        Unknown(u16),
    }

    #[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
    pub struct Order {
        pub id: u64,
        pub status: Status,
        pub lines: Vec<Line>,
        pub note: String,
    }

    #[derive(Debug, Clone, PartialEq, zerowire::Message)]
    pub struct Customer {
        pub name: String,
        pub contact: Contact,
        pub contacts: Vec<Contact>,
    }
}

mod v2 {
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, zerowire::Enum)]
    pub enum Status {
        #[default]
        Open,
        Filled,
        Cancelled,
        #[zerowire(unknown)]
        Unknown(u16),
    }

    pub use super::v1::Point;

    #[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
    pub struct Line {
        pub sku: String,
        pub qty: u32,
        pub price: f64,
        pub tags: Vec<String>,
        pub discount: Option<u32>,
    }

    #[derive(Debug, Clone, PartialEq, zerowire::Union)]
    pub enum Contact {
        Email(String),
        Phone(u64),
        None,
        Address(Point),
        #[zerowire(unknown)]
        Unknown(u16),
    }

    /// Declared in another order than its ordinals: the wire order is the
    /// ordinal order.
    #[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
    pub struct Order {
        #[zerowire(ordinal = 0)]
        pub id: u64,
        #[zerowire(ordinal = 4)]
        pub urgent: bool,
        #[zerowire(ordinal = 1)]
        pub status: Status,
        #[zerowire(ordinal = 2)]
        pub lines: Vec<Line>,
        #[zerowire(ordinal = 3)]
        pub note: String,
        #[zerowire(ordinal = 5)]
        pub customer: String,
        #[zerowire(ordinal = 6)]
        pub history: Vec<u64>,
        #[zerowire(ordinal = 7)]
        pub ship_to: Point,
        #[zerowire(ordinal = 8)]
        pub coupon: Option<String>,
        #[zerowire(ordinal = 9)]
        pub priority: Option<u32>,
        #[zerowire(ordinal = 10)]
        pub previous: Status,
        #[zerowire(ordinal = 11, default = 3)]
        pub retries: u8,
        #[zerowire(ordinal = 12, default = Status::Filled)]
        pub expected: Status,
    }

    #[derive(Debug, Clone, PartialEq, zerowire::Message)]
    pub struct Customer {
        pub name: String,
        pub contact: Contact,
        pub contacts: Vec<Contact>,
    }
}

/// v3 retires `note`: its slot stays, it is written as its default.
mod v3 {
    pub use super::v2::{Line, Status};

    #[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
    pub struct Order {
        pub id: u64,
        pub status: Status,
        pub lines: Vec<Line>,
        #[zerowire(deprecated)]
        pub note: String,
        pub urgent: bool,
        pub customer: String,
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
        ship_to: v2::Point { x: 4, y: 2 },
        coupon: Some(String::new()),
        priority: Some(0),
        previous: v2::Status::Filled,
        retries: 0,
        expected: v2::Status::Open,
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
    // ... or their declared defaults.
    assert_eq!(r.retries(), 3);
    assert_eq!(r.expected(), v2::Status::Filled);
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
            retries: 3,
            expected: v2::Status::Filled,
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
    let lines = r.lines();
    assert_eq!(lines.len(), 2);
    assert_eq!((lines.get(1).unwrap().sku(), lines.get(1).unwrap().qty()), ("kiwi", 5));
    let owned: v1::Order = zerowire::decode(&bytes).unwrap();
    assert_eq!(owned.lines[0], v1::Line { sku: "fig".into(), qty: 2 });
    assert_eq!(owned.status, v1::Status::Unknown(2));
}

#[test]
fn unknown_enum_value_survives_an_old_reader() {
    let v2 = v2_order();
    let v1: v1::Order = zerowire::decode(&zerowire::encode(&v2)).unwrap();
    let back: v2::Order = zerowire::decode(&zerowire::encode(&v1)).unwrap();
    assert_eq!(back.status, v2::Status::Cancelled);
    assert_eq!(back.id, v2.id);
    assert_eq!(back.customer, "");
}

#[test]
fn forwarding_bytes_keeps_everything() {
    let bytes = zerowire::encode(&v2_order());
    let handle = zerowire::Owned::<v1::Order>::new(bytes.clone().into()).unwrap();
    assert_eq!(handle.view().id(), 8);
    assert_eq!(zerowire::decode::<v2::Order>(&handle.into_bytes()).unwrap(), v2_order());
}

#[test]
fn declared_defaults_are_trimmed_and_other_values_kept() {
    let d = v2::Order { retries: 3, expected: v2::Status::Filled, ..Default::default() };
    // Declared defaults are stored as zeros: the whole message is trimmed.
    assert_eq!(zerowire::encode(&d).len(), 6);
    assert_eq!(zerowire::decode::<v2::Order>(&zerowire::encode(&d)).unwrap(), d);
    let o = v2_order();
    assert_eq!(zerowire::decode::<v2::Order>(&zerowire::encode(&o)).unwrap(), o);
}

#[test]
fn union_arm_added_later_is_kept_as_unknown() {
    let c = v2::Customer {
        name: "ada".into(),
        contact: v2::Contact::Address(v2::Point { x: 1, y: 2 }),
        contacts: vec![v2::Contact::Phone(5), v2::Contact::Address(v2::Point::default()), v2::Contact::None],
    };
    let bytes = zerowire::encode(&c);
    let r = zerowire::validate::<v1::Customer>(&bytes).unwrap();
    assert!(matches!(r.contact(), v1::ContactView::Unknown(4)));
    let old: v1::Customer = zerowire::decode(&bytes).unwrap();
    assert_eq!(old.contact, v1::Contact::Unknown(4));
    assert_eq!(old.contacts, [v1::Contact::Phone(5), v1::Contact::Unknown(4), v1::Contact::None]);
    // An old writer writes the tag back; the payload is gone (it never had it).
    let back: v2::Customer = zerowire::decode(&zerowire::encode(&old)).unwrap();
    assert_eq!(back.contact, v2::Contact::Address(v2::Point::default()));
    // Old arms are read by the new version as they were.
    let o = v1::Customer { name: "b".into(), contact: v1::Contact::Email("e@x".into()), contacts: vec![] };
    let n: v2::Customer = zerowire::decode(&zerowire::encode(&o)).unwrap();
    assert_eq!(n.contact, v2::Contact::Email("e@x".into()));
}

#[test]
fn deprecated_field_keeps_its_slot() {
    // v3 reads v2 data: later fields have not moved, the retired one is gone.
    let bytes = zerowire::encode(&v2_order());
    let r = zerowire::validate::<v3::Order>(&bytes).unwrap();
    assert_eq!((r.id(), r.urgent(), r.customer()), (8, true, "ada"));
    let owned: v3::Order = zerowire::decode(&bytes).unwrap();
    assert_eq!(owned.note, "", "a deprecated field decodes as its default");
    // v3 writes it as its default: v2 reads an empty note.
    let v3 = v3::Order { id: 1, note: "ignored".into(), customer: "c".into(), ..Default::default() };
    let v2: v2::Order = zerowire::decode(&zerowire::encode(&v3)).unwrap();
    assert_eq!((v2.id, v2.note.as_str(), v2.customer.as_str()), (1, "", "c"));
    assert_eq!(<v3::Order as zerowire::Message>::DATA_LEN, {
        // id u64 · status u16 · lines ref · note ref · urgent bit · customer ref
        8 + 2 + 4 + 4 + 1 + 4
    });
}

#[test]
fn nested_message_is_forwardable_by_slicing() {
    let bytes = bytes::Bytes::from(zerowire::encode(&v2_order()));
    let view = zerowire::view::<v2::Order>(&bytes).unwrap();
    let t = zerowire::MessageView::table(&view.ship_to().unwrap());
    let sliced = bytes.slice(t.base()..t.base() + t.buf().len());
    assert_eq!(zerowire::decode::<v2::Point>(&sliced).unwrap(), v2::Point { x: 4, y: 2 });
}

#[test]
fn deprecated_field_is_still_checked_by_decode_as_by_validate() {
    let mut bytes = zerowire::encode(&v2_order());
    let at = bytes.windows(10).position(|w| w == b"ring twice").unwrap();
    bytes[at] = 0xff;
    let validated = zerowire::validate::<v3::Order>(&bytes).unwrap_err();
    let decoded = zerowire::decode::<v3::Order>(&bytes).unwrap_err();
    assert_eq!(validated.kind(), zerowire::ErrorKind::InvalidUtf8);
    assert_eq!(decoded, validated);
}
