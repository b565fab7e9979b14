//! How each Rust type is stored in a slot: the [`Field`] trait, the
//! out-of-line [`Child`] values that references point to, and the
//! implementations for the standard types (`String`, byte buffers, `Option`,
//! `Box`).
//!
//! Generated code is made of calls to these traits: one accessor is one
//! `Field::read`, one encoder step one `Field::write`. Implementations for
//! scalars (numbers, `bool`, `char`, fixed arrays: every [`Scalar`](crate::Scalar))
//! are next to that trait, for lists in [`crate::list`], for maps in
//! [`crate::map`] and for messages in [`crate::message`].

use crate::buffer::{self, Buffer};
use crate::error::{ErrorKind, Result};
use crate::layout::{Shape, Slot};
use crate::limits::{self, Validator};
use crate::table::Table;
use crate::wire;

/// A type that can be a field of a message (and an element of a list, and
/// the inner type of an `Option`).
///
/// You do not implement this by hand: the derive does, for messages, enums,
/// unions and structs, and this crate does for the standard types. Its
/// methods come in three groups, one per position a type can take: a field
/// (`read`, `write`, ...), the inside of an `Option` (`opt_*`), and the
/// elements of a `Vec` (`list_*`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a zerowire field",
    label = "not a zerowire field type",
    note = "supported: integers (not usize/isize/128-bit), f32, f64, bool, char, String, Vec<u8>, bytes::Bytes, \
            [T; N] of scalars, Vec<T>, Option<T>, Box<T>, BTreeMap/HashMap, and types deriving \
            zerowire::{{Message, Enum, Union, Struct}}"
)]
#[allow(unsafe_code)]
pub trait Field: Sized + 'static {
    /// What the field needs in the data section.
    const SHAPE: Shape;
    /// What a view's accessor returns: the value itself for scalars,
    /// `Result<borrowed view>` for references.
    type Read<'a>;
    /// Reads the field from its slot (lazy tier).
    fn read<'a>(t: &Table<'a>, slot: Slot) -> Self::Read<'a>;
    /// What a validated view's accessor returns: the plain value (`&'a str`,
    /// a list view, a validated nested view), no `Result`.
    type Valid<'a>;
    /// Reads the field from a slot that validation checked, skipping what
    /// validation proved (a string's UTF-8 check).
    ///
    /// # Safety
    ///
    /// `t` must be a table that the eager tier validated (a
    /// [`ValidTable`](crate::mode::ValidTable), or a part of one that its
    /// validation opened: a nested message, list element, map entry or union
    /// payload, opened the same way), whose validation checked `slot` with
    /// `Self::validate`: the same slot, as the same type.
    // SAFETY: a contract, not a use: callers meet the `# Safety` section above; the proof that a validated table meets it is in the `mode` module's docs.
    unsafe fn read_valid<'a>(t: &Table<'a>, slot: Slot) -> Self::Valid<'a>;
    /// Whether the value is stored as all-zero slot bytes and no child, so
    /// that a writer may trim it away.
    fn is_default(&self) -> bool;
    /// Writes the value into `slot` of the data section at `data`, appending
    /// its child (if any) at the end of `buf`.
    fn write<B: Buffer>(&self, buf: &mut B, data: usize, slot: Slot);
    /// Bytes the value adds out of line (its child), 0 for scalars.
    fn extra_len(&self) -> usize;
    /// Validates the field (eager tier); `cur` is the end of the previous
    /// child and is advanced past this field's child.
    fn validate(t: &Table<'_>, slot: Slot, cur: &mut usize, v: &mut Validator) -> Result<()>;
    /// Decodes the field into an owned value, checking what it reads as the
    /// eager tier does (`cur` and `v` as in [`Field::validate`]): decoding
    /// is validation and construction in one pass.
    fn decode(t: &Table<'_>, slot: Slot, cur: &mut usize, v: &mut Validator) -> Result<Self>;

    /// Shape of `Option<Self>`: a presence bit for scalars, the same
    /// reference for references (absent = `None`).
    const OPT_SHAPE: Shape;
    /// What an accessor of `Option<Self>` returns.
    type OptRead<'a>;
    /// Reads `Option<Self>`.
    fn opt_read<'a>(t: &Table<'a>, slot: Slot) -> Self::OptRead<'a>;
    /// What a validated accessor of `Option<Self>` returns.
    type OptValid<'a>;
    /// Reads a validated `Option<Self>`.
    ///
    /// # Safety
    ///
    /// As [`Field::read_valid`], for a slot validated with `Self::opt_validate`.
    // SAFETY: a contract, not a use: callers meet the `# Safety` section above; the proof that a validated table meets it is in the `mode` module's docs.
    unsafe fn opt_read_valid<'a>(t: &Table<'a>, slot: Slot) -> Self::OptValid<'a>;
    /// Writes `Option<Self>`.
    fn opt_write<B: Buffer>(v: Option<&Self>, buf: &mut B, data: usize, slot: Slot);
    /// Out-of-line bytes of `Option<Self>`.
    fn opt_extra_len(v: Option<&Self>) -> usize;
    /// Validates `Option<Self>`.
    fn opt_validate(t: &Table<'_>, slot: Slot, cur: &mut usize, v: &mut Validator) -> Result<()>;
    /// Decodes `Option<Self>`.
    fn opt_decode(t: &Table<'_>, slot: Slot, cur: &mut usize, v: &mut Validator) -> Result<Option<Self>>;

    /// The view of a `Vec<Self>`.
    type List<'a>;
    /// Bytes of the list body (what the reference points to) for `items`.
    fn list_len<'i, I: ExactSizeIterator<Item = &'i Self>>(items: I) -> usize
    where
        Self: 'i;
    /// Appends the list body for `items` to `buf`.
    fn list_write<'i, B: Buffer, I: ExactSizeIterator<Item = &'i Self>>(items: I, buf: &mut B)
    where
        Self: 'i;
    /// Appends the list body for the whole slice `items` (what a `Vec<Self>`
    /// writes). Scalars whose memory is their wire form copy it in one piece.
    #[inline]
    fn list_write_slice<B: Buffer>(items: &[Self], buf: &mut B) {
        Self::list_write(items.iter(), buf)
    }
    /// The view of the empty list (an absent `Vec<Self>`).
    fn list_empty<'a>() -> Self::List<'a>;
    /// Opens the list body at `at` (lazy tier); `None` is the empty list.
    fn list_read<'a>(t: &Table<'a>, at: Option<usize>) -> Result<Self::List<'a>>;
    /// The validated view of a `Vec<Self>`.
    type ValidList<'a>;
    /// Opens a validated list body at `at`; `None` is the empty list.
    ///
    /// # Safety
    ///
    /// `t` must be validated as in [`Field::read_valid`], and `at` the
    /// target of a reference that its validation checked with
    /// `Self::list_validate`.
    // SAFETY: a contract, not a use: callers meet the `# Safety` section above; the proof that a validated table meets it is in the `mode` module's docs.
    unsafe fn list_read_valid<'a>(t: &Table<'a>, at: Option<usize>) -> Self::ValidList<'a>;
    /// Validates the list body at `at` and returns where it ends.
    fn list_validate(t: &Table<'_>, at: usize, v: &mut Validator) -> Result<usize>;
    /// Decodes the list body at `at`; returns the list and where it ends.
    fn list_decode(t: &Table<'_>, at: usize, v: &mut Validator) -> Result<(Vec<Self>, usize)>;
}

/// An out-of-line value: what a reference points to (a string, a byte
/// string, a list, a map, a message).
#[allow(unsafe_code)]
pub trait Child: Sized {
    /// The borrowed view of the value.
    type View<'a>;
    /// The view of an absent reference.
    fn default_view<'a>() -> Self::View<'a>;
    /// Whether an absent reference reads back as this value (so the writer
    /// stores nothing).
    fn is_absent_default(&self) -> bool;
    /// The owned value of an absent reference.
    fn decode_absent(v: &mut Validator) -> Result<Self>;
    /// Bytes of the encoded child.
    fn child_len(&self) -> usize;
    /// Appends the encoded child to `buf`.
    fn write_child<B: Buffer>(&self, buf: &mut B);
    /// Reads the child at `at` of `t`'s region (lazy tier).
    fn read_child<'a>(t: &Table<'a>, at: usize) -> Result<Self::View<'a>>;
    /// The view of a validated child.
    type Valid<'a>;
    /// The validated view of an absent reference.
    fn default_valid<'a>() -> Self::Valid<'a>;
    /// Reads a validated child at `at`.
    ///
    /// # Safety
    ///
    /// `t` must be validated as in [`Field::read_valid`], and `at` a
    /// position its validation checked with `Self::validate_child`.
    // SAFETY: a contract, not a use: callers meet the `# Safety` section above; the proof that a validated table meets it is in the `mode` module's docs.
    unsafe fn read_child_valid<'a>(t: &Table<'a>, at: usize) -> Self::Valid<'a>;
    /// Validates the child at `at` and returns where it ends.
    fn validate_child(t: &Table<'_>, at: usize, v: &mut Validator) -> Result<usize>;
    /// Decodes the child at `at` (checking it as `validate_child` does),
    /// sets `end` to where it ends, and returns it. (The end is written
    /// through `end` rather than returned beside the value so that the value
    /// is built in its caller's return slot: a `(Self, usize)` would be one
    /// more copy of `Self` on the stack at every level of nesting.)
    fn decode_child(t: &Table<'_>, at: usize, end: &mut usize, v: &mut Validator) -> Result<Self>;
}

/// The `Field` methods of a reference to a [`Child`]; the `impl_child_field!`
/// macro and generated code call these.
pub(crate) mod by_ref {
    use super::*;

    /// Reads the child, or its default view if absent.
    #[inline(always)]
    pub fn read<'a, C: Child>(t: &Table<'a>, slot: Slot) -> Result<C::View<'a>> {
        match t.ref_target(slot) {
            None => Ok(C::default_view()),
            Some(at) => C::read_child(t, at),
        }
    }
    /// Reads the child; `None` if absent.
    #[inline]
    pub fn opt_read<'a, C: Child>(t: &Table<'a>, slot: Slot) -> Result<Option<C::View<'a>>> {
        match t.ref_target(slot) {
            None => Ok(None),
            Some(at) => C::read_child(t, at).map(Some),
        }
    }
    /// Reads a validated child, or its default view if absent.
    ///
    /// # Safety
    ///
    /// As [`Field::read_valid`], for a slot validated with [`validate()`].
    #[inline(always)]
    #[allow(unsafe_code)]
    // SAFETY: the caller meets this function's `# Safety` precondition (see the trait's or the doc above); the body reads through bounds-checked `Table` methods and passes the same precondition on to any `unsafe fn` it calls (proof: `mode` module docs).
    pub unsafe fn read_valid<'a, C: Child>(t: &Table<'a>, slot: Slot) -> C::Valid<'a> {
        match t.ref_target(slot) {
            None => C::default_valid(),
            // SAFETY: `validate` checked the child at this same target with
            // `C::validate_child` (the caller's precondition).
            Some(at) => unsafe { C::read_child_valid(t, at) },
        }
    }
    /// Reads a validated child; `None` if absent.
    ///
    /// # Safety
    ///
    /// As [`read_valid()`].
    #[inline]
    #[allow(unsafe_code)]
    pub unsafe fn opt_read_valid<'a, C: Child>(t: &Table<'a>, slot: Slot) -> Option<C::Valid<'a>> {
        // SAFETY: the caller's precondition, as in `read_valid`.
        t.ref_target(slot).map(|at| unsafe { C::read_child_valid(t, at) })
    }
    /// Writes the child and points the slot at it (always, even if default).
    #[inline]
    pub fn write_present<C: Child, B: Buffer>(c: &C, buf: &mut B, data: usize, slot: Slot) {
        buffer::patch_ref_here(buf, slot.ref_pos(data));
        c.write_child(buf);
    }
    /// Writes the child unless the absent reference already means it.
    #[inline]
    pub fn write<C: Child, B: Buffer>(c: &C, buf: &mut B, data: usize, slot: Slot) {
        if !c.is_absent_default() {
            write_present(c, buf, data, slot);
        }
    }
    /// Out-of-line bytes as [`write()`] stores them.
    #[inline]
    pub fn extra_len<C: Child>(c: &C) -> usize {
        if c.is_absent_default() { 0 } else { c.child_len() }
    }
    /// Validates the reference and its child.
    #[inline]
    pub fn validate<C: Child>(t: &Table<'_>, slot: Slot, cur: &mut usize, v: &mut Validator) -> Result<()> {
        if let Some(at) = t.ref_target(slot) {
            limits::check_target(t, slot, at, *cur)?;
            *cur = C::validate_child(t, at, v)?;
        }
        Ok(())
    }
    /// Decodes the child, or the absent default.
    #[inline]
    pub fn decode<C: Child>(t: &Table<'_>, slot: Slot, cur: &mut usize, v: &mut Validator) -> Result<C> {
        match t.ref_target(slot) {
            None => C::decode_absent(v),
            Some(at) => {
                limits::check_target(t, slot, at, *cur)?;
                C::decode_child(t, at, cur, v)
            }
        }
    }
    /// Decodes the child; `None` if absent.
    #[inline]
    pub fn opt_decode<C: Child>(t: &Table<'_>, slot: Slot, cur: &mut usize, v: &mut Validator) -> Result<Option<C>> {
        match t.ref_target(slot) {
            None => Ok(None),
            Some(_) => decode(t, slot, cur, v).map(Some),
        }
    }
}

/// The `list_*` items of a `Field` impl, for one of the three list kinds of
/// [`crate::list`]: `scalars` (a zero-copy run of wire values), `slots` (one
/// slot per element, then the children), `messages` (one shared stride).
#[doc(hidden)]
#[macro_export]
macro_rules! __list_hooks {
    (scalars) => {
        type ValidList<'a> = $crate::list::ScalarList<'a, Self>;
        #[inline]
        // SAFETY: the caller meets this function's `# Safety` precondition (see the trait's or the doc above); the body reads through bounds-checked `Table` methods and passes the same precondition on to any `unsafe fn` it calls (proof: `mode` module docs).
        unsafe fn list_read_valid<'a>(
            t: &$crate::Table<'a>,
            at: ::core::option::Option<usize>,
        ) -> <Self as $crate::Field>::ValidList<'a> {
            $crate::list::ScalarList::open_valid(t, at)
        }
        $crate::__list_hooks!(ScalarList, scalars);
        #[inline]
        fn list_write_slice<__ZwB: $crate::Buffer>(items: &[Self], buf: &mut __ZwB) {
            $crate::__private::list::scalars::write_slice(items, buf)
        }
    };
    (slots) => {
        $crate::__list_hooks!(@valid SlotList);
        $crate::__list_hooks!(SlotList, slots);
    };
    (messages) => {
        $crate::__list_hooks!(@valid MessageList);
        $crate::__list_hooks!(MessageList, messages);
    };
    (@valid $list:ident) => {
        type ValidList<'a> = $crate::list::$list<'a, Self, $crate::mode::Validated>;
        #[inline]
        // SAFETY: the caller meets this function's `# Safety` precondition (see the trait's or the doc above); the body reads through bounds-checked `Table` methods and passes the same precondition on to any `unsafe fn` it calls (proof: `mode` module docs).
        unsafe fn list_read_valid<'a>(
            t: &$crate::Table<'a>,
            at: ::core::option::Option<usize>,
        ) -> <Self as $crate::Field>::ValidList<'a> {
            // SAFETY: this function's precondition is `open_valid`'s.
            unsafe { $crate::list::$list::open_valid(t, at) }
        }
    };
    ($list:ident, $kind:ident) => {
        type List<'a> = $crate::list::$list<'a, Self>;
        #[inline]
        fn list_len<'i, __ZwI: ::core::iter::ExactSizeIterator<Item = &'i Self>>(items: __ZwI) -> usize
        where
            Self: 'i,
        {
            $crate::__private::list::$kind::len(items)
        }
        #[inline]
        fn list_write<'i, __ZwB: $crate::Buffer, __ZwI: ::core::iter::ExactSizeIterator<Item = &'i Self>>(
            items: __ZwI,
            buf: &mut __ZwB,
        ) where
            Self: 'i,
        {
            $crate::__private::list::$kind::write(items, buf)
        }
        #[inline]
        fn list_empty<'a>() -> <Self as $crate::Field>::List<'a> {
            $crate::list::$list::EMPTY
        }
        #[inline]
        fn list_read<'a>(
            t: &$crate::Table<'a>,
            at: ::core::option::Option<usize>,
        ) -> $crate::Result<<Self as $crate::Field>::List<'a>> {
            $crate::list::$list::open(t, at)
        }
        #[inline]
        fn list_validate(
            t: &$crate::Table<'_>,
            at: usize,
            v: &mut $crate::__private::Validator,
        ) -> $crate::Result<usize> {
            $crate::__private::list::$kind::validate::<Self>(t, at, v)
        }
        #[inline]
        fn list_decode(
            t: &$crate::Table<'_>,
            at: usize,
            v: &mut $crate::__private::Validator,
        ) -> $crate::Result<($crate::__private::Vec<Self>, usize)> {
            $crate::__private::list::$kind::decode(t, at, v)
        }
    };
}

/// Implements [`Field`] for a [`Child`] type: a `U32` reference slot, absent
/// meaning the default, `Option` meaning absent = `None`, lists as a table
/// of reference slots. Used by this crate and by generated code.
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_child_field {
    ([$($gen:tt)*] $ty:ty $(where $($bounds:tt)*)?) => {
        $crate::__impl_child_field!(slots; [$($gen)*] $ty $(where $($bounds)*)?);
    };
    ($list:ident; [$($gen:tt)*] $ty:ty $(where $($bounds:tt)*)?) => {
        impl<$($gen)*> $crate::Field for $ty $(where $($bounds)*)? {
            const SHAPE: $crate::layout::Shape = $crate::layout::Shape::REF;
            type Read<'a> = $crate::Result<<$ty as $crate::field::Child>::View<'a>>;
            // Always, as `read_valid` below.
            #[inline(always)]
            fn read<'a>(t: &$crate::Table<'a>, slot: $crate::layout::Slot) -> <Self as $crate::Field>::Read<'a> {
                $crate::__private::by_ref::read::<Self>(t, slot)
            }
            type Valid<'a> = <$ty as $crate::field::Child>::Valid<'a>;
            // Always: a thin wrapper that, left to the inliner, stayed a call
            // in loops that read many strings (a map's keys and values).
            #[inline(always)]
            // SAFETY: the caller meets this function's `# Safety` precondition (see the trait's or the doc above); the body reads through bounds-checked `Table` methods and passes the same precondition on to any `unsafe fn` it calls (proof: `mode` module docs).
            unsafe fn read_valid<'a>(t: &$crate::Table<'a>, slot: $crate::layout::Slot) -> <Self as $crate::Field>::Valid<'a> {
                // SAFETY: this function's precondition is `by_ref::read_valid`'s.
                unsafe { $crate::__private::by_ref::read_valid::<Self>(t, slot) }
            }
            #[inline]
            fn is_default(&self) -> bool {
                $crate::field::Child::is_absent_default(self)
            }
            #[inline]
            fn write<__ZwB: $crate::Buffer>(&self, buf: &mut __ZwB, data: usize, slot: $crate::layout::Slot) {
                $crate::__private::by_ref::write(self, buf, data, slot)
            }
            #[inline]
            fn extra_len(&self) -> usize {
                $crate::__private::by_ref::extra_len(self)
            }
            #[inline]
            fn validate(
                t: &$crate::Table<'_>,
                slot: $crate::layout::Slot,
                cur: &mut usize,
                v: &mut $crate::__private::Validator,
            ) -> $crate::Result<()> {
                $crate::__private::by_ref::validate::<Self>(t, slot, cur, v)
            }
            #[inline]
            fn decode(
                t: &$crate::Table<'_>,
                slot: $crate::layout::Slot,
                cur: &mut usize,
                v: &mut $crate::__private::Validator,
            ) -> $crate::Result<Self> {
                $crate::__private::by_ref::decode::<Self>(t, slot, cur, v)
            }

            const OPT_SHAPE: $crate::layout::Shape = $crate::layout::Shape::REF;
            type OptRead<'a> = $crate::Result<::core::option::Option<<$ty as $crate::field::Child>::View<'a>>>;
            #[inline]
            fn opt_read<'a>(t: &$crate::Table<'a>, slot: $crate::layout::Slot) -> <Self as $crate::Field>::OptRead<'a> {
                $crate::__private::by_ref::opt_read::<Self>(t, slot)
            }
            type OptValid<'a> = ::core::option::Option<<$ty as $crate::field::Child>::Valid<'a>>;
            #[inline]
            // SAFETY: the caller meets this function's `# Safety` precondition (see the trait's or the doc above); the body reads through bounds-checked `Table` methods and passes the same precondition on to any `unsafe fn` it calls (proof: `mode` module docs).
            unsafe fn opt_read_valid<'a>(t: &$crate::Table<'a>, slot: $crate::layout::Slot) -> <Self as $crate::Field>::OptValid<'a> {
                // SAFETY: this function's precondition is `by_ref::opt_read_valid`'s.
                unsafe { $crate::__private::by_ref::opt_read_valid::<Self>(t, slot) }
            }
            #[inline]
            fn opt_write<__ZwB: $crate::Buffer>(
                v: ::core::option::Option<&Self>,
                buf: &mut __ZwB,
                data: usize,
                slot: $crate::layout::Slot,
            ) {
                if let ::core::option::Option::Some(v) = v {
                    $crate::__private::by_ref::write_present(v, buf, data, slot)
                }
            }
            #[inline]
            fn opt_extra_len(v: ::core::option::Option<&Self>) -> usize {
                v.map_or(0, $crate::field::Child::child_len)
            }
            #[inline]
            fn opt_validate(
                t: &$crate::Table<'_>,
                slot: $crate::layout::Slot,
                cur: &mut usize,
                v: &mut $crate::__private::Validator,
            ) -> $crate::Result<()> {
                $crate::__private::by_ref::validate::<Self>(t, slot, cur, v)
            }
            #[inline]
            fn opt_decode(
                t: &$crate::Table<'_>,
                slot: $crate::layout::Slot,
                cur: &mut usize,
                v: &mut $crate::__private::Validator,
            ) -> $crate::Result<::core::option::Option<Self>> {
                $crate::__private::by_ref::opt_decode::<Self>(t, slot, cur, v)
            }

            $crate::__list_hooks!($list);
        }
    };
}

// --- byte strings -----------------------------------------------------------

/// A varint length followed by the bytes.
fn bytes_child_len(b: &[u8]) -> usize {
    wire::varint_len(b.len() as u32) + b.len()
}

#[inline]
fn write_bytes_child<B: Buffer>(b: &[u8], buf: &mut B) {
    let n = u32::try_from(b.len()).expect("zerowire: a byte string cannot exceed 4 GiB");
    wire::put_varint(buf, n);
    buf.put_slice(b);
}

/// The string at `at` and where it ends; the one UTF-8 check of every
/// string read, validated or decoded. Inlined into each message's
/// validator and decoder: as a call, saving and restoring registers around
/// it was more than half of a short string's check (callgrind).
#[inline(always)]
pub(crate) fn str_and_end<'a>(t: &Table<'a>, at: usize) -> Result<(&'a str, usize)> {
    let (b, end) = t.bytes_and_end(at)?;
    match crate::utf8::to_str(b) {
        Some(s) => Ok((s, end)),
        None => Err(t.err(ErrorKind::InvalidUtf8, at)),
    }
}

impl Child for String {
    type View<'a> = &'a str;
    #[inline]
    fn default_view<'a>() -> &'a str {
        ""
    }
    #[inline]
    fn is_absent_default(&self) -> bool {
        self.is_empty()
    }
    fn decode_absent(_: &mut Validator) -> Result<Self> {
        Ok(String::new())
    }
    #[inline]
    fn child_len(&self) -> usize {
        bytes_child_len(self.as_bytes())
    }
    #[inline]
    fn write_child<B: Buffer>(&self, buf: &mut B) {
        write_bytes_child(self.as_bytes(), buf)
    }
    #[inline]
    fn read_child<'a>(t: &Table<'a>, at: usize) -> Result<&'a str> {
        str_and_end(t, at).map(|(s, _)| s)
    }
    type Valid<'a> = &'a str;
    #[inline]
    fn default_valid<'a>() -> &'a str {
        ""
    }
    #[inline(always)]
    #[allow(unsafe_code)]
    // SAFETY: the caller meets this function's `# Safety` precondition (see the trait's or the doc above); the body reads through bounds-checked `Table` methods and passes the same precondition on to any `unsafe fn` it calls (proof: `mode` module docs).
    unsafe fn read_child_valid<'a>(t: &Table<'a>, at: usize) -> &'a str {
        // The same bytes `validate_child` found at `at` (the caller's
        // precondition): the prefix cannot fail to parse.
        let b = t.bytes_at(at).unwrap_or_else(|_| {
            debug_assert!(false, "a validated string's length prefix is in bounds");
            &[]
        });
        debug_assert!(core::str::from_utf8(b).is_ok(), "a validated string is UTF-8");
        // SAFETY: the caller guarantees that `t` was validated and that its
        // validation ran `validate_child` (below) on this same `at` of this
        // same table. `validate_child` read the bytes with `str_and_end`,
        // that is `t.bytes_and_end(at)` (the prefix and the slice `bytes_at`
        // returns here: `bytes_at` is `bytes_and_end` without the end) and
        // then `utf8::to_str`, which accepted them: they are UTF-8. The
        // table borrows `&'a [u8]` immutably, so the bytes have not changed
        // since; `b` is those bytes (or the empty slice, valid UTF-8). That
        // is the only precondition of `from_utf8_unchecked`.
        unsafe { core::str::from_utf8_unchecked(b) }
    }
    #[inline]
    fn validate_child(t: &Table<'_>, at: usize, _: &mut Validator) -> Result<usize> {
        str_and_end(t, at).map(|(_, end)| end)
    }
    fn decode_child(t: &Table<'_>, at: usize, end: &mut usize, v: &mut Validator) -> Result<Self> {
        let (s, e) = str_and_end(t, at)?;
        v.charge(t, at, s.len())?;
        *end = e;
        Ok(s.to_owned())
    }
}
// The validated-read functions the macro declares are the `Field` methods whose
// precondition is stated on the trait.
#[allow(unsafe_code)]
const _: () = {
    crate::__impl_child_field!([] String);
};

/// `bytes::Bytes` fields read as `&[u8]` and decode by copying out of the
/// view (the view does not know the `Bytes` it may come from).
impl Child for bytes::Bytes {
    type View<'a> = &'a [u8];
    #[inline]
    fn default_view<'a>() -> &'a [u8] {
        &[]
    }
    #[inline]
    fn is_absent_default(&self) -> bool {
        self.is_empty()
    }
    fn decode_absent(_: &mut Validator) -> Result<Self> {
        Ok(bytes::Bytes::new())
    }
    #[inline]
    fn child_len(&self) -> usize {
        bytes_child_len(self)
    }
    #[inline]
    fn write_child<B: Buffer>(&self, buf: &mut B) {
        write_bytes_child(self, buf)
    }
    #[inline]
    fn read_child<'a>(t: &Table<'a>, at: usize) -> Result<&'a [u8]> {
        t.bytes_at(at)
    }
    type Valid<'a> = &'a [u8];
    #[inline]
    fn default_valid<'a>() -> &'a [u8] {
        &[]
    }
    #[inline]
    #[allow(unsafe_code)]
    // SAFETY: the caller meets this function's `# Safety` precondition (see the trait's or the doc above); the body reads through bounds-checked `Table` methods and passes the same precondition on to any `unsafe fn` it calls (proof: `mode` module docs).
    unsafe fn read_child_valid<'a>(t: &Table<'a>, at: usize) -> &'a [u8] {
        t.bytes_at(at).unwrap_or_else(|_| {
            debug_assert!(false, "a validated byte string is in bounds");
            &[]
        })
    }
    fn validate_child(t: &Table<'_>, at: usize, v: &mut Validator) -> Result<usize> {
        crate::untyped::bytes(t, at, v).map(|(_, end)| end)
    }
    fn decode_child(t: &Table<'_>, at: usize, end: &mut usize, v: &mut Validator) -> Result<Self> {
        let (b, e) = crate::untyped::bytes(t, at, v)?;
        v.charge(t, at, b.len())?;
        *end = e;
        Ok(bytes::Bytes::copy_from_slice(b))
    }
}
#[allow(unsafe_code)]
const _: () = {
    crate::__impl_child_field!([] bytes::Bytes);
};

// --- Option and Box ---------------------------------------------------------

/// A compile-time error, raised only where `Option<Option<T>>` is used.
struct NoNestedOption<T>(core::marker::PhantomData<T>);
impl<T> NoNestedOption<T> {
    const FAIL: () = panic!("zerowire: Option<Option<T>> is not supported");
}

/// `Option<T>` takes the shape `T` declares for it (`T::OPT_SHAPE`).
/// `Option<Option<T>>` is a compile error: there is no third state to store.
#[allow(unsafe_code)]
impl<T: Field> Field for Option<T> {
    const SHAPE: Shape = T::OPT_SHAPE;
    type Read<'a> = T::OptRead<'a>;
    #[inline]
    fn read<'a>(t: &Table<'a>, slot: Slot) -> Self::Read<'a> {
        T::opt_read(t, slot)
    }
    type Valid<'a> = T::OptValid<'a>;
    #[inline]
    // SAFETY: the caller meets this function's `# Safety` precondition (see the trait's or the doc above); the body reads through bounds-checked `Table` methods and passes the same precondition on to any `unsafe fn` it calls (proof: `mode` module docs).
    unsafe fn read_valid<'a>(t: &Table<'a>, slot: Slot) -> Self::Valid<'a> {
        // SAFETY: `Option<T>::validate` is `T::opt_validate`: the caller's
        // precondition is `opt_read_valid`'s.
        unsafe { T::opt_read_valid(t, slot) }
    }
    #[inline]
    fn is_default(&self) -> bool {
        self.is_none()
    }
    #[inline]
    fn write<B: Buffer>(&self, buf: &mut B, data: usize, slot: Slot) {
        T::opt_write(self.as_ref(), buf, data, slot)
    }
    #[inline]
    fn extra_len(&self) -> usize {
        T::opt_extra_len(self.as_ref())
    }
    #[inline]
    fn validate(t: &Table<'_>, slot: Slot, cur: &mut usize, v: &mut Validator) -> Result<()> {
        T::opt_validate(t, slot, cur, v)
    }
    #[inline]
    fn decode(t: &Table<'_>, slot: Slot, cur: &mut usize, v: &mut Validator) -> Result<Self> {
        T::opt_decode(t, slot, cur, v)
    }

    const OPT_SHAPE: Shape = {
        let () = NoNestedOption::<T>::FAIL;
        Shape::REF
    };
    type OptRead<'a> = core::convert::Infallible;
    fn opt_read<'a>(_: &Table<'a>, _: Slot) -> Self::OptRead<'a> {
        let () = NoNestedOption::<T>::FAIL;
        unreachable!()
    }
    type OptValid<'a> = core::convert::Infallible;
    // SAFETY: the caller meets this function's `# Safety` precondition (see the trait's or the doc above); the body reads through bounds-checked `Table` methods and passes the same precondition on to any `unsafe fn` it calls (proof: `mode` module docs).
    unsafe fn opt_read_valid<'a>(_: &Table<'a>, _: Slot) -> Self::OptValid<'a> {
        let () = NoNestedOption::<T>::FAIL;
        unreachable!()
    }
    fn opt_write<B: Buffer>(_: Option<&Self>, _: &mut B, _: usize, _: Slot) {
        let () = NoNestedOption::<T>::FAIL;
        unreachable!()
    }
    fn opt_extra_len(_: Option<&Self>) -> usize {
        let () = NoNestedOption::<T>::FAIL;
        unreachable!()
    }
    fn opt_validate(_: &Table<'_>, _: Slot, _: &mut usize, _: &mut Validator) -> Result<()> {
        let () = NoNestedOption::<T>::FAIL;
        unreachable!()
    }
    fn opt_decode(_: &Table<'_>, _: Slot, _: &mut usize, _: &mut Validator) -> Result<Option<Self>> {
        let () = NoNestedOption::<T>::FAIL;
        unreachable!()
    }

    crate::__list_hooks!(slots);
}

/// `Box<T>` is stored exactly as `T` (it exists for recursive types).
#[allow(unsafe_code)]
impl<T: Field> Field for Box<T> {
    const SHAPE: Shape = T::SHAPE;
    type Read<'a> = T::Read<'a>;
    #[inline]
    fn read<'a>(t: &Table<'a>, slot: Slot) -> Self::Read<'a> {
        T::read(t, slot)
    }
    type Valid<'a> = T::Valid<'a>;
    #[inline]
    // SAFETY: the caller meets this function's `# Safety` precondition (see the trait's or the doc above); the body reads through bounds-checked `Table` methods and passes the same precondition on to any `unsafe fn` it calls (proof: `mode` module docs).
    unsafe fn read_valid<'a>(t: &Table<'a>, slot: Slot) -> Self::Valid<'a> {
        // SAFETY: `Box<T>` validates as `T`: the same precondition.
        unsafe { T::read_valid(t, slot) }
    }
    #[inline]
    fn is_default(&self) -> bool {
        (**self).is_default()
    }
    #[inline]
    fn write<B: Buffer>(&self, buf: &mut B, data: usize, slot: Slot) {
        (**self).write(buf, data, slot)
    }
    #[inline]
    fn extra_len(&self) -> usize {
        (**self).extra_len()
    }
    fn validate(t: &Table<'_>, slot: Slot, cur: &mut usize, v: &mut Validator) -> Result<()> {
        T::validate(t, slot, cur, v)
    }
    fn decode(t: &Table<'_>, slot: Slot, cur: &mut usize, v: &mut Validator) -> Result<Self> {
        v.charge(t, t.data() + slot.off as usize, core::mem::size_of::<T>())?;
        T::decode(t, slot, cur, v).map(Box::new)
    }

    const OPT_SHAPE: Shape = T::OPT_SHAPE;
    type OptRead<'a> = T::OptRead<'a>;
    fn opt_read<'a>(t: &Table<'a>, slot: Slot) -> Self::OptRead<'a> {
        T::opt_read(t, slot)
    }
    type OptValid<'a> = T::OptValid<'a>;
    // SAFETY: the caller meets this function's `# Safety` precondition (see the trait's or the doc above); the body reads through bounds-checked `Table` methods and passes the same precondition on to any `unsafe fn` it calls (proof: `mode` module docs).
    unsafe fn opt_read_valid<'a>(t: &Table<'a>, slot: Slot) -> Self::OptValid<'a> {
        // SAFETY: `Box<T>` validates as `T`: the same precondition.
        unsafe { T::opt_read_valid(t, slot) }
    }
    fn opt_write<B: Buffer>(v: Option<&Self>, buf: &mut B, data: usize, slot: Slot) {
        T::opt_write(v.map(|b| &**b), buf, data, slot)
    }
    fn opt_extra_len(v: Option<&Self>) -> usize {
        T::opt_extra_len(v.map(|b| &**b))
    }
    fn opt_validate(t: &Table<'_>, slot: Slot, cur: &mut usize, v: &mut Validator) -> Result<()> {
        T::opt_validate(t, slot, cur, v)
    }
    fn opt_decode(t: &Table<'_>, slot: Slot, cur: &mut usize, v: &mut Validator) -> Result<Option<Self>> {
        // Charged before decoding and given back if absent, and boxed
        // straight from the callee's result: unwrapping it first would hold
        // one more copy of `T` on the stack at each level of a recursive type.
        let size = core::mem::size_of::<T>();
        v.charge(t, t.data() + slot.off as usize, size)?;
        T::opt_decode(t, slot, cur, v).map(|value| {
            if value.is_none() {
                v.refund(size);
            }
            value.map(Box::new)
        })
    }

    type List<'a> = T::List<'a>;
    fn list_len<'i, I: ExactSizeIterator<Item = &'i Self>>(items: I) -> usize
    where
        Self: 'i,
    {
        T::list_len(items.map(|b| &**b))
    }
    fn list_write<'i, B: Buffer, I: ExactSizeIterator<Item = &'i Self>>(items: I, buf: &mut B)
    where
        Self: 'i,
    {
        T::list_write(items.map(|b| &**b), buf)
    }
    fn list_empty<'a>() -> Self::List<'a> {
        T::list_empty()
    }
    // `list_write_slice` keeps its default: a `[Box<T>]` is not a `[T]`.
    fn list_read<'a>(t: &Table<'a>, at: Option<usize>) -> Result<Self::List<'a>> {
        T::list_read(t, at)
    }
    type ValidList<'a> = T::ValidList<'a>;
    // SAFETY: the caller meets this function's `# Safety` precondition (see the trait's or the doc above); the body reads through bounds-checked `Table` methods and passes the same precondition on to any `unsafe fn` it calls (proof: `mode` module docs).
    unsafe fn list_read_valid<'a>(t: &Table<'a>, at: Option<usize>) -> Self::ValidList<'a> {
        // SAFETY: `Box<T>` validates as `T`: the same precondition.
        unsafe { T::list_read_valid(t, at) }
    }
    fn list_validate(t: &Table<'_>, at: usize, v: &mut Validator) -> Result<usize> {
        T::list_validate(t, at, v)
    }
    fn list_decode(t: &Table<'_>, at: usize, v: &mut Validator) -> Result<(Vec<Self>, usize)> {
        let (items, end) = T::list_decode(t, at, v)?;
        // Each element moves into a box of its own: charged on top of the
        // `Vec<T>` that `T::list_decode` charged.
        v.charge(t, at, items.len().saturating_mul(core::mem::size_of::<T>()))?;
        let mut out = v.vec_for(t, at, items.len())?;
        out.extend(items.into_iter().map(Box::new));
        Ok((out, end))
    }
}
