//! Hostile input: truncations, bit flips, crafted references, huge counts,
//! deep nesting, invalid UTF-8. Every case is an error (eager tier) or an
//! error from the accessor (lazy tier); nothing panics.

#![allow(missing_docs, unreachable_pub)]

use zerowire_test_support::common;

use arbitrary::Arbitrary;
use common::*;
use zerowire::{ErrorKind, Limits};

zerowire::__message! {
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Pair view PairView {
        pub a @0: String,
        pub b @1: String,
    }
}

zerowire::__message! {
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Numbers view NumbersView {
        pub values @0: Vec<u32>,
        pub empties @1: Vec<Point>,
    }
}

/// Runs both tiers; returns the eager result's error kind, if any.
fn both_tiers(bytes: &[u8]) -> Option<ErrorKind> {
    if let Ok(v) = zerowire::view::<Everything>(bytes) {
        let _ = read_all(&v, 4);
    }
    match zerowire::validate::<Everything>(bytes) {
        Ok(v) => {
            let lazy = zerowire::mode::lazy::<Everything>(v);
            read_all(&lazy, 64).expect("accessors cannot fail after validation");
            common::views_agree(&v, &lazy, 64);
            zerowire::decode::<Everything>(bytes).expect("validated bytes decode");
            None
        }
        Err(e) => {
            assert_eq!(zerowire::decode::<Everything>(bytes).unwrap_err(), e);
            Some(e.kind())
        }
    }
}

#[test]
fn every_truncation_is_an_error() {
    let bytes = zerowire::encode(&sample());
    for n in 0..bytes.len() {
        assert!(both_tiers(&bytes[..n]).is_some(), "truncated to {n}");
        // Also with the header's size patched to the truncated length, so the
        // header check passes and the damage is found inside.
        if n >= 6 {
            let mut cut = bytes[..n].to_vec();
            cut[..4].copy_from_slice(&(n as u32).to_le_bytes());
            let _ = both_tiers(&cut);
        }
    }
}

#[test]
fn every_single_bit_flip_is_handled() {
    let bytes = zerowire::encode(&sample());
    let (mut errors, mut accepted) = (0, 0);
    for i in 0..bytes.len() * 8 {
        let mut b = bytes.clone();
        b[i / 8] ^= 1 << (i % 8);
        match both_tiers(&b) {
            Some(_) => errors += 1,
            None => accepted += 1,
        }
    }
    // Flips in scalar slots are valid messages; flips in headers, references
    // and lengths are errors. Both must occur.
    assert!(errors > 100 && accepted > 100, "errors {errors}, accepted {accepted}");
}

#[test]
fn reference_into_a_sibling_is_an_overlap() {
    let mut bytes = zerowire::encode(&Pair { a: "left".into(), b: "right".into() });
    // Slots: a at data offset 0 (position 6), b at 4 (position 10). Point b
    // at a's string, 4 bytes further back than where b's own slot points.
    let a_target = 6 + u32::from_le_bytes(bytes[6..10].try_into().unwrap()) as usize;
    bytes[10..14].copy_from_slice(&((a_target - 10) as u32).to_le_bytes());
    let lazy = zerowire::view::<Pair>(&bytes).unwrap();
    assert_eq!(lazy.b().unwrap(), "left", "the lazy tier reads the alias");
    let e = zerowire::validate::<Pair>(&bytes).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Overlap);
    assert_eq!(e.field(), Some(("Pair", "b")));
}

#[test]
fn reference_into_the_data_section_is_an_overlap() {
    let mut bytes = zerowire::encode(&Pair { a: "x".into(), b: String::new() });
    bytes[6..10].copy_from_slice(&1u32.to_le_bytes()); // points inside its own slot
    assert_eq!(zerowire::validate::<Pair>(&bytes).unwrap_err().kind(), ErrorKind::Overlap);
    let _ = zerowire::view::<Pair>(&bytes).unwrap().a(); // error or garbage, no panic
}

#[test]
fn reference_out_of_range() {
    let mut bytes = zerowire::encode(&Pair { a: "x".into(), b: "y".into() });
    bytes[10..14].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(zerowire::view::<Pair>(&bytes).unwrap().b().is_err());
    let e = zerowire::validate::<Pair>(&bytes).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::OutOfBounds);
}

#[test]
fn list_count_of_u32_max_is_rejected_without_allocating() {
    let mut bytes = zerowire::encode(&Numbers { values: vec![1, 2], empties: vec![] });
    // The list body starts where the reference points: varint count 2.
    let at = 6 + u32::from_le_bytes(bytes[6..10].try_into().unwrap()) as usize;
    assert_eq!(bytes[at], 2);
    let mut hostile = bytes[..at].to_vec();
    hostile.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0x0f]); // 2^32 - 1
    hostile.extend_from_slice(&bytes[at + 1..]);
    let n = hostile.len() as u32;
    hostile[..4].copy_from_slice(&n.to_le_bytes());
    assert_eq!(zerowire::view::<Numbers>(&hostile).unwrap().values().unwrap_err().kind(), ErrorKind::ListTooLong);
    assert_eq!(zerowire::validate::<Numbers>(&hostile).unwrap_err().kind(), ErrorKind::ListTooLong);
    assert_eq!(zerowire::decode::<Numbers>(&hostile).unwrap_err().kind(), ErrorKind::ListTooLong);
    bytes.clear();
}

#[test]
fn zero_size_elements_are_charged_one_byte() {
    // A list of 1000 all-default points has stride 8; craft stride 0 and a
    // count larger than the bytes that follow.
    let mut bytes = zerowire::encode(&Numbers { values: vec![], empties: vec![Point::default(); 3] });
    let at = 10 + u32::from_le_bytes(bytes[10..14].try_into().unwrap()) as usize;
    assert_eq!(&bytes[at..at + 3], &[3, 8, 0]);
    let mut hostile = bytes[..at].to_vec();
    hostile.extend_from_slice(&[0xff, 0xff, 0x03, 0, 0]); // count 65535, stride 0
    let n = hostile.len() as u32;
    hostile[..4].copy_from_slice(&n.to_le_bytes());
    assert_eq!(zerowire::validate::<Numbers>(&hostile).unwrap_err().kind(), ErrorKind::ListTooLong);
    // A count that fits the remaining bytes is fine, even with stride 0.
    let mut ok = bytes[..at].to_vec();
    ok.extend_from_slice(&[2, 0, 0, 0, 0]);
    let n = ok.len() as u32;
    ok[..4].copy_from_slice(&n.to_le_bytes());
    assert_eq!(zerowire::decode::<Numbers>(&ok).unwrap().empties, vec![Point::default(); 2]);
    bytes.clear();
}

/// A chain of `depth` trees linked through `next`, built without recursion.
fn tree_chain(depth: usize) -> Vec<u8> {
    // Each level: header (6) + data (value, children, next = 12) = 18 bytes,
    // its `next` (at offset 14 of the level) pointing 4 bytes ahead.
    let mut out = Vec::with_capacity(depth * 18);
    for level in 0..depth {
        let size = ((depth - level) * 18) as u32;
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&12u16.to_le_bytes());
        out.extend_from_slice(&(level as u32).to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        let next: u32 = if level + 1 < depth { 4 } else { 0 };
        out.extend_from_slice(&next.to_le_bytes());
    }
    out
}

#[test]
fn nesting_deeper_than_the_limit_is_rejected() {
    let bytes = tree_chain(10_000);
    let e = zerowire::validate::<Tree>(&bytes).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::DepthLimit);
    assert_eq!(zerowire::decode::<Tree>(&bytes).unwrap_err().kind(), ErrorKind::DepthLimit);
    // The lazy tier follows the chain as far as the caller asks, iteratively.
    let mut v = zerowire::view::<Tree>(&bytes).unwrap();
    let mut n = 1;
    while let Some(next) = v.next().unwrap() {
        v = next;
        n += 1;
    }
    assert_eq!((n, v.value()), (10_000, 9_999));
    // Exactly at the limit is fine.
    let limits = Limits { max_depth: 64, ..Limits::default() };
    assert!(zerowire::validate_with::<Tree>(&tree_chain(64), &limits).is_ok());
    assert!(zerowire::validate_with::<Tree>(&tree_chain(65), &limits).is_err());
}

#[test]
fn invalid_utf8_is_an_error_in_both_tiers() {
    let mut bytes = zerowire::encode(&Pair { a: "ok".into(), b: "abc".into() });
    let last = bytes.len() - 1;
    bytes[last] = 0xff;
    let v = zerowire::view::<Pair>(&bytes).unwrap();
    assert_eq!(v.a().unwrap(), "ok");
    assert_eq!(v.b().unwrap_err().kind(), ErrorKind::InvalidUtf8);
    let e = zerowire::validate::<Pair>(&bytes).unwrap_err();
    assert_eq!((e.kind(), e.field()), (ErrorKind::InvalidUtf8, Some(("Pair", "b"))));
    assert!(e.to_string().contains("field `Pair.b`"), "{e}");
}

#[test]
fn invalid_bool_and_char_are_rejected_by_the_eager_tier() {
    let v = Everything { bools: vec![true, false], ch: 'a', ..Default::default() };
    let bytes = zerowire::encode(&v);
    let list_at = bytes.windows(3).position(|w| w == [2, 1, 0]).unwrap();
    let mut bad = bytes.clone();
    bad[list_at + 2] = 2;
    assert_eq!(zerowire::view::<Everything>(&bad).unwrap().bools().unwrap().to_vec(), [true, true]);
    assert_eq!(zerowire::validate::<Everything>(&bad).unwrap_err().kind(), ErrorKind::InvalidBool);

    let ch_at = bytes.windows(4).position(|w| w == [b'a', 0, 0, 0]).unwrap();
    let mut bad = bytes;
    bad[ch_at..ch_at + 4].copy_from_slice(&0xD800u32.to_le_bytes()); // a surrogate
    assert_eq!(zerowire::view::<Everything>(&bad).unwrap().ch(), char::REPLACEMENT_CHARACTER);
    assert_eq!(zerowire::validate::<Everything>(&bad).unwrap_err().kind(), ErrorKind::InvalidChar);
}

#[test]
fn size_limit_and_trailing_bytes() {
    let bytes = zerowire::encode(&sample());
    let small = Limits { max_size: bytes.len() - 1, ..Limits::default() };
    assert_eq!(zerowire::validate_with::<Everything>(&bytes, &small).unwrap_err().kind(), ErrorKind::SizeLimit);
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(zerowire::view::<Everything>(&longer).unwrap_err().kind(), ErrorKind::TrailingBytes);
    let mut bad_size = bytes;
    bad_size[4..6].copy_from_slice(&u16::MAX.to_le_bytes()); // data_len > size
    assert_eq!(zerowire::view::<Everything>(&bad_size).unwrap_err().kind(), ErrorKind::BadMessageSize);
}

#[test]
fn huge_lengths_are_rejected_before_anything_is_reserved() {
    // A header claiming 4 GiB on 6 bytes: no truncation explains that.
    let bytes = [0xff, 0xff, 0xff, 0xff, 0, 0];
    let e = zerowire::view::<Everything>(&bytes).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotAMessage { size: u32::MAX as u64, have: 6 });
    // A string whose varint length is 4 GiB - 1.
    let mut p = zerowire::encode(&Pair { a: "x".into(), b: String::new() });
    let at = 6 + u32::from_le_bytes(p[6..10].try_into().unwrap()) as usize;
    p.truncate(at);
    p.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0x0f, b'x']);
    let n = p.len() as u32;
    p[..4].copy_from_slice(&n.to_le_bytes());
    assert!(matches!(zerowire::validate::<Pair>(&p).unwrap_err().kind(), ErrorKind::Truncated { .. }));
}

#[test]
fn unknown_union_tags_are_kept_and_their_payload_skipped() {
    // Write a Count arm, then relabel it with a tag this reader does not know.
    let v = Everything { payload: Payload::Count(5), text: "after".into(), ..Default::default() };
    let mut bytes = zerowire::encode(&v);
    let slot = bytes.windows(2).enumerate().position(|(i, w)| w == [2, 0] && i > 6).unwrap();
    bytes[slot..slot + 2].copy_from_slice(&77u16.to_le_bytes());
    let view = zerowire::validate::<Everything>(&bytes).unwrap();
    assert!(matches!(view.payload(), PayloadView::Unknown(77)));
    assert_eq!(zerowire::decode::<Everything>(&bytes).unwrap().payload, Payload::Unknown(77));
}

#[test]
fn an_absent_optional_scalar_is_not_validated() {
    // opt_flag = None with a stray value byte: both tiers read None.
    let v = Everything { opt_flag: Some(true), ..Default::default() };
    let bytes = zerowire::encode(&v);
    let r = zerowire::view::<Everything>(&bytes).unwrap();
    assert_eq!(r.opt_flag(), Some(true));
    // With Some(false), the only non-zero data byte is the presence bit's.
    let mut stray = zerowire::encode(&Everything { opt_flag: Some(false), ..Default::default() });
    let presence = (6..stray.len()).find(|&i| stray[i] != 0).unwrap();
    assert_ne!(presence, stray.len() - 1, "the value byte is last");
    stray[presence] = 0; // absent
    let last = stray.len() - 1;
    stray[last] = 2; // an invalid bool byte in the absent value's slot
    assert_eq!(zerowire::view::<Everything>(&stray).unwrap().opt_flag(), None);
    assert!(zerowire::validate::<Everything>(&stray).is_ok());
}

#[test]
fn reference_errors_point_at_the_reference() {
    let mut bytes = zerowire::encode(&Pair { a: "x".into(), b: "y".into() });
    bytes[10..14].copy_from_slice(&u32::MAX.to_le_bytes());
    let e = zerowire::validate::<Pair>(&bytes).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::OutOfBounds, 10));
}

#[test]
fn overlong_string_lengths_are_rejected() {
    // "x" with its length written as 0x81 0x00 (1 in two bytes) could let a
    // sibling start inside the string: overlong varints are errors.
    let bytes = zerowire::encode(&Pair { a: "x".into(), b: String::new() });
    let at = 6 + u32::from_le_bytes(bytes[6..10].try_into().unwrap()) as usize;
    let mut long = bytes[..at].to_vec();
    long.extend_from_slice(&[0x81, 0x00, b'x']);
    let n = long.len() as u32;
    long[..4].copy_from_slice(&n.to_le_bytes());
    assert_eq!(zerowire::validate::<Pair>(&long).unwrap_err().kind(), ErrorKind::BadVarint);
    assert_eq!(zerowire::view::<Pair>(&long).unwrap().a().unwrap_err().kind(), ErrorKind::BadVarint);
}

/// Every way of opening a message agrees on `bytes`: the error kind of the
/// lazy view, validation, decoding and `Owned`, which must all fail.
fn open_error(bytes: &[u8]) -> ErrorKind {
    let view = zerowire::view::<Everything>(bytes).map(drop).unwrap_err();
    let validate = zerowire::validate::<Everything>(bytes).map(drop).unwrap_err();
    let decode = zerowire::decode::<Everything>(bytes).map(drop).unwrap_err();
    let owned = zerowire::Owned::<Everything>::new(bytes::Bytes::copy_from_slice(bytes)).map(drop).unwrap_err();
    for e in [&validate, &decode, &owned] {
        assert_eq!(e.kind(), view.kind(), "{bytes:02x?}");
        assert_eq!(e.offset(), 0);
    }
    view.kind()
}

/// Text and other formats are named as "not a zerowire message", with the
/// size their first bytes would declare; a truncated message, as one whose
/// size exceeds the input, whatever the cut. Neither is a bare "truncated".
#[test]
fn garbage_is_named_as_garbage_and_truncation_as_truncation() {
    let garbage: [&[u8]; 8] = [
        b"hello world",
        b"hello world\n",
        b"{\"id\": 42, \"symbol\": \"ZW\"}",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
        b"PK\x03\x04\x14\0\0\0\x08\0",
        b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        b"<?xml version=\"1.0\"?>",
        &[0xff; 64],
    ];
    for g in garbage {
        let size = u32::from_le_bytes(g[..4].try_into().unwrap()) as u64;
        assert_eq!(open_error(g), ErrorKind::NotAMessage { size, have: g.len() as u64 }, "{g:02x?}");
    }
    let text = zerowire::view::<Everything>(b"hello world").map(drop).unwrap_err().to_string();
    assert!(text.contains("not a zerowire message") && text.contains("1819043176") && text.contains("11"), "{text}");
    // Printable text of any length up to 500 KB: its first four bytes
    // declare at least 0x2020_2020 bytes, over 1,024 times the input.
    let mut rng = Rng(0x0bad_7e47);
    for _ in 0..300 {
        let scale = [60, 5000, 500_000][rng.below(3)];
        let len = 6 + rng.below(scale);
        let g: Vec<u8> = (0..len).map(|_| 0x20 + rng.below(0x5f) as u8).collect();
        assert!(matches!(open_error(&g), ErrorKind::NotAMessage { have, .. } if have == len as u64));
    }
    // A header that contradicts itself (6 + data_len > size) is not a cut.
    let mut bad = vec![40, 0, 0, 0, 0xff, 0xff];
    bad.resize(20, 0);
    assert_eq!(open_error(&bad), ErrorKind::NotAMessage { size: 40, have: 20 });
    // Every cut of real messages (at 6 bytes or more) is a size that exceeds
    // the input, from 6 bytes to one short.
    let mut values = vec![sample(), Everything::default()];
    for _ in 0..30 {
        let noise: Vec<u8> = (0..400).map(|_| rng.next() as u8).collect();
        values.push(Everything::arbitrary(&mut arbitrary::Unstructured::new(&noise)).unwrap());
    }
    for (seed, value) in values.iter().enumerate() {
        let bytes = zerowire::encode(value);
        for cut in 6..bytes.len() {
            assert_eq!(
                open_error(&bytes[..cut]),
                ErrorKind::SizeExceedsInput { size: bytes.len() as u64, have: cut as u64 },
                "seed {seed}, cut {cut}"
            );
        }
    }
    // A large message cut short stays a truncation down to 1/1024 of its
    // size (the size is what it was, the input what arrived).
    let big = zerowire::encode(&Pair { a: "x".repeat(1 << 20), b: String::new() });
    let cut = big.len() / 1000;
    assert!(matches!(open_error(&big[..cut]), ErrorKind::SizeExceedsInput { .. }));
    let e = zerowire::view::<Pair>(&big[..cut]).map(drop).unwrap_err().to_string();
    assert!(e.contains(&format!("declares {} bytes but only {cut} are there", big.len())), "{e}");
    // A child that overruns its parent is a size that exceeds its region,
    // never "not a message", however large.
    let mut nested = zerowire::encode(&Tree { value: 1, children: vec![], next: Some(Box::new(Tree::default())) });
    let child = nested.len() - 6;
    assert_eq!(nested[child..], [6, 0, 0, 0, 0, 0], "the child, an empty Tree, ends the message");
    nested[child..child + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    let e = zerowire::validate::<Tree>(&nested).map(drop).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::SizeExceedsInput { size: u32::MAX as u64, have: 6 });
    // Fewer than 6 bytes: the header itself is cut.
    for n in 0..6 {
        assert_eq!(open_error(&b"hello"[..n]), ErrorKind::Truncated { need: 6, have: n as u64 });
    }
}

/// A `bytes` child is one level of depth whichever Rust type holds it: its
/// bytes on the wire are a list of `u8` either way, so the verdict cannot
/// depend on the choice.
#[test]
fn bytes_children_count_one_level_whatever_holds_them() {
    #[derive(zerowire::Message, Debug, Default, PartialEq)]
    struct AsBytes {
        b: bytes::Bytes,
    }
    #[derive(zerowire::Message, Debug, Default, PartialEq)]
    struct AsVec {
        b: Vec<u8>,
    }
    let wire = zerowire::encode(&AsBytes { b: bytes::Bytes::from_static(b"xyz") });
    assert_eq!(wire, zerowire::encode(&AsVec { b: b"xyz".to_vec() }));
    for max_depth in [1, 2] {
        let limits = Limits { max_depth, ..Limits::default() };
        let as_bytes =
            zerowire::validate_with::<AsBytes>(&wire, &limits).map(|_| ()).map_err(|e| (e.kind(), e.offset()));
        let as_vec = zerowire::validate_with::<AsVec>(&wire, &limits).map(|_| ()).map_err(|e| (e.kind(), e.offset()));
        assert_eq!(as_bytes, as_vec, "max_depth {max_depth}");
        assert_eq!(as_bytes.is_ok(), max_depth == 2);
        let decoded = zerowire::decode_with::<AsBytes>(&wire, &limits).map(|_| ()).map_err(|e| e.kind());
        assert_eq!(decoded.is_ok(), max_depth == 2);
    }
}
