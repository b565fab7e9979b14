//! Fixed-size values stored in their slot: integers, floats, `bool`, `char`,
//! fixed arrays, and (through generated code) enums and inline structs.

use zerocopy::byteorder::little_endian::{F32, F64, I16, I32, I64, U16, U32, U64};
use zerocopy::{FromBytes, FromZeros, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::encode::{self, Buffer};
use crate::error::{ErrorKind, Result};
use crate::layout::{Shape, Slot};
use crate::table::Table;
use crate::validate::Validator;

/// A fixed-size value with a little-endian, alignment-1 wire form.
///
/// `Wire` is the zerocopy type a view hands out for lists of this type (a
/// list of `f32` is a `&[F32]`, a list of an inline struct a `&[ItsWire]`):
/// any bytes are a valid `Wire`, so reading never fails; `wire_is_valid`
/// names the values the eager tier rejects (a `bool` byte of 2, a `char`
/// that is a surrogate).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a fixed-size zerowire scalar",
    label = "not fixed-size",
    note = "scalars: integers, f32, f64, bool, char, [T; N] of scalars, and types deriving \
            zerowire::Enum or zerowire::Struct"
)]
pub trait Scalar: Copy + 'static {
    /// The on-wire representation.
    type Wire: FromBytes + IntoBytes + Unaligned + Immutable + KnownLayout + Copy + 'static;
    /// Converts to the wire form.
    fn to_wire(self) -> Self::Wire;
    /// Converts from the wire form (never fails: invalid values map to a
    /// documented replacement, and eager validation rejects them).
    fn from_wire(w: Self::Wire) -> Self;
    /// Whether the eager tier accepts this wire value.
    #[inline]
    fn wire_is_valid(_w: &Self::Wire) -> bool {
        true
    }
    /// The error the eager tier reports for a wire value `wire_is_valid`
    /// rejects.
    const INVALID: ErrorKind = ErrorKind::InvalidBool;
    /// The bytes of `items` as they lie in memory, when they already are the
    /// list's wire form (integers, floats, `bool` and `char` on a
    /// little-endian target, bytes everywhere, and arrays of those): a list
    /// is then written with one copy instead of element by element. `None`
    /// (the default) writes each element through [`Scalar::to_wire`].
    #[inline(always)]
    fn slice_wire_bytes(_items: &[Self]) -> Option<&[u8]> {
        None
    }
}

/// `Copy`, with the message a `#[derive(zerowire::Struct)]` user needs:
/// an inline struct is copied into and out of its slot, and generated code
/// asserts this once (its own impls assume it, so that a missing `Copy` is
/// one error at the type's name, not several inside the trait machinery).
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`#[derive(zerowire::Struct)]` needs `{Self}` to be `Copy`",
    label = "`{Self}` is not `Copy`",
    note = "an inline struct is copied into and out of its slot: add `#[derive(Clone, Copy)]` to `{Self}`"
)]
pub trait StructIsCopy {}
impl<T: Copy> StructIsCopy for T {}

/// Compiles only if `T` is `Copy`; called by `#[derive(zerowire::Struct)]`.
#[doc(hidden)]
pub const fn assert_struct_copy<T: StructIsCopy>() {}

/// Bytes of `T`'s wire form, checked to fit a slot.
pub const fn wire_size<T: Scalar>() -> u16 {
    let n = core::mem::size_of::<T::Wire>();
    assert!(n <= u16::MAX as usize, "zerowire: a fixed-size value is limited to 65535 bytes");
    // A zero-size element would let a list claim any count in no bytes.
    assert!(n > 0, "zerowire: zero-size values (such as [T; 0]) are not supported");
    n as u16
}

/// The error an inline struct reports when one of its fields fails eager
/// validation: the first field kind that is not the default
/// ([`ErrorKind::InvalidBool`]), so a struct holding a `char` reports
/// `InvalidChar`. Generated code calls this in `const` context.
pub const fn struct_invalid(kinds: &[ErrorKind]) -> ErrorKind {
    let mut i = 0;
    while i < kinds.len() {
        if !matches!(kinds[i], ErrorKind::InvalidBool) {
            return kinds[i];
        }
        i += 1;
    }
    ErrorKind::InvalidBool
}

/// Reads a scalar from its slot (zeros past the stored data).
#[inline(always)]
pub fn read<T: Scalar>(t: &Table<'_>, slot: Slot) -> T {
    T::from_wire(T::Wire::read_from_bytes(t.slot_bytes(slot)).unwrap_or_else(|_| T::Wire::new_zeroed()))
}

/// Whether the wire form is all zeros (the stored default).
#[inline(always)]
pub fn is_zero<T: Scalar>(v: T) -> bool {
    v.to_wire().as_bytes().iter().all(|&b| b == 0)
}

/// Validates and reads a scalar slot (decoding checks what the eager tier
/// checks: a `char` must be a scalar value).
#[inline(always)]
pub fn decode<T: Scalar>(t: &Table<'_>, slot: Slot) -> Result<T> {
    let w = T::Wire::read_from_bytes(t.slot_bytes(slot)).unwrap_or_else(|_| T::Wire::new_zeroed());
    if T::wire_is_valid(&w) { Ok(T::from_wire(w)) } else { Err(t.err(T::INVALID, t.data() + slot.off as usize)) }
}

/// Validates a scalar slot.
#[inline]
pub fn validate<T: Scalar>(t: &Table<'_>, slot: Slot) -> Result<()> {
    let w = T::Wire::read_from_bytes(t.slot_bytes(slot)).unwrap_or_else(|_| T::Wire::new_zeroed());
    if T::wire_is_valid(&w) { Ok(()) } else { Err(t.err(T::INVALID, t.data() + slot.off as usize)) }
}

/// The `Field` methods of scalars; [`__impl_scalar_field!`](crate::__impl_scalar_field)
/// and generated code call these.
pub mod by_value {
    use super::*;

    /// Writes a present optional scalar: presence bit and value.
    #[inline]
    pub fn opt_write<T: Scalar, B: Buffer>(v: Option<&T>, buf: &mut B, data: usize, slot: Slot) {
        if let Some(v) = v {
            encode::set_bit(buf, data, slot);
            encode::put_slot(buf, data, slot, v.to_wire().as_bytes());
        }
    }
    /// Validates an optional scalar: its value only if the presence bit is
    /// set (an absent value's slot is ignored, as the lazy tier ignores it).
    #[inline]
    pub fn opt_validate<T: Scalar>(t: &Table<'_>, slot: Slot) -> Result<()> {
        if t.bit(slot) { validate::<T>(t, slot) } else { Ok(()) }
    }
    /// Validates and reads an optional scalar.
    #[inline]
    pub fn opt_decode<T: Scalar>(t: &Table<'_>, slot: Slot) -> Result<Option<T>> {
        if t.bit(slot) { decode::<T>(t, slot).map(Some) } else { Ok(None) }
    }
    /// Validates and decodes a scalar list body; returns it and its end.
    /// The `Vec` is charged to `v`'s memory budget at `size_of::<T>()` per
    /// element before it is reserved.
    pub fn list_decode<T: Scalar>(t: &Table<'_>, at: usize, v: &mut Validator) -> Result<(Vec<T>, usize)> {
        let end = list_validate::<T>(t, at)?;
        let list = crate::list::ScalarList::<T>::open(t, Some(at))?;
        let mut out = v.vec_for(t, at, list.len())?;
        out.extend(list.iter());
        Ok((out, end))
    }
    /// Reads an optional scalar: `None` unless the presence bit is set.
    #[inline]
    pub fn opt_read<T: Scalar>(t: &Table<'_>, slot: Slot) -> Option<T> {
        if t.bit(slot) { Some(read(t, slot)) } else { None }
    }

    /// Bytes of a scalar list body.
    #[inline]
    pub fn list_len<T: Scalar>(n: usize) -> usize {
        crate::wire::varint_len(n as u32) + n * core::mem::size_of::<T::Wire>()
    }
    /// Appends a scalar list body.
    #[inline]
    pub fn list_write<'i, T: Scalar + 'i, B: Buffer, I: ExactSizeIterator<Item = &'i T>>(items: I, buf: &mut B) {
        let n = u32::try_from(items.len()).expect("zerowire: a list cannot exceed 2^32 - 1 elements");
        crate::wire::put_varint(buf, n);
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
    /// [`list_write`].
    #[inline]
    pub fn list_write_slice<T: Scalar, B: Buffer>(items: &[T], buf: &mut B) {
        match T::slice_wire_bytes(items) {
            Some(bytes) => {
                let n = u32::try_from(items.len()).expect("zerowire: a list cannot exceed 2^32 - 1 elements");
                crate::wire::put_varint(buf, n);
                buf.put_slice(bytes);
            }
            None => list_write(items.iter(), buf),
        }
    }
    /// Validates a scalar list body and returns its end.
    pub fn list_validate<T: Scalar>(t: &Table<'_>, at: usize) -> Result<usize> {
        let list = crate::list::ScalarList::<T>::open(t, Some(at))?;
        if let Some(i) = list.as_wire().iter().position(|w| !T::wire_is_valid(w)) {
            let size = core::mem::size_of::<T::Wire>();
            return Err(t.err(T::INVALID, list.wire_start() + i * size));
        }
        Ok(list.wire_start() + core::mem::size_of_val(list.as_wire()))
    }
}

/// Implements [`Field`](crate::Field) for a [`Scalar`] type stored in a byte
/// slot. Used by this crate and by generated code (enums, inline structs).
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_scalar_field {
    ([$($gen:tt)*] $ty:ty $(where $($bounds:tt)*)?) => {
        impl<$($gen)*> $crate::Field for $ty $(where $($bounds)*)? {
            const SHAPE: $crate::layout::Shape =
                $crate::layout::Shape::scalar($crate::scalar::wire_size::<Self>());
            type Read<'a> = Self;
            #[inline(always)]
            fn read<'a>(t: &$crate::Table<'a>, slot: $crate::layout::Slot) -> Self {
                $crate::scalar::read(t, slot)
            }
            type Valid<'a> = Self;
            #[inline(always)]
            // SAFETY: the caller meets this function's `# Safety` precondition (see the trait's or the doc above); the body reads through bounds-checked `Table` methods and passes the same precondition on to any `unsafe fn` it calls (proof: `mode` module docs).
            unsafe fn read_valid<'a>(t: &$crate::Table<'a>, slot: $crate::layout::Slot) -> Self {
                $crate::scalar::read(t, slot)
            }
            #[inline(always)]
            fn is_default(&self) -> bool {
                $crate::scalar::is_zero(*self)
            }
            #[inline(always)]
            fn write<__ZwB: $crate::encode::Buffer>(&self, buf: &mut __ZwB, data: usize, slot: $crate::layout::Slot) {
                $crate::encode::put_slot(buf, data, slot,
                    $crate::__private::IntoBytes::as_bytes(&$crate::scalar::Scalar::to_wire(*self)))
            }
            #[inline(always)]
            fn extra_len(&self) -> usize {
                0
            }
            #[inline]
            fn validate(
                t: &$crate::Table<'_>,
                slot: $crate::layout::Slot,
                _: &mut usize,
                _: &mut $crate::validate::Validator,
            ) -> $crate::Result<()> {
                $crate::scalar::validate::<Self>(t, slot)
            }
            #[inline(always)]
            fn decode(
                t: &$crate::Table<'_>,
                slot: $crate::layout::Slot,
                _: &mut usize,
                _: &mut $crate::validate::Validator,
            ) -> $crate::Result<Self> {
                $crate::scalar::decode(t, slot)
            }

            const OPT_SHAPE: $crate::layout::Shape = Self::SHAPE.with_bit();
            type OptRead<'a> = ::core::option::Option<Self>;
            #[inline]
            fn opt_read<'a>(t: &$crate::Table<'a>, slot: $crate::layout::Slot) -> ::core::option::Option<Self> {
                $crate::scalar::by_value::opt_read(t, slot)
            }
            type OptValid<'a> = ::core::option::Option<Self>;
            #[inline]
            // SAFETY: the caller meets this function's `# Safety` precondition (see the trait's or the doc above); the body reads through bounds-checked `Table` methods and passes the same precondition on to any `unsafe fn` it calls (proof: `mode` module docs).
            unsafe fn opt_read_valid<'a>(
                t: &$crate::Table<'a>,
                slot: $crate::layout::Slot,
            ) -> ::core::option::Option<Self> {
                $crate::scalar::by_value::opt_read(t, slot)
            }
            #[inline]
            fn opt_write<__ZwB: $crate::encode::Buffer>(
                v: ::core::option::Option<&Self>,
                buf: &mut __ZwB,
                data: usize,
                slot: $crate::layout::Slot,
            ) {
                $crate::scalar::by_value::opt_write(v, buf, data, slot)
            }
            #[inline]
            fn opt_extra_len(_: ::core::option::Option<&Self>) -> usize {
                0
            }
            #[inline]
            fn opt_validate(
                t: &$crate::Table<'_>,
                slot: $crate::layout::Slot,
                _: &mut usize,
                _: &mut $crate::validate::Validator,
            ) -> $crate::Result<()> {
                $crate::scalar::by_value::opt_validate::<Self>(t, slot)
            }
            #[inline]
            fn opt_decode(
                t: &$crate::Table<'_>,
                slot: $crate::layout::Slot,
                _: &mut usize,
                _: &mut $crate::validate::Validator,
            ) -> $crate::Result<::core::option::Option<Self>> {
                $crate::scalar::by_value::opt_decode(t, slot)
            }

            $crate::__list_hooks!(scalars);
        }
    };
}

macro_rules! primitive {
    ($($ty:ty => $wire:ty),* $(,)?) => {$(
        impl Scalar for $ty {
            type Wire = $wire;
            #[inline(always)]
            fn to_wire(self) -> $wire {
                <$wire>::new(self)
            }
            #[inline(always)]
            fn from_wire(w: $wire) -> Self {
                w.get()
            }
            #[inline(always)]
            fn slice_wire_bytes(items: &[Self]) -> Option<&[u8]> {
                // The wire form is the little-endian bytes of the value.
                cfg!(target_endian = "little").then(|| IntoBytes::as_bytes(items))
            }
        }
        // The macro declares `Field`'s validated reads (plain reads here).
        #[allow(unsafe_code)]
        const _: () = {
            crate::__impl_scalar_field!([] $ty);
        };
    )*};
}

primitive! {
    u16 => U16, u32 => U32, u64 => U64,
    i16 => I16, i32 => I32, i64 => I64,
    f32 => F32, f64 => F64,
}

macro_rules! byte {
    ($($ty:ty),*) => {$(
        impl Scalar for $ty {
            type Wire = $ty;
            #[inline(always)]
            fn to_wire(self) -> $ty {
                self
            }
            #[inline(always)]
            fn from_wire(w: $ty) -> Self {
                w
            }
            #[inline(always)]
            fn slice_wire_bytes(items: &[Self]) -> Option<&[u8]> {
                Some(IntoBytes::as_bytes(items))
            }
        }
        // The macro declares `Field`'s validated reads (plain reads here).
        #[allow(unsafe_code)]
        const _: () = {
            crate::__impl_scalar_field!([] $ty);
        };
    )*};
}
byte!(u8, i8);

/// A `char` is its scalar value as a `U32`; a value that is not a Unicode
/// scalar value reads as U+FFFD in the lazy tier and fails eager validation.
impl Scalar for char {
    type Wire = U32;
    #[inline]
    fn to_wire(self) -> U32 {
        U32::new(self as u32)
    }
    #[inline]
    fn from_wire(w: U32) -> Self {
        char::from_u32(w.get()).unwrap_or(char::REPLACEMENT_CHARACTER)
    }
    #[inline]
    fn wire_is_valid(w: &U32) -> bool {
        char::from_u32(w.get()).is_some()
    }
    const INVALID: ErrorKind = ErrorKind::InvalidChar;
    #[inline(always)]
    fn slice_wire_bytes(items: &[Self]) -> Option<&[u8]> {
        // A `char` is its scalar value in memory, a `u32`.
        cfg!(target_endian = "little").then(|| IntoBytes::as_bytes(items))
    }
}
#[allow(unsafe_code)]
const _: () = {
    crate::__impl_scalar_field!([] char);
};

/// As a list element, an array element or an optional value, a `bool` is a
/// byte (0 or 1; any other byte reads as `true` and fails eager validation).
/// As a plain field it is one bit (see its `Field` impl).
impl Scalar for bool {
    type Wire = u8;
    #[inline]
    fn to_wire(self) -> u8 {
        self as u8
    }
    #[inline]
    fn from_wire(w: u8) -> Self {
        w != 0
    }
    #[inline]
    fn wire_is_valid(w: &u8) -> bool {
        *w <= 1
    }
    #[inline(always)]
    fn slice_wire_bytes(items: &[Self]) -> Option<&[u8]> {
        // A `bool` is the byte 0 or 1 in memory, as on the wire.
        Some(IntoBytes::as_bytes(items))
    }
}

/// A fixed array of scalars is stored inline, element after element.
impl<T: Scalar, const N: usize> Scalar for [T; N] {
    type Wire = [T::Wire; N];
    #[inline]
    fn to_wire(self) -> Self::Wire {
        self.map(T::to_wire)
    }
    #[inline]
    fn from_wire(w: Self::Wire) -> Self {
        w.map(T::from_wire)
    }
    #[inline]
    fn wire_is_valid(w: &Self::Wire) -> bool {
        w.iter().all(T::wire_is_valid)
    }
    const INVALID: ErrorKind = T::INVALID;
    #[inline(always)]
    fn slice_wire_bytes(items: &[Self]) -> Option<&[u8]> {
        // Arrays are stored element after element, in memory as on the wire.
        T::slice_wire_bytes(items.as_flattened())
    }
}
#[allow(unsafe_code)]
const _: () = {
    crate::__impl_scalar_field!([T: Scalar, const N: usize] [T; N]);
};

/// A plain `bool` field is one bit of the data section. `Option<bool>` is a
/// presence bit and a byte; a list of `bool` is one byte per element.
#[allow(unsafe_code)]
impl crate::Field for bool {
    const SHAPE: Shape = Shape::BIT;
    type Read<'a> = bool;
    #[inline(always)]
    fn read<'a>(t: &Table<'a>, slot: Slot) -> bool {
        t.bit(slot)
    }
    type Valid<'a> = bool;
    #[inline(always)]
    // SAFETY: the caller meets this function's `# Safety` precondition (see the trait's or the doc above); the body reads through bounds-checked `Table` methods and passes the same precondition on to any `unsafe fn` it calls (proof: `mode` module docs).
    unsafe fn read_valid<'a>(t: &Table<'a>, slot: Slot) -> bool {
        t.bit(slot)
    }
    #[inline(always)]
    fn is_default(&self) -> bool {
        !*self
    }
    #[inline(always)]
    fn write<B: Buffer>(&self, buf: &mut B, data: usize, slot: Slot) {
        if *self {
            encode::set_bit(buf, data, slot)
        }
    }
    #[inline(always)]
    fn extra_len(&self) -> usize {
        0
    }
    #[inline]
    fn validate(_: &Table<'_>, _: Slot, _: &mut usize, _: &mut Validator) -> Result<()> {
        Ok(())
    }
    #[inline]
    fn decode(t: &Table<'_>, slot: Slot, _: &mut usize, _: &mut Validator) -> Result<Self> {
        Ok(t.bit(slot))
    }

    const OPT_SHAPE: Shape = Shape::scalar(1).with_bit();
    type OptRead<'a> = Option<bool>;
    #[inline]
    fn opt_read<'a>(t: &Table<'a>, slot: Slot) -> Option<bool> {
        by_value::opt_read(t, slot)
    }
    type OptValid<'a> = Option<bool>;
    #[inline]
    // SAFETY: the caller meets this function's `# Safety` precondition (see the trait's or the doc above); the body reads through bounds-checked `Table` methods and passes the same precondition on to any `unsafe fn` it calls (proof: `mode` module docs).
    unsafe fn opt_read_valid<'a>(t: &Table<'a>, slot: Slot) -> Option<bool> {
        by_value::opt_read(t, slot)
    }
    #[inline]
    fn opt_write<B: Buffer>(v: Option<&Self>, buf: &mut B, data: usize, slot: Slot) {
        by_value::opt_write(v, buf, data, slot)
    }
    #[inline]
    fn opt_extra_len(_: Option<&Self>) -> usize {
        0
    }
    #[inline]
    fn opt_validate(t: &Table<'_>, slot: Slot, _: &mut usize, _: &mut Validator) -> Result<()> {
        by_value::opt_validate::<bool>(t, slot)
    }
    #[inline]
    fn opt_decode(t: &Table<'_>, slot: Slot, _: &mut usize, _: &mut Validator) -> Result<Option<Self>> {
        by_value::opt_decode(t, slot)
    }

    crate::__list_hooks!(scalars);
}

/// Scalars with a declared default (`#[zerowire(default = ...)]`) are stored
/// XORed with it, so the default is still all-zero bytes and is still
/// trimmed, and data written before the field existed reads as the declared
/// default. Implemented for the numbers, `bool` and every [`Scalar`] whose
/// wire form may hold any bit pattern (not `char`, not a closed enum: a
/// value XORed with the default may be a number it does not name).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot have a declared default (`#[zerowire(default = ...)]`)",
    label = "declared defaults are for numbers, `bool` and open derived enums",
    note = "other fields default to zero, empty or absent; a closed enum's default is its variant numbered 0"
)]
pub trait XorDefault: crate::Field + Copy {
    /// `self` with the bits of `d` flipped.
    fn xor(self, d: Self) -> Self;
}

/// XOR of two scalars' wire bytes.
#[inline]
pub fn xor_wire<T: Scalar>(a: T, b: T) -> T {
    let mut w = a.to_wire();
    for (x, y) in w.as_mut_bytes().iter_mut().zip(b.to_wire().as_bytes()) {
        *x ^= *y;
    }
    T::from_wire(w)
}

macro_rules! xor_default {
    ($($ty:ty),*) => {$(
        impl XorDefault for $ty {
            #[inline(always)]
            fn xor(self, d: Self) -> Self {
                xor_wire(self, d)
            }
        }
    )*};
}
xor_default!(u8, u16, u32, u64, i8, i16, i32, i64, f32, f64);

impl XorDefault for bool {
    #[inline(always)]
    fn xor(self, d: Self) -> Self {
        self ^ d
    }
}

/// The `Field` methods of a scalar field with a declared default `d`.
pub mod with_default {
    use super::*;
    use crate::Field;

    /// Reads the field: the declared default where nothing is stored.
    #[inline(always)]
    pub fn read<'a, T: XorDefault + Field<Read<'a> = T>>(t: &Table<'a>, slot: Slot, d: T) -> T {
        T::read(t, slot).xor(d)
    }
    /// Whether `v` is the declared default (stored as zeros, trimmed).
    #[inline(always)]
    pub fn is_default<T: XorDefault>(v: T, d: T) -> bool {
        v.xor(d).is_default()
    }
    /// Writes the field.
    #[inline(always)]
    pub fn write<T: XorDefault, B: Buffer>(v: T, d: T, buf: &mut B, data: usize, slot: Slot) {
        v.xor(d).write(buf, data, slot)
    }
    /// Decodes the field.
    #[inline(always)]
    pub fn decode<T: XorDefault>(t: &Table<'_>, slot: Slot, cur: &mut usize, v: &mut Validator, d: T) -> Result<T> {
        Ok(T::decode(t, slot, cur, v)?.xor(d))
    }
}

#[cfg(test)]
mod tests {
    use super::by_value::{list_write, list_write_slice};
    use super::*;

    /// The one-copy path writes exactly the bytes of the element-by-element
    /// path, whatever the values.
    fn same_bytes<T: Scalar + core::fmt::Debug>(items: &[T]) {
        let (mut one_copy, mut each) = (Vec::new(), Vec::new());
        list_write_slice(items, &mut one_copy);
        list_write(items.iter(), &mut each);
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

    #[test]
    fn whole_slice_copy_is_taken_where_memory_is_the_wire_form() {
        let le = cfg!(target_endian = "little");
        assert_eq!(u32::slice_wire_bytes(&[1, 2]).is_some(), le);
        assert_eq!(<[f32; 3]>::slice_wire_bytes(&[[1.0; 3]]).map(<[u8]>::len), le.then_some(12));
        assert_eq!(u8::slice_wire_bytes(&[1, 2, 3]), Some(&[1, 2, 3][..]));
        assert_eq!(bool::slice_wire_bytes(&[true, false]), Some(&[1, 0][..]));
    }
}
