//! The tokio-util codec (feature `tokio`).

use bytes::BytesMut;
use tokio_util::codec::{Decoder, Encoder};

use super::{Frame, FrameConfig, FrameError, Unframer, put_frame, put_message};
use crate::message::Message;

/// A tokio-util [`Decoder`] / [`Encoder`] of frames, for `FramedRead`,
/// `FramedWrite` and `Framed` (feature `tokio`).
///
/// Decoding works like tokio-util's `LengthDelimitedCodec`: a head state
/// waits for the length field and header (12 bytes) and checks them: magic,
/// version, flags, length against `max_frame_len`, payload format; a data
/// state waits for the rest. The decoder never reserves what a peer has
/// only announced: the read buffer grows with the bytes that arrive (at
/// most doubling; for a frame over 64 KiB the last step allocates exactly
/// the frame's size), so a connection that sends a head and stalls holds a
/// few KiB, not `max_frame_len`. Each frame is split off the read
/// buffer (`split_to(..).freeze()`), so its payload is a `Bytes` slice of
/// it, not a copy. A stream that ends inside a frame is
/// [`FrameError::UnexpectedEof`].
///
/// Encoding takes a [`Frame`] (or `&Frame`), or a message `&M`, tagged with
/// [`M::TYPE_ID`](Message::TYPE_ID) and encoded straight into the write
/// buffer; `(&M, u32)` tags it with an explicit id instead, for routers
/// with ids of their own. (As the
/// codec encodes several item types, a `Sink` method that takes no item
/// names one: `SinkExt::<Frame>::flush(&mut sink)`.)
///
/// ```
/// use bytes::BytesMut;
/// use tokio_util::codec::{Decoder, Encoder};
/// use zerowire::frame::{FrameCodec, FrameConfig};
/// # #[derive(zerowire::Message)] pub struct Ping { pub seq: u64 }
///
/// let mut codec = FrameConfig::default().checksum(true).new_codec();
/// let mut wire = BytesMut::new();
/// codec.encode(&Ping { seq: 1 }, &mut wire)?;
/// codec.encode(&Ping { seq: 2 }, &mut wire)?;
///
/// // Bytes arrive in pieces: the decoder waits for whole frames.
/// let mut buf = BytesMut::new();
/// let mut seqs = Vec::new();
/// for chunk in wire.chunks(5) {
///     buf.extend_from_slice(chunk);
///     while let Some(frame) = codec.decode(&mut buf)? {
///         seqs.push(frame.to_owned_message::<Ping>().unwrap().view().seq());
///     }
/// }
/// assert_eq!(seqs, [1, 2]);
/// # Ok::<(), zerowire::frame::FrameError>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct FrameCodec {
    unframer: Unframer,
}

impl Default for FrameCodec {
    fn default() -> Self {
        Self::new()
    }
}

impl FrameCodec {
    /// A codec with the default [`FrameConfig`].
    pub fn new() -> Self {
        Self::with_config(FrameConfig::default())
    }

    /// A codec with `config`.
    pub fn with_config(config: FrameConfig) -> Self {
        FrameCodec { unframer: Unframer::new(config) }
    }

    /// The config this codec works with.
    pub fn config(&self) -> &FrameConfig {
        self.unframer.config()
    }
}

impl Decoder for FrameCodec {
    type Item = Frame;
    type Error = FrameError;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<Frame>, FrameError> {
        self.unframer.decode(src)
    }

    fn decode_eof(&mut self, buf: &mut BytesMut) -> Result<Option<Frame>, FrameError> {
        match self.decode(buf)? {
            Some(frame) => Ok(Some(frame)),
            None if self.unframer.at_boundary(buf) => Ok(None),
            None => Err(self.unframer.eof_error(buf)),
        }
    }
}

impl Encoder<Frame> for FrameCodec {
    type Error = FrameError;

    /// Appends `frame` (the checksum flag set from the config). Fails with
    /// [`FrameError::TooLong`], appending nothing, over `max_frame_len`.
    fn encode(&mut self, frame: Frame, dst: &mut BytesMut) -> Result<(), FrameError> {
        put_frame(dst, &frame.header, &frame.payload, self.config())
    }
}

impl Encoder<&Frame> for FrameCodec {
    type Error = FrameError;

    /// As `Encoder<Frame>`.
    fn encode(&mut self, frame: &Frame, dst: &mut BytesMut) -> Result<(), FrameError> {
        put_frame(dst, &frame.header, &frame.payload, self.config())
    }
}

impl<M: Message> Encoder<&M> for FrameCodec {
    type Error = FrameError;

    /// Appends a binary frame holding `message`, tagged with
    /// [`M::TYPE_ID`](Message::TYPE_ID), encoding the message straight into
    /// `dst`. Fails with [`FrameError::TooLong`], appending nothing, over
    /// `max_frame_len`.
    fn encode(&mut self, message: &M, dst: &mut BytesMut) -> Result<(), FrameError> {
        put_message(dst, message, M::TYPE_ID, self.config())
    }
}

impl<M: Message> Encoder<(&M, u32)> for FrameCodec {
    type Error = FrameError;

    /// Appends a binary frame holding `message`, tagged with the given type
    /// id (see [`FrameWriter::write_message_with_id`](super::FrameWriter::write_message_with_id)), encoding the message straight into `dst`. Fails with
    /// [`FrameError::TooLong`], appending nothing, over `max_frame_len`.
    fn encode(&mut self, (message, type_id): (&M, u32), dst: &mut BytesMut) -> Result<(), FrameError> {
        put_message(dst, message, type_id, self.config())
    }
}
