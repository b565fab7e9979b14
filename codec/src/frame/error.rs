//! Errors of the frame layer: [`FrameError`] for the stream,
//! [`PayloadError`] for one frame's payload.

use core::fmt;
use std::io;

use super::PayloadFormat;

/// A stream error: the byte stream is not a valid sequence of frames, or
/// reading it failed.
///
/// After any of these but [`Io`](FrameError::Io), the stream cannot be
/// trusted: nothing tells where the next frame would start, so readers and
/// decoders do not try to resynchronize and a connection should be closed.
/// (A [`FrameReader`](super::FrameReader) returns `Ok(None)` after one; an
/// [`Io`](FrameError::Io) error leaves it where it was, so a read that timed
/// out can be retried.)
///
/// A payload that is not a valid message is **not** a stream error: its
/// frame is delivered, and [`Frame::to_owned_message`](super::Frame::to_owned_message)
/// reports a [`PayloadError`] for that frame only.
///
/// ```
/// use zerowire::frame::{FrameError, FrameReader};
///
/// // A length of 0xFFFF_FFFF is refused as soon as the header is in.
/// let stream = [&[0xff; 4][..], b"ZW\x10\x00\x07\x00\x00\x00"].concat();
/// let err = FrameReader::new(&stream[..]).read_frame().unwrap_err();
/// assert!(matches!(err, FrameError::TooLong { len: 0xffff_ffff, max: 8_388_608 }));
/// assert_eq!(err.to_string(), "frame of 4294967295 bytes (after the length) exceeds the limit of 8388608");
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum FrameError {
    /// The header does not start with `0x5A 0x57` ("ZW"): not a zerowire
    /// frame, or the stream lost its place.
    BadMagic,
    /// A frame version this decoder does not read (it reads version 1).
    UnsupportedVersion(u8),
    /// A payload format code the decoder's config does not accept.
    UnsupportedFormat(u8),
    /// Reserved flag bits are set (the whole flags byte).
    ReservedFlags(u8),
    /// The length field (header + payload + trailer) is over the limit.
    TooLong {
        /// Bytes the frame announces after its length field.
        len: usize,
        /// The decoder's (or encoder's) `max_frame_len`.
        max: usize,
    },
    /// The length field is smaller than the header (and the trailer the
    /// flags announce).
    TooShort {
        /// Bytes the frame announces after its length field.
        len: usize,
        /// The least that can be valid: 8, or 12 with a checksum trailer.
        min: usize,
    },
    /// The CRC32C trailer does not match the header and payload.
    Checksum {
        /// The CRC32C the trailer carries.
        expected: u32,
        /// The CRC32C of the header and payload that arrived.
        actual: u32,
    },
    /// The stream ended in the middle of a frame (the frames before it were
    /// delivered).
    UnexpectedEof {
        /// Bytes of the frame, length field included, that the stream had to
        /// deliver (12 while the length and header are not in yet).
        expected: usize,
        /// Bytes of it that arrived.
        got: usize,
    },
    /// Reading or writing the underlying stream failed.
    Io(io::Error),
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::BadMagic => f.write_str("not a zerowire frame: bad magic (expected 5a 57, \"ZW\")"),
            FrameError::UnsupportedVersion(v) => {
                write!(f, "unsupported frame version {v} (this decoder reads version 1)")
            }
            FrameError::UnsupportedFormat(c) => write!(f, "payload format {c} is not accepted by this decoder"),
            FrameError::ReservedFlags(b) => write!(f, "reserved frame flag bits set (flags {b:#04x})"),
            FrameError::TooLong { len, max } => {
                write!(f, "frame of {len} bytes (after the length) exceeds the limit of {max}")
            }
            FrameError::TooShort { len, min } => {
                write!(f, "frame of {len} bytes (after the length) is shorter than its header and trailer ({min})")
            }
            FrameError::Checksum { expected, actual } => {
                write!(f, "frame checksum mismatch: trailer says {expected:#010x}, bytes hash to {actual:#010x}")
            }
            FrameError::UnexpectedEof { expected, got } => {
                write!(f, "stream closed mid-frame: got {got} of the frame's {expected} bytes")
            }
            FrameError::Io(e) => write!(f, "frame I/O: {e}"),
        }
    }
}

impl std::error::Error for FrameError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FrameError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<io::Error> for FrameError {
    fn from(e: io::Error) -> Self {
        FrameError::Io(e)
    }
}

/// For code that speaks `io::Error`: [`Io`](FrameError::Io) gives back its
/// error, [`UnexpectedEof`](FrameError::UnexpectedEof) becomes
/// `ErrorKind::UnexpectedEof`, the others `ErrorKind::InvalidData`.
impl From<FrameError> for io::Error {
    fn from(e: FrameError) -> Self {
        match e {
            FrameError::Io(e) => e,
            e @ FrameError::UnexpectedEof { .. } => io::Error::new(io::ErrorKind::UnexpectedEof, e),
            e => io::Error::new(io::ErrorKind::InvalidData, e),
        }
    }
}

/// Why one frame's payload could not be taken as a message: an error for
/// that frame only; the stream goes on.
///
/// ```
/// use bytes::Bytes;
/// use zerowire::Message;
/// use zerowire::frame::{Frame, FrameHeader, PayloadError};
/// # #[derive(zerowire::Message)] pub struct Ping { pub seq: u64 }
///
/// let frame = Frame::new(FrameHeader::binary(Ping::TYPE_ID), Bytes::from_static(b"junk"));
/// let err = frame.to_owned_message::<Ping>().unwrap_err();
/// assert!(matches!(err, PayloadError::Invalid(_)));
/// let frame = Frame::new(FrameHeader::binary(1), Bytes::from_static(b"junk"));
/// let err = frame.to_owned_message::<Ping>().unwrap_err();
/// assert!(matches!(err, PayloadError::TypeMismatch { found: 1, .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PayloadError {
    /// The payload is not a binary zerowire message (a JSON frame, say);
    /// reading it is for the JSON side of the crate.
    NotBinary(PayloadFormat),
    /// The header's type id is not the one of the type the frame was read
    /// as: the frame holds another message type (whose bytes might even
    /// validate as this one), or its sender tagged it by hand.
    TypeMismatch {
        /// The id of the type asked for ([`Message::TYPE_ID`](crate::Message::TYPE_ID)).
        expected: u32,
        /// The id the frame's header carries.
        found: u32,
        /// The name of the type asked for.
        name: &'static str,
    },
    /// The payload failed message validation.
    Invalid(crate::Error),
    /// A JSON payload that does not read as the message (feature `serde`).
    #[cfg(feature = "serde")]
    Json(crate::json::Error),
}

impl PayloadError {
    /// The message error, when the payload was binary but invalid.
    pub fn message_error(&self) -> Option<&crate::Error> {
        match self {
            PayloadError::Invalid(e) => Some(e),
            _ => None,
        }
    }
}

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PayloadError::NotBinary(fmt) => {
                write!(f, "frame payload is {fmt}, not a binary zerowire message")
            }
            PayloadError::TypeMismatch { expected, found, name } => write!(
                f,
                "frame carries type id {found:#010x}, not {expected:#010x} ({name}): it holds another message type"
            ),
            PayloadError::Invalid(e) => write!(f, "frame payload is not a valid message: {e}"),
            #[cfg(feature = "serde")]
            PayloadError::Json(e) => write!(f, "frame payload is not valid JSON for the message: {e}"),
        }
    }
}

impl std::error::Error for PayloadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PayloadError::Invalid(e) => Some(e),
            #[cfg(feature = "serde")]
            PayloadError::Json(e) => Some(e),
            PayloadError::NotBinary(_) | PayloadError::TypeMismatch { .. } => None,
        }
    }
}

#[cfg(feature = "serde")]
impl From<crate::json::Error> for PayloadError {
    fn from(e: crate::json::Error) -> Self {
        PayloadError::Json(e)
    }
}

impl From<crate::Error> for PayloadError {
    fn from(e: crate::Error) -> Self {
        PayloadError::Invalid(e)
    }
}
