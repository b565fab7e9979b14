//! The untyped reading layer: the eager tier's steps on bytes whose types
//! are known only at run time (a schema read by `zerowire-schema`'s dynamic
//! codec), as capnp's dynamic reader walks its `StructReader`.
//!
//! Each step here is the one the typed code takes for the same wire form, so
//! a driver that walks a schema with these functions gives the derive's
//! verdict, error kind and offset on every input. Not a stable API: it
//! exists for `zerowire-schema`.

use crate::error::{ErrorKind, Result};
use crate::layout::Slot;
use crate::limits::{self, Validator};
use crate::list::Elements;
use crate::table::Table;
use crate::wire::{self, MESSAGE_HEADER_LEN};

pub use crate::limits::check_target;
pub use crate::scalar::struct_invalid;
pub use crate::union::validate_unknown;

/// Opens the top-level message for the eager tier: the size limit, the
/// header, no trailing bytes, depth 1. Returns the message's table, the
/// cursor after its data section and the validator for its fields.
pub fn open_root<'a>(bytes: &'a [u8], limits: &crate::Limits) -> Result<(Table<'a>, usize, Validator)> {
    crate::message::open_root_checked(bytes, limits)
}

/// Validates the header of the nested message at `at` of `t`'s region and
/// enters its level: returns its table and the cursor after its data
/// section. The caller validates its fields, then calls
/// [`Validator::leave`]; the message ends at `at + table.buf().len()`.
pub fn enter_message<'a>(t: &Table<'a>, at: usize, v: &mut Validator) -> Result<(Table<'a>, usize)> {
    let c = Table::open_message(t.buf(), at, t.base())?;
    v.enter(t, at)?;
    let cur = MESSAGE_HEADER_LEN + c.data_len();
    Ok((c, cur))
}

/// The string child at `at`, checked to be UTF-8, and its end.
pub fn string<'a>(t: &Table<'a>, at: usize) -> Result<(&'a str, usize)> {
    crate::field::str_and_end(t, at)
}

/// The byte string child at `at` and its end, counted as one level of
/// nesting (a `bytes` child is a list of `u8` on the wire, whichever Rust
/// type holds it).
pub fn bytes<'a>(t: &Table<'a>, at: usize, v: &mut Validator) -> Result<(&'a [u8], usize)> {
    v.enter(t, at)?;
    let found = t.bytes_and_end(at)?;
    v.leave();
    Ok(found)
}

/// A list of fixed-size scalars of `size` bytes each at `at`: its elements'
/// bytes (checked to fit `t`'s region) and its first element's position.
pub fn scalar_list<'a>(t: &Table<'a>, at: usize, size: usize) -> Result<(&'a [u8], usize)> {
    let (n, l) = wire::get_varint(t.buf(), at, t.base())?;
    let start = at + l;
    let end = limits::check_list(t, start, n, size)?;
    match t.buf().get(start..end) {
        Some(b) => Ok((b, start)),
        None => Err(t.err(ErrorKind::ListTooLong, start)),
    }
}

/// The element array of a slot list (`count` slots of `stride` bytes), a
/// list of messages or a map (`count`, `U16` stride, elements).
#[derive(Clone, Copy, Debug)]
pub struct Array<'a>(Elements<'a>);

impl<'a> Array<'a> {
    /// Opens a slot list at `at` whose slots are `stride` bytes.
    pub fn slots(t: &Table<'a>, at: usize, stride: usize) -> Result<Self> {
        let (n, l) = wire::get_varint(t.buf(), at, t.base())?;
        Elements::new(t, at + l, n, stride).map(Array)
    }

    /// Opens a list of messages or a map body at `at`.
    pub fn strided(t: &Table<'a>, at: usize) -> Result<Self> {
        Elements::open_strided(t, at).map(Array)
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the array has no element.
    pub fn is_empty(&self) -> bool {
        self.0.len() == 0
    }

    /// The data section of element `i` (`i < len()`).
    pub fn elem(&self, i: usize) -> Table<'a> {
        self.0.elem(i)
    }

    /// The first byte after the elements, where their children start.
    pub fn end(&self) -> usize {
        self.0.end()
    }
}

/// The payload section of `len` bytes of a union arm that is not a lone
/// reference, checked as [`Arm::validate`](crate::union::Arm::validate)
/// checks it; `None` if the union's reference is absent. Moves `cur` past
/// the section.
pub fn union_payload<'a>(t: &Table<'a>, slot: Slot, len: usize, cur: &mut usize) -> Result<Option<Table<'a>>> {
    crate::union::payload_checked(t, slot, len, cur)
}

/// The reference slot of a union slot: the union's `U32` after its tag.
pub fn union_ref(slot: Slot) -> Slot {
    Slot::bytes_at(slot.off + 2, 4)
}

/// Checks a fixed-size value's wire bytes found at `at` of `t`'s region:
/// `valid` is the verdict of the value's type, `kind` its error.
pub fn check_scalar(t: &Table<'_>, at: usize, valid: bool, kind: ErrorKind) -> Result<()> {
    if valid { Ok(()) } else { Err(t.err(kind, at)) }
}

/// The error for map entries whose keys are not in strictly increasing
/// order, found at entry `e`.
pub fn map_key_order(t: &Table<'_>, e: &Table<'_>) -> crate::Error {
    t.err(ErrorKind::MapKeyOrder, e.data())
}

/// The error for a reference whose type cannot be read as a child (a schema
/// that names a scalar where a reference belongs).
pub fn not_a_child(t: &Table<'_>, at: usize) -> crate::Error {
    t.err(ErrorKind::OutOfBounds, at)
}
