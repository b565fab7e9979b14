//! Hostile input: many mistakes at once, deep nesting, random text. Every
//! entry point returns located diagnostics and never panics.

use zerowire_schema::{check_source, fmt::format_source, parse_file};

/// Twenty independent mistakes, each on its own line: twenty diagnostics,
/// one per line, in order.
#[test]
fn twenty_mistakes_give_twenty_located_diagnostics() {
    let src = r#"package shop.v1;
import "common.zw";
option rust.map = "tree";
message Order [type_id = 0] {
    id @0 : u64;
    id @1 : u32;
    price @2 : Money;
    qty @3 : u8 = 300;
    note @4 : string = 5;
    by_price @5 : map<f32, u8>;
    side @6 : Side = HOLD;
    self @7 : u8;
    tags @8 list<string>;
    deep @9 : optional<optional<u8>>;
    ok @10 : bool [deprecate];
    hash @11 : [string; 4];
    mark @12 : u8 = $;
}
enum Side [repr = u8] { BUY = 0; SELL = 0; }
enum Wide [repr = u8] { BIG = 256; }
union Payload { a : u8 [default]; b [default]; }
struct Empty {}
message Loop { next @0 : Loop; }
"#;
    let err = check_source("order.zw", src).unwrap_err();
    let lines: Vec<usize> = err.iter().map(|d| d.line_col().unwrap().0).collect();
    let shorts: Vec<String> = err.iter().map(|d| d.short()).collect();
    assert_eq!(err.len(), 20, "{}", shorts.join("\n"));
    let expected: Vec<usize> = (2..=23).filter(|l| *l != 5 && *l != 18).collect();
    assert_eq!(lines, expected, "{}", shorts.join("\n"));
    insta::assert_snapshot!(shorts.join("\n"));
}

#[test]
fn ten_thousand_nested_brackets_give_one_error() {
    let n = 10_000;
    let cases = [
        format!("message M {{ f @0 : {}u8{}; }}", "list<".repeat(n), ">".repeat(n)),
        format!("message M {{ f @0 : {}u8{}; }}", "optional<".repeat(n), ">".repeat(n)),
        format!("message M {{ f @0 : {}u8; 1]; }}", "[".repeat(n)),
        format!("message M {{ f @0 : {}", "map<".repeat(n)),
        "{".repeat(n),
        "}".repeat(n),
        "[".repeat(n),
        "<".repeat(n),
        format!("message M {}", "{".repeat(n)),
    ];
    for src in &cases {
        let err = check_source("deep.zw", src).unwrap_err();
        assert!(err.len() <= 2, "{}: {}", &src[..40], err);
        for d in err.iter() {
            assert!(d.line_col().is_some());
        }
        assert!(format_source("deep.zw", src).is_err());
    }
}

#[test]
fn no_panic_on_unterminated_or_odd_input() {
    for src in [
        "",
        "\"",
        "/*",
        "///",
        "message",
        "message M",
        "message M {",
        "message M { a @",
        "message M { a @0 :",
        "message M { a @0 : u8 =",
        "message M { a @0 : u8 = -",
        "message M { a @0 : u8 [",
        "message M { a @0 : u8 [x =",
        "enum E { A = -",
        "union U { a :",
        "option",
        "option a =",
        "import",
        "package",
        "0x",
        "1e",
        "1.5e+",
        "message M { a @340282366920938463463374607431768211456 : u8; }",
        "message M { a @0 : u8 = -170141183460469231731687303715884105729; }",
        "message M { a @0 : [u8; 340282366920938463463374607431768211455]; }",
        "\u{0}\u{feff}é\r\n\t",
        "message M { a @0 : u8; } } } ;;; message",
    ] {
        let _ = parse_file("x.zw", src);
        assert!(check_source("x.zw", src).is_err() || src.is_empty() || src == "///", "{src:?}");
        let _ = format_source("x.zw", src);
    }
}

/// A small deterministic generator: random sequences of the language's
/// fragments; every text goes through parse, check and fmt without panic.
#[test]
fn random_fragments_never_panic() {
    const FRAGMENTS: &[&str] = &[
        "message",
        "enum",
        "union",
        "struct",
        "package",
        "import",
        "option",
        "M",
        "N",
        "a",
        "b",
        "u8",
        "u64",
        "f32",
        "string",
        "list",
        "map",
        "optional",
        "@",
        "0",
        "1",
        "-1",
        "0xff",
        "1.5",
        "inf",
        "nan",
        ":",
        ";",
        ",",
        "=",
        "{",
        "}",
        "[",
        "]",
        "<",
        ">",
        ".",
        "\"s\"",
        "\"",
        "// c\n",
        "/// d\n",
        "/*",
        "*/",
        "default",
        "deprecated",
        "json_name",
        "type_id",
        "repr",
        "\n",
        " ",
        "?",
        "é",
        "self",
        "true",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3000 {
        let len = (next() % 60) as usize;
        let mut src = String::new();
        for _ in 0..len {
            src.push_str(FRAGMENTS[(next() % FRAGMENTS.len() as u64) as usize]);
            if next() % 2 == 0 {
                src.push(' ');
            }
        }
        let _ = parse_file("r.zw", &src);
        if let Err(e) = check_source("r.zw", &src) {
            let _ = e.render();
        }
        if let Ok(f) = format_source("r.zw", &src) {
            assert_eq!(format_source("r.zw", &f).ok().as_deref(), Some(f.as_str()), "{src:?}");
        }
    }
}

/// Big hostile inputs stay fast and the report stays bounded.
#[test]
fn large_inputs_give_bounded_reports() {
    let garbage = "$ a € 1 ".repeat(100_000);
    let err = check_source("g.zw", &garbage).unwrap_err();
    assert!(err.len() <= zerowire_schema::MAX_DIAGNOSTICS + 1, "{}", err.len());
    let many: String = (0..20_000).map(|i| format!("message M{i} {{ a @0 : Nope{i}; }}\n")).collect();
    let err = check_source("m.zw", &many).unwrap_err();
    assert_eq!(err.len(), zerowire_schema::MAX_DIAGNOSTICS + 1);
    assert_eq!(err.iter().last().unwrap().code(), "too_many_errors");
    let fine: String = (0..20_000).map(|i| format!("message M{i} {{ a @0 : M{}; }}\n", (i + 1) % 20_000)).collect();
    // A 20,000-message cycle through plain fields: one error, found without recursion.
    let err = check_source("c.zw", &fine).unwrap_err();
    assert_eq!(err.iter().map(|d| d.code()).collect::<Vec<_>>(), ["infinite_recursion"]);
}
