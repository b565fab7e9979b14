//! Where each field lives in a data section: slot allocation in ordinal order.
//!
//! The allocation runs in `const` context so that generated code (and generic
//! messages) get their slot offsets as compile-time constants, and so that a
//! data section that would overflow its `U16` length is a compile error.

/// What a field needs in the data section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Bytes of the slot (0 for a plain `bool`).
    pub bytes: u16,
    /// Whether the field needs one bit (a `bool`, or the presence bit of an
    /// optional scalar).
    pub bit: bool,
    /// Whether the slot's bytes hold a `U32` reference to out-of-line data
    /// (a reference is always the last 4 bytes of its slot).
    pub is_ref: bool,
}

impl Shape {
    /// A fixed-size scalar of `bytes` bytes.
    pub const fn scalar(bytes: u16) -> Shape {
        Shape { bytes, bit: false, is_ref: false }
    }
    /// A single bit.
    pub const BIT: Shape = Shape { bytes: 0, bit: true, is_ref: false };
    /// A `U32` reference.
    pub const REF: Shape = Shape { bytes: 4, bit: false, is_ref: true };
    /// A union: `U16` tag followed by a `U32` reference.
    pub const UNION: Shape = Shape { bytes: 6, bit: false, is_ref: true };
    /// The same shape plus a presence bit.
    pub const fn with_bit(self) -> Shape {
        Shape { bytes: self.bytes, bit: true, is_ref: self.is_ref }
    }
}

/// Where a field lives: its byte slot and (if it has one) its bit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    /// Offset of the first byte of the slot from the start of the data section.
    pub off: u16,
    /// Size of the byte slot.
    pub bytes: u16,
    /// Byte (from the start of the data section) that holds the bit.
    pub bit_byte: u16,
    /// Bit index (0 = least significant) within `bit_byte`.
    pub bit: u8,
    /// Whether the slot has a bit at all.
    pub has_bit: bool,
}

impl Slot {
    /// A plain byte slot at `off` with no bit (used for list elements and
    /// union payloads).
    pub const fn bytes_at(off: u16, bytes: u16) -> Slot {
        Slot { off, bytes, bit_byte: 0, bit: 0, has_bit: false }
    }

    /// The data length a writer must keep for this slot to be stored: one
    /// past its last byte (its bit byte included).
    pub const fn end(&self) -> usize {
        // A bit-only slot (a plain `bool`) occupies no bytes of its own: only
        // its bit byte counts, wherever the allocator stood when it was placed.
        let a = if self.bytes > 0 { self.off as usize + self.bytes as usize } else { 0 };
        let b = if self.has_bit { self.bit_byte as usize + 1 } else { 0 };
        if a > b { a } else { b }
    }

    /// Absolute position of this slot's reference in a data section that
    /// starts at `data`: a reference is the last 4 bytes of its slot (a
    /// union's follows its tag). The writer patches it there and the reader
    /// reports a bad reference there.
    #[inline]
    pub const fn ref_pos(&self, data: usize) -> usize {
        data + self.off as usize + self.bytes as usize - 4
    }
}

/// The slots of a message's fields, in ordinal order, and the full length of
/// its data section.
#[derive(Clone, Copy, Debug)]
pub struct Layout<const N: usize> {
    /// One slot per field, in ordinal order.
    pub slots: [Slot; N],
    /// Length of the data section with every field stored.
    pub data_len: usize,
}

/// Largest data section a message header can describe.
pub const MAX_DATA_LEN: usize = u16::MAX as usize;

/// Allocates slots for fields of the given shapes, in ordinal order.
///
/// Each field takes the next bytes of the data section. A field that needs
/// a bit takes the next free bit of the current bit byte, or opens a new bit
/// byte at the current end when the last one is full (or none is open). The
/// rule depends only on the shapes of the fields up to and including the
/// field itself, so appending fields never moves an existing one: that is
/// what makes evolution work.
///
/// ```
/// use zerowire::layout::{layout, Shape};
/// // bool @0, u32 @1, bool @2
/// let l = layout([Shape::BIT, Shape::scalar(4), Shape::BIT]);
/// assert_eq!((l.slots[0].bit_byte, l.slots[0].bit), (0, 0));
/// assert_eq!(l.slots[1].off, 1);
/// assert_eq!((l.slots[2].bit_byte, l.slots[2].bit), (0, 1));
/// assert_eq!(l.data_len, 5);
/// ```
pub const fn layout<const N: usize>(shapes: [Shape; N]) -> Layout<N> {
    let mut slots = [Slot::bytes_at(0, 0); N];
    let mut placer = Placer::new();
    let mut i = 0;
    while i < N {
        slots[i] = placer.place(shapes[i]);
        i += 1;
    }
    Layout { slots, data_len: placer.data_len() }
}

/// The allocator behind [`layout`], one field at a time: for tools that
/// learn a message's fields at run time (the schema compiler's `decode` /
/// `encode` commands) and must place them exactly as the derive does.
///
/// ```
/// use zerowire::layout::{layout, Placer, Shape};
///
/// let shapes = [Shape::BIT, Shape::scalar(4), Shape::REF, Shape::BIT];
/// let mut p = Placer::new();
/// let slots: Vec<_> = shapes.iter().map(|&s| p.place(s)).collect();
/// let fixed = layout(shapes);
/// assert_eq!(slots, fixed.slots);
/// assert_eq!(p.data_len(), fixed.data_len);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Placer {
    next: usize,
    bit_byte: usize,
    bits_used: u8,
}

impl Placer {
    /// An empty data section.
    pub const fn new() -> Placer {
        // `bits_used == 8`: no bit byte open yet.
        Placer { next: 0, bit_byte: 0, bits_used: 8 }
    }

    /// Places the next field (in ordinal order) and returns its slot.
    ///
    /// # Panics
    ///
    /// If the data section would exceed [`MAX_DATA_LEN`] (at compile time
    /// for derived types).
    pub const fn place(&mut self, s: Shape) -> Slot {
        match self.try_place(s) {
            Some(slot) => slot,
            None => panic!("zerowire: a message's data section is limited to 65535 bytes"),
        }
    }

    /// Places the next field as [`place`](Placer::place) does, or returns
    /// `None` (leaving the placer unchanged) if the data section would
    /// exceed [`MAX_DATA_LEN`]: the entry point for layouts computed at run
    /// time from a schema, where an oversized message is a diagnostic, not a
    /// compile error.
    pub const fn try_place(&mut self, s: Shape) -> Option<Slot> {
        let before = *self;
        let mut slot = Slot::bytes_at(0, s.bytes);
        if s.bit {
            if self.bits_used == 8 {
                self.bit_byte = self.next;
                self.next += 1;
                self.bits_used = 0;
            }
            slot.has_bit = true;
            slot.bit_byte = self.bit_byte as u16;
            slot.bit = self.bits_used;
            self.bits_used += 1;
        }
        if self.next + s.bytes as usize > MAX_DATA_LEN {
            *self = before;
            return None;
        }
        slot.off = self.next as u16;
        self.next += s.bytes as usize;
        Some(slot)
    }

    /// Length of the data section with every field placed so far.
    pub const fn data_len(&self) -> usize {
        self.next
    }
}

impl Default for Placer {
    fn default() -> Self {
        Placer::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appending_fields_never_moves_existing_slots() {
        let v1 = layout([Shape::BIT, Shape::scalar(8), Shape::REF]);
        let v2 = layout([Shape::BIT, Shape::scalar(8), Shape::REF, Shape::BIT, Shape::scalar(2).with_bit()]);
        assert_eq!(v1.slots[..], v2.slots[..3]);
        // The new bool reuses the open bit byte; the optional scalar's presence
        // bit does too.
        assert_eq!((v2.slots[3].bit_byte, v2.slots[3].bit), (0, 1));
        assert_eq!((v2.slots[4].bit_byte, v2.slots[4].bit), (0, 2));
        assert_eq!(v2.slots[4].off, 13);
        assert_eq!(v2.data_len, 15);
    }

    #[test]
    fn a_bit_only_slot_ends_at_its_bit_byte() {
        // bool @0, u64 @1, bool @2: the second bool lives in byte 0.
        let l = layout([Shape::BIT, Shape::scalar(8), Shape::BIT]);
        assert_eq!(l.slots[2].end(), 1);
        assert_eq!(l.slots[1].end(), 9);
    }

    #[test]
    fn ninth_bit_opens_a_new_byte() {
        let l = layout([Shape::BIT; 9]);
        assert_eq!((l.slots[7].bit_byte, l.slots[7].bit), (0, 7));
        assert_eq!((l.slots[8].bit_byte, l.slots[8].bit), (1, 0));
        assert_eq!(l.data_len, 2);
        assert_eq!(l.slots[8].end(), 2);
    }

    #[test]
    fn try_place_refuses_past_the_limit_and_changes_nothing() {
        let mut p = Placer::new();
        assert_eq!(p.try_place(Shape::scalar(65_534)), Some(Slot::bytes_at(0, 65_534)));
        let before = (p.data_len(), p.bit_byte, p.bits_used);
        // A bit would open a byte and then a 1-byte slot would not fit.
        assert_eq!(p.try_place(Shape::scalar(1).with_bit()), None);
        assert_eq!(p.try_place(Shape::scalar(2)), None);
        assert_eq!((p.data_len(), p.bit_byte, p.bits_used), before);
        // What still fits is placed as `place` places it.
        let mut q = p;
        assert_eq!(p.try_place(Shape::BIT), Some(q.place(Shape::BIT)));
        assert_eq!(p.data_len(), MAX_DATA_LEN);
    }
}
