//! [`Json`] for the standard types: numbers (section 16.2), strings and bytes
//! (16.3), lists and arrays (16.4), maps (16.5), `Option` and `Box` (16.8).

use core::fmt;
use core::hash::{BuildHasher, Hash};
use core::marker::PhantomData;
use std::collections::{BTreeMap, HashMap};

use base64::Engine as _;
use serde::de::{self, Deserializer, Visitor};
use serde::ser::{Error as _, SerializeMap, Serializer};

use super::private::{Nesting, charge};
use super::rules;
use super::traits::{De, Json, JsonChild, JsonKey, KeyReadSer, KeySer, OptVisitor, ReadSer, Ser};
use crate::map::MapView;

// --- integers -------------------------------------------------------------------

/// Reads an integer given as a number or as a string holding a decimal
/// integer; rejects fractions, exponents and out-of-range values.
struct IntVisitor<T>(PhantomData<T>);

macro_rules! int_visitor {
    ($($ty:ty),*) => {$(
        impl<'de> Visitor<'de> for IntVisitor<$ty> {
            type Value = $ty;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!("an integer (", stringify!($ty), ") as a number or a string"))
            }
            #[inline]
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<$ty, E> {
                <$ty>::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
            }
            #[inline]
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<$ty, E> {
                <$ty>::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<$ty, E> {
                <$ty>::try_from(v).map_err(|_| E::custom(format_args!("{v} is out of range for {}", stringify!($ty))))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<$ty, E> {
                <$ty>::try_from(v).map_err(|_| E::custom(format_args!("{v} is out of range for {}", stringify!($ty))))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<$ty, E> {
                rules::int_from_f64(v)
                    .and_then(|i| <$ty>::try_from(i).ok())
                    .ok_or_else(|| E::invalid_type(de::Unexpected::Float(v), &self))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<$ty, E> {
                rules::int_from_str(v)
                    .and_then(|i| <$ty>::try_from(i).ok())
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
    )*};
}
int_visitor!(u8, u16, u32, u64, i8, i16, i32, i64);

macro_rules! narrow_int {
    ($($ty:ty => $ser:ident),*) => {$(
        impl Json for $ty {
            #[inline]
            fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.$ser(*self)
            }
            #[inline]
            fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(IntVisitor::<$ty>(PhantomData))
            }
            crate::__json_scalar_reads!();
        }
    )*};
}
narrow_int!(u16 => serialize_u16, u32 => serialize_u32, i8 => serialize_i8, i16 => serialize_i16, i32 => serialize_i32);

/// 64-bit integers are strings on output (section 16.2: JavaScript reads
/// JSON numbers as doubles and would round them above 2^53).
macro_rules! wide_int {
    ($($ty:ty),*) => {$(
        impl Json for $ty {
            #[inline]
            fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(itoa::Buffer::new().format(*self))
            }
            #[inline]
            fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(IntVisitor::<$ty>(PhantomData))
            }
            crate::__json_scalar_reads!();
        }
    )*};
}
wide_int!(u64, i64);

/// Every integer is a map key in decimal (section 16.5).
macro_rules! int_key {
    ($($ty:ty),*) => {$(
        impl JsonKey for $ty {
            fn ser_key<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(itoa::Buffer::new().format(*self))
            }
            fn ser_key_read<S: Serializer>(r: &$ty, s: S) -> Result<S::Ok, S::Error> {
                r.ser_key(s)
            }
            fn from_key(k: &str) -> Result<Self, String> {
                rules::int_from_str(k)
                    .and_then(|i| <$ty>::try_from(i).ok())
                    .ok_or_else(|| format!("expected an integer key ({}), found {k:?}", stringify!($ty)))
            }
        }
    )*};
}
int_key!(u8, u16, u32, u64, i8, i16, i32, i64);

// `u8` is an integer alone, and base64 in a `Vec<u8>` or `[u8; N]`.
impl Json for u8 {
    #[inline]
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(*self)
    }
    #[inline]
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(IntVisitor::<u8>(PhantomData))
    }
    #[inline]
    fn ser_read<S: Serializer>(r: &u8, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(*r)
    }
    #[inline]
    fn ser_opt_read<S: Serializer>(r: &Option<u8>, s: S) -> Result<S::Ok, S::Error> {
        match r {
            Some(v) => s.serialize_u8(*v),
            None => s.serialize_none(),
        }
    }
    #[inline]
    fn opt_read_is_none(r: &Option<u8>) -> bool {
        r.is_none()
    }
    fn ser_vec<S: Serializer>(items: &[u8], s: S) -> Result<S::Ok, S::Error> {
        ser_base64(items, s)
    }
    fn de_vec<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let v = d.deserialize_str(Base64Visitor)?;
        // `Vec<u8>` is a list: a level of nesting when it has bytes.
        if !v.is_empty() {
            super::private::check_level()?;
        }
        Ok(v)
    }
    fn de_array<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        d.deserialize_str(Base64Visitor)
    }
    fn ser_list<S: Serializer>(l: &crate::list::ScalarList<'_, u8>, s: S) -> Result<S::Ok, S::Error> {
        ser_base64(l.as_bytes(), s)
    }
}

// --- floats ------------------------------------------------------------------------

/// Reads a float given as a number, a numeric string, or one of `"NaN"`,
/// `"Infinity"`, `"-Infinity"`.
struct FloatVisitor<T>(PhantomData<T>);

macro_rules! float {
    (@narrow f32, $v:expr) => { rules::f32_from_f64($v) };
    (@narrow f64, $v:expr) => { Some($v) };
    ($($ty:tt => $ser:ident),*) => {$(
        impl<'de> Visitor<'de> for FloatVisitor<$ty> {
            type Value = $ty;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!("a number (", stringify!($ty), "), \"NaN\", \"Infinity\" or \"-Infinity\""))
            }
            #[inline]
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<$ty, E> {
                float!(@narrow $ty, v).ok_or_else(|| E::custom(format_args!("{v} is out of range for {}", stringify!($ty))))
            }
            #[inline]
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<$ty, E> {
                Ok(v as $ty)
            }
            #[inline]
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<$ty, E> {
                Ok(v as $ty)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<$ty, E> {
                match rules::float_from_str(v) {
                    Some(f) => self.visit_f64(f),
                    None => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
        }
        impl Json for $ty {
            #[inline]
            fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let v = *self;
                if v.is_finite() {
                    s.$ser(v)
                } else if v.is_nan() {
                    s.serialize_str("NaN")
                } else if v > 0.0 {
                    s.serialize_str("Infinity")
                } else {
                    s.serialize_str("-Infinity")
                }
            }
            #[inline]
            fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(FloatVisitor::<$ty>(PhantomData))
            }
            crate::__json_scalar_reads!();
        }
    )*};
}
float!(f32 => serialize_f32, f64 => serialize_f64);

// --- bool, char -----------------------------------------------------------------------

impl Json for bool {
    #[inline]
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bool(*self)
    }
    #[inline]
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde::Deserialize::deserialize(d)
    }
    crate::__json_scalar_reads!();
}
impl JsonKey for bool {
    fn ser_key<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(if *self { "true" } else { "false" })
    }
    fn ser_key_read<S: Serializer>(r: &bool, s: S) -> Result<S::Ok, S::Error> {
        r.ser_key(s)
    }
    fn from_key(k: &str) -> Result<Self, String> {
        match k {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(format!("expected a bool key (\"true\" or \"false\"), found {k:?}")),
        }
    }
}

impl Json for char {
    #[inline]
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_char(*self)
    }
    #[inline]
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde::Deserialize::deserialize(d)
    }
    crate::__json_scalar_reads!();
}
impl JsonKey for char {
    fn ser_key<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_char(*self)
    }
    fn ser_key_read<S: Serializer>(r: &char, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_char(*r)
    }
    fn from_key(k: &str) -> Result<Self, String> {
        let mut it = k.chars();
        match (it.next(), it.next()) {
            (Some(c), None) => Ok(c),
            _ => Err(format!("expected a one-character key, found {k:?}")),
        }
    }
}

// --- fixed arrays ------------------------------------------------------------------------

impl<T: Json + crate::scalar::Scalar, const N: usize> Json for [T; N] {
    #[inline]
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        T::ser_vec(&self[..], s)
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = T::de_array(d)?;
        let n = v.len();
        v.try_into().map_err(|_| de::Error::invalid_length(n, &ExactLen(N)))
    }
    crate::__json_scalar_reads!();
}

struct ExactLen(usize);
impl de::Expected for ExactLen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "exactly {} elements (bytes)", self.0)
    }
}

// --- strings and bytes ----------------------------------------------------------------------

/// Reads a string, charging its bytes before copying them.
struct StringVisitor;

impl<'de> Visitor<'de> for StringVisitor {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    #[inline]
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        charge(v.len())?;
        Ok(v.to_owned())
    }
    #[inline]
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        charge(v.len())?;
        Ok(v)
    }
}

impl Json for String {
    #[inline]
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
    #[inline]
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_string(StringVisitor)
    }
    crate::__json_child_reads!(slots);
}
impl JsonChild for String {
    #[inline]
    fn ser_view<S: Serializer>(v: &&str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v)
    }
}
impl JsonKey for String {
    fn ser_key<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
    fn ser_key_read<S: Serializer>(r: &crate::Result<&str>, s: S) -> Result<S::Ok, S::Error> {
        match r {
            Ok(k) => s.serialize_str(k),
            Err(e) => Err(S::Error::custom(e)),
        }
    }
    fn from_key(k: &str) -> Result<Self, String> {
        Ok(k.to_owned())
    }
}

/// Standard base64 with padding (section 16.3).
fn ser_base64<S: Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
    // Small payloads (ids, hashes) are encoded on the stack.
    let mut stack = [0u8; 128];
    let n = base64::encoded_len(b.len(), true).ok_or_else(|| S::Error::custom("byte string too long for base64"))?;
    if n <= stack.len() {
        let n = base64::engine::general_purpose::STANDARD
            .encode_slice(b, &mut stack)
            .map_err(|_| S::Error::custom("base64 encoding failed"))?;
        let text = core::str::from_utf8(&stack[..n]).map_err(S::Error::custom)?;
        s.serialize_str(text)
    } else {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(b))
    }
}

/// Decodes standard or URL-safe base64, padded or not.
pub(crate) fn decode_base64(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    const CFG: GeneralPurposeConfig =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    const STANDARD: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::STANDARD, CFG);
    const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::URL_SAFE, CFG);
    // One pass in the common case: standard first, URL-safe only if that
    // fails (a pre-scan for '-' or '_' cost as much as the decode on a 1 MiB
    // payload).
    STANDARD.decode(text).or_else(|e| URL_SAFE.decode(text).map_err(|_| e))
}

struct Base64Visitor;

impl<'de> Visitor<'de> for Base64Visitor {
    type Value = Vec<u8>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a base64 string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<u8>, E> {
        // What the decoded bytes take at most, charged before decoding.
        charge(v.len() / 4 * 3 + 3)?;
        decode_base64(v).map_err(|e| E::custom(format_args!("invalid base64: {e}")))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Vec<u8>, E> {
        Ok(Vec::new())
    }
}

impl Json for bytes::Bytes {
    #[inline]
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ser_base64(self, s)
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(Base64Visitor).map(bytes::Bytes::from)
    }
    crate::__json_child_reads!(slots);
}
impl JsonChild for bytes::Bytes {
    #[inline]
    fn ser_view<S: Serializer>(v: &&[u8], s: S) -> Result<S::Ok, S::Error> {
        ser_base64(v, s)
    }
}

// --- lists ------------------------------------------------------------------------------------

impl<T: Json> Json for Vec<T> {
    const NESTING: Nesting = Nesting::Level;
    #[inline]
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        T::ser_vec(self, s)
    }
    #[inline]
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::de_vec(d)
    }
    crate::__json_child_reads!(slots);
}
impl<T: Json> JsonChild for Vec<T> {
    #[inline]
    fn ser_view<S: Serializer>(v: &T::List<'_>, s: S) -> Result<S::Ok, S::Error> {
        T::ser_list(v, s)
    }
}

// --- Option, Box -------------------------------------------------------------------------------

impl<T: Json> Json for Option<T> {
    #[inline]
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(v) => v.ser(s),
            None => s.serialize_none(),
        }
    }
    #[inline]
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_option(OptVisitor::<T> { present: true, ty: PhantomData })
    }
    #[inline]
    fn ser_read<S: Serializer>(r: &T::OptRead<'_>, s: S) -> Result<S::Ok, S::Error> {
        T::ser_opt_read(r, s)
    }
    #[inline]
    fn omit(&self) -> bool {
        self.is_none()
    }
    #[inline]
    fn omit_read(r: &T::OptRead<'_>) -> bool {
        T::opt_read_is_none(r)
    }
    fn ser_opt_read<S: Serializer>(r: &core::convert::Infallible, _: S) -> Result<S::Ok, S::Error> {
        match *r {}
    }
    fn opt_read_is_none(r: &core::convert::Infallible) -> bool {
        match *r {}
    }
    crate::__json_list!(slots);
}

impl<T: Json> Json for Box<T> {
    const NESTING: Nesting = T::NESTING;
    #[inline]
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).ser(s)
    }
    #[inline]
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        charge(core::mem::size_of::<T>())?;
        T::de(d).map(Box::new)
    }
    #[inline]
    fn ser_read<S: Serializer>(r: &T::Read<'_>, s: S) -> Result<S::Ok, S::Error> {
        T::ser_read(r, s)
    }
    #[inline]
    fn omit(&self) -> bool {
        (**self).omit()
    }
    #[inline]
    fn omit_read(r: &T::Read<'_>) -> bool {
        T::omit_read(r)
    }
    #[inline]
    fn ser_opt_read<S: Serializer>(r: &T::OptRead<'_>, s: S) -> Result<S::Ok, S::Error> {
        T::ser_opt_read(r, s)
    }
    #[inline]
    fn opt_read_is_none(r: &T::OptRead<'_>) -> bool {
        T::opt_read_is_none(r)
    }
    #[inline]
    fn ser_list<S: Serializer>(l: &T::List<'_>, s: S) -> Result<S::Ok, S::Error> {
        T::ser_list(l, s)
    }
}

// --- maps ------------------------------------------------------------------------------------------

/// Reads a map key through [`JsonKey::from_key`].
struct KeyDe<K>(PhantomData<fn() -> K>);

impl<'de, K: JsonKey> de::DeserializeSeed<'de> for KeyDe<K> {
    type Value = K;
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<K, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, K: JsonKey> Visitor<'de> for KeyDe<K> {
    type Value = K;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map key (a string)")
    }
    #[inline]
    fn visit_str<E: de::Error>(self, v: &str) -> Result<K, E> {
        // A string key copies its text; other keys build less.
        charge(v.len())?;
        K::from_key(v).map_err(E::custom)
    }
}

/// Writes map entries (owned).
fn ser_entries<'i, K: JsonKey + 'i, V: Json + 'i, S: Serializer>(
    n: usize,
    entries: impl Iterator<Item = (&'i K, &'i V)>,
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(n))?;
    for (k, v) in entries {
        m.serialize_entry(&KeySer(k), &Ser(v))?;
    }
    m.end()
}

/// Writes a map view's entries.
fn ser_map_view<K: JsonKey, V: Json, S: Serializer>(v: &MapView<'_, K, V>, s: S) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(v.len()))?;
    for (k, val) in v.iter() {
        m.serialize_entry(&KeyReadSer::<K>(&k), &ReadSer::<V>(&val))?;
    }
    m.end()
}

/// What a map is read into: a `BTreeMap` or a `HashMap`.
trait MapSink<K, V>: Sized {
    fn with_capacity(n: usize) -> Self;
    /// Inserts; `false` if the key was there already.
    fn insert_new(&mut self, k: K, v: V) -> bool;
}

impl<K: Ord, V> MapSink<K, V> for BTreeMap<K, V> {
    fn with_capacity(_: usize) -> Self {
        BTreeMap::new()
    }
    fn insert_new(&mut self, k: K, v: V) -> bool {
        match self.entry(k) {
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(v);
                true
            }
            std::collections::btree_map::Entry::Occupied(_) => false,
        }
    }
}

impl<K: Hash + Eq, V, H: BuildHasher + Default> MapSink<K, V> for HashMap<K, V, H> {
    fn with_capacity(n: usize) -> Self {
        HashMap::with_capacity_and_hasher(n.min(4096), H::default())
    }
    fn insert_new(&mut self, k: K, v: V) -> bool {
        match self.entry(k) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(v);
                true
            }
            std::collections::hash_map::Entry::Occupied(_) => false,
        }
    }
}

/// Reads a map of `K` to `V` into `M`.
type Marker<M, K, V> = PhantomData<fn() -> (M, K, V)>;
struct MapVisitor<M, K, V>(Marker<M, K, V>);

impl<'de, M: MapSink<K, V>, K: JsonKey, V: Json> Visitor<'de> for MapVisitor<M, K, V> {
    type Value = M;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object (a map)")
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut a: A) -> Result<M, A::Error> {
        let mut out = M::with_capacity(0);
        // An empty map is absent in the binary form: its level counts from
        // its first entry on.
        let mut _level = None;
        while let Some(k) = a.next_key_seed(KeyDe::<K>(PhantomData))? {
            if _level.is_none() {
                _level = Some(super::private::enter()?);
            }
            charge(core::mem::size_of::<(K, V)>())?;
            let v = a.next_value_seed(De::<V>::new())?;
            if !out.insert_new(k, v) {
                return Err(de::Error::custom("duplicate map key"));
            }
        }
        Ok(out)
    }
    fn visit_unit<E: de::Error>(self) -> Result<M, E> {
        Ok(M::with_capacity(0))
    }
}

/// Entries in key order (section 7.5), as the binary form stores them: the
/// owned value writes what its view writes.
fn ser_sorted<'i, K: JsonKey + 'i, V: Json + 'i, S: Serializer>(
    n: usize,
    entries: impl Iterator<Item = (&'i K, &'i V)>,
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut sorted: Vec<(&K, &V)> = entries.collect();
    sorted.sort_unstable_by(|a, b| a.0.key_cmp(b.0));
    ser_entries(n, sorted.into_iter(), s)
}

impl<K: JsonKey + Ord, V: Json> Json for BTreeMap<K, V> {
    const NESTING: Nesting = Nesting::Level;
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // `Ord` is key order for every key type but enums.
        if K::ORD_IS_KEY_ORDER {
            ser_entries(self.len(), self.iter(), s)
        } else {
            ser_sorted(self.len(), self.iter(), s)
        }
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(MapVisitor::<Self, K, V>(PhantomData))
    }
    crate::__json_child_reads!(slots);
}
impl<K: JsonKey + Ord, V: Json> JsonChild for BTreeMap<K, V> {
    fn ser_view<S: Serializer>(v: &MapView<'_, K, V>, s: S) -> Result<S::Ok, S::Error> {
        ser_map_view(v, s)
    }
}

impl<K: JsonKey + Ord + Hash, V: Json, H: BuildHasher + Default + 'static> Json for HashMap<K, V, H> {
    const NESTING: Nesting = Nesting::Level;
    /// In key order, as the binary form stores it: equal maps give equal
    /// text, and the owned value writes what its view writes.
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ser_sorted(self.len(), self.iter(), s)
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(MapVisitor::<Self, K, V>(PhantomData))
    }
    crate::__json_child_reads!(slots);
}
impl<K: JsonKey + Ord + Hash, V: Json, H: BuildHasher + Default + 'static> JsonChild for HashMap<K, V, H> {
    fn ser_view<S: Serializer>(v: &MapView<'_, K, V>, s: S) -> Result<S::Ok, S::Error> {
        ser_map_view(v, s)
    }
}

/// Serializes an enum: its name, or its number when unknown (section 16.6).
pub fn ser_enum<E: super::JsonEnum, S: Serializer>(e: E, s: S) -> Result<S::Ok, S::Error> {
    match e.json_name() {
        Some(n) => s.serialize_str(n),
        None => s.serialize_u32(e.json_value()),
    }
}

/// Reads an enum by name or number.
pub fn de_enum<'de, E: super::JsonEnum, D: Deserializer<'de>>(d: D) -> Result<E, D::Error> {
    d.deserialize_any(EnumVisitor::<E>(PhantomData))
}

struct EnumVisitor<E>(PhantomData<fn() -> E>);

impl<'de, E: super::JsonEnum> Visitor<'de> for EnumVisitor<E> {
    type Value = E;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an enum value's name or number")
    }
    fn visit_str<E2: de::Error>(self, v: &str) -> Result<E, E2> {
        E::from_json_name(v).ok_or_else(|| E2::custom(format_args!("unknown enum value name {v:?}")))
    }
    fn visit_u64<E2: de::Error>(self, v: u64) -> Result<E, E2> {
        E::from_json_value(v).ok_or_else(|| E2::custom(format_args!("enum value {v} is out of range")))
    }
    fn visit_i64<E2: de::Error>(self, v: i64) -> Result<E, E2> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(E2::custom(format_args!("enum value {v} is out of range"))),
        }
    }
    fn visit_f64<E2: de::Error>(self, v: f64) -> Result<E, E2> {
        match rules::int_from_f64(v) {
            Some(_) => self.visit_u64(0),
            None => Err(E2::invalid_type(de::Unexpected::Float(v), &self)),
        }
    }
}

/// An enum as a map key: its name, or its number in decimal.
pub fn ser_enum_key<E: super::JsonEnum, S: Serializer>(e: E, s: S) -> Result<S::Ok, S::Error> {
    match e.json_name() {
        Some(n) => s.serialize_str(n),
        None => s.serialize_str(itoa::Buffer::new().format(e.json_value())),
    }
}

/// Parses an enum map key: a name or a number in decimal.
pub fn enum_from_key<E: super::JsonEnum>(k: &str) -> Result<E, String> {
    if let Some(e) = E::from_json_name(k) {
        return Ok(e);
    }
    match rules::int_from_str(k) {
        Some(n) => {
            u64::try_from(n).ok().and_then(E::from_json_value).ok_or_else(|| format!("enum value {n} is out of range"))
        }
        None => Err(format!("unknown enum value name {k:?}")),
    }
}
