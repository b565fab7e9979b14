//! The same schema read from JSON by the generated types (`zerowire::json`,
//! simd-json and serde_json) and by the run-time codec
//! (`zerowire_schema::dynamic::Codec`): identical acceptance and identical
//! bytes, over hand-made edge cases of FORMAT.md 16 and mutated JSON.
#![cfg(feature = "derive-json")]

use std::path::Path;

use zerowire_schema::dynamic::Codec;
use zerowire_schema_testcrate::shop::v1::*;

fn schema() -> zerowire_schema::ir::Schema {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/schemas");
    zerowire_schema::load(&[dir.join("everything.zw")], &[&dir]).unwrap_or_else(|d| panic!("{}", d.render()))
}

/// Both paths on `text`: the same outcome (and, accepted, the same bytes).
fn same(c: &Codec<'_>, t: usize, text: &str) -> bool {
    let opts = zerowire::json::Options::default();
    let derived = zerowire::json::json_to_binary_with::<Order>(text.as_bytes(), &opts);
    let reference =
        zerowire::json::reference::from_slice_with::<Order>(text.as_bytes(), &opts).map(|o| zerowire::encode(&o));
    let dynamic = c.encode_json(t, text);
    let show: String = text.chars().take(300).collect();
    assert_eq!(derived.as_ref().ok(), reference.as_ref().ok(), "the derive's readers differ on {show}");
    match (&derived, &dynamic) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "different bytes for {show}"),
        (Err(_), Err(_)) => {}
        _ => panic!("acceptance differs on {show}: derive {derived:?}, dynamic {dynamic:?}"),
    }
    dynamic.is_ok()
}

#[test]
fn hand_made_edge_cases_get_one_outcome() {
    let s = schema();
    let c = Codec::new(&s);
    let t = c.message("shop.v1.Order").unwrap();
    let accepted = [
        r#"{"id": -0}"#,
        r#"{"id": "-0", "qty": -0}"#,
        r#"{"ratio": -0, "scale": "-0"}"#,
        r#"{"scale": 3.4028235e38}"#,
        r#"{"scale": "3.4028235e38", "ratio": "-Infinity"}"#,
        r#"{"by_id": {"-0": {}}}"#,
        r#"{"payload": {"2": 5}}"#,
        r#"{"attrs": {"k": {"none": [1, {"a": null}]}}}"#,
        r#"{"note": null, "limit": null, "next": null, "tags": null}"#,
        r#"{"zz": 1, "zz": 2}"#,
        r#"{"lines": [null]}"#,
    ];
    for text in accepted {
        assert!(same(&c, t, text), "refused {text}");
    }
    let refused = [
        "null",
        r#"{"id": " 1"}"#,
        r#"{"id": "1\n"}"#,
        r#"{"id": "\t1"}"#,
        r#"{"id": "+1"}"#,
        r#"{"id": "01"}"#,
        r#"{"id": 1e3}"#,
        r#"{"id": 1.0}"#,
        r#"{"ratio": "inf"}"#,
        r#"{"ratio": "nan"}"#,
        r#"{"ratio": "infinity"}"#,
        r#"{"ratio": "+Infinity"}"#,
        r#"{"ratio": " 1.5"}"#,
        r#"{"ratio": "1e400"}"#,
        r#"{"ratio": 1e400}"#,
        r#"{"scale": 3.5e38}"#,
        r#"{"by_id": {" 1": {}}}"#,
        r#"{"by_id": {"+1": {}}}"#,
        r#"{"payload": {"+1": 5}}"#,
        r#"{"payload": {"02": 5}}"#,
        r#"{"tags": [null]}"#,
        r#"{"children": [null]}"#,
        r#"{"i16s": [1, null, 2, 3]}"#,
        r#"{"sym": "a", "symbol": "b"}"#,
    ];
    for text in refused {
        assert!(!same(&c, t, text), "accepted {text}");
    }
}

#[test]
fn mutated_json_gets_one_outcome() {
    let s = schema();
    let c = Codec::new(&s);
    let t = c.message("shop.v1.Order").unwrap();
    let base = r#"{"id":"7","sym":"s","qty":3,"tags":["a"],"next":{"id":1},"attrs":{"k":{"number":"-5"}},"side":"SELL","payload":{"count":4},"scale":1.5,"ratio":-2,"by_id":{"1":{"qty":2}},"shapes":[{"circle":1}],"lines":[null,"x"],"i16s":[1,2,3,4],"matrix":[[1],[]],"flags":{"true":"c"},"letter":"z"}"#;
    let tokens = [
        "-0",
        "\"-0\"",
        "1e400",
        "\"1e400\"",
        "null",
        "\" 1\"",
        "\"+1\"",
        "\"inf\"",
        "3.4028235e38",
        "[]",
        "{}",
        "0",
        "\"01\"",
        "1.0",
    ];
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut ok = 0;
    for _ in 0..3000 {
        let mut text = base.to_string();
        for _ in 0..1 + next() % 2 {
            // Replace a value (what follows a ':' or starts an array
            // element) by a token, or insert a token.
            let starts: Vec<usize> = text.match_indices([':', '[', ',']).map(|(i, _)| i + 1).collect();
            let at = starts[(next() as usize) % starts.len()];
            let end = text[at..].find([',', '}', ']']).map_or(at, |e| at + e);
            let tok = tokens[(next() as usize) % tokens.len()];
            if next() % 2 == 0 { text.replace_range(at..end, tok) } else { text.insert_str(at, tok) }
        }
        ok += same(&c, t, &text) as u32;
    }
    assert!(ok > 50, "only {ok} mutated inputs were accepted");
}
