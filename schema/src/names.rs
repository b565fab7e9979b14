//! Names the generated Rust code cannot use, or can use only as raw
//! identifiers (`r#type`).

/// Rust keywords (strict, reserved and 2018+ edition keywords). A field or
/// variant with such a name becomes a raw identifier (`r#type`); a type may
/// not have one.
pub const RUST_KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers: no name may be one of these.
pub const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Names of the language's built-in types; no declared type may use them.
pub const BUILTIN_TYPES: &[&str] = &[
    "bool", "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "f32", "f64", "char", "string", "bytes", "list",
    "map", "optional",
];

/// Standard types the generated code names unqualified; a declared type may not shadow them.
pub const PRELUDE_TYPES: &[&str] = &["Option", "Vec", "String", "Box"];

/// Whether `name` is a Rust keyword.
pub fn is_rust_keyword(name: &str) -> bool {
    RUST_KEYWORDS.contains(&name)
}

/// Whether a member (field, variant, arm) named `name` would collide with
/// the generated `Unknown` arm of enums and unions (`unknown`, `UNKNOWN`, `Unknown`).
pub fn is_unknown_arm(name: &str) -> bool {
    name.replace('_', "").eq_ignore_ascii_case("unknown")
}
