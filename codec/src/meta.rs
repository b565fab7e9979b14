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

/// The number a derived enum's value is stored as, and the value a number
/// stands for: what the format knows of an enum, without going through the
/// wire form of [`Scalar`](crate::Scalar).
///
/// ```
/// use zerowire::meta::EnumValue;
///
/// #[derive(Clone, Copy, Debug, PartialEq, zerowire::Enum)]
/// enum Side {
///     #[zerowire(value = 1)]
///     Buy,
///     Sell,
///     #[zerowire(unknown)]
///     Unknown(u16),
/// }
/// assert_eq!(Side::Sell.value(), 2);
/// assert_eq!(Side::from_value(1), Some(Side::Buy));
/// // An open enum keeps a number it does not name.
/// assert_eq!(Side::from_value(9), Some(Side::Unknown(9)));
/// assert_eq!(Side::Unknown(9).value(), 9);
/// // ... if it fits the enum's width (`u16` here).
/// assert_eq!(Side::from_value(70_000), None);
///
/// #[derive(Clone, Copy, Debug, PartialEq, zerowire::Enum)]
/// #[zerowire(closed)]
/// enum Color {
///     Red,
///     Green,
/// }
/// assert_eq!(Color::Green.value(), 1);
/// // A closed enum has no value for a number it does not name.
/// assert_eq!(Color::from_value(2), None);
/// ```
pub trait EnumValue: Sized + Copy {
    /// The number this value is stored as (for the unknown arm of an open
    /// enum, the number it holds).
    fn value(self) -> u32;
    /// The value stored as `n`: a named variant; else, for an open enum,
    /// its unknown arm holding `n`. `None` if `n` does not fit the enum's
    /// width, or if the enum is closed and does not name `n`.
    fn from_value(n: u32) -> Option<Self>;
}

/// The type id derived from a message's schema name: 32-bit FNV-1a of its
/// UTF-8 bytes, 0 mapped to 1 (0 means "unspecified" in a frame header).
/// `docs/FORMAT.md`, section 16.11; the schema compiler computes the same.
///
/// ```
/// assert_eq!(zerowire::meta::type_id(""), 0x811c_9dc5);
/// assert_eq!(zerowire::meta::type_id("a"), 0xe40c_292c);
///
/// #[derive(zerowire::Message)]
/// #[zerowire(rename = "shop.v1.Order")]
/// struct Order { id: u64 }
/// #[derive(zerowire::Message)]
/// #[zerowire(type_id = 7)]
/// struct Ping {}
/// use zerowire::Message;
/// assert_eq!(Order::TYPE_ID, zerowire::meta::type_id("shop.v1.Order"));
/// assert_eq!(Ping::TYPE_ID, 7);
/// ```
pub const fn type_id(name: &str) -> u32 {
    let b = name.as_bytes();
    let mut h: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < b.len() {
        h ^= b[i] as u32;
        h = h.wrapping_mul(0x0100_0193);
        i += 1;
    }
    if h == 0 { 1 } else { h }
}
