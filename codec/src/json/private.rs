//! What generated JSON code calls: the depth guard, the per-call options,
//! key lookup, field defaults. Not part of the public API.

use core::cell::Cell;
use core::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

use super::Options;
use crate::field::Field;
use crate::limits::{Limits, Validator};
use crate::table::Table;

pub use itoa;
pub use serde;

#[derive(Clone, Copy)]
struct State {
    depth: u32,
    max_depth: u32,
    deny_unknown: bool,
    /// The next message entered is present in the binary form whatever its
    /// value (an element of a list of messages, `Some`): its level counts.
    strict: bool,
    /// Heap memory the values built so far may still take.
    budget: usize,
    /// Why the read failed, when the serde error cannot say it by type.
    tripped: Option<super::ErrorKind>,
    /// The innermost field whose value failed, as `(type, field)`.
    field: Option<(&'static str, &'static str)>,
}

const OUTSIDE: State = State {
    depth: 0,
    max_depth: Limits::DEFAULT_MAX_DEPTH,
    deny_unknown: false,
    strict: false,
    budget: usize::MAX,
    tripped: None,
    field: None,
};

thread_local! {
    // Outside this module's functions (a plain `serde_json::from_str`), the
    // defaults apply: the binary format's depth limit, unknown keys skipped,
    // no memory budget (the input's size is not known).
    static STATE: Cell<State> = const { Cell::new(OUTSIDE) };
}

/// Applies `Options` to the deserialization running on this thread, and
/// restores the previous ones when dropped (calls may nest).
pub(crate) struct Scope(State);

impl Scope {
    /// A scope for reading `input_len` bytes of JSON: the memory budget is
    /// [`Limits::memory_budget`] of the input's length.
    pub(crate) fn new(opts: &Options, input_len: usize) -> Scope {
        Scope(STATE.replace(State {
            depth: 0,
            max_depth: opts.limits.max_depth,
            deny_unknown: opts.deny_unknown_fields,
            strict: false,
            budget: opts.limits.memory_budget(input_len),
            tripped: None,
            field: None,
        }))
    }

    /// Gives an error of this scope's read what the serde error could not
    /// carry: its kind (a memory budget exceeded) and the field it is in.
    pub(crate) fn finish<T>(self, r: Result<T, super::Error>) -> Result<T, super::Error> {
        let State { tripped, field, .. } = STATE.with(|s| s.get());
        drop(self);
        let r = match (r, tripped) {
            (Err(e), Some(kind)) => Err(e.with_kind(kind)),
            (r, _) => r,
        };
        match (r, field) {
            (Err(e), Some((ty, f))) => Err(e.in_field(ty, f)),
            (r, _) => r,
        }
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        STATE.set(self.0);
    }
}

/// Records that reading field `field` of message `ty` failed with `e`,
/// unless an inner field was recorded already (the innermost location is
/// the useful one), and returns `e` unchanged: its kind and position stay
/// the parser's, and the field is added to the [`Error`](super::Error) the
/// read returns. Used by generated code.
#[cold]
pub fn in_field<E>(e: E, ty: &'static str, field: &'static str) -> E {
    STATE.with(|s| {
        let mut st = s.get();
        if st.field.is_none() {
            st.field = Some((ty, field));
            s.set(st);
        }
    });
    e
}

/// How a type nests in the binary form (docs/FORMAT.md 11.3), which is how
/// the JSON readers count depth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nesting {
    /// No level of its own (scalars, strings, unions, inline structs).
    Flat,
    /// A list or a map: a level when stored (non-empty, or `Some`).
    Level,
    /// A message: a level when stored; an element of a list of messages
    /// shares its list's level.
    Message,
}

/// One level of nesting; leaves it when dropped.
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

#[cold]
fn too_deep<E: de::Error>(max: u32) -> E {
    E::custom(format_args!("nesting deeper than the limit of {max} levels"))
}

/// Enters one level that the binary form always counts (a non-empty list
/// or map, an array or object inside a skipped value): an error past the
/// depth limit, so that nesting in the input cannot exhaust the stack,
/// whatever the parser.
#[inline]
pub fn enter<E: de::Error>() -> Result<Depth, E> {
    STATE.with(|s| {
        let mut st = s.get();
        if st.depth >= st.max_depth {
            return Err(too_deep(st.max_depth));
        }
        st.depth += 1;
        s.set(st);
        Ok(Depth(()))
    })
}

/// Enters a message (docs/FORMAT.md 11.3: every message is a level). A
/// message below the depth limit is accepted only if the binary form would
/// leave it out, that is if it is present only in the JSON: a non-optional
/// field (or a map value, a union arm) holding the default, which the JSON
/// writers spell out in full. The caller checks that with [`MessageDepth::check`]
/// once the value is built; such levels are bounded by the limit again, so
/// the recursion stays bounded.
#[inline]
pub fn enter_message<E: de::Error>() -> Result<MessageDepth, E> {
    STATE.with(|s| {
        let mut st = s.get();
        let strict = core::mem::replace(&mut st.strict, false);
        let over = st.depth >= st.max_depth;
        if over && (strict || st.depth >= st.max_depth.saturating_mul(2)) {
            return Err(too_deep(st.max_depth));
        }
        st.depth += 1;
        s.set(st);
        Ok(MessageDepth { _level: Depth(()), over })
    })
}

/// A message's level (see [`enter_message`]).
pub struct MessageDepth {
    _level: Depth,
    over: bool,
}

impl MessageDepth {
    /// Checks a message entered below the depth limit: it must be what the
    /// binary form leaves out (its default), else it is too deep.
    #[inline]
    pub fn check<M: crate::field::Child, E: de::Error>(&self, m: &M) -> Result<(), E> {
        if self.over && !m.is_absent_default() {
            return Err(STATE.with(|s| too_deep(s.get().max_depth)));
        }
        Ok(())
    }
}

/// Marks the next message entered as present in the binary form (an
/// element of a list of messages, the value of `Some`): its level counts
/// whatever it holds.
#[inline]
pub(crate) fn present_message() {
    STATE.with(|s| {
        let mut st = s.get();
        st.strict = true;
        s.set(st);
    });
}

/// Checks that a value present in the binary form one level down (the list
/// or map of a `Some`) is within the depth limit.
#[inline]
pub(crate) fn check_level<E: de::Error>() -> Result<(), E> {
    STATE.with(|s| {
        let st = s.get();
        if st.depth >= st.max_depth { Err(too_deep(st.max_depth)) } else { Ok(()) }
    })
}

/// Charges `bytes` of heap memory about to be built against the read's
/// budget ([`Limits::memory_budget`] of the input's length).
#[inline]
pub fn charge<E: de::Error>(bytes: usize) -> Result<(), E> {
    STATE.with(|s| {
        let mut st = s.get();
        match st.budget.checked_sub(bytes) {
            Some(rest) => {
                st.budget = rest;
                s.set(st);
                Ok(())
            }
            None => {
                st.tripped = Some(super::ErrorKind::MemoryLimit);
                s.set(st);
                Err(E::custom("the values built from this JSON input would exceed its memory budget"))
            }
        }
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
/// limit and reading its strings as text (so they must be UTF-8). It asks
/// for `deserialize_any`, not `deserialize_ignored_any`: serde_json answers
/// the latter with its own skipper, which checks neither, so the two
/// readers would differ.
pub struct Skip;

impl<'de> DeserializeSeed<'de> for Skip {
    type Value = ();
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(Skip)
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
        d.deserialize_any(Skip)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(Skip)
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
    super::rules::tag_from_key(k).map_or(UNKNOWN, u32::from)
}

/// Whether `json` holds a `\uD800`..`\uDFFF` escape (a surrogate, paired
/// or not): rare in practice, checked with a vectorized search for `\`.
#[cfg(feature = "simd-json")]
pub(crate) fn has_surrogate_escape(json: &[u8]) -> bool {
    memchr::memchr_iter(b'\\', json)
        .any(|i| matches!(json.get(i + 1..i + 4), Some([b'u', b'd' | b'D', b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F'])))
}
