//! What the codec's one `unsafe` block buys: `zerowire::utf8::to_str` (the
//! ASCII prefix found sixteen bytes at a time, only the rest given to
//! `core::str::from_utf8`, then `from_utf8_unchecked` on the whole) against
//! `core::str::from_utf8` alone, on
//! every string of the request, the log batch and the telemetry export, and
//! on the same log strings each made non-ASCII (the fallback's worst case:
//! the ASCII check is wasted work there). Groups `utf8/<strings>`, functions
//! `core` and `zerowire`; each iteration checks every string of the set.
//!
//! `cargo bench -p zerowire-benches --bench utf8` (`ZW_BENCH_QUICK=1` for a
//! short run). The end-to-end effect is in the `peers` bench's `validate`
//! and `read_all` groups (docs/BENCHMARKS.md, "The UTF-8 fast path").

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use zerowire_benches::data::{self, AttrValue, Attributes};
use zerowire_benches::peers::DataSet;

fn attributes(a: &Attributes, out: &mut Vec<String>) {
    for (k, v) in a {
        out.push(k.clone());
        if let AttrValue::Str(s) = v {
            out.push(s.clone());
        }
    }
}

fn request_strings() -> Vec<String> {
    let r = data::Request::bench_value();
    let mut out = vec![r.path, r.client];
    out.extend(r.tags);
    out
}

fn log_strings() -> Vec<String> {
    let b = data::LogBatch::bench_value();
    let mut out = vec![b.source];
    for r in b.records {
        out.push(r.message);
        out.push(r.host);
    }
    out
}

fn telemetry_strings() -> Vec<String> {
    let t = data::TelemetryExport::bench_value();
    let mut out = Vec::new();
    for r in &t.resources {
        attributes(&r.resource, &mut out);
        out.push(r.schema_url.clone());
        for s in &r.scopes {
            out.push(s.scope_name.clone());
            out.push(s.scope_version.clone());
            for span in &s.spans {
                out.push(span.name.clone());
                attributes(&span.attributes, &mut out);
                for e in &span.events {
                    out.push(e.name.clone());
                    attributes(&e.attributes, &mut out);
                }
                out.push(span.status.message.clone());
            }
        }
    }
    out
}

fn main() {
    let quick = std::env::var_os("ZW_BENCH_QUICK").is_some_and(|v| v != "0");
    let mut c = Criterion::default().configure_from_args();
    if quick {
        c = c.warm_up_time(Duration::from_millis(300)).measurement_time(Duration::from_secs(1)).sample_size(10);
    }
    let non_ascii: Vec<String> = log_strings().into_iter().map(|s| s + "é").collect();
    let sets = [
        ("request", request_strings()),
        ("log_batch", log_strings()),
        ("telemetry", telemetry_strings()),
        ("log_batch_non_ascii", non_ascii),
    ];
    for (name, strings) in &sets {
        let bytes: Vec<&[u8]> = strings.iter().map(|s| s.as_bytes()).collect();
        // The two agree on every string before anything is timed.
        for b in &bytes {
            assert_eq!(zerowire::utf8::to_str(b), core::str::from_utf8(b).ok());
        }
        let total: u64 = bytes.iter().map(|b| b.len() as u64).sum();
        eprintln!("utf8/{name}: {} strings, {total} bytes", bytes.len());
        let mut g = c.benchmark_group(format!("utf8/{name}"));
        g.throughput(Throughput::Bytes(total));
        g.bench_function("core", |b| {
            b.iter(|| black_box(&bytes).iter().filter(|s| core::str::from_utf8(s).is_ok()).count())
        });
        g.bench_function("zerowire", |b| {
            b.iter(|| black_box(&bytes).iter().filter(|s| zerowire::utf8::to_str(s).is_some()).count())
        });
        g.finish();
    }
    c.final_summary();
}
