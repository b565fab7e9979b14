//! The on-wire building blocks: the message header and varints.
//!
//! Every multi-byte value is little-endian and has alignment 1, so a message
//! can be read where it lies, at any address.

use zerocopy::byteorder::little_endian::{U16, U32};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::error::{Error, ErrorKind, Result};

/// The 6-byte header that starts every message.
///
/// Guarantees (from its derives): any 6 bytes are a valid header
/// (`FromBytes`), it has no padding (`IntoBytes`) and alignment 1
/// (`Unaligned`), so it can be read from any offset of any buffer.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
pub struct MessageHeader {
    /// Bytes of the whole message: header, data section and all children.
    pub size: U32,
    /// Bytes of the data section that follows the header.
    pub data_len: U16,
}

/// Length of [`MessageHeader`].
pub const MESSAGE_HEADER_LEN: usize = 6;

/// A top-level input declaring more than this many times its own length
/// (and more than [`IMPLAUSIBLE_MIN`] bytes) is not taken for a truncated
/// message: see [`oversize_kind`].
pub const IMPLAUSIBLE_RATIO: u64 = 1024;
/// See [`IMPLAUSIBLE_RATIO`]: 64 KiB.
pub const IMPLAUSIBLE_MIN: u64 = 64 * 1024;

/// The error for a message header that declares `size` bytes (and a
/// `data_len`-byte data section) where only `have` bytes are there
/// (`size > have`): [`ErrorKind::NotAMessage`] for a top-level (`root`)
/// message whose header contradicts itself (`6 + data_len > size`) or whose
/// size is more than [`IMPLAUSIBLE_RATIO`] times the input and more than
/// [`IMPLAUSIBLE_MIN`], which no truncation explains (`hello world` read as
/// a header declares 1,819,043,176 bytes); [`ErrorKind::SizeExceedsInput`]
/// otherwise. Every reader of headers (views, validation, decoding, the
/// run-time codec) classifies with this one rule.
///
/// ```
/// use zerowire::ErrorKind;
/// use zerowire::wire::oversize_kind;
///
/// assert_eq!(oversize_kind(48, 8, 19, true), ErrorKind::SizeExceedsInput { size: 48, have: 19 });
/// assert_eq!(oversize_kind(1_819_043_176, 8303, 11, true), ErrorKind::NotAMessage { size: 1_819_043_176, have: 11 });
/// // A child that overruns its parent is a corrupt message, not a foreign one.
/// assert_eq!(oversize_kind(1 << 30, 8, 40, false), ErrorKind::SizeExceedsInput { size: 1 << 30, have: 40 });
/// ```
pub fn oversize_kind(size: u64, data_len: u64, have: u64, root: bool) -> ErrorKind {
    let inconsistent = MESSAGE_HEADER_LEN as u64 + data_len > size;
    let too_large = size > have.saturating_mul(IMPLAUSIBLE_RATIO).max(IMPLAUSIBLE_MIN);
    if root && (inconsistent || too_large) {
        ErrorKind::NotAMessage { size, have }
    } else {
        ErrorKind::SizeExceedsInput { size, have }
    }
}

/// Length of a reference slot.
pub const REF_LEN: usize = 4;

/// Zeros that reads of trimmed slots borrow from: a slot past the stored data
/// reads as zero bytes, which is the default of every field.
pub(crate) static ZEROS: [u8; 65536] = [0; 65536];

/// Bytes taken by `v` as a varint (LEB128, 7 bits a byte, low bits first).
#[inline]
pub const fn varint_len(v: u32) -> usize {
    match v {
        0..0x80 => 1,
        0x80..0x4000 => 2,
        0x4000..0x20_0000 => 3,
        0x20_0000..0x1000_0000 => 4,
        _ => 5,
    }
}

/// Appends `v` as a varint to `out`.
#[inline]
pub fn put_varint(out: &mut impl crate::buffer::Buffer, mut v: u32) {
    if v < 0x80 {
        return out.put_u8(v as u8);
    }
    let mut tmp = [0u8; 5];
    let mut n = 0;
    while v >= 0x80 {
        tmp[n] = (v as u8) | 0x80;
        v >>= 7;
        n += 1;
    }
    tmp[n] = v as u8;
    out.put_slice(&tmp[..=n]);
}

/// Reads a varint at `buf[at..]`; returns the value and its length.
/// `base` is the absolute offset of `buf[0]`, for the error.
#[inline]
pub fn get_varint(buf: &[u8], at: usize, base: usize) -> Result<(u32, usize)> {
    // One-byte fast path: nearly every length and count is < 128; two bytes
    // (< 16,384: most list counts) take one more compare. The second byte
    // must not be 0, which would make the encoding overlong.
    match buf.get(at) {
        Some(&b) if b < 0x80 => Ok((b as u32, 1)),
        Some(&b) => match buf.get(at + 1) {
            Some(&c) if c < 0x80 && c != 0 => Ok((u32::from(b & 0x7f) | u32::from(c) << 7, 2)),
            _ => get_varint_slow(buf, at, base),
        },
        None => Err(Error::new(ErrorKind::Truncated { need: 1, have: 0 }, base + at)),
    }
}

#[cold]
fn get_varint_slow(buf: &[u8], at: usize, base: usize) -> Result<(u32, usize)> {
    let mut v: u64 = 0;
    for i in 0..5 {
        let Some(&b) = buf.get(at + i) else {
            return Err(Error::new(ErrorKind::Truncated { need: i as u64 + 1, have: i as u64 }, base + at));
        };
        v |= ((b & 0x7f) as u64) << (7 * i);
        if b == 0 {
            // An overlong encoding (a final zero byte after a continuation):
            // rejected so that every value has one length, which the eager
            // tier relies on to compute where a child ends.
            return Err(Error::new(ErrorKind::BadVarint, base + at));
        }
        if b < 0x80 {
            return u32::try_from(v).map(|v| (v, i + 1)).map_err(|_| Error::new(ErrorKind::BadVarint, base + at));
        }
    }
    Err(Error::new(ErrorKind::BadVarint, base + at))
}

/// Reads the `U16` at `buf[at..at + 2]`, if it is there.
#[inline]
pub(crate) fn get_u16(buf: &[u8], at: usize) -> Option<u16> {
    let b = buf.get(at..at.checked_add(2)?)?;
    U16::read_from_bytes(b).ok().map(U16::get)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_round_trip_at_every_boundary() {
        for v in [0, 1, 127, 128, 16383, 16384, 0x1f_ffff, 0x20_0000, 0x0fff_ffff, 0x1000_0000, u32::MAX] {
            let mut out = Vec::new();
            put_varint(&mut out, v);
            assert_eq!(out.len(), varint_len(v), "{v}");
            assert_eq!(get_varint(&out, 0, 0).unwrap(), (v, out.len()));
        }
    }

    #[test]
    fn varint_rejects_overflow_and_truncation() {
        // 2^32 needs 33 bits.
        let e = get_varint(&[0x80, 0x80, 0x80, 0x80, 0x10], 0, 7).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::BadVarint, 7));
        let e = get_varint(&[0xff, 0xff, 0xff, 0xff, 0xff, 0x01], 0, 0).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadVarint);
        // Overlong: 1 written in two bytes.
        let e = get_varint(&[0x81, 0x00], 0, 0).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadVarint);
        let e = get_varint(&[0x80, 0x80], 0, 0).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Truncated { .. }));
    }

    #[test]
    fn fast_paths_agree_with_the_general_reader_on_every_two_byte_input() {
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                for input in [&[a, b][..], &[a, b, 0x01]] {
                    let fast = get_varint(input, 0, 3).map_err(|e| (e.kind(), e.offset()));
                    let slow = if a < 0x80 {
                        Ok((u32::from(a), 1))
                    } else {
                        get_varint_slow(input, 0, 3).map_err(|e| (e.kind(), e.offset()))
                    };
                    assert_eq!(fast, slow, "{input:?}");
                }
            }
        }
    }

    #[test]
    fn header_reads_at_any_address() {
        let mut buf = [0u8; 16];
        for shift in 0..8 {
            buf[shift..shift + 6].copy_from_slice(&[10, 0, 0, 0, 3, 0]);
            let (h, _) = MessageHeader::read_from_prefix(&buf[shift..]).unwrap();
            assert_eq!((h.size.get(), h.data_len.get()), (10, 3));
        }
    }
}
