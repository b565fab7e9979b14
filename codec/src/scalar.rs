//! Fixed-size values stored in their slot: integers, floats, `bool`, `char`,
//! fixed arrays, and (through generated code) enums and inline structs.

use zerocopy::byteorder::little_endian::{F32, F64, I16, I32, I64, U16, U32, U64};
use zerocopy::{FromBytes, FromZeros, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::buffer::{self, Buffer};
use crate::error::{ErrorKind, Result};
use crate::layout::{Shape, Slot};
use crate::limits::Validator;
use crate::table::Table;

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
            buffer::set_bit(buf, data, slot);
            buffer::put_slot(buf, data, slot, v.to_wire().as_bytes());
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
    /// Reads an optional scalar: `None` unless the presence bit is set.
    #[inline]
    pub fn opt_read<T: Scalar>(t: &Table<'_>, slot: Slot) -> Option<T> {
        if t.bit(slot) { Some(read(t, slot)) } else { None }
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
                $crate::layout::Shape::scalar($crate::__private::scalar::wire_size::<Self>());
            type Read<'a> = Self;
            #[inline(always)]
            fn read<'a>(t: &$crate::Table<'a>, slot: $crate::layout::Slot) -> Self {
                $crate::__private::scalar::read(t, slot)
            }
            type Valid<'a> = Self;
            #[inline(always)]
            // SAFETY: the caller meets this function's `# Safety` precondition (see the trait's or the doc above); the body reads through bounds-checked `Table` methods and passes the same precondition on to any `unsafe fn` it calls (proof: `mode` module docs).
            unsafe fn read_valid<'a>(t: &$crate::Table<'a>, slot: $crate::layout::Slot) -> Self {
                $crate::__private::scalar::read(t, slot)
            }
            #[inline(always)]
            fn is_default(&self) -> bool {
                $crate::__private::scalar::is_zero(*self)
            }
            #[inline(always)]
            fn write<__ZwB: $crate::Buffer>(&self, buf: &mut __ZwB, data: usize, slot: $crate::layout::Slot) {
                $crate::__private::put_slot(buf, data, slot,
                    $crate::__private::IntoBytes::as_bytes(&$crate::Scalar::to_wire(*self)))
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
                _: &mut $crate::__private::Validator,
            ) -> $crate::Result<()> {
                $crate::__private::scalar::validate::<Self>(t, slot)
            }
            #[inline(always)]
            fn decode(
                t: &$crate::Table<'_>,
                slot: $crate::layout::Slot,
                _: &mut usize,
                _: &mut $crate::__private::Validator,
            ) -> $crate::Result<Self> {
                $crate::__private::scalar::decode(t, slot)
            }

            const OPT_SHAPE: $crate::layout::Shape = Self::SHAPE.with_bit();
            type OptRead<'a> = ::core::option::Option<Self>;
            #[inline]
            fn opt_read<'a>(t: &$crate::Table<'a>, slot: $crate::layout::Slot) -> ::core::option::Option<Self> {
                $crate::__private::scalar::by_value::opt_read(t, slot)
            }
            type OptValid<'a> = ::core::option::Option<Self>;
            #[inline]
            // SAFETY: the caller meets this function's `# Safety` precondition (see the trait's or the doc above); the body reads through bounds-checked `Table` methods and passes the same precondition on to any `unsafe fn` it calls (proof: `mode` module docs).
            unsafe fn opt_read_valid<'a>(
                t: &$crate::Table<'a>,
                slot: $crate::layout::Slot,
            ) -> ::core::option::Option<Self> {
                $crate::__private::scalar::by_value::opt_read(t, slot)
            }
            #[inline]
            fn opt_write<__ZwB: $crate::Buffer>(
                v: ::core::option::Option<&Self>,
                buf: &mut __ZwB,
                data: usize,
                slot: $crate::layout::Slot,
            ) {
                $crate::__private::scalar::by_value::opt_write(v, buf, data, slot)
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
                _: &mut $crate::__private::Validator,
            ) -> $crate::Result<()> {
                $crate::__private::scalar::by_value::opt_validate::<Self>(t, slot)
            }
            #[inline]
            fn opt_decode(
                t: &$crate::Table<'_>,
                slot: $crate::layout::Slot,
                _: &mut usize,
                _: &mut $crate::__private::Validator,
            ) -> $crate::Result<::core::option::Option<Self>> {
                $crate::__private::scalar::by_value::opt_decode(t, slot)
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
            buffer::set_bit(buf, data, slot)
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
    use super::*;

    #[test]
    fn whole_slice_copy_is_taken_where_memory_is_the_wire_form() {
        let le = cfg!(target_endian = "little");
        assert_eq!(u32::slice_wire_bytes(&[1, 2]).is_some(), le);
        assert_eq!(<[f32; 3]>::slice_wire_bytes(&[[1.0; 3]]).map(<[u8]>::len), le.then_some(12));
        assert_eq!(u8::slice_wire_bytes(&[1, 2, 3]), Some(&[1, 2, 3][..]));
        assert_eq!(bool::slice_wire_bytes(&[true, false]), Some(&[1, 0][..]));
    }
}
