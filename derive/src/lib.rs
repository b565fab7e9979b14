//! Derive macros for [`zerowire`](https://docs.rs/zerowire): use them through
//! the `zerowire` crate (`#[derive(zerowire::Message)]`), which re-exports
//! them, so a user crate depends on `zerowire` alone.
//!
//! | derive | on | what it generates |
//! |---|---|---|
//! | [`Message`] | a struct with named fields | `Message`, a view type `FooView<'a>`, the field impls |
//! | [`Enum`] | a C-like enum, open (with an unknown arm) or closed | a scalar stored as its number (`u16` by default) |
//! | [`Union`] | an enum whose arms hold one value or none | a one-of (tag + reference), a view enum `FooView<'a>` |
//! | [`Struct`] | a struct of scalars | an inline fixed-size value and its zerocopy wire type `FooWire` |
//!
//! Every attribute is `#[zerowire(...)]`; they are listed, each with an
//! example, on the derive that reads them. Errors (unknown attributes,
//! ordinals that are not dense, unsupported types or generics) are reported
//! all at once, each at its span.
//!
//! The generated code contains no `unsafe`, names the runtime only through
//! `::zerowire::...` (or the `crate = "..."` override) and standard items
//! only through `::core::...`, and puts its helper items inside
//! `const _: () = { ... };`.
#![forbid(unsafe_code)]

use proc_macro::TokenStream;
use syn::DeriveInput;

mod attr;
mod common;
mod enums;
mod json;
mod message;
mod structs;
mod unions;

#[cfg(test)]
mod golden;

fn run(input: TokenStream, f: fn(&DeriveInput) -> syn::Result<proc_macro2::TokenStream>) -> TokenStream {
    let input = syn::parse_macro_input!(input as DeriveInput);
    f(&input).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// `#[derive(zerowire::Message)]`: an evolvable message.
///
/// On a struct with named fields (or a unit struct), generates:
///
/// - `impl zerowire::Message`: encode, validate and decode, with one slot per
///   field in ordinal order (slot shapes come from each field type's
///   `Field::SHAPE`, so the derive needs no knowledge of the types);
/// - a view type `FooView<'a>` (same visibility as `Foo`) with one accessor
///   per field, `fn field(&self) -> <T as Field>::Read<'a>`: the value for
///   scalars, `Result<borrowed view>` for strings, lists, maps and nested
///   messages; plus `Debug`, `Clone`, `Copy`;
/// - the impls that let `Foo` be a field, a list element and an `Option` of
///   another message;
/// - [`Message::FIELDS`](https://docs.rs/zerowire/latest/zerowire/trait.Message.html),
///   the fields' names for the JSON side.
///
/// ```
/// #[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
/// pub struct Order {
///     pub id: u64,
///     pub symbol: String,
///     pub qty: u32,
///     pub tags: Vec<String>,
/// }
///
/// let order = Order { id: 42, symbol: "ZW".into(), qty: 100, tags: vec!["gtc".into()] };
/// let bytes = zerowire::encode(&order);
/// let view: OrderView<'_> = zerowire::view::<Order>(&bytes)?;
/// assert_eq!(view.id(), 42);
/// assert_eq!(view.symbol()?, "ZW");
/// assert_eq!(zerowire::decode::<Order>(&bytes)?, order);
/// # Ok::<(), zerowire::Error>(())
/// ```
///
/// # Field types
///
/// Every type that implements `zerowire::Field`: `u8`..`u64`, `i8`..`i64`,
/// `f32`, `f64`, `bool`, `char`, `String`, `Vec<u8>`, `bytes::Bytes`,
/// `[T; N]` of scalars, `Vec<T>` of any field type except an optional
/// scalar, `Option<T>`, `Box<T>` (for recursive types), `BTreeMap` /
/// `HashMap`, other messages, and types deriving [`Enum`], [`Union`] and
/// [`Struct`]. `usize`, 128-bit integers, references, tuples and slices are
/// compile errors with a hint.
///
/// A list of optional scalars (`Vec<Option<u16>>`) has no wire form: a list
/// of scalars is a packed run of values with no presence bits. The derive
/// refuses it, at `cargo check`, when it can see the element is a number,
/// `bool`, `char` or an array of those; with a derived enum or struct as
/// the element the refusal comes at `cargo build`, from the runtime. Use
/// `Vec<T>` with a value that means "absent", or a list of messages with
/// an `Option<T>` field.
///
/// # Generics
///
/// Type and const parameters are supported; each type parameter gets a
/// `T: zerowire::Field` bound on the generated impls, in addition to the
/// bounds the struct declares. Lifetime parameters are not (a message owns
/// its data; its view borrows it).
///
/// ```
/// #[derive(Debug, PartialEq, zerowire::Message)]
/// pub struct Wrapper<T: Clone> {
///     pub inner: T,
///     pub seq: u32,
/// }
/// let w = Wrapper { inner: "x".to_string(), seq: 7 };
/// let bytes = zerowire::encode(&w);
/// assert_eq!(zerowire::view::<Wrapper<String>>(&bytes)?.inner()?, "x");
/// # Ok::<(), zerowire::Error>(())
/// ```
///
/// # Container attributes
///
/// `#[zerowire(crate = "path")]`: the path to the `zerowire` crate, for
/// crates that re-export it or rename it:
///
/// ```
/// extern crate zerowire as zw;
///
/// #[derive(zw::Message)]
/// #[zerowire(crate = "zw")]
/// pub struct Ping {
///     pub seq: u64,
/// }
/// # fn main() {}
/// ```
///
/// `#[zerowire(view = "Name")]`: the name of the view type (default: the
/// struct's name followed by `View`). The derive defines the view next to
/// the struct, so a type of yours named `FooView` in the same module clashes
/// with it. A derive cannot see the module's other items, so rustc reports
/// the clash: E0428 "the name `FooView` is defined multiple times" at the
/// derive, two errors of the generated code meeting your type (E0107 wrong
/// number of lifetime arguments, E0206 `Copy` cannot be implemented), and
/// one that says what to do: "`FooView` is not the view
/// `#[derive(zerowire::Message)]` defines for `Foo`: another type has its
/// name", with the note to name the view otherwise with this attribute.
///
/// ```
/// #[derive(zerowire::Message)]
/// #[zerowire(view = "PingRef")]
/// pub struct Ping {
///     pub seq: u64,
/// }
/// let bytes = zerowire::encode(&Ping { seq: 1 });
/// let v: PingRef<'_> = zerowire::view::<Ping>(&bytes)?;
/// # assert_eq!(v.seq(), 1);
/// # Ok::<(), zerowire::Error>(())
/// ```
///
/// `#[zerowire(rename = "name")]`: the message's schema name
/// (`Message::NAME`, used in errors); the Rust name by default:
///
/// ```
/// use zerowire::Message;
/// #[derive(zerowire::Message)]
/// #[zerowire(rename = "ping.v1.Ping")]
/// pub struct Ping {
///     pub seq: u64,
/// }
/// assert_eq!(Ping::NAME, "ping.v1.Ping");
/// ```
///
/// `#[zerowire(type_id = N)]`: the type id a frame header carries for this
/// message (`Message::TYPE_ID`, 1 to 2^32-1); by default the FNV-1a hash of
/// `NAME` (`zerowire::meta::type_id`):
///
/// ```
/// use zerowire::Message;
/// #[derive(zerowire::Message)]
/// #[zerowire(type_id = 0x5049_4e47)]
/// pub struct Ping {
///     pub seq: u64,
/// }
/// assert_eq!(Ping::TYPE_ID, 0x5049_4e47);
/// ```
///
/// # Field attributes
///
/// `#[zerowire(ordinal = N)]`: the field's ordinal. **By default, ordinals
/// are the declaration order** (`0, 1, 2, ...`), which is what evolution
/// needs as long as new fields are appended at the end. Explicit ordinals
/// let the declaration order differ from the wire order; then every field
/// must have one, and they must be exactly `0..n`, each once (a gap or a
/// duplicate is a compile error). A removed field keeps its ordinal as a
/// `deprecated` field.
///
/// ```
/// #[derive(zerowire::Message)]
/// pub struct Account {
///     #[zerowire(ordinal = 1)]
///     pub name: String,
///     #[zerowire(ordinal = 0)]
///     pub id: u64,
/// }
/// # use zerowire::Message;
/// # assert_eq!(Account::FIELDS[0].name, "id");
/// ```
///
/// `#[zerowire(default = EXPR)]`: a declared default for a scalar field
/// (integers, floats, `bool`, derived enums). `EXPR` is a constant
/// expression of the field's type. The value is stored XORed with the
/// default, so the default is still all-zero bytes (trimmed), and data
/// written before the field existed reads as the declared default. Changing
/// a default is a breaking change.
///
/// ```
/// #[derive(Debug, PartialEq, zerowire::Message)]
/// pub struct Config {
///     pub name: String,
///     #[zerowire(default = 8080)]
///     pub port: u16,
///     #[zerowire(default = true)]
///     pub enabled: bool,
/// }
/// // An empty message (say, from a writer that predates `port`).
/// let old = zerowire::encode(&Empty {});
/// # #[derive(zerowire::Message)] pub struct Empty {}
/// let v = zerowire::view::<Config>(&old)?;
/// assert_eq!((v.port(), v.enabled()), (8080, true));
/// # Ok::<(), zerowire::Error>(())
/// ```
///
/// `#[zerowire(deprecated)]`: the field keeps its slot (so later fields do
/// not move) but is no longer used: it is always written as its default, it
/// decodes as its default whatever was stored, and the view has no accessor
/// for it. Stored data is still validated.
///
/// ```
/// #[derive(Default, zerowire::Message)]
/// pub struct User {
///     pub id: u64,
///     #[zerowire(deprecated)]
///     pub legacy_name: String,
///     pub email: String,
/// }
/// let u = User { id: 1, legacy_name: "dropped".into(), email: "a@b.c".into() };
/// let bytes = zerowire::encode(&u);
/// assert_eq!(zerowire::decode::<User>(&bytes)?.legacy_name, "");
/// assert_eq!(zerowire::view::<User>(&bytes)?.email()?, "a@b.c");
/// # Ok::<(), zerowire::Error>(())
/// ```
///
/// `#[zerowire(rename = "name")]` and `#[zerowire(json_name = "key")]`:
/// names for the JSON side (renaming is free in binary: fields are known by
/// ordinal). `rename` sets the field's schema name (also used in error
/// messages and in the view's `Debug`); `json_name` sets its JSON key
/// (default: the schema name). Both are recorded in `Message::FIELDS`; the
/// JSON mapping (a later layer) reads them from there.
///
/// ```
/// use zerowire::Message;
/// #[derive(zerowire::Message)]
/// pub struct Trade {
///     #[zerowire(rename = "trade_id", json_name = "tradeId")]
///     pub id: u64,
///     pub r#type: u8,
/// }
/// assert_eq!(Trade::FIELDS[0].ident, "id");
/// assert_eq!(Trade::FIELDS[0].name, "trade_id");
/// assert_eq!(Trade::FIELDS[0].json_name, "tradeId");
/// assert_eq!(Trade::FIELDS[1].name, "type");
/// ```
///
/// A JSON reader accepts a field under its JSON key and under its schema
/// name, so each of those must lead to one field: a field named `b` beside
/// one with `json_name = "b"` is a compile error.
///
/// `#[zerowire(rename_all = "...")]` on the struct: the JSON keys of the
/// fields without their own `json_name` or `rename`, in one of serde's
/// conventions (the case names listed on [`Enum`]); schema names stay the
/// Rust names:
///
/// ```
/// use zerowire::Message;
/// #[derive(zerowire::Message)]
/// #[zerowire(rename_all = "camelCase")]
/// pub struct Quote {
///     pub bid_price: u64,
///     pub ask_price: u64,
/// }
/// assert_eq!(Quote::FIELDS[0].name, "bid_price");
/// assert_eq!(Quote::FIELDS[0].json_name, "bidPrice");
/// ```
#[proc_macro_derive(Message, attributes(zerowire))]
pub fn derive_message(input: TokenStream) -> TokenStream {
    run(input, message::expand)
}

/// `#[derive(zerowire::Enum)]`: a C-like enum, stored as its number; open
/// (the default) or closed.
///
/// **Enums are open by default**: a peer with a newer schema may send a
/// value this version does not know, and it must survive a round trip. So
/// the enum must end with an arm that holds the raw number, marked
/// `#[zerowire(unknown)]`, or be declared `#[zerowire(closed)]` (below). A Rust enum (rather than a newtype with
/// constants) keeps exhaustive `match` and readable `Debug`, and the
/// unknown arm makes the "newer peer" case visible at every match. (A
/// non-canonical `Unknown(n)` whose `n` is a known value is written as `n`
/// and reads back as the known variant.)
///
/// Values are the variants' discriminants, or `#[zerowire(value = N)]`,
/// else the previous value plus one (from 0), as in Rust. Explicit Rust
/// discriminants (`Put = 5`) need a `#[repr(...)]` on the enum, because the
/// unknown arm holds data; `value = N` does not. The value 0 is what an
/// absent field reads as. The enum must be `Copy`.
///
/// ```
/// #[derive(Debug, Clone, Copy, PartialEq, Eq, zerowire::Enum)]
/// pub enum Method {
///     Get,
///     Put,
///     #[zerowire(value = 10)]
///     Post,
///     #[zerowire(unknown)]
///     Unknown(u16),
/// }
///
/// #[derive(Debug, PartialEq, zerowire::Message)]
/// pub struct Request {
///     pub method: Method,
///     pub methods: Vec<Method>,
/// }
/// let r = Request { method: Method::Post, methods: vec![Method::Get, Method::Unknown(77)] };
/// let bytes = zerowire::encode(&r);
/// assert_eq!(zerowire::view::<Request>(&bytes)?.method(), Method::Post);
/// assert_eq!(zerowire::decode::<Request>(&bytes)?, r);
/// # Ok::<(), zerowire::Error>(())
/// ```
///
/// # Attributes
///
/// `#[zerowire(repr = "u8" | "u16" | "u32")]` on the enum: the wire width
/// (default `u16`); the unknown arm holds that type.
///
/// ```
/// #[derive(Clone, Copy, zerowire::Enum)]
/// #[zerowire(repr = "u8")]
/// pub enum Level {
///     Low,
///     High,
///     #[zerowire(unknown)]
///     Other(u8),
/// }
/// # use zerowire::Field;
/// assert_eq!(Level::SHAPE.bytes, 1);
/// ```
///
/// `#[zerowire(unknown)]` on the last variant: the arm that keeps unknown
/// values (required unless the enum is `closed`; see above).
///
/// `#[zerowire(closed)]` on the enum: a **closed** enum, for an existing
/// Rust enum whose variants (and every exhaustive `match` on them) should
/// stay as they are. It has no unknown arm; a number it does not name is
/// invalid data: `validate` and `decode` refuse it with
/// `ErrorKind::UnknownEnumValue`, the JSON readers refuse an unknown name
/// or number, and the lazy view (which does not validate) reads it as the
/// variant numbered 0. That variant is required: it is what an absent field
/// reads as. A closed enum field takes no `default = ...` (a value XORed
/// with the default could be a number the enum does not name).
///
/// The trade-off is evolution: the wire form is the same as an open enum's,
/// but **adding a variant is a breaking change for readers that are not
/// updated first** (they refuse the whole message holding the new value),
/// where an open enum's older readers keep the number in `Unknown(n)` and
/// write it back. Close an enum whose set of values is fixed (or whose
/// readers are always deployed before its writers); keep it open when
/// peers evolve independently. Schemas (`.zw` files) have only open enums.
///
/// ```
/// #[derive(Debug, Clone, Copy, PartialEq, Eq, zerowire::Enum)]
/// #[zerowire(closed)]
/// pub enum Suit {
///     Hearts,
///     Spades,
/// }
/// #[derive(Debug, PartialEq, zerowire::Message)]
/// pub struct Card {
///     pub suit: Suit,
/// }
/// // An open enum of the same numbers writes what `Suit` does not name.
/// #[derive(Debug, Clone, Copy, zerowire::Enum)]
/// pub enum AnySuit {
///     Hearts,
///     Spades,
///     Clubs,
///     #[zerowire(unknown)]
///     Unknown(u16),
/// }
/// #[derive(zerowire::Message)]
/// pub struct AnyCard {
///     pub suit: AnySuit,
/// }
/// let bytes = zerowire::encode(&AnyCard { suit: AnySuit::Clubs });
/// let err = zerowire::decode::<Card>(&bytes).unwrap_err();
/// assert_eq!(err.kind(), zerowire::ErrorKind::UnknownEnumValue);
/// assert_eq!(zerowire::view::<Card>(&bytes)?.suit(), Suit::Hearts);
/// # Ok::<(), zerowire::Error>(())
/// ```
///
/// Every derived enum implements `zerowire::meta::EnumValue`: `value()`
/// is the number a value is stored as, `from_value(n)` the value a number
/// stands for (`None` for a number a closed enum does not name).
///
/// `#[zerowire(value = N)]` on a variant: its number.
///
/// `#[zerowire(rename = "NAME")]` on a variant or on the enum: the schema
/// (and JSON) name, recorded in `zerowire::meta::Variants`:
///
/// ```
/// use zerowire::meta::Variants;
/// #[derive(Clone, Copy, zerowire::Enum)]
/// pub enum Side {
///     #[zerowire(rename = "BUY")]
///     Buy,
///     #[zerowire(rename = "SELL")]
///     Sell,
///     #[zerowire(unknown)]
///     Unknown(u16),
/// }
/// assert_eq!(Side::VARIANTS[1].name, "SELL");
/// ```
///
/// `#[zerowire(rename_all = "...")]` on the enum: the names of the variants
/// not renamed one by one, with serde's conventions and case names
/// (`"lowercase"`, `"UPPERCASE"`, `"PascalCase"`, `"camelCase"`,
/// `"snake_case"`, `"SCREAMING_SNAKE_CASE"`, `"kebab-case"`,
/// `"SCREAMING-KEBAB-CASE"`), so that the JSON of a derived enum matches a
/// schema's or protobuf's:
///
/// ```
/// use zerowire::meta::Variants;
/// #[derive(Clone, Copy, zerowire::Enum)]
/// #[zerowire(closed, rename_all = "SCREAMING_SNAKE_CASE")]
/// pub enum OrderType {
///     Market,
///     StopLimit,
/// }
/// assert_eq!(OrderType::VARIANTS[1].name, "STOP_LIMIT");
/// ```
///
/// `#[zerowire(crate = "path")]` on the enum: as for [`Message`].
#[proc_macro_derive(Enum, attributes(zerowire))]
pub fn derive_enum(input: TokenStream) -> TokenStream {
    run(input, enums::expand)
}

/// `#[derive(zerowire::Union)]`: a one-of, stored as a `U16` tag and one
/// reference to the arm's value.
///
/// Each arm holds one value of a field type (`Text(String)`) or none
/// (`Nothing`). Arm `i` in declaration order has tag `i + 1`: **append new
/// arms at the end**. Tag 0 means "no arm": an `Option<Union>` field reads
/// it as `None`, a plain field as the union's *default arm*, which is also
/// written as tag 0 (so it costs nothing). The default arm is the one marked
/// `#[zerowire(default)]` (or the std `#[default]`), else the first unit
/// arm, else the first arm holding its type's default value.
///
/// The view is an enum `FooView<'a>` with the same arms, each holding the
/// arm type's view (`<T as Field>::Read<'a>`), plus an `Unknown(u16)` arm
/// for tags this version does not know. A plain field's accessor returns
/// `FooView<'a>` (tag 0 reads as the default arm, as it decodes); an
/// `Option<Foo>` field's accessor returns `Option<FooView<'a>>` (`None` for
/// tag 0).
///
/// ```
/// #[derive(Debug, Clone, PartialEq, zerowire::Union)]
/// pub enum Payload {
///     Text(String),
///     Count(u32),
///     Nothing,
///     #[zerowire(unknown)]
///     Unknown(u16),
/// }
///
/// #[derive(Debug, PartialEq, zerowire::Message)]
/// pub struct Event {
///     pub payload: Payload,
///     pub extra: Option<Payload>,
/// }
/// let e = Event { payload: Payload::Text("hi".into()), extra: None };
/// let bytes = zerowire::encode(&e);
/// match zerowire::view::<Event>(&bytes)?.payload() {
///     PayloadView::Text(s) => assert_eq!(s?, "hi"),
///     other => panic!("{other:?}"),
/// }
/// assert_eq!(zerowire::decode::<Event>(&bytes)?, e);
/// # Ok::<(), zerowire::Error>(())
/// ```
///
/// # Attributes
///
/// `#[zerowire(unknown)]` on the last arm, `Unknown(u16)`: keeps a tag
/// written by a newer peer (its payload is skipped and not written back).
/// Optional: without it, decoding or validating an unknown tag is an
/// `ErrorKind::UnknownTag` error (the lazy view still shows it as
/// `Unknown(tag)`).
///
/// `#[zerowire(default)]` on an arm: the default arm (see above):
///
/// ```
/// #[derive(Debug, PartialEq, zerowire::Union)]
/// pub enum Shape {
///     Circle(f64),
///     #[zerowire(default)]
///     Square(f64),
/// }
/// #[derive(Debug, PartialEq, zerowire::Message)]
/// pub struct Drawing {
///     pub shape: Shape,
/// }
/// let d = Drawing { shape: Shape::Square(0.0) };
/// assert_eq!(zerowire::encode(&d).len(), 6, "the default arm is not stored");
/// # let b = zerowire::encode(&d);
/// # assert_eq!(zerowire::decode::<Drawing>(&b)?, d);
/// # Ok::<(), zerowire::Error>(())
/// ```
///
/// `#[zerowire(rename = "name")]` on an arm or on the union: schema (JSON)
/// names, recorded in `zerowire::meta::Variants` with the tags.
///
/// `#[zerowire(view = "Name")]` on the union: the name of the view enum.
/// The view enum is `Debug` and `Clone` but not `Copy`: an arm holding a
/// string, list or message holds that field's `Result`, whose error is boxed
/// (`zerowire::Error` is one pointer wide so that successful reads stay in
/// registers).
///
/// ```
/// use zerowire::meta::Variants;
///
/// #[derive(Debug, zerowire::Union)]
/// #[zerowire(rename = "chat.Body", view = "BodyRef")]
/// pub enum Body {
///     #[zerowire(rename = "text")]
///     Text(String),
///     #[zerowire(rename = "image")]
///     Image(Vec<u8>),
/// }
///
/// #[derive(Debug, zerowire::Message)]
/// pub struct Post {
///     pub body: Option<Body>,
/// }
/// assert_eq!(Body::NAME, "chat.Body");
/// assert_eq!((Body::VARIANTS[1].name, Body::VARIANTS[1].value), ("image", 2));
/// let bytes = zerowire::encode(&Post { body: Some(Body::Image(vec![1, 2])) });
/// let body: Option<BodyRef<'_>> = zerowire::view::<Post>(&bytes)?.body();
/// assert!(matches!(body, Some(BodyRef::Image(Ok(b))) if b.len() == 2));
/// # Ok::<(), zerowire::Error>(())
/// ```
///
/// `#[zerowire(crate = "path")]` on the union: as for [`Message`].
#[proc_macro_derive(Union, attributes(zerowire))]
pub fn derive_union(input: TokenStream) -> TokenStream {
    run(input, unions::expand)
}

/// `#[derive(zerowire::Struct)]`: an inline, fixed-size value (a 3D vector,
/// an address, a UUID, a timestamp), stored in its slot, not evolvable.
///
/// Every field must be a scalar (integers, floats, `bool`, `char`, arrays of
/// scalars, derived enums, other `Struct`s), and the struct must be `Copy`.
/// Generates the wire type `FooWire`: `#[repr(C)]`, alignment 1, the fields
/// in declaration order as little-endian zerocopy types, deriving zerocopy's
/// `FromBytes`, `IntoBytes`, `Unaligned`, `Immutable` and `KnownLayout`
/// (through the path zerowire re-exports, so a user crate needs no zerocopy
/// dependency). A list of `Foo` is read as a zero-copy `&[FooWire]`.
///
/// ```
/// #[derive(Debug, Clone, Copy, PartialEq, zerowire::Struct)]
/// pub struct Vec3 {
///     pub x: f32,
///     pub y: f32,
///     pub z: f32,
/// }
///
/// #[derive(zerowire::Message)]
/// pub struct Mesh {
///     pub vertices: Vec<Vec3>,
/// }
/// let m = Mesh { vertices: vec![Vec3 { x: 1.0, y: 2.0, z: 3.0 }; 4] };
/// let bytes = zerowire::encode(&m);
/// let wire: &[Vec3Wire] = zerowire::view::<Mesh>(&bytes)?.vertices()?.as_wire();
/// assert_eq!(wire[3].z.get(), 3.0);
/// # Ok::<(), zerowire::Error>(())
/// ```
///
/// Tuple structs work too (`struct Uuid([u8; 16]);`).
///
/// # Attributes
///
/// `#[zerowire(wire = "Name")]`: the name of the wire type (default: the
/// struct's name followed by `Wire`):
///
/// ```
/// #[derive(Clone, Copy, zerowire::Struct)]
/// #[zerowire(wire = "RawUuid")]
/// pub struct Uuid(pub [u8; 16]);
/// let raw: RawUuid = zerowire::Scalar::to_wire(Uuid([7; 16]));
/// assert_eq!(raw.0[15], 7);
/// ```
///
/// `#[zerowire(crate = "path")]`: as for [`Message`].
#[proc_macro_derive(Struct, attributes(zerowire))]
pub fn derive_struct(input: TokenStream) -> TokenStream {
    run(input, structs::expand)
}
