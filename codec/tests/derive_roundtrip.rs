//! Round trips through the derive for every supported field type and every
//! attribute: encode -> view -> validate -> decode, and encode(decode(b)) == b.
#![allow(missing_docs, unreachable_pub)]

use zerowire::meta::Variants;
use zerowire::{ErrorKind, Message};

use derived::*;
use zerowire_test_support::derived;

fn round_trip<M: Message + PartialEq + std::fmt::Debug>(m: &M) -> Vec<u8> {
    let bytes = zerowire::encode(m);
    assert_eq!(bytes.len(), zerowire::encoded_len(m));
    zerowire::validate::<M>(&bytes).unwrap();
    let back: M = zerowire::decode(&bytes).unwrap();
    assert_eq!(&back, m);
    assert_eq!(zerowire::encode(&back), bytes);
    let owned = zerowire::Owned::<M>::from_message(m);
    assert_eq!(&owned.decode().unwrap(), m);
    bytes
}

#[test]
fn every_type_round_trips() {
    round_trip(&sample());
    let empty =
        All { shape: Shape::Square(0.0), closed: Closed::Off, mode: Mode::Slow, payload: Payload::Nothing, ..sample() };
    round_trip(&empty);
}

#[test]
fn views_read_every_kind_of_field() {
    let v = sample();
    let bytes = zerowire::encode(&v);
    let r = zerowire::validate::<All>(&bytes).unwrap();
    assert!(r.flag());
    assert_eq!((r.u64_(), r.i64_(), r.f64_(), r.ch()), (u64::MAX, i64::MIN, -0.25, '∑'));
    assert_eq!(r.text(), "text");
    assert_eq!(r.shared(), b"shared");
    assert_eq!((r.arr(), r.arr16()), ([9, 8, 7, 6], [-1, 0, 1]));
    assert_eq!(r.colors().to_vec(), v.colors);
    assert_eq!(r.segments().as_wire()[0].to.z.get(), 9.0);
    assert_eq!(r.segments().get(0), Some(v.segment));
    assert_eq!(r.uuids().as_wire()[1].0, [2; 16]);
    let payloads: Vec<String> = r.payloads().iter().map(|p| format!("{p:?}")).collect();
    assert_eq!(payloads[0], r#"Text("t")"#);
    // The default arm is stored as tag 0 ("no arm"), in a list too, and reads
    // back as the default arm.
    assert_eq!(payloads[7], "Nothing");
    assert_eq!(payloads[8], "Unknown(1000)");
    assert_eq!((r.opt_u64(), r.opt_bool(), r.opt_color()), (Some(0), Some(false), Some(Color::Red)));
    assert!(matches!(r.opt_payload(), Some(PayloadView::Nothing)));
    assert_eq!(r.opt_segment(), Some(v.segment));
    assert_eq!(r.opt_list().map(|l| l.len()), Some(0));
    assert_eq!(r.node().next().unwrap().boxed().x(), 3);
    assert_eq!(r.boxed().y(), 9);
    assert_eq!(r.bmap().find(|k| k == 2).unwrap(), "two");
    assert_eq!((r.color(), r.small(), r.big()), (Color::Blue, Small::B, Big::Huge));
    assert_eq!(r.uuid(), v.uuid);
    assert!(matches!(r.payload(), PayloadView::Segment(s) if s == v.segment));
    assert!(matches!(r.shape(), ShapeView::Circle(c) if c == 2.0));
    assert!(matches!(r.closed(), ClosedView::On(3)));
    assert!(matches!(r.mode(), ModeView::Fast));
    assert_eq!(r.r#type(), 42);
    let dbg = format!("{:?}", r.point());
    assert_eq!(dbg, "Point { x: -7, y: 7 }");
}

#[test]
fn enum_values_and_widths() {
    use zerowire::Field;
    use zerowire::Scalar;
    assert_eq!(Color::Blue.to_wire().get(), 7);
    assert_eq!(Color::Cyan.to_wire().get(), 8, "implicit values continue after an explicit one");
    assert_eq!(Color::from_wire(1.into()), Color::Green);
    assert_eq!(Color::from_wire(2.into()), Color::Unknown(2));
    assert_eq!((Small::SHAPE.bytes, Color::SHAPE.bytes, Big::SHAPE.bytes), (1, 2, 4));
    assert_eq!(Small::B.to_wire(), 200);
    assert_eq!(Small::from_wire(201), Small::Other(201));
    assert_eq!(Big::Huge.to_wire().get(), 4_000_000_000);
    let names: Vec<(&str, u32)> = Color::VARIANTS.iter().map(|v| (v.name, v.value)).collect();
    assert_eq!(names, [("Red", 0), ("Green", 1), ("BLUE", 7), ("Cyan", 8)]);
    assert_eq!(Big::NAME, "big.Big");
    let tags: Vec<(&str, u32)> = Payload::VARIANTS.iter().map(|v| (v.ident, v.value)).collect();
    assert_eq!(tags[0], ("Text", 1));
    assert_eq!(tags[7], ("Nothing", 8));
    assert_eq!(Payload::VARIANTS.len(), 8, "the unknown arm is not listed");
}

#[test]
fn union_defaults_are_tag_zero() {
    #[derive(Debug, PartialEq, zerowire::Message)]
    struct U {
        shape: Shape,
        closed: Closed,
        mode: Mode,
        payload: Payload,
    }
    let d = U { shape: Shape::Square(0.0), closed: Closed::Off, mode: Mode::Slow, payload: Payload::Nothing };
    assert_eq!(zerowire::encode(&d), [6, 0, 0, 0, 0, 0], "every default arm is trimmed");
    assert_eq!(zerowire::decode::<U>(&zerowire::encode(&d)).unwrap(), d);
    // A non-default value of the default arm is stored.
    let s = U { shape: Shape::Square(2.0), ..d };
    assert_eq!(zerowire::decode::<U>(&zerowire::encode(&s)).unwrap(), s);
    let r = zerowire::view::<U>(&[6, 0, 0, 0, 0, 0]).unwrap();
    // Tag 0 reads as the default arm in the view too, as it decodes.
    assert!(matches!(r.shape(), ShapeView::Square(x) if x == 0.0));
    assert!(matches!(r.mode(), ModeView::Slow));
    assert!(matches!(r.payload(), PayloadView::Nothing));
}

#[test]
fn closed_union_rejects_unknown_tags() {
    #[derive(Debug, PartialEq, zerowire::Message)]
    struct Wide {
        v: Payload,
    }
    #[derive(Debug, PartialEq, zerowire::Message)]
    struct Narrow {
        v: Closed,
    }
    let bytes = zerowire::encode(&Wide { v: Payload::Point(Point { x: 1, y: 1 }) });
    let err = zerowire::validate::<Narrow>(&bytes).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownTag(3));
    assert_eq!(err.field(), Some(("Narrow", "v")));
    assert_eq!(zerowire::decode::<Narrow>(&bytes).unwrap_err().kind(), ErrorKind::UnknownTag(3));
    // The lazy view still shows the tag.
    assert!(matches!(zerowire::view::<Narrow>(&bytes).unwrap().v(), ClosedView::Unknown(3)));
}

#[test]
fn struct_validation_reports_the_field_kind() {
    #[derive(Debug, PartialEq, zerowire::Message)]
    struct S {
        s: Segment,
    }
    let seg = Segment { label: 'a', ..Default::default() };
    let mut bytes = zerowire::encode(&S { s: seg });
    // `label` is the last 4 bytes: make it a surrogate.
    let n = bytes.len();
    bytes[n - 4..].copy_from_slice(&0xD800u32.to_le_bytes());
    assert_eq!(zerowire::validate::<S>(&bytes).unwrap_err().kind(), ErrorKind::InvalidChar);
    assert_eq!(zerowire::view::<S>(&bytes).unwrap().s().label, char::REPLACEMENT_CHARACTER);
}

// --- generics ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, zerowire::Message)]
pub struct Wrapper<T: Clone + std::fmt::Debug> {
    pub inner: T,
    pub seq: u32,
}

#[derive(Debug, Clone, PartialEq, zerowire::Message)]
pub struct Pair<A, B>
where
    A: Clone,
{
    pub a: A,
    pub b: Vec<B>,
    pub c: Option<Box<Pair<A, B>>>,
}

#[derive(Debug, Clone, PartialEq, zerowire::Message)]
pub struct Fixed<const N: usize, T = u16> {
    pub data: [u8; N],
    pub tail: T,
}

#[test]
fn generic_messages() {
    let w = Wrapper { inner: Point { x: 1, y: 2 }, seq: 3 };
    let bytes = round_trip(&w);
    let v = zerowire::view::<Wrapper<Point>>(&bytes).unwrap();
    assert_eq!((v.inner().unwrap().y(), v.seq()), (2, 3));
    assert!(format!("{v:?}").starts_with("Wrapper { inner: Ok(Point"));
    round_trip(&Wrapper { inner: "s".to_string(), seq: 0 });
    round_trip(&Wrapper { inner: Color::Blue, seq: 1 });
    let p = Pair { a: 1u64, b: vec!["x".to_string()], c: Some(Box::new(Pair { a: 2, b: vec![], c: None })) };
    let bytes = round_trip(&p);
    assert_eq!(zerowire::view::<Pair<u64, String>>(&bytes).unwrap().c().unwrap().unwrap().a(), 2);
    round_trip(&Fixed::<3> { data: [1, 2, 3], tail: 4 });
    round_trip(&Fixed::<2, String> { data: [0, 1], tail: "t".into() });
    // A list of generic messages.
    round_trip(&Wrapper { inner: vec![Wrapper { inner: 1u8, seq: 2 }], seq: 3 });
}

// --- attributes -----------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
#[zerowire(rename = "acme.Config", view = "ConfigReader")]
pub struct Config {
    #[zerowire(ordinal = 2)]
    pub name: String,
    #[zerowire(ordinal = 0, default = 8080)]
    pub port: u16,
    #[zerowire(ordinal = 1, default = true)]
    pub enabled: bool,
    #[zerowire(ordinal = 3, default = -1.5)]
    pub scale: f64,
    #[zerowire(ordinal = 4, default = Color::Green)]
    pub color: Color,
    #[zerowire(ordinal = 5, deprecated)]
    pub old: u32,
    #[zerowire(ordinal = 6, rename = "ttl_seconds", json_name = "ttl")]
    pub ttl: u32,
}

#[derive(zerowire::Message)]
pub struct Unit;

#[derive(Debug, PartialEq, zerowire::Message)]
pub struct Empty {}

#[derive(Debug, PartialEq, Default, zerowire::Message)]
pub struct OnlyDeprecated {
    #[zerowire(deprecated)]
    pub gone: String,
}

#[test]
fn attributes() {
    assert_eq!(Config::NAME, "acme.Config");
    let f: Vec<(&str, &str, &str, u16, bool)> =
        Config::FIELDS.iter().map(|f| (f.ident, f.name, f.json_name, f.ordinal, f.deprecated)).collect();
    assert_eq!(
        f,
        [
            ("port", "port", "port", 0, false),
            ("enabled", "enabled", "enabled", 1, false),
            ("name", "name", "name", 2, false),
            ("scale", "scale", "scale", 3, false),
            ("color", "color", "color", 4, false),
            ("old", "old", "old", 5, true),
            ("ttl", "ttl_seconds", "ttl", 6, false),
        ]
    );
    // Wire order is ordinal order: port (u16) first, then the bool's bit byte.
    let defaults = Config { port: 8080, enabled: true, scale: -1.5, color: Color::Green, ..Default::default() };
    // Stored XORed with the declared default: 1 ^ 8080 = 0x1f91, false ^ true = bit set.
    let c = Config { port: 1, enabled: false, ..defaults.clone() };
    assert_eq!(zerowire::encode(&c), [9, 0, 0, 0, 3, 0, 0x91, 0x1f, 0x01]);
    assert_eq!(zerowire::encode(&defaults).len(), 6, "declared defaults are trimmed");
    let r: ConfigReader<'_> = zerowire::view::<Config>(&[6, 0, 0, 0, 0, 0]).unwrap();
    assert_eq!((r.port(), r.enabled(), r.scale(), r.color()), (8080, true, -1.5, Color::Green));
    assert_eq!(zerowire::decode::<Config>(&[6, 0, 0, 0, 0, 0]).unwrap(), defaults);
    let full = Config { name: "n".into(), old: 9, ttl: 5, port: 0, enabled: false, ..defaults };
    let back = zerowire::decode::<Config>(&zerowire::encode(&full)).unwrap();
    assert_eq!(back, Config { old: 0, ..full.clone() });
    assert!(format!("{:?}", zerowire::view::<Config>(&zerowire::encode(&full)).unwrap()).contains("ttl_seconds: 5"));

    assert_eq!(zerowire::encode(&Unit), [6, 0, 0, 0, 0, 0]);
    assert!(zerowire::decode::<Unit>(&[6, 0, 0, 0, 0, 0]).is_ok());
    round_trip(&Empty {});
    let o = OnlyDeprecated { gone: "x".into() };
    assert_eq!(zerowire::encode(&o), [6, 0, 0, 0, 0, 0]);
    assert_eq!(<OnlyDeprecated as Message>::DATA_LEN, 4);
}
