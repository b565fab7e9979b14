//! Maps have one canonical form: entries in strictly increasing key order.
//! Writers sort by it; validation, decoding and the JSON writers refuse a
//! map whose keys repeat or are out of order, so every path that reads a
//! map sees one entry per key, in one order, and anything `validate`
//! accepts goes binary -> JSON -> binary unchanged.
#![allow(missing_docs, unreachable_pub)]

use std::collections::{BTreeMap, HashMap};

use proptest::prelude::*;
use zerowire::ErrorKind;

#[derive(zerowire::Message, Debug, Default, PartialEq)]
pub struct Maps {
    pub m: BTreeMap<u32, u32>,
    pub h: HashMap<String, u8>,
}

#[derive(zerowire::Message, Debug, Default, PartialEq)]
pub struct Flat {
    pub m: BTreeMap<u32, u32>,
}

/// Declared in an order that is not the wire order.
#[derive(zerowire::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Col {
    #[zerowire(value = 5)]
    Z,
    #[zerowire(value = 1)]
    A,
    #[zerowire(unknown)]
    Unknown(u16),
}

#[derive(zerowire::Message, Debug, Default, PartialEq)]
pub struct ByCol {
    pub m: BTreeMap<Col, u8>,
    pub h: HashMap<Col, u8>,
}

#[derive(zerowire::Message, Debug, Default, PartialEq)]
pub struct Keys {
    pub i: BTreeMap<i32, u8>,
    pub c: BTreeMap<char, u8>,
    pub b: BTreeMap<bool, u8>,
    pub s: BTreeMap<String, String>,
    pub u: HashMap<u64, Vec<u8>>,
    pub e: BTreeMap<Col, i8>,
}

/// `Col` from its wire number, the way a reader sees it.
fn col_of(n: u16) -> Col {
    match n {
        5 => Col::Z,
        1 => Col::A,
        n => Col::Unknown(n),
    }
}

fn col() -> impl Strategy<Value = Col> {
    (0u16..8).prop_map(col_of)
}

fn keys() -> impl Strategy<Value = Keys> {
    (
        prop::collection::btree_map(any::<i32>(), any::<u8>(), 0..6),
        prop::collection::btree_map(any::<char>(), any::<u8>(), 0..6),
        prop::collection::btree_map(any::<bool>(), any::<u8>(), 0..3),
        prop::collection::btree_map(".{0,6}", ".{0,4}", 0..6),
        prop::collection::hash_map(any::<u64>(), prop::collection::vec(any::<u8>(), 0..4), 0..6),
        prop::collection::btree_map(col(), any::<i8>(), 0..6),
    )
        .prop_map(|(i, c, b, s, u, e)| Keys { i, c, b, s, u, e })
}

#[test]
fn duplicate_keys_are_refused_by_every_reader() {
    // `m` = {1: 10, 1: 20} (two entries with key 1), `h` empty.
    let bytes = [0x1d, 0, 0, 0, 4, 0, 4, 0, 0, 0, 2, 8, 0, 1, 0, 0, 0, 0x0a, 0, 0, 0, 1, 0, 0, 0, 0x14, 0, 0, 0];
    let e = zerowire::validate::<Maps>(&bytes).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MapKeyOrder);
    assert_eq!(e.field(), Some(("Maps", "m")));
    assert_eq!(e.offset(), 21, "the second entry");
    assert_eq!(zerowire::decode::<Maps>(&bytes).unwrap_err().kind(), ErrorKind::MapKeyOrder);
    assert!(zerowire::Owned::<Maps>::new(bytes.to_vec().into()).is_err());
    #[cfg(feature = "serde")]
    assert_eq!(zerowire::json::binary_to_json::<Maps>(&bytes).unwrap_err().kind(), zerowire::json::ErrorKind::Binary);
}

/// The position of the first entry of `Flat::m` in `bytes`.
fn entries_of_flat(bytes: &[u8]) -> usize {
    let body = 6 + u32::from_le_bytes(bytes[6..10].try_into().unwrap()) as usize;
    assert!(bytes[body] < 0x80, "one-byte count");
    assert_eq!(&bytes[body + 1..body + 3], &8u16.to_le_bytes(), "stride 8");
    body + 3
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any two entries swapped, or one entry copied over another, is
    /// refused by validation and decoding alike.
    #[test]
    fn reordered_or_repeated_entries_are_refused(
        m in prop::collection::btree_map(any::<u32>(), any::<u32>(), 2..20),
        a in any::<prop::sample::Index>(),
        b in any::<prop::sample::Index>(),
        copy in any::<bool>(),
    ) {
        let n = m.len();
        let (i, j) = (a.index(n), b.index(n));
        prop_assume!(i != j);
        let bytes = zerowire::encode(&Flat { m });
        let first = entries_of_flat(&bytes);
        let mut bad = bytes.clone();
        let (ei, ej) = (first + 8 * i, first + 8 * j);
        if copy {
            let src = bytes[ei..ei + 8].to_vec();
            bad[ej..ej + 8].copy_from_slice(&src);
        } else {
            bad[ei..ei + 8].copy_from_slice(&bytes[ej..ej + 8]);
            bad[ej..ej + 8].copy_from_slice(&bytes[ei..ei + 8]);
        }
        prop_assert_eq!(zerowire::validate::<Flat>(&bad).unwrap_err().kind(), ErrorKind::MapKeyOrder);
        prop_assert_eq!(zerowire::decode::<Flat>(&bad).unwrap_err().kind(), ErrorKind::MapKeyOrder);
        prop_assert!(zerowire::validate::<Flat>(&bytes).is_ok());
    }

    /// Every key type: what the encoder writes validates, decodes to the
    /// same value, and (with JSON) the view writes the owned value's JSON,
    /// which reads back to the same bytes.
    #[test]
    fn every_key_type_is_written_in_key_order(k in keys()) {
        let bytes = zerowire::encode(&k);
        let view = zerowire::validate::<Keys>(&bytes).unwrap();
        let e = view.e();
        let wire: Vec<u16> = e.iter().map(|(c, _)| zerowire::Scalar::to_wire(c).get()).collect();
        prop_assert!(wire.windows(2).all(|w| w[0] < w[1]), "enum keys by wire number: {:?}", wire);
        prop_assert_eq!(&zerowire::decode::<Keys>(&bytes).unwrap(), &k);
        #[cfg(feature = "serde")]
        {
            let from_view = zerowire::json::binary_to_json::<Keys>(&bytes).unwrap();
            let from_owned = zerowire::json::to_vec(&k).unwrap();
            prop_assert_eq!(&from_view, &from_owned);
            prop_assert_eq!(zerowire::json::json_to_binary::<Keys>(&from_view).unwrap(), bytes);
        }
    }
}

#[test]
fn enum_keys_sort_by_wire_number_whatever_the_declaration_order() {
    // {Z: 1, A: 2, Unknown(3): 3, Unknown(0): 4}: entries Unknown(0), A,
    // Unknown(3), Z (numbers 0, 1, 3, 5), in both map types.
    let m: BTreeMap<Col, u8> = [(Col::Z, 1), (Col::A, 2), (Col::Unknown(3), 3), (Col::Unknown(0), 4)].into();
    let h: HashMap<Col, u8> = m.iter().map(|(k, v)| (*k, *v)).collect();
    let bytes = zerowire::encode(&ByCol { m, h });
    let body = 6 + u32::from_le_bytes(bytes[6..10].try_into().unwrap()) as usize;
    assert_eq!(bytes[body..body + 15], [4, 3, 0, 0, 0, 4, 1, 0, 2, 3, 0, 3, 5, 0, 1]);
    let view = zerowire::validate::<ByCol>(&bytes).unwrap();
    let order: Vec<Col> = view.m().iter().map(|(k, _)| k).collect();
    assert_eq!(order, [Col::Unknown(0), Col::A, Col::Unknown(3), Col::Z]);
    let order: Vec<Col> = view.h().iter().map(|(k, _)| k).collect();
    assert_eq!(order, [Col::Unknown(0), Col::A, Col::Unknown(3), Col::Z]);
}
