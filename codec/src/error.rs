//! The one error type of the codec: what was wrong, where, and in which field.

use core::fmt;

/// What went wrong while opening, validating or decoding a message.
///
/// Every variant describes the input, never the reader: the same bytes give
/// the same error on every machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input ends before a structure it announces (`need` bytes from the
    /// error's offset, `have` available).
    Truncated {
        /// Bytes the structure needs from the error's offset.
        need: u64,
        /// Bytes actually available from there.
        have: u64,
    },
    /// A message header whose `size` is smaller than its header and data
    /// section, or larger than the bytes that contain it.
    BadMessageSize,
    /// A top-level message whose `size` does not equal the buffer length.
    TrailingBytes,
    /// A reference that points outside the message or list that contains it.
    OutOfBounds,
    /// A reference that points before the end of the previous child: the
    /// eager tier accepts only trees (no aliasing, no overlap).
    Overlap,
    /// Nesting deeper than [`Limits::max_depth`](crate::Limits::max_depth).
    DepthLimit,
    /// A message larger than [`Limits::max_size`](crate::Limits::max_size).
    SizeLimit,
    /// A list whose count cannot fit in the bytes that remain (this also
    /// catches zero-size elements: every element is charged one byte).
    ListTooLong,
    /// A varint longer than 5 bytes, larger than `u32::MAX`, or not in its
    /// shortest form.
    BadVarint,
    /// A string field that is not valid UTF-8.
    InvalidUtf8,
    /// A byte of a `bool` list that is neither 0 nor 1.
    InvalidBool,
    /// A `char` field that is not a Unicode scalar value.
    InvalidChar,
    /// A union tag this type does not know, read where no `Unknown` arm exists.
    UnknownTag(u16),
    /// A value a closed enum (`#[zerowire(closed)]`) does not name.
    UnknownEnumValue,
    /// Decoding would build more heap memory than
    /// [`Limits::memory_budget`](crate::Limits::memory_budget) allows for
    /// this input, or the allocator refused the memory.
    MemoryLimit,
    /// A map whose keys are not in strictly increasing key order
    /// (`docs/FORMAT.md` section 7.5): a repeated key, or keys out of order.
    MapKeyOrder,
    /// A message header declares more bytes (`size`) than the input (for the
    /// top-level message) or its parent region (for a child) holds
    /// (`have`): a truncated message. See [`NotAMessage`](ErrorKind::NotAMessage)
    /// for a top-level size too large to be a truncation.
    SizeExceedsInput {
        /// Bytes the message header declares.
        size: u64,
        /// Bytes available from the message's start.
        have: u64,
    },
    /// The input is probably not a zerowire message at all (text, another
    /// format, the wrong file): its first 6 bytes, read as a message header,
    /// declare a `size` larger than the input that no truncation explains:
    /// more than 1,024 times the input and over 64 KiB, or a header that
    /// contradicts itself (`6 + data_len > size`).
    /// [`wire::oversize_kind`](crate::wire::oversize_kind) is the rule.
    NotAMessage {
        /// Bytes the first 4 bytes declare, read as a message size.
        size: u64,
        /// Bytes the input has.
        have: u64,
    },
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Truncated { need, have } => {
                write!(f, "truncated: need {need} bytes, have {have}")
            }
            ErrorKind::BadMessageSize => f.write_str("message size is inconsistent with its header"),
            ErrorKind::TrailingBytes => f.write_str("bytes after the end of the message"),
            ErrorKind::OutOfBounds => f.write_str("reference points outside its parent"),
            ErrorKind::Overlap => f.write_str("reference overlaps an earlier child"),
            ErrorKind::DepthLimit => f.write_str("nesting exceeds the depth limit"),
            ErrorKind::SizeLimit => f.write_str("message exceeds the size limit"),
            ErrorKind::ListTooLong => f.write_str("list count exceeds the remaining bytes"),
            ErrorKind::BadVarint => f.write_str("malformed varint"),
            ErrorKind::InvalidUtf8 => f.write_str("string is not valid UTF-8"),
            ErrorKind::InvalidBool => f.write_str("bool byte is neither 0 nor 1"),
            ErrorKind::InvalidChar => f.write_str("char is not a Unicode scalar value"),
            ErrorKind::UnknownTag(t) => write!(f, "unknown union tag {t}"),
            ErrorKind::UnknownEnumValue => f.write_str("value not named by the closed enum"),
            ErrorKind::MemoryLimit => f.write_str("decoding would exceed the memory budget"),
            ErrorKind::MapKeyOrder => f.write_str("map keys are repeated or out of order"),
            ErrorKind::SizeExceedsInput { size, have } => {
                write!(f, "message declares {size} bytes but only {have} are there (truncated)")
            }
            ErrorKind::NotAMessage { size, have } => write!(
                f,
                "not a zerowire message: its first bytes would declare a {size}-byte message, \
                 and the input has {have} bytes"
            ),
        }
    }
}

/// An error from opening, validating or decoding a message: its [`ErrorKind`],
/// the byte offset in the outermost buffer where it was found, and the field
/// (`Type.field`) being read when the generated code knows it.
///
/// ```
/// # #[derive(zerowire::Message)] pub struct Ping { pub seq: u64 }
/// let err = zerowire::view::<Ping>(&[1, 2]).unwrap_err();
/// assert!(matches!(err.kind(), zerowire::ErrorKind::Truncated { .. }));
/// assert_eq!(err.offset(), 0);
/// ```
///
/// An `Error` is one pointer wide (the details live in a box, as
/// `serde_json::Error` does): every fallible accessor returns a `Result`,
/// and a small `Result` travels in registers on the success path, where a
/// 64-byte one would be written to and read back from memory at every step
/// of a path like `a()?.b()?.get(i)`. The allocation happens only when an
/// error is made, at most once per failed read.
#[derive(Clone, PartialEq, Eq)]
pub struct Error(Box<Inner>);

#[derive(Clone, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    offset: u64,
    ty: Option<&'static str>,
    field: Option<&'static str>,
}

impl Error {
    /// Creates an error of `kind` found at absolute byte `offset`.
    #[cold]
    pub fn new(kind: ErrorKind, offset: usize) -> Self {
        Error(Box::new(Inner { kind, offset: offset as u64, ty: None, field: None }))
    }

    /// What was wrong.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The byte offset in the outermost buffer where the problem was found.
    pub fn offset(&self) -> u64 {
        self.0.offset
    }

    /// The innermost field being read, as `(type, field)`, if known.
    pub fn field(&self) -> Option<(&'static str, &'static str)> {
        Some((self.0.ty?, self.0.field?))
    }

    /// Records the field being read unless an inner field was recorded
    /// already (the innermost location is the useful one). Used by generated
    /// code.
    #[cold]
    #[doc(hidden)]
    pub fn in_field(mut self, ty: &'static str, field: &'static str) -> Self {
        if self.0.field.is_none() {
            self.0.ty = Some(ty);
            self.0.field = Some(field);
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.0.kind, self.0.offset)?;
        if let Some((ty, field)) = self.field() {
            write!(f, " (field `{ty}.{field}`)")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {}

/// `Result` with the codec's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;

// The point of boxing: a `Result` of an accessor is no larger than its
// value plus one word, so it is returned in registers. Growing `Error` back
// would silently cost every read (docs/BENCHMARKS.md, "What changed").
const _: () = assert!(core::mem::size_of::<Error>() == core::mem::size_of::<usize>());
const _: () = assert!(core::mem::size_of::<Result<usize>>() == 2 * core::mem::size_of::<usize>());

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_innermost_field_is_kept_and_shown() {
        let e = Error::new(ErrorKind::InvalidUtf8, 17).in_field("Span", "name").in_field("Scope", "spans");
        assert_eq!(e.field(), Some(("Span", "name")));
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidUtf8, 17));
        assert_eq!(e.to_string(), "string is not valid UTF-8 at byte 17 (field `Span.name`)");
        assert_eq!(e.clone(), e);
    }
}
