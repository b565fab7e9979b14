//! One JSON behaviour whichever path runs: the fast reader (simd-json, when
//! compiled in) and the reference reader (serde_json) accept the same
//! inputs and build the same values; depth is counted as docs/FORMAT.md
//! 11.3 counts it, so what one path writes at the limit the others read;
//! JSON -> binary is bounded by the input.
#![cfg(feature = "serde")]
#![allow(missing_docs, unreachable_pub)]

use zerowire_test_support::derived;

use derived::*;
use zerowire::json::{self, ErrorKind, Options};
use zerowire::{Limits, Message};

/// What a reader made of an input: the value's bytes, or the error's kind.
fn outcome(r: Result<All, json::Error>) -> Result<Vec<u8>, ErrorKind> {
    r.map(|m| zerowire::encode(&m)).map_err(|e| e.kind())
}

/// Runs `text` through both readers (and the in-place one) and requires
/// the same outcome; returns it.
fn agree(text: &[u8]) -> Result<Vec<u8>, ErrorKind> {
    let opts = Options::default();
    let reference = outcome(json::reference::from_slice_with::<All>(text, &opts));
    let fast = outcome(json::from_slice_with::<All>(text, &opts));
    let show = String::from_utf8_lossy(&text[..text.len().min(200)]).into_owned();
    assert_eq!(reference.is_ok(), fast.is_ok(), "acceptance differs on {show}: {reference:?} / {fast:?}");
    if let (Ok(a), Ok(b)) = (&reference, &fast) {
        assert_eq!(a, b, "the readers built different values from {show}");
    }
    #[cfg(feature = "simd-json")]
    {
        let in_place = outcome(json::from_slice_mut_with::<All>(&mut text.to_vec(), &opts));
        assert_eq!(in_place.as_ref().ok(), reference.as_ref().ok(), "from_slice_mut differs on {show}");
    }
    reference
}

fn accepted(text: &str) -> All {
    agree(text.as_bytes()).unwrap_or_else(|e| panic!("refused {text}: {e:?}"));
    json::reference::from_slice(text.as_bytes()).unwrap()
}

fn refused(text: &[u8]) {
    assert!(agree(text).is_err(), "accepted {}", String::from_utf8_lossy(text));
}

#[test]
fn negative_zero_is_zero_for_integers_and_keeps_its_sign_for_floats() {
    assert_eq!(accepted(r#"{"i32_":-0}"#).i32_, 0);
    assert_eq!(accepted(r#"{"u32_":-0}"#).u32_, 0);
    assert_eq!(accepted(r#"{"u64_":"-0"}"#).u64_, 0);
    assert_eq!(accepted(r#"{"f64_":-0}"#).f64_.to_bits(), (-0.0f64).to_bits());
    assert_eq!(accepted(r#"{"f32_":-0}"#).f32_.to_bits(), (-0.0f32).to_bits());
    assert_eq!(accepted(r#"{"f64_":"-0"}"#).f64_.to_bits(), (-0.0f64).to_bits());
    assert_eq!(accepted(r#"{"f64_":0}"#).f64_.to_bits(), 0);
    // "-0" inside a string sends the fast path to the reference reader;
    // the value is the same.
    assert_eq!(accepted(r#"{"text":"-0","f64_":0}"#).text, "-0");
    refused(br#"{"i32_":0.0}"#);
    refused(br#"{"i32_":1.0}"#);
}

#[test]
fn string_numbers_follow_one_grammar() {
    assert_eq!(accepted(r#"{"u16_":"12"}"#).u16_, 12);
    assert_eq!(accepted(r#"{"f32_":"3.4028235e38"}"#).f32_, f32::MAX);
    assert_eq!(accepted(r#"{"f32_":3.4028235e38}"#).f32_, f32::MAX);
    assert!(accepted(r#"{"f64_":"NaN"}"#).f64_.is_nan());
    for bad in [
        r#"{"f64_":"1e400"}"#,
        r#"{"f64_":1e400}"#,
        r#"{"f32_":3.5e38}"#,
        r#"{"f64_":"inf"}"#,
        r#"{"f64_":"+Infinity"}"#,
        r#"{"f64_":" 1.5"}"#,
        r#"{"u32_":" 1"}"#,
        r#"{"u32_":"+1"}"#,
        r#"{"u32_":"01"}"#,
        r#"{"u32_":"1e3"}"#,
        r#"{"u32_":1e3}"#,
        r#"{"bmap":{" 1":"a"}}"#,
        r#"{"bmap":{"+1":"a"}}"#,
        r#"{"payload":{"+1":null}}"#,
    ] {
        refused(bad.as_bytes());
    }
}

#[test]
fn skipped_values_are_checked_by_both_readers() {
    // Invalid UTF-8 and nesting past the limit under an unknown key.
    refused(b"{\"zz\":\"\xff\"}");
    let deep = format!("{{\"zz\":{}1{}}}", "[".repeat(100_000), "]".repeat(100_000));
    refused(deep.as_bytes());
    let at_limit = format!("{{\"zz\":{}1{}}}", "[".repeat(63), "]".repeat(63));
    agree(at_limit.as_bytes()).expect("63 arrays in a skipped value of the root (depth 64)");
    let past = format!("{{\"zz\":{}1{}}}", "[".repeat(64), "]".repeat(64));
    refused(past.as_bytes());
    // A unit arm's payload is skipped the same way.
    refused(b"{\"payload\":{\"Nothing\":\"\xff\"}}");
    assert_eq!(accepted(r#"{"payload":{"Nothing":[{"a":1}]}}"#).payload, Payload::Nothing);
}

#[test]
fn raw_control_bytes_are_refused_by_every_reader() {
    // simd-json takes a NUL after a number for the number's end; a NUL is
    // never valid JSON, anywhere.
    for text in [&b"{\"u8_\":2\0}"[..], b"{\"u8_\":2}\0", b"\0{}", b"{\"text\":\"a\0b\"}", b"{\"u8_\":2 \0 }"] {
        refused(text);
    }
    // Nor is any control byte but tab, line feed and carriage return, after
    // any number (found by the fuzzer: a large float, then 0x17).
    for b in (0u8..0x20).filter(|b| !b"\t\n\r".contains(b)) {
        for number in ["2", "-7", "3.5", "309999000000000100003E4", "1e400"] {
            refused(format!("{{\"zz\": {number}{}}}", b as char).as_bytes());
            refused(format!("{{\"u8_\":{number}{}}}", b as char).as_bytes());
        }
    }
}

#[test]
fn integers_beyond_64_bits_are_numbers_to_every_reader() {
    // serde_json reads them as the double they denote; so must simd-json
    // (found by the fuzzer under an unknown key).
    for big in ["309999000000000100002000", "-18446744073709551617", "99999999999999999999999999999999"] {
        agree(format!("{{\"zz\": {big}}}").as_bytes()).expect("skipped");
        let all = accepted(&format!("{{\"f64_\": {big}}}"));
        assert_eq!(all.f64_, big.parse::<f64>().unwrap());
        refused(format!("{{\"u64_\": {big}}}").as_bytes());
    }
}

#[test]
fn long_numbers_are_read_alike_and_garbage_after_them_refused() {
    // simd-json's slow path for numbers of 18 or more digits accepted what
    // followed them (found by the fuzzer): every length, every tail.
    for n in 1..=25usize {
        let digits: String = (0..n).map(|i| char::from(b'1' + (i % 9) as u8)).collect();
        for tail in ["f3", "x", "f3000000001000003E47", ".5f", "e5x", "-", "", ".25", "e3"] {
            for key in ["zz", "f64_"] {
                let _ = agree(format!("{{\"{key}\": {digits}{tail}}}").as_bytes());
                // After a string holding digits, quotes and escapes too.
                let _ = agree(format!("{{\"text\": \"9\\\"{digits}\", \"{key}\": {digits}{tail}}}").as_bytes());
            }
        }
    }
}

#[test]
fn nulls_are_defaults_only_for_fields_and_options() {
    assert_eq!(accepted(r#"{"u32_":null,"strings":null,"opt_text":null}"#).opt_text, None);
    assert_eq!(accepted(r#"{"opt_list":[]}"#).opt_list, Some(vec![]));
    for bad in [r#"null"#, r#"{"strings":[null]}"#, r#"{"points":[null]}"#, r#"{"arr16":[1,null,2]}"#] {
        refused(bad.as_bytes());
    }
}

/// Cheap deterministic mutations of valid JSON: every reader must give the
/// same outcome on each.
#[test]
fn mutated_inputs_get_one_outcome() {
    let base = json::to_vec(&sample()).unwrap();
    let tokens: [&[u8]; 16] = [
        b"-0",
        b"-0.0",
        b"1e400",
        b"\"1e400\"",
        b"null",
        b"[",
        b"]",
        b"{",
        b"}",
        b"\"",
        b",",
        b":",
        b"\\ud800",
        b"\xff",
        b"0",
        b"\"-0\"",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut accepted = 0;
    for _ in 0..4000 {
        let mut t = base.clone();
        for _ in 0..1 + next() % 3 {
            let at = (next() as usize) % t.len();
            match next() % 3 {
                0 => t[at] = next() as u8,
                1 => {
                    let tok = tokens[(next() as usize) % tokens.len()];
                    t.splice(at..at, tok.iter().copied());
                }
                _ => {
                    // Replace a number-ish run with a token.
                    let end = (at + 1 + (next() as usize) % 4).min(t.len());
                    let tok = tokens[(next() as usize) % tokens.len()];
                    t.splice(at..end, tok.iter().copied());
                }
            }
        }
        accepted += agree(&t).is_ok() as u32;
    }
    // The mutations must leave some inputs valid, or the test compares
    // nothing but errors.
    assert!(accepted > 100, "only {accepted} mutated inputs were accepted");
}

fn chain(depth: usize, link: impl Fn(Node) -> Node) -> Node {
    let mut n = Node { value: 1, ..Node::default() };
    for _ in 1..depth {
        n = link(n);
    }
    n
}

fn read_node(text: &[u8]) -> [Result<Node, json::Error>; 2] {
    let o = Options::default();
    [json::reference::from_slice_with(text, &o), json::from_slice_with(text, &o)]
}

/// At the depth limit through each nesting construct of `Node` (a list of
/// messages, an optional boxed message, a non-optional boxed message field
/// holding its default at the deepest level): the binary form validates,
/// its JSON (which spells out the default field one level deeper) reads
/// back on every reader to the same bytes; one level more is refused by
/// validation and by every JSON reader.
#[test]
fn depth_is_the_binary_forms_on_every_path() {
    type Link = (&'static str, fn(Node) -> Node);
    let links: [Link; 2] = [
        ("children", |n| Node { children: vec![n], ..Node::default() }),
        ("next", |n| Node { next: Some(Box::new(n)), ..Node::default() }),
    ];
    for (name, link) in links {
        // `children`: each level is a list (the elements share it); the
        // innermost node is at depth 64 as the element of the 63rd list.
        let levels = 64;
        let top = chain(levels, link);
        let bytes = zerowire::encode(&top);
        zerowire::validate::<Node>(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let text = json::binary_to_json::<Node>(&bytes).unwrap();
        for r in read_node(&text) {
            let back = r.unwrap_or_else(|e| panic!("{name} at the limit: {e}"));
            assert_eq!(zerowire::encode(&back), bytes, "{name}");
        }
        assert_eq!(json::json_to_binary::<Node>(&text).unwrap(), bytes, "{name}");

        let deeper = link(top);
        let bytes = zerowire::encode(&deeper);
        assert!(zerowire::validate::<Node>(&bytes).is_err(), "{name}: validation accepted depth 65");
        let text = json::to_vec(&deeper).unwrap();
        for r in read_node(&text) {
            assert!(r.is_err(), "{name}: a JSON reader accepted depth 65");
        }
    }
    // The boxed field at the limit holding a value (not the default) is a
    // level the binary form stores: refused everywhere.
    let mut top = chain(64, |n| Node { next: Some(Box::new(n)), ..Node::default() });
    let mut deepest = &mut top;
    while deepest.next.is_some() {
        deepest = deepest.next.as_mut().unwrap();
    }
    *deepest.boxed = Point { x: 1, y: 0 };
    assert!(zerowire::validate::<Node>(&zerowire::encode(&top)).is_err());
    for r in read_node(&json::to_vec(&top).unwrap()) {
        assert!(r.is_err(), "a JSON reader accepted a stored message at depth 65");
    }
}

#[derive(Debug, zerowire::Message)]
pub struct Big {
    pub data: [u64; 512],
}

#[derive(Debug, zerowire::Message)]
pub struct BigList {
    pub items: Vec<Big>,
}

/// `{}` builds 4 KiB in memory: JSON -> binary is charged at in-memory
/// size against the input's budget and never panics.
#[test]
fn json_to_binary_is_bounded_by_the_input() {
    let items = vec!["{}"; 100_000].join(",");
    let text = format!("{{\"items\":[{items}]}}");
    for r in [
        json::json_to_binary::<BigList>(text.as_bytes()).map(|_| ()),
        json::from_slice::<BigList>(text.as_bytes()).map(|_| ()),
    ] {
        assert_eq!(r.unwrap_err().kind(), ErrorKind::MemoryLimit);
    }
    let r = json::reference::from_slice::<BigList>(text.as_bytes());
    assert_eq!(r.unwrap_err().kind(), ErrorKind::MemoryLimit);
    // Within the budget, but the output would exceed `max_size`: refused
    // before it is written.
    let small = Options::default().limits(Limits { max_size: 100_000, ..Limits::DEFAULT });
    let text = format!("{{\"items\":[{}]}}", vec!["{}"; 30].join(","));
    let err = json::json_to_binary_with::<BigList>(text.as_bytes(), &small).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TooLarge, "{err}");
    assert_eq!(
        json::json_to_binary::<BigList>(text.as_bytes()).unwrap().len(),
        zerowire::encoded_len(&BigList { items: (0..30).map(|_| Big { data: [0; 512] }).collect() })
    );
    let _ = BigList::NAME;
}
