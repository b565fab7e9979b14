//! Peer formats on the same data: for each data set (`request`, `log_batch`,
//! `intl_log`, `telemetry`, `numeric`, `large`, `deep`), groups `<set>/<op>` with ops `encode`,
//! `decode`, `access`, `read_all`, `validate`, and one function per peer
//! (`zerowire`, `zerowire_validated`, `prost`, `rkyv`, `rkyv_unchecked`,
//! `bitcode`, `serde_json`, `simd_json`, `sonic_rs`, `capnp`, `flatbuffers`,
//! `flatbuffers_unchecked`; each non-zerowire peer
//! only when its `peer-*` feature is on, all by default). The `large` set
//! also has `zerowire_vec_u8`: the payload as a `Vec<u8>` instead of
//! `bytes::Bytes` (same bytes on the wire, another encoder path).
//!
//! Every peer is driven through `zerowire_benches::peers::Format` (and
//! `ZeroCopy` for zerowire and rkyv), so all do the same work:
//! - encode: mirror value -> bytes, reusing the peer's output buffer (and
//!   bitcode's `Buffer`, rkyv's `AlignedVec`);
//! - decode: bytes -> owned mirror value;
//! - access: open the bytes and read one field (peers without random access
//!   decode everything: that is what reading one field costs with them);
//! - read_all: every field into a checksum;
//! - validate: the eager tier alone (zerowire `validate`, rkyv `access`,
//!   the FlatBuffers verifier).
//!
//! Before anything is timed, each peer's round trip, `access` and
//! `read_all` are asserted equal to the model's (`Prepared::new`).
//!
//! Quick mode for iteration: `ZW_BENCH_QUICK=1` (0.3 s warm-up, 1 s
//! measurement, 10 samples); command-line options (`--warm-up-time`,
//! `--measurement-time`, `--sample-size`) override it. A criterion filter
//! selects data sets or ops: `-- telemetry/`, `-- /access`.
//!
//! Throughput is each peer's own encoded size (MB/s says how fast a peer
//! chews through *its* bytes; compare times for "which is faster on this
//! message"). `access` has no throughput.

use std::hint::black_box;
use std::marker::PhantomData;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput};
use zerowire_benches::data::{Blob, Comment, IntlLogBatch, LogBatch, NumericBatch, Request, TelemetryExport};
use zerowire_benches::peers::zerowire_fmt::Zerowire;
use zerowire_benches::peers::{DataSet, Format, ZeroCopy};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Encode,
    Decode,
    Access,
    ReadAll,
    Validate,
}

impl Op {
    const ALL: [Op; 5] = [Op::Encode, Op::Decode, Op::Access, Op::ReadAll, Op::Validate];

    fn name(self) -> &'static str {
        match self {
            Op::Encode => "encode",
            Op::Decode => "decode",
            Op::Access => "access",
            Op::ReadAll => "read_all",
            Op::Validate => "validate",
        }
    }
}

/// A peer prepared on one data set, adding its functions to each op's group.
trait PeerBench {
    fn add(&mut self, op: Op, g: &mut BenchmarkGroup<'_, WallTime>);
}

/// A peer's mirror, encoded bytes and reusable state, checked against the model.
struct Prepared<D: DataSet, F: Format<D>> {
    mirror: F::Mirror,
    enc: F::Encoded,
    scratch: F::Scratch,
    _set: PhantomData<D>,
}

impl<D: DataSet, F: Format<D>> Prepared<D, F> {
    fn new(model: &D) -> Self {
        let mirror = F::mirror(model);
        let enc = F::encode(&mirror);
        let mut scratch = F::scratch();
        let what = |op: &str| format!("{} on {}: {op} differs from the model", F::NAME, D::NAME);
        assert!(F::encode_reuse(&mirror, &mut scratch) == &enc[..], "{}", what("encode_reuse"));
        assert!(F::model(F::decode(&enc, &mut scratch)) == *model, "{}", what("round trip"));
        assert_eq!(F::access(&enc), model.access(), "{}", what("access"));
        assert_eq!(F::read_all(&enc), model.checksum(), "{}", what("read_all"));
        Self { mirror, enc, scratch, _set: PhantomData }
    }

    fn bytes(&self, g: &mut BenchmarkGroup<'_, WallTime>) {
        g.throughput(Throughput::Bytes(self.enc.len() as u64));
    }
}

impl<D: DataSet, F: Format<D>> PeerBench for Prepared<D, F> {
    fn add(&mut self, op: Op, g: &mut BenchmarkGroup<'_, WallTime>) {
        let (mirror, enc, scratch) = (&self.mirror, &self.enc, &mut self.scratch);
        match op {
            Op::Encode => {
                g.throughput(Throughput::Bytes(enc.len() as u64));
                g.bench_function(F::NAME, |b| b.iter(|| F::encode_reuse(black_box(mirror), scratch).len()));
            }
            Op::Decode => {
                g.throughput(Throughput::Bytes(enc.len() as u64));
                g.bench_function(F::NAME, |b| b.iter(|| F::decode(black_box(enc), scratch)));
            }
            Op::Access => {
                g.bench_function(F::NAME, |b| b.iter(|| F::access(black_box(enc))));
            }
            Op::ReadAll => {
                g.throughput(Throughput::Bytes(enc.len() as u64));
                g.bench_function(F::NAME, |b| b.iter(|| F::read_all(black_box(enc))));
            }
            Op::Validate => {}
        }
    }
}

/// A zero-copy peer: also its second way to read and eager validation.
struct PreparedZeroCopy<D: DataSet, F: ZeroCopy<D>>(Prepared<D, F>);

impl<D: DataSet, F: ZeroCopy<D>> PreparedZeroCopy<D, F> {
    fn new(model: &D) -> Self {
        let p = Prepared::<D, F>::new(model);
        assert!(F::validate(&p.enc), "{} on {}: validate", F::NAME, D::NAME);
        assert_eq!(F::access_alt(&p.enc), model.access(), "{} on {}: access", F::ALT, D::NAME);
        assert_eq!(F::read_all_alt(&p.enc), model.checksum(), "{} on {}: read_all", F::ALT, D::NAME);
        Self(p)
    }
}

impl<D: DataSet, F: ZeroCopy<D>> PeerBench for PreparedZeroCopy<D, F> {
    fn add(&mut self, op: Op, g: &mut BenchmarkGroup<'_, WallTime>) {
        self.0.add(op, g);
        let enc = &self.0.enc;
        match op {
            Op::Access => {
                g.bench_function(F::ALT, |b| b.iter(|| F::access_alt(black_box(enc))));
            }
            Op::ReadAll => {
                self.0.bytes(g);
                g.bench_function(F::ALT, |b| b.iter(|| F::read_all_alt(black_box(enc))));
            }
            Op::Validate => {
                self.0.bytes(g);
                g.bench_function(F::NAME, |b| b.iter(|| F::validate(black_box(enc))));
            }
            Op::Encode | Op::Decode => {}
        }
    }
}

/// Prepares every enabled peer (and the `$extra` formats) on data set `$set`
/// and runs its five groups.
macro_rules! bench_set {
    ($c:expr, $set:ty $(, $extra:ty)*) => {{
        let model = <$set as DataSet>::bench_value();
        let mut peers: Vec<Box<dyn PeerBench>> = vec![Box::new(PreparedZeroCopy::<$set, Zerowire>::new(&model))];
        $(peers.push(Box::new(Prepared::<$set, $extra>::new(&model)));)*
        #[cfg(feature = "peer-prost")]
        peers.push(Box::new(Prepared::<$set, zerowire_benches::peers::prost_pb::Prost>::new(&model)));
        #[cfg(feature = "peer-rkyv")]
        peers.push(Box::new(PreparedZeroCopy::<$set, zerowire_benches::peers::rkyv_fmt::Rkyv>::new(&model)));
        #[cfg(feature = "peer-bitcode")]
        peers.push(Box::new(Prepared::<$set, zerowire_benches::peers::bitcode_fmt::Bitcode>::new(&model)));
        #[cfg(feature = "peer-serde-json")]
        peers.push(Box::new(Prepared::<$set, zerowire_benches::peers::json::SerdeJson>::new(&model)));
        #[cfg(feature = "peer-simd-json")]
        peers.push(Box::new(Prepared::<$set, zerowire_benches::peers::simd_json_fmt::SimdJson>::new(&model)));
        #[cfg(feature = "peer-sonic-rs")]
        peers.push(Box::new(Prepared::<$set, zerowire_benches::peers::sonic_rs_fmt::SonicRs>::new(&model)));
        #[cfg(feature = "peer-capnp")]
        peers.push(Box::new(Prepared::<$set, zerowire_benches::peers::capnp_fmt::Capnp>::new(&model)));
        #[cfg(feature = "peer-flatbuffers")]
        peers.push(Box::new(PreparedZeroCopy::<$set, zerowire_benches::peers::flatbuffers_fmt::FlatBuffers>::new(&model)));
        for op in Op::ALL {
            let mut g = $c.benchmark_group(format!("{}/{}", <$set as DataSet>::NAME, op.name()));
            for p in &mut peers {
                p.add(op, &mut g);
            }
            g.finish();
        }
    }};
}

// What `criterion_group!` + `criterion_main!` expand to, written out because
// the macro's generated `pub fn` trips the workspace's `missing_docs` lint.
fn main() {
    let mut c = Criterion::default();
    if std::env::var_os("ZW_BENCH_QUICK").is_some_and(|v| v != "0") {
        c = c.warm_up_time(Duration::from_millis(300)).measurement_time(Duration::from_secs(1)).sample_size(10);
    }
    let mut c = c.configure_from_args();
    bench_set!(c, Request);
    bench_set!(c, LogBatch);
    bench_set!(c, IntlLogBatch);
    bench_set!(c, TelemetryExport);
    bench_set!(c, NumericBatch);
    bench_set!(c, Blob, zerowire_benches::peers::zerowire_fmt::ZerowireVecU8);
    bench_set!(c, Comment);
    c.final_summary();
}
