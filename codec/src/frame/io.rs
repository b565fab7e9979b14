//! Blocking frame I/O over `std::io::Read` / `std::io::Write`.

use std::io::{self, Read, Write};

use bytes::{Buf, BytesMut};

use super::{Frame, FrameConfig, FrameError, Unframer, put_frame, put_message};
use crate::message::Message;

/// Bytes a reader keeps free between frames (and reads ahead by).
const READ_CHUNK: usize = 8 * 1024;
/// The most a reader asks for in one `read` call.
const MAX_READ: usize = 64 * 1024;
/// The least a reader asks for in one `read` call (unless the buffer has
/// less room).
const MIN_READ: usize = 64;
/// A writer hands its buffer to the inner writer once it holds this much.
const WRITE_CHUNK: usize = 8 * 1024;

/// Reads frames from a blocking `std::io::Read`, into one reusable buffer.
///
/// Each frame's payload is a `Bytes` slice of that buffer (no copy); the
/// buffer's memory is reused once the frames taken from it are dropped.
/// The reader checks a frame's length and header as soon as its first 12
/// bytes are in, and grows its buffer with the bytes that arrive, not with
/// the length announced (for a frame over 64 KiB, it ends with a buffer of
/// exactly its size; see [`FrameConfig`]). Between frames it reads ahead by
/// up to 8 KiB, so it needs no `BufReader`. Its work is linear in the bytes
/// received, however the peer splits them: a read asks for at most twice
/// what the previous one returned (64 bytes at least, 64 KiB at most).
///
/// Also an `Iterator` of `Result<Frame, FrameError>`.
///
/// ```
/// use zerowire::frame::{FrameError, FrameReader, FrameWriter};
/// # #[derive(zerowire::Message)] pub struct Ping { pub seq: u64 }
///
/// let mut writer = FrameWriter::new(Vec::new());
/// for seq in 0..3 {
///     writer.write_message(&Ping { seq })?;
/// }
/// let mut wire = writer.into_inner()?;
/// wire.truncate(wire.len() - 1); // the connection drops in the last frame
///
/// let mut reader = FrameReader::new(&wire[..]);
/// assert_eq!(reader.read_frame()?.unwrap().to_owned_message::<Ping>().unwrap().view().seq(), 0);
/// assert_eq!(reader.read_frame()?.unwrap().to_owned_message::<Ping>().unwrap().view().seq(), 1);
/// assert!(matches!(reader.read_frame(), Err(FrameError::UnexpectedEof { .. })));
/// assert!(reader.read_frame()?.is_none()); // finished
/// # Ok::<(), FrameError>(())
/// ```
#[derive(Debug)]
pub struct FrameReader<R> {
    inner: R,
    buf: BytesMut,
    unframer: Unframer,
    done: bool,
    /// Bytes the last `read` call returned. The bytes a reader asks for are
    /// zeroed first (safe code cannot read into uninitialized memory), so
    /// it asks for at most twice what the last call gave: a peer that sends
    /// a byte at a time costs a few dozen bytes of zeroing per byte, not a
    /// 64 KiB zero-fill per byte.
    last_read: usize,
}

impl<R: Read> FrameReader<R> {
    /// A reader with the default [`FrameConfig`].
    pub fn new(reader: R) -> Self {
        Self::with_config(reader, FrameConfig::default())
    }

    /// A reader with `config` (its `max_frame_len` and accepted formats).
    pub fn with_config(reader: R, config: FrameConfig) -> Self {
        FrameReader {
            inner: reader,
            buf: BytesMut::new(),
            unframer: Unframer::new(config),
            done: false,
            last_read: READ_CHUNK,
        }
    }

    /// Reads the next frame.
    ///
    /// Returns `Ok(None)` when the stream ends cleanly between two frames,
    /// and [`FrameError::UnexpectedEof`] when it ends inside one (the frames
    /// before it having been returned). After any error but
    /// [`FrameError::Io`], the reader is finished and returns `Ok(None)`; an
    /// `Io` error (a timeout, `WouldBlock`) leaves it where it was, and the
    /// next call goes on with the same frame. `Interrupted` is retried.
    pub fn read_frame(&mut self) -> Result<Option<Frame>, FrameError> {
        if self.done {
            return Ok(None);
        }
        loop {
            match self.unframer.decode(&mut self.buf) {
                Ok(Some(frame)) => return Ok(Some(frame)),
                Ok(None) => {}
                Err(e) => {
                    self.done = true;
                    return Err(e);
                }
            }
            let have = self.buf.len();
            if self.unframer.in_head() {
                self.buf.reserve(READ_CHUNK);
            }
            // Inside a frame the decoder left room for the next read: fill
            // (part of) that, never growing the buffer.
            let spare = self.buf.capacity() - have;
            let want = spare.min(MAX_READ).min(self.last_read.saturating_mul(2).max(MIN_READ));
            self.buf.resize(have + want, 0);
            let got = loop {
                match self.inner.read(&mut self.buf[have..]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        self.buf.truncate(have);
                        return Err(FrameError::Io(e));
                    }
                }
            };
            self.buf.truncate(have + got);
            self.last_read = got;
            if got == 0 {
                self.done = true;
                if self.unframer.at_boundary(&self.buf) {
                    return Ok(None);
                }
                return Err(self.unframer.eof_error(&self.buf));
            }
        }
    }

    /// The config this reader decodes with.
    pub fn config(&self) -> &FrameConfig {
        self.unframer.config()
    }

    /// Bytes read from the stream but not returned in a frame yet (the
    /// start of the next frame, or what a protocol switch takes over).
    pub fn read_buffer(&self) -> &BytesMut {
        &self.buf
    }

    /// The inner reader.
    pub fn get_ref(&self) -> &R {
        &self.inner
    }

    /// The inner reader. Reading from it directly loses the reader's place.
    pub fn get_mut(&mut self) -> &mut R {
        &mut self.inner
    }

    /// Gives back the inner reader; bytes in [`read_buffer`](FrameReader::read_buffer) are lost.
    pub fn into_inner(self) -> R {
        self.inner
    }
}

impl<R: Read> Iterator for FrameReader<R> {
    type Item = Result<Frame, FrameError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.read_frame().transpose()
    }
}

/// Writes frames to a blocking `std::io::Write`, through one reusable
/// buffer.
///
/// [`write_message`](FrameWriter::write_message) encodes the message
/// straight into that buffer, after its length and header (no intermediate
/// copy). Like a `BufWriter`, it hands the buffer to the inner writer once
/// it holds 8 KiB or more, so many small frames cost few system calls:
/// call [`flush`](FrameWriter::flush) when a peer must see what was written
/// (dropping the writer flushes too, ignoring errors).
///
/// ```
/// use zerowire::frame::{FrameReader, FrameWriter};
/// # #[derive(zerowire::Message)] pub struct Ping { pub seq: u64 }
///
/// let mut writer = FrameWriter::new(Vec::new());
/// writer.write_message(&Ping { seq: 1 })?;
/// writer.flush()?;
/// let wire = writer.get_ref();
/// assert_eq!(&wire[4..6], b"ZW");
///
/// let frame = FrameReader::new(&wire[..]).read_frame()?.unwrap();
/// assert_eq!(frame.header.type_id, <Ping as zerowire::Message>::TYPE_ID);
/// # Ok::<(), zerowire::frame::FrameError>(())
/// ```
#[derive(Debug)]
pub struct FrameWriter<W: Write> {
    /// `None` only once `into_inner` took it.
    inner: Option<W>,
    buf: BytesMut,
    config: FrameConfig,
}

impl<W: Write> FrameWriter<W> {
    /// A writer with the default [`FrameConfig`].
    pub fn new(writer: W) -> Self {
        Self::with_config(writer, FrameConfig::default())
    }

    /// A writer with `config` (its `max_frame_len` and `checksum`).
    pub fn with_config(writer: W, config: FrameConfig) -> Self {
        FrameWriter { inner: Some(writer), buf: BytesMut::new(), config }
    }

    /// Writes a binary frame holding `message`, tagged with its type's id
    /// ([`Message::TYPE_ID`]), which typed reads check.
    ///
    /// Fails with [`FrameError::TooLong`] (writing nothing) if the frame
    /// would exceed the config's `max_frame_len`.
    pub fn write_message<M: Message>(&mut self, message: &M) -> Result<(), FrameError> {
        self.write_message_with_id(message, M::TYPE_ID)
    }

    /// Writes a binary frame holding `message`, tagged with `type_id` as
    /// given: for routers and bridges with ids of their own (a typed read
    /// of the frame refuses it unless `type_id` is `M::TYPE_ID`).
    pub fn write_message_with_id<M: Message>(&mut self, message: &M, type_id: u32) -> Result<(), FrameError> {
        put_message(&mut self.buf, message, type_id, &self.config)?;
        self.drain_if_full()
    }

    /// Writes `frame`: its header (the checksum flag set from this
    /// writer's config) and payload. Forwards a received frame without
    /// re-encoding its message.
    pub fn write_frame(&mut self, frame: &Frame) -> Result<(), FrameError> {
        put_frame(&mut self.buf, &frame.header, &frame.payload, &self.config)?;
        self.drain_if_full()
    }

    /// Writes all buffered frames and flushes the inner writer.
    pub fn flush(&mut self) -> Result<(), FrameError> {
        self.drain()?;
        self.inner_mut().flush()?;
        Ok(())
    }

    /// The config this writer encodes with.
    pub fn config(&self) -> &FrameConfig {
        &self.config
    }

    /// Bytes of frames written to this writer and not yet to the inner one.
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// The inner writer.
    pub fn get_ref(&self) -> &W {
        self.inner.as_ref().expect("present until into_inner")
    }

    /// The inner writer. Writing to it directly, with frames still
    /// buffered, breaks the stream: [`flush`](FrameWriter::flush) first.
    pub fn get_mut(&mut self) -> &mut W {
        self.inner_mut()
    }

    /// Flushes, then gives back the inner writer.
    pub fn into_inner(mut self) -> Result<W, FrameError> {
        self.flush()?;
        Ok(self.inner.take().expect("present until into_inner"))
    }

    fn inner_mut(&mut self) -> &mut W {
        self.inner.as_mut().expect("present until into_inner")
    }

    fn drain_if_full(&mut self) -> Result<(), FrameError> {
        if self.buf.len() >= WRITE_CHUNK { self.drain() } else { Ok(()) }
    }

    /// Writes the buffer out. On an error, what was not written stays
    /// buffered for the next try.
    fn drain(&mut self) -> Result<(), FrameError> {
        let Some(inner) = self.inner.as_mut() else { return Ok(()) };
        while !self.buf.is_empty() {
            match inner.write(&self.buf) {
                Ok(0) => return Err(FrameError::Io(io::ErrorKind::WriteZero.into())),
                Ok(n) => self.buf.advance(n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(FrameError::Io(e)),
            }
        }
        self.buf.clear();
        Ok(())
    }
}

impl<W: Write> Drop for FrameWriter<W> {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = self.drain();
        }
    }
}
