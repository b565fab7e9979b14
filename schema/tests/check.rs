//! The checker on real files: what the produced `ir::Schema` holds.

use zerowire_schema::ir::{BytesType, EnumRepr, MapType, MethodKind, Type, Value};
use zerowire_schema::{check_source, check_sources, load};

fn everything() -> zerowire_schema::ir::Schema {
    load(&["tests/schemas/everything.zw"], &[] as &[&str]).unwrap_or_else(|e| panic!("{}", e.render()))
}

#[test]
fn everything_checks() {
    let s = everything();
    assert_eq!(s.files.len(), 2);
    assert_eq!(s.files[0].package, "shop.v1");
    assert_eq!(s.files[1].package, "common.v1");
    assert!(s.files[1].path.ends_with("common.zw"));
    let names: Vec<&str> = s.messages.iter().map(|m| m.full_name.as_str()).collect();
    assert_eq!(names, ["shop.v1.Order", "shop.v1.Empty", "shop.v1.Tree", "common.v1.Money"]);
    assert_eq!(s.rust.bytes_type, BytesType::Bytes);
    assert_eq!(s.rust.map_type, MapType::Hash);
    assert!(s.rust.extra_derives.is_empty());
}

#[test]
fn messages_and_fields() {
    let s = everything();
    let order = &s.messages[0];
    assert_eq!((order.name.as_str(), order.type_id, order.type_id_explicit), ("Order", 0x1001, true));
    assert_eq!(order.doc, ["An order.", "", "Doc comments are carried into the generated Rust code."]);
    for (i, f) in order.fields.iter().enumerate() {
        assert_eq!(usize::from(f.ordinal), i);
        // Spans point at the source.
        let text = &s.files[f.span.file].text[f.span.range.clone()];
        assert!(text.starts_with(&f.name), "{text}");
        assert!(text.ends_with(';'));
    }
    let f = |name: &str| order.fields.iter().find(|f| f.name == name).unwrap();
    assert_eq!(f("id").doc, ["The order id."]);
    assert_eq!(f("symbol").json_name.as_deref(), Some("sym"));
    assert_eq!(f("qty").default, Some(Value::Int(1)));
    assert!(f("old").deprecated && !f("id").deprecated);
    assert_eq!(f("side").default, Some(Value::Enum(0)));
    assert_eq!(f("confidence").default, Some(Value::Enum(1)));
    assert_eq!(f("ratio").default, Some(Value::Float(-1.5)));
    assert_eq!(f("scale").default, Some(Value::Float(f64::INFINITY)));
    assert_eq!(f("large").default, Some(Value::Int(i128::from(i64::MIN))));
    assert_eq!(f("enabled").default, Some(Value::Bool(true)));
    assert_eq!(f("hash").ty, Type::Array(Box::new(Type::U8), 32));
    assert_eq!(f("type").ty, Type::String);
    assert_eq!(f("next").ty, Type::Optional(Box::new(Type::Message(0))));
    assert_eq!(f("matrix").ty, Type::List(Box::new(Type::List(Box::new(Type::I32)))));
    let money = s.messages.iter().position(|m| m.name == "Money").unwrap();
    assert_eq!(f("price").ty, Type::Message(money));
    assert_eq!(&s.files[0].text[f("price").ty_span.range.clone()], "common.v1.Money");
    let empty = s.messages.iter().find(|m| m.name == "Empty").unwrap();
    assert_eq!(empty.type_id, zerowire::meta::type_id("shop.v1.Empty"));
    assert!(!empty.type_id_explicit);
}

#[test]
fn enums_unions_structs() {
    let s = everything();
    let side = s.enums.iter().find(|e| e.name == "Side").unwrap();
    assert_eq!(side.repr, EnumRepr::U8);
    assert_eq!(
        side.variants.iter().map(|v| (v.name.as_str(), v.value)).collect::<Vec<_>>(),
        [("BUY", 0), ("SELL", 1), ("SHORT", 7)]
    );
    assert_eq!(side.variants[0].doc, ["Buying."]);
    assert_eq!(s.enums.iter().find(|e| e.name == "Status").unwrap().repr, EnumRepr::U16);
    assert_eq!(s.enums.iter().find(|e| e.name == "Confidence").unwrap().repr, EnumRepr::U32);
    let default_arm = |name: &str| {
        let u = s.unions.iter().find(|u| u.name == name).unwrap();
        assert_eq!(u.arms.iter().filter(|a| a.default).count(), 1, "{name}");
        u.arms.iter().find(|a| a.default).unwrap().name.clone()
    };
    assert_eq!(default_arm("AttrValue"), "none");
    assert_eq!(default_arm("Payload"), "nothing");
    assert_eq!(default_arm("Shape"), "square");
    let payload = s.unions.iter().find(|u| u.name == "Payload").unwrap();
    assert_eq!(payload.arms.iter().map(|a| a.tag).collect::<Vec<_>>(), [1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(payload.arms[6].ty, None);
    let pixel = s.structs.iter().find(|x| x.name == "Pixel").unwrap();
    assert_eq!(pixel.fields.len(), 5);
    assert_eq!(pixel.fields[1].ty, Type::Array(Box::new(Type::U8), 3));
}

#[test]
fn implicit_default_arm() {
    let s = check_source("u.zw", "union A { x : u8; y; z; } union B { x : u8; y : string; }").unwrap();
    assert_eq!(s.unions[0].arms.iter().map(|a| a.default).collect::<Vec<_>>(), [false, true, false]);
    assert_eq!(s.unions[1].arms.iter().map(|a| a.default).collect::<Vec<_>>(), [true, false]);
}

#[test]
fn names_resolve_in_the_package_then_fully_qualified() {
    let s = check_sources(&[
        (
            "dir/main.zw",
            "package app; import \"lib.zw\"; message M { a @0 : A; b @1 : lib.v1.L; c @2 : app.A; } message A {}",
        ),
        ("dir/lib.zw", "package lib.v1; message L {}"),
    ])
    .unwrap();
    let m = &s.messages[0];
    assert_eq!(m.fields[0].ty, Type::Message(1));
    assert_eq!(m.fields[1].ty, Type::Message(2));
    assert_eq!(m.fields[2].ty, Type::Message(1));
    // Bare names of another package do not resolve.
    let err = check_sources(&[
        ("main.zw", "package app; import \"lib.zw\"; message M { a @0 : L; }"),
        ("lib.zw", "package lib.v1; message L {}"),
    ])
    .unwrap_err();
    assert_eq!(err.iter().next().unwrap().code(), "undefined_type");
    assert!(err.iter().next().unwrap().help_text().unwrap().contains("lib.v1.L"));
}

#[test]
fn imports_are_not_transitive() {
    let err = check_sources(&[
        ("a.zw", "import \"b.zw\"; message A { c @0 : C; }"),
        ("b.zw", "import \"c.zw\";"),
        ("c.zw", "message C {}"),
    ])
    .unwrap_err();
    assert_eq!(err.iter().map(|d| d.code()).collect::<Vec<_>>(), ["not_imported"]);
}

#[test]
fn a_file_loaded_twice_is_one_file() {
    let s = load(&["tests/schemas/everything.zw", "tests/schemas/common.zw"], &[] as &[&str]).unwrap();
    assert_eq!(s.files.len(), 2);
    assert_eq!(s.messages.len(), 4);
}

#[test]
fn errors_of_several_files_come_file_by_file() {
    let err =
        check_sources(&[("a.zw", "import \"b.zw\"; message A { x @1 : u8; }"), ("b.zw", "message B { y @0 : Nope; }")])
            .unwrap_err();
    let shorts: Vec<String> = err.iter().map(|d| d.short()).collect();
    assert_eq!(shorts, ["a.zw:1:24: ordinals of `A` must be @0 to @0: @0 missing", "b.zw:1:20: undefined type `Nope`"]);
}

#[test]
fn keywords_become_raw_identifiers_not_errors() {
    // Code generation writes r#type, renames self -> self_, and picks another
    // name for the open arm when a variant is called Unknown.
    let ok = "message M { type @0 : u8; fn @1 : u8; self @2 : u8; } enum E { loop = 0; UNKNOWN = 1; Self = 2; } \
              message type {} union U { unknown; super : u8; } struct String { crate : u8; }";
    let s = check_source("k.zw", ok).unwrap_or_else(|e| panic!("{}", e.render()));
    assert_eq!(s.messages[0].fields[0].name, "type");
    for bad in
        ["message string {}", "enum list { A = 0; }", "message _ {}", "message M { _ @0 : u8; }", "union U { _; }"]
    {
        assert_eq!(check_source("k.zw", bad).unwrap_err().iter().next().unwrap().code(), "reserved_name", "{bad}");
    }
}

#[test]
fn data_section_limit_follows_the_slot_layout() {
    let bools = |n: usize| (0..n).map(|i| format!("b{i} @{} : bool;", i + 1)).collect::<String>();
    let ok = format!("message M {{ a @0 : [u8; 65534]; {} }}", bools(8));
    assert!(check_source("m.zw", &ok).is_ok());
    let too_big = format!("message M {{ a @0 : [u8; 65534]; {} }}", bools(9));
    let err = check_source("m.zw", &too_big).unwrap_err();
    assert_eq!(err.iter().map(|d| d.code()).collect::<Vec<_>>(), ["message_too_large"]);
    // Optional scalars take a presence bit; structs count their fields' wire sizes.
    let s = "struct S { a : [u8; 65000]; b : u16; } message M { s @0 : S; o @1 : optional<u32>; }";
    assert!(check_source("m.zw", s).is_ok());
    let s = "struct S { a : [u8; 65000]; b : u16; } message M { s @0 : S; o @1 : optional<[u8; 600]>; }";
    assert_eq!(check_source("m.zw", s).unwrap_err().iter().next().unwrap().code(), "message_too_large");
}

#[test]
fn typos_get_a_suggestion() {
    let help = |src: &str| {
        let err = check_source("t.zw", src).unwrap_err();
        err.iter().next().unwrap().help_text().unwrap_or_default().to_string()
    };
    assert_eq!(help("message M { a @0 : strng; }"), "did you mean `string`?");
    assert_eq!(help("package p; message Money {} message M { a @0 : Mony; }"), "did you mean `Money`?");
    assert_eq!(help("package p; message Money {} message M { a @0 : p.Mony; }"), "did you mean `Money`?");
    assert!(help("message M { a @0 : Zzzzzz; }").starts_with("built-in types are"));
}

/// Unions that reach each other through union arms alone have views of
/// infinite size (the derive cannot compile them): refused, located.
#[test]
fn unions_recursing_only_through_unions_are_refused() {
    let src = "package p;\nunion A { b : optional<B>; x : u8; }\nunion B { a : optional<A>; y : u8; }\nmessage M { a @0 : A; }\n";
    let err = zerowire_schema::check_source("u.zw", src).unwrap_err();
    let shorts: Vec<String> = err.iter().map(|d| d.short()).collect();
    assert_eq!(shorts.len(), 1, "{shorts:?}");
    assert!(shorts[0].starts_with("u.zw:3:11: `A` contains itself"), "{shorts:?}");
    // Through a message the cycle is fine: a message's view is a table.
    let ok = "package p;\nunion A { b : optional<W>; x : u8; }\nmessage W { a @0 : optional<A>; }\n";
    zerowire_schema::check_source("ok.zw", ok).unwrap();
}

#[test]
fn services_resolve_their_messages() {
    let s = load(&["tests/schemas/services.zw"], &["tests/schemas"]).unwrap_or_else(|e| panic!("{}", e.render()));
    assert_eq!(s.services.len(), 1);
    let orders = &s.services[0];
    assert_eq!((orders.full_name.as_str(), orders.name.as_str()), ("orders.v1.Orders", "Orders"));
    assert_eq!(orders.doc, ["Places and watches orders."]);
    let msg = |i: usize| s.messages[i].full_name.as_str();
    let got: Vec<(&str, &str, bool, &str, bool, MethodKind)> = orders
        .methods
        .iter()
        .map(|m| (m.name.as_str(), msg(m.request), m.request_stream, msg(m.response), m.response_stream, m.kind()))
        .collect();
    assert_eq!(
        got,
        [
            ("Place", "orders.v1.NewOrder", false, "orders.v1.OrderAck", false, MethodKind::Unary),
            ("Watch", "orders.v1.WatchRequest", false, "orders.v1.Tick", true, MethodKind::ServerStreaming),
            ("Upload", "common.v1.Money", true, "orders.v1.Summary", false, MethodKind::ClientStreaming),
            ("Chat", "orders.v1.Msg", true, "orders.v1.Msg", true, MethodKind::BidiStreaming),
        ]
    );
    assert_eq!(orders.methods[1].doc, ["The next `count` ticks of a symbol."]);
    // Spans point at the source.
    let text = |sp: &zerowire_schema::ir::Span| &s.files[sp.file].text[sp.range.clone()];
    assert_eq!(text(&orders.methods[2].span), "rpc Upload(stream common.v1.Money) returns (Summary);");
    assert_eq!(text(&orders.methods[2].request_span), "common.v1.Money");
    assert_eq!(text(&orders.methods[3].response_span), "Msg");
    assert!(text(&orders.span).starts_with("service Orders {"));
}

#[test]
fn services_are_not_types_and_generate_nothing_without_methods() {
    let s = check_source(
        "t.zw",
        "message A {}\nservice Empty {}\nservice S { rpc Old(A) returns (A) [deprecated]; rpc type(A) returns (A); }",
    )
    .unwrap();
    assert_eq!(s.services.iter().map(|v| v.methods.len()).collect::<Vec<_>>(), [0, 2]);
    assert!(s.services[1].methods[0].deprecated);
    assert!(!s.services[1].methods[1].deprecated);
    // Services are not among the types.
    assert_eq!(s.messages.len(), 1);
    assert!(s.enums.is_empty() && s.unions.is_empty() && s.structs.is_empty());
}
