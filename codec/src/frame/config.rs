//! [`FrameConfig`]: limits and options shared by readers, writers and the
//! tokio codec.

use bytes::Bytes;

use super::{DEFAULT_MAX_FRAME_LEN, Frame, FrameError, FrameReader, FrameWriter, PayloadFormat};

/// Options of a frame reader, writer or codec, built in the style of
/// tokio-util's `LengthDelimitedCodec` builder.
///
/// - [`max_frame_len`](FrameConfig::max_frame_len): the largest frame, in
///   bytes after its length field (header + payload + trailer); default
///   8 MiB. A decoder refuses a longer frame as soon as its length and header
///   are in, and reserves memory for a frame only as its bytes arrive; an
///   encoder refuses to write one.
/// - [`checksum`](FrameConfig::checksum): whether writers append a CRC32C
///   trailer (default off). A received trailer is always verified when its
///   flag is set, whatever this says.
/// - [`accept`](FrameConfig::accept): the payload formats a decoder takes
///   (default binary and JSON); a frame of another format is
///   [`FrameError::UnsupportedFormat`].
///
/// ```
/// use zerowire::frame::{FrameConfig, PayloadFormat};
///
/// let config = FrameConfig::default()
///     .max_frame_len(64 * 1024)
///     .checksum(true)
///     .accept([PayloadFormat::Binary]);
/// assert_eq!(config.frame_len_limit(), 65536);
/// assert!(config.writes_checksum());
/// assert!(config.accepts(PayloadFormat::Binary));
/// assert!(!config.accepts(PayloadFormat::Json));
///
/// let mut writer = config.new_writer(Vec::new());
/// # #[derive(zerowire::Message)] pub struct Ping { pub seq: u64 }
/// writer.write_message(&Ping { seq: 1 })?;
/// let bytes = writer.into_inner()?;
/// let frame = config.new_reader(&bytes[..]).read_frame()?.unwrap();
/// assert!(frame.header.has_checksum());
/// # Ok::<(), zerowire::frame::FrameError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameConfig {
    max_frame_len: usize,
    checksum: bool,
    /// Bit `n` set: payload format code `n` accepted.
    accepted: u16,
}

impl Default for FrameConfig {
    fn default() -> Self {
        FrameConfig { max_frame_len: DEFAULT_MAX_FRAME_LEN, checksum: false, accepted: 0b11 }
    }
}

impl FrameConfig {
    /// Sets the largest frame, in bytes after the length field (header +
    /// payload + trailer). Values above `u32::MAX`, which the length field
    /// cannot carry, are taken as `u32::MAX`.
    pub fn max_frame_len(mut self, len: usize) -> Self {
        self.max_frame_len = len.min(u32::MAX as usize);
        self
    }

    /// Whether writers append a CRC32C trailer to each frame.
    pub fn checksum(mut self, on: bool) -> Self {
        self.checksum = on;
        self
    }

    /// Sets the payload formats a decoder accepts (replacing the default,
    /// binary and JSON). `Other` codes above 15 are ignored.
    pub fn accept(mut self, formats: impl IntoIterator<Item = PayloadFormat>) -> Self {
        self.accepted = 0;
        for f in formats {
            if f.code() < 16 {
                self.accepted |= 1 << f.code();
            }
        }
        self
    }

    /// The largest frame, in bytes after the length field.
    pub fn frame_len_limit(&self) -> usize {
        self.max_frame_len
    }

    /// Whether writers append a CRC32C trailer.
    pub fn writes_checksum(&self) -> bool {
        self.checksum
    }

    /// Whether a decoder accepts frames of `format`.
    pub fn accepts(&self, format: PayloadFormat) -> bool {
        format.code() < 16 && self.accepted & (1 << format.code()) != 0
    }

    /// A blocking reader of frames from `reader` with this config.
    pub fn new_reader<R: std::io::Read>(self, reader: R) -> FrameReader<R> {
        FrameReader::with_config(reader, self)
    }

    /// A blocking writer of frames to `writer` with this config.
    pub fn new_writer<W: std::io::Write>(self, writer: W) -> FrameWriter<W> {
        FrameWriter::with_config(writer, self)
    }

    /// A tokio-util codec with this config.
    #[cfg(feature = "tokio")]
    pub fn new_codec(self) -> super::FrameCodec {
        super::FrameCodec::with_config(self)
    }

    /// Decodes one envelope (header, payload, optional trailer; no length
    /// prefix) that a broker delivered whole, with this config's limit and
    /// accepted formats. See [`decode_envelope`](super::decode_envelope).
    pub fn decode_envelope(&self, envelope: &Bytes) -> Result<Frame, FrameError> {
        let header = self.check_head(envelope.len(), envelope)?;
        super::finish(envelope, header)
    }

    /// The checks of a frame's head: `len` is the envelope length (the
    /// length field), `header` at least its first 8 bytes. Returns the
    /// header if the frame may be read.
    pub(crate) fn check_head(&self, len: usize, header: &[u8]) -> Result<super::FrameHeader, FrameError> {
        let header = super::FrameHeader::parse(header)?;
        let min = super::HEADER_LEN + if header.has_checksum() { super::TRAILER_LEN } else { 0 };
        if len < min {
            return Err(FrameError::TooShort { len, min });
        }
        if len > self.max_frame_len {
            return Err(FrameError::TooLong { len, max: self.max_frame_len });
        }
        if !self.accepts(header.format) {
            return Err(FrameError::UnsupportedFormat(header.format.code()));
        }
        Ok(header)
    }
}
