//! Framing: zerowire messages over byte streams and through brokers.
//!
//! A **frame** is a `U32` length followed by an **envelope**: an 8-byte
//! [header](FrameHeader) (magic `"ZW"`, version, payload format, flags, type
//! id), the payload, and an optional CRC32C trailer. The exact bytes are in
//! `docs/FORMAT.md`, section 15.
//!
//! ```text
//! frame    = U32 length (header + payload + trailer) · envelope
//! envelope = header (8 bytes) · payload · [U32 CRC32C of header + payload]
//! header   = 5a 57 · version << 4 | format · flags · U32 type id
//! ```
//!
//! | item | what it is for |
//! |---|---|
//! | [`FrameReader`] / [`FrameWriter`] | blocking `std::io::Read` / `Write` streams |
//! | `FrameCodec` (feature `tokio`) | a tokio-util `Decoder` / `Encoder` for `FramedRead` / `FramedWrite` / `Framed` |
//! | [`encode_envelope`] / [`decode_envelope`] | one envelope in one buffer, for brokers that frame messages themselves (Kafka, NATS, AMQP) |
//! | [`FrameConfig`] | `max_frame_len`, checksum on/off, accepted payload formats |
//! | [`Frame`] | a received frame: its header and its payload, a `Bytes` slice of the read buffer (no copy) |
//! | [`FrameError`] / [`PayloadError`] | errors of the stream / of one frame's payload |
//!
//! Decoders check a frame's length, magic, version, flags and format as soon
//! as its 12 first bytes (length and header) are in. They never reserve
//! memory a peer has only announced: the read buffer grows with the bytes
//! that arrive (at most doubling, and for a large frame ending at exactly
//! its length), so a peer that sends a head and stalls costs a few KiB, not
//! the frame's declared length. Those errors, a checksum
//! mismatch and a stream that ends mid-frame are stream errors
//! ([`FrameError`]): the stream is not resynchronized after one. A payload
//! that is not a valid message is an error for its frame only
//! ([`Frame::to_owned_message`]); the frames after it decode as usual.
//!
//! Typed calls take the header's type id from the type: writers tag a
//! message with [`Message::TYPE_ID`], and a typed read
//! ([`Frame::to_owned_message::<M>`](Frame::to_owned_message)) refuses a frame
//! whose id is not `M`'s ([`PayloadError::TypeMismatch`]). Routers that work
//! with ids of their own use the explicit-id calls
//! ([`FrameWriter::write_message_with_id`], [`Frame::message_with_id`]) and
//! read payloads untyped.
//!
//! ```
//! use zerowire::Message;
//! use zerowire::frame::{FrameReader, FrameWriter};
//!
//! #[derive(Debug, PartialEq, zerowire::Message)]
//! pub struct Quote { pub symbol: String, pub bid: i64, pub ask: i64 }
//!
//! let mut writer = FrameWriter::new(Vec::new());
//! writer.write_message(&Quote { symbol: "ZW".into(), bid: 99, ask: 101 })?;
//! writer.write_message(&Quote { symbol: "ZX".into(), bid: 5, ask: 6 })?;
//! let wire: Vec<u8> = writer.into_inner()?;
//!
//! let mut reader = FrameReader::new(&wire[..]);
//! while let Some(frame) = reader.read_frame()? {
//!     assert_eq!(frame.header.type_id, Quote::TYPE_ID);
//!     let quote = frame.to_owned_message::<Quote>()?; // validated once, kept as `Bytes`
//!     assert!(quote.view().bid() < quote.view().ask());
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use bytes::{Buf, BufMut, Bytes, BytesMut};

use crate::limits::Limits;
use crate::message::{Message, encode_into, encoded_len};
use crate::owned::Owned;

#[cfg(feature = "tokio")]
mod codec;
mod config;
mod error;
mod header;
mod io;

#[cfg(feature = "tokio")]
pub use codec::FrameCodec;
pub use config::FrameConfig;
pub use error::{FrameError, PayloadError};
pub use header::{FrameHeader, PayloadFormat, RawFrameHeader};
pub use io::{FrameReader, FrameWriter};

/// The first two header bytes, `0x5A 0x57` ("ZW").
pub const MAGIC: [u8; 2] = *b"ZW";
/// The frame format version this crate writes and the only one it reads.
pub const VERSION: u8 = 1;
/// Flag bit 0: a CRC32C trailer follows the payload.
pub const FLAG_CHECKSUM: u8 = 0x01;
/// Flag bits 1..7: reserved, must be 0.
pub const RESERVED_FLAGS: u8 = !FLAG_CHECKSUM;
/// Bytes of the length field that starts a frame on a stream.
pub const PREFIX_LEN: usize = 4;
/// Bytes of the frame header.
pub const HEADER_LEN: usize = 8;
/// Bytes of the CRC32C trailer, when flag bit 0 is set.
pub const TRAILER_LEN: usize = 4;
/// Default [`FrameConfig::max_frame_len`]: 8 MiB.
pub const DEFAULT_MAX_FRAME_LEN: usize = 8 << 20;

/// A received (or ready to send) frame: its header and its payload.
///
/// A decoded frame's payload is a `Bytes` slice of the buffer the frame was
/// read into: no copy, and cheap to keep or forward. The trailer, if any,
/// has been verified and is not part of the payload.
///
/// ```
/// use bytes::Bytes;
/// use zerowire::frame::{Frame, FrameHeader, PayloadFormat};
///
/// let frame = Frame::new(FrameHeader::json(3), Bytes::from_static(br#"{"seq":1}"#));
/// assert_eq!(frame.header.format, PayloadFormat::Json);
/// assert_eq!(&frame.payload[..], br#"{"seq":1}"#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    /// The header. Its checksum flag tells whether a trailer came with the
    /// frame; writers set it from their own config.
    pub header: FrameHeader,
    /// The payload: header and trailer excluded.
    pub payload: Bytes,
}

impl Frame {
    /// A frame of `payload` under `header`.
    pub fn new(header: FrameHeader, payload: Bytes) -> Self {
        Frame { header, payload }
    }

    /// A binary frame holding `message` encoded (one allocation), tagged
    /// with its type's id, [`M::TYPE_ID`](Message::TYPE_ID).
    ///
    /// ```
    /// use zerowire::Message;
    /// use zerowire::frame::Frame;
    /// # #[derive(zerowire::Message)] pub struct Ping { pub seq: u64 }
    /// let frame = Frame::message(&Ping { seq: 9 });
    /// assert_eq!(frame.header.type_id, Ping::TYPE_ID);
    /// assert_eq!(frame.to_owned_message::<Ping>()?.view().seq(), 9);
    /// # Ok::<(), zerowire::frame::PayloadError>(())
    /// ```
    pub fn message<M: Message>(message: &M) -> Self {
        Self::message_with_id(message, M::TYPE_ID)
    }

    /// A binary frame holding `message`, tagged with `type_id` as given: for
    /// routers and bridges that number their types themselves. A typed read
    /// ([`to_owned_message`](Frame::to_owned_message)) of such a frame
    /// refuses it unless `type_id` is the type's own id; read its payload
    /// with [`Owned::new`] or [`crate::view`] instead.
    pub fn message_with_id<M: Message>(message: &M, type_id: u32) -> Self {
        Frame { header: FrameHeader::binary(type_id), payload: Bytes::from(crate::encode(message)) }
    }

    /// Checks that this frame's header carries the type id of `M`
    /// ([`Message::TYPE_ID`]): the check every typed read makes before it
    /// looks at the payload.
    ///
    /// ```
    /// use zerowire::Message;
    /// use zerowire::frame::{Frame, PayloadError};
    /// # #[derive(zerowire::Message)] pub struct Ping { pub seq: u64 }
    /// # #[derive(zerowire::Message)] pub struct Pong { pub seq: u64 }
    /// // Same layout, another type: refused, naming both ids.
    /// let frame = Frame::message(&Pong { seq: 1 });
    /// let err = frame.to_owned_message::<Ping>().unwrap_err();
    /// assert_eq!(err, PayloadError::TypeMismatch { expected: Ping::TYPE_ID, found: Pong::TYPE_ID, name: "Ping" });
    /// assert!(frame.expect_type::<Pong>().is_ok());
    /// ```
    pub fn expect_type<M: Message>(&self) -> Result<(), PayloadError> {
        if self.header.type_id == M::TYPE_ID {
            Ok(())
        } else {
            Err(PayloadError::TypeMismatch { expected: M::TYPE_ID, found: self.header.type_id, name: M::NAME })
        }
    }

    /// Validates the payload as a message of type `M` (eager tier, default
    /// [`Limits`]) and keeps it, without copying, as an [`Owned`] whose
    /// view's accessors cannot fail.
    ///
    /// The header's type id must be `M`'s ([`Message::TYPE_ID`]), else
    /// [`PayloadError::TypeMismatch`]: a frame of another type whose layout
    /// happens to validate as `M` is not taken for one. A router that
    /// dispatches on ids of its own reads the payload untyped:
    /// [`Owned::new`]`(frame.payload)` or [`crate::view`].
    ///
    /// An error here is about this frame only: the stream it came from is
    /// fine. A frame whose format is not binary is
    /// [`PayloadError::NotBinary`]; `Frame::into_owned_any_format` (feature
    /// `serde`) also takes JSON frames.
    ///
    /// For the lazy tier, check the id and open the payload directly:
    /// `frame.expect_type::<M>()?; zerowire::view::<M>(&frame.payload)`.
    pub fn to_owned_message<M: Message>(&self) -> Result<Owned<M>, PayloadError> {
        self.to_owned_message_with(&Limits::default())
    }

    /// [`to_owned_message`](Frame::to_owned_message) with explicit limits.
    pub fn to_owned_message_with<M: Message>(&self, limits: &Limits) -> Result<Owned<M>, PayloadError> {
        self.expect_type::<M>()?;
        self.clone().into_owned_message_with(limits)
    }

    /// [`to_owned_message`](Frame::to_owned_message), consuming the frame:
    /// the payload moves into the handle (no reference-count traffic), the
    /// usual way to take a frame off a stream.
    ///
    /// ```
    /// use zerowire::frame::Frame;
    /// # #[derive(zerowire::Message)] pub struct Ping { pub seq: u64 }
    /// let ping = Frame::message(&Ping { seq: 3 }).into_owned_message::<Ping>()?;
    /// assert_eq!(ping.view().seq(), 3);
    /// # Ok::<(), zerowire::frame::PayloadError>(())
    /// ```
    pub fn into_owned_message<M: Message>(self) -> Result<Owned<M>, PayloadError> {
        self.into_owned_message_with(&Limits::default())
    }

    /// [`into_owned_message`](Frame::into_owned_message) with explicit limits.
    pub fn into_owned_message_with<M: Message>(self, limits: &Limits) -> Result<Owned<M>, PayloadError> {
        self.expect_type::<M>()?;
        match self.header.format {
            PayloadFormat::Binary => Ok(Owned::with_limits(self.payload, limits)?),
            other => Err(PayloadError::NotBinary(other)),
        }
    }
}

#[cfg(feature = "serde")]
impl Frame {
    /// A JSON frame holding `message` (feature `serde`), for peers that do
    /// not speak the binary format.
    ///
    /// ```
    /// use zerowire::frame::{Frame, PayloadFormat};
    ///
    /// #[derive(Debug, PartialEq, zerowire::Message)]
    /// pub struct Ping { pub seq: u64 }
    ///
    /// let frame = Frame::json(&Ping { seq: 7 })?;
    /// assert_eq!(frame.header.format, PayloadFormat::Json);
    /// assert_eq!(&frame.payload[..], br#"{"seq":"7"}"#);
    /// // Either format reads back through the same typed calls.
    /// assert_eq!(frame.decode::<Ping>()?, Ping { seq: 7 });
    /// assert_eq!(frame.clone().into_owned_any_format::<Ping>()?.view().seq(), 7);
    /// assert_eq!(Frame::message(&Ping { seq: 7 }).decode::<Ping>()?, Ping { seq: 7 });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn json<M: Message + serde::Serialize>(message: &M) -> Result<Self, crate::json::Error> {
        Self::json_with_id(message, M::TYPE_ID)
    }

    /// A JSON frame holding `message`, tagged with `type_id` as given (see
    /// [`Frame::message_with_id`]); `message` need not be a [`Message`].
    pub fn json_with_id<M: serde::Serialize>(message: &M, type_id: u32) -> Result<Self, crate::json::Error> {
        Ok(Frame { header: FrameHeader::json(type_id), payload: Bytes::from(crate::json::to_vec(message)?) })
    }

    /// [`into_owned_message`](Frame::into_owned_message) for either format:
    /// a JSON payload is read as `M` and encoded, so the application handles
    /// the same typed [`Owned`] view whatever the peer sent. The header's
    /// type id must be `M`'s, as for [`into_owned_message`](Frame::into_owned_message).
    pub fn into_owned_any_format<M: Message + serde::de::DeserializeOwned>(self) -> Result<Owned<M>, PayloadError> {
        self.into_owned_any_format_with(&Limits::default())
    }

    /// [`into_owned_any_format`](Frame::into_owned_any_format) with
    /// explicit limits, which bound both formats: the binary form's size
    /// and depth, the JSON form's length and nesting.
    pub fn into_owned_any_format_with<M: Message + serde::de::DeserializeOwned>(
        self,
        limits: &Limits,
    ) -> Result<Owned<M>, PayloadError> {
        self.expect_type::<M>()?;
        match self.header.format {
            PayloadFormat::Json => crate::http::owned_from_json::<M>(&self.payload, limits),
            _ => self.into_owned_message_with(limits),
        }
    }

    /// Decodes the payload into an owned `M`, whichever format the header
    /// names: binary (one checked pass, [`crate::decode`]) or JSON
    /// ([`crate::json::from_slice`]); default [`Limits`]. The header's type
    /// id must be `M`'s ([`PayloadError::TypeMismatch`] otherwise).
    pub fn decode<M: Message + serde::de::DeserializeOwned>(&self) -> Result<M, PayloadError> {
        self.expect_type::<M>()?;
        match self.header.format {
            PayloadFormat::Binary => Ok(crate::decode::<M>(&self.payload)?),
            PayloadFormat::Json => Ok(crate::json::from_slice::<M>(&self.payload)?),
            other => Err(PayloadError::NotBinary(other)),
        }
    }

    /// Writes the payload as JSON, whichever format the header names: a
    /// binary payload is validated and written from its view (no owned
    /// value is built), a JSON payload is read and written back canonically.
    /// The header's type id must be `M`'s ([`PayloadError::TypeMismatch`]
    /// otherwise).
    pub fn to_json<M>(&self) -> Result<Vec<u8>, PayloadError>
    where
        M: Message + serde::de::DeserializeOwned + serde::Serialize,
        for<'a> M::View<'a>: serde::Serialize,
    {
        self.expect_type::<M>()?;
        match self.header.format {
            PayloadFormat::Binary => {
                let view = crate::mode::lazy::<M>(crate::validate::<M>(&self.payload)?);
                Ok(crate::json::to_vec(&view)?)
            }
            PayloadFormat::Json => Ok(crate::json::to_vec(&crate::json::from_slice::<M>(&self.payload)?)?),
            other => Err(PayloadError::NotBinary(other)),
        }
    }
}

/// Encodes one envelope: `header`, `payload` and, if `checksum`, a CRC32C
/// trailer; no length prefix. For brokers that frame messages themselves
/// (a Kafka record value, a NATS message body).
///
/// `checksum` sets or clears the header's checksum flag; its other fields
/// are written as they are.
///
/// ```
/// use bytes::Bytes;
/// use zerowire::frame::{FrameHeader, decode_envelope, encode_envelope};
/// # #[derive(zerowire::Message)] pub struct Ping { pub seq: u64 }
///
/// let payload = zerowire::encode(&Ping { seq: 5 });
/// let envelope: Bytes = encode_envelope(&FrameHeader::binary(12), &payload, true);
/// assert_eq!(envelope.len(), 8 + payload.len() + 4);
///
/// let frame = decode_envelope(&envelope)?;
/// assert_eq!(frame.header.type_id, 12);
/// // Tagged by hand with an id that is not `Ping`'s: read it untyped.
/// assert_eq!(zerowire::Owned::<Ping>::new(frame.payload)?.view().seq(), 5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn encode_envelope(header: &FrameHeader, payload: &[u8], checksum: bool) -> Bytes {
    let mut out = BytesMut::with_capacity(HEADER_LEN + payload.len() + TRAILER_LEN);
    let start = put_head(&mut out, header, checksum, None);
    out.put_slice(payload);
    put_trailer(&mut out, start, checksum);
    out.freeze()
}

/// Decodes one envelope delivered whole (header, payload, optional trailer;
/// no length prefix) with the default [`FrameConfig`]: checks the header,
/// verifies the trailer if its flag is set, and returns the frame, whose
/// payload is a slice of `envelope` (no copy). See
/// [`FrameConfig::decode_envelope`] for other limits and formats.
pub fn decode_envelope(envelope: &Bytes) -> Result<Frame, FrameError> {
    FrameConfig::default().decode_envelope(envelope)
}

/// Splits a complete envelope into its frame, verifying the trailer.
pub(crate) fn finish(envelope: &Bytes, header: FrameHeader) -> Result<Frame, FrameError> {
    let end = payload_end(envelope, header)?;
    Ok(Frame { header, payload: envelope.slice(HEADER_LEN..end) })
}

/// Where the payload of a complete `envelope` ends (before its trailer,
/// if any), once the trailer is verified.
fn payload_end(envelope: &[u8], header: FrameHeader) -> Result<usize, FrameError> {
    let mut end = envelope.len();
    if header.has_checksum() {
        end -= TRAILER_LEN;
        let expected = u32::from_le_bytes(envelope[end..].try_into().expect("4 bytes"));
        let actual = crc32c::crc32c(&envelope[..end]);
        if expected != actual {
            return Err(FrameError::Checksum { expected, actual });
        }
    }
    Ok(end)
}

/// Appends the length field (if `len` is given) and the header; returns
/// where the envelope starts (where the checksum begins).
fn put_head(dst: &mut BytesMut, header: &FrameHeader, checksum: bool, len: Option<u32>) -> usize {
    if let Some(len) = len {
        dst.put_u32_le(len);
    }
    let start = dst.len();
    dst.put_slice(&header.with_checksum(checksum).to_bytes());
    start
}

/// Appends the CRC32C of `dst[start..]` if `checksum`.
fn put_trailer(dst: &mut BytesMut, start: usize, checksum: bool) {
    if checksum {
        let crc = crc32c::crc32c(&dst[start..]);
        dst.put_u32_le(crc);
    }
}

/// The length field of a frame with a `payload`-byte payload, checked
/// against `max`.
fn frame_len(payload: usize, checksum: bool, max: usize) -> Result<u32, FrameError> {
    let len = payload.saturating_add(HEADER_LEN + if checksum { TRAILER_LEN } else { 0 });
    match u32::try_from(len) {
        Ok(l) if len <= max => Ok(l),
        _ => Err(FrameError::TooLong { len, max }),
    }
}

/// Appends a whole frame (length, header, payload, trailer) to `dst`.
pub(crate) fn put_frame(
    dst: &mut BytesMut,
    header: &FrameHeader,
    payload: &[u8],
    config: &FrameConfig,
) -> Result<(), FrameError> {
    let checksum = config.writes_checksum();
    let len = frame_len(payload.len(), checksum, config.frame_len_limit())?;
    dst.reserve(PREFIX_LEN + len as usize);
    let start = put_head(dst, header, checksum, Some(len));
    dst.put_slice(payload);
    put_trailer(dst, start, checksum);
    Ok(())
}

/// Appends a whole frame holding `message`, encoded straight into `dst`
/// after the length and header (no intermediate buffer).
pub(crate) fn put_message<M: Message>(
    dst: &mut BytesMut,
    message: &M,
    type_id: u32,
    config: &FrameConfig,
) -> Result<(), FrameError> {
    let checksum = config.writes_checksum();
    let size = encoded_len(message);
    let len = frame_len(size, checksum, config.frame_len_limit())?;
    dst.reserve(PREFIX_LEN + len as usize);
    let start = put_head(dst, &FrameHeader::binary(type_id), checksum, Some(len));
    encode_into(message, dst);
    debug_assert_eq!(dst.len() - start, HEADER_LEN + size);
    put_trailer(dst, start, checksum);
    Ok(())
}

/// Frames longer than this (length field included) end their growth with a
/// buffer of exactly their size rather than a doubled one.
const EXACT_RESERVE: usize = 64 * 1024;
/// The room a decoder keeps free in the read buffer inside a frame (or the
/// rest of the frame, if less): what the next read can fill without the
/// buffer growing. An 8 KiB read buffer that holds a frame's head has it,
/// so a head alone costs nothing more.
const KEEP_FREE: usize = 4 * 1024;
/// The least a read buffer grows by inside a frame.
const GROW_MIN: usize = 8 * 1024;

/// Where a decoder is in the current frame.
#[derive(Clone, Copy, Debug)]
enum State {
    /// Waiting for the length field and header.
    Head,
    /// The head was checked; waiting for the rest of a frame of `len` bytes
    /// (length field included).
    Data { header: FrameHeader, len: usize },
}

/// The decoding state machine shared by [`FrameReader`] and `FrameCodec`:
/// takes frames off the front of a `BytesMut`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Unframer {
    config: FrameConfig,
    state: State,
}

impl Unframer {
    pub(crate) fn new(config: FrameConfig) -> Self {
        Unframer { config, state: State::Head }
    }

    pub(crate) fn config(&self) -> &FrameConfig {
        &self.config
    }

    /// Takes the next frame off the front of `buf` if it is all there.
    /// Otherwise returns `None`, with room in `buf` for the next read.
    ///
    /// Memory follows the bytes that arrived, never the length a peer
    /// announced: inside a frame whose head passed the checks, the buffer
    /// keeps at least `min(missing, 4 KiB)` bytes free and grows by at most
    /// doubling what it holds, up to the frame's length (a frame over
    /// 64 KiB ends with a buffer of exactly its size).
    pub(crate) fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Frame>, FrameError> {
        if let State::Head = self.state {
            if buf.len() < PREFIX_LEN {
                return Ok(None);
            }
            let len = u32::from_le_bytes(buf[..PREFIX_LEN].try_into().expect("4 bytes")) as usize;
            if len < HEADER_LEN {
                return Err(FrameError::TooShort { len, min: HEADER_LEN });
            }
            if buf.len() < PREFIX_LEN + HEADER_LEN {
                return Ok(None);
            }
            let header = self.config.check_head(len, &buf[PREFIX_LEN..])?;
            self.state = State::Data { header, len: PREFIX_LEN + len };
        }
        let State::Data { header, len } = self.state else { unreachable!("the head was just read") };
        if buf.len() < len {
            make_room(buf, len);
            return Ok(None);
        }
        self.state = State::Head;
        // Trim the frame down to its payload while it is still a `BytesMut`
        // (moving pointers) and freeze it once: the frame costs one
        // reference count increment (`split_to`), not one per `slice`.
        let mut frame = buf.split_to(len);
        let end = payload_end(&frame[PREFIX_LEN..], header)?;
        frame.truncate(PREFIX_LEN + end);
        frame.advance(PREFIX_LEN + HEADER_LEN);
        Ok(Some(Frame { header, payload: frame.freeze() }))
    }

    /// Whether the length and header of the current frame are not in yet.
    pub(crate) fn in_head(&self) -> bool {
        matches!(self.state, State::Head)
    }

    /// Whether no part of a frame has been taken yet (`buf` empty and the
    /// machine between frames).
    pub(crate) fn at_boundary(&self, buf: &BytesMut) -> bool {
        matches!(self.state, State::Head) && buf.is_empty()
    }

    /// Bytes the current frame is known to need: its whole length once the
    /// head is in, the length field and header before.
    pub(crate) fn expected(&self) -> usize {
        match self.state {
            State::Head => PREFIX_LEN + HEADER_LEN,
            State::Data { len, .. } => len,
        }
    }

    /// The error for a stream that ended with `buf` holding part of a frame.
    pub(crate) fn eof_error(&self, buf: &BytesMut) -> FrameError {
        FrameError::UnexpectedEof { expected: self.expected(), got: buf.len() }
    }
}

/// Makes room in `buf`, which holds the first bytes of a frame of `total`
/// bytes, for the next read: at least `min(missing, KEEP_FREE)` free bytes.
/// A buffer that lacks them grows to `min(total, max(2 × held, held +
/// GROW_MIN))`, so what a peer makes the decoder hold is at most about twice
/// what it sent (plus `GROW_MIN`), whatever length it announced.
fn make_room(buf: &mut BytesMut, total: usize) {
    let held = buf.len();
    let missing = total - held;
    if buf.capacity() - held >= missing.min(KEEP_FREE) {
        return;
    }
    let target = total.min(held.saturating_mul(2).max(held + GROW_MIN));
    if target == total && total > EXACT_RESERVE {
        // `reserve` may double the allocation, as a `Vec` does: the last
        // step of a large frame allocates exactly what the frame needs.
        let mut exact = BytesMut::with_capacity(total);
        exact.extend_from_slice(buf);
        *buf = exact;
    } else {
        buf.reserve(target - held);
    }
}
