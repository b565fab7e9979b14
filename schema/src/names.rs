//! Names the generated Rust code treats specially.
//!
//! The checker rejects only what cannot work at all (a type named like a
//! built-in type, the name `_`); code generation makes Rust keywords raw
//! identifiers (`r#type`) and renames the few that cannot be raw
//! ([`NOT_RAW`]), keeping the schema name for JSON and `Message::NAME`.

/// Rust keywords (strict, reserved and 2018+ edition keywords).
pub const RUST_KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers (code generation renames them).
pub const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// Names of the language's built-in types; no declared type may use them.
pub const BUILTIN_TYPES: &[&str] = &[
    "bool", "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "f32", "f64", "char", "string", "bytes", "list",
    "map", "optional",
];

/// Whether `name` is a Rust keyword.
pub fn is_rust_keyword(name: &str) -> bool {
    RUST_KEYWORDS.contains(&name)
}
