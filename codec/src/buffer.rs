//! Writing messages front to back: [`Buffer`], the output buffer the
//! encoder appends to, and the slot-level writes generated code calls
//! (through `__private`).
//!
//! A message is written as header, zeroed data section, then its children in
//! field order. A reference slot is back-patched once its child is written,
//! so the encoder never moves bytes and never walks the value twice (except
//! for the optional exact size pre-computation that lets one encode allocate
//! once).

use crate::layout::Slot;

/// A growable byte buffer the encoder appends to and back-patches.
///
/// Implemented for `Vec<u8>` and `bytes::BytesMut`; sealed because the
/// encoder relies on `len` counting exactly the bytes written so far.
pub trait Buffer: sealed::Sealed {
    /// Bytes written so far.
    fn len(&self) -> usize;
    /// Whether nothing was written.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Appends `bytes`.
    fn put_slice(&mut self, bytes: &[u8]);
    /// Appends one byte (no `memcpy` call for the one-byte lengths and
    /// counts that nearly every string and list starts with).
    fn put_u8(&mut self, b: u8);
    /// Appends `n` zero bytes.
    fn put_zeros(&mut self, n: usize);
    /// Reserves room for `n` more bytes.
    fn reserve(&mut self, n: usize);
    /// The bytes written so far, for back-patching.
    fn as_mut_slice(&mut self) -> &mut [u8];
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for Vec<u8> {}
    impl Sealed for bytes::BytesMut {}
}

impl Buffer for Vec<u8> {
    #[inline]
    fn len(&self) -> usize {
        Vec::len(self)
    }
    #[inline]
    fn put_slice(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes)
    }
    #[inline]
    fn put_u8(&mut self, b: u8) {
        self.push(b)
    }
    #[inline]
    fn put_zeros(&mut self, n: usize) {
        self.resize(Vec::len(self) + n, 0)
    }
    #[inline]
    fn reserve(&mut self, n: usize) {
        Vec::reserve(self, n)
    }
    #[inline]
    fn as_mut_slice(&mut self) -> &mut [u8] {
        self
    }
}

impl Buffer for bytes::BytesMut {
    #[inline]
    fn len(&self) -> usize {
        bytes::BytesMut::len(self)
    }
    #[inline]
    fn put_slice(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes)
    }
    #[inline]
    fn put_u8(&mut self, b: u8) {
        bytes::BufMut::put_u8(self, b)
    }
    #[inline]
    fn put_zeros(&mut self, n: usize) {
        self.resize(bytes::BytesMut::len(self) + n, 0)
    }
    #[inline]
    fn reserve(&mut self, n: usize) {
        bytes::BytesMut::reserve(self, n)
    }
    #[inline]
    fn as_mut_slice(&mut self) -> &mut [u8] {
        self
    }
}

/// Writes `bytes` into the byte slot `slot` of the data section at `data`.
#[inline]
pub fn put_slot<B: Buffer>(buf: &mut B, data: usize, slot: Slot, bytes: &[u8]) {
    let at = data + slot.off as usize;
    buf.as_mut_slice()[at..at + bytes.len()].copy_from_slice(bytes);
}

/// Sets the bit of `slot` in the data section at `data`.
#[inline]
pub fn set_bit<B: Buffer>(buf: &mut B, data: usize, slot: Slot) {
    buf.as_mut_slice()[data + slot.bit_byte as usize] |= 1 << slot.bit;
}

/// Makes the reference stored at absolute position `at` point to the current
/// end of the buffer, where the caller is about to write the child.
///
/// # Panics
///
/// If the distance exceeds `u32::MAX`: a single message is limited to 4 GiB.
#[inline]
pub fn patch_ref_here<B: Buffer>(buf: &mut B, at: usize) {
    let off = u32::try_from(buf.len() - at).expect("zerowire: a message cannot exceed 4 GiB");
    buf.as_mut_slice()[at..at + 4].copy_from_slice(&off.to_le_bytes());
}
