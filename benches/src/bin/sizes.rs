//! Prints the encoded size of both benchmark data sets for every peer format.
//!
//! `cargo run -p zerowire-benches --bin sizes`

use zerowire_benches::data::{self, LOG_BATCH_RECORDS, SEED};
use zerowire_benches::peers::{bitcode_fmt, json, prost_pb, rkyv_fmt, zerowire_fmt};

/// Number of requests averaged over for the "mean request" column.
const N_REQUESTS: usize = 1_000;

struct Row {
    peer: &'static str,
    request: usize,
    request_mean: f64,
    log_batch: usize,
}

fn mean(sizes: impl Iterator<Item = usize>) -> f64 {
    let (sum, n) = sizes.fold((0usize, 0usize), |(s, n), x| (s + x, n + 1));
    sum as f64 / n as f64
}

fn main() {
    let req = data::request(SEED);
    let reqs = data::requests(N_REQUESTS, SEED);
    let batch = data::log_batch(LOG_BATCH_RECORDS, SEED);

    let rows = [
        Row {
            peer: "prost",
            request: prost_pb::encode_request(&(&req).into()).len(),
            request_mean: mean(reqs.iter().map(|r| prost_pb::encode_request(&r.into()).len())),
            log_batch: prost_pb::encode_log_batch(&(&batch).into()).len(),
        },
        Row {
            peer: "rkyv",
            request: rkyv_fmt::encode_request(&(&req).into()).len(),
            request_mean: mean(reqs.iter().map(|r| rkyv_fmt::encode_request(&r.into()).len())),
            log_batch: rkyv_fmt::encode_log_batch(&(&batch).into()).len(),
        },
        Row {
            peer: "bitcode",
            request: bitcode_fmt::encode_request(&(&req).into()).len(),
            request_mean: mean(reqs.iter().map(|r| bitcode_fmt::encode_request(&r.into()).len())),
            log_batch: bitcode_fmt::encode_log_batch(&(&batch).into()).len(),
        },
        Row {
            peer: "serde_json",
            request: json::encode_request(&(&req).into()).len(),
            request_mean: mean(reqs.iter().map(|r| json::encode_request(&r.into()).len())),
            log_batch: json::encode_log_batch(&(&batch).into()).len(),
        },
        Row {
            peer: "zerowire",
            request: zerowire_fmt::encode_request(&(&req).into()).len(),
            request_mean: mean(reqs.iter().map(|r| zerowire_fmt::encode_request(&r.into()).len())),
            log_batch: zerowire_fmt::encode_log_batch(&(&batch).into()).len(),
        },
    ];

    println!(
        "encoded sizes in bytes (seed {SEED:#x}; request = the benchmarked request, \
         mean over {N_REQUESTS} requests; log_batch = {LOG_BATCH_RECORDS} records)"
    );
    println!();
    println!("| {:<10} | {:>7} | {:>12} | {:>10} |", "peer", "request", "request mean", "log_batch");
    println!("|{:-<12}|{:->9}|{:->14}|{:->12}|", "", ":", ":", ":");
    for r in &rows {
        println!("| {:<10} | {:>7} | {:>12.1} | {:>10} |", r.peer, r.request, r.request_mean, r.log_batch);
    }
}
