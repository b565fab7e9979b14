//! What generated JSON code calls: the depth guard, the per-call options,
//! key lookup, field defaults. Not part of the public API.

use core::cell::Cell;
use core::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

use super::Options;
use crate::field::Field;
use crate::table::Table;
use crate::validate::{Limits, Validator};

pub use itoa;
pub use serde;

#[derive(Clone, Copy)]
struct State {
    depth: u32,
    max_depth: u32,
    deny_unknown: bool,
}

thread_local! {
    // Outside this module's functions (a plain `serde_json::from_str`), the
    // defaults apply: the binary format's depth limit, unknown keys skipped.
    static STATE: Cell<State> = const {
        Cell::new(State { depth: 0, max_depth: Limits::DEFAULT_MAX_DEPTH, deny_unknown: false })
    };
}

/// Applies `Options` to the deserialization running on this thread, and
/// restores the previous ones when dropped (calls may nest).
pub(crate) struct Scope(State);

impl Scope {
    pub(crate) fn new(opts: &Options) -> Scope {
        Scope(STATE.replace(State {
            depth: 0,
            max_depth: opts.limits.max_depth,
            deny_unknown: opts.deny_unknown_fields,
        }))
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        STATE.set(self.0);
    }
}

/// One level of message nesting; leaves it when dropped.
pub struct Depth(());

impl Drop for Depth {
    #[inline]
    fn drop(&mut self) {
        STATE.with(|s| {
            let mut st = s.get();
            st.depth = st.depth.saturating_sub(1);
            s.set(st);
        });
    }
}

/// Enters a message: an error past the depth limit, so that nesting in the
/// input cannot exhaust the stack, whatever the parser.
#[inline]
pub fn enter<E: de::Error>() -> Result<Depth, E> {
    STATE.with(|s| {
        let mut st = s.get();
        if st.depth >= st.max_depth {
            return Err(E::custom(format_args!("nesting deeper than the limit of {} messages", st.max_depth)));
        }
        st.depth += 1;
        s.set(st);
        Ok(Depth(()))
    })
}

/// Whether unknown keys are errors in the current call.
#[inline]
pub fn deny_unknown() -> bool {
    STATE.with(|s| s.get().deny_unknown)
}

/// The value a field has when it is not given: what decoding an absent
/// slot gives (zero, empty, `None`, the empty message, the default arm).
#[inline]
pub fn absent<T: Field, E: de::Error>() -> Result<T, E> {
    let mut v = Validator::new(Limits::default());
    let slot = const { crate::layout::layout([T::SHAPE]).slots[0] };
    T::decode(&Table::EMPTY, slot, &mut 0, &mut v).map_err(E::custom)
}

/// The error for a key given twice.
#[cold]
pub fn duplicate<E: de::Error>(key: &'static str) -> E {
    E::duplicate_field(key)
}

/// Value of [`Key`] for a key that names nothing.
pub const UNKNOWN: u32 = u32::MAX;

/// Reads an object key and maps it to a field index (or a union tag)
/// through `lookup`; an unknown key is [`UNKNOWN`], or an error when
/// `Options::deny_unknown_fields` is on (or always, with `strict`).
pub struct Key {
    /// Maps a key to its index, or [`UNKNOWN`].
    pub lookup: fn(&str) -> u32,
    /// The keys, for the error message.
    pub expected: &'static [&'static str],
    /// Unknown keys are always errors (union arms).
    pub strict: bool,
}

impl<'de> DeserializeSeed<'de> for Key {
    type Value = u32;
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u32, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = u32;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    #[inline]
    fn visit_str<E: de::Error>(self, v: &str) -> Result<u32, E> {
        let i = (self.lookup)(v);
        if i == UNKNOWN && (self.strict || deny_unknown()) {
            return Err(E::unknown_field(v, self.expected));
        }
        Ok(i)
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<u32, E> {
        match core::str::from_utf8(v) {
            Ok(s) => self.visit_str(s),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(v), &self)),
        }
    }
}

/// Skips a value (an unknown key's, a deprecated field's, a unit arm's).
#[inline]
pub fn skip<'de, A: de::MapAccess<'de>>(a: &mut A) -> Result<(), A::Error> {
    a.next_value_seed(Skip)
}

/// Skips any value, counting its arrays and objects against the depth
/// limit: serde's `IgnoredAny` recurses without bound in some parsers
/// (simd-json's), so 10,000 nested arrays in an unknown field would
/// exhaust the stack.
pub struct Skip;

impl<'de> DeserializeSeed<'de> for Skip {
    type Value = ();
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_ignored_any(Skip)
    }
}

macro_rules! skip_scalars {
    ($($f:ident($t:ty)),*) => {$(
        #[inline]
        fn $f<E: de::Error>(self, _: $t) -> Result<(), E> {
            Ok(())
        }
    )*};
}

impl<'de> Visitor<'de> for Skip {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    skip_scalars!(
        visit_bool(bool),
        visit_i64(i64),
        visit_u64(u64),
        visit_i128(i128),
        visit_u128(u128),
        visit_f64(f64),
        visit_str(&str),
        visit_bytes(&[u8]),
        visit_char(char)
    );
    #[inline]
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    #[inline]
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_ignored_any(Skip)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_ignored_any(Skip)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut a: A) -> Result<(), A::Error> {
        let _depth = enter::<A::Error>()?;
        while a.next_element_seed(Skip)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut a: A) -> Result<(), A::Error> {
        let _depth = enter::<A::Error>()?;
        while a.next_key_seed(Skip)?.is_some() {
            a.next_value_seed(Skip)?;
        }
        Ok(())
    }
}

/// After a union's one key: an error if another follows.
pub fn one_key<'de, A: de::MapAccess<'de>>(a: &mut A) -> Result<(), A::Error> {
    match a.next_key_seed(Skip)? {
        None => Ok(()),
        Some(_) => Err(de::Error::custom("a union is an object with exactly one key")),
    }
}

/// The error for a union object without a key.
pub fn no_arm<E: de::Error>() -> E {
    E::custom("a union is an object with exactly one key, found none")
}

/// The error for a union tag that names no arm (and no unknown arm to keep it).
pub fn unknown_arm<E: de::Error>(tag: u32) -> E {
    E::custom(format_args!("unknown union arm (tag {tag})"))
}

/// Parses a union key given as a tag number (section 16.7).
#[inline]
pub fn tag_key(k: &str) -> u32 {
    match k.parse::<u16>() {
        Ok(n) if k.bytes().all(|b| b.is_ascii_digit()) => n as u32,
        _ => UNKNOWN,
    }
}

/// Whether `json` holds a `\uD800`..`\uDFFF` escape (a surrogate, paired
/// or not): rare in practice, checked with a vectorized search for `\`.
#[cfg(feature = "simd-json")]
pub(crate) fn has_surrogate_escape(json: &[u8]) -> bool {
    memchr::memchr_iter(b'\\', json)
        .any(|i| matches!(json.get(i + 1..i + 4), Some([b'u', b'd' | b'D', b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F'])))
}
