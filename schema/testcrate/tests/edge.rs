//! edge.zw: keywords as names, an enum variant called UNKNOWN, an enum
//! without a 0 value, a union whose default arm holds data, long arrays,
//! recursion through a union, a one-component package importing another.

use std::path::Path;

use zerowire::Message;
use zerowire_schema::dynamic::Codec;
use zerowire_schema_testcrate::common::v1::Money;
use zerowire_schema_testcrate::edge::*;

#[test]
fn edge_cases_compile_and_round_trip() {
    assert_eq!(r#type::NAME, "edge.type");
    assert_eq!(Sparse::default(), Sparse::Unknown(0));
    assert_eq!(Kind::default(), Kind::Unknown);
    assert_eq!(Node::default(), Node::Leaf(0));
    let value = r#type {
        self_: 1,
        r#match: "m".into(),
        r#fn: [9; 64],
        money: Money { currency: "CHF".into(), units: 3 },
        kind: Kind::Unrecognized(77),
        r#gen: Node::Branch(Box::new(Branch {
            left: Node::Leaf(-4),
            right: Some(Box::new(Branch { left: Node::Sparse(Sparse::Two), right: None, big: [1; 40] })),
            big: [0; 40],
        })),
    };
    let bytes = zerowire::encode(&value);
    assert_eq!(zerowire::decode::<r#type>(&bytes).unwrap(), value);
    assert_eq!(zerowire::encode(&r#type::default()), [6, 0, 0, 0, 0, 0]);

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/schemas");
    let schema = zerowire_schema::load(&[dir.join("edge.zw")], &[&dir]).unwrap();
    let c = Codec::new(&schema);
    let t = c.message("edge.type").unwrap();
    let json = c.decode_json(t, &bytes).unwrap();
    #[cfg(feature = "derive-json")]
    assert_eq!(json, zerowire::json::to_string(&value).unwrap());
    assert!(json.starts_with(r#"{"self":1,"match":"m","#), "{json}");
    assert_eq!(c.encode_json(t, &json).unwrap(), bytes);

    // A field `Total` is `total` in Rust, `Total` in JSON; a struct `pair_u8`
    // keeps its name and its fields' names.
    let h = holder {
        p: pair_u8 { a: 1, B: 2 },
        total: 7,
        raw: vec![0, 255],
        signed: vec![-1, 1],
        bits: [true, false, true],
        maybe_bytes: Some(Vec::new()),
    };
    let t = c.message("holder").unwrap();
    let bytes = zerowire::encode(&h);
    let expected =
        r#"{"p":{"a":1,"B":2},"Total":7,"raw":"AP8=","signed":[-1,1],"bits":[true,false,true],"maybe_bytes":""}"#;
    assert_eq!(c.decode_json(t, &bytes).unwrap(), expected);
    assert_eq!(c.encode_json(t, expected).unwrap(), bytes);
    #[cfg(feature = "derive-json")]
    assert_eq!(zerowire::json::to_string(&h).unwrap(), expected);
    assert_eq!(zerowire::view::<holder>(&bytes).unwrap().total(), 7);
}
