//! One test per diagnostic: a schema with exactly that mistake, and the
//! rendered report (no colors, 100 columns) as an insta snapshot.

use zerowire_schema::{Diagnostics, check_sources};

/// Checks `files` (the first is the one with the mistake), asserts exactly
/// one diagnostic with `code`, returns its rendering.
fn one(code: &str, files: &[(&str, &str)]) -> String {
    let err: Diagnostics = match check_sources(files) {
        Ok(_) => panic!("`{code}`: no error"),
        Err(e) => e,
    };
    let codes: Vec<&str> = err.iter().map(|d| d.code()).collect();
    assert_eq!(codes, [code], "{}", err.render());
    let d = err.iter().next().unwrap();
    assert!(d.line_col().is_some(), "`{code}` has no location");
    d.render()
}

macro_rules! diag {
    ($code:ident, [$(($p:expr, $t:expr)),+ $(,)?]) => {
        #[test]
        fn $code() {
            insta::assert_snapshot!(one(stringify!($code), &[$(($p, $t)),+]));
        }
    };
    ($code:ident, $src:expr) => {
        diag!($code, [("test.zw", $src)]);
    };
}

// ---- lexer ----------------------------------------------------------------
diag!(unexpected_char, "message M { a @0 : u8; $ }");
diag!(unterminated_comment, "message M {}\n/* never closed");
diag!(unterminated_string, "option rust.bytes = \"bytes;\nmessage M {}");
diag!(invalid_escape, "option rust.bytes = \"by\\qtes\";");
diag!(invalid_number, "message M { a @0x : u8; }");
diag!(number_too_large, "message M { a @0 : u8 = 999999999999999999999999999999999999999999; }");

// ---- parser ---------------------------------------------------------------
diag!(expected, "message M { a @0 u8; }");
diag!(duplicate_package, "package a;\npackage b;");
diag!(package_not_first, "message M {}\npackage a;");
diag!(unclosed_brace, "message M {\n    a @0 : u8;\n");

#[test]
fn nesting_too_deep() {
    let src = format!("message M {{ a @0 : {}u8{}; }}", "list<".repeat(100), ">".repeat(100));
    insta::assert_snapshot!(one("nesting_too_deep", &[("test.zw", &src)]));
}

// ---- files and imports ----------------------------------------------------
diag!(import_not_found, "import \"nowhere.zw\";");
diag!(import_cycle, [("test.zw", "import \"b.zw\";"), ("b.zw", "import \"test.zw\";")]);
diag!(duplicate_import, [("test.zw", "import \"b.zw\";\nimport \"b.zw\";"), ("b.zw", "")]);
diag!(not_imported, [("test.zw", "message M { b @0 : B; }"), ("b.zw", "message B {}")]);

#[test]
fn read_error() {
    let err = zerowire_schema::load(&["tests/schemas/does-not-exist.zw"], &[] as &[&str]).unwrap_err();
    let codes: Vec<&str> = err.iter().map(|d| d.code()).collect();
    assert_eq!(codes, ["read_error"]);
    insta::assert_snapshot!(err.iter().next().unwrap().render());
}

#[test]
fn imports_refused_in_a_single_text() {
    let err = zerowire_schema::check_source("one.zw", "import \"x.zw\";").unwrap_err();
    assert_eq!(err.iter().next().unwrap().code(), "import_not_found");
    insta::assert_snapshot!(err.iter().next().unwrap().render());
}

// ---- options --------------------------------------------------------------
diag!(unknown_option, "option rust.vec = \"x\";");
diag!(invalid_option, "option rust.map = \"tree\";");
diag!(conflicting_option, "option rust.map = \"hash\";\noption rust.map = \"btree\";");

// ---- names ----------------------------------------------------------------
diag!(duplicate_type, "message M {}\nenum M { A = 0; }");
diag!(reserved_name, "message string {}");
diag!(name_collision, "message Order {}\nmessage OrderView {}");
diag!(undefined_type, "package a;\nmessage M { m @0 : Mony; }");

// ---- types ----------------------------------------------------------------
diag!(invalid_array, "message M { a @0 : [string; 4]; }");
diag!(invalid_list_element, "message M { a @0 : list<optional<u32>>; }");
diag!(invalid_map_key, "message M { a @0 : map<f64, u8>; }");
diag!(nested_optional, "message M { a @0 : optional<optional<u8>>; }");
diag!(invalid_struct_field, "struct S { name : string; }");
diag!(infinite_recursion, "message A { b @0 : B; }\nmessage B { a @0 : A; }");

// ---- attributes -----------------------------------------------------------
diag!(unknown_attribute, "message M { a @0 : u8 [deprecate]; }");
diag!(invalid_attribute, "message M { a @0 : u8 [json_name]; }");
diag!(duplicate_attribute, "message M { a @0 : u8 [deprecated, deprecated]; }");
diag!(invalid_type_id, "message M [type_id = 0x100000000] {}");
diag!(duplicate_type_id, "message A [type_id = 7] {}\nmessage B [type_id = 7] {}");

// ---- messages -------------------------------------------------------------
diag!(duplicate_field, "message M {\n    a @0 : u8;\n    a @1 : u8;\n}");
diag!(invalid_ordinal, "message M { a @65536 : u8; }");
diag!(duplicate_ordinal, "message M {\n    a @0 : u8;\n    b @0 : u8;\n}");
diag!(missing_ordinal, "message M {\n    a @0 : u8;\n    b @2 : u8;\n}");
diag!(message_too_large, "message M {\n    a @0 : [u64; 8000];\n    b @1 : [u64; 200];\n}");
diag!(duplicate_json_name, "message M {\n    a @0 : u8;\n    b @1 : u8 [json_name = \"a\"];\n}");
diag!(json_key_conflict, "message M {\n    a @0 : u32 [json_name = \"x\"];\n    c @1 : u32 [json_name = \"a\"];\n}");

/// A name and a `json_name` that cross are refused too, however declared;
/// a `json_name` equal to its own field's name is no conflict.
#[test]
fn json_key_conflict_in_every_arrangement() {
    for src in [
        "message M { a @0 : u8 [json_name = \"b\"]; b @1 : u8 [json_name = \"a\"]; }",
        "message M { c @0 : u8 [json_name = \"a\"]; a @1 : u8 [json_name = \"x\"]; }",
        "message M { k @0 : u8 [deprecated, json_name = \"kay\"]; b @1 : u8 [json_name = \"k\"]; }",
    ] {
        let err = check_sources(&[("test.zw", src)]).err().unwrap_or_else(|| panic!("accepted: {src}"));
        let codes: Vec<&str> = err.iter().map(|d| d.code()).collect();
        assert_eq!(codes, ["json_key_conflict"], "{src}");
    }
    assert!(check_sources(&[("test.zw", "message M { a @0 : u8 [json_name = \"a\"]; b @1 : u8; }")]).is_ok());
}
diag!(invalid_default, "message M { a @0 : bool = 1; }");
diag!(default_out_of_range, "message M { a @0 : i8 = -129; }");
diag!(default_not_allowed, "message M { a @0 : string = \"x\"; }");

// ---- enums ----------------------------------------------------------------
diag!(empty_enum, "enum E {}");
diag!(duplicate_variant, "enum E { A = 0; A = 1; }");
diag!(duplicate_enum_value, "enum E { A = 0; B = 0; }");
diag!(enum_value_out_of_range, "enum E [repr = u8] { A = 256; }");

// ---- unions and structs -----------------------------------------------------
diag!(empty_union, "union U {}");
diag!(duplicate_arm, "union U { a : u8; a; }");
diag!(multiple_default_arms, "union U { a [default]; b [default]; }");
diag!(empty_struct, "struct S {}");

#[test]
fn too_many_arms() {
    let arms: String = (0..65_535).map(|i| format!("a{i};")).collect();
    let src = format!("union U {{ {arms} }}");
    let err = check_sources(&[("test.zw", &src)]).unwrap_err();
    let codes: Vec<&str> = err.iter().map(|d| d.code()).collect();
    assert_eq!(codes, ["too_many_arms"]);
}

// ---- services ---------------------------------------------------------------
diag!(duplicate_rpc, "message A {}\nservice S {\n    rpc M(A) returns (A);\n    rpc M(stream A) returns (A);\n}");
diag!(invalid_rpc_type, "enum Side { BUY = 0; }\nmessage R {}\nservice S {\n    rpc M(Side) returns (R);\n}");
diag!(not_a_type, "service Orders {}\nmessage M { s @0 : Orders; }");

/// A service shares the types' namespace (as in protobuf): the Rust trait
/// of service `Orders` is `Orders`.
#[test]
fn a_service_and_a_type_of_one_name_are_a_duplicate() {
    insta::assert_snapshot!(one("duplicate_type", &[("test.zw", "package p;\nmessage Orders {}\nservice Orders {}")]));
}

/// The generated modules `orders_server` / `orders_client` and the Rust
/// method names (snake_case) must not collide.
#[test]
fn service_names_collide_with_generated_code() {
    insta::assert_snapshot!(
        "service_module_collision",
        one("name_collision", &[("test.zw", "package p;\nmessage orders_client {}\nservice Orders {}")])
    );
    insta::assert_snapshot!(
        "service_modules_of_two_services",
        one("name_collision", &[("test.zw", "service OrderS {}\nservice Order_s {}")])
    );
    insta::assert_snapshot!(
        "rpc_method_collision",
        one(
            "name_collision",
            &[("test.zw", "message A {}\nservice S {\n    rpc GetA(A) returns (A);\n    rpc get_a(A) returns (A);\n}")]
        )
    );
    // Names that cannot be raw identifiers get a `_`: `self` is `self_`,
    // and a service `Self` is `Self_`, whose modules are `self__server`.
    for src in [
        "message A {}\nservice S { rpc self(A) returns (A); rpc self_(A) returns (A); }",
        "service Self {}\nmessage self__client {}",
    ] {
        let err = check_sources(&[("test.zw", src)]).err().unwrap_or_else(|| panic!("accepted: {src}"));
        let codes: Vec<&str> = err.iter().map(|d| d.code()).collect();
        assert_eq!(codes, ["name_collision"], "{src}");
    }
    assert!(check_sources(&[("test.zw", "service Self {}\nmessage self_client {}")]).is_ok());
}

/// rpc types resolve like field types: same package first, then fully
/// qualified, imports required, typos suggested.
#[test]
fn rpc_types_resolve_like_field_types() {
    insta::assert_snapshot!(
        "rpc_undefined_type",
        one(
            "undefined_type",
            &[("test.zw", "package p;\nmessage NewOrder {}\nservice S {\n    rpc M(NewOrdr) returns (NewOrder);\n}")]
        )
    );
    let files = [
        ("a.zw", "package a;\nimport \"b.zw\";\nservice S {\n    rpc M(b.Req) returns (c.Resp);\n}"),
        ("b.zw", "package b;\nmessage Req {}"),
        ("c.zw", "package c;\nmessage Resp {}"),
    ];
    insta::assert_snapshot!("rpc_type_not_imported", one("not_imported", &files));
    for (src, code) in [
        ("message R {}\nservice S { rpc M(u32) returns (R); }", "invalid_rpc_type"),
        ("message R {}\nunion U { a; }\nservice S { rpc M(R) returns (stream U); }", "invalid_rpc_type"),
        ("message R {}\nservice S { rpc M(R) returns (S); }", "not_a_type"),
        ("message R {}\nservice S { rpc _(R) returns (R); }", "reserved_name"),
        ("message R {}\nservice S [x] { rpc M(R) returns (R) [type_id = 1]; }", "unknown_attribute"),
    ] {
        let err = check_sources(&[("test.zw", src)]).err().unwrap_or_else(|| panic!("accepted: {src}"));
        let codes: Vec<&str> = err.iter().map(|d| d.code()).collect();
        assert!(!codes.is_empty() && codes.iter().all(|c| *c == code), "{src}: {codes:?}");
    }
}

/// Every code documented in SCHEMA.md section 10 is produced by the source
/// and has a test here, and the other way round.
#[test]
fn documented_codes_match_the_source_and_the_tests() {
    let doc = std::fs::read_to_string("../docs/SCHEMA.md").unwrap();
    let section = doc.split("## 10. Diagnostics").nth(1).unwrap().split("## 11.").next().unwrap();
    let mut documented: Vec<String> = section
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| stage"))
        .flat_map(|l| l.split('`').skip(1).step_by(2).map(str::to_string).collect::<Vec<_>>())
        .collect();
    documented.sort();
    let mut in_source = Vec::new();
    let mut stack = vec![std::path::PathBuf::from("src")];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        for part in text.split("Diag::error(").skip(1) {
            let code = part.trim_start().trim_start_matches('"');
            let code: String = code.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
            in_source.push(code);
        }
    }
    in_source.sort();
    in_source.dedup();
    assert_eq!(documented, in_source);
    let tests = std::fs::read_to_string("tests/diagnostics.rs").unwrap();
    for code in &documented {
        let tested = tests.contains(&format!("diag!({code},"))
            || tests.contains(&format!("fn {code}()"))
            || tests.contains(&format!("\"{code}\""));
        assert!(tested, "no test for `{code}`");
    }
}

#[test]
fn too_many_errors() {
    let src: String = (0..1_100).map(|i| format!("message M{i} {{ a @0 : Nope; }}\n")).collect();
    let err = check_sources(&[("test.zw", &src)]).unwrap_err();
    let last = err.iter().last().unwrap();
    assert_eq!(last.code(), "too_many_errors");
    insta::assert_snapshot!(last.render());
}

/// A missing `;` is reported where the statement ends, and the statement is
/// kept: its own mistakes and the next statement's are reported in the same
/// run.
#[test]
fn missing_semicolon_reports_every_error() {
    let src = "package p\n\nmessage M {\n    a @0 : i64 = \"x\"\n    b @1 : Undefined;\n    c @2 : u8\n}\n\nenum E {\n    A = 0\n    B = \"one\";\n}\n";
    let err = check_sources(&[("test.zw", src)]).unwrap_err();
    let codes: Vec<&str> = err.iter().map(|d| d.code()).collect();
    assert_eq!(codes.iter().filter(|c| **c == "expected").count(), 5, "{}", err.render());
    assert!(codes.len() > 5, "the other mistakes are reported too: {}", err.render());
    insta::assert_snapshot!(err.render());
}

/// On one line, a missing `;` cannot be told from a wrong token: the member
/// is skipped to its `;`, as before, and the next members are still read.
#[test]
fn missing_semicolon_on_one_line() {
    let err = check_sources(&[("test.zw", "message M { a @0 : u8 b @1 : u8; c @2 : Nope; }")]).unwrap_err();
    insta::assert_snapshot!(err.render());
}
