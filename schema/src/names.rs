//! Names the generated Rust code treats specially.
//!
//! The checker rejects only what cannot work at all (a type named like a
//! built-in type, the name `_`); code generation makes Rust keywords raw
//! identifiers (`r#type`) and renames the few that cannot be raw
//! ([`NOT_RAW`]), keeping the schema name for JSON and `Message::NAME`.

/// Rust keywords that code generation writes as raw identifiers (`r#type`):
/// strict, reserved and edition keywords, and the weak ones (`union`,
/// `macro_rules`, `raw`, `safe`), raw being harmless where they are not
/// keywords. The few that cannot be raw are in [`NOT_RAW`].
pub const RUST_KEYWORDS: &[&str] = &[
    "as",
    "break",
    "const",
    "continue",
    "else",
    "enum",
    "extern",
    "false",
    "fn",
    "for",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "match",
    "mod",
    "move",
    "mut",
    "pub",
    "ref",
    "return",
    "static",
    "struct",
    "trait",
    "true",
    "type",
    "unsafe",
    "use",
    "where",
    "while",
    "async",
    "await",
    "dyn",
    "abstract",
    "become",
    "box",
    "do",
    "final",
    "macro",
    "override",
    "priv",
    "typeof",
    "unsized",
    "virtual",
    "yield",
    "try",
    "gen",
    "union",
    "macro_rules",
    "raw",
    "safe",
];

/// Keywords that cannot be raw identifiers, and `_`: code generation
/// renames them with a trailing `_` (`self_`).
pub const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Names of the language's built-in types; no declared type may use them.
pub const BUILTIN_TYPES: &[&str] = &[
    "bool", "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "f32", "f64", "char", "string", "bytes", "list",
    "map", "optional",
];

/// Whether `name` needs escaping as a Rust identifier: a keyword (raw or
/// not) or `_`.
pub fn is_rust_keyword(name: &str) -> bool {
    RUST_KEYWORDS.contains(&name) || NOT_RAW.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::field_ident;

    /// The lists say what code generation does with each name.
    #[test]
    fn code_generation_escapes_exactly_these_names() {
        for k in RUST_KEYWORDS {
            assert_eq!(field_ident(k).0.to_string(), format!("r#{k}"), "{k}");
            assert!(!field_ident(k).1, "{k} keeps its name");
        }
        for k in NOT_RAW {
            assert_eq!(field_ident(k).0.to_string(), format!("{k}_"), "{k}");
            assert!(field_ident(k).1, "{k} is renamed");
        }
        for plain in ["id", "types", "selfish", "Crate"] {
            assert!(!is_rust_keyword(plain), "{plain}");
            assert_eq!(field_ident(plain).0.to_string(), plain);
        }
    }
}
