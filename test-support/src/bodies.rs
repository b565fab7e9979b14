//! The fuzz targets' bodies: plain functions that `cargo fuzz` runs under
//! libFuzzer (`fuzz/fuzz_targets/*.rs`) and that a stable `#[test]`
//! (`codec/tests/fuzz_replay.rs`) runs over the checked-in corpus and over
//! seeded random inputs. Every assertion here is a property of the codec:
//! a failure is a bug, whatever the input.

use arbitrary::{Arbitrary, Unstructured};

use crate::common::{Everything, read_all, views_agree};

/// Limits deep enough for any value `arbitrary` builds from a fuzz input.
pub const DEEP: zerowire::Limits =
    zerowire::Limits { max_depth: 1 << 20, max_size: usize::MAX, ..zerowire::Limits::DEFAULT };

/// Arbitrary bytes through both validation tiers and a full traversal of a
/// message type that uses every feature:
/// - the lazy tier may return errors but never panics;
/// - whatever the eager tier accepts reads in full without an error, decodes
///   (or exceeds the decode memory budget, which validation does not
///   charge), and re-encodes to bytes that validate again;
/// - decoding fails when validation fails, with the same error (or with
///   `MemoryLimit`, which it may meet first).
pub fn view_bytes(data: &[u8]) {
    if let Ok(view) = zerowire::view::<Everything>(data) {
        // Bounded depth: the lazy tier does not rule out aliasing.
        let _ = read_all(&view, 4);
    }
    match zerowire::validate::<Everything>(data) {
        Ok(valid) => {
            let view = zerowire::mode::lazy::<Everything>(valid);
            read_all(&view, 64).expect("accessors cannot fail after validation");
            match zerowire::decode::<Everything>(data) {
                Ok(owned) => {
                    let again = zerowire::encode(&owned);
                    zerowire::validate_with::<Everything>(&again, &DEEP).expect("re-encoded bytes validate");
                }
                Err(e) => assert_eq!(e.kind(), zerowire::ErrorKind::MemoryLimit, "validated bytes decode: {e}"),
            }
        }
        Err(e) => {
            let d = zerowire::decode::<Everything>(data).expect_err("invalid bytes must not decode");
            assert!(d == e || d.kind() == zerowire::ErrorKind::MemoryLimit, "validate: {e}, decode: {d}");
        }
    }
}

/// The codec's one `unsafe` block, differentially: `zerowire::utf8::to_str`
/// agrees with `core::str::from_utf8` on arbitrary bytes, on every suffix of
/// the first 16 bytes (so every alignment and every short length), and the
/// same bytes stored in a string field read back through the lazy and eager
/// tiers exactly when they are UTF-8.
pub fn utf8(data: &[u8]) {
    for start in 0..data.len().min(16) + 1 {
        let b = &data[start..];
        assert_eq!(zerowire::utf8::to_str(b), core::str::from_utf8(b).ok(), "{b:?}");
    }
    let mut bytes = zerowire::encode(&crate::common::Named { name: "x".repeat(data.len()) });
    let at = bytes.len() - data.len();
    bytes[at..].copy_from_slice(data);
    let lazy = zerowire::view::<crate::common::Named>(&bytes).and_then(|v| v.name().map(str::to_owned));
    let eager = zerowire::validate::<crate::common::Named>(&bytes).map(|v| v.name().to_owned());
    let want = core::str::from_utf8(data).ok().map(str::to_owned);
    assert_eq!(lazy.as_ref().ok(), want.as_ref());
    assert_eq!(eager.as_ref().ok(), want.as_ref());
}

/// The validated view against the lazy view, on arbitrary bytes: for every
/// input the eager tier accepts, every accessor of the validated view
/// (which skips the UTF-8 check of strings and returns plain values) equals
/// the lazy accessor's `Ok` value, through nested messages, lists, maps and
/// unions; and the view of a message [`zerowire::Owned`] keeps agrees too.
pub fn valid_view(data: &[u8]) {
    let Ok(valid) = zerowire::validate::<Everything>(data) else { return };
    let lazy = zerowire::view::<Everything>(data).expect("validated bytes open lazily");
    views_agree(&valid, &lazy, 64);
    // Debug prints plain values: no `Ok(` from a validated view.
    assert!(!format!("{:?}", valid.tree()).contains("Ok("));
    let owned = zerowire::Owned::<Everything>::new(bytes::Bytes::copy_from_slice(data)).expect("validated bytes own");
    views_agree(&owned.view(), &owned.lazy_view(), 64);
}

/// Arbitrary values of the every-feature type: encode -> validate -> view ->
/// owned equals the input, and encoding the owned value gives the same bytes.
pub fn roundtrip(data: &[u8]) {
    let Ok(value) = Everything::arbitrary(&mut Unstructured::new(data)) else { return };
    let bytes = zerowire::encode(&value);
    assert_eq!(bytes.len(), zerowire::encoded_len(&value), "encoded_len is exact");
    let valid = zerowire::validate_with::<Everything>(&bytes, &DEEP).expect("own encoding validates");
    let view = zerowire::mode::lazy::<Everything>(valid);
    read_all(&view, u32::MAX).expect("own encoding reads");
    views_agree(&valid, &view, u32::MAX);
    let back: Everything = zerowire::decode_with(&bytes, &DEEP).expect("own encoding decodes");
    // NaN != NaN: compare values when the input is reflexive, bytes always.
    #[allow(clippy::eq_op)]
    if value == value {
        assert_eq!(back, value);
    }
    assert_eq!(zerowire::encode(&back), bytes, "canonical bytes");
}

/// Two versions of one message, the second with fields appended (and an
/// enum value and a union arm the first does not know).
pub mod versions {
    /// Version 1.
    pub mod v1 {
        use arbitrary::Arbitrary;

        /// A status, open: values it does not know are kept.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Arbitrary, zerowire::Enum)]
        pub enum Status {
            /// Open.
            #[default]
            Open,
            /// Filled.
            Filled,
            /// A value this version does not know.
            #[zerowire(unknown)]
            Unknown(u16),
        }

        /// A line of an order.
        #[derive(Debug, Clone, PartialEq, Default, Arbitrary, zerowire::Message)]
        pub struct Line {
            /// Stock keeping unit.
            pub sku: String,
            /// Quantity.
            pub qty: u32,
        }

        /// An order, version 1.
        #[derive(Debug, Clone, PartialEq, Default, Arbitrary, zerowire::Message)]
        pub struct Order {
            /// Id.
            pub id: u64,
            /// Status.
            pub status: Status,
            /// Lines.
            pub lines: Vec<Line>,
            /// Free text.
            pub note: String,
        }
    }

    /// Version 2: every field of version 1, then more.
    pub mod v2 {
        use arbitrary::Arbitrary;

        /// A status with a value version 1 does not know.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Arbitrary, zerowire::Enum)]
        pub enum Status {
            /// Open.
            #[default]
            Open,
            /// Filled.
            Filled,
            /// Cancelled (new in version 2).
            Cancelled,
            /// A value this version does not know.
            #[zerowire(unknown)]
            Unknown(u16),
        }

        /// A line with new fields.
        #[derive(Debug, Clone, PartialEq, Default, Arbitrary, zerowire::Message)]
        pub struct Line {
            /// Stock keeping unit.
            pub sku: String,
            /// Quantity.
            pub qty: u32,
            /// Unit price (new).
            pub price: f64,
            /// Tags (new).
            pub tags: Vec<String>,
            /// Discount (new).
            pub discount: Option<u32>,
        }

        /// An order, version 2.
        #[derive(Debug, Clone, PartialEq, Default, Arbitrary, zerowire::Message)]
        pub struct Order {
            /// Id.
            pub id: u64,
            /// Status.
            pub status: Status,
            /// Lines.
            pub lines: Vec<Line>,
            /// Free text.
            pub note: String,
            /// Urgent (new).
            pub urgent: bool,
            /// Customer (new).
            pub customer: Option<String>,
            /// History (new).
            pub history: Vec<u64>,
        }
    }
}

use versions::{v1, v2};

fn status_v1(s: v2::Status) -> v1::Status {
    match s {
        v2::Status::Open => v1::Status::Open,
        v2::Status::Filled => v1::Status::Filled,
        v2::Status::Cancelled => v1::Status::Unknown(2),
        v2::Status::Unknown(n) => v1::Status::Unknown(n),
    }
}

/// A value of version 2 read by version 1 and the reverse: the old reader
/// sees the fields it knows (unknown enum values kept as numbers), the new
/// reader sees defaults for what the old writer did not have, and a value
/// that passes through the old version comes back with every field the old
/// version knows intact.
pub fn evolution(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let (Ok(new), Ok(old)) = (v2::Order::arbitrary(&mut u), v1::Order::arbitrary(&mut u)) else { return };
    // Enum values that collide with a known value on the wire are not
    // canonical (Unknown(1) is Filled): skip them.
    let canonical = |s: v2::Status| !matches!(s, v2::Status::Unknown(0..=2));
    if !canonical(new.status) || matches!(old.status, v1::Status::Unknown(0..=1)) {
        return;
    }

    // v2 -> v1
    let bytes = zerowire::encode(&new);
    let seen: v1::Order = zerowire::decode(&bytes).expect("an old reader accepts new data");
    assert_eq!((seen.id, seen.status, &seen.note), (new.id, status_v1(new.status), &new.note));
    assert_eq!(seen.lines.len(), new.lines.len());
    for (a, b) in seen.lines.iter().zip(&new.lines) {
        assert_eq!((&a.sku, a.qty), (&b.sku, b.qty));
    }
    // ... and back: what v1 knew survives, including the enum value it did not know.
    let back: v2::Order = zerowire::decode(&zerowire::encode(&seen)).expect("new reader accepts old data");
    assert_eq!((back.id, back.status, &back.note), (new.id, new.status, &new.note));
    assert_eq!((back.urgent, &back.customer, back.history.len()), (false, &None, 0));

    // v1 -> v2
    let bytes = zerowire::encode(&old);
    let seen: v2::Order = zerowire::decode(&bytes).expect("a new reader accepts old data");
    assert_eq!((seen.id, &seen.note, seen.lines.len()), (old.id, &old.note, old.lines.len()));
    assert_eq!((seen.urgent, &seen.customer, seen.history.len()), (false, &None, 0));
    for (a, b) in seen.lines.iter().zip(&old.lines) {
        assert_eq!((&a.sku, a.qty, a.price, a.tags.len(), a.discount), (&b.sku, b.qty, 0.0, 0, None));
    }
}

/// A reader that hands out its bytes in chunks whose sizes come from a
/// seed, the way a socket splits a stream.
struct Chunked<'a> {
    data: &'a [u8],
    state: u64,
}

impl Chunked<'_> {
    fn next_len(&mut self) -> usize {
        self.state = self.state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        1 + (self.state >> 33) as usize % 64
    }
}

impl std::io::Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.next_len().min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// Arbitrary bytes, split into arbitrary reads, through the blocking frame
/// reader and the tokio frame decoder: neither panics, both deliver the same
/// frames and stop at the same point, no frame exceeds the limit, and every
/// delivered frame's payload can be opened as a message (or gives an error
/// for that frame only).
pub fn frames(data: &[u8]) {
    use zerowire::frame::{FrameConfig, FrameReader};

    let Some((&seed, stream)) = data.split_first() else { return };
    // A small limit so that limit handling is reached often.
    let config = FrameConfig::default().max_frame_len(4096).checksum(seed & 1 == 1);
    let mut reader = FrameReader::with_config(Chunked { data: stream, state: seed as u64 }, config);
    let mut blocking = Vec::new();
    let blocking_end = loop {
        match reader.read_frame() {
            Ok(Some(frame)) => {
                assert!(frame.payload.len() <= 4096);
                // The typed read checks the header's type id, then is the
                // untyped read of the payload.
                let typed = frame.to_owned_message::<Everything>();
                let untyped = zerowire::Owned::<Everything>::new(frame.payload.clone());
                if frame.header.type_id != <Everything as zerowire::Message>::TYPE_ID {
                    assert!(matches!(typed, Err(zerowire::frame::PayloadError::TypeMismatch { .. })));
                } else if frame.header.format == zerowire::frame::PayloadFormat::Binary {
                    match (typed, untyped) {
                        (Ok(a), Ok(b)) => assert_eq!(a.bytes(), b.bytes()),
                        (Err(zerowire::frame::PayloadError::Invalid(a)), Err(b)) => assert_eq!(a, b),
                        (t, u) => panic!("typed {:?} and untyped {:?} reads disagree", t.err(), u.err()),
                    }
                }
                blocking.push(frame);
            }
            Ok(None) => break None,
            Err(e) => break Some(e.to_string()),
        }
    };

    #[cfg(feature = "tokio")]
    {
        use tokio_util::codec::Decoder;
        let mut codec = config.new_codec();
        let mut buf = bytes::BytesMut::new();
        let mut chunks = Chunked { data: stream, state: seed as u64 };
        let mut decoded = Vec::new();
        let tokio_end = 'outer: loop {
            let n = chunks.next_len().min(chunks.data.len());
            let at_eof = n == 0;
            buf.extend_from_slice(&chunks.data[..n]);
            chunks.data = &chunks.data[n..];
            loop {
                let step = if at_eof { codec.decode_eof(&mut buf) } else { codec.decode(&mut buf) };
                match step {
                    Ok(Some(frame)) => decoded.push(frame),
                    Ok(None) if at_eof => break 'outer None,
                    Ok(None) => break,
                    Err(e) => break 'outer Some(e.to_string()),
                }
            }
        };
        assert_eq!(decoded, blocking, "both decoders deliver the same frames");
        assert_eq!(tokio_end.is_some(), blocking_end.is_some(), "{tokio_end:?} vs {blocking_end:?}");
    }
    #[cfg(not(feature = "tokio"))]
    let _ = blocking_end;
}
