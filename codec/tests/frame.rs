//! The frame layer (`zerowire::frame`): header and envelope round trips, the
//! bytes of docs/FORMAT.md section 15, the blocking reader under every
//! split of its input, stream errors and per-frame payload errors.

use zerowire_test_support::common;

use common::Rng;
use std::io::{self, Read, Write};

use bytes::Bytes;
use zerowire::frame::{
    Frame, FrameConfig, FrameError, FrameHeader, FrameReader, FrameWriter, PayloadError, PayloadFormat, RawFrameHeader,
    decode_envelope, encode_envelope,
};
use zerowire::{ErrorKind, Message};

/// Type id 7: the frame of docs/FORMAT.md section 15.5.
#[derive(Debug, Clone, PartialEq, zerowire::Message)]
#[zerowire(type_id = 7)]
struct Point {
    x: i32,
    y: i32,
}

/// `Point`'s layout under another type: its bytes validate as a `Point`.
#[derive(Debug, Clone, PartialEq, zerowire::Message)]
struct Size {
    w: i32,
    h: i32,
}

#[derive(Debug, Clone, PartialEq, zerowire::Message)]
struct Tick {
    seq: u64,
    symbol: String,
    prices: Vec<i64>,
}

/// A `Read` that hands out `data` in pieces of the given sizes (the last
/// size repeats), returning `Interrupted` before a read when asked to, and
/// panicking if read past `limit` (a decoder must not read that far).
struct Chunked {
    data: Vec<u8>,
    pos: usize,
    sizes: Vec<usize>,
    next: usize,
    interrupt_every: usize,
    calls: usize,
    limit: usize,
    /// Reads at this position fail with `WouldBlock`.
    block_at: usize,
}

impl Chunked {
    fn new(data: &[u8], sizes: Vec<usize>) -> Self {
        Chunked {
            data: data.to_vec(),
            pos: 0,
            sizes,
            next: 0,
            interrupt_every: 0,
            calls: 0,
            limit: usize::MAX,
            block_at: usize::MAX,
        }
    }
}

impl Read for Chunked {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.calls += 1;
        if self.interrupt_every > 0 && self.calls % self.interrupt_every == 0 {
            return Err(io::ErrorKind::Interrupted.into());
        }
        assert!(self.pos < self.limit, "the reader read past byte {} of its input", self.limit);
        if self.pos == self.block_at {
            return Err(io::ErrorKind::WouldBlock.into());
        }
        let size = self.sizes[self.next.min(self.sizes.len() - 1)];
        self.next += 1;
        let end = if self.pos < self.block_at { self.block_at } else { usize::MAX };
        let n = size.min(buf.len()).min(self.data.len() - self.pos).min(self.limit - self.pos).min(end - self.pos);
        buf[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(" ")
}

fn tick(seq: u64) -> Tick {
    Tick { seq, symbol: format!("SYM{}", seq % 7), prices: (0..(seq % 5) as i64).map(|p| p * 100 - 7).collect() }
}

/// Three frames: a binary `Point` without trailer, a binary `Tick` with a
/// CRC32C trailer, a JSON payload; and the stream of their bytes.
fn three_frames() -> (Vec<Frame>, Vec<u8>) {
    let frames = vec![
        Frame::new(FrameHeader::binary(7), Bytes::from(zerowire::encode(&Point { x: 1, y: -2 }))),
        Frame::new(FrameHeader::binary(8).with_flags(1), Bytes::from(zerowire::encode(&tick(3)))),
        Frame::new(FrameHeader::json(9), Bytes::from_static(br#"{"seq":3,"symbol":"SYM3"}"#)),
    ];
    let mut wire = Vec::new();
    for f in &frames {
        let config = FrameConfig::default().checksum(f.header.has_checksum());
        let mut w = config.new_writer(&mut wire);
        w.write_frame(f).unwrap();
        w.flush().unwrap();
    }
    (frames, wire)
}

trait WithFlags {
    fn with_flags(self, flags: u8) -> Self;
}

impl WithFlags for FrameHeader {
    fn with_flags(mut self, flags: u8) -> Self {
        self.flags = flags;
        self
    }
}

fn read_all(reader: impl Read) -> (Vec<Frame>, Option<FrameError>) {
    let mut r = FrameReader::new(reader);
    let mut frames = Vec::new();
    loop {
        match r.read_frame() {
            Ok(Some(f)) => frames.push(f),
            Ok(None) => return (frames, None),
            Err(e) => {
                assert!(r.read_frame().unwrap().is_none(), "a reader is finished after a stream error");
                return (frames, Some(e));
            }
        }
    }
}

/// A frame of `len` (the length field) under `header` bytes, payload zeros.
fn raw_frame(len: u32, header: [u8; 8]) -> Vec<u8> {
    let mut v = len.to_le_bytes().to_vec();
    v.extend_from_slice(&header);
    v
}

#[test]
fn header_fields_round_trip() {
    for code in 0..16u8 {
        let format = PayloadFormat::from_code(code).unwrap();
        assert_eq!(format.code(), code);
        for flags in [0u8, 1] {
            for type_id in [0u32, 1, 0x1234_5678, u32::MAX] {
                let header = FrameHeader { version: 1, format, flags, type_id };
                let bytes = header.to_bytes();
                assert_eq!(&bytes[..2], b"ZW");
                assert_eq!(bytes[2], 0x10 | code);
                assert_eq!(bytes[3], flags);
                assert_eq!(bytes[4..], type_id.to_le_bytes());
                assert_eq!(FrameHeader::parse(&bytes).unwrap(), header);
                let raw = header.to_raw();
                assert_eq!(zerocopy::IntoBytes::as_bytes(&raw), &bytes);
                assert_eq!(FrameHeader::from_raw(&raw).unwrap(), header);
                assert_eq!(header.has_checksum(), flags == 1);
            }
        }
    }
    assert_eq!(PayloadFormat::from_code(16), None);
    assert_eq!(size_of::<RawFrameHeader>(), 8);
}

#[test]
fn header_checks() {
    let good = FrameHeader::binary(5).to_bytes();
    let mut bad = good;
    bad[0] = b'z';
    assert!(matches!(FrameHeader::parse(&bad), Err(FrameError::BadMagic)));
    for version in [0u8, 2, 15] {
        let mut bad = good;
        bad[2] = version << 4;
        assert!(matches!(FrameHeader::parse(&bad), Err(FrameError::UnsupportedVersion(v)) if v == version));
    }
    for bit in 1..8 {
        let mut bad = good;
        bad[3] = 1 << bit | 1;
        assert!(matches!(FrameHeader::parse(&bad), Err(FrameError::ReservedFlags(f)) if f == 1 << bit | 1));
    }
    assert!(matches!(FrameHeader::parse(&good[..7]), Err(FrameError::TooShort { len: 7, min: 8 })));
}

#[test]
fn envelopes_round_trip() {
    let payloads: [(FrameHeader, Bytes); 3] = [
        (FrameHeader::binary(1), Bytes::from(zerowire::encode(&tick(4)))),
        (FrameHeader::json(2), Bytes::from_static(b"[1,2,3]")),
        (FrameHeader::binary(0), Bytes::new()),
    ];
    for (header, payload) in payloads {
        for checksum in [false, true] {
            let env = encode_envelope(&header, &payload, checksum);
            assert_eq!(env.len(), 8 + payload.len() + if checksum { 4 } else { 0 });
            assert_eq!(env[..8], header.with_flags(checksum as u8).to_bytes());
            assert_eq!(&env[8..8 + payload.len()], &payload[..]);
            let frame = decode_envelope(&env).unwrap();
            assert_eq!(frame.header, header.with_flags(checksum as u8));
            assert_eq!(frame.payload, payload);
            // The payload is a slice of the envelope, not a copy.
            if !payload.is_empty() {
                assert_eq!(frame.payload.as_ptr(), env[8..].as_ptr());
            }
        }
    }
    let frame =
        decode_envelope(&encode_envelope(&FrameHeader::binary(Tick::TYPE_ID), &zerowire::encode(&tick(9)), true))
            .unwrap();
    assert_eq!(frame.to_owned_message::<Tick>().unwrap().decode().unwrap(), tick(9));
}

#[test]
fn envelope_errors() {
    let payload = zerowire::encode(&Point { x: 3, y: 4 });
    let env = encode_envelope(&FrameHeader::binary(1), &payload, true);
    // A flipped payload bit fails the checksum.
    let mut bad = env.to_vec();
    bad[9] ^= 0x10;
    let crc = u32::from_le_bytes(env[env.len() - 4..].try_into().unwrap());
    match decode_envelope(&Bytes::from(bad)) {
        Err(FrameError::Checksum { expected, actual }) => {
            assert_eq!(expected, crc);
            assert_ne!(actual, crc);
        }
        other => panic!("{other:?}"),
    }
    // A checksum flag without room for the trailer.
    let short = encode_envelope(&FrameHeader::binary(1), &[1, 2, 3], false).to_vec();
    let mut short_flagged = short.clone();
    short_flagged[3] = 1;
    assert!(matches!(decode_envelope(&Bytes::from(short_flagged)), Err(FrameError::TooShort { len: 11, min: 12 })));
    assert!(matches!(decode_envelope(&Bytes::from_static(b"ZW\x10")), Err(FrameError::TooShort { len: 3, min: 8 })));
    // Reserved formats: rejected by default, read once accepted.
    let other = encode_envelope(&FrameHeader::new(PayloadFormat::Other(5), 1), b"x", false);
    assert!(matches!(decode_envelope(&other), Err(FrameError::UnsupportedFormat(5))));
    let config = FrameConfig::default().accept([PayloadFormat::Binary, PayloadFormat::Other(5)]);
    assert_eq!(config.decode_envelope(&other).unwrap().header.format, PayloadFormat::Other(5));
    let json = encode_envelope(&FrameHeader::json(1), b"{}", false);
    assert!(matches!(config.decode_envelope(&json), Err(FrameError::UnsupportedFormat(1))));
    // The limit applies to envelopes too.
    let small = FrameConfig::default().max_frame_len(10);
    assert!(matches!(small.decode_envelope(&env), Err(FrameError::TooLong { len, max: 10 }) if len == env.len()));
}

/// docs/FORMAT.md section 15 shows this frame byte by byte, and its bytes
/// on one line: they must be what the writer produces.
#[test]
fn frame_bytes_are_as_specified() {
    let mut w = FrameConfig::default().checksum(true).new_writer(Vec::new());
    w.write_message(&Point { x: 1, y: -2 }).unwrap();
    let wire = w.into_inner().unwrap();
    let crc = crc32c::crc32c(&wire[4..26]);
    let mut expected = vec![
        0x1a, 0x00, 0x00, 0x00, // length 26 = 8 + 14 + 4
        0x5a, 0x57, 0x10, 0x01, 0x07, 0x00, 0x00, 0x00, // "ZW", v1 binary, checksum, type id 7
        0x0e, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00, 0x00, 0x00, 0xfe, 0xff, 0xff, 0xff, // Point { 1, -2 }
    ];
    expected.extend_from_slice(&crc.to_le_bytes());
    assert_eq!(wire, expected);
    // Computed independently (bitwise CRC-32C, polynomial 0x82F63B78).
    assert_eq!(crc, 0x9324_5c56);
    assert_eq!(hex(&wire[26..]), "56 5c 24 93");
    let doc = include_str!("../../docs/FORMAT.md");
    let line = hex(&wire);
    assert!(doc.contains(&format!("frame:    {line}")), "docs/FORMAT.md section 15 must show the frame `{line}`");
    let envelope = hex(&wire[4..]);
    assert!(doc.contains(&format!("envelope: {envelope}")), "docs/FORMAT.md section 15 must show the envelope");
    // Without the trailer: length 22, flags 0, the same header otherwise.
    let mut w = FrameWriter::new(Vec::new());
    w.write_message(&Point { x: 1, y: -2 }).unwrap();
    let plain = w.into_inner().unwrap();
    assert_eq!(plain[..4], [0x16, 0, 0, 0]);
    assert_eq!(plain[7], 0x00);
    assert_eq!(
        plain[4..],
        wire[4..26].iter().enumerate().map(|(i, &b)| if i == 3 { 0 } else { b }).collect::<Vec<_>>()[..]
    );
}

#[test]
fn reader_decodes_every_split_the_same() {
    let (frames, wire) = three_frames();
    let (whole, err) = read_all(&wire[..]);
    assert!(err.is_none());
    assert_eq!(whole, frames);
    let check = |reader: Chunked, what: &str| {
        let (got, err) = read_all(reader);
        assert!(err.is_none(), "{what}: {err:?}");
        assert_eq!(got, frames, "{what}");
    };
    check(Chunked::new(&wire, vec![1]), "one byte at a time");
    let mut one = Chunked::new(&wire, vec![1]);
    one.interrupt_every = 3;
    check(one, "one byte at a time, interrupted");
    for i in 1..wire.len() {
        check(Chunked::new(&wire, vec![i, usize::MAX]), &format!("split at {i}"));
        for j in (i + 1)..wire.len() {
            check(Chunked::new(&wire, vec![i, j - i, usize::MAX]), &format!("split at {i} and {j}"));
        }
    }
    let mut rng = Rng(0x5eed_f00d);
    for round in 0..500 {
        let max = [2, 5, 13, 40][round % 4];
        let sizes = (0..wire.len()).map(|_| 1 + rng.below(max)).collect();
        check(Chunked::new(&wire, sizes), &format!("random round {round}"));
    }
}

#[test]
fn over_limit_length_is_refused_after_the_header_without_reading_on() {
    let mut stream = raw_frame(u32::MAX, FrameHeader::binary(1).to_bytes());
    stream.resize(stream.len() + (1 << 20), 0xab);
    // The reader may have only the 12 bytes: it must decide on them.
    let mut only_head = Chunked::new(&stream, vec![usize::MAX]);
    only_head.limit = 12;
    let mut r = FrameReader::new(only_head);
    match r.read_frame() {
        Err(FrameError::TooLong { len, max }) => assert_eq!((len, max), (u32::MAX as usize, 8 << 20)),
        other => panic!("{other:?}"),
    }
    assert!(r.read_buffer().capacity() <= 16 * 1024, "capacity {}", r.read_buffer().capacity());
    // With the whole megabyte available, it still reads only its first chunk.
    let mut r = FrameReader::new(Chunked::new(&stream, vec![usize::MAX]));
    assert!(matches!(r.read_frame(), Err(FrameError::TooLong { .. })));
    assert!(r.get_ref().pos <= 8 * 1024, "read {} bytes", r.get_ref().pos);
    assert!(r.read_buffer().capacity() <= 16 * 1024);
    // A smaller limit, one byte over.
    let config = FrameConfig::default().max_frame_len(100);
    let frame = raw_frame(101, FrameHeader::binary(1).to_bytes());
    let mut r = config.new_reader(Chunked::new(&frame, vec![usize::MAX]));
    assert!(matches!(r.read_frame(), Err(FrameError::TooLong { len: 101, max: 100 })));
}

#[test]
fn large_frames_get_a_buffer_of_their_size() {
    let max = 1 << 20;
    let config = FrameConfig::default().max_frame_len(max).checksum(true);
    // A JSON-format frame whose length field is exactly the limit.
    let payload: Vec<u8> = (0..max - 12).map(|i| b'a' + (i % 26) as u8).collect();
    let big = Frame::new(FrameHeader::json(4), Bytes::from(payload));
    let mut w = config.new_writer(Vec::new());
    w.write_message(&Point { x: 1, y: 2 }).unwrap();
    w.write_frame(&big).unwrap();
    w.write_message(&Point { x: 3, y: 4 }).unwrap();
    assert!(matches!(
        w.write_frame(&Frame::new(FrameHeader::json(4), Bytes::from(vec![0; max - 11]))),
        Err(FrameError::TooLong { len, max: m }) if len == max + 1 && m == max
    ));
    let wire = w.into_inner().unwrap();
    let small = 4 + 8 + 14 + 4;
    assert_eq!(wire.len(), 2 * small + 4 + max);
    // Stop the reader inside the big frame: its buffer follows the bytes
    // that arrived (50,000 of a 1 MiB frame), not the length announced.
    let mut input = Chunked::new(&wire, vec![100_000]);
    input.block_at = small + 50_000;
    let mut r = config.new_reader(input);
    assert_eq!(r.read_frame().unwrap().unwrap().to_owned_message::<Point>().unwrap().view().x(), 1);
    assert!(matches!(r.read_frame(), Err(FrameError::Io(e)) if e.kind() == io::ErrorKind::WouldBlock));
    let held = r.read_buffer().len();
    assert_eq!(held, 50_000);
    assert!(r.read_buffer().capacity() <= 2 * held + 16 * 1024, "capacity {}", r.read_buffer().capacity());
    r.get_mut().block_at = usize::MAX;
    let got = r.read_frame().unwrap().unwrap();
    assert_eq!(got.header.format, PayloadFormat::Json);
    assert_eq!(got.payload, big.payload);
    assert_eq!(r.read_frame().unwrap().unwrap().to_owned_message::<Point>().unwrap().view().x(), 3);
    assert!(r.read_frame().unwrap().is_none());
    // Random chunking through the large frame.
    let mut rng = Rng(77);
    for _ in 0..5 {
        let sizes = (0..10_000).map(|_| 1 + rng.below(300_000)).collect();
        let mut r = config.new_reader(Chunked::new(&wire, sizes));
        let frames: Vec<Frame> = r.by_ref().map(Result::unwrap).collect();
        assert_eq!(frames.len(), 3);
        assert_eq!(frames[1], Frame { header: big.header.with_flags(1), payload: big.payload.clone() });
    }
}

#[test]
fn bad_heads_are_refused_on_their_first_12_bytes() {
    let head = FrameHeader::binary(1).to_bytes();
    let mut magic = head;
    magic[1] = b'X';
    let mut version = head;
    version[2] = 0x20;
    let mut flags = head;
    flags[3] = 0x80;
    let mut format = head;
    format[2] = 0x13;
    type Check = fn(&FrameError) -> bool;
    let cases: [([u8; 8], Check); 4] = [
        (magic, |e| matches!(e, FrameError::BadMagic)),
        (version, |e| matches!(e, FrameError::UnsupportedVersion(2))),
        (flags, |e| matches!(e, FrameError::ReservedFlags(0x80))),
        (format, |e| matches!(e, FrameError::UnsupportedFormat(3))),
    ];
    for (header, check) in cases {
        let mut stream = raw_frame(50, header);
        stream.resize(12 + 50, 0);
        for sizes in [vec![usize::MAX], vec![1], vec![5, 7, 1]] {
            let mut reader = Chunked::new(&stream, sizes);
            reader.limit = 12;
            let (frames, err) = read_all(reader);
            assert!(frames.is_empty());
            let err = err.expect("an error");
            assert!(check(&err), "{err:?}");
        }
    }
    // A length below the header size is refused on its 4 bytes.
    for len in 0..8 {
        let mut reader = Chunked::new(&raw_frame(len, head), vec![1]);
        reader.limit = 4;
        let (_, err) = read_all(reader);
        assert!(matches!(err, Some(FrameError::TooShort { len: l, min: 8 }) if l == len as usize), "{err:?}");
    }
    // A checksum flag with no room for the trailer.
    let mut flagged = head;
    flagged[3] = 1;
    let (_, err) = read_all(&raw_frame(11, flagged)[..]);
    assert!(matches!(err, Some(FrameError::TooShort { len: 11, min: 12 })), "{err:?}");
}

#[test]
fn bad_checksum_is_a_stream_error_after_the_good_frames() {
    let (frames, wire) = three_frames();
    let first = 4 + u32::from_le_bytes(wire[..4].try_into().unwrap()) as usize;
    let mut bad = wire.clone();
    bad[first + 12 + 3] ^= 1; // a payload byte of the checksummed frame
    let (got, err) = read_all(Chunked::new(&bad, vec![3]));
    assert_eq!(got, frames[..1]);
    assert!(matches!(err, Some(FrameError::Checksum { .. })), "{err:?}");
    // A flipped trailer byte too.
    let second_end = first + 4 + u32::from_le_bytes(wire[first..first + 4].try_into().unwrap()) as usize;
    let mut bad = wire.clone();
    bad[second_end - 1] ^= 0x80;
    let (got, err) = read_all(&bad[..]);
    assert_eq!(got, frames[..1]);
    assert!(matches!(err, Some(FrameError::Checksum { .. })), "{err:?}");
}

#[test]
fn stream_closed_mid_frame_delivers_the_frames_before() {
    let (frames, wire) = three_frames();
    let mut ends = vec![0];
    let mut at = 0;
    while at < wire.len() {
        at += 4 + u32::from_le_bytes(wire[at..at + 4].try_into().unwrap()) as usize;
        ends.push(at);
    }
    for cut in 0..=wire.len() {
        let whole = ends.iter().filter(|&&e| e <= cut).count() - 1;
        let start = ends[whole];
        let (got, err) = read_all(Chunked::new(&wire[..cut], vec![7]));
        assert_eq!(got, frames[..whole], "cut at {cut}");
        if cut == start {
            assert!(err.is_none(), "cut at a boundary ({cut}): {err:?}");
        } else {
            let got_bytes = cut - start;
            let frame_len = ends[whole + 1] - start;
            let expected_len = if got_bytes < 12 { 12 } else { frame_len };
            match err {
                Some(FrameError::UnexpectedEof { expected, got }) => {
                    assert_eq!((expected, got), (expected_len, got_bytes), "cut at {cut}")
                }
                other => panic!("cut at {cut}: {other:?}"),
            }
        }
    }
    let err = FrameError::UnexpectedEof { expected: 30, got: 12 };
    assert_eq!(err.to_string(), "stream closed mid-frame: got 12 of the frame's 30 bytes");
    assert_eq!(io::Error::from(err).kind(), io::ErrorKind::UnexpectedEof);
}

#[test]
fn a_bad_payload_is_an_error_for_its_frame_only() {
    let mut w = FrameWriter::new(Vec::new());
    w.write_message(&tick(1)).unwrap();
    w.write_frame(&Frame::new(
        FrameHeader::binary(Tick::TYPE_ID),
        Bytes::from_static(b"\x30\0\0\0\x02\0not a message"),
    ))
    .unwrap();
    w.write_message(&tick(2)).unwrap();
    w.write_frame(&Frame::new(FrameHeader::json(1), Bytes::from_static(b"{}"))).unwrap();
    let wire = w.into_inner().unwrap();
    for sizes in [vec![usize::MAX], vec![1], vec![3, 9, 2]] {
        let (frames, err) = read_all(Chunked::new(&wire, sizes));
        assert!(err.is_none(), "{err:?}");
        assert_eq!(frames.len(), 4);
        assert_eq!(frames[0].to_owned_message::<Tick>().unwrap().decode().unwrap(), tick(1));
        let bad = frames[1].to_owned_message::<Tick>().unwrap_err();
        match &bad {
            PayloadError::Invalid(e) => assert_eq!(e.kind(), ErrorKind::SizeExceedsInput { size: 48, have: 19 }),
            other => panic!("{other:?}"),
        }
        assert!(bad.message_error().is_some());
        assert_eq!(frames[2].to_owned_message::<Tick>().unwrap().decode().unwrap(), tick(2));
        let json = frames[3].to_owned_message::<Tick>().unwrap_err();
        assert!(matches!(json, PayloadError::TypeMismatch { found: 1, .. }), "{json:?}");
        let json = Frame::new(FrameHeader::json(Tick::TYPE_ID), frames[3].payload.clone())
            .to_owned_message::<Tick>()
            .unwrap_err();
        assert_eq!(json, PayloadError::NotBinary(PayloadFormat::Json));
        assert_eq!(json.to_string(), "frame payload is JSON, not a binary zerowire message");
    }
}

#[test]
fn io_errors_leave_the_reader_where_it_was() {
    struct Flaky<'a> {
        data: &'a [u8],
        calls: usize,
    }
    impl Read for Flaky<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.calls += 1;
            if self.calls % 2 == 0 {
                return Err(io::ErrorKind::WouldBlock.into());
            }
            let n = buf.len().min(self.data.len()).min(5);
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }
    let (frames, wire) = three_frames();
    let mut r = FrameReader::new(Flaky { data: &wire, calls: 0 });
    let mut got = Vec::new();
    let mut would_block = 0;
    loop {
        match r.read_frame() {
            Ok(Some(f)) => got.push(f),
            Ok(None) => break,
            Err(FrameError::Io(e)) if e.kind() == io::ErrorKind::WouldBlock => would_block += 1,
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(got, frames);
    assert!(would_block > 5);
}

#[test]
fn writer_encodes_in_place_and_batches() {
    struct Counting {
        out: Vec<u8>,
        writes: usize,
        flushes: usize,
    }
    impl Write for Counting {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.writes += 1;
            // Short writes: the writer must carry on.
            let n = buf.len().min(1000);
            self.out.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            self.flushes += 1;
            Ok(())
        }
    }
    let mut w = FrameWriter::new(Counting { out: Vec::new(), writes: 0, flushes: 0 });
    for seq in 0..1000 {
        w.write_message_with_id(&tick(seq), seq as u32).unwrap();
    }
    assert!(w.buffered() < 8 * 1024 + 100);
    let writes_before_flush = w.get_ref().writes;
    w.flush().unwrap();
    let out = w.into_inner().unwrap();
    assert!(writes_before_flush > 0 && out.flushes == 2, "{writes_before_flush} {}", out.flushes);
    let (frames, err) = read_all(&out.out[..]);
    assert!(err.is_none());
    assert_eq!(frames.len(), 1000);
    for (seq, f) in frames.iter().enumerate() {
        assert_eq!(f.header, FrameHeader::binary(seq as u32));
        assert_eq!(f.payload, zerowire::encode(&tick(seq as u64)));
    }
    // Dropping a writer flushes what it holds.
    let mut sink = Vec::new();
    {
        let mut w = FrameWriter::new(&mut sink);
        w.write_message(&Point { x: 5, y: 6 }).unwrap();
    }
    assert_eq!(sink.len(), 4 + 8 + 14);
    // Over the limit: an error, and nothing written.
    let mut w = FrameConfig::default().max_frame_len(8 + 20).new_writer(Vec::new());
    w.write_message(&Point { x: 5, y: 6 }).unwrap();
    let big = Tick { seq: 1, symbol: "x".repeat(100), prices: vec![] };
    assert!(matches!(w.write_message(&big), Err(FrameError::TooLong { max: 28, .. })));
    assert!(matches!(
        w.write_frame(&Frame::new(FrameHeader::json(1), Bytes::from(vec![b' '; 21]))),
        Err(FrameError::TooLong { len: 29, max: 28 })
    ));
    assert_eq!(w.buffered(), 26);
    // A forwarded frame keeps its header; the checksum flag is the writer's.
    let received = Frame::new(FrameHeader::json(77).with_flags(1), Bytes::from_static(b"[]"));
    let mut w = FrameWriter::new(Vec::new());
    w.write_frame(&received).unwrap();
    let wire = w.into_inner().unwrap();
    let back = FrameReader::new(&wire[..]).read_frame().unwrap().unwrap();
    assert_eq!(back, Frame::new(FrameHeader::json(77), Bytes::from_static(b"[]")));
}

#[test]
fn reader_is_an_iterator_and_reuses_its_buffer() {
    let mut w = FrameWriter::new(Vec::new());
    for seq in 0..10_000 {
        w.write_message(&tick(seq)).unwrap();
    }
    let wire = w.into_inner().unwrap();
    let mut r = FrameReader::new(Chunked::new(&wire, vec![4096]));
    let mut n = 0u64;
    for frame in r.by_ref() {
        let frame = frame.unwrap();
        assert_eq!(frame.to_owned_message::<Tick>().unwrap().decode().unwrap(), tick(n));
        n += 1;
    }
    assert_eq!(n, 10_000);
    assert!(r.read_buffer().capacity() <= 64 * 1024, "{}", r.read_buffer().capacity());
}

#[test]
fn errors_display_their_details() {
    let cases = [
        (FrameError::BadMagic, "not a zerowire frame: bad magic (expected 5a 57, \"ZW\")"),
        (FrameError::UnsupportedVersion(3), "unsupported frame version 3 (this decoder reads version 1)"),
        (FrameError::UnsupportedFormat(4), "payload format 4 is not accepted by this decoder"),
        (FrameError::ReservedFlags(0x81), "reserved frame flag bits set (flags 0x81)"),
        (FrameError::TooLong { len: 9, max: 8 }, "frame of 9 bytes (after the length) exceeds the limit of 8"),
        (
            FrameError::TooShort { len: 3, min: 8 },
            "frame of 3 bytes (after the length) is shorter than its header and trailer (8)",
        ),
        (
            FrameError::Checksum { expected: 1, actual: 0xdead_beef },
            "frame checksum mismatch: trailer says 0x00000001, bytes hash to 0xdeadbeef",
        ),
    ];
    for (err, text) in cases {
        assert_eq!(err.to_string(), text);
        assert_eq!(io::Error::from(err).kind(), io::ErrorKind::InvalidData);
    }
    let io_err = FrameError::from(io::Error::new(io::ErrorKind::ConnectionReset, "peer reset"));
    assert_eq!(io_err.to_string(), "frame I/O: peer reset");
    assert!(std::error::Error::source(&io_err).is_some());
    assert_eq!(io::Error::from(io_err).kind(), io::ErrorKind::ConnectionReset);
}

/// Every typed call tags a frame with the type's id and every typed read
/// checks it: a frame of another type is refused, naming both ids, even
/// when its bytes would validate as the type asked for. The explicit-id
/// calls carry any id, and routers read those payloads untyped.
#[test]
fn typed_reads_check_the_type_id() {
    assert_ne!(Point::TYPE_ID, Size::TYPE_ID);
    let mut w = FrameWriter::new(Vec::new());
    w.write_message(&Point { x: 1, y: 2 }).unwrap();
    w.write_message(&Size { w: 3, h: 4 }).unwrap();
    w.write_frame(&Frame::message(&Size { w: 5, h: 6 })).unwrap();
    let wire = w.into_inner().unwrap();
    let frames: Vec<Frame> = FrameReader::new(&wire[..]).map(Result::unwrap).collect();
    let ids: Vec<u32> = frames.iter().map(|f| f.header.type_id).collect();
    assert_eq!(ids, [Point::TYPE_ID, Size::TYPE_ID, Size::TYPE_ID]);
    assert_eq!(frames[0].to_owned_message::<Point>().unwrap().decode().unwrap(), Point { x: 1, y: 2 });
    assert_eq!(frames[1].to_owned_message::<Size>().unwrap().decode().unwrap(), Size { w: 3, h: 4 });
    // The same bytes under another type's id: every typed read refuses them.
    let limits = zerowire::Limits::default();
    let mismatch = |frame: &Frame, expected: u32| {
        let errors = [
            frame.to_owned_message::<Point>().map(drop),
            frame.to_owned_message_with::<Point>(&limits).map(drop),
            frame.clone().into_owned_message::<Point>().map(drop),
            frame.clone().into_owned_message_with::<Point>(&limits).map(drop),
            frame.expect_type::<Point>(),
        ];
        for e in errors {
            let e = e.unwrap_err();
            assert_eq!(e, PayloadError::TypeMismatch { expected, found: frame.header.type_id, name: "Point" });
            let text = e.to_string();
            assert!(
                text.contains(&format!("{expected:#010x}"))
                    && text.contains(&format!("{:#010x}", frame.header.type_id))
            );
            assert!(e.message_error().is_none());
        }
    };
    mismatch(&frames[1], Point::TYPE_ID);
    mismatch(&frames[2], Point::TYPE_ID);
    // Whatever the id, only the type's own is taken; 0 ("unspecified")
    // included. The payload is a valid `Point` every time.
    let mut rng = Rng(0x007e_571d);
    let mut ids: Vec<u32> = (0..200).map(|_| rng.next() as u32).collect();
    ids.extend([0, 1, u32::MAX, Point::TYPE_ID ^ 1, Point::TYPE_ID]);
    for id in ids {
        let frame = Frame::message_with_id(&Point { x: 7, y: 8 }, id);
        assert_eq!(frame.header.type_id, id);
        if id == Point::TYPE_ID {
            assert_eq!(frame.to_owned_message::<Point>().unwrap().view().y(), 8);
        } else {
            mismatch(&frame, Point::TYPE_ID);
        }
        // The untyped path of a router: the payload, read as it says.
        assert_eq!(zerowire::Owned::<Point>::new(frame.payload.clone()).unwrap().view().x(), 7);
    }
    // Explicit ids on the writer are carried as given.
    let mut w = FrameWriter::new(Vec::new());
    w.write_message_with_id(&Point { x: 1, y: 1 }, 99).unwrap();
    let wire = w.into_inner().unwrap();
    let frame = FrameReader::new(&wire[..]).read_frame().unwrap().unwrap();
    assert_eq!(frame.header.type_id, 99);
    mismatch(&frame, Point::TYPE_ID);
}

/// A `Read` that hands out one byte per call and adds up the lengths of
/// the buffers it is given: the reader zeroes each buffer before the call,
/// so that sum is the reader's zeroing work.
struct OneByte {
    data: Vec<u8>,
    pos: usize,
    asked: u64,
    calls: u64,
}

impl Read for OneByte {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.calls += 1;
        self.asked += buf.len() as u64;
        if self.pos == self.data.len() || buf.is_empty() {
            return Ok(0);
        }
        buf[0] = self.data[self.pos];
        self.pos += 1;
        Ok(1)
    }
}

/// A peer that sends one byte per read costs the reader work linear in the
/// bytes: a 4 MiB frame, delivered a byte at a time, is zeroed at most 64
/// bytes per byte received (it was 64 KiB per byte).
#[test]
fn one_byte_reads_cost_linear_work() {
    let len = 4 << 20;
    let payload = Bytes::from((0..len - 8).map(|i| (i % 251) as u8).collect::<Vec<u8>>());
    let frame = Frame::new(FrameHeader::json(1), payload);
    let mut w = FrameWriter::new(Vec::new());
    w.write_frame(&frame).unwrap();
    w.write_message(&Point { x: 1, y: 2 }).unwrap();
    let wire = w.into_inner().unwrap();
    let total = wire.len() as u64;
    let mut r = FrameReader::new(OneByte { data: wire, pos: 0, asked: 0, calls: 0 });
    assert_eq!(r.read_frame().unwrap().unwrap(), frame);
    assert_eq!(r.read_frame().unwrap().unwrap().to_owned_message::<Point>().unwrap().view().y(), 2);
    assert!(r.read_frame().unwrap().is_none());
    let src = r.get_ref();
    assert_eq!(src.calls, total + 1);
    // 64 bytes a call, and the first read (8 KiB) and the end.
    assert!(src.asked <= 64 * total + 16 * 1024, "asked for {} bytes to read {total}", src.asked);
}

/// Reads of every size, mixed: the bytes a reader asks for stay within a
/// small factor of those it gets, whatever the pattern.
#[test]
fn read_work_is_linear_for_every_read_pattern() {
    struct Sized {
        data: Vec<u8>,
        pos: usize,
        sizes: Vec<usize>,
        next: usize,
        asked: u64,
    }
    impl Read for Sized {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.asked += buf.len() as u64;
            let size = self.sizes[self.next % self.sizes.len()];
            self.next += 1;
            let n = size.min(buf.len()).min(self.data.len() - self.pos);
            buf[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
            self.pos += n;
            Ok(n)
        }
    }
    let mut w = FrameWriter::new(Vec::new());
    for seq in 0..300 {
        w.write_message(&tick(seq)).unwrap();
        w.write_frame(&Frame::new(FrameHeader::json(2), Bytes::from(vec![b' '; (seq as usize * 997) % 70_000])))
            .unwrap();
    }
    let wire = w.into_inner().unwrap();
    let mut rng = Rng(0xb17e);
    for round in 0..20 {
        let sizes: Vec<usize> = (0..50).map(|_| 1 + rng.below([2, 10, 1000, 100_000][round % 4])).collect();
        let mut r = FrameReader::new(Sized { data: wire.clone(), pos: 0, sizes: sizes.clone(), next: 0, asked: 0 });
        assert_eq!(r.by_ref().map(Result::unwrap).count(), 600);
        let (asked, got) = (r.get_ref().asked, wire.len() as u64);
        let calls = r.get_ref().next as u64;
        // Each call asks for at most 64 bytes or twice the last answer.
        assert!(asked <= 64 * calls + 2 * got + 8 * 1024, "{sizes:?}: asked {asked} for {got} in {calls} calls");
    }
}

/// A peer that sends a frame's head announcing 8 MiB and stalls makes the
/// reader hold a few KiB, not 8 MiB: 200 such peers hold < 4 MiB together.
#[test]
fn stalled_heads_reserve_little() {
    let head = raw_frame(8 << 20, FrameHeader::binary(1).to_bytes());
    let mut held = 0;
    for split in 0..200 {
        // The head, and 0 to 199 bytes of the payload, then nothing more.
        let mut input = Chunked::new(&[&head[..], &vec![0; 200][..]].concat(), vec![usize::MAX]);
        input.block_at = 12 + split;
        let mut r = FrameReader::new(input);
        assert!(matches!(r.read_frame(), Err(FrameError::Io(e)) if e.kind() == io::ErrorKind::WouldBlock));
        assert_eq!(r.read_buffer().len(), 12 + split);
        let cap = r.read_buffer().capacity();
        assert!(cap <= 16 * 1024, "capacity {cap}");
        held += cap;
    }
    assert!(held <= 200 * 16 * 1024, "{held}");
}
