//! Framing throughput: frames/s through a stream codec, zerowire frames
//! against prost length-delimited and newline-delimited serde_json, for a
//! small message (`Request`, ~100-200 B) and a large one (`LogBatch`, ~1 MB).
//!
//! Groups `framing/<size>/<where>`, `<size>` `small` or `large`, `<where>`:
//!
//! - `memory`: encode a batch of frames into one buffer, then decode them
//!   all back from it. Functions `zerowire` (`FrameCodec`), `zerowire_io`
//!   (`FrameWriter` / `FrameReader`), `prost`, `json`.
//! - `loopback`: one tokio task writes the frames into a TCP socket on
//!   127.0.0.1, another reads and decodes them (both through tokio-util
//!   `FramedWrite` / `FramedRead`; the prost and JSON codecs are the few
//!   lines below). Functions `zerowire`, `prost`, `json`, and
//!   `zerowire_lazy`: the frame's payload opened with the lazy `view`
//!   (O(1)) instead of validated, for a service that reads one field.
//!
//! Every reader decodes to the point where a service would use the
//! message: zerowire, the `Frame` and its validated `Owned` message, read
//! through its validated view (`Frame::into_owned_message`, eager
//! validation, no copy; `Owned::view`, plain values); prost, the
//! struct (`decode_length_delimited` rules: a varint length, then the
//! message); JSON, the struct (`serde_json::from_slice` of one line). Every
//! writer encodes from its own struct of the same data. Throughput is in
//! frames (elements); the wire bytes per frame of each peer are printed
//! once at the start, for MB/s.
//!
//! Short on purpose (10 samples, ~2 s each): the whole run stays under two
//! minutes. `cargo bench -p zerowire-benches --bench framing`.

use std::hint::black_box;
use std::marker::PhantomData;
use std::time::{Duration, Instant};

use bytes::{Buf, BufMut, BytesMut};
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput};
use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::Runtime;
use tokio_util::codec::{Decoder, Encoder, FramedRead, FramedWrite};
use zerowire::frame::{Frame, FrameCodec, FrameReader, FrameWriter};
use zerowire_benches::data::{self, LOG_BATCH_RECORDS, SEED};
use zerowire_benches::peers::{json, prost_pb, zerowire_fmt};

/// Small messages per batch.
const SMALL: usize = 1_000;
/// Large messages per batch.
const LARGE: usize = 4;
/// The read buffer of every loopback reader (tokio-util's default is
/// 8 KiB; a service streaming small messages would raise it likewise).
const READ_BUFFER: usize = 64 * 1024;

// ---- the peers' codecs ------------------------------------------------------

/// prost length-delimited framing as a tokio-util codec: `encode_length_delimited`
/// into the write buffer; a varint length, then `M::decode` of that many bytes.
struct ProstCodec<M>(PhantomData<M>);

impl<M> ProstCodec<M> {
    fn new() -> Self {
        ProstCodec(PhantomData)
    }
}

impl<M: prost::Message + Default> Decoder for ProstCodec<M> {
    type Item = M;
    type Error = std::io::Error;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<M>, std::io::Error> {
        let mut peek = &src[..];
        let len = match prost::decode_length_delimiter(&mut peek) {
            Ok(len) => len,
            Err(_) if src.len() < 10 => return Ok(None), // the varint is not all in yet
            Err(e) => return Err(std::io::Error::other(e)),
        };
        let head = src.len() - peek.len();
        if peek.len() < len {
            src.reserve(head + len - src.len());
            return Ok(None);
        }
        let m = M::decode(&peek[..len]).map_err(std::io::Error::other)?;
        src.advance(head + len);
        Ok(Some(m))
    }
}

impl<M: prost::Message> Encoder<&M> for ProstCodec<M> {
    type Error = std::io::Error;

    fn encode(&mut self, m: &M, dst: &mut BytesMut) -> Result<(), std::io::Error> {
        m.encode_length_delimited(dst).map_err(std::io::Error::other)
    }
}

/// Newline-delimited JSON as a tokio-util codec: `serde_json::to_writer`
/// then `\n`; a line, then `serde_json::from_slice` of it.
struct JsonLines<M> {
    /// Bytes of the buffer already searched for `\n`.
    scanned: usize,
    _m: PhantomData<M>,
}

impl<M> JsonLines<M> {
    fn new() -> Self {
        JsonLines { scanned: 0, _m: PhantomData }
    }
}

impl<M: serde::de::DeserializeOwned> Decoder for JsonLines<M> {
    type Item = M;
    type Error = std::io::Error;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<M>, std::io::Error> {
        let Some(at) = src[self.scanned..].iter().position(|&b| b == b'\n') else {
            self.scanned = src.len();
            return Ok(None);
        };
        let end = self.scanned + at;
        self.scanned = 0;
        let m = serde_json::from_slice(&src[..end]).map_err(std::io::Error::other)?;
        src.advance(end + 1);
        Ok(Some(m))
    }
}

impl<M: serde::Serialize> Encoder<&M> for JsonLines<M> {
    type Error = std::io::Error;

    fn encode(&mut self, m: &M, dst: &mut BytesMut) -> Result<(), std::io::Error> {
        serde_json::to_writer(dst.writer(), m).map_err(std::io::Error::other)?;
        dst.put_u8(b'\n');
        Ok(())
    }
}

// ---- one message kind, three peers -----------------------------------------

/// A message kind: the same values as each peer's type, and what "use the
/// message" reads from each (the id / seq, summed, so nothing is optimized away).
trait Kind {
    type Zw: zerowire::Message + Send + Sync + 'static;
    type Pb: prost::Message + Default + PartialEq + Send + Sync + 'static;
    type Js: serde::Serialize + serde::de::DeserializeOwned + PartialEq + Send + Sync + 'static;
    const NAME: &'static str;
    /// The key of a validated message (a frame's `Owned` message: plain values).
    fn zw_key(view: &<Self::Zw as zerowire::Message>::Valid<'_>) -> u64;
    /// The key of a lazily opened message (`zerowire::view`).
    fn zw_lazy_key(view: &<Self::Zw as zerowire::Message>::View<'_>) -> u64;
    fn pb_key(m: &Self::Pb) -> u64;
    fn js_key(m: &Self::Js) -> u64;
}

struct Small;
impl Kind for Small {
    type Zw = zerowire_fmt::Request;
    type Pb = prost_pb::Request;
    type Js = json::Request;
    const NAME: &'static str = "small";
    fn zw_key(v: &zerowire_fmt::RequestView<'_, zerowire::Validated>) -> u64 {
        v.id()
    }
    fn zw_lazy_key(v: &zerowire_fmt::RequestView<'_>) -> u64 {
        v.id()
    }
    fn pb_key(m: &prost_pb::Request) -> u64 {
        m.id
    }
    fn js_key(m: &json::Request) -> u64 {
        m.id
    }
}

struct Large;
impl Kind for Large {
    type Zw = zerowire_fmt::LogBatch;
    type Pb = prost_pb::LogBatch;
    type Js = json::LogBatch;
    const NAME: &'static str = "large";
    fn zw_key(v: &zerowire_fmt::LogBatchView<'_, zerowire::Validated>) -> u64 {
        v.seq()
    }
    fn zw_lazy_key(v: &zerowire_fmt::LogBatchView<'_>) -> u64 {
        v.seq()
    }
    fn pb_key(m: &prost_pb::LogBatch) -> u64 {
        m.seq
    }
    fn js_key(m: &json::LogBatch) -> u64 {
        m.seq
    }
}

/// The same batch of messages as each peer's type.
struct Batch<K: Kind> {
    zw: Vec<K::Zw>,
    pb: Vec<K::Pb>,
    js: Vec<K::Js>,
}

fn small_batch() -> Batch<Small> {
    let model = data::requests(SMALL, SEED);
    let batch = Batch {
        zw: model.iter().map(zerowire_fmt::Request::from).collect(),
        pb: model.iter().map(prost_pb::Request::from).collect(),
        js: model.iter().map(json::Request::from).collect(),
    };
    // Same data for every peer: each one's frames decode back to the model.
    let wire = encode_zw(&batch.zw);
    let back: Vec<data::Request> = decode_frames::<Small, _>(&wire, |f| {
        zerowire::decode::<zerowire_fmt::Request>(&f.payload).expect("valid").into()
    });
    assert_eq!(back, model);
    let back: Vec<data::Request> =
        decode_all(ProstCodec::<prost_pb::Request>::new(), &encode_pb(&batch.pb)).into_iter().map(Into::into).collect();
    assert_eq!(back, model);
    let back: Vec<data::Request> =
        decode_all(JsonLines::<json::Request>::new(), &encode_js(&batch.js)).into_iter().map(Into::into).collect();
    assert_eq!(back, model);
    batch
}

fn large_batch() -> Batch<Large> {
    let models: Vec<data::LogBatch> =
        (0..LARGE as u64).map(|i| data::log_batch(LOG_BATCH_RECORDS, SEED.wrapping_add(i))).collect();
    let batch = Batch {
        zw: models.iter().map(zerowire_fmt::LogBatch::from).collect(),
        pb: models.iter().map(prost_pb::LogBatch::from).collect(),
        js: models.iter().map(json::LogBatch::from).collect(),
    };
    let wire = encode_zw(&batch.zw);
    let back: Vec<data::LogBatch> = decode_frames::<Large, _>(&wire, |f| {
        zerowire::decode::<zerowire_fmt::LogBatch>(&f.payload).expect("valid").into()
    });
    assert_eq!(back, models);
    let back: Vec<data::LogBatch> = decode_all(ProstCodec::<prost_pb::LogBatch>::new(), &encode_pb(&batch.pb))
        .into_iter()
        .map(Into::into)
        .collect();
    assert_eq!(back, models);
    let back: Vec<data::LogBatch> =
        decode_all(JsonLines::<json::LogBatch>::new(), &encode_js(&batch.js)).into_iter().map(Into::into).collect();
    assert_eq!(back, models);
    batch
}

fn encode_zw<M: zerowire::Message>(ms: &[M]) -> BytesMut {
    let mut codec = FrameCodec::new();
    let mut buf = BytesMut::new();
    for m in ms {
        codec.encode(m, &mut buf).expect("under the frame limit");
    }
    buf
}

fn encode_pb<M: prost::Message>(ms: &[M]) -> BytesMut {
    let mut codec = ProstCodec::<M>::new();
    let mut buf = BytesMut::new();
    for m in ms {
        codec.encode(m, &mut buf).expect("encodes");
    }
    buf
}

fn encode_js<M: serde::Serialize>(ms: &[M]) -> BytesMut {
    let mut codec = JsonLines::<M>::new();
    let mut buf = BytesMut::new();
    for m in ms {
        codec.encode(m, &mut buf).expect("encodes");
    }
    buf
}

fn decode_frames<K: Kind, T>(wire: &[u8], f: impl Fn(&Frame) -> T) -> Vec<T> {
    let mut codec = FrameCodec::new();
    let mut buf = BytesMut::from(wire);
    let mut out = Vec::new();
    while let Some(frame) = codec.decode(&mut buf).expect("valid stream") {
        out.push(f(&frame));
    }
    out
}

fn decode_all<D: Decoder>(mut codec: D, wire: &[u8]) -> Vec<D::Item>
where
    D::Error: std::fmt::Debug,
{
    let mut buf = BytesMut::from(wire);
    let mut out = Vec::new();
    while let Some(m) = codec.decode(&mut buf).expect("valid stream") {
        out.push(m);
    }
    out
}

fn configure(group: &mut BenchmarkGroup<'_, WallTime>, frames: usize) {
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    group.throughput(Throughput::Elements(frames as u64));
}

// ---- in memory --------------------------------------------------------------

fn bench_memory<K: Kind>(c: &mut Criterion, batch: &Batch<K>) {
    let n = batch.zw.len();
    let mut g = c.benchmark_group(format!("framing/{}/memory", K::NAME));
    configure(&mut g, n);

    let mut codec = FrameCodec::new();
    let mut buf = BytesMut::new();
    g.bench_function("zerowire", |b| {
        b.iter(|| {
            for m in &batch.zw {
                codec.encode(m, &mut buf).expect("under the frame limit");
            }
            let mut sum = 0u64;
            while let Some(frame) = codec.decode(&mut buf).expect("valid stream") {
                let owned = frame.into_owned_message::<K::Zw>().expect("valid message");
                sum = sum.wrapping_add(K::zw_key(&owned.view()));
            }
            black_box(sum)
        })
    });

    let mut out = Vec::new();
    g.bench_function("zerowire_io", |b| {
        b.iter(|| {
            out.clear();
            let mut writer = FrameWriter::new(&mut out);
            for m in &batch.zw {
                writer.write_message(m).expect("under the frame limit");
            }
            writer.flush().expect("a Vec takes it all");
            drop(writer);
            let mut reader = FrameReader::new(&out[..]);
            let mut sum = 0u64;
            while let Some(frame) = reader.read_frame().expect("valid stream") {
                let owned = frame.into_owned_message::<K::Zw>().expect("valid message");
                sum = sum.wrapping_add(K::zw_key(&owned.view()));
            }
            black_box(sum)
        })
    });

    let mut codec = ProstCodec::<K::Pb>::new();
    let mut buf = BytesMut::new();
    g.bench_function("prost", |b| {
        b.iter(|| {
            for m in &batch.pb {
                codec.encode(m, &mut buf).expect("encodes");
            }
            let mut sum = 0u64;
            while let Some(m) = codec.decode(&mut buf).expect("valid stream") {
                sum = sum.wrapping_add(K::pb_key(&m));
            }
            black_box(sum)
        })
    });

    let mut codec = JsonLines::<K::Js>::new();
    let mut buf = BytesMut::new();
    g.bench_function("json", |b| {
        b.iter(|| {
            for m in &batch.js {
                codec.encode(m, &mut buf).expect("encodes");
            }
            let mut sum = 0u64;
            while let Some(m) = codec.decode(&mut buf).expect("valid stream") {
                sum = sum.wrapping_add(K::js_key(&m));
            }
            black_box(sum)
        })
    });
    g.finish();
}

// ---- over loopback ----------------------------------------------------------

/// A connected pair of sockets on 127.0.0.1.
async fn socket_pair() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (client, server) = tokio::join!(TcpStream::connect(addr), listener.accept());
    let client = client.expect("connect");
    let (server, _) = server.expect("accept");
    client.set_nodelay(true).expect("nodelay");
    server.set_nodelay(true).expect("nodelay");
    (client, server)
}

/// Streams `rounds` times the batch from a writer task to a reader on the
/// calling task, through `enc` / `dec` codecs; `key` is what the reader
/// does with each item. Returns the time from the first write to the last
/// item read.
fn stream<E, D, T>(
    rt: &Runtime,
    items: &'static [T],
    rounds: u64,
    enc: E,
    dec: D,
    key: impl Fn(D::Item) -> u64,
) -> Duration
where
    T: Sync + 'static,
    E: for<'a> Encoder<&'a T> + Send + 'static,
    for<'a> <E as Encoder<&'a T>>::Error: std::fmt::Debug,
    D: Decoder,
    D::Error: std::fmt::Debug,
{
    rt.block_on(async {
        let (tx, rx) = socket_pair().await;
        let total = items.len() as u64 * rounds;
        let start = Instant::now();
        let writer = tokio::spawn(async move {
            let mut sink = FramedWrite::new(tx, enc);
            for _ in 0..rounds {
                for m in items {
                    sink.feed(m).await.expect("write");
                }
            }
            SinkExt::<&T>::flush(&mut sink).await.expect("flush");
        });
        let mut source = FramedRead::with_capacity(rx, dec, READ_BUFFER);
        let mut sum = 0u64;
        for _ in 0..total {
            let item = source.next().await.expect("not closed early").expect("valid stream");
            sum = sum.wrapping_add(key(item));
        }
        let elapsed = start.elapsed();
        writer.await.expect("writer task");
        black_box(sum);
        elapsed
    })
}

fn bench_loopback<K: Kind>(c: &mut Criterion, rt: &Runtime, batch: &'static Batch<K>) {
    let n = batch.zw.len();
    let mut g = c.benchmark_group(format!("framing/{}/loopback", K::NAME));
    configure(&mut g, n);
    g.bench_function("zerowire", |b| {
        b.iter_custom(|rounds| {
            stream(rt, &batch.zw, rounds, FrameCodec::new(), FrameCodec::new(), |frame| {
                K::zw_key(&frame.into_owned_message::<K::Zw>().expect("valid message").view())
            })
        })
    });
    // Extra, not the headline: a service that reads a field or two opens
    // the payload lazily (O(1), each accessor checked) instead of
    // validating all of it first.
    g.bench_function("zerowire_lazy", |b| {
        b.iter_custom(|rounds| {
            stream(rt, &batch.zw, rounds, FrameCodec::new(), FrameCodec::new(), |frame| {
                K::zw_lazy_key(&zerowire::view::<K::Zw>(&frame.payload).expect("valid header"))
            })
        })
    });
    g.bench_function("prost", |b| {
        b.iter_custom(|rounds| {
            stream(rt, &batch.pb, rounds, ProstCodec::<K::Pb>::new(), ProstCodec::<K::Pb>::new(), |m| K::pb_key(&m))
        })
    });
    g.bench_function("json", |b| {
        b.iter_custom(|rounds| {
            stream(rt, &batch.js, rounds, JsonLines::<K::Js>::new(), JsonLines::<K::Js>::new(), |m| K::js_key(&m))
        })
    });
    g.finish();
}

fn print_sizes<K: Kind>(batch: &Batch<K>) {
    let n = batch.zw.len() as f64;
    println!(
        "{}: {} frames per batch; wire bytes per frame: zerowire {:.1}, prost {:.1}, json {:.1}",
        K::NAME,
        batch.zw.len(),
        encode_zw(&batch.zw).len() as f64 / n,
        encode_pb(&batch.pb).len() as f64 / n,
        encode_js(&batch.js).len() as f64 / n,
    );
}

// What `criterion_group!` + `criterion_main!` expand to, written out because
// the macro's generated `pub fn` trips the workspace's `missing_docs` lint.
fn main() {
    let small: &'static Batch<Small> = Box::leak(Box::new(small_batch()));
    let large: &'static Batch<Large> = Box::leak(Box::new(large_batch()));
    print_sizes(small);
    print_sizes(large);
    // One worker thread for the writer task; the reader runs on the bench
    // thread (`block_on`): two threads, as two processes would have.
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_io().build().expect("runtime");

    let mut c = Criterion::default().configure_from_args();
    bench_memory(&mut c, small);
    bench_loopback(&mut c, &rt, small);
    bench_memory(&mut c, large);
    bench_loopback(&mut c, &rt, large);
    c.final_summary();
}
