//! Unions (one-of): a `U16` tag and a `U32` reference in one 6-byte slot.
//!
//! Tag 0 means "no arm" (an unset optional union, or data written before
//! the field existed); arm `i` (declaration order) has tag `i + 1`. The
//! reference points to the arm's payload: directly to the child for an arm
//! whose type is a reference (message, string, list, map), or to a small
//! data section holding the arm's value for a scalar arm. A unit arm has no
//! payload. A reader that does not know a tag keeps the number (the
//! generated enum's `Unknown(u16)` arm) and skips the payload.

use crate::buffer::{self, Buffer};
use crate::error::{ErrorKind, Result};
use crate::field::Field;
use crate::layout::{Layout, Shape, Slot, layout};
use crate::limits::{self, Validator};
use crate::table::Table;

/// Writes `tag` into a union slot.
#[inline]
pub fn write_tag<B: Buffer>(buf: &mut B, data: usize, slot: Slot, tag: u16) {
    buffer::put_slot(buf, data, Slot::bytes_at(slot.off, 2), &tag.to_le_bytes());
}

/// Reads the tag of a union slot (0 past the stored data).
#[inline]
pub fn read_tag(t: &Table<'_>, slot: Slot) -> u16 {
    t.union_tag(slot)
}

/// Validates the payload of a tag this reader does not know: its reference
/// (if any) must be in order and in bounds; its bytes are skipped.
pub fn validate_unknown(t: &Table<'_>, slot: Slot, cur: &mut usize) -> Result<()> {
    if let Some(at) = t.ref_target(slot) {
        limits::check_target(t, slot, at, *cur)?;
        // The payload is at least one byte; its extent is unknown to this
        // reader, so the next child only has to start after its first byte.
        *cur = at + 1;
    }
    Ok(())
}

/// The error for a tag that a union without an `Unknown` arm cannot hold.
pub fn unknown_tag(t: &Table<'_>, slot: Slot, tag: u16) -> crate::Error {
    t.err(ErrorKind::UnknownTag(tag), t.data() + slot.off as usize)
}

/// What the default-arm rule reads of one arm of a union (the unknown arm
/// is not one of them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArmMarks {
    /// The arm is marked as the default (`#[zerowire(default)]`, a
    /// schema's `[default]`).
    pub default: bool,
    /// The arm holds no value.
    pub unit: bool,
}

/// The default arm of a union, as an index into `arms` (declaration order):
/// the arm marked default, else the first unit arm, else the first arm.
/// The default arm is what an absent union decodes as, so it is written as
/// tag 0 and trimmed. The derive and the schema compiler both decide with
/// this one function (the derive at compile time, in a `const`).
pub const fn default_arm(arms: &[ArmMarks]) -> usize {
    let mut i = 0;
    while i < arms.len() {
        if arms[i].default {
            return i;
        }
        i += 1;
    }
    let mut i = 0;
    while i < arms.len() {
        if arms[i].unit {
            return i;
        }
        i += 1;
    }
    0
}

/// How an arm of type `T` is stored behind the union's reference.
pub struct Arm<T>(core::marker::PhantomData<fn() -> T>);

impl<T: Field> Arm<T> {
    /// Whether `T` is itself a lone reference: then the union's reference is
    /// `T`'s reference and no payload section is needed.
    const DIRECT: bool = matches!(T::SHAPE, Shape { bytes: 4, bit: false, is_ref: true });
    /// The payload section of a scalar arm.
    const PAYLOAD: Layout<1> = layout([T::SHAPE]);

    #[inline]
    fn ref_slot(slot: Slot) -> Slot {
        crate::untyped::union_ref(slot)
    }

    /// Writes `tag` and the arm's value.
    pub fn write<B: Buffer>(v: &T, buf: &mut B, data: usize, slot: Slot, tag: u16) {
        write_tag(buf, data, slot, tag);
        if Self::DIRECT {
            v.write(buf, data, Self::ref_slot(slot));
        } else {
            buffer::patch_ref_here(buf, slot.ref_pos(data));
            let start = buf.len();
            buf.put_zeros(Self::PAYLOAD.data_len);
            v.write(buf, start, Self::PAYLOAD.slots[0]);
        }
    }

    /// Out-of-line bytes of the arm's value.
    pub fn extra_len(v: &T) -> usize {
        if Self::DIRECT { v.extra_len() } else { Self::PAYLOAD.data_len + v.extra_len() }
    }

    fn payload<'a>(t: &Table<'a>, slot: Slot) -> Option<Table<'a>> {
        let at = t.ref_target(slot)?;
        Table::new(t.buf(), t.base(), at, Self::PAYLOAD.data_len)
    }

    /// Reads the arm's value (lazy tier: a payload out of bounds reads as
    /// the default, as any missing scalar does).
    pub fn read<'a>(t: &Table<'a>, slot: Slot) -> T::Read<'a> {
        if Self::DIRECT {
            T::read(t, Self::ref_slot(slot))
        } else {
            T::read(&Self::payload(t, slot).unwrap_or(Table::EMPTY), Self::PAYLOAD.slots[0])
        }
    }

    /// Reads the arm's value in mode `M` (for [`Lazy`](crate::mode::Lazy),
    /// [`Arm::read`]).
    ///
    /// # Safety
    ///
    /// For [`Validated`](crate::mode::Validated): as
    /// [`Field::read_valid`], for a union slot whose validation checked this
    /// arm with [`Arm::validate`] (its tag is this arm's).
    #[inline]
    #[allow(unsafe_code)]
    // SAFETY: the caller meets this function's `# Safety` precondition (see the trait's or the doc above); the body reads through bounds-checked `Table` methods and passes the same precondition on to any `unsafe fn` it calls (proof: `mode` module docs).
    pub unsafe fn read_in<'a, M: crate::mode::Mode>(t: &Table<'a>, slot: Slot) -> M::Read<'a, T> {
        if Self::DIRECT {
            // SAFETY: `validate` checked `ref_slot(slot)` as `T`.
            unsafe { M::read::<T>(t, Self::ref_slot(slot)) }
        } else {
            // A validated payload is in bounds (`validate` opened it with
            // this same `Table::new`); were it not, the defaults.
            let p = Self::payload(t, slot).unwrap_or(Table::EMPTY);
            // SAFETY: `validate` opened this payload table the same way and
            // checked its slot `PAYLOAD.slots[0]` as `T` (the empty table, an
            // absent payload, has no slot to read: every read is a default).
            unsafe { M::read::<T>(&p, Self::PAYLOAD.slots[0]) }
        }
    }

    /// Validates the arm's value.
    pub fn validate(t: &Table<'_>, slot: Slot, cur: &mut usize, v: &mut Validator) -> Result<()> {
        if Self::DIRECT {
            return T::validate(t, Self::ref_slot(slot), cur, v);
        }
        match payload_checked(t, slot, Self::PAYLOAD.data_len, cur)? {
            Some(p) => T::validate(&p, Self::PAYLOAD.slots[0], cur, v),
            None => Ok(()),
        }
    }

    /// Decodes the arm's value (checking it as [`Arm::validate`] does).
    pub fn decode(t: &Table<'_>, slot: Slot, cur: &mut usize, v: &mut Validator) -> Result<T> {
        if Self::DIRECT {
            return T::decode(t, Self::ref_slot(slot), cur, v);
        }
        match payload_checked(t, slot, Self::PAYLOAD.data_len, cur)? {
            Some(p) => T::decode(&p, Self::PAYLOAD.slots[0], cur, v),
            None => T::decode(&Table::EMPTY, Self::PAYLOAD.slots[0], &mut 0, v),
        }
    }
}

/// The payload section of `len` bytes behind a union's reference, checked
/// in order and in bounds, with `cur` moved past it; `None` if the
/// reference is absent.
pub(crate) fn payload_checked<'a>(t: &Table<'a>, slot: Slot, len: usize, cur: &mut usize) -> Result<Option<Table<'a>>> {
    let Some(at) = t.ref_target(slot) else { return Ok(None) };
    limits::check_target(t, slot, at, *cur)?;
    let Some(p) = Table::new(t.buf(), t.base(), at, len) else {
        return Err(t.err(ErrorKind::OutOfBounds, at));
    };
    *cur = at + len;
    Ok(Some(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn marks(default: bool, unit: bool) -> ArmMarks {
        ArmMarks { default, unit }
    }

    #[test]
    fn default_arm_is_marked_then_first_unit_then_first() {
        assert_eq!(default_arm(&[marks(false, false), marks(false, true), marks(true, false)]), 2);
        assert_eq!(default_arm(&[marks(false, false), marks(false, true), marks(false, true)]), 1);
        assert_eq!(default_arm(&[marks(false, false), marks(false, false)]), 0);
        assert_eq!(default_arm(&[]), 0);
        // Evaluated at compile time, as derived unions use it.
        const D: usize = default_arm(&[marks(false, true), marks(true, true)]);
        assert_eq!(D, 1);
    }
}
