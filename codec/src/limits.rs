//! The eager tier: one forward pass over a message that proves every
//! reference of the reader's schema points inside its parent and after the
//! previous child (so the message is a tree), that nesting stays within the
//! depth limit, that list counts fit the bytes, and that strings are UTF-8.
//! After it, no accessor of the validated view can return an error.

use crate::error::{Error, ErrorKind, Result};
use crate::layout::Slot;
use crate::table::Table;

/// Limits applied by eager validation and by decoding.
///
/// ```
/// let limits = zerowire::Limits { max_depth: 16, ..Default::default() };
/// assert_eq!(limits.max_size, zerowire::Limits::DEFAULT_MAX_SIZE);
/// // Decoding a 1 KiB message may build at most 1 MiB + 64 KiB of values.
/// assert_eq!(limits.memory_budget(1024), (1 << 20) + 64 * 1024);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Deepest nesting accepted: the root message is at depth 1, and every
    /// nested message, list (`Vec<T>`, whatever `T`) and map adds one. Bounds
    /// the recursion of validation and decoding.
    pub max_depth: u32,
    /// Largest top-level message accepted, in bytes.
    pub max_size: usize,
    /// Heap memory that decoding may build per byte of input (the
    /// proportional part of [`Limits::memory_budget`]).
    pub memory_per_input_byte: usize,
    /// Heap memory that decoding may build whatever the input's size (the
    /// fixed part of [`Limits::memory_budget`]).
    pub memory_floor: usize,
}

impl Limits {
    /// Default [`Limits::max_depth`]: 64, generous for real schemas and far
    /// below what exhausts a thread's stack.
    pub const DEFAULT_MAX_DEPTH: u32 = 64;
    /// Default [`Limits::max_size`]: 64 MiB.
    pub const DEFAULT_MAX_SIZE: usize = 64 << 20;
    /// Default [`Limits::memory_per_input_byte`]: 64. An honest message
    /// builds a few bytes of values per byte of input (a `String` is 24
    /// bytes in memory for a 4-byte slot, a `Vec` of messages about its
    /// stride); 64 leaves room for that and refuses inputs built to expand
    /// (a list of thousands of empty elements that are each kilobytes in
    /// memory).
    pub const DEFAULT_MEMORY_PER_INPUT_BYTE: usize = 64;
    /// Default [`Limits::memory_floor`]: 1 MiB, so that small messages never
    /// meet the proportional budget.
    pub const DEFAULT_MEMORY_FLOOR: usize = 1 << 20;
    /// The default limits, usable in `const` context.
    pub const DEFAULT: Limits = Limits {
        max_depth: Self::DEFAULT_MAX_DEPTH,
        max_size: Self::DEFAULT_MAX_SIZE,
        memory_per_input_byte: Self::DEFAULT_MEMORY_PER_INPUT_BYTE,
        memory_floor: Self::DEFAULT_MEMORY_FLOOR,
    };

    /// Bytes of heap memory that decoding an input of `input_len` bytes may
    /// build: `memory_floor + memory_per_input_byte × input_len`
    /// (saturating). Decoding charges every allocation at its in-memory
    /// size (`size_of::<T>()` per element, the bytes of each string) before
    /// making it, and stops with [`ErrorKind::MemoryLimit`] past the budget.
    pub const fn memory_budget(&self, input_len: usize) -> usize {
        self.memory_floor.saturating_add(self.memory_per_input_byte.saturating_mul(input_len))
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// State of one validation or decoding pass: the limits, the current depth,
/// and (when decoding) the heap memory still allowed.
#[derive(Debug)]
pub struct Validator {
    limits: Limits,
    depth: u32,
    budget: usize,
}

impl Validator {
    /// A validator at depth 0 whose memory budget is the floor alone.
    pub fn new(limits: Limits) -> Self {
        Self::for_input(limits, 0)
    }

    /// A validator at depth 0 for an input of `input_len` bytes: decoding
    /// may build [`Limits::memory_budget`]`(input_len)` bytes.
    pub fn for_input(limits: Limits, input_len: usize) -> Self {
        Validator { limits, depth: 0, budget: limits.memory_budget(input_len) }
    }

    /// Enters one level of nesting at position `at` of `t`'s region.
    #[inline]
    pub fn enter(&mut self, t: &Table<'_>, at: usize) -> Result<()> {
        self.depth += 1;
        if self.depth > self.limits.max_depth {
            return Err(t.err(ErrorKind::DepthLimit, at));
        }
        Ok(())
    }

    /// Leaves one level of nesting.
    #[inline]
    pub fn leave(&mut self) {
        self.depth -= 1;
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Charges `bytes` of heap memory about to be built for the value at
    /// position `at` of `t`'s region; [`ErrorKind::MemoryLimit`] past the
    /// budget. Decoding calls this before every allocation.
    #[inline]
    pub fn charge(&mut self, t: &Table<'_>, at: usize, bytes: usize) -> Result<()> {
        match self.budget.checked_sub(bytes) {
            Some(rest) => {
                self.budget = rest;
                Ok(())
            }
            None => Err(t.err(ErrorKind::MemoryLimit, at)),
        }
    }

    /// Gives back `bytes` charged for a value that was not built after all.
    #[inline]
    pub fn refund(&mut self, bytes: usize) {
        self.budget = self.budget.saturating_add(bytes);
    }

    /// Charges `n` elements of `T` at their in-memory size
    /// (`n × size_of::<T>()`) and returns an empty `Vec` with room for
    /// them. The reservation is fallible: an allocator that refuses it gives
    /// [`ErrorKind::MemoryLimit`], never an abort.
    #[inline]
    pub fn vec_for<T>(&mut self, t: &Table<'_>, at: usize, n: usize) -> Result<Vec<T>> {
        self.charge(t, at, n.saturating_mul(core::mem::size_of::<T>()))?;
        let mut out = Vec::new();
        out.try_reserve_exact(n).map_err(|_| t.err(ErrorKind::MemoryLimit, at))?;
        Ok(out)
    }
}

/// Checks that the target `at` of the reference in `slot` lies inside `t`'s
/// region and not before `cur`, the end of the previous child. This single
/// rule is what makes a validated message a tree: children are disjoint and
/// in order. Errors point at the reference itself.
#[inline]
pub fn check_target(t: &Table<'_>, slot: Slot, at: usize, cur: usize) -> Result<()> {
    if at < cur || at >= t.buf().len() {
        let kind = if at < cur { ErrorKind::Overlap } else { ErrorKind::OutOfBounds };
        return Err(t.err(kind, slot.ref_pos(t.data())));
    }
    Ok(())
}

/// Checks that a list of `count` elements of `stride` bytes starting at
/// `start` fits in `t`'s region, charging zero-size elements one byte each,
/// and returns the end of the elements.
#[inline]
pub fn check_list(t: &Table<'_>, start: usize, count: u32, stride: usize) -> Result<usize> {
    let remaining = t.buf().len().saturating_sub(start);
    let charged = (count as u64).saturating_mul(stride.max(1) as u64);
    if charged > remaining as u64 {
        return Err(Error::new(ErrorKind::ListTooLong, t.base() + start));
    }
    Ok(start + count as usize * stride)
}
