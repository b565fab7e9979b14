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
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Deepest nesting accepted: the root message is at depth 1, and every
    /// nested message, list (`Vec<T>`, whatever `T`) and map adds one. Bounds
    /// the recursion of validation and decoding.
    pub max_depth: u32,
    /// Largest top-level message accepted, in bytes.
    pub max_size: usize,
}

impl Limits {
    /// Default [`Limits::max_depth`]: 64, generous for real schemas and far
    /// below what exhausts a thread's stack.
    pub const DEFAULT_MAX_DEPTH: u32 = 64;
    /// Default [`Limits::max_size`]: 64 MiB.
    pub const DEFAULT_MAX_SIZE: usize = 64 << 20;
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_depth: Self::DEFAULT_MAX_DEPTH, max_size: Self::DEFAULT_MAX_SIZE }
    }
}

/// State of one validation pass: the limits and the current depth.
#[derive(Debug)]
pub struct Validator {
    limits: Limits,
    depth: u32,
}

impl Validator {
    /// A validator at depth 0.
    pub fn new(limits: Limits) -> Self {
        Validator { limits, depth: 0 }
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
}

/// Checks that the target `at` of the reference in `slot` lies inside `t`'s
/// region and not before `cur`, the end of the previous child. This single
/// rule is what makes a validated message a tree: children are disjoint and
/// in order. Errors point at the reference itself.
#[inline]
pub fn check_target(t: &Table<'_>, slot: Slot, at: usize, cur: usize) -> Result<()> {
    if at < cur || at >= t.buf().len() {
        let kind = if at < cur { ErrorKind::Overlap } else { ErrorKind::OutOfBounds };
        return Err(t.err(kind, crate::encode::ref_pos(t.data(), slot)));
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
