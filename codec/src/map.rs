//! Maps: `BTreeMap` and `HashMap` as a list of entries.
//!
//! A map body is laid out like a list of messages whose entries have two
//! fields, key `@0` and value `@1`: `varint count · U16 stride · count ×
//! stride · children`. Writers emit entries sorted by key with no duplicate
//! keys, so equal maps encode to equal bytes; readers do not depend on the
//! order (a decoder keeps the last of duplicate keys).

use core::marker::PhantomData;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};

use crate::encode::Buffer;
use crate::error::Result;
use crate::field::{Child, Field};
use crate::layout::{Layout, layout};
use crate::list::{self, Elements};
use crate::table::Table;
use crate::validate::Validator;

/// The two-slot layout of a map entry.
struct Entry<K, V>(PhantomData<fn() -> (K, V)>);

impl<K: Field, V: Field> Entry<K, V> {
    const LAYOUT: Layout<2> = layout([K::SHAPE, V::SHAPE]);

    fn len<'i>(entries: impl ExactSizeIterator<Item = (&'i K, &'i V)>) -> usize
    where
        K: 'i,
        V: 'i,
    {
        list::strided_head_len(entries.len(), Self::LAYOUT.data_len)
            + entries.map(|(k, v)| k.extra_len() + v.extra_len()).sum::<usize>()
    }

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

    fn validate(t: &Table<'_>, at: usize, v: &mut Validator) -> Result<usize> {
        let entries = MapView::<K, V>::open(t, Some(at))?.e;
        v.enter(t, at)?;
        let mut cur = entries.end();
        for i in 0..entries.len() {
            let e = entries.elem(i);
            K::validate(&e, Self::LAYOUT.slots[0], &mut cur, v)?;
            V::validate(&e, Self::LAYOUT.slots[1], &mut cur, v)?;
        }
        v.leave();
        Ok(cur)
    }

    fn decode<C: FromIterator<(K, V)>>(t: &Table<'_>, at: usize, v: &mut Validator) -> Result<(C, usize)> {
        let entries = MapView::<K, V>::open(t, Some(at))?.e;
        v.enter(t, at)?;
        let mut cur = entries.end();
        let c = (0..entries.len())
            .map(|i| {
                let e = entries.elem(i);
                let k = K::decode(&e, Self::LAYOUT.slots[0], &mut cur, v)?;
                Ok((k, V::decode(&e, Self::LAYOUT.slots[1], &mut cur, v)?))
            })
            .collect::<Result<C>>()?;
        v.leave();
        Ok((c, cur))
    }
}

/// The borrowed view of a map: its entries in stored order (sorted by key
/// when written by zerowire), each read in O(1).
pub struct MapView<'a, K: Field, V: Field> {
    e: Elements<'a>,
    _kv: PhantomData<fn() -> (K, V)>,
}

impl<K: Field, V: Field> Clone for MapView<'_, K, V> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K: Field, V: Field> Copy for MapView<'_, K, V> {}

impl<'a, K: Field, V: Field> MapView<'a, K, V> {
    /// The empty map.
    pub const EMPTY: Self = MapView { e: Elements::EMPTY, _kv: PhantomData };

    /// Opens the map body at `at` (`None`: the empty map).
    pub fn open(t: &Table<'a>, at: Option<usize>) -> Result<Self> {
        let Some(at) = at else { return Ok(Self::EMPTY) };
        Ok(MapView { e: Elements::open_strided(t, at)?, _kv: PhantomData })
    }
    /// Number of entries.
    pub fn len(&self) -> usize {
        self.e.len()
    }
    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.e.len() == 0
    }
    fn elem(&self, i: usize) -> Table<'a> {
        self.e.elem(i)
    }
    /// Entry `i` as `(key, value)`.
    pub fn get_index(&self, i: usize) -> Option<(K::Read<'a>, V::Read<'a>)> {
        (i < self.e.len()).then(|| {
            let e = self.elem(i);
            (K::read(&e, Entry::<K, V>::LAYOUT.slots[0]), V::read(&e, Entry::<K, V>::LAYOUT.slots[1]))
        })
    }
    /// The entries in stored order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (K::Read<'a>, V::Read<'a>)> + 'a {
        let this = *self;
        (0..self.e.len()).map(move |i| {
            let e = this.elem(i);
            (K::read(&e, Entry::<K, V>::LAYOUT.slots[0]), V::read(&e, Entry::<K, V>::LAYOUT.slots[1]))
        })
    }
    /// The value of the last entry whose key satisfies `is_key` (the last of
    /// duplicate keys wins, as it does when decoding into a map; zerowire
    /// writers never write duplicates).
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
    pub fn find(&self, mut is_key: impl FnMut(K::Read<'a>) -> bool) -> Option<V::Read<'a>> {
        (0..self.e.len()).rev().find_map(|i| {
            let e = self.elem(i);
            is_key(K::read(&e, Entry::<K, V>::LAYOUT.slots[0])).then(|| V::read(&e, Entry::<K, V>::LAYOUT.slots[1]))
        })
    }
}

impl<'a, K: Field, V: Field> core::fmt::Debug for MapView<'a, K, V>
where
    K::Read<'a>: core::fmt::Debug,
    V::Read<'a>: core::fmt::Debug,
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

macro_rules! map_child {
    ([$($gen:tt)*] $ty:ty, $entries:ident => $sorted:expr) => {
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
                let $entries = self;
                Entry::<K, V>::write($sorted, buf)
            }
            fn read_child<'a>(t: &Table<'a>, at: usize) -> Result<Self::View<'a>> {
                MapView::open(t, Some(at))
            }
            fn validate_child(t: &Table<'_>, at: usize, v: &mut Validator) -> Result<usize> {
                Entry::<K, V>::validate(t, at, v)
            }
            fn decode_child(t: &Table<'_>, at: usize, v: &mut Validator) -> Result<(Self, usize)> {
                Entry::<K, V>::decode(t, at, v)
            }
        }
    };
}

map_child!([K: Field + Ord, V: Field] BTreeMap<K, V>, m => m.iter());
// A `HashMap` is written in key order too, so that equal maps give equal
// bytes (golden files, caches, signatures); that costs one sort per encode.
map_child!([K: Field + Ord + Hash, V: Field, S: BuildHasher + Default + 'static] HashMap<K, V, S>, m => {
    let mut sorted: Vec<(&K, &V)> = m.iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    sorted.into_iter()
});
crate::__impl_child_field!([K: Field + Ord, V: Field] BTreeMap<K, V>);
crate::__impl_child_field!([K: Field + Ord + Hash, V: Field, S: BuildHasher + Default + 'static] HashMap<K, V, S>);
