//! Peer formats on the same data: groups `request/<op>` and `log_batch/<op>`,
//! ops `encode`, `decode`, `access`, `read_all`, `validate` (rkyv only), one
//! function per peer (`zerowire`, `zerowire_validated`, `prost`, `rkyv`,
//! `rkyv_unchecked`, `bitcode`, `serde_json`).
//!
//! Throughput is each peer's own encoded size (so MB/s compares how fast a
//! peer chews through *its* bytes; compare times for "which is faster on this
//! message"). `access` has no throughput: it reads one field.
//!
//! Buffer reuse (as a tuned production service would do):
//! - encode: zerowire (`encode_into` a cleared `Vec`), prost (`encode` into a cleared `Vec`), rkyv (`to_bytes_in` into the
//!   previous `AlignedVec`; its scratch arena is thread-local and reused by rkyv
//!   itself), bitcode (`bitcode::Buffer`), serde_json (`to_writer` into a cleared
//!   `Vec`). All peers reuse their output buffer.
//! - decode: bitcode (`bitcode::Buffer` keeps decoder state). prost, rkyv
//!   (`from_bytes`) and serde_json have nothing to reuse: the owned strings and
//!   vectors of the result are fresh allocations for every peer.
//! - access / read_all: the plain functions of `zerowire_benches::peers`
//!   (fresh decode for prost, bitcode, serde_json; in place for rkyv).

use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput};
use zerowire_benches::data::{self, LOG_BATCH_RECORDS, SEED};
use zerowire_benches::peers::{bitcode_fmt, json, prost_pb, rkyv_fmt, zerowire_fmt};

/// Sets the throughput to `len` bytes for the functions added after it.
fn bytes(group: &mut BenchmarkGroup<'_, WallTime>, len: usize) {
    group.throughput(Throughput::Bytes(len as u64));
}

fn bench_request(c: &mut Criterion) {
    let model = data::request(SEED);
    let pb = prost_pb::Request::from(&model);
    let rk = rkyv_fmt::Request::from(&model);
    let bc = bitcode_fmt::Request::from(&model);
    let js = json::Request::from(&model);

    let pb_bytes = prost_pb::encode_request(&pb);
    let rk_enc = rkyv_fmt::encode_request(&rk);
    let bc_bytes = bitcode_fmt::encode_request(&bc);
    let js_bytes = json::encode_request(&js);
    let zw = zerowire_fmt::Request::from(&model);
    let zw_bytes = zerowire_fmt::encode_request(&zw);

    {
        let mut g = c.benchmark_group("request/encode");
        bytes(&mut g, pb_bytes.len());
        let mut buf = Vec::with_capacity(pb_bytes.len());
        g.bench_function("prost", |b| {
            b.iter(|| {
                prost_pb::encode_request_into(black_box(&pb), &mut buf);
                buf.len()
            })
        });
        bytes(&mut g, rk_enc.len());
        let mut spare = rkyv::util::AlignedVec::<16>::with_capacity(rk_enc.len());
        g.bench_function("rkyv", |b| {
            b.iter(|| {
                let enc = rkyv_fmt::encode_request_in(black_box(&rk), std::mem::take(&mut spare));
                let len = enc.len();
                spare = enc.into_inner();
                len
            })
        });
        bytes(&mut g, bc_bytes.len());
        let mut bc_buf = bitcode::Buffer::new();
        g.bench_function("bitcode", |b| b.iter(|| bitcode_fmt::encode_request_with(&mut bc_buf, black_box(&bc)).len()));
        bytes(&mut g, js_bytes.len());
        let mut buf = Vec::with_capacity(js_bytes.len());
        g.bench_function("serde_json", |b| {
            b.iter(|| {
                json::encode_request_into(black_box(&js), &mut buf);
                buf.len()
            })
        });
        bytes(&mut g, zw_bytes.len());
        let mut buf = Vec::with_capacity(zw_bytes.len());
        g.bench_function("zerowire", |b| {
            b.iter(|| {
                zerowire_fmt::encode_request_into(black_box(&zw), &mut buf);
                buf.len()
            })
        });
        g.finish();
    }

    {
        let mut g = c.benchmark_group("request/decode");
        bytes(&mut g, pb_bytes.len());
        g.bench_function("prost", |b| b.iter(|| prost_pb::decode_request(black_box(&pb_bytes))));
        bytes(&mut g, rk_enc.len());
        g.bench_function("rkyv", |b| b.iter(|| rkyv_fmt::decode_request(black_box(&rk_enc))));
        bytes(&mut g, bc_bytes.len());
        let mut bc_buf = bitcode::Buffer::new();
        g.bench_function("bitcode", |b| b.iter(|| bitcode_fmt::decode_request_with(&mut bc_buf, black_box(&bc_bytes))));
        bytes(&mut g, js_bytes.len());
        g.bench_function("serde_json", |b| b.iter(|| json::decode_request(black_box(&js_bytes))));
        bytes(&mut g, zw_bytes.len());
        g.bench_function("zerowire", |b| b.iter(|| zerowire_fmt::decode_request(black_box(&zw_bytes))));
        g.finish();
    }

    {
        let mut g = c.benchmark_group("request/access");
        g.bench_function("prost", |b| b.iter(|| prost_pb::access_request(black_box(&pb_bytes))));
        g.bench_function("rkyv", |b| b.iter(|| rkyv_fmt::access_request(black_box(&rk_enc))));
        g.bench_function("rkyv_unchecked", |b| b.iter(|| rkyv_fmt::access_request_unchecked(black_box(&rk_enc))));
        g.bench_function("bitcode", |b| b.iter(|| bitcode_fmt::access_request(black_box(&bc_bytes))));
        g.bench_function("serde_json", |b| b.iter(|| json::access_request(black_box(&js_bytes))));
        g.bench_function("zerowire", |b| b.iter(|| zerowire_fmt::access_request(black_box(&zw_bytes))));
        g.bench_function("zerowire_validated", |b| {
            b.iter(|| zerowire_fmt::access_request_validated(black_box(&zw_bytes)))
        });
        g.finish();
    }

    {
        let mut g = c.benchmark_group("request/read_all");
        bytes(&mut g, pb_bytes.len());
        g.bench_function("prost", |b| b.iter(|| prost_pb::read_all_request(black_box(&pb_bytes))));
        bytes(&mut g, rk_enc.len());
        g.bench_function("rkyv", |b| b.iter(|| rkyv_fmt::read_all_request(black_box(&rk_enc))));
        g.bench_function("rkyv_unchecked", |b| b.iter(|| rkyv_fmt::read_all_request_unchecked(black_box(&rk_enc))));
        bytes(&mut g, bc_bytes.len());
        g.bench_function("bitcode", |b| b.iter(|| bitcode_fmt::read_all_request(black_box(&bc_bytes))));
        bytes(&mut g, js_bytes.len());
        g.bench_function("serde_json", |b| b.iter(|| json::read_all_request(black_box(&js_bytes))));
        bytes(&mut g, zw_bytes.len());
        g.bench_function("zerowire", |b| b.iter(|| zerowire_fmt::read_all_request(black_box(&zw_bytes))));
        g.bench_function("zerowire_validated", |b| {
            b.iter(|| zerowire_fmt::read_all_request_validated(black_box(&zw_bytes)))
        });
        g.finish();
    }

    {
        let mut g = c.benchmark_group("request/validate");
        bytes(&mut g, rk_enc.len());
        g.bench_function("rkyv", |b| b.iter(|| rkyv_fmt::validate_request(black_box(&rk_enc)).id));
        bytes(&mut g, zw_bytes.len());
        g.bench_function("zerowire", |b| b.iter(|| zerowire_fmt::validate_request(black_box(&zw_bytes)).id()));
        g.finish();
    }
}

fn bench_log_batch(c: &mut Criterion) {
    let model = data::log_batch(LOG_BATCH_RECORDS, SEED);
    let index = LOG_BATCH_RECORDS / 2;
    let pb = prost_pb::LogBatch::from(&model);
    let rk = rkyv_fmt::LogBatch::from(&model);
    let bc = bitcode_fmt::LogBatch::from(&model);
    let js = json::LogBatch::from(&model);

    let pb_bytes = prost_pb::encode_log_batch(&pb);
    let rk_enc = rkyv_fmt::encode_log_batch(&rk);
    let bc_bytes = bitcode_fmt::encode_log_batch(&bc);
    let js_bytes = json::encode_log_batch(&js);
    let zw = zerowire_fmt::LogBatch::from(&model);
    let zw_bytes = zerowire_fmt::encode_log_batch(&zw);

    {
        let mut g = c.benchmark_group("log_batch/encode");
        bytes(&mut g, pb_bytes.len());
        let mut buf = Vec::with_capacity(pb_bytes.len());
        g.bench_function("prost", |b| {
            b.iter(|| {
                prost_pb::encode_log_batch_into(black_box(&pb), &mut buf);
                buf.len()
            })
        });
        bytes(&mut g, rk_enc.len());
        let mut spare = rkyv::util::AlignedVec::<16>::with_capacity(rk_enc.len());
        g.bench_function("rkyv", |b| {
            b.iter(|| {
                let enc = rkyv_fmt::encode_log_batch_in(black_box(&rk), std::mem::take(&mut spare));
                let len = enc.len();
                spare = enc.into_inner();
                len
            })
        });
        bytes(&mut g, bc_bytes.len());
        let mut bc_buf = bitcode::Buffer::new();
        g.bench_function("bitcode", |b| {
            b.iter(|| bitcode_fmt::encode_log_batch_with(&mut bc_buf, black_box(&bc)).len())
        });
        bytes(&mut g, js_bytes.len());
        let mut buf = Vec::with_capacity(js_bytes.len());
        g.bench_function("serde_json", |b| {
            b.iter(|| {
                json::encode_log_batch_into(black_box(&js), &mut buf);
                buf.len()
            })
        });
        bytes(&mut g, zw_bytes.len());
        let mut buf = Vec::with_capacity(zw_bytes.len());
        g.bench_function("zerowire", |b| {
            b.iter(|| {
                zerowire_fmt::encode_log_batch_into(black_box(&zw), &mut buf);
                buf.len()
            })
        });
        g.finish();
    }

    {
        let mut g = c.benchmark_group("log_batch/decode");
        bytes(&mut g, pb_bytes.len());
        g.bench_function("prost", |b| b.iter(|| prost_pb::decode_log_batch(black_box(&pb_bytes))));
        bytes(&mut g, rk_enc.len());
        g.bench_function("rkyv", |b| b.iter(|| rkyv_fmt::decode_log_batch(black_box(&rk_enc))));
        bytes(&mut g, bc_bytes.len());
        let mut bc_buf = bitcode::Buffer::new();
        g.bench_function("bitcode", |b| {
            b.iter(|| bitcode_fmt::decode_log_batch_with(&mut bc_buf, black_box(&bc_bytes)))
        });
        bytes(&mut g, js_bytes.len());
        g.bench_function("serde_json", |b| b.iter(|| json::decode_log_batch(black_box(&js_bytes))));
        bytes(&mut g, zw_bytes.len());
        g.bench_function("zerowire", |b| b.iter(|| zerowire_fmt::decode_log_batch(black_box(&zw_bytes))));
        g.finish();
    }

    {
        let mut g = c.benchmark_group("log_batch/access");
        g.bench_function("prost", |b| b.iter(|| prost_pb::access_log_batch(black_box(&pb_bytes), black_box(index))));
        g.bench_function("rkyv", |b| b.iter(|| rkyv_fmt::access_log_batch(black_box(&rk_enc), black_box(index))));
        g.bench_function("rkyv_unchecked", |b| {
            b.iter(|| rkyv_fmt::access_log_batch_unchecked(black_box(&rk_enc), black_box(index)))
        });
        g.bench_function("bitcode", |b| {
            b.iter(|| bitcode_fmt::access_log_batch(black_box(&bc_bytes), black_box(index)))
        });
        g.bench_function("serde_json", |b| b.iter(|| json::access_log_batch(black_box(&js_bytes), black_box(index))));
        g.bench_function("zerowire", |b| {
            b.iter(|| zerowire_fmt::access_log_batch(black_box(&zw_bytes), black_box(index)))
        });
        g.bench_function("zerowire_validated", |b| {
            b.iter(|| zerowire_fmt::access_log_batch_validated(black_box(&zw_bytes), black_box(index)))
        });
        g.finish();
    }

    {
        let mut g = c.benchmark_group("log_batch/read_all");
        bytes(&mut g, pb_bytes.len());
        g.bench_function("prost", |b| b.iter(|| prost_pb::read_all_log_batch(black_box(&pb_bytes))));
        bytes(&mut g, rk_enc.len());
        g.bench_function("rkyv", |b| b.iter(|| rkyv_fmt::read_all_log_batch(black_box(&rk_enc))));
        g.bench_function("rkyv_unchecked", |b| b.iter(|| rkyv_fmt::read_all_log_batch_unchecked(black_box(&rk_enc))));
        bytes(&mut g, bc_bytes.len());
        g.bench_function("bitcode", |b| b.iter(|| bitcode_fmt::read_all_log_batch(black_box(&bc_bytes))));
        bytes(&mut g, js_bytes.len());
        g.bench_function("serde_json", |b| b.iter(|| json::read_all_log_batch(black_box(&js_bytes))));
        bytes(&mut g, zw_bytes.len());
        g.bench_function("zerowire", |b| b.iter(|| zerowire_fmt::read_all_log_batch(black_box(&zw_bytes))));
        g.bench_function("zerowire_validated", |b| {
            b.iter(|| zerowire_fmt::read_all_log_batch_validated(black_box(&zw_bytes)))
        });
        g.finish();
    }

    {
        let mut g = c.benchmark_group("log_batch/validate");
        bytes(&mut g, rk_enc.len());
        g.bench_function("rkyv", |b| b.iter(|| rkyv_fmt::validate_log_batch(black_box(&rk_enc)).seq));
        bytes(&mut g, zw_bytes.len());
        g.bench_function("zerowire", |b| b.iter(|| zerowire_fmt::validate_log_batch(black_box(&zw_bytes)).seq()));
        g.finish();
    }
}

// What `criterion_group!` + `criterion_main!` expand to, written out because
// the macro's generated `pub fn` trips the workspace's `missing_docs` lint.
fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench_request(&mut c);
    bench_log_batch(&mut c);
    c.final_summary();
}
