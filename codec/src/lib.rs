//! # zerowire
//!
//! A binary message format for services that is **read in place**: a
//! received message is a borrowed view over its bytes, with O(1) field
//! access, no allocation and no copy; old and new versions of a message
//! keep talking (fields are appended, never moved).
//!
//! ```
//! #[derive(Debug, PartialEq, zerowire::Message)]
//! pub struct Order {
//!     pub id: u64,
//!     pub symbol: String,
//!     pub qty: u32,
//!     pub tags: Vec<String>,
//! }
//!
//! let order = Order { id: 42, symbol: "ZW".into(), qty: 100, tags: vec!["gtc".into()] };
//! let bytes = zerowire::encode(&order);
//!
//! // Lazy tier: O(1) open, references are checked when read.
//! let view: OrderView<'_> = zerowire::view::<Order>(&bytes)?;
//! assert_eq!(view.id(), 42);
//! assert_eq!(view.symbol()?, "ZW");
//!
//! // Eager tier: one pass at the trust boundary; the validated view's
//! // accessors then return plain values.
//! let valid: OrderView<'_, zerowire::Validated> = zerowire::validate::<Order>(&bytes)?;
//! assert_eq!(valid.symbol(), "ZW");
//! assert_eq!(valid.tags().last(), Some("gtc"));
//! assert_eq!(zerowire::decode::<Order>(&bytes)?, order);
//! # Ok::<(), zerowire::Error>(())
//! ```
//!
//! The derives — [`Message`](derive@Message), [`Enum`](derive@Enum),
//! [`Union`](derive@Union), [`Struct`](derive@Struct) — are how types meet
//! the format; their documentation lists every attribute (ordinals,
//! declared defaults, deprecated fields, names for JSON, the crate path).
//! `codec/examples/derive.rs` shows all of them in a minute.
//!
//! The wire format is specified in `docs/FORMAT.md`. At the crate root:
//! [`encode()`], [`encode_into`] (into any [`Buffer`]) and
//! [`encoded_len`]; [`view()`] (lazy tier), [`validate()`] (eager tier,
//! within [`Limits`]) and [`decode()`]; the [`Message`], [`Field`] and
//! [`Scalar`] traits the derives implement; [`Error`]. The modules:
//!
//! | module | what it holds |
//! |---|---|
//! | [`message`] | the [`Message`] trait and its view trait, [`MessageView`] |
//! | [`mode`] | the two modes of a view, [`Lazy`] and [`Validated`], and the proof a validated view holds |
//! | [`list`] | the zero-copy views of `Vec<T>` fields |
//! | [`map`] | the view of `BTreeMap` / `HashMap` fields |
//! | [`field`] | [`Field`]: how each type sits in a slot; strings, `Option`, `Box` |
//! | [`owned`] | [`Owned`], a validated message that owns its bytes |
//! | [`error`] | [`Error`] and its [`ErrorKind`] |
//! | [`meta`] | field and variant names for the JSON side |
//! | [`wire`] | the message header, varints |
//! | [`layout`] | slot allocation in ordinal order |
//! | [`table`] | [`Table`], the untyped view of a data section |
//! | [`utf8`] | the UTF-8 check of string fields (a block the compiler cannot check, with its proof) |
//! | [`frame`] | framing for streams and brokers: header, blocking reader/writer, tokio codec (feature `tokio`) |
//! | [`http`] | HTTP content negotiation: `Accept` / `Content-Type` to a payload format |
//! | `json` | the JSON fallback (feature `serde`): the mapping of `docs/FORMAT.md` section 16, fast readers, transcoding |
//! | `axum` | extractors and responders for axum (feature `axum`): binary or JSON bodies, `Accept` negotiation, in-place `Owned` requests |
//! | `tonic` | a gRPC codec for tonic (feature `tonic`): send and receive messages or [`Owned`] ones |
//! | `nats` | NATS and JetStream (feature `nats`): typed publish, subscribe and request, a durable consumer that dead-letters poison messages |
// Two audited blocks the compiler cannot check, each with a `// SAFETY:`
// proof, criterion figures and a differential fuzz target, both
// `from_utf8_unchecked` on bytes already proven UTF-8: the fast path in
// `utf8` (`to_str`), and the validated read of a string in `field`
// (`String::read_child_valid`, argued in `mode`). The other items that
// allow `unsafe_code` are functions with a precondition: they carry that
// read's precondition from a validated view to it, each call stating why
// the precondition holds. Everything else is checked by the compiler.
#![deny(unsafe_code)]
// On docs.rs (every feature on, `--cfg docsrs`), each item gated by a
// feature is marked with the feature that enables it.
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod axum;
mod buffer;
pub mod error;
pub mod field;
pub mod frame;
pub mod http;
#[cfg(feature = "serde")]
pub mod json;
pub mod layout;
mod limits;
pub mod list;
pub mod map;
pub mod message;
pub mod meta;
pub mod mode;
#[cfg(feature = "nats")]
#[cfg_attr(docsrs, doc(cfg(feature = "nats")))]
pub mod nats;
pub mod owned;
mod scalar;
pub mod table;
#[cfg(feature = "tonic")]
#[cfg_attr(docsrs, doc(cfg(feature = "tonic")))]
pub mod tonic;
mod union;
mod untyped;
pub mod utf8;
pub mod wire;

pub use buffer::Buffer;
pub use error::{Error, ErrorKind, Result};
pub use field::Field;
pub use limits::Limits;
pub use message::{Message, MessageView, encode, encode_into, encoded_len};
pub use mode::{Lazy, Mode, ValidTable, ValidView, Validated};
pub use owned::Owned;
pub use scalar::Scalar;
pub use table::Table;
/// The derives: see each macro's documentation for its attributes.
pub use zerowire_derive::{Enum, Message, Struct, Union};

/// Opens `bytes` as a message of type `M` (lazy tier).
///
/// O(1): checks the header only. Scalar accessors of the view never fail;
/// accessors of references (strings, lists, nested messages) check what they
/// read and return `Result`. Use [`validate()`] at trust boundaries and before
/// a full traversal of untrusted bytes.
#[inline]
pub fn view<M: Message>(bytes: &[u8]) -> Result<M::View<'_>> {
    message::open_root(bytes).map(M::View::from_table)
}

/// Validates `bytes` as a message of type `M` (eager tier, default
/// [`Limits`]) and returns its validated view, whose accessors return plain
/// values and cannot fail (see [`mode`]).
///
/// One forward pass, no allocation.
pub fn validate<M: Message>(bytes: &[u8]) -> Result<M::Valid<'_>> {
    validate_with::<M>(bytes, &Limits::default())
}

/// [`validate()`] with explicit limits.
pub fn validate_with<'a, M: Message>(bytes: &'a [u8], limits: &Limits) -> Result<M::Valid<'a>> {
    // `validate_root` ran `M::validate_fields` on this table.
    message::validate_root::<M>(bytes, limits).map(|t| M::Valid::from_valid(mode::ValidTable::validated(t)))
}

/// Decodes `bytes` into an owned `M` (default [`Limits`]), checking
/// everything the eager tier checks, in the same single pass.
pub fn decode<M: Message>(bytes: &[u8]) -> Result<M> {
    decode_with::<M>(bytes, &Limits::default())
}

/// [`decode`] with explicit limits.
pub fn decode_with<M: Message>(bytes: &[u8], limits: &Limits) -> Result<M> {
    message::decode_root::<M>(bytes, limits)
}

/// Decodes the message a view points at (a nested message, a list
/// element, or a whole message) into an owned `M`, checking what it reads
/// as the eager tier does (default [`Limits`], depth counted from the view).
///
/// ```
/// #[derive(zerowire::Message, Debug, PartialEq)]
/// struct Line { sku: String, qty: u32 }
/// #[derive(zerowire::Message)]
/// struct Order { lines: Vec<Line> }
///
/// let bytes = zerowire::encode(&Order { lines: vec![Line { sku: "fig".into(), qty: 2 }] });
/// let order = zerowire::view::<Order>(&bytes)?;
/// let first = order.lines()?.get(0).unwrap();
/// assert_eq!(zerowire::decode_view::<Line>(first)?, Line { sku: "fig".into(), qty: 2 });
/// # Ok::<(), zerowire::Error>(())
/// ```
pub fn decode_view<M: Message>(view: M::View<'_>) -> Result<M> {
    let t = view.table();
    let mut v = limits::Validator::for_input(Limits::default(), t.buf().len());
    v.enter(&t, t.data())?;
    let mut cur = t.data() + t.data_len();
    M::decode_fields(&t, &mut cur, &mut v)
}

/// Includes the Rust code the schema compiler generated for a package into
/// the current module: `include!(concat!(env!("OUT_DIR"), "/", package, ".rs"))`.
///
/// Pair it with `zerowire_schema::Config` in `build.rs`, which writes one
/// file per package (`shop.v1.rs`) to `OUT_DIR`, as prost-build does:
///
/// ```text
/// // build.rs
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     zerowire_schema::Config::new().compile(&["schema/shop.zw"], &["schema"])?;
///     Ok(())
/// }
///
/// // src/lib.rs
/// pub mod shop {
///     zerowire::include_schema!("shop.v1");
/// }
/// ```
#[macro_export]
macro_rules! include_schema {
    ($package:literal) => {
        include!(concat!(env!("OUT_DIR"), "/", $package, ".rs"));
    };
}

/// Wraps the JSON impls generated code emits: they exist only when
/// zerowire's `serde` feature is on (a `cfg` in generated code would test
/// the user's crate's features, not zerowire's).
#[cfg(feature = "serde")]
#[doc(hidden)]
#[macro_export]
macro_rules! __json {
    ($($t:tt)*) => { $($t)* };
}

/// Wraps the JSON impls generated code emits (feature `serde` is off: none).
#[cfg(not(feature = "serde"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __json {
    ($($t:tt)*) => {};
}

/// What generated code (the derives, the schema compiler's output, the
/// reference expansion `__message!`) and `zerowire-schema`'s run-time codec
/// call: slot reads and writes per kind of field, the validator, the union
/// steps, the untyped reading layer. Not part of the public API: nothing
/// here is stable, and users never name it.
#[doc(hidden)]
pub mod __private {
    #[cfg(feature = "serde")]
    pub use serde;
    pub use std::vec::Vec;
    pub use zerocopy;
    pub use zerocopy::IntoBytes;

    pub use crate::buffer::{patch_ref_here, put_slot, set_bit};
    pub use crate::limits::{Validator, check_list, check_target};

    /// Scalars in byte slots: plain, optional (`by_value`), with a declared
    /// default (`with_default`), and the checks of inline structs.
    pub mod scalar {
        pub use crate::scalar::*;
    }
    /// Fields stored behind a reference (strings, bytes, lists, maps,
    /// messages): the [`Child`](crate::field::Child) steps for a slot.
    pub mod by_ref {
        pub use crate::field::by_ref::*;
    }
    /// Nested messages as children.
    pub mod child {
        pub use crate::message::child::*;
    }
    /// List bodies by element kind.
    pub mod list {
        /// Lists of scalars.
        pub mod scalars {
            pub use crate::list::scalars::*;
        }
        /// Lists of slots (strings, lists, optionals, unions...).
        pub mod slots {
            pub use crate::list::slots::*;
        }
        /// Lists of messages.
        pub mod messages {
            pub use crate::list::messages::*;
        }
    }
    /// Unions: tags, arms and the default-arm rule.
    pub mod union {
        pub use crate::union::*;
    }
    /// The untyped reading layer `zerowire-schema`'s dynamic codec drives.
    pub mod untyped {
        pub use crate::untyped::*;
    }
    /// The JSON steps generated code calls.
    #[cfg(feature = "serde")]
    pub mod json {
        pub use crate::json::private::*;
        pub use crate::json::std_impls::{de_enum, enum_from_key, ser_enum, ser_enum_key};
        pub use crate::json::traits::{
            De, FieldDe, KeyReadSer, KeySer, ReadSer, Ser, ViewSer, ser_message_list, ser_scalar_list, ser_slot_list,
        };
    }
    /// The JSON mapping's scalar text rules, shared with the run-time codec.
    #[cfg(feature = "serde")]
    pub mod json_rules {
        pub use crate::json::rules::*;
    }

    /// Implemented by `#[derive(Message)]` for the view type it defines, so
    /// that another type taking the view's name is reported with the fix
    /// (a derive cannot see the other items of the module).
    #[diagnostic::on_unimplemented(
        message = "`{Self}` is not the view `#[derive(zerowire::Message)]` defines for `{M}`: another type has its name",
        label = "the view's name is taken",
        note = "name the view another way with `#[zerowire(view = \"...\")]` on `{M}`, or rename the other type"
    )]
    pub trait DerivedView<M: ?Sized> {}

    /// Compiles only if `V` is the view the derive defined for `M`.
    pub const fn derived_view<V: DerivedView<M> + ?Sized, M: ?Sized>() {}
}
