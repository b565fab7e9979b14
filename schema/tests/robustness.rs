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
    _ @7 : u8;
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
    // `ZW_FUZZ_ITERS=200000 cargo test --test robustness random` for a longer run.
    let iters: usize = std::env::var("ZW_FUZZ_ITERS").ok().and_then(|v| v.parse().ok()).unwrap_or(3000);
    for _ in 0..iters {
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

/// Random well-formed-looking schemas (mostly valid, a few mistakes): the
/// checker, fmt and breaking never panic; a schema compared with itself has
/// no finding; fmt is idempotent.
#[test]
fn random_schemas_never_panic() {
    const SCALARS: &[&str] = &[
        "bool",
        "u8",
        "u16",
        "u32",
        "u64",
        "i8",
        "i64",
        "f32",
        "f64",
        "char",
        "[u8; 4]",
        "[bool; 2]",
        "E0",
        "E1",
        "S0",
    ];
    const INDIRECT: &[&str] = &[
        "string",
        "bytes",
        "list<u8>",
        "list<string>",
        "list<M0>",
        "map<string, M1>",
        "map<E0, u8>",
        "optional<u32>",
        "optional<M0>",
        "optional<U0>",
        "list<U1>",
        "map<u64, list<M2>>",
        "U0",
        "U1",
    ];
    const BAD: &[&str] = &["Nope", "map<f32, u8>", "optional<optional<u8>>", "list<optional<u8>>", "[string; 2]", "M0"];
    const DEFAULTS: &[&str] = &[" = 1", " = -1", " = 300", " = true", " = 1.5", " = inf", " = A", " = \"x\""];
    const ATTRS: &[&str] = &[" [deprecated]", " [json_name = \"k\"]", " [default]", " [repr = u8]"];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    // A field type for message `m` (plain message fields only point forward: no cycles).
    fn pick(next: &mut impl FnMut(usize) -> usize, m: usize) -> String {
        match next(40) {
            0 => BAD[next(BAD.len())].to_string(),
            1..=15 => SCALARS[next(SCALARS.len())].to_string(),
            16..=19 if m < 2 => format!("M{}", m + 1 + next(2 - m)),
            _ => INDIRECT[next(INDIRECT.len())].to_string(),
        }
    }
    let iters: usize = std::env::var("ZW_FUZZ_ITERS").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
    let mut ok = 0;
    let mut prev: Option<zerowire_schema::ir::Schema> = None;
    for _ in 0..iters {
        let mut src = String::from("package p;\n");
        for m in 0..3 {
            src.push_str(&format!("message M{m} {{\n"));
            let n = next(6);
            for f in 0..n {
                let ord = if next(40) == 0 { f + 1 } else { f };
                let ty = pick(&mut next, m);
                let default = if next(12) == 0 { DEFAULTS[next(DEFAULTS.len())] } else { "" };
                let attr = if next(8) == 0 { ATTRS[next(ATTRS.len())] } else { "" };
                src.push_str(&format!("    f{f} @{ord} : {ty}{default}{attr};\n"));
            }
            src.push_str("}\n");
        }
        for e in 0..2 {
            let attr = if next(4) == 0 { ATTRS[next(ATTRS.len())] } else { "" };
            src.push_str(&format!("enum E{e}{attr} {{ A = 0; B = {}; }}\n", 1 + next(300)));
        }
        for u in 0..2 {
            let arms: String = (0..1 + next(3))
                .map(|a| {
                    let ty = if next(2) == 0 { String::new() } else { format!(" : {}", pick(&mut next, 3)) };
                    let attr = if next(6) == 0 { ATTRS[next(ATTRS.len())] } else { "" };
                    format!("a{a}{ty}{attr}; ")
                })
                .collect();
            src.push_str(&format!("union U{u} {{ {arms}}}\n"));
        }
        src.push_str(&format!("struct S0 {{ x : {}; }}\n", ["u8", "f64", "E1", "[i16; 3]", "bool"][next(5)]));
        match check_source("r.zw", &src) {
            Ok(schema) => {
                ok += 1;
                assert_eq!(zerowire_schema::breaking::compare(&schema, &schema), vec![], "{src}");
                if let Some(p) = &prev {
                    let _ = zerowire_schema::breaking::compare(p, &schema);
                    for f in zerowire_schema::breaking::compare(&schema, p) {
                        let _ = f.render(&schema, p);
                    }
                }
                prev = Some(schema);
            }
            Err(e) => {
                let _ = e.render();
            }
        }
        let once = format_source("r.zw", &src).unwrap();
        assert_eq!(format_source("r.zw", &once).unwrap(), once);
    }
    eprintln!("{ok} of {iters} random schemas checked clean");
    assert!(ok > iters / 20, "too few random schemas checked clean: {ok}");
}
