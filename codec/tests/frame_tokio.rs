//! The tokio-util codec (`zerowire::frame::FrameCodec`, feature `tokio`):
//! every split of the input, `FramedRead` over a chunking reader, stream
//! errors before buffering, and 100,000 messages over a loopback socket.

use zerowire_test_support::common;

use common::Rng;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncRead, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_util::codec::{Decoder, Encoder, FramedRead, FramedWrite};
use zerowire::Message;
use zerowire::frame::{
    Frame, FrameCodec, FrameConfig, FrameError, FrameHeader, FrameReader, PayloadError, PayloadFormat,
};

#[derive(Debug, Clone, PartialEq, zerowire::Message)]
struct Tick {
    seq: u64,
    symbol: String,
    prices: Vec<i64>,
}

fn tick(seq: u64) -> Tick {
    Tick { seq, symbol: format!("SYM{}", seq % 7), prices: (0..(seq % 5) as i64).map(|p| p * 100 - 7).collect() }
}

/// Three frames (binary without trailer, binary with a CRC32C trailer,
/// JSON) and their bytes, written by the codec's encoders.
fn three_frames() -> (Vec<Frame>, BytesMut) {
    let frames = vec![
        Frame::message_with_id(&tick(1), 7),
        Frame {
            header: FrameHeader { flags: 1, ..FrameHeader::binary(8) },
            payload: zerowire::encode(&tick(4)).into(),
        },
        Frame::new(FrameHeader::json(9), Bytes::from_static(br#"{"seq":3,"symbol":"SYM3"}"#)),
    ];
    let mut wire = BytesMut::new();
    let mut plain = FrameCodec::new();
    let mut checked = FrameConfig::default().checksum(true).new_codec();
    plain.encode((&tick(1), 7), &mut wire).unwrap();
    checked.encode(&frames[1], &mut wire).unwrap();
    plain.encode(frames[2].clone(), &mut wire).unwrap();
    (frames, wire)
}

/// Feeds `wire` to a fresh codec in pieces of `sizes` (the last repeats),
/// as `FramedRead` does, and collects what comes out.
fn decode_in_pieces(config: FrameConfig, wire: &[u8], sizes: &[usize]) -> (Vec<Frame>, Option<FrameError>) {
    let mut codec = config.new_codec();
    let mut buf = BytesMut::new();
    let mut frames = Vec::new();
    let mut at = 0;
    let mut i = 0;
    loop {
        let step = if at < wire.len() { sizes[i.min(sizes.len() - 1)].min(wire.len() - at) } else { 0 };
        i += 1;
        buf.extend_from_slice(&wire[at..at + step]);
        at += step;
        let result = if step == 0 { codec.decode_eof(&mut buf) } else { codec.decode(&mut buf) };
        match result {
            Ok(Some(f)) => {
                frames.push(f);
                // Drain what is complete before feeding more.
                loop {
                    match codec.decode(&mut buf) {
                        Ok(Some(f)) => frames.push(f),
                        Ok(None) => break,
                        Err(e) => return (frames, Some(e)),
                    }
                }
            }
            Ok(None) if step == 0 => return (frames, None),
            Ok(None) => {}
            Err(e) => return (frames, Some(e)),
        }
    }
}

/// An `AsyncRead` that hands out `data` in pieces of the given sizes (the
/// last repeats), `Pending` before every third piece, and panics if read
/// past `limit`.
struct Chunked {
    data: Vec<u8>,
    pos: usize,
    sizes: Vec<usize>,
    next: usize,
    calls: usize,
    limit: usize,
}

impl Chunked {
    fn new(data: &[u8], sizes: Vec<usize>) -> Self {
        Chunked { data: data.to_vec(), pos: 0, sizes, next: 0, calls: 0, limit: usize::MAX }
    }
}

impl AsyncRead for Chunked {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        self.calls += 1;
        if self.calls % 3 == 0 {
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        assert!(self.pos < self.limit, "the decoder read past byte {} of its input", self.limit);
        let size = self.sizes[self.next.min(self.sizes.len() - 1)];
        self.next += 1;
        let n = size.min(buf.remaining()).min(self.data.len() - self.pos).min(self.limit - self.pos);
        let (pos, data) = (self.pos, std::mem::take(&mut self.data));
        buf.put_slice(&data[pos..pos + n]);
        self.data = data;
        self.pos += n;
        Poll::Ready(Ok(()))
    }
}

async fn read_all(reader: Chunked, config: FrameConfig) -> (Vec<Frame>, Option<FrameError>) {
    let mut framed = FramedRead::new(reader, config.new_codec());
    let mut frames = Vec::new();
    while let Some(item) = framed.next().await {
        match item {
            Ok(f) => frames.push(f),
            Err(e) => {
                assert!(framed.next().await.is_none(), "the stream ends after an error");
                return (frames, Some(e));
            }
        }
    }
    (frames, None)
}

#[test]
fn encoders_write_what_the_blocking_writer_writes() {
    let (frames, wire) = three_frames();
    let mut expected = Vec::new();
    for f in &frames {
        let mut w = FrameConfig::default().checksum(f.header.has_checksum()).new_writer(&mut expected);
        w.write_frame(f).unwrap();
    }
    assert_eq!(&wire[..], &expected[..]);
    let mut r = FrameReader::new(&expected[..]);
    for f in &frames {
        assert_eq!(&r.read_frame().unwrap().unwrap(), f);
    }
    // Over the limit: an error, nothing appended.
    let mut codec = FrameConfig::default().max_frame_len(20).new_codec();
    let mut dst = BytesMut::from(&b"kept"[..]);
    assert!(matches!(codec.encode(&tick(3), &mut dst), Err(FrameError::TooLong { max: 20, .. })));
    assert!(matches!(codec.encode(frames[2].clone(), &mut dst), Err(FrameError::TooLong { len: 33, max: 20 })));
    assert_eq!(&dst[..], b"kept");
}

#[test]
fn decoder_gives_the_same_frames_for_every_split() {
    let (frames, wire) = three_frames();
    let config = FrameConfig::default();
    let check = |sizes: &[usize], what: &str| {
        let (got, err) = decode_in_pieces(config, &wire, sizes);
        assert!(err.is_none(), "{what}: {err:?}");
        assert_eq!(got, frames, "{what}");
    };
    check(&[usize::MAX], "whole");
    check(&[1], "one byte at a time");
    for i in 1..wire.len() {
        check(&[i, usize::MAX], &format!("split at {i}"));
        for j in (i + 1)..wire.len() {
            check(&[i, j - i, usize::MAX], &format!("split at {i} and {j}"));
        }
    }
    let mut rng = Rng(0xc0de_c0de);
    for round in 0..500 {
        let max = [2, 5, 13, 40][round % 4];
        let sizes: Vec<usize> = (0..wire.len()).map(|_| 1 + rng.below(max)).collect();
        check(&sizes, &format!("random round {round}"));
    }
    // The payloads are slices of the read buffer: the frame owns no copy.
    let mut codec = FrameCodec::new();
    let mut buf = wire.clone();
    let start = buf.as_ptr() as usize;
    let first = codec.decode(&mut buf).unwrap().unwrap();
    assert_eq!(first.payload.as_ptr() as usize, start + 12);
}

#[tokio::test]
async fn framed_read_over_a_chunking_reader() {
    let (frames, wire) = three_frames();
    let mut rng = Rng(0xfeed);
    let mut cases: Vec<Vec<usize>> = vec![vec![1], vec![usize::MAX], vec![11, 1, 40]];
    for _ in 0..200 {
        cases.push((0..wire.len()).map(|_| 1 + rng.below(17)).collect());
    }
    for sizes in cases {
        let (got, err) = read_all(Chunked::new(&wire, sizes.clone()), FrameConfig::default()).await;
        assert!(err.is_none(), "{sizes:?}: {err:?}");
        assert_eq!(got, frames, "{sizes:?}");
    }
}

#[test]
fn an_over_limit_length_is_refused_without_reserving() {
    let mut head = u32::MAX.to_le_bytes().to_vec();
    head.extend_from_slice(&FrameHeader::binary(1).to_bytes());
    let mut codec = FrameCodec::new();
    let mut buf = BytesMut::with_capacity(16);
    // Not decided on the first 11 bytes...
    buf.extend_from_slice(&head[..11]);
    assert!(codec.decode(&mut buf).unwrap().is_none());
    // ...decided on the 12th, and nothing was reserved for the 4 GiB.
    buf.extend_from_slice(&head[11..]);
    match codec.decode(&mut buf) {
        Err(FrameError::TooLong { len, max }) => assert_eq!((len, max), (u32::MAX as usize, 8 << 20)),
        other => panic!("{other:?}"),
    }
    assert!(buf.capacity() <= 64, "capacity {}", buf.capacity());
    // A frame within the limit: the decoder reserves exactly what it needs.
    let mut ok = 1000u32.to_le_bytes().to_vec();
    ok.extend_from_slice(&FrameHeader::json(1).to_bytes());
    let mut buf = BytesMut::from(&ok[..]);
    assert!(codec.decode(&mut buf).unwrap().is_none());
    assert!(buf.capacity() >= 1004 && buf.capacity() < 2048, "capacity {}", buf.capacity());
    // A large frame at the limit: the buffer grows with the bytes that
    // arrive (reads fill the room the decoder leaves, as `FramedRead` does),
    // never past about twice what it holds, and ends at exactly its size.
    let max = 3 << 20;
    let mut codec = FrameConfig::default().max_frame_len(max).new_codec();
    let mut wire = BytesMut::new();
    let payload = Bytes::from(vec![7u8; max - 8]);
    codec.encode(Frame::new(FrameHeader::json(2), payload.clone()), &mut wire).unwrap();
    let mut buf = BytesMut::with_capacity(8192);
    buf.extend_from_slice(&wire[..5000]);
    let mut pos = 5000;
    let mut grown = 0;
    let frame = loop {
        let cap = buf.capacity();
        if let Some(frame) = codec.decode(&mut buf).unwrap() {
            break frame;
        }
        assert!(buf.capacity() <= (2 * buf.len() + 16 * 1024).min(4 + max), "{} for {}", buf.capacity(), buf.len());
        grown += (buf.capacity() != cap) as u32;
        let room = buf.capacity() - buf.len();
        assert!(room >= 1, "the decoder leaves room for the next read");
        let n = room.min(64 * 1024).min(wire.len() - pos);
        buf.extend_from_slice(&wire[pos..pos + n]);
        pos += n;
        if pos == wire.len() {
            assert_eq!(buf.capacity(), 4 + max, "the last step allocates exactly the frame");
        }
    };
    assert!(grown <= 12, "the buffer grew {grown} times");
    assert_eq!(frame.payload, payload);
    assert!(buf.is_empty());
}

/// An `AsyncRead` that delivers `data`, then never anything more (a peer
/// that stalls).
struct Stalled {
    data: Vec<u8>,
    pos: usize,
}

impl AsyncRead for Stalled {
    fn poll_read(mut self: Pin<&mut Self>, _: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        if self.pos == self.data.len() {
            return Poll::Pending;
        }
        let n = buf.remaining().min(self.data.len() - self.pos);
        let pos = self.pos;
        buf.put_slice(&self.data[pos..pos + n]);
        self.pos += n;
        Poll::Ready(Ok(()))
    }
}

/// 200 connections that each send a head announcing 8 MiB (and a few bytes
/// of payload) and stall: each `FramedRead` holds its 8 KiB read buffer,
/// not 8 MiB (1.6 GiB for the 200).
#[test]
fn stalled_heads_reserve_little() {
    use futures_util::FutureExt;
    let mut head = ((8u32 << 20) - 4).to_le_bytes().to_vec();
    head.extend_from_slice(&FrameHeader::binary(1).to_bytes());
    let mut held = 0;
    let mut conns = Vec::new();
    for extra in 0..200 {
        let data = [&head[..], &vec![0; extra * 37][..]].concat();
        let mut framed = FramedRead::new(Stalled { data, pos: 0 }, FrameCodec::new());
        assert!(framed.next().now_or_never().is_none(), "stalled");
        assert_eq!(framed.read_buffer().len(), 12 + extra * 37);
        let cap = framed.read_buffer().capacity();
        assert!(cap <= 16 * 1024, "capacity {cap} for {} bytes", 12 + extra * 37);
        held += cap;
        conns.push(framed);
    }
    assert!(held <= 200 * 16 * 1024, "{held}");
}

#[tokio::test]
async fn framed_read_refuses_bad_heads_on_their_first_12_bytes() {
    let good = FrameHeader::binary(1).to_bytes();
    let with = |i: usize, b: u8| {
        let mut h = good;
        h[i] = b;
        h
    };
    type Check = fn(&FrameError) -> bool;
    let cases: [(u32, [u8; 8], Check); 6] = [
        (u32::MAX, good, |e| matches!(e, FrameError::TooLong { len: 0xffff_ffff, .. })),
        (40, with(0, 0), |e| matches!(e, FrameError::BadMagic)),
        (40, with(2, 0x00), |e| matches!(e, FrameError::UnsupportedVersion(0))),
        (40, with(3, 0x02), |e| matches!(e, FrameError::ReservedFlags(2))),
        (40, with(2, 0x1f), |e| matches!(e, FrameError::UnsupportedFormat(15))),
        (9, with(3, 0x01), |e| matches!(e, FrameError::TooShort { len: 9, min: 12 })),
    ];
    for (len, header, check) in cases {
        let mut wire = len.to_le_bytes().to_vec();
        wire.extend_from_slice(&header);
        wire.resize(4096, 0);
        for sizes in [vec![usize::MAX], vec![1], vec![5, 7]] {
            let mut reader = Chunked::new(&wire, sizes);
            reader.limit = 12;
            let (frames, err) = read_all(reader, FrameConfig::default()).await;
            assert!(frames.is_empty());
            let err = err.expect("a stream error");
            assert!(check(&err), "{err:?}");
        }
    }
}

#[tokio::test]
async fn framed_read_bad_checksum_and_closed_mid_frame() {
    let (frames, wire) = three_frames();
    let first = 4 + u32::from_le_bytes(wire[..4].try_into().unwrap()) as usize;
    let mut bad = wire.to_vec();
    bad[first + 20] ^= 4; // inside the checksummed frame's payload
    let (got, err) = read_all(Chunked::new(&bad, vec![6]), FrameConfig::default()).await;
    assert_eq!(got, frames[..1]);
    assert!(matches!(err, Some(FrameError::Checksum { .. })), "{err:?}");

    // Closed inside the third frame: two frames, then UnexpectedEof.
    let cut = wire.len() - 3;
    let (got, err) = read_all(Chunked::new(&wire[..cut], vec![4]), FrameConfig::default()).await;
    assert_eq!(got, frames[..2]);
    let third = wire.len() - (4 + 8 + frames[2].payload.len());
    match err {
        Some(FrameError::UnexpectedEof { expected, got }) => {
            assert_eq!((expected, got), (wire.len() - third, cut - third))
        }
        other => panic!("{other:?}"),
    }
    // Closed inside the third frame's head.
    let (got, err) = read_all(Chunked::new(&wire[..third + 5], vec![4]), FrameConfig::default()).await;
    assert_eq!(got, frames[..2]);
    assert!(matches!(err, Some(FrameError::UnexpectedEof { expected: 12, got: 5 })), "{err:?}");
    // Closed between frames: a clean end.
    let (got, err) = read_all(Chunked::new(&wire[..third], vec![4]), FrameConfig::default()).await;
    assert_eq!(got, frames[..2]);
    assert!(err.is_none());
}

#[tokio::test]
async fn a_bad_payload_between_good_frames_is_an_error_for_its_frame_only() {
    let mut codec = FrameCodec::new();
    let mut wire = BytesMut::new();
    codec.encode(&tick(10), &mut wire).unwrap();
    codec.encode(Frame::new(FrameHeader::binary(Tick::TYPE_ID), Bytes::from_static(&[0xff; 40])), &mut wire).unwrap();
    codec.encode(&tick(11), &mut wire).unwrap();
    let (frames, err) = read_all(Chunked::new(&wire, vec![7]), FrameConfig::default()).await;
    assert!(err.is_none(), "{err:?}");
    assert_eq!(frames.len(), 3);
    assert_eq!(frames[0].to_owned_message::<Tick>().unwrap().decode().unwrap(), tick(10));
    let bad = frames[1].to_owned_message::<Tick>().unwrap_err();
    assert!(matches!(bad, PayloadError::Invalid(e) if matches!(e.kind(), zerowire::ErrorKind::NotAMessage { .. })));
    assert_eq!(frames[2].to_owned_message::<Tick>().unwrap().decode().unwrap(), tick(11));
    // A binary-only decoder refuses the JSON frame as a stream error.
    let (_, wire) = three_frames();
    let (got, err) =
        read_all(Chunked::new(&wire, vec![100]), FrameConfig::default().accept([PayloadFormat::Binary])).await;
    assert_eq!(got.len(), 2);
    assert!(matches!(err, Some(FrameError::UnsupportedFormat(1))), "{err:?}");
}

/// 100,000 messages over a real loopback socket: a producer task feeds a
/// bounded channel, a writer task drains it into a `FramedWrite` (the
/// channel and the socket push back), the test reads with `FramedRead`.
/// Every message arrives, in order, byte-identical to its encoding.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundred_thousand_messages_over_loopback() {
    const N: u64 = 100_000;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, mut rx) = mpsc::channel::<Tick>(64);

    let producer = tokio::spawn(async move {
        for seq in 0..N {
            tx.send(tick(seq)).await.expect("the writer is gone");
        }
    });
    let writer = tokio::spawn(async move {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        let mut sink = FramedWrite::new(stream, FrameConfig::default().checksum(true).new_codec());
        let mut sent = 0u64;
        while let Some(tick) = rx.recv().await {
            // Tagged with the type's id, or (odd messages) an explicit one.
            if tick.seq % 2 == 0 {
                sink.feed(&tick).await?;
            } else {
                sink.feed((&tick, (tick.seq % 3) as u32)).await?;
            }
            sent += 1;
            if rx.is_empty() {
                // The codec encodes several item types: name one to flush.
                SinkExt::<Frame>::flush(&mut sink).await?;
            }
        }
        SinkExt::<Frame>::flush(&mut sink).await?;
        sink.into_inner().shutdown().await?;
        Ok::<u64, FrameError>(sent)
    });

    let (socket, _) = listener.accept().await.unwrap();
    let mut frames = FramedRead::new(socket, FrameCodec::new());
    let mut seq = 0u64;
    let mut bytes = 0usize;
    while let Some(frame) = frames.next().await {
        let frame = frame.unwrap();
        let expected = tick(seq);
        let id = if seq % 2 == 0 { Tick::TYPE_ID } else { (seq % 3) as u32 };
        assert_eq!(frame.header, FrameHeader { flags: 1, ..FrameHeader::binary(id) });
        assert_eq!(frame.payload, zerowire::encode(&expected), "message {seq}");
        if seq % 1000 == 0 {
            assert_eq!(frame.to_owned_message::<Tick>().unwrap().decode().unwrap(), expected);
        }
        bytes += frame.payload.len();
        seq += 1;
    }
    producer.await.unwrap();
    assert_eq!(writer.await.unwrap().unwrap(), N);
    assert_eq!(seq, N, "every message arrives");
    assert!(bytes > 2_000_000, "{bytes}");
}
