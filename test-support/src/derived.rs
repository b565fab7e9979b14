//! Derived types that use every field type and attribute, and a sample
//! value of each: shared by the derive round-trip tests and the JSON tests.
#![allow(dead_code, missing_docs, unreachable_pub)]

use std::collections::{BTreeMap, HashMap};

/// Explicit Rust discriminants on an enum with a data arm need a `repr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, zerowire::Enum)]
#[repr(u16)]
pub enum Color {
    #[default]
    Red,
    Green,
    #[zerowire(rename = "BLUE")]
    Blue = 7,
    Cyan,
    #[zerowire(unknown)]
    Unknown(u16),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, zerowire::Enum)]
#[zerowire(repr = "u8")]
pub enum Small {
    #[default]
    A,
    #[zerowire(value = 200)]
    B,
    #[zerowire(unknown)]
    Other(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, zerowire::Enum)]
#[zerowire(repr = "u32", rename = "big.Big")]
pub enum Big {
    #[default]
    Zero,
    #[zerowire(value = 4000000000)]
    Huge,
    #[zerowire(unknown)]
    Unknown(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Default, zerowire::Struct)]
pub struct Vec3 {
    pub x: f32,
    pub y: f32,
    pub z: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, zerowire::Struct)]
pub struct Segment {
    pub from: Vec3,
    pub to: Vec3,
    pub color: Color,
    pub visible: bool,
    pub label: char,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, zerowire::Struct)]
pub struct Uuid(pub [u8; 16]);

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, zerowire::Message)]
pub struct Point {
    pub x: i32,
    pub y: i32,
}

#[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
pub struct Node {
    pub value: u32,
    pub children: Vec<Node>,
    pub next: Option<Box<Node>>,
    pub boxed: Box<Point>,
}

#[derive(Debug, Clone, PartialEq, zerowire::Union)]
pub enum Payload {
    Text(String),
    Count(u32),
    Point(Point),
    Flag(bool),
    Segment(Segment),
    Color(Color),
    List(Vec<String>),
    Nothing,
    #[zerowire(unknown)]
    Unknown(u16),
}

/// No unit arm: the marked arm is the default, stored as tag 0.
#[derive(Debug, Clone, PartialEq, zerowire::Union)]
pub enum Shape {
    Circle(f64),
    #[zerowire(default)]
    Square(f64),
    Named(String),
}

/// No unknown arm: unknown tags are errors.
#[derive(Debug, Clone, PartialEq, Default, zerowire::Union)]
pub enum Closed {
    #[default]
    Off,
    On(u8),
}

/// Unit arms only, with the std `#[default]` marking the default arm.
#[derive(Debug, Clone, Copy, PartialEq, Default, zerowire::Union)]
pub enum Mode {
    Fast,
    #[default]
    Slow,
    #[zerowire(unknown)]
    Unknown(u16),
}

#[derive(Debug, Clone, PartialEq, zerowire::Message)]
pub struct All {
    pub flag: bool,
    pub u8_: u8,
    pub u16_: u16,
    pub u32_: u32,
    pub u64_: u64,
    pub i8_: i8,
    pub i16_: i16,
    pub i32_: i32,
    pub i64_: i64,
    pub f32_: f32,
    pub f64_: f64,
    pub ch: char,
    pub text: String,
    pub blob: Vec<u8>,
    pub shared: bytes::Bytes,
    pub arr: [u8; 4],
    pub arr16: [i16; 3],
    pub bools: Vec<bool>,
    pub ints: Vec<i64>,
    pub strings: Vec<String>,
    pub points: Vec<Point>,
    pub colors: Vec<Color>,
    pub payloads: Vec<Payload>,
    pub segments: Vec<Segment>,
    pub uuids: Vec<Uuid>,
    pub nested: Vec<Vec<u32>>,
    pub blobs: Vec<Vec<u8>>,
    pub opt_u64: Option<u64>,
    pub opt_bool: Option<bool>,
    pub opt_text: Option<String>,
    pub opt_point: Option<Point>,
    pub opt_color: Option<Color>,
    pub opt_payload: Option<Payload>,
    pub opt_segment: Option<Segment>,
    pub opt_list: Option<Vec<u32>>,
    pub point: Point,
    pub node: Node,
    pub boxed: Box<Point>,
    pub hmap: HashMap<String, Point>,
    pub bmap: BTreeMap<u32, String>,
    pub emap: BTreeMap<Color, Vec<u8>>,
    pub color: Color,
    pub small: Small,
    pub big: Big,
    pub segment: Segment,
    pub uuid: Uuid,
    pub payload: Payload,
    pub shape: Shape,
    pub closed: Closed,
    pub mode: Mode,
    pub r#type: u8,
}

pub fn sample() -> All {
    let seg = Segment {
        from: Vec3 { x: 1.0, y: 2.0, z: 3.0 },
        to: Vec3 { x: -1.0, y: 0.5, z: 9.0 },
        color: Color::Blue,
        visible: true,
        label: 'λ',
    };
    All {
        flag: true,
        u8_: 1,
        u16_: 2,
        u32_: 3,
        u64_: u64::MAX,
        i8_: -1,
        i16_: -2,
        i32_: -3,
        i64_: i64::MIN,
        f32_: 1.5,
        f64_: -0.25,
        ch: '∑',
        text: "text".into(),
        blob: vec![1, 2, 3],
        shared: bytes::Bytes::from_static(b"shared"),
        arr: [9, 8, 7, 6],
        arr16: [-1, 0, 1],
        bools: vec![true, false],
        ints: vec![-5, 5],
        strings: vec!["a".into(), String::new()],
        points: vec![Point { x: 1, y: 2 }, Point::default()],
        colors: vec![Color::Green, Color::Cyan, Color::Unknown(99)],
        payloads: vec![
            Payload::Text("t".into()),
            Payload::Count(4),
            Payload::Point(Point { x: 5, y: 6 }),
            Payload::Flag(true),
            Payload::Segment(seg),
            Payload::Color(Color::Cyan),
            Payload::List(vec!["x".into()]),
            Payload::Nothing,
            Payload::Unknown(1000),
        ],
        segments: vec![seg, Segment::default()],
        uuids: vec![Uuid([1; 16]), Uuid([2; 16])],
        nested: vec![vec![1], vec![], vec![2, 3]],
        blobs: vec![vec![0xff], vec![]],
        opt_u64: Some(0),
        opt_bool: Some(false),
        opt_text: Some(String::new()),
        opt_point: Some(Point::default()),
        opt_color: Some(Color::Red),
        opt_payload: Some(Payload::Nothing),
        opt_segment: Some(seg),
        opt_list: Some(vec![]),
        point: Point { x: -7, y: 7 },
        node: Node {
            value: 1,
            children: vec![Node { value: 2, ..Default::default() }],
            next: Some(Box::new(Node { value: 3, boxed: Box::new(Point { x: 3, y: 3 }), ..Default::default() })),
            boxed: Box::new(Point { x: 1, y: 1 }),
        },
        boxed: Box::new(Point { x: 8, y: 9 }),
        hmap: [("k".to_string(), Point { x: 1, y: 0 }), ("j".to_string(), Point::default())].into(),
        bmap: [(2, "two".to_string()), (1, "one".to_string())].into(),
        emap: [(Color::Blue, vec![7]), (Color::Red, vec![])].into(),
        color: Color::Blue,
        small: Small::B,
        big: Big::Huge,
        segment: seg,
        uuid: Uuid(*b"0123456789abcdef"),
        payload: Payload::Segment(seg),
        shape: Shape::Circle(2.0),
        closed: Closed::On(3),
        mode: Mode::Fast,
        r#type: 42,
    }
}
