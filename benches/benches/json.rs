//! zerowire's JSON fallback against the JSON crates, on every data set: groups
//! `json/<set>/encode` and `json/<set>/decode`.
//!
//! - `zerowire_owned`: `zerowire::json::encode_into` of the owned (derived)
//!   value into a reused buffer; `zerowire_view`: the same from a validated
//!   view of the binary message (the transcoding path; validation included);
//! - `zerowire`: `zerowire::json::Reader::read` (simd-json in place, reused
//!   buffers); `zerowire_serde_json`: the reference reader
//!   (`zerowire::json::reference::from_slice`);
//! - `serde_json`, `simd_json`, `sonic_rs`: the same crates on plain serde
//!   mirrors (`#[derive(Serialize, Deserialize)]`), through the suite's
//!   `Format` interface (reused output and input buffers).
//!
//! Each side writes and reads its own documents: zerowire's mapping writes
//! 64-bit integers as strings and bytes as base64 (FORMAT.md 16), the serde
//! mirrors write integers as numbers and bytes as base64 too. Before
//! timing, every document is read back and checked against the model.
//!
//! `ZW_BENCH_QUICK=1` for short runs, as in the `peers` bench.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use serde::Serialize;
use serde::de::DeserializeOwned;
use zerowire::Message;
use zerowire_benches::data::{Blob, Comment, LogBatch, NumericBatch, Request, TelemetryExport};
use zerowire_benches::peers::Format;
use zerowire_benches::peers::json::{JsonSet, SerdeJson};
use zerowire_benches::peers::simd_json_fmt::SimdJson;
use zerowire_benches::peers::sonic_rs_fmt::SonicRs;
use zerowire_benches::peers::zerowire_fmt::Zerowire;

fn peer<D, F>(g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>, decode: bool, model: &D)
where
    D: JsonSet,
    F: Format<D, Mirror = D::Json, Encoded = Vec<u8>>,
{
    let mirror = F::mirror(model);
    let enc = F::encode(&mirror);
    let mut scratch = F::scratch();
    assert_eq!(&F::model(F::decode(&enc, &mut scratch)), model, "{} round trip", F::NAME);
    g.throughput(Throughput::Bytes(enc.len() as u64));
    if decode {
        g.bench_function(F::NAME, |b| b.iter(|| black_box(F::decode(black_box(&enc), &mut scratch))));
    } else {
        g.bench_function(F::NAME, |b| b.iter(|| black_box(F::encode_reuse(black_box(&mirror), &mut scratch).len())));
    }
}

fn bench_set<D>(c: &mut Criterion)
where
    D: JsonSet,
    Zerowire: Format<D>,
    <Zerowire as Format<D>>::Mirror: Message + Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
    for<'a> <<Zerowire as Format<D>>::Mirror as Message>::View<'a>: Serialize,
{
    type Zw<D> = <Zerowire as Format<D>>::Mirror;
    let model = D::bench_value();
    let value: Zw<D> = <Zerowire as Format<D>>::mirror(&model);
    let binary = zerowire::encode(&value);
    let text = zerowire::json::to_vec(&value).expect("writes");
    // The checks the timings stand on: the view writes what the owned value
    // writes, and both readers give back the model.
    let view = zerowire::mode::lazy::<Zw<D>>(zerowire::validate::<Zw<D>>(&binary).expect("valid"));
    assert_eq!(zerowire::json::to_vec(&view).expect("writes"), text, "view JSON");
    let mut reader = zerowire::json::Reader::new();
    assert_eq!(&<Zerowire as Format<D>>::model(reader.read::<Zw<D>>(&text).expect("reads")), &model);
    let back: Zw<D> = zerowire::json::reference::from_slice(&text).expect("reads");
    assert_eq!(&<Zerowire as Format<D>>::model(back), &model);

    let mut g = c.benchmark_group(format!("json/{}/encode", D::NAME));
    g.throughput(Throughput::Bytes(text.len() as u64));
    let mut out = Vec::with_capacity(text.len());
    g.bench_function("zerowire_owned", |b| {
        b.iter(|| {
            out.clear();
            zerowire::json::encode_into(black_box(&value), &mut out).expect("writes");
            out.len()
        })
    });
    g.bench_function("zerowire_view", |b| {
        b.iter(|| {
            out.clear();
            let view = zerowire::mode::lazy::<Zw<D>>(zerowire::validate::<Zw<D>>(black_box(&binary)).expect("valid"));
            zerowire::json::encode_into(&view, &mut out).expect("writes");
            out.len()
        })
    });
    peer::<D, SerdeJson>(&mut g, false, &model);
    peer::<D, SimdJson>(&mut g, false, &model);
    peer::<D, SonicRs>(&mut g, false, &model);
    g.finish();

    let mut g = c.benchmark_group(format!("json/{}/decode", D::NAME));
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("zerowire", |b| b.iter(|| black_box(reader.read::<Zw<D>>(black_box(&text)).expect("reads"))));
    g.bench_function("zerowire_serde_json", |b| {
        b.iter(|| black_box(zerowire::json::reference::from_slice::<Zw<D>>(black_box(&text)).expect("reads")))
    });
    peer::<D, SerdeJson>(&mut g, true, &model);
    peer::<D, SimdJson>(&mut g, true, &model);
    peer::<D, SonicRs>(&mut g, true, &model);
    g.finish();
}

fn main() {
    let mut c = Criterion::default();
    if std::env::var_os("ZW_BENCH_QUICK").is_some_and(|v| v != "0") {
        c = c.warm_up_time(Duration::from_millis(300)).measurement_time(Duration::from_secs(1)).sample_size(10);
    }
    let mut c = c.configure_from_args();
    bench_set::<Request>(&mut c);
    bench_set::<LogBatch>(&mut c);
    bench_set::<TelemetryExport>(&mut c);
    bench_set::<NumericBatch>(&mut c);
    bench_set::<Blob>(&mut c);
    bench_set::<Comment>(&mut c);
    c.final_summary();
}
