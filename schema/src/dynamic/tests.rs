//! The run-time codec against the bytes of FORMAT.md's worked examples and
//! against `zerowire::encode` of equivalent derived types.

use std::collections::BTreeMap;

use super::*;
use crate::ir::*;

fn field(name: &str, ordinal: u16, ty: Type) -> FieldDef {
    FieldDef {
        name: name.into(),
        json_name: None,
        ordinal,
        ty,
        default: None,
        deprecated: false,
        doc: vec![],
        span: Span::default(),
        ty_span: Span::default(),
    }
}

fn message(name: &str, fields: Vec<(&str, Type)>) -> MessageDef {
    MessageDef {
        full_name: format!("t.{name}"),
        name: name.into(),
        doc: vec![],
        type_id: zerowire::meta::type_id(&format!("t.{name}")),
        type_id_explicit: false,
        fields: fields.into_iter().enumerate().map(|(i, (n, t))| field(n, i as u16, t)).collect(),
        span: Span::default(),
    }
}

fn arm(name: &str, tag: u16, ty: Option<Type>, default: bool) -> ArmDef {
    ArmDef { name: name.into(), tag, ty, default, doc: vec![], span: Span::default() }
}

/// FORMAT.md 13.5's `Sample`, `Point` and `Payload`, plus extras.
fn schema() -> Schema {
    let point = message("Point", vec![("x", Type::I32), ("y", Type::I32)]);
    let sample = message(
        "Sample",
        vec![
            ("ok", Type::Bool),
            ("level", Type::Optional(Box::new(Type::U8))),
            ("points", Type::List(Box::new(Type::Message(0)))),
            ("scores", Type::Map(Box::new(Type::String), Box::new(Type::U32))),
            ("payload", Type::Union(0)),
        ],
    );
    let mut extra = message(
        "Extra",
        vec![
            ("qty", Type::U32),
            ("on", Type::Bool),
            ("side", Type::Enum(0)),
            ("big", Type::U64),
            ("ratio", Type::F64),
            ("f", Type::F32),
            ("c", Type::Char),
            ("blob", Type::Bytes),
            ("note", Type::Optional(Box::new(Type::String))),
            ("arr", Type::Array(Box::new(Type::U8), 4)),
            ("by_side", Type::Map(Box::new(Type::Enum(0)), Box::new(Type::I16))),
            ("matrix", Type::List(Box::new(Type::List(Box::new(Type::U32))))),
            ("lines", Type::List(Box::new(Type::Optional(Box::new(Type::String))))),
            ("payloads", Type::List(Box::new(Type::Union(0)))),
            ("maybe", Type::Optional(Box::new(Type::Union(0)))),
            ("next", Type::Optional(Box::new(Type::Message(2)))),
            ("old", Type::String),
        ],
    );
    extra.fields[0].default = Some(Value::Int(7));
    extra.fields[1].default = Some(Value::Bool(true));
    extra.fields[2].default = Some(Value::Enum(1));
    extra.fields[4].default = Some(Value::Float(-1.5));
    extra.fields[3].json_name = Some("bigNumber".into());
    extra.fields[16].deprecated = true;
    Schema {
        messages: vec![point, sample, extra],
        unions: vec![UnionDef {
            full_name: "t.Payload".into(),
            name: "Payload".into(),
            doc: vec![],
            arms: vec![
                arm("text", 1, Some(Type::String), false),
                arm("count", 2, Some(Type::U32), false),
                arm("point", 3, Some(Type::Message(0)), false),
                arm("flag", 4, Some(Type::Bool), false),
                arm("nothing", 5, None, true),
            ],
            span: Span::default(),
        }],
        enums: vec![EnumDef {
            full_name: "t.Side".into(),
            name: "Side".into(),
            doc: vec![],
            repr: EnumRepr::U8,
            variants: ["BUY", "SELL"]
                .iter()
                .enumerate()
                .map(|(i, n)| VariantDef { name: n.to_string(), value: i as u32, doc: vec![], span: Span::default() })
                .collect(),
            span: Span::default(),
        }],
        ..Schema::default()
    }
}

#[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
struct Point {
    x: i32,
    y: i32,
}

#[derive(Debug, Clone, PartialEq, Default, zerowire::Union)]
enum Payload {
    #[zerowire(rename = "text")]
    Text(String),
    #[zerowire(rename = "count")]
    Count(u32),
    #[zerowire(rename = "point")]
    Point(Point),
    #[zerowire(rename = "flag")]
    Flag(bool),
    #[default]
    #[zerowire(rename = "nothing")]
    Nothing,
    #[zerowire(unknown)]
    Unknown(u16),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, zerowire::Enum)]
#[zerowire(repr = "u8")]
enum Side {
    #[zerowire(rename = "BUY")]
    Buy,
    #[zerowire(rename = "SELL")]
    Sell,
    #[zerowire(unknown)]
    Unknown(u8),
}

#[derive(Debug, Clone, PartialEq, zerowire::Message)]
struct Sample {
    ok: bool,
    level: Option<u8>,
    points: Vec<Point>,
    scores: BTreeMap<String, u32>,
    payload: Payload,
}

#[derive(Debug, Clone, PartialEq, zerowire::Message)]
struct Extra {
    #[zerowire(default = 7)]
    qty: u32,
    #[zerowire(default = true)]
    on: bool,
    #[zerowire(default = Side::Sell)]
    side: Side,
    big: u64,
    #[zerowire(default = -1.5)]
    ratio: f64,
    f: f32,
    c: char,
    blob: Vec<u8>,
    note: Option<String>,
    arr: [u8; 4],
    by_side: BTreeMap<Side, i16>,
    matrix: Vec<Vec<u32>>,
    lines: Vec<Option<String>>,
    payloads: Vec<Payload>,
    maybe: Option<Payload>,
    next: Option<Box<Extra>>,
    #[zerowire(deprecated)]
    old: String,
}

fn extra() -> Extra {
    Extra {
        qty: 7,
        on: false,
        side: Side::Buy,
        big: u64::MAX,
        ratio: 0.1,
        f: 1.5e-7,
        c: 'é',
        blob: vec![0, 1, 2, 255],
        note: Some(String::new()),
        arr: [1, 2, 3, 4],
        by_side: [(Side::Sell, -3), (Side::Buy, 4), (Side::Unknown(9), 5)].into(),
        matrix: vec![vec![], vec![1, 2]],
        lines: vec![None, Some(String::new()), Some("x\n\"y".into())],
        payloads: vec![Payload::Nothing, Payload::Count(0), Payload::Point(Point::default()), Payload::Flag(true)],
        maybe: Some(Payload::Nothing),
        next: Some(Box::new(Extra {
            qty: 1,
            on: true,
            side: Side::Unknown(200),
            big: 0,
            ratio: f64::NAN,
            f: f32::NEG_INFINITY,
            c: '\0',
            blob: vec![],
            note: None,
            arr: [0; 4],
            by_side: BTreeMap::new(),
            matrix: vec![],
            lines: vec![],
            payloads: vec![],
            maybe: None,
            next: None,
            old: String::new(),
        })),
        old: String::new(),
    }
}

fn sample() -> Sample {
    Sample {
        ok: true,
        level: Some(3),
        points: vec![Point { x: 1, y: 2 }, Point::default()],
        scores: [("a".to_string(), 1)].into(),
        payload: Payload::Count(5),
    }
}

#[test]
fn sample_of_section_13_5_decodes_and_encodes() {
    let s = schema();
    let c = Codec::new(&s);
    let m = c.message("Sample").unwrap();
    let bytes = zerowire::encode(&sample());
    let json = c.decode_json(m, &bytes).unwrap();
    assert_eq!(
        json,
        r#"{"ok":true,"level":3,"points":[{"x":1,"y":2},{"x":0,"y":0}],"scores":{"a":1},"payload":{"count":5}}"#
    );
    assert_eq!(c.encode_json(m, &json).unwrap(), bytes);
}

#[test]
fn every_feature_matches_the_derive() {
    let s = schema();
    let c = Codec::new(&s);
    let m = c.message("t.Extra").unwrap();
    let value = extra();
    let bytes = zerowire::encode(&value);
    let json = c.decode_json(m, &bytes).unwrap();
    assert_eq!(
        json,
        concat!(
            r#"{"qty":7,"on":false,"side":"BUY","bigNumber":"18446744073709551615","ratio":0.1,"f":1.5e-7,"c":"é","#,
            r#""blob":"AAEC/w==","note":"","arr":"AQIDBA==","by_side":{"BUY":4,"SELL":-3,"9":5},"matrix":[[],[1,2]],"#,
            r#""lines":[null,"","x\n\"y"],"payloads":[{"nothing":null},{"count":0},{"point":{"x":0,"y":0}},{"flag":true}],"#,
            r#""maybe":{"nothing":null},"next":{"qty":1,"on":true,"side":200,"bigNumber":"0","ratio":"NaN","f":"-Infinity","#,
            r#""c":"\u0000","blob":"","arr":"AAAAAA==","by_side":{},"matrix":[],"lines":[],"payloads":[]}}"#
        )
    );
    assert_eq!(c.encode_json(m, &json).unwrap(), bytes);
    // And the default value: the all-zero message.
    let empty = c.encode_json(m, "{}").unwrap();
    assert_eq!(empty, [6, 0, 0, 0, 0, 0]);
    assert_eq!(zerowire::decode::<Extra>(&empty).unwrap().qty, 7);
}

#[test]
fn input_rules() {
    let s = schema();
    let c = Codec::new(&s);
    let m = c.message("t.Extra").unwrap();
    let ok = |j: &str| c.encode_json(m, j).map(|b| zerowire::decode::<Extra>(&b).unwrap());
    assert_eq!(ok(r#"{"big": 42}"#).unwrap().big, 42);
    assert_eq!(ok(r#"{"big": "42", "qty": "5"}"#).unwrap().qty, 5);
    assert_eq!(ok(r#"{"ratio": "Infinity"}"#).unwrap().ratio, f64::INFINITY);
    assert_eq!(ok(r#"{"side": 1}"#).unwrap().side, Side::Sell);
    assert_eq!(ok(r#"{"side": 77}"#).unwrap().side, Side::Unknown(77));
    assert_eq!(ok(r#"{"blob": "-_8"}"#).unwrap().blob, vec![0xfb, 0xff]);
    assert_eq!(ok(r#"{"maybe": {"2": 9}}"#).unwrap().maybe, Some(Payload::Count(9)));
    assert_eq!(ok(r#"{"maybe": {"99": null}}"#).unwrap().maybe, Some(Payload::Unknown(99)));
    assert_eq!(ok(r#"{"unknown": [1, {"a": 2}], "old": "ignored"}"#).unwrap().old, "");
    for bad in [
        r#"{"qty": 1.5}"#,
        r#"{"qty": -1}"#,
        r#"{"qty": 1, "qty": 2}"#,
        r#"{"big": 1, "bigNumber": 2}"#,
        r#"{"f": 1e300}"#,
        r#"{"side": "LEFT"}"#,
        r#"{"c": "ab"}"#,
        r#"{"arr": "AQID"}"#,
        r#"{"maybe": {}}"#,
        r#"{"maybe": {"text": "a", "count": 1}}"#,
        r#"{"by_side": {"BUY": 1, "0": 2}}"#,
        r#"{"blob": "!!"}"#,
        r#"[1]"#,
        r#"{"qty": 1"#,
    ] {
        assert!(ok(bad).is_err(), "{bad} was accepted");
    }
}

#[test]
fn hostile_bytes_are_errors_not_panics() {
    let s = schema();
    let c = Codec::new(&s);
    let m = c.message("t.Extra").unwrap();
    let good = zerowire::encode(&extra());
    // Every truncation and every single-byte corruption: an error or a
    // valid message, never a panic, and the derive agrees on validity.
    for n in 0..good.len() {
        assert!(c.decode_json(m, &good[..n]).is_err());
    }
    for i in 0..good.len() {
        for x in [0x01, 0x80, 0xff] {
            let mut b = good.clone();
            b[i] ^= x;
            let dynamic = c.decode_json(m, &b);
            let derived = zerowire::validate::<Extra>(&b);
            assert_eq!(dynamic.is_ok(), derived.is_ok(), "byte {i} ^ {x:#x}: {dynamic:?} vs {derived:?}");
        }
    }
}

#[test]
fn depth_limit() {
    let s = schema();
    let c = Codec::with_limits(&s, zerowire::Limits { max_depth: 2, ..Default::default() });
    let m = c.message("t.Extra").unwrap();
    let mut v = extra();
    v.next.as_mut().unwrap().next = Some(Box::new(v.next.as_deref().unwrap().clone()));
    let bytes = zerowire::encode(&v);
    assert!(c.decode_json(m, &bytes).unwrap_err().message.contains("depth"));
    let deep = r#"{"next": {"next": {"qty": 1}}}"#;
    assert!(c.encode_json(m, deep).unwrap_err().message.contains("depth"));
}

#[test]
fn a_chain_of_union_payloads_is_bounded() {
    // union A { next : optional<B>; x : u8; }  union B { next : optional<A>; y : u8; }
    // message M { a @0 : A; }: every level a 6-byte payload section.
    let opt = |u| Some(Type::Optional(Box::new(Type::Union(u))));
    let union = |name: &str, other, x: &str| UnionDef {
        full_name: format!("t.{name}"),
        name: name.into(),
        doc: vec![],
        arms: vec![arm("next", 1, opt(other), false), arm(x, 2, Some(Type::U8), false)],
        span: Span::default(),
    };
    let s = Schema {
        messages: vec![message("M", vec![("a", Type::Union(0))])],
        unions: vec![union("A", 1, "x"), union("B", 0, "y")],
        ..Schema::default()
    };
    let c = Codec::new(&s);
    let m = c.message("M").unwrap();
    let chain = |levels: usize| {
        let mut body = Vec::new();
        for _ in 0..=levels {
            body.extend([1, 0, 4, 0, 0, 0]);
        }
        body.extend([2, 0, 4, 0, 0, 0, 5]);
        let mut msg = ((6 + body.len()) as u32).to_le_bytes().to_vec();
        msg.extend([6, 0]);
        msg.extend(body);
        msg
    };
    let json = c.decode_json(m, &chain(2)).unwrap();
    assert_eq!(json, r#"{"a":{"next":{"next":{"next":{"y":5}}}}}"#);
    assert_eq!(c.encode_json(m, &json).unwrap(), chain(2));
    let err = c.decode_json(m, &chain(100_000)).unwrap_err();
    assert!(err.message.contains("depth"), "{err}");
}

/// A small deterministic generator (no dependency for one test).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn random_json(r: &mut Rng, depth: u32) -> String {
    let keys = [
        "qty",
        "on",
        "side",
        "big",
        "bigNumber",
        "ratio",
        "f",
        "c",
        "blob",
        "note",
        "arr",
        "by_side",
        "matrix",
        "lines",
        "payloads",
        "maybe",
        "next",
        "old",
        "text",
        "count",
        "point",
        "flag",
        "nothing",
        "x",
        "y",
        "BUY",
        "7",
    ];
    match if depth > 4 { r.below(6) } else { r.below(9) } {
        0 => "null".into(),
        1 => ["true", "false"][r.below(2) as usize].into(),
        2 => [
            "0",
            "1",
            "-1",
            "255",
            "256",
            "65536",
            "1.5",
            "1e300",
            "-0.0",
            "18446744073709551615",
            "99999999999999999999",
        ][r.below(11) as usize]
            .into(),
        3 => ["\"\"", "\"a\"", "\"BUY\"", "\"NaN\"", "\"AAEC\"", "\"é\"", "\"12\"", "\"-_8\""][r.below(8) as usize]
            .into(),
        4 | 5 => format!("\"{}\"", keys[r.below(keys.len() as u64) as usize]),
        6 | 7 => {
            let n = r.below(4);
            let items: Vec<String> = (0..n)
                .map(|_| format!("\"{}\": {}", keys[r.below(keys.len() as u64) as usize], random_json(r, depth + 1)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        _ => {
            let n = r.below(4);
            let items: Vec<String> = (0..n).map(|_| random_json(r, depth + 1)).collect();
            format!("[{}]", items.join(", "))
        }
    }
}

#[test]
fn random_input_never_panics_and_accepted_json_round_trips() {
    let s = schema();
    let c = Codec::new(&s);
    let m = c.message("t.Extra").unwrap();
    let mut r = Rng(0x2545_f491_4f6c_dd1d);
    let mut accepted = 0;
    for _ in 0..20_000 {
        let json = random_json(&mut r, 0);
        if let Ok(bytes) = c.encode_json(m, &json) {
            accepted += 1;
            // What the codec writes, the derive reads, and it reads back the same.
            let decoded = zerowire::decode::<Extra>(&bytes).unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(zerowire::encode(&decoded), bytes, "{json}");
            let text = c.decode_json(m, &bytes).unwrap();
            assert_eq!(c.encode_json(m, &text).unwrap(), bytes, "{json}");
        }
        // Random bytes, with a plausible header now and then.
        let len = r.below(64) as usize;
        let mut b: Vec<u8> = (0..len).map(|_| r.next() as u8).collect();
        if len >= 6 && r.below(2) == 0 {
            b[..4].copy_from_slice(&(len as u32).to_le_bytes());
            b[4] = (r.below(len as u64 - 5)) as u8;
            b[5] = 0;
        }
        let dynamic = c.decode_json(m, &b);
        assert_eq!(dynamic.is_ok(), zerowire::validate::<Extra>(&b).is_ok(), "{b:?}: {dynamic:?}");
    }
    assert!(accepted > 1000, "the generator should produce valid documents too ({accepted})");
}

#[derive(Debug, Clone, PartialEq, zerowire::Message)]
struct PointV2 {
    x: i32,
    y: i32,
    label: String,
    extra: Vec<Payload>,
}

#[derive(Debug, Clone, PartialEq, zerowire::Union)]
enum PayloadV2 {
    Text(String),
    Count(u32),
    Point(Point),
    Flag(bool),
    Nothing,
    Later(Vec<u8>),
    #[zerowire(unknown)]
    Unknown(u16),
}

#[derive(Debug, Clone, PartialEq, zerowire::Message)]
struct SampleV2 {
    ok: bool,
    level: Option<u8>,
    points: Vec<PointV2>,
    scores: BTreeMap<String, u32>,
    payload: PayloadV2,
}

#[test]
fn newer_writers_are_read_as_the_derive_reads_them() {
    let s = schema();
    let c = Codec::new(&s);
    let m = c.message("Sample").unwrap();
    let newer = SampleV2 {
        ok: true,
        level: None,
        points: vec![PointV2 { x: 1, y: 2, label: "unknown to v1".into(), extra: vec![Payload::Count(1)] }],
        scores: BTreeMap::new(),
        payload: PayloadV2::Later(vec![1, 2, 3]),
    };
    let bytes = zerowire::encode(&newer);
    // Longer strides, unknown fields' children in the gaps, an unknown tag.
    let json = c.decode_json(m, &bytes).unwrap();
    assert_eq!(json, r#"{"ok":true,"points":[{"x":1,"y":2}],"scores":{},"payload":{"6":null}}"#);
    let old = zerowire::decode::<Sample>(&bytes).unwrap();
    assert_eq!(old.payload, Payload::Unknown(6));
    // Re-encoding what v1 knows gives what the derive writes for it.
    assert_eq!(c.encode_json(m, &json).unwrap(), zerowire::encode(&old));
}

#[test]
fn a_list_with_a_short_stride_reads_defaults() {
    // Sample.points with stride 1 (a hostile or older writer): every element
    // is one byte, each Point reads as its default.
    let s = schema();
    let c = Codec::new(&s);
    let m = c.message("Sample").unwrap();
    let n = 1000usize;
    let mut data = vec![0u8; 6];
    data[2..6].copy_from_slice(&4u32.to_le_bytes()); // points: ref at data 2 -> child at data 6
    let mut child = vec![0xe8, 0x07, 1, 0]; // count 1000, stride 1
    child.extend(vec![0u8; n]);
    let mut msg = ((6 + data.len() + child.len()) as u32).to_le_bytes().to_vec();
    msg.extend((data.len() as u16).to_le_bytes());
    msg.extend(&data);
    msg.extend(&child);
    assert_eq!(zerowire::decode::<Sample>(&msg).unwrap().points.len(), n);
    let mut out = Vec::new();
    c.write_json(m, &msg, &mut out).unwrap();
    let json = String::from_utf8(out).unwrap();
    assert_eq!(json.matches(r#"{"x":0,"y":0}"#).count(), n);
    assert_eq!(json, c.decode_json(m, &msg).unwrap());
}

/// Maps: the run-time codec refuses what the eager tier refuses (repeated
/// or unordered keys), writes keys in key order (enums by wire number, not
/// declaration order), and agrees byte for byte with the derive.
#[test]
fn maps_have_one_canonical_form() {
    let maps = message(
        "Maps",
        vec![
            ("m", Type::Map(Box::new(Type::U32), Box::new(Type::U32))),
            ("h", Type::Map(Box::new(Type::String), Box::new(Type::U8))),
            ("i", Type::Map(Box::new(Type::I16), Box::new(Type::U8))),
        ],
    );
    let s = Schema { messages: vec![maps], ..Schema::default() };
    let c = Codec::new(&s);
    let m = c.message("t.Maps").unwrap();
    // {1: 10, 1: 20}: the same bytes the derive's `validate` refuses.
    let dup = [0x1d, 0, 0, 0, 4, 0, 4, 0, 0, 0, 2, 8, 0, 1, 0, 0, 0, 0x0a, 0, 0, 0, 1, 0, 0, 0, 0x14, 0, 0, 0];
    let e = c.decode_json(m, &dup).unwrap_err();
    assert!(e.message.contains("repeated or out of order"), "{e}");
    assert_eq!(e.offset, Some(21));
    // Out of order: {2: 0, 1: 0}.
    let mut swapped = dup;
    swapped[13] = 2;
    assert!(c.decode_json(m, &swapped).unwrap_err().message.contains("out of order"));
    // Signed keys sort as signed, strings bytewise; JSON in any order.
    let bytes = c.encode_json(m, r#"{"i":{"5":1,"-3":2,"0":3},"h":{"b":1,"a":2,"ab":3},"m":{"7":1,"2":2}}"#).unwrap();
    assert_eq!(
        c.decode_json(m, &bytes).unwrap(),
        r#"{"m":{"2":2,"7":1},"h":{"a":2,"ab":3,"b":1},"i":{"-3":2,"0":3,"5":1}}"#
    );
    #[derive(zerowire::Message)]
    struct Maps {
        m: BTreeMap<u32, u32>,
        h: std::collections::HashMap<String, u8>,
        i: BTreeMap<i16, u8>,
    }
    let derived = Maps {
        m: [(7, 1), (2, 2)].into(),
        h: [("b".into(), 1), ("a".into(), 2), ("ab".into(), 3)].into(),
        i: [(5, 1), (-3, 2), (0, 3)].into(),
    };
    assert_eq!(zerowire::encode(&derived), bytes);
    assert!(zerowire::validate::<Maps>(&dup).is_err());
}

/// The JSON `decode_json` holds in memory is bounded by the input's memory
/// budget (64 KiB of stride-0 elements whose JSON is kilobytes each);
/// `write_json` streams the same message.
#[test]
fn decode_json_is_bounded_by_the_input() {
    let big = message("Big", vec![("data", Type::Array(Box::new(Type::U64), 512))]);
    let list = message("BigList", vec![("items", Type::List(Box::new(Type::Message(0))))]);
    let s = Schema { messages: vec![big, list], ..Schema::default() };
    let c = Codec::new(&s);
    let m = c.message("t.BigList").unwrap();
    let craft = |n: usize| {
        let mut b = vec![0, 0, 0, 0, 4, 0, 4, 0, 0, 0];
        let mut k = n as u32;
        while k >= 0x80 {
            b.push(k as u8 | 0x80);
            k >>= 7;
        }
        b.push(k as u8);
        b.extend_from_slice(&[0, 0]);
        b.resize(b.len() + n, 0);
        let size = b.len() as u32;
        b[..4].copy_from_slice(&size.to_le_bytes());
        b
    };
    let hostile = craft(64 << 10);
    let e = c.decode_json(m, &hostile).unwrap_err();
    assert!(e.message.contains("memory budget"), "{e}");
    let mut sink = std::io::sink();
    c.write_json(m, &hostile, &mut sink).unwrap();
    let few = craft(3);
    let text = c.decode_json(m, &few).unwrap();
    assert_eq!(text.matches("\"data\"").count(), 3);
}

#[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
struct DNode {
    name: String,
    next: Option<Box<DNode>>,
    kids: Vec<DNode>,
    map: BTreeMap<u32, DNode>,
    arm: DArm,
}

#[derive(Debug, Clone, PartialEq, zerowire::Union)]
enum DArm {
    #[zerowire(rename = "leaf")]
    Leaf(u32),
    #[zerowire(rename = "node")]
    Node(Box<DNode>),
}

impl Default for DArm {
    fn default() -> Self {
        DArm::Leaf(0)
    }
}

/// `DNode` as a schema: every nesting construct of FORMAT.md 11.3.
fn nodes() -> Schema {
    let node = message(
        "Node",
        vec![
            ("name", Type::String),
            ("next", Type::Optional(Box::new(Type::Message(0)))),
            ("kids", Type::List(Box::new(Type::Message(0)))),
            ("map", Type::Map(Box::new(Type::U32), Box::new(Type::Message(0)))),
            ("arm", Type::Union(0)),
        ],
    );
    Schema {
        messages: vec![node],
        unions: vec![UnionDef {
            full_name: "t.Arm".into(),
            name: "Arm".into(),
            doc: vec![],
            arms: vec![arm("leaf", 1, Some(Type::U32), true), arm("node", 2, Some(Type::Message(0)), false)],
            span: Span::default(),
        }],
        ..Schema::default()
    }
}

/// A chain of `steps` steps of construct `c` (0 next, 1 kids, 2 map value,
/// 3 union arm) and the depth it reaches (the root is 1; a map adds the map
/// and its value message).
fn node_chain(c: usize, steps: u32) -> (DNode, u32) {
    let mut n = DNode { name: "leaf".into(), ..DNode::default() };
    for i in 0..steps {
        let inner = n;
        n = DNode { name: format!("{i}"), ..DNode::default() };
        match c {
            0 => n.next = Some(Box::new(inner)),
            1 => n.kids = vec![inner],
            2 => n.map = [(i, inner)].into(),
            _ => n.arm = DArm::Node(Box::new(inner)),
        }
    }
    (n, 1 + steps * if c == 2 { 2 } else { 1 })
}

/// Depth is one rule on every path: at the limit, the run-time codec reads
/// what the derive wrote (binary and JSON) and writes the same bytes and
/// text; one level past it, every path refuses.
#[test]
fn depth_is_one_rule_for_the_derive_and_the_run_time_codec() {
    let s = nodes();
    let c = Codec::new(&s);
    let m = c.message("t.Node").unwrap();
    let max = zerowire::Limits::DEFAULT_MAX_DEPTH;
    for construct in 0..4 {
        let per = if construct == 2 { 2 } else { 1 };
        let (at, depth) = node_chain(construct, (max - 1) / per);
        assert!(depth <= max && depth + per > max);
        let bytes = zerowire::encode(&at);
        let text = zerowire::json::to_vec(&at).unwrap();
        assert_eq!(c.decode_json(m, &bytes).unwrap().as_bytes(), text, "construct {construct}");
        assert_eq!(c.encode_json(m, std::str::from_utf8(&text).unwrap()).unwrap(), bytes, "construct {construct}");
        assert_eq!(zerowire::json::json_to_binary::<DNode>(&text).unwrap(), bytes, "construct {construct}");
        let (past, _) = node_chain(construct, (max - 1) / per + 1);
        let past_bytes = zerowire::encode(&past);
        let past_text = zerowire::json::to_vec(&past).unwrap();
        assert!(zerowire::validate::<DNode>(&past_bytes).is_err(), "construct {construct}");
        assert!(c.decode_json(m, &past_bytes).is_err(), "construct {construct}");
        assert!(zerowire::json::json_to_binary::<DNode>(&past_text).is_err(), "construct {construct}");
        assert!(c.encode_json(m, std::str::from_utf8(&past_text).unwrap()).is_err(), "construct {construct}");
    }
}

/// `encode --frames` parses its stream with the same nesting bound as
/// `encode_json`: deeper than serde_json's 128 is fine, past the codec's
/// own bound is an error, never a stack overflow.
#[test]
fn json_streams_nest_as_deep_as_single_documents() {
    let doc = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
    let text = format!("{} {}", doc(200), doc(3));
    let parsed: Vec<_> = parse_json_stream(&text).collect();
    assert_eq!(parsed.len(), 2);
    assert!(parsed.iter().all(Result::is_ok));
    let deep = doc(100_000);
    assert!(parse_json_stream(&deep).next().unwrap().is_err());
}

/// Encodes `json` as a `t.Extra` with the run-time codec and reads it with
/// the derive's reference (serde_json) reader; both must fail, at the same
/// line and column, in the same field. Returns the codec's error text.
fn data_error_agrees_with_the_derive(json: &str) -> String {
    let s = schema();
    let c = Codec::new(&s);
    let dynamic = c.encode_json(c.message("t.Extra").unwrap(), json).unwrap_err();
    let derived = zerowire::json::reference::from_slice::<Extra>(json.as_bytes()).unwrap_err();
    assert_eq!(derived.kind(), zerowire::json::ErrorKind::Data, "{derived}");
    let at = dynamic.json_at.expect("a data error has a position");
    assert_eq!((Some(at.line), Some(at.column)), (derived.line(), derived.column()), "{dynamic} vs {derived}");
    let (_, field) = derived.field().expect("the derive names the field");
    // The codec's path goes on into elements and map keys: `t.Extra.by_side["LEFT"]`.
    let last = dynamic.path.rsplit('.').next().and_then(|s| s.split('[').next());
    assert_eq!(last, Some(field), "{dynamic} vs {derived}");
    dynamic.to_string()
}

#[test]
fn json_data_errors_give_the_field_and_its_line_and_column() {
    let deep =
        "{\n  \"qty\": 1,\n  \"next\": {\n    \"next\": {\n      \"on\": false,\n      \"qty\": true\n    }\n  }\n}";
    insta::assert_snapshot!("wrong_type_deep", data_error_agrees_with_the_derive(deep));
    let array = "{\"next\": {\n  \"next\": {\"f\": 1.5, \"ratio\": [1]}}}";
    insta::assert_snapshot!("wrong_type_array", data_error_agrees_with_the_derive(array));
    let name = "{\n  \"next\": {\"side\": \"SELL\"},\n  \"side\": \"LEFT\"\n}";
    insta::assert_snapshot!("bad_enum_name", data_error_agrees_with_the_derive(name));
    let range = "{\"payloads\": [], \"next\": {\n\t\"qty\": 4294967296}}";
    insta::assert_snapshot!("out_of_range", data_error_agrees_with_the_derive(range));
    let key = "{\"by_side\": {\"BUY\": 1,\n  \"LEFT\": 2}}";
    insta::assert_snapshot!("bad_enum_key", data_error_agrees_with_the_derive(key));
    let arm = "{\"payloads\": [{\"count\": 1},\n {\"nope\": 2}]}";
    insta::assert_snapshot!("bad_union_arm", data_error_agrees_with_the_derive(arm));
}

/// Positions in a stream count from the start of the whole text, and a
/// syntax error keeps serde_json's position apart from its message.
#[test]
fn json_positions_in_streams_and_syntax_errors() {
    let s = schema();
    let c = Codec::new(&s);
    let m = c.message("t.Extra").unwrap();
    let text = "{\"qty\": 1}\n{\"qty\": 2}\n\n  {\"qty\": -3}";
    let errs: Vec<_> = parse_json_stream(text).map(|d| d.and_then(|d| c.encode_value(m, &d))).collect();
    assert!(errs[0].is_ok() && errs[1].is_ok());
    let e = errs[2].as_ref().unwrap_err();
    assert_eq!(e.json_at, Some(TextPos { line: 4, column: 12 }), "{e}");
    let e = c.encode_json(m, "{\"qty\": 1,\n }").unwrap_err();
    assert_eq!(e.json_at, Some(TextPos { line: 2, column: 2 }), "{e}");
    assert_eq!(e.to_string(), "trailing comma at line 2 column 2 (in t.Extra)");
}
