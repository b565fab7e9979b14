//! Names and numbers of a type's fields and variants, as the derive records
//! them: what the JSON side (a later layer) and tools need that the binary
//! format does not.
//!
//! The binary format knows fields only by ordinal and enum values and union
//! arms only by number; renaming is free there. The names kept here are the
//! ones `#[zerowire(rename = "...")]` and `#[zerowire(json_name = "...")]`
//! declare (see the derive's documentation).

/// One field of a message, in ordinal order in [`Message::FIELDS`](crate::Message::FIELDS).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldInfo {
    /// The Rust field name (without `r#`).
    pub ident: &'static str,
    /// The field's schema name: `#[zerowire(rename = "...")]`, else the Rust
    /// name.
    pub name: &'static str,
    /// The field's JSON key: `#[zerowire(json_name = "...")]`, else `name`.
    pub json_name: &'static str,
    /// The field's ordinal (its slot in the data section).
    pub ordinal: u16,
    /// Whether the field is `#[zerowire(deprecated)]`: its slot is kept, it
    /// is written as its default and has no accessor.
    pub deprecated: bool,
}

/// One named variant of an enum (`#[derive(zerowire::Enum)]`) or arm of a
/// union (`#[derive(zerowire::Union)]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VariantInfo {
    /// The Rust variant name (without `r#`).
    pub ident: &'static str,
    /// The schema (and JSON) name: `#[zerowire(rename = "...")]`, else the
    /// Rust name.
    pub name: &'static str,
    /// The number on the wire: the enum value, or the union tag.
    pub value: u32,
}

/// The known variants of a derived enum or union, in declaration order (the
/// unknown arm is not listed).
///
/// ```
/// use zerowire::meta::Variants;
///
/// #[derive(Clone, Copy, Debug, PartialEq, zerowire::Enum)]
/// enum Side {
///     Buy,
///     #[zerowire(rename = "SELL")]
///     Sell,
///     #[zerowire(unknown)]
///     Unknown(u16),
/// }
/// assert_eq!(Side::VARIANTS[1].name, "SELL");
/// assert_eq!(Side::VARIANTS[1].value, 1);
/// ```
pub trait Variants {
    /// The type's schema name.
    const NAME: &'static str;
    /// The known variants.
    const VARIANTS: &'static [VariantInfo];
}
