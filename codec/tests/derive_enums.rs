//! Derived enums beyond the open default: closed enums (an unknown number
//! is invalid data), wire numbers through `meta::EnumValue`, `rename_all`;
//! and accessors named like conventional methods, which this file compiles
//! under clippy with warnings denied.
#![allow(missing_docs, unreachable_pub)]

use std::collections::BTreeMap;

use zerowire::ErrorKind;
use zerowire::meta::{EnumValue, Variants};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, zerowire::Enum)]
#[zerowire(closed, rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Color {
    #[default]
    DeepRed,
    #[zerowire(rename = "green")]
    Green,
    SkyBlue = 7,
}

/// The same numbers, open: writes what `Color` refuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, zerowire::Enum)]
pub enum OpenColor {
    DeepRed,
    Green,
    #[zerowire(value = 7)]
    SkyBlue,
    #[zerowire(unknown)]
    Unknown(u16),
}

#[derive(Clone, Debug, PartialEq, Default, zerowire::Message)]
#[zerowire(rename_all = "camelCase")]
pub struct Paint {
    pub main_color: Option<Color>,
    pub palette: Vec<Color>,
    pub by_color: BTreeMap<Color, u8>,
    #[zerowire(json_name = "v")]
    pub layer_version: u8,
}

#[derive(Clone, Debug, PartialEq, Default, zerowire::Message)]
pub struct OpenPaint {
    pub main_color: Option<OpenColor>,
    pub palette: Vec<OpenColor>,
    pub by_color: BTreeMap<OpenColor, u8>,
    pub layer_version: u8,
}

#[derive(Clone, Debug, PartialEq, zerowire::Message)]
pub struct Plain {
    pub color: Color,
}

#[derive(Clone, Debug, PartialEq, zerowire::Message)]
pub struct OpenPlain {
    pub color: OpenColor,
}

#[test]
fn closed_enum_round_trips() {
    let p = Paint {
        main_color: Some(Color::SkyBlue),
        palette: vec![Color::Green, Color::DeepRed, Color::SkyBlue],
        by_color: [(Color::Green, 1), (Color::SkyBlue, 2)].into(),
        layer_version: 3,
    };
    let bytes = zerowire::encode(&p);
    zerowire::validate::<Paint>(&bytes).unwrap();
    assert_eq!(zerowire::decode::<Paint>(&bytes).unwrap(), p);
    let v = zerowire::view::<Paint>(&bytes).unwrap();
    assert_eq!(v.main_color(), Some(Color::SkyBlue));
    // The closed enum has the open one's wire form.
    let open = zerowire::decode::<OpenPaint>(&bytes).unwrap();
    assert_eq!(open.main_color, Some(OpenColor::SkyBlue));
    assert_eq!(open.palette, [OpenColor::Green, OpenColor::DeepRed, OpenColor::SkyBlue]);
}

#[test]
fn closed_enum_refuses_unknown_numbers_and_view_reads_value_zero() {
    // An unknown number in a plain field, an optional one, a list, a map key.
    let cases: Vec<Vec<u8>> = vec![
        zerowire::encode(&OpenPlain { color: OpenColor::Unknown(5) }),
        zerowire::encode(&OpenPaint { main_color: Some(OpenColor::Unknown(9)), ..Default::default() }),
        zerowire::encode(&OpenPaint { palette: vec![OpenColor::Green, OpenColor::Unknown(2)], ..Default::default() }),
        zerowire::encode(&OpenPaint { by_color: [(OpenColor::Unknown(300), 1)].into(), ..Default::default() }),
    ];
    let e = zerowire::validate::<Plain>(&cases[0]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnknownEnumValue);
    assert_eq!(e.field(), Some(("Plain", "color")));
    assert_eq!(zerowire::decode::<Plain>(&cases[0]).unwrap_err(), e);
    // The lazy view does not check: it reads the variant numbered 0.
    assert_eq!(zerowire::view::<Plain>(&cases[0]).unwrap().color(), Color::DeepRed);
    for bytes in &cases[1..] {
        let e = zerowire::validate::<Paint>(bytes).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnknownEnumValue, "{e}");
        assert_eq!(zerowire::decode::<Paint>(bytes).unwrap_err().kind(), ErrorKind::UnknownEnumValue);
    }
    assert_eq!(zerowire::view::<Paint>(&cases[1]).unwrap().main_color(), Some(Color::DeepRed));
    // Every named number is accepted, and an absent field reads as value 0.
    for c in [OpenColor::DeepRed, OpenColor::Green, OpenColor::SkyBlue] {
        let bytes = zerowire::encode(&OpenPlain { color: c });
        let got = zerowire::decode::<Plain>(&bytes).unwrap().color;
        assert_eq!(got.value(), c.value());
    }
}

#[test]
fn enum_value_gives_wire_numbers() {
    assert_eq!(Color::DeepRed.value(), 0);
    assert_eq!(Color::SkyBlue.value(), 7);
    assert_eq!(Color::from_value(7), Some(Color::SkyBlue));
    assert_eq!(Color::from_value(2), None);
    assert_eq!(OpenColor::from_value(2), Some(OpenColor::Unknown(2)));
    assert_eq!(OpenColor::Unknown(2).value(), 2);
    assert_eq!(OpenColor::from_value(u32::from(u16::MAX) + 1), None);
    // The numbers `Variants` lists are the ones `EnumValue` reads and writes.
    for v in Color::VARIANTS {
        assert_eq!(Color::from_value(v.value).map(EnumValue::value), Some(v.value));
    }
}

#[test]
fn rename_all_names_variants_and_json_keys() {
    let names: Vec<_> = Color::VARIANTS.iter().map(|v| v.name).collect();
    assert_eq!(names, ["DEEP_RED", "green", "SKY_BLUE"]);
    use zerowire::Message;
    let keys: Vec<_> = Paint::FIELDS.iter().map(|f| (f.name, f.json_name)).collect();
    assert_eq!(
        keys,
        [("main_color", "mainColor"), ("palette", "palette"), ("by_color", "byColor"), ("layer_version", "v")]
    );
}

#[cfg(feature = "serde")]
#[test]
fn closed_enum_and_rename_all_in_json() {
    use zerowire::json;
    let p = Paint { main_color: Some(Color::SkyBlue), palette: vec![Color::Green], ..Default::default() };
    let text = String::from_utf8(json::to_vec(&p).unwrap()).unwrap();
    assert!(text.contains(r#""mainColor":"SKY_BLUE""#), "{text}");
    assert!(text.contains(r#""palette":["green"]"#), "{text}");
    assert_eq!(json::from_slice::<Paint>(text.as_bytes()).unwrap(), p);
    // The field's name is accepted too, as for `json_name`.
    let by_name: Paint = json::from_slice(br#"{"main_color":"DEEP_RED"}"#).unwrap();
    assert_eq!(by_name.main_color, Some(Color::DeepRed));
    // A closed enum has no place for a name or number it does not know.
    assert!(json::from_slice::<Paint>(br#"{"mainColor":"PURPLE"}"#).is_err());
    assert!(json::from_slice::<Paint>(br#"{"mainColor":3}"#).is_err());
    assert_eq!(json::from_slice::<Paint>(br#"{"mainColor":7}"#).unwrap().main_color, Some(Color::SkyBlue));
}

/// Fields named like conventional methods: their accessors must not trip
/// clippy in the user's crate (`cargo clippy --all-targets -D warnings`
/// compiles this file).
#[derive(Clone, Debug, PartialEq, Default, zerowire::Message)]
pub struct MethodNames {
    pub to_be_displayed: u32,
    pub into_parts: String,
    pub as_bytes: u8,
    pub is_ready: u16,
    pub from_str: u8,
    pub new: u64,
    pub len: u64,
    pub to_string: String,
    pub next: u32,
    pub iter: u8,
    pub default: u8,
    pub clone: u8,
}

#[test]
fn accessors_named_like_methods_read_their_fields() {
    let m = MethodNames {
        to_be_displayed: 1,
        into_parts: "p".into(),
        as_bytes: 2,
        is_ready: 3,
        from_str: 4,
        new: 5,
        len: 6,
        to_string: "s".into(),
        next: 7,
        iter: 8,
        default: 9,
        clone: 10,
    };
    let bytes = zerowire::encode(&m);
    let v = zerowire::view::<MethodNames>(&bytes).unwrap();
    assert_eq!(
        (v.to_be_displayed(), v.into_parts().unwrap(), v.as_bytes(), v.is_ready(), v.from_str()),
        (1, "p", 2, 3, 4)
    );
    assert_eq!(
        (v.new(), v.len(), v.to_string().unwrap(), v.next(), v.iter(), v.default(), v.clone()),
        (5, 6, "s", 7, 8, 9, 10)
    );
    assert_eq!(zerowire::decode::<MethodNames>(&bytes).unwrap(), m);
}
