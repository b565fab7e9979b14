//! The derive against the hand-written reference impls of `common/mod.rs`
//! (`__message!` messages, the `Method` enum, the `Vec3` struct, the
//! `Payload` union): derived twins of those types must read and write
//! exactly the same bytes, on a full sample and on arbitrary values.

#![allow(unreachable_pub)]

use zerowire_test_support::common;

use arbitrary::{Arbitrary, Unstructured};
use proptest::prelude::*;
use zerowire::Message;

/// Derived twins of the reference types, field for field.
mod twin {
    #![allow(dead_code)]
    use std::collections::{BTreeMap, HashMap};

    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, zerowire::Enum)]
    pub enum Method {
        Get,
        Put,
        Post,
        #[zerowire(unknown)]
        Unknown(u16),
    }

    #[derive(Debug, Clone, Copy, PartialEq, zerowire::Struct)]
    pub struct Vec3 {
        pub x: f32,
        pub y: f32,
        pub z: f32,
    }

    #[derive(Debug, Clone, PartialEq, Eq, Default, zerowire::Message)]
    pub struct Point {
        pub x: i32,
        pub y: i32,
    }

    #[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
    pub struct Tree {
        pub value: u32,
        pub children: Vec<Tree>,
        pub next: Option<Box<Tree>>,
    }

    #[derive(Debug, Clone, PartialEq, zerowire::Union)]
    pub enum Payload {
        Text(String),
        Count(u32),
        Point(Point),
        Flag(bool),
        Nothing,
        #[zerowire(unknown)]
        Unknown(u16),
    }

    #[derive(Debug, Clone, PartialEq, zerowire::Message)]
    pub struct Everything {
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
        pub uuid: [u8; 16],
        pub position: [f32; 3],
        pub ints: Vec<u32>,
        pub floats: Vec<f64>,
        pub bools: Vec<bool>,
        pub strings: Vec<String>,
        pub points: Vec<Point>,
        pub method: Method,
        pub methods: Vec<Method>,
        pub opt_u32: Option<u32>,
        pub opt_flag: Option<bool>,
        pub opt_text: Option<String>,
        pub opt_point: Option<Point>,
        pub point: Point,
        pub vec3: Vec3,
        pub vec3s: Vec<Vec3>,
        pub map: BTreeMap<String, u64>,
        pub hmap: HashMap<u32, Point>,
        pub payload: Payload,
        pub opt_payload: Option<Payload>,
        pub nested: Vec<Vec<u16>>,
        pub opt_strings: Vec<Option<String>>,
        pub tree: Tree,
        pub flag2: bool,
    }
}

/// Reference bytes -> derived value -> bytes must be the identity, and the
/// reference must decode the derived bytes back to the original value.
fn check_same_bytes(reference: &common::Everything) {
    let bytes = zerowire::encode(reference);
    if let Err(e) = zerowire::validate::<common::Everything>(&bytes) {
        // Too deep for the default limits: both must say so.
        assert_eq!(zerowire::validate::<twin::Everything>(&bytes).unwrap_err(), e);
        return;
    }
    let derived: twin::Everything = zerowire::decode(&bytes).expect("the derived type decodes the reference bytes");
    let again = zerowire::encode(&derived);
    assert_eq!(again, bytes, "derived encoding differs from the reference");
    assert_eq!(zerowire::encoded_len(&derived), bytes.len());
    let back: common::Everything = zerowire::decode(&again).expect("the reference decodes the derived bytes");
    // Compared as bytes: arbitrary floats may be NaN.
    assert_eq!(zerowire::encode(&back), bytes);
}

#[test]
fn layouts_are_identical() {
    assert_eq!(<twin::Everything as Message>::DATA_LEN, <common::Everything as Message>::DATA_LEN);
    assert_eq!(<twin::Point as Message>::DATA_LEN, <common::Point as Message>::DATA_LEN);
    assert_eq!(<twin::Tree as Message>::DATA_LEN, <common::Tree as Message>::DATA_LEN);
    let names = |f: &[zerowire::meta::FieldInfo]| f.iter().map(|f| (f.name, f.ordinal)).collect::<Vec<_>>();
    assert_eq!(names(<twin::Everything as Message>::FIELDS), names(<common::Everything as Message>::FIELDS));
}

#[test]
fn sample_encodes_to_the_same_bytes() {
    check_same_bytes(&common::sample());
    check_same_bytes(&common::Everything::default());
}

#[test]
fn derived_views_read_the_reference_bytes() {
    let v = common::sample();
    let bytes = zerowire::encode(&v);
    let r = zerowire::validate::<twin::Everything>(&bytes).unwrap();
    assert_eq!(r.method(), twin::Method::Post);
    assert_eq!(r.methods().to_vec(), [twin::Method::Get, twin::Method::Unknown(99), twin::Method::Put]);
    assert_eq!(r.vec3(), twin::Vec3 { x: 0.1, y: 0.2, z: 0.3 });
    let wire: &[twin::Vec3Wire] = r.vec3s().as_wire();
    assert_eq!(wire[1].z.get(), 3.0);
    match r.payload() {
        twin::PayloadView::Point(p) => assert_eq!(p.x(), 5),
        other => panic!("wrong arm: {other:?}"),
    }
    assert!(matches!(r.opt_payload(), Some(twin::PayloadView::Count(77))));
    assert_eq!(r.tree().next().unwrap().value(), 4);
    assert_eq!(r.text(), v.text);
    // Debug of a validated view reads every field.
    let dbg = format!("{r:?}");
    assert!(dbg.starts_with("Everything { flag: true,"), "{dbg}");
}

#[test]
fn every_union_arm_and_enum_value_matches() {
    use common::{Method as M, Payload as P};
    let payloads = [
        P::Text("t".into()),
        P::Text(String::new()),
        P::Count(0),
        P::Count(9),
        P::Point(common::Point::default()),
        P::Point(common::Point { x: 1, y: 2 }),
        P::Flag(false),
        P::Flag(true),
        P::Nothing,
        P::Unknown(40),
    ];
    for p in payloads {
        for m in [M::Get, M::Put, M::Post, M::Unknown(3), M::Unknown(u16::MAX)] {
            let e = common::Everything {
                payload: p.clone(),
                opt_payload: Some(p.clone()),
                method: m,
                methods: vec![m, m],
                ..Default::default()
            };
            check_same_bytes(&e);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_values_encode_to_the_same_bytes(data in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let mut u = Unstructured::new(&data);
        if let Ok(v) = common::Everything::arbitrary(&mut u) {
            check_same_bytes(&v);
        }
    }
}
