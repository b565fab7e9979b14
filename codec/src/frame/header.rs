//! The 8-byte frame header: its wire struct and its typed form.

use core::fmt;

use zerocopy::byteorder::little_endian::U32;
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use super::error::FrameError;
use super::{FLAG_CHECKSUM, HEADER_LEN, MAGIC, RESERVED_FLAGS, VERSION};

/// The frame header as it lies on the wire (`docs/FORMAT.md`, section 15).
///
/// Guarantees (from its derives): any 8 bytes are a `RawFrameHeader`
/// (`FromBytes`), it has no padding (`IntoBytes`) and alignment 1
/// (`Unaligned`), so it can be read from any offset of any buffer. Nothing
/// is checked here; [`FrameHeader::from_raw`] checks it.
///
/// ```
/// use zerocopy::FromBytes;
/// use zerowire::frame::RawFrameHeader;
///
/// let bytes = [0x5a, 0x57, 0x10, 0x01, 0x07, 0x00, 0x00, 0x00];
/// let raw = RawFrameHeader::ref_from_bytes(&bytes).unwrap();
/// assert_eq!(&raw.magic, b"ZW");
/// assert_eq!(raw.version_format, 0x10); // version 1, format 0 (binary)
/// assert_eq!(raw.flags, 0x01); // CRC32C trailer
/// assert_eq!(raw.type_id.get(), 7);
/// ```
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
pub struct RawFrameHeader {
    /// `0x5A 0x57`, "ZW".
    pub magic: [u8; 2],
    /// Version in the high nibble, payload format in the low nibble.
    pub version_format: u8,
    /// Bit 0: a CRC32C trailer follows the payload; bits 1..7 reserved (0).
    pub flags: u8,
    /// The application's type id (0 = unspecified).
    pub type_id: U32,
}

const _: () = assert!(size_of::<RawFrameHeader>() == HEADER_LEN);

/// What the payload of a frame is: the low nibble of header byte 2.
///
/// ```
/// use zerowire::frame::PayloadFormat;
///
/// assert_eq!(PayloadFormat::from_code(0), Some(PayloadFormat::Binary));
/// assert_eq!(PayloadFormat::from_code(1), Some(PayloadFormat::Json));
/// assert_eq!(PayloadFormat::from_code(9), Some(PayloadFormat::Other(9)));
/// assert_eq!(PayloadFormat::from_code(16), None); // a nibble
/// assert_eq!(PayloadFormat::Json.code(), 1);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PayloadFormat {
    /// 0: one binary zerowire message.
    Binary,
    /// 1: JSON text, UTF-8.
    Json,
    /// 2..=15: reserved for later formats; a decoder rejects them unless its
    /// [`FrameConfig`](super::FrameConfig) accepts them. Holds the code;
    /// build it with [`PayloadFormat::from_code`], which never makes an
    /// `Other(0)` or `Other(1)`.
    Other(u8),
}

impl PayloadFormat {
    /// The format with code `code`, or `None` if it does not fit in a nibble.
    pub const fn from_code(code: u8) -> Option<Self> {
        match code {
            0 => Some(PayloadFormat::Binary),
            1 => Some(PayloadFormat::Json),
            2..=15 => Some(PayloadFormat::Other(code)),
            _ => None,
        }
    }

    /// The code written in the header: 0, 1, or the code of `Other`.
    pub const fn code(self) -> u8 {
        match self {
            PayloadFormat::Binary => 0,
            PayloadFormat::Json => 1,
            PayloadFormat::Other(c) => c,
        }
    }
}

impl fmt::Display for PayloadFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PayloadFormat::Binary => f.write_str("binary"),
            PayloadFormat::Json => f.write_str("JSON"),
            PayloadFormat::Other(c) => write!(f, "format {c}"),
        }
    }
}

/// The typed frame header: version, payload format, flags and type id.
///
/// Build one with [`FrameHeader::new`] (or [`binary`](FrameHeader::binary) /
/// [`json`](FrameHeader::json)); [`parse`](FrameHeader::parse) reads one and
/// checks what every decoder checks (magic, version, reserved flags).
///
/// The checksum bit of `flags` describes a received frame. Writers set or
/// clear it themselves from their own `checksum` setting, so the same
/// header can be written with or without a trailer.
///
/// ```
/// use zerowire::frame::{FrameHeader, PayloadFormat};
///
/// let header = FrameHeader::binary(7);
/// let bytes = header.to_bytes();
/// assert_eq!(bytes, [0x5a, 0x57, 0x10, 0x00, 0x07, 0x00, 0x00, 0x00]);
/// let back = FrameHeader::parse(&bytes)?;
/// assert_eq!(back, header);
/// assert_eq!(back.format, PayloadFormat::Binary);
/// assert!(!back.has_checksum());
/// # Ok::<(), zerowire::frame::FrameError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FrameHeader {
    /// Frame format version: [`VERSION`] (1) is the only one accepted.
    pub version: u8,
    /// What the payload is.
    pub format: PayloadFormat,
    /// Flag bits: [`FLAG_CHECKSUM`]; the others are reserved and must be 0.
    pub flags: u8,
    /// The payload's type: [`Message::TYPE_ID`](crate::Message::TYPE_ID) when
    /// written by the typed calls, which also check it on reading; 0 =
    /// unspecified. Routers may use ids of their own through the explicit-id
    /// calls.
    pub type_id: u32,
}

impl FrameHeader {
    /// A version-1 header with no flags set.
    pub const fn new(format: PayloadFormat, type_id: u32) -> Self {
        FrameHeader { version: VERSION, format, flags: 0, type_id }
    }

    /// A header for one binary zerowire message.
    pub const fn binary(type_id: u32) -> Self {
        Self::new(PayloadFormat::Binary, type_id)
    }

    /// A header for a JSON payload.
    pub const fn json(type_id: u32) -> Self {
        Self::new(PayloadFormat::Json, type_id)
    }

    /// Whether a CRC32C trailer follows the payload (flag bit 0).
    pub const fn has_checksum(&self) -> bool {
        self.flags & FLAG_CHECKSUM != 0
    }

    /// Reads and checks the header at the start of `bytes`: the magic, the
    /// version (only [`VERSION`]) and the reserved flag bits (all 0). Any
    /// payload format parses; whether it is accepted is the decoder's
    /// [`FrameConfig`](super::FrameConfig)'s call.
    ///
    /// ```
    /// use zerowire::frame::{FrameError, FrameHeader};
    ///
    /// let err = FrameHeader::parse(b"ZW\x20\x00\0\0\0\0").unwrap_err();
    /// assert!(matches!(err, FrameError::UnsupportedVersion(2)));
    /// let err = FrameHeader::parse(b"PK\x10\x00\0\0\0\0").unwrap_err();
    /// assert!(matches!(err, FrameError::BadMagic));
    /// ```
    pub fn parse(bytes: &[u8]) -> Result<Self, FrameError> {
        match RawFrameHeader::ref_from_prefix(bytes) {
            Ok((raw, _)) => Self::from_raw(raw),
            Err(_) => Err(FrameError::TooShort { len: bytes.len(), min: HEADER_LEN }),
        }
    }

    /// Checks a wire header (see [`parse`](FrameHeader::parse)) and types it.
    pub fn from_raw(raw: &RawFrameHeader) -> Result<Self, FrameError> {
        if raw.magic != MAGIC {
            return Err(FrameError::BadMagic);
        }
        let version = raw.version_format >> 4;
        if version != VERSION {
            return Err(FrameError::UnsupportedVersion(version));
        }
        if raw.flags & RESERVED_FLAGS != 0 {
            return Err(FrameError::ReservedFlags(raw.flags));
        }
        let format = match raw.version_format & 0x0f {
            0 => PayloadFormat::Binary,
            1 => PayloadFormat::Json,
            c => PayloadFormat::Other(c),
        };
        Ok(FrameHeader { version, format, flags: raw.flags, type_id: raw.type_id.get() })
    }

    /// The wire form of this header, fields as they are.
    ///
    /// # Panics
    ///
    /// If `version` or the format code does not fit in a nibble (a
    /// `PayloadFormat::Other` above 15).
    pub fn to_raw(&self) -> RawFrameHeader {
        let code = self.format.code();
        assert!(self.version < 16 && code < 16, "zerowire: frame version and payload format are 4-bit values");
        RawFrameHeader {
            magic: MAGIC,
            version_format: self.version << 4 | code,
            flags: self.flags,
            type_id: U32::new(self.type_id),
        }
    }

    /// The 8 bytes of this header (see [`to_raw`](FrameHeader::to_raw)).
    pub fn to_bytes(&self) -> [u8; HEADER_LEN] {
        let mut out = [0; HEADER_LEN];
        self.write_to(&mut out);
        out
    }

    /// Writes the 8 bytes of this header into `out` (see
    /// [`to_raw`](FrameHeader::to_raw)).
    pub fn write_to(&self, out: &mut [u8; HEADER_LEN]) {
        out.copy_from_slice(self.to_raw().as_bytes());
    }

    /// This header with the checksum flag set to `on`.
    pub(crate) const fn with_checksum(mut self, on: bool) -> Self {
        self.flags = (self.flags & !FLAG_CHECKSUM) | if on { FLAG_CHECKSUM } else { 0 };
        self
    }
}
