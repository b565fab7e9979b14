//! Lists: `Vec<T>` and its three views.
//!
//! - [`ScalarList`]: `varint count · count × wire bytes`, handed out as a
//!   zero-copy `&[T::Wire]` (a list of inline structs is a `&[ItsWire]`);
//! - [`SlotList`]: `varint count · count × slot · children`, one reference
//!   slot per element (strings, byte strings, lists, maps, unions, optional
//!   references), so element `i` is found in O(1);
//! - [`MessageList`]: `varint count · U16 stride · count × stride bytes ·
//!   children`, one shared header for the whole list, each element a data
//!   section of `stride` bytes.

use core::marker::PhantomData;

use zerocopy::FromBytes;

use crate::buffer::Buffer;
use crate::error::{ErrorKind, Result};
use crate::field::{Child, Field};
use crate::layout::Slot;
use crate::limits::{self, Validator};
use crate::mode::{Lazy, Mode, Validated};
use crate::scalar::Scalar;
use crate::table::Table;
use crate::wire;

/// `Vec<T>` is a reference to `T`'s list body.
impl<T: Field> Child for Vec<T> {
    type View<'a> = T::List<'a>;
    #[inline]
    fn default_view<'a>() -> T::List<'a> {
        T::list_empty()
    }
    #[inline]
    fn is_absent_default(&self) -> bool {
        self.is_empty()
    }
    fn decode_absent(_: &mut Validator) -> Result<Self> {
        Ok(Vec::new())
    }
    #[inline]
    fn child_len(&self) -> usize {
        T::list_len(self.iter())
    }
    #[inline]
    fn write_child<B: Buffer>(&self, buf: &mut B) {
        T::list_write_slice(self, buf)
    }
    #[inline]
    fn read_child<'a>(t: &Table<'a>, at: usize) -> Result<T::List<'a>> {
        T::list_read(t, Some(at))
    }
    type Valid<'a> = T::ValidList<'a>;
    #[inline]
    fn default_valid<'a>() -> T::ValidList<'a> {
        // SAFETY: no list body: nothing is read.
        #[allow(unsafe_code)]
        unsafe {
            T::list_read_valid(&Table::EMPTY, None)
        }
    }
    #[inline]
    #[allow(unsafe_code)]
    unsafe fn read_child_valid<'a>(t: &Table<'a>, at: usize) -> T::ValidList<'a> {
        // SAFETY: `validate_child` (below) checked the body at `at` with
        // `T::list_validate` (the caller's precondition).
        unsafe { T::list_read_valid(t, Some(at)) }
    }
    fn validate_child(t: &Table<'_>, at: usize, v: &mut Validator) -> Result<usize> {
        v.enter(t, at)?;
        let end = T::list_validate(t, at, v)?;
        v.leave();
        Ok(end)
    }
    fn decode_child(t: &Table<'_>, at: usize, end: &mut usize, v: &mut Validator) -> Result<Self> {
        v.enter(t, at)?;
        let (out, e) = T::list_decode(t, at, v)?;
        v.leave();
        *end = e;
        Ok(out)
    }
}
#[allow(unsafe_code)]
const _: () = {
    crate::__impl_child_field!([T: Field] Vec<T>);
};

/// Reads a list's varint count at `at`; returns `(count, first byte after it)`.
#[inline]
fn count_at(t: &Table<'_>, at: usize) -> Result<(u32, usize)> {
    let (n, l) = wire::get_varint(t.buf(), at, t.base())?;
    Ok((n, at + l))
}

// --- scalar lists ------------------------------------------------------------

/// A zero-copy list of scalars: a `&[T::Wire]` over the message bytes.
///
/// ```
/// #[derive(zerowire::Message)]
/// struct Series { samples: Vec<u32> }
///
/// let bytes = zerowire::encode(&Series { samples: vec![1, 2, 3] });
/// let list = zerowire::view::<Series>(&bytes)?.samples()?;
/// assert_eq!(list.get(1), Some(2));
/// assert_eq!(list.iter().sum::<u32>(), 6);
/// assert_eq!(list.as_wire()[2].get(), 3); // zerocopy little-endian `U32`s, in place
/// # Ok::<(), zerowire::Error>(())
/// ```
pub struct ScalarList<'a, T: Scalar> {
    wire: &'a [T::Wire],
    start: usize,
}

impl<'a, T: Scalar> Clone for ScalarList<'a, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<'a, T: Scalar> Copy for ScalarList<'a, T> {}

impl<'a, T: Scalar> ScalarList<'a, T> {
    /// The empty list.
    pub const EMPTY: Self = ScalarList { wire: &[], start: 0 };
    /// Opens the list body at `at` (`None`: the empty list).
    #[inline]
    pub fn open(t: &Table<'a>, at: Option<usize>) -> Result<Self> {
        let Some(at) = at else { return Ok(ScalarList { wire: &[], start: 0 }) };
        let (n, start) = count_at(t, at)?;
        let size = core::mem::size_of::<T::Wire>();
        let end = limits::check_list(t, start, n, size)?;
        match t.buf().get(start..end).and_then(|b| <[T::Wire]>::ref_from_bytes(b).ok()) {
            Some(wire) => Ok(ScalarList { wire, start }),
            None => Err(t.err(ErrorKind::ListTooLong, start)),
        }
    }
    /// Opens a validated list body (`None`: the empty list). Nothing in it
    /// can fail once validated; were it to, the empty list.
    #[inline]
    pub fn open_valid(t: &Table<'a>, at: Option<usize>) -> Self {
        Self::open(t, at).unwrap_or_else(|_| {
            debug_assert!(false, "a validated scalar list opens");
            Self::EMPTY
        })
    }
    /// A list over wire values that are already in memory.
    pub fn from_wire(wire: &'a [T::Wire]) -> Self {
        ScalarList { wire, start: 0 }
    }
    /// The elements as they are on the wire, without copying.
    #[inline]
    pub fn as_wire(&self) -> &'a [T::Wire] {
        self.wire
    }
    pub(crate) fn wire_start(&self) -> usize {
        self.start
    }
    /// Number of elements.
    #[inline]
    pub fn len(&self) -> usize {
        self.wire.len()
    }
    /// Whether the list is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.wire.is_empty()
    }
    /// Element `i`, or `None` past the end.
    #[inline]
    pub fn get(&self, i: usize) -> Option<T> {
        self.wire.get(i).map(|w| T::from_wire(*w))
    }
    /// The first element, or `None` if the list is empty.
    #[inline]
    pub fn first(&self) -> Option<T> {
        self.wire.first().map(|w| T::from_wire(*w))
    }
    /// The last element, or `None` if the list is empty.
    #[inline]
    pub fn last(&self) -> Option<T> {
        self.wire.last().map(|w| T::from_wire(*w))
    }
    /// The elements, converted from their wire form.
    #[inline]
    pub fn iter(&self) -> impl ExactSizeIterator<Item = T> + DoubleEndedIterator + 'a {
        self.wire.iter().map(|w| T::from_wire(*w))
    }
    /// Copies the elements into a `Vec`.
    pub fn to_vec(&self) -> Vec<T> {
        self.iter().collect()
    }
}

impl<'a> ScalarList<'a, u8> {
    /// The bytes, without copying.
    #[inline]
    pub fn as_bytes(&self) -> &'a [u8] {
        self.wire
    }
}

impl<T: Scalar + core::fmt::Debug> core::fmt::Debug for ScalarList<'_, T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Encoding, validation and decoding of scalar lists.
pub(crate) mod scalars {
    use super::*;

    /// Bytes of the list body.
    #[inline]
    pub fn len<'i, T: Scalar + 'i, I: ExactSizeIterator<Item = &'i T>>(items: I) -> usize {
        let n = items.len();
        wire::varint_len(n as u32) + n * core::mem::size_of::<T::Wire>()
    }
    /// Appends the list body.
    #[inline]
    pub fn write<'i, T: Scalar + 'i, B: Buffer, I: ExactSizeIterator<Item = &'i T>>(items: I, buf: &mut B) {
        let n = u32::try_from(items.len()).expect("zerowire: a list cannot exceed 2^32 - 1 elements");
        wire::put_varint(buf, n);
        // Zero the whole run, then store each element into its place as a
        // typed `&mut [T::Wire]` (zerocopy, alignment 1): a loop of plain
        // stores the compiler vectorizes, instead of one `extend` per
        // element (which made a list of `u32` or a `Vec<u8>` payload several
        // times slower to encode than a `bytes::Bytes` one).
        let start = buf.len();
        buf.put_zeros(n as usize * core::mem::size_of::<T::Wire>());
        let dst = <[T::Wire]>::mut_from_bytes(&mut buf.as_mut_slice()[start..])
            .expect("a zeroed run of whole wire elements at alignment 1");
        for (w, v) in dst.iter_mut().zip(items) {
            *w = v.to_wire();
        }
    }
    /// Appends the list body of a whole slice: one copy when the slice's
    /// memory is its wire form ([`Scalar::slice_wire_bytes`]), else as
    /// [`write`].
    #[inline]
    pub fn write_slice<T: Scalar, B: Buffer>(items: &[T], buf: &mut B) {
        match T::slice_wire_bytes(items) {
            Some(bytes) => {
                let n = u32::try_from(items.len()).expect("zerowire: a list cannot exceed 2^32 - 1 elements");
                wire::put_varint(buf, n);
                buf.put_slice(bytes);
            }
            None => write(items.iter(), buf),
        }
    }
    /// Validates the list body at `at`; returns its end.
    #[inline]
    pub fn validate<T: Scalar>(t: &Table<'_>, at: usize, _: &mut Validator) -> Result<usize> {
        let list = ScalarList::<T>::open(t, Some(at))?;
        if let Some(i) = list.as_wire().iter().position(|w| !T::wire_is_valid(w)) {
            let size = core::mem::size_of::<T::Wire>();
            return Err(t.err(T::INVALID, list.wire_start() + i * size));
        }
        Ok(list.wire_start() + core::mem::size_of_val(list.as_wire()))
    }
    /// Validates and decodes the list body at `at`; returns it and its end.
    /// The `Vec` is charged to `v`'s memory budget at `size_of::<T>()` per
    /// element before it is reserved.
    #[inline]
    pub fn decode<T: Scalar>(t: &Table<'_>, at: usize, v: &mut Validator) -> Result<(Vec<T>, usize)> {
        let end = validate::<T>(t, at, v)?;
        let list = ScalarList::<T>::open(t, Some(at))?;
        let mut out = v.vec_for(t, at, list.len())?;
        out.extend(list.iter());
        Ok((out, end))
    }
}

// --- element arrays ---------------------------------------------------------

/// The element array of a slot list, a list of messages or a map: `len`
/// data sections of `stride` bytes from `start`, inside `t`'s region (checked
/// when opened), each opened in O(1).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Elements<'a> {
    t: Table<'a>,
    start: usize,
    stride: usize,
    len: usize,
}

impl<'a> Elements<'a> {
    pub(crate) const EMPTY: Elements<'a> = Elements { t: Table::EMPTY, start: 0, stride: 0, len: 0 };

    /// `count` elements of `stride` bytes from `start`, checked to fit.
    #[inline(always)]
    pub(crate) fn new(t: &Table<'a>, start: usize, count: u32, stride: usize) -> Result<Self> {
        limits::check_list(t, start, count, stride)?;
        Ok(Elements { t: *t, start, stride, len: count as usize })
    }

    /// Opens `varint count · U16 stride · count × stride` at `at`.
    #[inline(always)]
    pub(crate) fn open_strided(t: &Table<'a>, at: usize) -> Result<Self> {
        let (n, after) = count_at(t, at)?;
        let Some(stride) = wire::get_u16(t.buf(), after) else {
            return Err(
                t.err(ErrorKind::Truncated { need: 2, have: t.buf().len().saturating_sub(after) as u64 }, after)
            );
        };
        Self::new(t, after + 2, n, stride as usize)
    }

    /// Number of elements.
    #[inline(always)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The data section of element `i` (`i < len`).
    #[inline(always)]
    pub(crate) fn elem(&self, i: usize) -> Table<'a> {
        // In range: `new` checked `start + len * stride <= buf.len()`.
        Table::new(self.t.buf(), self.t.base(), self.start + i * self.stride, self.stride).unwrap_or(Table::EMPTY)
    }

    /// The first byte after the elements, where their children start.
    #[inline(always)]
    pub(crate) fn end(&self) -> usize {
        self.start + self.len * self.stride
    }
}

// --- slot lists ---------------------------------------------------------------

/// A list of references (or unions): one slot per element, then the
/// children in order. Element `i` is read in O(1).
///
/// In the [`Lazy`] mode (a list read from a lazy view) each element is read
/// as its field type reads (`Result` for references); in the [`Validated`]
/// mode (from a validated view) as its validated read, a plain value.
pub struct SlotList<'a, T: Field, M: Mode = Lazy> {
    e: Elements<'a>,
    _t: PhantomData<fn() -> (T, M)>,
}

impl<'a, T: Field, M: Mode> Clone for SlotList<'a, T, M> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<'a, T: Field, M: Mode> Copy for SlotList<'a, T, M> {}

const fn stride_of<T: Field>() -> usize {
    assert!(!T::SHAPE.bit, "zerowire: lists of optional scalars are not supported; use a list of messages");
    T::SHAPE.bytes as usize
}

impl<'a, T: Field> SlotList<'a, T> {
    /// Opens the list body at `at` (`None`: the empty list).
    #[inline]
    pub fn open(t: &Table<'a>, at: Option<usize>) -> Result<Self> {
        let Some(at) = at else { return Ok(Self::EMPTY) };
        let (n, start) = count_at(t, at)?;
        Ok(SlotList { e: Elements::new(t, start, n, Self::STRIDE)?, _t: PhantomData })
    }
}

impl<'a, T: Field> SlotList<'a, T, Validated> {
    /// Opens a validated list body (`None`: the empty list).
    ///
    /// # Safety
    ///
    /// `t` must be validated as in [`Field::read_valid`] and `at` a list body
    /// its validation checked with `slots::validate::<T>`: each element's
    /// slot was then validated as `T`, which the elements' reads rely on.
    #[inline]
    #[allow(unsafe_code)]
    // SAFETY: the caller meets this function's `# Safety` precondition (see the trait's or the doc above); the body reads through bounds-checked `Table` methods and passes the same precondition on to any `unsafe fn` it calls (proof: `mode` module docs).
    pub unsafe fn open_valid(t: &Table<'a>, at: Option<usize>) -> Self {
        let e = SlotList::<T>::open(t, at).map_or_else(
            |_| {
                debug_assert!(false, "a validated list opens");
                Elements::EMPTY
            },
            |l| l.e,
        );
        SlotList { e, _t: PhantomData }
    }
}

impl<'a, T: Field, M: Mode> SlotList<'a, T, M> {
    const STRIDE: usize = stride_of::<T>();
    const SLOT: Slot = Slot::bytes_at(0, Self::STRIDE as u16);
    /// The empty list.
    pub const EMPTY: Self = SlotList { e: Elements::EMPTY, _t: PhantomData };

    /// Number of elements.
    #[inline]
    pub fn len(&self) -> usize {
        self.e.len()
    }
    /// Whether the list is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.e.len() == 0
    }
    /// Element `i` (`i < len`).
    #[inline(always)]
    #[allow(unsafe_code)]
    fn read(e: &Elements<'a>, i: usize) -> M::Read<'a, T> {
        // SAFETY: for `Validated`, `open_valid`'s precondition: the list
        // body was validated by `slots::validate::<T>`, which checked the
        // slot `SLOT` of each element `e.elem(i)` as `T`.
        unsafe { M::read::<T>(&e.elem(i), Self::SLOT) }
    }
    /// Element `i`, or `None` past the end.
    #[inline]
    pub fn get(&self, i: usize) -> Option<M::Read<'a, T>> {
        (i < self.e.len()).then(|| Self::read(&self.e, i))
    }
    /// The first element, or `None` if the list is empty.
    #[inline]
    pub fn first(&self) -> Option<M::Read<'a, T>> {
        self.get(0)
    }
    /// The last element, or `None` if the list is empty.
    #[inline]
    pub fn last(&self) -> Option<M::Read<'a, T>> {
        self.e.len().checked_sub(1).map(|i| Self::read(&self.e, i))
    }
    /// The elements in order (double-ended).
    pub fn iter(&self) -> impl ExactSizeIterator<Item = M::Read<'a, T>> + DoubleEndedIterator + 'a {
        let e = self.e;
        (0..e.len()).map(move |i| Self::read(&e, i))
    }
}

impl<'a, T: Field, M: Mode> core::fmt::Debug for SlotList<'a, T, M>
where
    M::Read<'a, T>: core::fmt::Debug,
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Encoding, validation and decoding of slot lists.
pub(crate) mod slots {
    use super::*;

    /// Bytes of the list body.
    pub fn len<'i, T: Field + 'i, I: ExactSizeIterator<Item = &'i T>>(items: I) -> usize {
        let n = items.len();
        wire::varint_len(n as u32) + n * SlotList::<T>::STRIDE + items.map(T::extra_len).sum::<usize>()
    }
    /// Appends the list body.
    pub fn write<'i, T: Field + 'i, B: Buffer, I: ExactSizeIterator<Item = &'i T>>(items: I, buf: &mut B) {
        let n = u32::try_from(items.len()).expect("zerowire: a list cannot exceed 2^32 - 1 elements");
        wire::put_varint(buf, n);
        let start = buf.len();
        let stride = SlotList::<T>::STRIDE;
        buf.put_zeros(n as usize * stride);
        for (i, item) in items.enumerate() {
            item.write(buf, start + i * stride, SlotList::<T>::SLOT);
        }
    }
    /// Validates the list body at `at`; returns its end.
    #[inline]
    pub fn validate<T: Field>(t: &Table<'_>, at: usize, v: &mut Validator) -> Result<usize> {
        let e = SlotList::<T>::open(t, Some(at))?.e;
        let mut cur = e.end();
        for i in 0..e.len() {
            T::validate(&e.elem(i), SlotList::<T>::SLOT, &mut cur, v)?;
        }
        Ok(cur)
    }
    /// Decodes the list body at `at`.
    #[inline(never)]
    pub fn decode<T: Field>(t: &Table<'_>, at: usize, v: &mut Validator) -> Result<(Vec<T>, usize)> {
        let e = SlotList::<T>::open(t, Some(at))?.e;
        let mut cur = e.end();
        let mut out = v.vec_for(t, at, e.len())?;
        for i in 0..e.len() {
            out.push(T::decode(&e.elem(i), SlotList::<T>::SLOT, &mut cur, v)?);
        }
        Ok((out, cur))
    }
}

// --- message lists ---------------------------------------------------------------

/// Writes the head of a strided list and zeroed elements; returns the
/// position of the first element.
#[inline]
pub(crate) fn write_strided_head<B: Buffer>(buf: &mut B, n: usize, stride: usize) -> usize {
    let n = u32::try_from(n).expect("zerowire: a list cannot exceed 2^32 - 1 elements");
    wire::put_varint(buf, n);
    buf.put_slice(&(stride as u16).to_le_bytes());
    let start = buf.len();
    buf.put_zeros(n as usize * stride);
    start
}

/// Bytes of a strided list head and elements, without children.
#[inline]
pub(crate) fn strided_head_len(n: usize, stride: usize) -> usize {
    wire::varint_len(n as u32) + 2 + n * stride
}

/// A list of messages: O(1) indexing, one shared header, each element a
/// data section of `stride` bytes read with the message's view type (its
/// lazy view in the [`Lazy`] mode, its validated view in [`Validated`]).
pub struct MessageList<'a, M: crate::Message, Mo: Mode = Lazy> {
    e: Elements<'a>,
    _m: PhantomData<fn() -> (M, Mo)>,
}

impl<'a, M: crate::Message, Mo: Mode> Clone for MessageList<'a, M, Mo> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<'a, M: crate::Message, Mo: Mode> Copy for MessageList<'a, M, Mo> {}

impl<'a, M: crate::Message> MessageList<'a, M> {
    /// Opens the list body at `at` (`None`: the empty list).
    #[inline]
    pub fn open(t: &Table<'a>, at: Option<usize>) -> Result<Self> {
        let Some(at) = at else { return Ok(Self::EMPTY) };
        Ok(MessageList { e: Elements::open_strided(t, at)?, _m: PhantomData })
    }
}

impl<'a, M: crate::Message> MessageList<'a, M, Validated> {
    /// Opens a validated list body (`None`: the empty list).
    ///
    /// # Safety
    ///
    /// `t` must be validated as in [`Field::read_valid`] and `at` a list body
    /// its validation checked with `messages::validate::<M>`: each element
    /// was then validated as `M`, which its validated view relies on.
    #[inline]
    #[allow(unsafe_code)]
    // SAFETY: the caller meets this function's `# Safety` precondition (see the trait's or the doc above); the body reads through bounds-checked `Table` methods and passes the same precondition on to any `unsafe fn` it calls (proof: `mode` module docs).
    pub unsafe fn open_valid(t: &Table<'a>, at: Option<usize>) -> Self {
        let e = MessageList::<M>::open(t, at).map_or_else(
            |_| {
                debug_assert!(false, "a validated list opens");
                Elements::EMPTY
            },
            |l| l.e,
        );
        MessageList { e, _m: PhantomData }
    }
}

impl<'a, M: crate::Message, Mo: Mode> MessageList<'a, M, Mo> {
    /// The empty list.
    pub const EMPTY: Self = MessageList { e: Elements::EMPTY, _m: PhantomData };
    /// Number of elements.
    #[inline]
    pub fn len(&self) -> usize {
        self.e.len()
    }
    /// Whether the list is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.e.len() == 0
    }
    /// Element `i` (`i < len`).
    #[inline(always)]
    #[allow(unsafe_code)]
    fn read(e: &Elements<'a>, i: usize) -> Mo::View<'a, M> {
        // SAFETY: for `Validated`, `open_valid`'s precondition: the list
        // body was validated by `messages::validate::<M>`, which ran
        // `M::validate_fields` on each element `e.elem(i)`.
        unsafe { Mo::view::<M>(e.elem(i)) }
    }
    /// Element `i`, or `None` past the end.
    #[inline]
    pub fn get(&self, i: usize) -> Option<Mo::View<'a, M>> {
        (i < self.e.len()).then(|| Self::read(&self.e, i))
    }
    /// The first element, or `None` if the list is empty.
    #[inline]
    pub fn first(&self) -> Option<Mo::View<'a, M>> {
        self.get(0)
    }
    /// The last element, or `None` if the list is empty.
    #[inline]
    pub fn last(&self) -> Option<Mo::View<'a, M>> {
        self.e.len().checked_sub(1).map(|i| Self::read(&self.e, i))
    }
    /// The elements in order (double-ended).
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Mo::View<'a, M>> + DoubleEndedIterator + 'a {
        let e = self.e;
        (0..e.len()).map(move |i| Self::read(&e, i))
    }
}

impl<'a, M: crate::Message, Mo: Mode> core::fmt::Debug for MessageList<'a, M, Mo>
where
    Mo::View<'a, M>: core::fmt::Debug,
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Encoding, validation and decoding of message lists.
pub(crate) mod messages {
    use super::*;
    use crate::Message;

    /// The stride a writer uses for `M`: its full data section, at least one
    /// byte, so that every element costs a byte and a reader can bound a
    /// list's count by the bytes that hold it.
    pub const fn stride<M: Message>() -> usize {
        if M::DATA_LEN == 0 { 1 } else { M::DATA_LEN }
    }
    /// Bytes of the list body.
    pub fn len<'i, M: Message + 'i, I: ExactSizeIterator<Item = &'i M>>(items: I) -> usize {
        strided_head_len(items.len(), stride::<M>()) + items.map(M::fields_extra_len).sum::<usize>()
    }
    /// Appends the list body. Every element gets the full data section of
    /// the writer's schema (the shared stride).
    pub fn write<'i, M: Message + 'i, B: Buffer, I: ExactSizeIterator<Item = &'i M>>(items: I, buf: &mut B) {
        let stride = stride::<M>();
        let start = write_strided_head(buf, items.len(), stride);
        for (i, m) in items.enumerate() {
            m.write_fields(buf, start + i * stride, M::DATA_LEN);
        }
    }
    /// Validates the list body at `at`; returns its end.
    pub fn validate<M: Message>(t: &Table<'_>, at: usize, v: &mut Validator) -> Result<usize> {
        let e = MessageList::<M>::open(t, Some(at))?.e;
        let mut cur = e.end();
        for i in 0..e.len() {
            M::validate_fields(&e.elem(i), &mut cur, v)?;
        }
        Ok(cur)
    }
    /// Decodes the list body at `at`.
    #[inline(never)]
    pub fn decode<M: Message>(t: &Table<'_>, at: usize, v: &mut Validator) -> Result<(Vec<M>, usize)> {
        let e = MessageList::<M>::open(t, Some(at))?.e;
        let mut cur = e.end();
        // Charged at the element's size in memory, not its stride: a list
        // of stride 0 costs a byte per element on the wire and may be
        // kilobytes per element once decoded.
        let mut out = v.vec_for(t, at, e.len())?;
        for i in 0..e.len() {
            out.push(M::decode_fields(&e.elem(i), &mut cur, v)?);
        }
        Ok((out, cur))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-copy path writes exactly the bytes of the element-by-element
    /// path, whatever the values.
    fn same_bytes<T: Scalar + core::fmt::Debug>(items: &[T]) {
        let (mut one_copy, mut each) = (Vec::new(), Vec::new());
        scalars::write_slice(items, &mut one_copy);
        scalars::write(items.iter(), &mut each);
        assert_eq!(one_copy, each, "{items:?}");
    }

    #[test]
    fn whole_slice_copy_writes_the_wire_form() {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            x = x.rotate_left(13).wrapping_mul(0x2545_F491_4F6C_DD1D);
            x
        };
        for n in [0, 1, 2, 127, 128, 300] {
            let raw: Vec<u64> = (0..n).map(|_| next()).collect();
            same_bytes(&raw);
            same_bytes(&raw.iter().map(|&v| v as u8).collect::<Vec<_>>());
            same_bytes(&raw.iter().map(|&v| v as i8).collect::<Vec<_>>());
            same_bytes(&raw.iter().map(|&v| v as u16).collect::<Vec<_>>());
            same_bytes(&raw.iter().map(|&v| v as i16).collect::<Vec<_>>());
            same_bytes(&raw.iter().map(|&v| v as u32).collect::<Vec<_>>());
            same_bytes(&raw.iter().map(|&v| v as i32).collect::<Vec<_>>());
            same_bytes(&raw.iter().map(|&v| v as i64).collect::<Vec<_>>());
            same_bytes(&raw.iter().map(|&v| f32::from_bits(v as u32)).collect::<Vec<_>>());
            same_bytes(&raw.iter().map(|&v| f64::from_bits(v)).collect::<Vec<_>>());
            same_bytes(&raw.iter().map(|&v| v & 1 == 1).collect::<Vec<_>>());
            same_bytes(&raw.iter().map(|&v| char::from_u32(v as u32 % 0x11_0000).unwrap_or('?')).collect::<Vec<_>>());
            same_bytes(&raw.iter().map(|&v| [v as u32, (v >> 32) as u32, 7]).collect::<Vec<_>>());
            same_bytes(&raw.iter().map(|&v| [[v as i16; 2]; 3]).collect::<Vec<_>>());
        }
    }
}
