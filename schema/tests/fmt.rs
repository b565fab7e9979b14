//! The formatter: canonical output, comments kept, idempotent, meaning kept.

use zerowire_schema::breaking::compare;
use zerowire_schema::check_sources;
use zerowire_schema::fmt::{format_source, is_formatted};

fn fmt(s: &str) -> String {
    format_source("t.zw", s).unwrap_or_else(|e| panic!("{}", e.render()))
}

const MESSY: &str = r#"// leading comment
package   shop.v1 ;
import"common.zw";option rust.map="hash";


/// An order.
/// Second line.
message Order[type_id=0x1001]{
  /// The id.
  id@0:u64;   // trailing
    tags @1 : list < string > ;


  /* block */ qty @2 : u32 = 1 [ deprecated , json_name = "q" ] ;
  hash @3:[u8;32];
  m @4 : map<string,list<optional<common.v1.Money>>>;
  neg @5 : i32 = - 5;
  // a comment before the closing brace
}
enum Side[repr=u8]{BUY=0;SELL=1;}union P{text:string;nothing[default];}
struct V{x:f32;}
message E{}
message F {
}
"#;

#[test]
fn messy_input() {
    insta::assert_snapshot!(fmt(MESSY));
}

#[test]
fn idempotent() {
    let once = fmt(MESSY);
    assert_eq!(fmt(&once), once);
    assert!(is_formatted(&once));
    assert!(!is_formatted(MESSY));
    for path in ["tests/schemas/everything.zw", "tests/schemas/common.zw", "tests/schemas/services.zw"] {
        let text = std::fs::read_to_string(path).unwrap();
        let once = fmt(&text);
        assert_eq!(fmt(&once), once, "{path}");
    }
}

#[test]
fn test_schemas_are_canonical() {
    for path in ["tests/schemas/everything.zw", "tests/schemas/common.zw", "tests/schemas/services.zw"] {
        let text = std::fs::read_to_string(path).unwrap();
        assert_eq!(fmt(&text), text, "{path} is not in canonical form");
    }
}

#[test]
fn keeps_every_comment() {
    let out = fmt(MESSY);
    for c in [
        "// leading comment",
        "/// An order.",
        "/// Second line.",
        "/// The id.",
        "// trailing",
        "/* block */",
        "// a comment before the closing brace",
    ] {
        assert!(out.contains(c), "lost {c:?}:\n{out}");
    }
}

#[test]
fn keeps_the_meaning() {
    let common = std::fs::read_to_string("tests/schemas/common.zw").unwrap();
    let everything = std::fs::read_to_string("tests/schemas/everything.zw").unwrap();
    let messy_everything = everything.replace('\n', " \n\n\n ").replace(" : ", ":");
    let a = check_sources(&[("everything.zw", &everything), ("common.zw", &common)]).unwrap();
    let formatted = fmt(&messy_everything);
    let b = check_sources(&[("everything.zw", &formatted), ("common.zw", &common)]).unwrap();
    assert_eq!(compare(&a, &b), vec![]);
    assert_eq!(a.messages.len(), b.messages.len());
    for (x, y) in a.messages.iter().zip(&b.messages) {
        assert_eq!(
            x.fields.iter().map(|f| (&f.name, &f.ty, &f.doc)).collect::<Vec<_>>(),
            y.fields.iter().map(|f| (&f.name, &f.ty, &f.doc)).collect::<Vec<_>>()
        );
    }
}

#[test]
fn refuses_text_with_syntax_errors() {
    let err = format_source("bad.zw", "message M { a @0 u8; }").unwrap_err();
    assert_eq!(err.iter().next().unwrap().code(), "expected");
}

const MESSY_SERVICE: &str = "package p;message A{}
/// Orders.
service   Orders{
  /// One.
  rpc Place ( A )returns( A ) ;   // trailing
rpc Watch(A) returns(stream  A)[deprecated];


  rpc Upload( stream A ) returns ( A );rpc Chat(stream A) returns (stream A);
}service Empty{ }
";

#[test]
fn services() {
    let once = fmt(MESSY_SERVICE);
    insta::assert_snapshot!(once);
    assert_eq!(fmt(&once), once);
    assert!(is_formatted(&once));
    let a = check_sources(&[("a.zw", MESSY_SERVICE)]).unwrap();
    let b = check_sources(&[("a.zw", &once)]).unwrap();
    assert_eq!(compare(&a, &b), vec![]);
    assert_eq!(a.services[0].methods.len(), b.services[0].methods.len());
}
