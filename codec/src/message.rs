//! Messages: the [`Message`] trait generated code implements, its view
//! trait, and the functions that encode, open, validate and decode one.

use crate::buffer::Buffer;
use crate::error::{ErrorKind, Result};
use crate::limits::{Limits, Validator};
use crate::mode::{ValidTable, ValidView};
use crate::table::Table;
use crate::wire::MESSAGE_HEADER_LEN;

/// An evolvable message: a header, a data section of fixed slots in ordinal
/// order, and its children.
///
/// Implemented by `#[derive(zerowire::Message)]`; the methods are the
/// building blocks of the free functions ([`encode`](fn@crate::encode),
/// [`view`](crate::view), [`validate`](fn@crate::validate),
/// [`decode`](crate::decode)) and are not meant to be called directly.
pub trait Message: Sized + 'static {
    /// The type's name, for error messages.
    const NAME: &'static str;
    /// The fields in ordinal order: their names for the JSON side (see
    /// [`meta`](crate::meta)). Empty for types that do not record them.
    const FIELDS: &'static [crate::meta::FieldInfo] = &[];
    /// The number a frame header carries for this type
    /// ([`FrameHeader::type_id`](crate::frame::FrameHeader::type_id)):
    /// `#[zerowire(type_id = N)]`, else [`meta::type_id`](crate::meta::type_id)
    /// of [`NAME`](Message::NAME) (`docs/FORMAT.md`, section 16.11).
    const TYPE_ID: u32 = crate::meta::type_id(Self::NAME);
    /// Length of the data section with every field of this version stored.
    const DATA_LEN: usize;
    /// The borrowed view with one accessor per field.
    type View<'a>: MessageView<'a>;
    /// The validated view (what [`validate`](fn@crate::validate) returns):
    /// its accessors return plain values ([`mode`](crate::mode)).
    type Valid<'a>: ValidView<'a, Self>;
    /// Length of the data section this value needs: one past the last slot
    /// that holds a non-default value (trailing defaults are trimmed).
    fn data_len(&self) -> usize;
    /// Writes every field whose slot lies within `len` bytes of the data
    /// section at `data`, appending children in field order.
    fn write_fields<B: Buffer>(&self, buf: &mut B, data: usize, len: usize);
    /// Bytes of all children.
    fn fields_extra_len(&self) -> usize;
    /// Validates every field the reader knows; `cur` is the end of the
    /// previous child (children must come in field order, disjoint).
    fn validate_fields(t: &Table<'_>, cur: &mut usize, v: &mut Validator) -> Result<()>;
    /// Decodes every field into an owned value, checking what it reads as
    /// [`Message::validate_fields`] does (one pass: validation and
    /// construction together).
    fn decode_fields(t: &Table<'_>, cur: &mut usize, v: &mut Validator) -> Result<Self>;
}

/// The borrowed view of a message: a [`Table`] with typed accessors.
pub trait MessageView<'a>: Copy {
    /// Wraps a table.
    fn from_table(t: Table<'a>) -> Self;
    /// The underlying table.
    fn table(&self) -> Table<'a>;
}

/// Exact encoded size of `m`: what [`encode`] allocates and
/// [`encode_into`] appends.
///
/// ```
/// #[derive(zerowire::Message)]
/// struct Ping { seq: u64, from: String }
///
/// let ping = Ping { seq: 7, from: "edge-1".into() };
/// assert_eq!(zerowire::encoded_len(&ping), zerowire::encode(&ping).len());
/// ```
#[inline]
pub fn encoded_len<M: Message>(m: &M) -> usize {
    MESSAGE_HEADER_LEN + m.data_len() + m.fields_extra_len()
}

/// Appends `m` to `buf`, front to back. With a reused buffer an encode
/// allocates nothing.
///
/// ```
/// #[derive(zerowire::Message)]
/// struct Ping { seq: u64 }
///
/// let mut buf = Vec::new();
/// for seq in 0..3 {
///     buf.clear();
///     zerowire::encode_into(&Ping { seq }, &mut buf);
///     assert_eq!(zerowire::view::<Ping>(&buf)?.seq(), seq);
/// }
/// // Or straight into a `BytesMut`, e.g. after a frame header.
/// let mut out = bytes::BytesMut::new();
/// zerowire::encode_into(&Ping { seq: 9 }, &mut out);
/// assert_eq!(zerowire::decode::<Ping>(&out)?.seq, 9);
/// # Ok::<(), zerowire::Error>(())
/// ```
///
/// # Panics
///
/// If the message exceeds 4 GiB (offsets are `U32`).
#[inline]
pub fn encode_into<M: Message, B: Buffer>(m: &M, buf: &mut B) {
    let start = buf.len();
    let dl = m.data_len();
    buf.put_zeros(MESSAGE_HEADER_LEN + dl);
    // `dl` fits: layouts are limited to 65535 bytes at compile time.
    buf.as_mut_slice()[start + 4..start + 6].copy_from_slice(&(dl as u16).to_le_bytes());
    m.write_fields(buf, start + MESSAGE_HEADER_LEN, dl);
    let size = u32::try_from(buf.len() - start).expect("zerowire: a message cannot exceed 4 GiB");
    buf.as_mut_slice()[start..start + 4].copy_from_slice(&size.to_le_bytes());
}

/// Encodes `m` into a new `Vec` of exactly the right capacity (one
/// allocation).
///
/// ```
/// #[derive(zerowire::Message)]
/// struct Point { x: i32, y: i32 }
///
/// // 6-byte header (size 14, data_len 8), then x and y.
/// assert_eq!(zerowire::encode(&Point { x: 1, y: -2 }), [14, 0, 0, 0, 8, 0, 1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff]);
/// ```
#[inline]
pub fn encode<M: Message>(m: &M) -> Vec<u8> {
    let mut v = Vec::with_capacity(encoded_len(m));
    encode_into(m, &mut v);
    v
}

/// Opens the top-level message in `bytes`: O(1), checks only the header.
#[inline]
pub(crate) fn open_root(bytes: &[u8]) -> Result<Table<'_>> {
    let t = Table::open_message(bytes, 0, 0)?;
    if t.buf().len() != bytes.len() {
        return Err(t.err(ErrorKind::TrailingBytes, t.buf().len()));
    }
    Ok(t)
}

/// Opens the top-level message for the eager tier: size limit, header, and
/// the validator and cursor positioned for its fields. Inlined: returned
/// through memory, the tuple cost more than the checks.
#[inline(always)]
pub(crate) fn open_root_checked<'a>(bytes: &'a [u8], limits: &Limits) -> Result<(Table<'a>, usize, Validator)> {
    if bytes.len() > limits.max_size {
        return Err(crate::Error::new(ErrorKind::SizeLimit, 0));
    }
    let t = open_root(bytes)?;
    let mut v = Validator::for_input(*limits, bytes.len());
    v.enter(&t, 0)?;
    let cur = MESSAGE_HEADER_LEN + t.data_len();
    Ok((t, cur, v))
}

/// Validates the top-level message in `bytes` (eager tier).
pub(crate) fn validate_root<'a, M: Message>(bytes: &'a [u8], limits: &Limits) -> Result<Table<'a>> {
    let (t, mut cur, mut v) = open_root_checked(bytes, limits)?;
    M::validate_fields(&t, &mut cur, &mut v)?;
    Ok(t)
}

/// Decodes the top-level message in `bytes`, checking it as the eager tier
/// does, in one pass.
pub(crate) fn decode_root<M: Message>(bytes: &[u8], limits: &Limits) -> Result<M> {
    let (t, mut cur, mut v) = open_root_checked(bytes, limits)?;
    M::decode_fields(&t, &mut cur, &mut v)
}

/// The [`Child`](crate::field::Child) methods of a message (generated code
/// calls these through `__impl_message_field!`).
pub(crate) mod child {
    use super::*;

    /// Opens the nested message at `at`.
    #[inline]
    pub fn read<'a, M: Message>(t: &Table<'a>, at: usize) -> Result<M::View<'a>> {
        Table::open_message(t.buf(), at, t.base()).map(M::View::from_table)
    }
    /// Opens the validated nested message at `at`.
    ///
    /// # Safety
    ///
    /// `t` must be validated as in [`Field::read_valid`](crate::Field::read_valid)
    /// and `at` a nested message its validation checked with [`validate`].
    #[inline]
    #[allow(unsafe_code)]
    // SAFETY: the caller meets this function's `# Safety` precondition (see the trait's or the doc above); the body reads through bounds-checked `Table` methods and passes the same precondition on to any `unsafe fn` it calls (proof: `mode` module docs).
    pub unsafe fn read_valid<'a, M: Message>(t: &Table<'a>, at: usize) -> M::Valid<'a> {
        // `validate` opened this same message: it opens again.
        let c = Table::open_message(t.buf(), at, t.base()).unwrap_or_else(|_| {
            debug_assert!(false, "a validated nested message opens");
            Table::EMPTY
        });
        // `validate` ran `M::validate_fields` on `c` (the caller's
        // precondition); the empty table has only defaults.
        M::Valid::from_valid(ValidTable::validated(c))
    }
    /// The validated view of an absent message: every field its default.
    #[inline]
    pub fn default_valid<'a, M: Message>() -> M::Valid<'a> {
        // The empty table has no bytes and no references: every read of it
        // is a default, which no validation has to vouch for.
        M::Valid::from_valid(ValidTable::validated(Table::EMPTY))
    }
    /// Validates the nested message at `at`; returns its end.
    pub fn validate<M: Message>(t: &Table<'_>, at: usize, v: &mut Validator) -> Result<usize> {
        let c = Table::open_message(t.buf(), at, t.base())?;
        v.enter(t, at)?;
        let mut cur = MESSAGE_HEADER_LEN + c.data_len();
        M::validate_fields(&c, &mut cur, v)?;
        v.leave();
        Ok(at + c.buf().len())
    }
    /// Decodes the nested message at `at`; sets `end` to its end.
    pub fn decode<M: Message>(t: &Table<'_>, at: usize, end: &mut usize, v: &mut Validator) -> Result<M> {
        let c = Table::open_message(t.buf(), at, t.base())?;
        v.enter(t, at)?;
        let mut cur = MESSAGE_HEADER_LEN + c.data_len();
        // Returned as the callee built it (an error ends the whole decode,
        // so the depth need not be left exactly): no copy of `M` here.
        let m = M::decode_fields(&c, &mut cur, v);
        v.leave();
        *end = at + c.buf().len();
        m
    }
}

/// Implements `Child` and `Field` for a [`Message`] type: a `U32` reference
/// to the nested message; absent when every field is default; lists of it
/// share one stride. Used by generated code.
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_message_field {
    ([$($gen:tt)*] $ty:ty $(where $($bounds:tt)*)?) => {
        impl<$($gen)*> $crate::field::Child for $ty $(where $($bounds)*)? {
            type View<'a> = <$ty as $crate::Message>::View<'a>;
            #[inline]
            fn default_view<'a>() -> <Self as $crate::field::Child>::View<'a> {
                $crate::MessageView::from_table($crate::Table::EMPTY)
            }
            type Valid<'a> = <$ty as $crate::Message>::Valid<'a>;
            #[inline]
            fn default_valid<'a>() -> <Self as $crate::field::Child>::Valid<'a> {
                $crate::__private::child::default_valid::<Self>()
            }
            #[inline]
            // SAFETY: the caller meets this function's `# Safety` precondition (see the trait's or the doc above); the body reads through bounds-checked `Table` methods and passes the same precondition on to any `unsafe fn` it calls (proof: `mode` module docs).
            unsafe fn read_child_valid<'a>(t: &$crate::Table<'a>, at: usize) -> <Self as $crate::field::Child>::Valid<'a> {
                // SAFETY: this function's precondition is `child::read_valid`'s.
                unsafe { $crate::__private::child::read_valid::<Self>(t, at) }
            }
            #[inline]
            fn is_absent_default(&self) -> bool {
                $crate::Message::data_len(self) == 0
            }
            fn decode_absent(v: &mut $crate::__private::Validator) -> $crate::Result<Self> {
                <Self as $crate::Message>::decode_fields(&$crate::Table::EMPTY, &mut 0, v)
            }
            #[inline]
            fn child_len(&self) -> usize {
                $crate::encoded_len(self)
            }
            #[inline]
            fn write_child<__ZwB: $crate::Buffer>(&self, buf: &mut __ZwB) {
                $crate::encode_into(self, buf)
            }
            #[inline]
            fn read_child<'a>(t: &$crate::Table<'a>, at: usize) -> $crate::Result<<Self as $crate::field::Child>::View<'a>> {
                $crate::__private::child::read::<Self>(t, at)
            }
            fn validate_child(
                t: &$crate::Table<'_>,
                at: usize,
                v: &mut $crate::__private::Validator,
            ) -> $crate::Result<usize> {
                $crate::__private::child::validate::<Self>(t, at, v)
            }
            fn decode_child(
                t: &$crate::Table<'_>,
                at: usize,
                end: &mut usize,
                v: &mut $crate::__private::Validator,
            ) -> $crate::Result<Self> {
                $crate::__private::child::decode::<Self>(t, at, end, v)
            }
        }
        $crate::__impl_child_field!(messages; [$($gen)*] $ty $(where $($bounds)*)?);
    };
}

/// Writes the `Message` impl, the view type and the field impls for a plain
/// struct, the way `#[derive(zerowire::Message)]` does: the hand-written
/// reference the derive is checked against (byte-equality tests in
/// `codec/tests/derive_equivalence.rs`, the `derive` benchmark) and a test
/// fixture. Ordinals must be `0, 1, 2, ...` in declaration order. Users
/// write `#[derive(zerowire::Message)]` instead.
#[doc(hidden)]
#[macro_export]
macro_rules! __message {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident view $view:ident {
            $( $(#[$fmeta:meta])* $fvis:vis $field:ident @ $ord:literal : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis struct $name { $( $(#[$fmeta])* $fvis $field: $ty ),* }

        #[doc = concat!("Borrowed view of [`", stringify!($name), "`].")]
        #[derive(Clone, Copy)]
        $vis struct $view<'a, M: $crate::Mode = $crate::Lazy>($crate::mode::ViewTable<'a, $name, M>);

        const _: () = {
            const N: usize = <[usize]>::len(&[$($ord),*]);
            const LAYOUT: $crate::layout::Layout<N> = $crate::layout::layout([$(<$ty as $crate::Field>::SHAPE),*]);
            const _: () = {
                let ords: [usize; N] = [$($ord),*];
                let mut i = 0;
                while i < N {
                    assert!(ords[i] == i, "ordinals must be 0, 1, 2, ... in declaration order");
                    i += 1;
                }
            };

            #[allow(dead_code)]
            impl<'a, M: $crate::Mode> $view<'a, M> {
                $(
                    #[doc = concat!("Reads `", stringify!($field), "`.")]
                    #[inline]
                    pub fn $field(&self) -> <M as $crate::Mode>::Read<'a, $ty> {
                        // SAFETY: for `Validated`, `self.0` is a `ValidTable`
                        // of `$name`, whose `validate_fields` (below) checked
                        // this slot as `$ty`, both from one `LAYOUT`.
                        unsafe { <M as $crate::Mode>::read::<$ty>(&self.0.table(), LAYOUT.slots[$ord]) }
                    }
                )*
            }

            impl<'a> ::core::fmt::Debug for $view<'a, $crate::Lazy> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.debug_struct(stringify!($name))
                        $( .field(stringify!($field), &self.$field()) )*
                        .finish()
                }
            }
            impl<'a> ::core::fmt::Debug for $view<'a, $crate::Validated> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.debug_struct(stringify!($name))
                        $( .field(stringify!($field), &self.$field()) )*
                        .finish()
                }
            }

            impl<'a> $crate::MessageView<'a> for $view<'a> {
                #[inline]
                fn from_table(t: $crate::Table<'a>) -> Self {
                    $view($crate::mode::ViewTable::lazy(t))
                }
                #[inline]
                fn table(&self) -> $crate::Table<'a> {
                    self.0.table()
                }
            }

            impl<'a> $crate::mode::ValidView<'a, $name> for $view<'a, $crate::Validated> {
                #[inline]
                fn from_valid(t: $crate::mode::ValidTable<'a, $name>) -> Self {
                    $view(t)
                }
                #[inline]
                fn valid_table(&self) -> $crate::mode::ValidTable<'a, $name> {
                    self.0
                }
            }

            impl $crate::Message for $name {
                const NAME: &'static str = stringify!($name);
                const FIELDS: &'static [$crate::meta::FieldInfo] = &[$(
                    $crate::meta::FieldInfo {
                        ident: stringify!($field),
                        name: stringify!($field),
                        json_name: stringify!($field),
                        ordinal: $ord,
                        deprecated: false,
                    }
                ),*];
                const DATA_LEN: usize = LAYOUT.data_len;
                type View<'a> = $view<'a>;
                type Valid<'a> = $view<'a, $crate::Validated>;
                #[inline]
                fn data_len(&self) -> usize {
                    let mut len = 0;
                    $(
                        if !$crate::Field::is_default(&self.$field) && LAYOUT.slots[$ord].end() > len {
                            len = LAYOUT.slots[$ord].end();
                        }
                    )*
                    len
                }
                #[inline]
                fn write_fields<B: $crate::Buffer>(&self, buf: &mut B, data: usize, len: usize) {
                    let _ = (&buf, data, len);
                    $(
                        if LAYOUT.slots[$ord].end() <= len {
                            $crate::Field::write(&self.$field, buf, data, LAYOUT.slots[$ord]);
                        }
                    )*
                }
                #[inline]
                fn fields_extra_len(&self) -> usize {
                    0 $( + $crate::Field::extra_len(&self.$field) )*
                }
                fn validate_fields(
                    t: &$crate::Table<'_>,
                    cur: &mut usize,
                    v: &mut $crate::__private::Validator,
                ) -> $crate::Result<()> {
                    let _ = (&t, &cur, &v);
                    $(
                        <$ty as $crate::Field>::validate(t, LAYOUT.slots[$ord], cur, v)
                            .map_err(|e| e.in_field(stringify!($name), stringify!($field)))?;
                    )*
                    ::core::result::Result::Ok(())
                }
                fn decode_fields(
                    t: &$crate::Table<'_>,
                    cur: &mut usize,
                    v: &mut $crate::__private::Validator,
                ) -> $crate::Result<Self> {
                    let _ = (&t, &cur, &v);
                    ::core::result::Result::Ok($name {
                        $(
                            $field: <$ty as $crate::Field>::decode(t, LAYOUT.slots[$ord], cur, v)
                                .map_err(|e| e.in_field(stringify!($name), stringify!($field)))?,
                        )*
                    })
                }
            }

            $crate::__impl_message_field!([] $name);
        };
    };
}
