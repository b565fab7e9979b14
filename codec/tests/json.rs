//! The JSON mapping (docs/FORMAT.md, section 16) through every reader:
//! binary -> JSON -> binary gives the same bytes for every type; JSON
//! written by hand parses; hostile JSON gets a clear error, never a panic.
#![cfg(feature = "serde")]
#![allow(missing_docs, unreachable_pub)]

use zerowire_test_support::derived;

use derived::*;
use serde::de::DeserializeOwned;
use zerowire::Message;
use zerowire::json::{self, Error, ErrorKind, Options};

/// A JSON reader.
type Reader<M> = fn(&[u8], &Options) -> Result<M, Error>;

/// Every reader compiled in, by name.
fn readers<M: DeserializeOwned>() -> Vec<(&'static str, Reader<M>)> {
    #[allow(unused_mut)]
    let mut r: Vec<(&'static str, Reader<M>)> = vec![
        ("serde_json", |b, o| json::reference::from_slice_with(b, o)),
        (if cfg!(feature = "simd-json") { "simd-json from_slice" } else { "from_slice" }, |b, o| {
            json::from_slice_with(b, o)
        }),
    ];
    #[cfg(feature = "simd-json")]
    r.push(("simd-json from_slice_mut", |b, o| json::from_slice_mut_with(&mut b.to_vec(), o)));
    r
}

/// Reads `text` with every reader; they must agree (compared by encoding,
/// so that NaN equals itself).
fn read_all<M: Message + DeserializeOwned + std::fmt::Debug>(text: &[u8]) -> M {
    let mut out: Option<M> = None;
    for (name, read) in readers::<M>() {
        let m = read(text, &Options::default()).unwrap_or_else(|e| panic!("{name}: {e}\n{}", show(text)));
        if let Some(prev) = &out {
            assert_eq!(zerowire::encode(prev), zerowire::encode(&m), "{name} disagrees: {m:?}");
        }
        out = Some(m);
    }
    out.expect("at least one reader")
}

fn errors<M: DeserializeOwned + std::fmt::Debug>(text: &[u8], opts: &Options) -> Vec<(&'static str, Error)> {
    readers::<M>()
        .into_iter()
        .map(|(name, read)| match read(text, opts) {
            Ok(m) => panic!("{name} accepted {}: {m:?}", show(text)),
            Err(e) => (name, e),
        })
        .collect()
}

fn show(b: &[u8]) -> String {
    let s = String::from_utf8_lossy(b);
    if s.chars().count() > 300 { format!("{}...", s.chars().take(300).collect::<String>()) } else { s.into_owned() }
}

/// binary -> JSON (from the lazy view, the validated view and the owned
/// value, the same text) -> owned (every reader) -> binary: the same bytes.
fn transcode<M>(m: &M) -> String
where
    M: Message + serde::Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
    for<'a> M::View<'a>: serde::Serialize,
    for<'a> M::Valid<'a>: serde::Serialize,
{
    let bytes = zerowire::encode(m);
    let from_owned = json::to_vec(m).unwrap();
    let from_view = json::binary_to_json::<M>(&bytes).unwrap();
    assert_eq!(show(&from_view), show(&from_owned), "view and owned JSON differ");
    let from_valid = json::to_vec(&zerowire::validate::<M>(&bytes).unwrap()).unwrap();
    assert_eq!(show(&from_valid), show(&from_owned), "validated view and owned JSON differ");
    assert_eq!(json::reference::to_vec(m).unwrap(), from_owned, "writers differ");
    let back: M = read_all(&from_owned);
    if zerowire::encode(&back) != bytes {
        let again = json::to_vec(&back).unwrap();
        assert_eq!(show(&again), show(&from_owned), "JSON differs after a round trip");
    }
    assert_eq!(zerowire::encode(&back), bytes, "binary -> JSON -> binary changed the bytes\n{}", show(&from_owned));
    assert_eq!(json::json_to_binary::<M>(&from_owned).unwrap(), bytes);
    String::from_utf8(from_owned).unwrap()
}

#[test]
fn every_type_round_trips_to_identical_bytes() {
    let all = sample();
    let text = transcode(&all);
    // A few spot checks of the mapping itself.
    assert!(text.contains(r#""u64_":"18446744073709551615""#), "{text}");
    assert!(text.contains(r#""i64_":"-9223372036854775808""#), "{text}");
    assert!(text.contains(r#""blob":"AQID""#), "{text}");
    assert!(text.contains(r#""arr":"CQgHBg==""#), "{text}");
    assert!(text.contains(r#""arr16":[-1,0,1]"#), "{text}");
    assert!(text.contains(r#""colors":["Green","Cyan",99]"#), "{text}");
    assert!(text.contains(r#"{"1000":null}"#), "unknown union arm by tag: {text}");
    assert!(text.contains(r#"{"Nothing":null}"#), "{text}");
    assert!(text.contains(r#""uuid":"MDEyMzQ1Njc4OWFiY2RlZg==""#), "newtype struct is its field: {text}");
    assert!(text.contains(r#""emap":{"Red":"","BLUE":"Bw=="}"#), "enum keys by name: {text}");
    assert!(text.contains(r#""bmap":{"1":"one","2":"two"}"#), "{text}");
    assert!(text.contains(r#""opt_u64":"0""#), "Some(0) is written: {text}");
    assert!(text.contains(r#""small":"B""#) && text.contains(r#""big":"Huge""#), "{text}");
    assert!(text.contains(r#""type":42"#), "raw identifiers lose r#: {text}");

    let mut empty = sample();
    empty.opt_u64 = None;
    empty.opt_payload = None;
    empty.opt_list = None;
    let text = transcode(&empty);
    assert!(!text.contains("opt_u64") && !text.contains("opt_payload") && !text.contains("opt_list"), "{text}");
}

#[test]
fn special_values_round_trip() {
    let mut all = sample();
    let cases = [
        (f32::NAN, f64::INFINITY, r#""f32_":"NaN","f64_":"Infinity""#),
        (f32::NEG_INFINITY, -0.0, r#""f32_":"-Infinity","f64_":-0.0"#),
        (f32::MAX, f64::MIN_POSITIVE, r#""f32_":3.4028235e+38,"f64_":2.2250738585072014e-308"#),
    ];
    for (f32_, f64_, expect) in cases {
        all.f32_ = f32_;
        all.f64_ = f64_;
        all.text = "quote \" backslash \\ newline \n tab \t nul \0 bell \u{7} emoji 😀 é".into();
        all.ch = '\u{1}';
        all.payloads.push(Payload::Text("\u{1f}".into()));
        all.colors.push(Color::Unknown(65535));
        all.small = Small::Other(255);
        all.big = Big::Unknown(u32::MAX);
        let text = transcode(&all);
        assert!(text.contains(expect), "{expect} in {text}");
        assert!(text.contains(r#"\n tab \t nul \u0000"#), "{text}");
        assert!(text.contains("😀 é"), "non-ASCII is written as UTF-8: {text}");
    }
}

#[test]
fn random_values_round_trip() {
    // Vary the sample with a seeded generator: every scalar and list length.
    let mut rng = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    for _ in 0..200 {
        let mut m = sample();
        m.u64_ = next();
        m.i64_ = next() as i64;
        m.u32_ = next() as u32;
        m.i32_ = next() as i32;
        m.i8_ = next() as i8;
        // JSON has one NaN: a NaN's payload bits do not survive (FORMAT.md 16.10).
        m.f64_ = Some(f64::from_bits(next())).filter(|f| !f.is_nan()).unwrap_or(f64::NAN);
        m.f32_ = Some(f32::from_bits(next() as u32)).filter(|f| !f.is_nan()).unwrap_or(f32::NAN);
        m.ints = (0..next() % 5).map(|_| next() as i64).collect();
        m.blob = (0..next() % 40).map(|_| next() as u8).collect();
        m.text = (0..next() % 20).filter_map(|_| char::from_u32((next() % 0x11_0000) as u32)).collect();
        m.ch = char::from_u32((next() % 0x11_0000) as u32).unwrap_or('x');
        m.flag = next() % 2 == 0;
        m.opt_u64 = (next() % 2 == 0).then(&mut next);
        m.bmap = (0..next() % 4).map(|_| (next() as u32, format!("{}", next()))).collect();
        transcode(&m);
    }
}

#[derive(Debug, PartialEq, zerowire::Message)]
pub struct Order {
    pub id: u64,
    #[zerowire(rename = "sym", json_name = "symbol")]
    pub symbol: String,
    #[zerowire(default = 1)]
    pub qty: u32,
    #[zerowire(deprecated)]
    pub old: bool,
    pub side: Color,
    pub price: f64,
    pub tags: Vec<String>,
    pub note: Option<String>,
    pub next: Option<Box<Order>>,
}

#[test]
fn hand_written_json_parses() {
    let text = br#"
        {
            "tags" : [ "a\u00e9\ud83d\ude00" , "b" ],
            "price": "12.5",
            "side": 7,
            "symbol": "Z\/W",
            "id": 18446744073709551615,
            "unknown_field": {"nested": [1, 2, {"x": null}]},
            "old": true,
            "note": null
        }
    "#;
    let o: Order = read_all(text);
    assert_eq!(o.id, u64::MAX);
    assert_eq!(o.symbol, "Z/W");
    assert_eq!(o.qty, 1, "a missing field takes its declared default");
    assert_eq!(o.side, Color::Blue, "an enum by number");
    assert_eq!(o.price, 12.5, "a float as a string");
    assert_eq!(o.tags, ["aé😀", "b"]);
    assert_eq!(o.note, None);
    // The schema name is accepted too; ids as strings; enums by name.
    let o: Order = read_all(br#"{"sym":"X","id":"7","side":"BLUE","qty":"0","next":{"id":1}}"#);
    assert_eq!((o.symbol.as_str(), o.id, o.side, o.qty), ("X", 7, Color::Blue, 0));
    assert_eq!(o.next.unwrap().qty, 1);
    // Unknown enum numbers are kept.
    let o: Order = read_all(br#"{"side": 300}"#);
    assert_eq!(o.side, Color::Unknown(300));
    // Written: the deprecated field is left out, the default is written.
    let text = json::to_string(&o).unwrap();
    assert_eq!(
        text, r#"{"id":"0","symbol":"","qty":1,"side":300,"price":0.0,"tags":[]}"#,
        "None is omitted, deprecated fields are not written"
    );
    // Bytes: URL-safe and unpadded base64 are accepted.
    let a: All = read_all(br#"{"blob":"-_8","arr":"AQIDBA","shared":"/+8="}"#);
    assert_eq!(a.blob, [0xfb, 0xff]);
    assert_eq!(a.arr, [1, 2, 3, 4]);
    assert_eq!(&a.shared[..], [0xff, 0xef]);
    // Unions by tag number; unit arm payloads are ignored.
    let a: All = read_all(br#"{"payload":{"2":5},"mode":{"Fast":{"ignored":1}},"opt_payload":{"9999":[1]}}"#);
    assert_eq!(a.payload, Payload::Count(5));
    assert_eq!(a.mode, Mode::Fast);
    assert_eq!(a.opt_payload, Some(Payload::Unknown(9999)));
    // Absent: the default arm, empty lists, the empty message.
    let a: All = read_all(b"{}");
    assert_eq!(a.shape, Shape::Square(0.0));
    assert_eq!(a.closed, Closed::Off);
    assert_eq!(zerowire::encode(&a).len(), zerowire::encode(&read_all::<All>(b"{}")).len());
}

fn expect_error<M: DeserializeOwned + std::fmt::Debug>(text: &[u8], kind: ErrorKind, needle: &str) {
    expect_error_with::<M>(text, &Options::default(), kind, needle)
}

fn expect_error_with<M: DeserializeOwned + std::fmt::Debug>(
    text: &[u8],
    opts: &Options,
    kind: ErrorKind,
    needle: &str,
) {
    for (name, e) in errors::<M>(text, opts) {
        // simd-json reports every problem as syntax or data, with its own wording.
        if name.starts_with("simd-json") {
            continue;
        }
        assert_eq!(e.kind(), kind, "{name}: {e} for {}", show(text));
        assert!(e.to_string().contains(needle), "{name}: {e:?} lacks {needle:?} for {}", show(text));
    }
}

#[test]
fn invalid_json_and_wrong_types_are_errors() {
    expect_error::<Order>(b"{\"id\": 1,", ErrorKind::Eof, "EOF");
    expect_error::<Order>(b"{\"id\" 1}", ErrorKind::Syntax, "");
    expect_error::<Order>(b"[1, 2]", ErrorKind::Data, "");
    expect_error::<Order>(b"{\"id\": true}", ErrorKind::Data, "");
    expect_error::<Order>(b"{\"id\": -1}", ErrorKind::Data, "-1");
    expect_error::<Order>(b"{\"id\": 1.5}", ErrorKind::Data, "1.5");
    expect_error::<Order>(b"{\"id\": \"1e3\"}", ErrorKind::Data, "1e3");
    expect_error::<Order>(b"{\"id\": 18446744073709551616}", ErrorKind::Data, "");
    expect_error::<All>(b"{\"u8_\": 256}", ErrorKind::Data, "256");
    expect_error::<All>(b"{\"i8_\": \"-129\"}", ErrorKind::Data, "-129");
    expect_error::<All>(b"{\"f32_\": 1e300}", ErrorKind::Data, "out of range");
    expect_error::<All>(b"{\"f64_\": \"inf\"}", ErrorKind::Data, "inf");
    expect_error::<All>(b"{\"ch\": \"ab\"}", ErrorKind::Data, "");
    expect_error::<All>(b"{\"blob\": \"***\"}", ErrorKind::Data, "base64");
    expect_error::<All>(b"{\"arr\": \"AQID\"}", ErrorKind::Data, "exactly 4");
    expect_error::<All>(b"{\"arr16\": [1, 2]}", ErrorKind::Data, "exactly 3");
    expect_error::<All>(b"{\"small\": 256}", ErrorKind::Data, "out of range");
    expect_error::<All>(b"{\"color\": \"Purple\"}", ErrorKind::Data, "Purple");
    expect_error::<All>(b"{\"payload\": {}}", ErrorKind::Data, "one key");
    expect_error::<All>(b"{\"payload\": {\"Text\": \"a\", \"Count\": 1}}", ErrorKind::Data, "one key");
    expect_error::<All>(b"{\"payload\": {\"Txt\": \"a\"}}", ErrorKind::Data, "Txt");
    expect_error::<All>(b"{\"closed\": {\"7\": null}}", ErrorKind::Data, "tag 7");
    expect_error::<All>(b"{\"bmap\": {\"x\": \"a\"}}", ErrorKind::Data, "integer key");
    expect_error::<All>(b"{\"bmap\": {\"1\": \"a\", \"1\": \"b\"}}", ErrorKind::Data, "duplicate");
    expect_error::<Order>(
        b"{\"id\": 1, \"id\": 2}",
        ErrorKind::Data,
        "duplicate field `symbol`".replace("symbol", "id").as_str(),
    );
    expect_error::<Order>(b"{\"id\": 1, \"sym\": \"a\", \"symbol\": \"b\"}", ErrorKind::Data, "duplicate");
    expect_error::<Order>(b"{\"tags\": \"a\"}", ErrorKind::Data, "");
    expect_error::<Order>(b"\xff", ErrorKind::Syntax, "");
    expect_error::<Order>(b"{\"symbol\": \"\xff\"}", ErrorKind::Syntax, "");
    expect_error::<Order>(b"{\"symbol\": \"\\ud800\"}", ErrorKind::Syntax, "");
    // Unknown fields: skipped by default, an error when asked.
    let strict = Options::default().deny_unknown_fields(true);
    expect_error_with::<Order>(b"{\"id\": 1, \"idd\": 2}", &strict, ErrorKind::Data, "unknown field `idd`");
    let o: Order = json::from_slice_with(b"{\"id\": 1, \"old\": 2}", &strict).unwrap();
    assert_eq!(o.id, 1, "a deprecated field's key is known");
}

#[test]
fn limits_hold_for_every_reader() {
    // Nesting: 10,000 nested messages is an error before the stack runs out.
    let deep = format!("{}{}", r#"{"next":"#.repeat(10_000), "}".repeat(10_000));
    for (name, e) in errors::<Order>(deep.as_bytes(), &Options::default()) {
        if name.starts_with("simd-json") {
            continue; // its own wording; that it refused is what counts
        }
        assert!(
            e.to_string().contains("nesting") || e.to_string().contains("recursion"),
            "{name}: {e} for 10,000 nested messages"
        );
    }
    let node = format!("{}{}", r#"{"children":["#.repeat(10_000), "]}".repeat(10_000));
    errors::<Node>(node.as_bytes(), &Options::default());
    // Nested arrays in an unknown field: skipped or refused, never a crash.
    let arrays = format!(r#"{{"x":{}{}}}"#, "[".repeat(10_000), "]".repeat(10_000));
    for (name, read) in readers::<Order>() {
        let _ = read(arrays.as_bytes(), &Options::default()).map_err(|e| assert!(!e.to_string().is_empty(), "{name}"));
    }
    // 64 levels pass with the default limit, 65 do not.
    let ok = format!("{}{}", r#"{"next":"#.repeat(63), "{}".to_string() + &"}".repeat(63));
    read_all::<Order>(ok.as_bytes());
    let too_deep = format!("{}{}", r#"{"next":"#.repeat(64), "{}".to_string() + &"}".repeat(64));
    errors::<Order>(too_deep.as_bytes(), &Options::default());
    // Size: refused before parsing.
    let small = Options::default().limits(zerowire::Limits { max_size: 10, ..Default::default() });
    expect_error_with::<Order>(br#"{"symbol":"0123456789"}"#, &small, ErrorKind::TooLarge, "exceeds the limit");
    // A 100 MB string: over the default 64 MiB limit, refused before parsing;
    // with a higher limit it is read (the input justifies the allocation).
    let big = format!(r#"{{"symbol":"{}"}}"#, "x".repeat(100 << 20));
    let e = json::from_slice::<Order>(big.as_bytes()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TooLarge);
    let roomy = Options::default().limits(zerowire::Limits { max_size: 128 << 20, ..Default::default() });
    for (name, read) in readers::<Order>() {
        let o = read(big.as_bytes(), &roomy).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(o.symbol.len(), 100 << 20, "{name}");
    }
}

#[test]
fn binary_errors_are_reported_as_binary() {
    let bytes = zerowire::encode(&sample());
    let e = json::binary_to_json::<All>(&bytes[..bytes.len() - 1]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Binary);
    assert!(e.binary_error().is_some());
}

#[test]
fn frames_of_either_format_read_through_the_same_calls() {
    use bytes::Bytes;
    use zerowire::frame::{Frame, FrameHeader, FrameReader, FrameWriter, PayloadError, PayloadFormat};

    let all = sample();
    let mut w = FrameWriter::new(Vec::new());
    w.write_message(&all).unwrap();
    w.write_frame(&Frame::json(&all).unwrap()).unwrap();
    w.write_frame(&Frame::new(FrameHeader::json(All::TYPE_ID), Bytes::from_static(b"{\"u8_\": 999}"))).unwrap();
    w.write_frame(&Frame::json(&all).unwrap()).unwrap();
    let stream = w.into_inner().unwrap();

    let mut r = FrameReader::new(&stream[..]);
    let binary = r.read_frame().unwrap().unwrap();
    let json = r.read_frame().unwrap().unwrap();
    let bad = r.read_frame().unwrap().unwrap();
    let after = r.read_frame().unwrap().unwrap();
    assert!(r.read_frame().unwrap().is_none());

    assert_eq!(json.header.format, PayloadFormat::Json);
    assert_eq!(binary.decode::<All>().unwrap(), all);
    assert_eq!(zerowire::encode(&json.decode::<All>().unwrap()), zerowire::encode(&all));
    // The same JSON from either frame, and the same binary view.
    assert_eq!(binary.to_json::<All>().unwrap(), json.to_json::<All>().unwrap());
    let a = binary.clone().into_owned_any_format::<All>().unwrap();
    let b = json.clone().into_owned_any_format::<All>().unwrap();
    assert_eq!(a.bytes(), b.bytes());
    // A bad JSON frame is an error for that frame only; the next one reads.
    assert!(matches!(bad.decode::<All>(), Err(PayloadError::Json(e)) if e.to_string().contains("999")));
    assert!(matches!(json.clone().into_owned_message::<All>(), Err(PayloadError::NotBinary(PayloadFormat::Json))));
    // Every typed read checks the header's type id, whichever the format.
    for frame in [&binary, &json] {
        let other = Frame::new(FrameHeader { type_id: All::TYPE_ID ^ 1, ..frame.header }, frame.payload.clone());
        let mismatch = |e: PayloadError| matches!(e, PayloadError::TypeMismatch { expected, found, .. } if expected == All::TYPE_ID && found == All::TYPE_ID ^ 1);
        assert!(mismatch(other.decode::<All>().unwrap_err()));
        assert!(mismatch(other.to_json::<All>().unwrap_err()));
        assert!(mismatch(other.clone().into_owned_any_format::<All>().unwrap_err()));
        assert!(mismatch(other.to_owned_message::<All>().unwrap_err()));
    }
    assert_eq!(zerowire::encode(&after.decode::<All>().unwrap()), zerowire::encode(&all));
}
