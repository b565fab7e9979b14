//! Parser snapshots: the syntax tree (with byte spans) of small inputs, and
//! what is kept after syntax errors.

use zerowire_schema::parse_file;

fn tree(src: &str) -> String {
    let (file, diags) = parse_file("test.zw", src);
    let mut out = format!("{file:#?}");
    for d in diags {
        out.push_str(&format!("\n{}", d.short()));
    }
    out
}

#[test]
fn header_lines() {
    insta::assert_snapshot!(tree(
        "/// ignored: doc comments belong to declarations\npackage shop.v1;\nimport \"common.zw\";\noption rust.map = \"hash\";\n"
    ));
}

#[test]
fn message_with_every_field_form() {
    insta::assert_snapshot!(tree(
        "/// An order.\nmessage Order [type_id = 0x1001] {\n    /// The id.\n    id @0 : u64;\n    sym @1 : string [json_name = \"s\"];\n    qty @2 : u32 = 1;\n    old @3 : bool [deprecated];\n    m @4 : map<string, list<optional<a.b.C>>>;\n    h @5 : [u8; 32];\n    r @6 : f64 = -inf;\n}\n"
    ));
}

#[test]
fn enum_union_struct() {
    insta::assert_snapshot!(tree(
        "enum Side [repr = u8] { BUY = 0; SELL = 1; }\nunion P { text : string; nothing [default]; }\nstruct V { x : f32; }\n"
    ));
}

#[test]
fn recovery_keeps_the_good_members() {
    insta::assert_snapshot!(tree(
        "message M {\n    a @0 : u8;\n    b @ : u8;\n    c @2 : list<u8;\n    d @3 : u8;\n}\nenum E { A = x; B = 1; }\n"
    ));
}

#[test]
fn everything_parses_cleanly() {
    for path in ["tests/schemas/everything.zw", "tests/schemas/common.zw", "tests/schemas/services.zw"] {
        let text = std::fs::read_to_string(path).unwrap();
        let (file, diags) = parse_file(path, &text);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(!file.decls.is_empty());
    }
}

#[test]
fn service_with_every_kind_of_rpc() {
    insta::assert_snapshot!(tree(
        "/// Orders.\nservice Orders {\n    /// Place one.\n    rpc Place(NewOrder) returns (a.b.Ack);\n    rpc Watch(W) returns (stream Tick) [deprecated];\n    rpc Up(stream C) returns (S);\n    rpc Chat(stream M) returns (stream M);\n    rpc Named(stream) returns (stream.v1.T);\n}\n"
    ));
}

#[test]
fn service_recovery_keeps_the_good_rpcs() {
    insta::assert_snapshot!(tree(
        "service S {\n    rpc A(X) returns (Y);\n    rpc B(X) (Y);\n    message C {}\n    rpc D(stream X returns (Y);\n    rpc E(list<X>) returns (Y);\n    rpc F(X) returns (Y);\n}\nmessage X {}\n"
    ));
}
