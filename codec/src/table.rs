//! `Table`: the untyped view of one data section, with the O(1) slot reads
//! every generated accessor is made of.

use zerocopy::FromBytes;
use zerocopy::byteorder::little_endian::U16;

use crate::error::{Error, ErrorKind, Result};
use crate::layout::Slot;
use crate::wire::{self, MESSAGE_HEADER_LEN, MessageHeader, ZEROS};

/// A data section inside a bounded region of bytes.
///
/// `buf` is the region every reference of this table must stay inside (the
/// message itself, or the message that contains a list of messages); `data`
/// locates the data section in it and `sec` is the data section itself,
/// `buf[data..data + sec.len()]`; `base` is the absolute offset of `buf[0]`
/// in the outermost buffer, used only for error offsets.
///
/// Invariant (established by every constructor): `sec` is
/// `buf[data..data + sec.len()]`. Slots are read from `sec`, so one bounds
/// check per read (`sec.get(off..off + n)`) is both the check that the slot
/// was stored and the check that it is in memory. Reads of a slot that ends
/// past the stored data return zeros, the default of every field: that is
/// how a reader meets data written by an older schema.
#[derive(Clone, Copy, Debug)]
pub struct Table<'a> {
    buf: &'a [u8],
    base: usize,
    data: usize,
    sec: &'a [u8],
}

impl<'a> Table<'a> {
    /// The table of an absent message: every field reads as its default.
    pub const EMPTY: Table<'static> = Table { buf: &[], base: 0, data: 0, sec: &[] };

    /// A table whose data section is `buf[data..data + len]`, or `None` if
    /// that range is not inside `buf`.
    #[inline]
    pub fn new(buf: &'a [u8], base: usize, data: usize, len: usize) -> Option<Self> {
        let sec = buf.get(data..data.checked_add(len)?)?;
        Some(Table { buf, base, data, sec })
    }

    /// Opens the message that starts at `buf[at..]`: checks its header
    /// against the bytes available and returns its table, whose region is the
    /// message's own bytes. O(1).
    #[inline]
    pub fn open_message(buf: &'a [u8], at: usize, base: usize) -> Result<Self> {
        let rest = buf.get(at..).unwrap_or(&[]);
        let Ok((h, _)) = MessageHeader::read_from_prefix(rest) else {
            return Err(Error::new(
                ErrorKind::Truncated { need: MESSAGE_HEADER_LEN as u64, have: rest.len() as u64 },
                base + at,
            ));
        };
        let size = h.size.get() as usize;
        let data_len = h.data_len.get() as usize;
        if size > rest.len() {
            let root = at == 0 && base == 0;
            let kind = crate::wire::oversize_kind(size as u64, data_len as u64, rest.len() as u64, root);
            return Err(Error::new(kind, base + at));
        }
        if MESSAGE_HEADER_LEN + data_len > size {
            return Err(Error::new(ErrorKind::BadMessageSize, base + at));
        }
        let buf = &rest[..size];
        // In range: `MESSAGE_HEADER_LEN + data_len <= size` was checked above.
        let sec = buf.get(MESSAGE_HEADER_LEN..MESSAGE_HEADER_LEN + data_len).unwrap_or(&[]);
        Ok(Table { buf, base: base + at, data: MESSAGE_HEADER_LEN, sec })
    }

    /// The bounding region.
    #[inline]
    pub fn buf(&self) -> &'a [u8] {
        self.buf
    }
    /// Absolute offset of `buf()[0]` in the outermost buffer.
    #[inline]
    pub fn base(&self) -> usize {
        self.base
    }
    /// Offset of the data section in `buf()`.
    #[inline]
    pub fn data(&self) -> usize {
        self.data
    }
    /// Stored length of the data section (may be shorter than the reader's
    /// schema: missing slots read as defaults).
    #[inline]
    pub fn data_len(&self) -> usize {
        self.sec.len()
    }

    /// An error of `kind` at position `at` of this table's region.
    /// Inlined (the error itself is made by the cold `Error::new`): a call
    /// taking `&self` would make every caller keep its table in memory for
    /// the error path, stores paid on every successful read.
    #[inline(always)]
    pub fn err(&self, kind: ErrorKind, at: usize) -> Error {
        Error::new(kind, self.base + at)
    }

    /// The bytes of a byte slot, or zeros if the slot is past the stored data.
    #[inline(always)]
    pub fn slot_bytes(&self, slot: Slot) -> &'a [u8] {
        let (off, n) = (slot.off as usize, slot.bytes as usize);
        self.sec.get(off..off + n).unwrap_or(&ZEROS[..n])
    }

    /// The `N` bytes of a fixed-size slot, zeros if past the stored data.
    #[inline(always)]
    pub fn slot_array<const N: usize>(&self, off: usize) -> [u8; N] {
        match self.sec.get(off..off + N).map(<[u8; N]>::try_from) {
            Some(Ok(b)) => b,
            _ => [0u8; N],
        }
    }

    /// The bit of `slot`; false if past the stored data.
    #[inline(always)]
    pub fn bit(&self, slot: Slot) -> bool {
        let at = slot.bit_byte as usize;
        self.sec.get(at).is_some_and(|b| b & (1 << slot.bit) != 0)
    }

    /// The `U16` tag at the start of a union slot.
    #[inline]
    pub fn union_tag(&self, slot: Slot) -> u16 {
        U16::from_bytes(self.slot_array::<2>(slot.off as usize)).get()
    }

    /// Where the reference of `slot` points, as a position in `buf()`;
    /// `None` if the reference is absent (0 or past the stored data).
    ///
    /// The target is not bounds-checked here: whoever reads the child does.
    #[inline(always)]
    pub fn ref_target(&self, slot: Slot) -> Option<usize> {
        let at = slot.off as usize + slot.bytes as usize - 4;
        let v = u32::from_le_bytes(self.slot_array::<4>(at));
        if v == 0 { None } else { (self.data + at).checked_add(v as usize) }
    }

    /// Reads a varint-prefixed byte string at `buf()[at..]`.
    #[inline]
    pub fn bytes_at(&self, at: usize) -> Result<&'a [u8]> {
        self.bytes_and_end(at).map(|(b, _)| b)
    }

    /// Reads a varint-prefixed byte string at `buf()[at..]` and returns it
    /// with the position of the first byte after it (what the eager tier
    /// needs, without re-deriving the prefix length).
    #[inline]
    pub fn bytes_and_end(&self, at: usize) -> Result<(&'a [u8], usize)> {
        // Read from the rest of the region, so that one compare
        // (`l + n <= rest.len()`) bounds the string: fewer instructions
        // than bounding `start..start + n` in the whole region (callgrind).
        // (`l + n` can wrap only on 32-bit targets; the range is then
        // reversed and `get` refuses it.)
        let rest = self.buf.get(at..).unwrap_or(&[]);
        let (n, l) = wire::get_varint(rest, 0, self.base + at)?;
        match rest.get(l..l.wrapping_add(n as usize)) {
            Some(b) => Ok((b, at + l + b.len())),
            None => {
                Err(self.err(ErrorKind::Truncated { need: n as u64, have: rest.len().saturating_sub(l) as u64 }, at))
            }
        }
    }
}
