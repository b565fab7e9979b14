//! Every message of everything.zw through the generated code: encode ->
//! decode gives the value back, the view reads every field, and the run-time
//! codec (`zerowire_schema::dynamic`) agrees with the generated code byte for
//! byte, in both directions.

use std::collections::HashMap;
use std::path::Path;

use zerowire::Message;
use zerowire_schema::dynamic::Codec;
use zerowire_schema_testcrate::common::v1::{Confidence, Money};
use zerowire_schema_testcrate::shop::v1::*;

fn schema() -> zerowire_schema::ir::Schema {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/schemas");
    zerowire_schema::load(&[dir.join("everything.zw")], &[&dir]).unwrap_or_else(|d| panic!("{}", d.render()))
}

/// An `Order` with every field set to something other than its default.
fn order() -> Order {
    let child = Order { id: 2, symbol: "child".into(), qty: 0, side: Side::Sell, ..Order::default() };
    Order {
        id: u64::MAX,
        symbol: "ZW \"quoted\" é\n".into(),
        qty: 100,
        old: false,
        tags: vec!["gtc".into(), String::new(), "x".into()],
        next: Some(Box::new(child.clone())),
        attrs: HashMap::from([
            ("a".to_string(), AttrValue::Text("t".into())),
            ("b".to_string(), AttrValue::Number(-5)),
            ("c".to_string(), AttrValue::Real(0.25)),
            ("d".to_string(), AttrValue::Flag(true)),
            ("e".to_string(), AttrValue::List(vec![AttrValue::None, AttrValue::Number(1)])),
            ("f".to_string(), AttrValue::Money(Money { currency: "EUR".into(), units: 1234 })),
            ("g".to_string(), AttrValue::None),
        ]),
        side: Side::Short,
        pos: Vec3 { x: 1.0, y: -2.5, z: 0.1 },
        hash: [7; 32],
        payload: Payload::Nested(Box::new(child.clone())),
        price: Money { currency: "USD".into(), units: -99 },
        confidence: Confidence::Unknown(42),
        children: vec![child.clone(), Order::default()],
        blob: bytes::Bytes::from_static(&[0, 1, 2, 0xfe, 0xff]),
        note: Some(String::new()),
        limit: Some(0),
        flag: Some(false),
        letter: '€',
        ratio: 1e300,
        scale: f32::NAN,
        offset: 127,
        small: 0,
        large: i64::MAX,
        enabled: false,
        matrix: vec![vec![1, -1], vec![], vec![i32::MIN]],
        by_side: HashMap::from([(Side::Sell, 1), (Side::Buy, 2), (Side::Unknown(200), 3)]),
        by_id: HashMap::from([(9, child.clone()), (0, Order::default())]),
        shapes: vec![Shape::Square(0.0), Shape::Circle(1.5), Shape::Square(2.0)],
        maybe_shape: Some(Shape::Square(0.0)),
        points: vec![Vec3 { x: 0.0, y: 0.0, z: 0.0 }, Vec3 { x: 1.0, y: 2.0, z: 3.0 }],
        r#type: "limit".into(),
        removed: Vec::new(),
        flags: HashMap::from([(true, 'y'), (false, 'n')]),
        lines: vec![None, Some(String::new()), Some("line".into())],
        i16s: [-1, 0, 1, i16::MIN],
    }
}

fn tree() -> Tree {
    let pixel =
        Pixel { pos: Vec3 { x: 1.0, y: 1.0, z: 1.0 }, rgb: [255, 0, 1], side: Side::Sell, lit: true, glyph: 'ß' };
    Tree {
        value: -7,
        children: vec![Tree { value: 1, ..Tree::default() }, Tree { pixel, status: Status::Closed, ..Tree::default() }],
        pixel,
        status: Status::UnknownStatus,
    }
}

/// `order()` holds a NaN, which is not equal to itself: compare everything
/// else, and the NaN through its bits.
fn same_order(a: &Order, b: &Order) {
    assert_eq!(a.scale.to_bits(), b.scale.to_bits());
    assert_eq!(Order { scale: 0.0, ..a.clone() }, Order { scale: 0.0, ..b.clone() });
}

#[test]
fn generated_types_carry_the_schema() {
    assert_eq!(Order::NAME, "shop.v1.Order");
    assert_eq!(Order::TYPE_ID, 0x1001);
    assert_eq!(Tree::NAME, "shop.v1.Tree");
    assert_eq!(Tree::TYPE_ID, zerowire::meta::type_id("shop.v1.Tree"));
    assert_eq!(Money::NAME, "common.v1.Money");
    let s = schema();
    for m in &s.messages {
        let id = match m.full_name.as_str() {
            "shop.v1.Order" => Order::TYPE_ID,
            "shop.v1.Empty" => Empty::TYPE_ID,
            "shop.v1.Tree" => Tree::TYPE_ID,
            "common.v1.Money" => Money::TYPE_ID,
            other => panic!("a message the test does not know: {other}"),
        };
        assert_eq!(m.type_id, id, "{}", m.full_name);
    }
    // Declared defaults are the `Default` values and cost nothing on the wire.
    let d = Order::default();
    assert_eq!(
        (d.qty, d.side, d.confidence, d.ratio, d.offset, d.small),
        (1, Side::Buy, Confidence::High, -1.5, -128, 0xffff)
    );
    assert_eq!((d.large, d.enabled, d.scale), (i64::MIN, true, f32::INFINITY));
    assert_eq!(zerowire::encode(&d), [6, 0, 0, 0, 0, 0]);
    assert_eq!(zerowire::encode(&Tree::default()), [6, 0, 0, 0, 0, 0]);
}

#[test]
fn every_message_round_trips() {
    let o = order();
    let bytes = zerowire::encode(&o);
    let back = zerowire::decode::<Order>(&bytes).unwrap();
    same_order(&back, &o);
    assert_eq!(zerowire::encode(&back), bytes);

    let t = tree();
    assert_eq!(zerowire::decode::<Tree>(&zerowire::encode(&t)).unwrap(), t);
    assert_eq!(zerowire::decode::<Empty>(&zerowire::encode(&Empty {})).unwrap(), Empty {});
    let m = Money { currency: "JPY".into(), units: 5 };
    assert_eq!(zerowire::decode::<Money>(&zerowire::encode(&m)).unwrap(), m);
}

#[test]
fn the_view_reads_every_field() {
    let o = order();
    let bytes = zerowire::encode(&o);
    let v = zerowire::validate::<Order>(&bytes).unwrap();
    assert_eq!(v.id(), o.id);
    assert_eq!(v.symbol(), o.symbol);
    assert_eq!(v.qty(), 100);
    assert_eq!(v.tags().iter().map(|s| s.to_string()).collect::<Vec<_>>(), o.tags);
    assert_eq!(v.next().unwrap().symbol(), "child");
    assert_eq!(v.attrs().len(), 7);
    assert_eq!(v.side(), Side::Short);
    assert_eq!(v.pos(), o.pos);
    assert_eq!(v.hash(), o.hash);
    assert!(matches!(v.payload(), PayloadView::Nested(n) if n.id() == 2));
    assert_eq!(v.price().units(), -99);
    assert_eq!(v.confidence(), Confidence::Unknown(42));
    assert_eq!(v.children().len(), 2);
    assert_eq!(v.blob(), &o.blob[..]);
    assert_eq!(v.note(), Some(""));
    assert_eq!(v.limit(), Some(0));
    assert_eq!(v.flag(), Some(false));
    assert_eq!(v.letter(), '€');
    assert_eq!(v.ratio(), 1e300);
    assert!(v.scale().is_nan());
    assert_eq!((v.offset(), v.small(), v.large(), v.enabled()), (127, 0, i64::MAX, false));
    assert_eq!(v.matrix().len(), 3);
    assert_eq!(v.by_side().len(), 3);
    assert_eq!(v.by_id().len(), 2);
    assert_eq!(v.shapes().len(), 3);
    assert!(v.maybe_shape().is_some());
    assert_eq!(v.points().to_vec(), o.points);
    assert_eq!(v.r#type(), "limit");
    assert_eq!(v.flags().len(), 2);
    assert_eq!(v.lines().len(), 3);
    assert_eq!(v.i16s(), o.i16s);

    let t = tree();
    let bytes = zerowire::encode(&t);
    let v = zerowire::validate::<Tree>(&bytes).unwrap();
    assert_eq!((v.value(), v.pixel(), v.status()), (-7, t.pixel, Status::UnknownStatus));
    assert_eq!(v.children().get(1).unwrap().status(), Status::Closed);
}

const ORDER_JSON: &str = concat!(
    r#"{"id":"18446744073709551615","sym":"ZW \"quoted\" é\n","qty":100,"tags":["gtc","","x"],"#,
    r#""next":{"id":"2","sym":"child","qty":0,"tags":[],"attrs":{},"side":"SELL","pos":{"x":0.0,"y":0.0,"z":0.0},"#,
    r#""hash":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","payload":{"nothing":null},"#,
    r#""price":{"currency":"","units":"0"},"confidence":"HIGH","children":[],"blob":"","letter":"\u0000","#,
    r#""ratio":-1.5,"scale":"Infinity","offset":-128,"small":65535,"large":"-9223372036854775808","enabled":true,"#,
    r#""matrix":[],"by_side":{},"by_id":{},"shapes":[],"points":[],"type":"","flags":{},"lines":[],"i16s":[0,0,0,0]},"#,
    r#""attrs":{"a":{"text":"t"},"b":{"number":"-5"},"c":{"real":0.25},"d":{"flag":true},"#,
    r#""e":{"list":[{"none":null},{"number":"1"}]},"f":{"money":{"currency":"EUR","units":"1234"}},"g":{"none":null}},"#,
    r#""side":"SHORT","pos":{"x":1.0,"y":-2.5,"z":0.1},"#,
    r#""hash":"BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=","#,
    r#""payload":{"nested":{"id":"2","sym":"child","qty":0,"tags":[],"attrs":{},"side":"SELL","pos":{"x":0.0,"y":0.0,"z":0.0},"#,
    r#""hash":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","payload":{"nothing":null},"#,
    r#""price":{"currency":"","units":"0"},"confidence":"HIGH","children":[],"blob":"","letter":"\u0000","#,
    r#""ratio":-1.5,"scale":"Infinity","offset":-128,"small":65535,"large":"-9223372036854775808","enabled":true,"#,
    r#""matrix":[],"by_side":{},"by_id":{},"shapes":[],"points":[],"type":"","flags":{},"lines":[],"i16s":[0,0,0,0]}},"#,
    r#""price":{"currency":"USD","units":"-99"},"confidence":42,"#,
    r#""children":[{"id":"2","sym":"child","qty":0,"tags":[],"attrs":{},"side":"SELL","pos":{"x":0.0,"y":0.0,"z":0.0},"#,
    r#""hash":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","payload":{"nothing":null},"#,
    r#""price":{"currency":"","units":"0"},"confidence":"HIGH","children":[],"blob":"","letter":"\u0000","#,
    r#""ratio":-1.5,"scale":"Infinity","offset":-128,"small":65535,"large":"-9223372036854775808","enabled":true,"#,
    r#""matrix":[],"by_side":{},"by_id":{},"shapes":[],"points":[],"type":"","flags":{},"lines":[],"i16s":[0,0,0,0]},"#,
    r#"{"id":"0","sym":"","qty":1,"tags":[],"attrs":{},"side":"BUY","pos":{"x":0.0,"y":0.0,"z":0.0},"#,
    r#""hash":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","payload":{"nothing":null},"#,
    r#""price":{"currency":"","units":"0"},"confidence":"HIGH","children":[],"blob":"","letter":"\u0000","#,
    r#""ratio":-1.5,"scale":"Infinity","offset":-128,"small":65535,"large":"-9223372036854775808","enabled":true,"#,
    r#""matrix":[],"by_side":{},"by_id":{},"shapes":[],"points":[],"type":"","flags":{},"lines":[],"i16s":[0,0,0,0]}],"#,
    r#""blob":"AAEC/v8=","note":"","limit":0,"flag":false,"letter":"€","ratio":1e+300,"scale":"NaN","#,
    r#""offset":127,"small":0,"large":"9223372036854775807","enabled":false,"#,
    r#""matrix":[[1,-1],[],[-2147483648]],"by_side":{"BUY":"2","SELL":"1","200":"3"},"#,
    r#""by_id":{"0":{"id":"0","sym":"","qty":1,"tags":[],"attrs":{},"side":"BUY","pos":{"x":0.0,"y":0.0,"z":0.0},"#,
    r#""hash":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","payload":{"nothing":null},"#,
    r#""price":{"currency":"","units":"0"},"confidence":"HIGH","children":[],"blob":"","letter":"\u0000","#,
    r#""ratio":-1.5,"scale":"Infinity","offset":-128,"small":65535,"large":"-9223372036854775808","enabled":true,"#,
    r#""matrix":[],"by_side":{},"by_id":{},"shapes":[],"points":[],"type":"","flags":{},"lines":[],"i16s":[0,0,0,0]},"#,
    r#""9":{"id":"2","sym":"child","qty":0,"tags":[],"attrs":{},"side":"SELL","pos":{"x":0.0,"y":0.0,"z":0.0},"#,
    r#""hash":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","payload":{"nothing":null},"#,
    r#""price":{"currency":"","units":"0"},"confidence":"HIGH","children":[],"blob":"","letter":"\u0000","#,
    r#""ratio":-1.5,"scale":"Infinity","offset":-128,"small":65535,"large":"-9223372036854775808","enabled":true,"#,
    r#""matrix":[],"by_side":{},"by_id":{},"shapes":[],"points":[],"type":"","flags":{},"lines":[],"i16s":[0,0,0,0]}},"#,
    r#""shapes":[{"square":0.0},{"circle":1.5},{"square":2.0}],"maybe_shape":{"square":0.0},"#,
    r#""points":[{"x":0.0,"y":0.0,"z":0.0},{"x":1.0,"y":2.0,"z":3.0}],"type":"limit","#,
    r#""flags":{"false":"n","true":"y"},"lines":[null,"","line"],"i16s":[-1,0,1,-32768]}"#,
);

const TREE_JSON: &str = concat!(
    r#"{"value":-7,"children":[{"value":1,"children":[],"pixel":{"pos":{"x":0.0,"y":0.0,"z":0.0},"rgb":"AAAA","side":"BUY","lit":false,"glyph":"\u0000"},"status":"ACTIVE"},"#,
    r#"{"value":0,"children":[],"pixel":{"pos":{"x":1.0,"y":1.0,"z":1.0},"rgb":"/wAB","side":"SELL","lit":true,"glyph":"ß"},"status":"CLOSED"}],"#,
    r#""pixel":{"pos":{"x":1.0,"y":1.0,"z":1.0},"rgb":"/wAB","side":"SELL","lit":true,"glyph":"ß"},"status":"UNKNOWN_STATUS"}"#,
);

/// The run-time codec against hand-written JSON (FORMAT.md section 16).
#[test]
fn dynamic_decode_gives_the_expected_json() {
    let s = schema();
    let c = Codec::new(&s);
    let order_t = c.message("shop.v1.Order").unwrap();
    assert_eq!(c.decode_json(order_t, &zerowire::encode(&order())).unwrap(), ORDER_JSON);
    let tree_t = c.message("shop.v1.Tree").unwrap();
    assert_eq!(c.decode_json(tree_t, &zerowire::encode(&tree())).unwrap(), TREE_JSON);
    let money = c.message("common.v1.Money").unwrap();
    let m = Money { currency: "EUR".into(), units: -1 };
    assert_eq!(c.decode_json(money, &zerowire::encode(&m)).unwrap(), r#"{"currency":"EUR","units":"-1"}"#);
    let empty = c.message("Empty").unwrap();
    assert_eq!(c.decode_json(empty, &zerowire::encode(&Empty {})).unwrap(), "{}");
    serde_json::from_str::<serde_json::Value>(ORDER_JSON).unwrap();
}

/// The derive's JSON fallback (`zerowire::json`) writes the same text as the
/// run-time codec, from the owned value and from the view
/// (feature `derive-json`, on by default).
#[cfg(feature = "derive-json")]
#[test]
fn the_derives_json_is_the_same() {
    let bytes = zerowire::encode(&order());
    assert_eq!(zerowire::json::to_string(&order()).unwrap(), ORDER_JSON, "the owned value's JSON");
    assert_eq!(zerowire::json::binary_to_json::<Order>(&bytes).unwrap(), ORDER_JSON.as_bytes(), "the view's JSON");
    assert_eq!(zerowire::json::to_string(&tree()).unwrap(), TREE_JSON);
    let m = Money { currency: "EUR".into(), units: -1 };
    assert_eq!(zerowire::json::to_string(&m).unwrap(), r#"{"currency":"EUR","units":"-1"}"#);
    assert_eq!(zerowire::json::to_string(&Empty {}).unwrap(), "{}");
}

/// JSON in: the run-time codec and the derive's `json_to_binary` give the
/// same bytes, hand-written inputs included (any key order, numbers for
/// 64-bit integers, `json_name` or name, nulls, unknown keys), and refuse
/// the same inputs.
#[cfg(feature = "derive-json")]
#[test]
fn dynamic_encode_matches_the_derives_json_reader() {
    let s = schema();
    let c = Codec::new(&s);
    let t = c.message("shop.v1.Order").unwrap();
    for json in [
        ORDER_JSON,
        "{}",
        r#"{"qty": 5, "id": 42, "symbol": "by name", "unknown": {"a": [1, 2]}}"#,
        r#"{"next": null, "note": null, "payload": {"count": "7"}, "ratio": "NaN", "scale": -0.0}"#,
        r#"{"by_side": {"SHORT": 1, "0": 2}, "flags": {"true": "x"}, "attrs": {"k": {"1": "via tag"}}}"#,
        r#"{"blob": "-_-_", "hash": "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc", "confidence": 7}"#,
        r#"{"maybe_shape": {"square": 0}, "shapes": [{"circle": 1e-7}], "lines": [null, "a"], "old": true}"#,
    ] {
        let derived =
            zerowire::json::json_to_binary::<Order>(json.as_bytes()).unwrap_or_else(|e| panic!("{json}: {e}"));
        let dynamic = c.encode_json(t, json).unwrap_or_else(|e| panic!("{json}: {e}"));
        assert_eq!(dynamic, derived, "{json}");
    }
    // And both refuse what FORMAT.md 16 refuses.
    for json in
        [r#"{"qty": 1.5}"#, r#"{"id": 1, "id": 2}"#, r#"{"side": "LEFT"}"#, r#"{"payload": {}}"#, r#"{"hash": "AA=="}"#]
    {
        assert!(zerowire::json::json_to_binary::<Order>(json.as_bytes()).is_err(), "derive accepted {json}");
        assert!(c.encode_json(t, json).is_err(), "dynamic accepted {json}");
    }
}

#[test]
fn dynamic_encode_is_byte_identical_to_the_derive() {
    let s = schema();
    let c = Codec::new(&s);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("shop.v1.Order", zerowire::encode(&order())),
        ("shop.v1.Order", zerowire::encode(&Order::default())),
        ("shop.v1.Order", zerowire::encode(&Order { enabled: false, ..Order::default() })),
        ("shop.v1.Order", zerowire::encode(&Order { payload: Payload::Maybe(Some(0)), ..Order::default() })),
        ("shop.v1.Order", zerowire::encode(&Order { payload: Payload::Maybe(None), ..Order::default() })),
        ("shop.v1.Order", zerowire::encode(&Order { payload: Payload::Point(Vec3::default()), ..Order::default() })),
        ("shop.v1.Order", zerowire::encode(&Order { payload: Payload::Status(Status::Closed), ..Order::default() })),
        ("shop.v1.Order", zerowire::encode(&Order { payload: Payload::Text(String::new()), ..Order::default() })),
        ("shop.v1.Order", zerowire::encode(&Order { maybe_shape: Some(Shape::Circle(0.0)), ..Order::default() })),
        ("shop.v1.Tree", zerowire::encode(&tree())),
        ("shop.v1.Empty", zerowire::encode(&Empty {})),
        ("common.v1.Money", zerowire::encode(&Money { currency: "EUR".into(), units: 7 })),
    ];
    for (name, bytes) in cases {
        let t = c.message(name).unwrap();
        let json = c.decode_json(t, &bytes).unwrap();
        let again = c.encode_json(t, &json).unwrap_or_else(|e| panic!("{name}: {e}\n{json}"));
        assert_eq!(again, bytes, "{name}: {json}");
    }
}

#[test]
fn dynamic_decode_reads_frames_from_the_derive_path() {
    let s = schema();
    let c = Codec::new(&s);
    let t = c.message("shop.v1.Order").unwrap();
    let mut stream = Vec::new();
    let mut w = zerowire::frame::FrameWriter::new(&mut stream);
    w.write_message(&order()).unwrap();
    w.write_message(&Order::default()).unwrap();
    w.flush().unwrap();
    drop(w);
    let mut r = zerowire::frame::FrameReader::new(&stream[..]);
    let mut lines = Vec::new();
    while let Some(f) = r.read_frame().unwrap() {
        assert_eq!(f.header.type_id, 0x1001);
        lines.push(c.decode_json(t, &f.payload).unwrap());
    }
    assert_eq!(lines[0], ORDER_JSON);
    assert_eq!(lines.len(), 2);
}

/// Hostile input: every truncation and many single-byte corruptions of a
/// rich `Order`. The run-time codec never panics and accepts exactly what the
/// generated code's eager tier accepts.
#[test]
fn dynamic_validation_agrees_with_the_derive_on_corrupt_bytes() {
    let s = schema();
    let c = Codec::new(&s);
    let t = c.message("shop.v1.Order").unwrap();
    let good = zerowire::encode(&order());
    for n in 0..good.len() {
        assert!(c.decode_json(t, &good[..n]).is_err(), "truncated to {n}");
    }
    for i in 0..good.len() {
        for x in [0x01, 0x04, 0x80, 0xff] {
            let mut b = good.clone();
            b[i] ^= x;
            let dynamic = c.decode_json(t, &b);
            let derived = zerowire::validate::<Order>(&b);
            assert_eq!(dynamic.is_ok(), derived.is_ok(), "byte {i} ^ {x:#x}: {dynamic:?} vs {derived:?}");
            if let Ok(json) = dynamic {
                // What decodes also encodes, unless the corruption made two map
                // keys equal (JSON input refuses those); the bytes it encodes to
                // are canonical (maps sorted, slots trimmed): a fixed point.
                match c.encode_json(t, &json) {
                    Ok(canonical) => {
                        let again = c.decode_json(t, &canonical).unwrap();
                        assert_eq!(c.encode_json(t, &again).unwrap(), canonical, "byte {i} ^ {x:#x}");
                    }
                    Err(e) => assert!(e.message.contains("given twice"), "byte {i} ^ {x:#x}: {e}"),
                }
            }
        }
    }
}
