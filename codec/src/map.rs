//! Maps: `BTreeMap` and `HashMap` as a list of entries.
//!
//! A map body is laid out like a list of messages whose entries have two
//! fields, key `@0` and value `@1`: `varint count · U16 stride · count ×
//! stride · children`. Entries are in strictly increasing **key order**
//! ([`MapKey`]): writers sort them, and the eager tier refuses a map whose
//! keys repeat or are out of order ([`ErrorKind::MapKeyOrder`]), so every
//! reader (decoding, views, both JSON writers, the run-time codec) sees one
//! entry per key, in one order (`docs/FORMAT.md` section 7.5).

use core::cmp::Ordering;
use core::marker::PhantomData;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};

use crate::buffer::Buffer;
use crate::error::{ErrorKind, Result};
use crate::field::{Child, Field};
use crate::layout::{Layout, Slot, layout};
use crate::limits::Validator;
use crate::list::{self, Elements};
use crate::mode::{Lazy, Mode, Validated};
use crate::table::Table;

/// A type that can be a map key: integers, `bool`, `char`, `String`, and
/// enums deriving [`Enum`](derive@crate::Enum).
///
/// Its **key order** is defined by the stored value alone, so that every
/// reader and every version of a schema agree on it: integers numerically,
/// `bool` `false` before `true`, `char` by scalar value, strings bytewise
/// (which is code point order), enums by their wire number (a value an older
/// reader holds as `Unknown(n)` sorts where its number says).
pub trait MapKey: Field {
    /// Whether the type's `Ord` is its key order (then a `BTreeMap` is
    /// written in its own iteration order, without sorting).
    #[doc(hidden)]
    const ORD_IS_KEY_ORDER: bool;
    /// Compares two keys in key order.
    fn key_cmp(&self, other: &Self) -> Ordering;
    /// Compares the keys stored in `slot` of two entries in key order
    /// (entries whose keys passed the eager tier's checks).
    #[doc(hidden)]
    fn stored_cmp(a: &Table<'_>, b: &Table<'_>, slot: Slot) -> Result<Ordering>;
    /// What a map view is looked up by ([`MapView::get`]): `str` for
    /// `String` keys, the key type itself for the others.
    type Lookup: ?Sized;
    /// Compares the key stored in `slot` of an entry with `key`, in key
    /// order (a stored key that cannot be read compares as the empty or zero
    /// key: only bytes that were not validated have one).
    #[doc(hidden)]
    fn lookup_cmp(t: &Table<'_>, slot: Slot, key: &Self::Lookup) -> Ordering;
}

/// Implements [`MapKey`] for a type whose `Ord` is its key order and whose
/// view reads it by value.
macro_rules! ord_key {
    ($($ty:ty),*) => {$(
        impl MapKey for $ty {
            const ORD_IS_KEY_ORDER: bool = true;
            #[inline]
            fn key_cmp(&self, other: &Self) -> Ordering {
                self.cmp(other)
            }
            #[inline]
            fn stored_cmp(a: &Table<'_>, b: &Table<'_>, slot: Slot) -> Result<Ordering> {
                Ok(<$ty as Field>::read(a, slot).cmp(&<$ty as Field>::read(b, slot)))
            }
            type Lookup = $ty;
            #[inline]
            fn lookup_cmp(t: &Table<'_>, slot: Slot, key: &$ty) -> Ordering {
                <$ty as Field>::read(t, slot).cmp(key)
            }
        }
    )*};
}
ord_key!(u8, u16, u32, u64, i8, i16, i32, i64, bool, char);

/// The stored bytes of a string key (an absent reference is `""`).
#[inline]
fn key_bytes<'a>(t: &Table<'a>, slot: Slot) -> Result<&'a [u8]> {
    match t.ref_target(slot) {
        Some(at) => t.bytes_at(at),
        None => Ok(&[]),
    }
}

/// `str`'s `Ord` is bytewise: the key order of the stored bytes.
impl MapKey for String {
    const ORD_IS_KEY_ORDER: bool = true;
    #[inline]
    fn key_cmp(&self, other: &Self) -> Ordering {
        self.cmp(other)
    }
    #[inline]
    fn stored_cmp(a: &Table<'_>, b: &Table<'_>, slot: Slot) -> Result<Ordering> {
        Ok(key_bytes(a, slot)?.cmp(key_bytes(b, slot)?))
    }
    type Lookup = str;
    #[inline]
    fn lookup_cmp(t: &Table<'_>, slot: Slot, key: &str) -> Ordering {
        key_bytes(t, slot).unwrap_or(&[]).cmp(key.as_bytes())
    }
}

/// Implements [`MapKey`] for an enum (generated code): key order is the
/// wire number, whatever the variants' declaration order.
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_enum_key {
    ($ty:ty, $repr:ty) => {
        impl $crate::map::MapKey for $ty {
            const ORD_IS_KEY_ORDER: bool = false;
            #[inline]
            fn key_cmp(&self, other: &Self) -> ::core::cmp::Ordering {
                $crate::map::enum_key_cmp::<Self, $repr>(*self, *other)
            }
            #[inline]
            fn stored_cmp(
                a: &$crate::Table<'_>,
                b: &$crate::Table<'_>,
                slot: $crate::layout::Slot,
            ) -> $crate::Result<::core::cmp::Ordering> {
                ::core::result::Result::Ok($crate::map::enum_key_cmp::<Self, $repr>(
                    $crate::__private::scalar::read(a, slot),
                    $crate::__private::scalar::read(b, slot),
                ))
            }
            type Lookup = Self;
            #[inline]
            fn lookup_cmp(t: &$crate::Table<'_>, slot: $crate::layout::Slot, key: &Self) -> ::core::cmp::Ordering {
                $crate::map::enum_key_cmp::<Self, $repr>($crate::__private::scalar::read(t, slot), *key)
            }
        }
    };
}

/// Compares two enum values by their wire numbers (`R` is the enum's
/// representation, whose wire form the enum shares).
#[doc(hidden)]
#[inline]
pub fn enum_key_cmp<E, R>(a: E, b: E) -> Ordering
where
    E: crate::scalar::Scalar<Wire = R::Wire>,
    R: crate::scalar::Scalar + Ord,
{
    R::from_wire(a.to_wire()).cmp(&R::from_wire(b.to_wire()))
}

/// Heap bytes a decoded map is charged per entry: an upper bound of what
/// `BTreeMap` (nodes at least half full) and `HashMap` (at most 8/7 × 2
/// buckets per entry, plus a control byte) take for an entry of `K` and `V`.
const fn entry_cost<K, V>() -> usize {
    3 * (core::mem::size_of::<(K, V)>() + 1)
}

/// A map that decoding fills, one entry at a time, in key order.
trait DecodeInto<K, V>: Sized {
    /// An empty map with room for `n` entries, if it can reserve (`None`
    /// when the allocator refuses).
    fn with_room(n: usize) -> Option<Self>;
    fn put(&mut self, k: K, v: V);
}

impl<K: Ord, V> DecodeInto<K, V> for BTreeMap<K, V> {
    fn with_room(_: usize) -> Option<Self> {
        Some(BTreeMap::new())
    }
    fn put(&mut self, k: K, v: V) {
        self.insert(k, v);
    }
}

impl<K: Hash + Eq, V, S: BuildHasher + Default> DecodeInto<K, V> for HashMap<K, V, S> {
    fn with_room(n: usize) -> Option<Self> {
        let mut m = HashMap::with_hasher(S::default());
        m.try_reserve(n).ok()?;
        Some(m)
    }
    fn put(&mut self, k: K, v: V) {
        self.insert(k, v);
    }
}

/// The two-slot layout of a map entry.
struct Entry<K, V>(PhantomData<fn() -> (K, V)>);

impl<K: MapKey, V: Field> Entry<K, V> {
    const LAYOUT: Layout<2> = layout([K::SHAPE, V::SHAPE]);

    fn len<'i>(entries: impl ExactSizeIterator<Item = (&'i K, &'i V)>) -> usize
    where
        K: 'i,
        V: 'i,
    {
        list::strided_head_len(entries.len(), Self::LAYOUT.data_len)
            + entries.map(|(k, v)| k.extra_len() + v.extra_len()).sum::<usize>()
    }

    /// Writes entries that are already in key order.
    fn write<'i, B: Buffer>(entries: impl ExactSizeIterator<Item = (&'i K, &'i V)>, buf: &mut B)
    where
        K: 'i,
        V: 'i,
    {
        let stride = Self::LAYOUT.data_len;
        let start = list::write_strided_head(buf, entries.len(), stride);
        for (i, (k, v)) in entries.enumerate() {
            let data = start + i * stride;
            k.write(buf, data, Self::LAYOUT.slots[0]);
            v.write(buf, data, Self::LAYOUT.slots[1]);
        }
    }

    /// Writes entries in any order, sorting them into key order first.
    fn write_sorted<'i, B: Buffer>(entries: impl ExactSizeIterator<Item = (&'i K, &'i V)>, buf: &mut B)
    where
        K: 'i,
        V: 'i,
    {
        let mut sorted: Vec<(&K, &V)> = entries.collect();
        sorted.sort_unstable_by(|a, b| a.0.key_cmp(b.0));
        Self::write(sorted.into_iter(), buf)
    }

    /// Checks that entry `i`'s key comes strictly after entry `i - 1`'s.
    #[inline]
    fn check_order(t: &Table<'_>, entries: &Elements<'_>, i: usize) -> Result<()> {
        if i > 0 {
            let (prev, e) = (entries.elem(i - 1), entries.elem(i));
            if K::stored_cmp(&prev, &e, Self::LAYOUT.slots[0])? != Ordering::Less {
                return Err(t.err(ErrorKind::MapKeyOrder, e.data()));
            }
        }
        Ok(())
    }

    fn validate(t: &Table<'_>, at: usize, v: &mut Validator) -> Result<usize> {
        let entries = MapView::<K, V>::open(t, Some(at))?.e;
        v.enter(t, at)?;
        let mut cur = entries.end();
        for i in 0..entries.len() {
            let e = entries.elem(i);
            K::validate(&e, Self::LAYOUT.slots[0], &mut cur, v)?;
            Self::check_order(t, &entries, i)?;
            V::validate(&e, Self::LAYOUT.slots[1], &mut cur, v)?;
        }
        v.leave();
        Ok(cur)
    }

    #[inline(never)]
    fn decode<C: DecodeInto<K, V>>(t: &Table<'_>, at: usize, v: &mut Validator) -> Result<(C, usize)> {
        let entries = MapView::<K, V>::open(t, Some(at))?.e;
        v.enter(t, at)?;
        v.charge(t, at, entries.len().saturating_mul(entry_cost::<K, V>()))?;
        let mut map = C::with_room(entries.len()).ok_or_else(|| t.err(ErrorKind::MemoryLimit, at))?;
        let mut cur = entries.end();
        for i in 0..entries.len() {
            let e = entries.elem(i);
            let k = K::decode(&e, Self::LAYOUT.slots[0], &mut cur, v)?;
            Self::check_order(t, &entries, i)?;
            map.put(k, V::decode(&e, Self::LAYOUT.slots[1], &mut cur, v)?);
        }
        v.leave();
        Ok((map, cur))
    }
}

/// The borrowed view of a map: its entries in stored order, each read in
/// O(1), and lookup by key in O(log n) ([`MapView::get`]). After the eager
/// tier (`validate`, `Owned`: the [`Validated`] mode) that order is strictly
/// increasing key order ([`MapKey`]): one entry per key.
///
/// In the [`Lazy`] mode keys and values read as their field types read
/// (`Result` for references); in the [`Validated`] mode as plain values.
pub struct MapView<'a, K: Field, V: Field, M: Mode = Lazy> {
    e: Elements<'a>,
    _kv: Types<K, V, M>,
}

/// The key, value and mode types a map view reads with (it holds none).
type Types<K, V, M> = PhantomData<fn() -> (K, V, M)>;

impl<K: Field, V: Field, M: Mode> Clone for MapView<'_, K, V, M> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K: Field, V: Field, M: Mode> Copy for MapView<'_, K, V, M> {}

impl<'a, K: MapKey, V: Field> MapView<'a, K, V> {
    /// Opens the map body at `at` (`None`: the empty map).
    #[inline]
    pub fn open(t: &Table<'a>, at: Option<usize>) -> Result<Self> {
        let Some(at) = at else { return Ok(Self::EMPTY) };
        Ok(MapView { e: Elements::open_strided(t, at)?, _kv: PhantomData })
    }
}

impl<'a, K: MapKey, V: Field> MapView<'a, K, V, Validated> {
    /// Opens a validated map body (`None`: the empty map).
    ///
    /// # Safety
    ///
    /// `t` must be validated as in [`Field::read_valid`] and `at` a map body
    /// its validation checked as a map of `K` to `V`: each entry's key and
    /// value slots were then validated as `K` and `V`, which their reads
    /// rely on.
    #[inline]
    #[allow(unsafe_code)]
    // SAFETY: the caller meets this function's `# Safety` precondition (see the trait's or the doc above); the body reads through bounds-checked `Table` methods and passes the same precondition on to any `unsafe fn` it calls (proof: `mode` module docs).
    pub unsafe fn open_valid(t: &Table<'a>, at: Option<usize>) -> Self {
        let e = MapView::<K, V>::open(t, at).map_or_else(
            |_| {
                debug_assert!(false, "a validated map opens");
                Elements::EMPTY
            },
            |m| m.e,
        );
        MapView { e, _kv: PhantomData }
    }
}

impl<'a, K: MapKey, V: Field, M: Mode> MapView<'a, K, V, M> {
    /// The empty map.
    pub const EMPTY: Self = MapView { e: Elements::EMPTY, _kv: PhantomData };

    /// Number of entries.
    #[inline]
    pub fn len(&self) -> usize {
        self.e.len()
    }
    /// Whether the map is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.e.len() == 0
    }
    /// Entry `i` (`i < len`).
    #[inline]
    #[allow(unsafe_code)]
    fn entry(e: &Elements<'a>, i: usize) -> (M::Read<'a, K>, M::Read<'a, V>) {
        let t = e.elem(i);
        let slots = Entry::<K, V>::LAYOUT.slots;
        // SAFETY: for `Validated`, `open_valid`'s precondition: the map body
        // was validated by `Entry::<K, V>::validate`, which checked slot 0 of
        // each entry `e.elem(i)` as `K` and slot 1 as `V`, slots of this same
        // `LAYOUT`.
        unsafe { (M::read::<K>(&t, slots[0]), M::read::<V>(&t, slots[1])) }
    }
    /// The value of entry `i` (`i < len`).
    #[inline]
    #[allow(unsafe_code)]
    fn value(e: &Elements<'a>, i: usize) -> M::Read<'a, V> {
        // SAFETY: as in `entry`, for the value slot alone.
        unsafe { M::read::<V>(&e.elem(i), Entry::<K, V>::LAYOUT.slots[1]) }
    }
    /// Entry `i` as `(key, value)`.
    pub fn get_index(&self, i: usize) -> Option<(M::Read<'a, K>, M::Read<'a, V>)> {
        (i < self.e.len()).then(|| Self::entry(&self.e, i))
    }
    /// The entries in stored order (double-ended).
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (M::Read<'a, K>, M::Read<'a, V>)> + DoubleEndedIterator + 'a {
        let e = self.e;
        (0..e.len()).map(move |i| Self::entry(&e, i))
    }
    /// The value stored for `key`, found by binary search: O(log n).
    ///
    /// Entries are in key order after the eager tier; on bytes that were
    /// not validated (a lazy view) that order was not checked, and a key
    /// stored out of order may not be found ([`MapView::find`] scans).
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// #[derive(zerowire::Message)]
    /// struct Span { attrs: BTreeMap<String, u64> }
    ///
    /// let span = Span { attrs: [("region".to_string(), 7), ("zone".to_string(), 2)].into() };
    /// let bytes = zerowire::encode(&span);
    /// let attrs = zerowire::validate::<Span>(&bytes)?.attrs();
    /// assert_eq!(attrs.get("region"), Some(7));
    /// assert_eq!(attrs.get("rack"), None);
    /// # Ok::<(), zerowire::Error>(())
    /// ```
    pub fn get(&self, key: &K::Lookup) -> Option<M::Read<'a, V>> {
        let key_slot = Entry::<K, V>::LAYOUT.slots[0];
        let (mut lo, mut hi) = (0, self.e.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match K::lookup_cmp(&self.e.elem(mid), key_slot, key) {
                Ordering::Less => lo = mid + 1,
                Ordering::Greater => hi = mid,
                Ordering::Equal => return Some(Self::value(&self.e, mid)),
            }
        }
        None
    }
    /// Whether the map holds `key` (binary search, as [`MapView::get`]).
    pub fn contains_key(&self, key: &K::Lookup) -> bool {
        self.get(key).is_some()
    }
    /// The value of the entry whose key satisfies `is_key`, by a scan. A
    /// validated map has one entry per key; on bytes that were not
    /// validated, the last matching entry.
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// #[derive(zerowire::Message)]
    /// struct Span { attrs: BTreeMap<String, u64> }
    ///
    /// let span = Span { attrs: [("region".to_string(), 7), ("zone".to_string(), 2)].into() };
    /// let bytes = zerowire::encode(&span);
    /// let attrs = zerowire::view::<Span>(&bytes)?.attrs()?;
    /// assert_eq!(attrs.find(|k| k == Ok("region")), Some(7));
    /// assert_eq!(attrs.find(|k| k == Ok("rack")), None);
    /// # Ok::<(), zerowire::Error>(())
    /// ```
    pub fn find(&self, mut is_key: impl FnMut(M::Read<'a, K>) -> bool) -> Option<M::Read<'a, V>> {
        (0..self.e.len()).rev().find_map(|i| {
            let (k, v) = Self::entry(&self.e, i);
            is_key(k).then_some(v)
        })
    }
}

impl<'a, K: MapKey, V: Field, M: Mode> core::fmt::Debug for MapView<'a, K, V, M>
where
    M::Read<'a, K>: core::fmt::Debug,
    M::Read<'a, V>: core::fmt::Debug,
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

macro_rules! map_child {
    ([$($gen:tt)*] $ty:ty, $entries:ident => $write:expr) => {
        impl<$($gen)*> Child for $ty {
            type View<'a> = MapView<'a, K, V>;
            fn default_view<'a>() -> Self::View<'a> {
                MapView::EMPTY
            }
            fn is_absent_default(&self) -> bool {
                self.is_empty()
            }
            fn decode_absent(_: &mut Validator) -> Result<Self> {
                Ok(Self::default())
            }
            fn child_len(&self) -> usize {
                Entry::<K, V>::len(self.iter())
            }
            fn write_child<B: Buffer>(&self, buf: &mut B) {
                let $entries = (self, buf);
                $write
            }
            #[inline]
            fn read_child<'a>(t: &Table<'a>, at: usize) -> Result<Self::View<'a>> {
                MapView::open(t, Some(at))
            }
            type Valid<'a> = MapView<'a, K, V, Validated>;
            fn default_valid<'a>() -> Self::Valid<'a> {
                MapView::EMPTY
            }
            #[inline]
            #[allow(unsafe_code)]
            // SAFETY: the caller meets this function's `# Safety` precondition (see the trait's or the doc above); the body reads through bounds-checked `Table` methods and passes the same precondition on to any `unsafe fn` it calls (proof: `mode` module docs).
            unsafe fn read_child_valid<'a>(t: &Table<'a>, at: usize) -> Self::Valid<'a> {
                // SAFETY: `validate_child` (below) checked the body at `at`
                // with `Entry::<K, V>::validate` (the caller's precondition).
                unsafe { MapView::open_valid(t, Some(at)) }
            }
            fn validate_child(t: &Table<'_>, at: usize, v: &mut Validator) -> Result<usize> {
                Entry::<K, V>::validate(t, at, v)
            }
            fn decode_child(t: &Table<'_>, at: usize, end: &mut usize, v: &mut Validator) -> Result<Self> {
                let (map, e) = Entry::<K, V>::decode(t, at, v)?;
                *end = e;
                Ok(map)
            }
        }
    };
}

// A `BTreeMap` iterates in `Ord` order, which is key order for every key
// type but enums (ordered by declaration, not by wire number).
map_child!([K: MapKey + Ord, V: Field] BTreeMap<K, V>, mb => {
    let (m, buf) = mb;
    if K::ORD_IS_KEY_ORDER { Entry::<K, V>::write(m.iter(), buf) } else { Entry::<K, V>::write_sorted(m.iter(), buf) }
});
// A `HashMap` is written in key order too, so that equal maps give equal
// bytes (golden files, caches, signatures) and the eager tier accepts them;
// that costs one sort per encode.
map_child!([K: MapKey + Hash + Eq, V: Field, S: BuildHasher + Default + 'static] HashMap<K, V, S>, mb => {
    let (m, buf) = mb;
    Entry::<K, V>::write_sorted(m.iter(), buf)
});
#[allow(unsafe_code)]
const _: () = {
    crate::__impl_child_field!([K: MapKey + Ord, V: Field] BTreeMap<K, V>);
    crate::__impl_child_field!([K: MapKey + Hash + Eq, V: Field, S: BuildHasher + Default + 'static] HashMap<K, V, S>);
};
