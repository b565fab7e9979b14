//! Runs one operation in a loop for a profiler: `cargo run --release -p
//! zerowire-benches --example profile -- <validate|read_all|decode|encode|request_validate|request_read_all|request_decode> [iterations]`.

use std::hint::black_box;

use zerowire_benches::data::{self, LOG_BATCH_RECORDS, SEED};
use zerowire_benches::peers::zerowire_fmt;

fn main() {
    let mut args = std::env::args().skip(1);
    let op = args.next().unwrap_or_else(|| "validate".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(2_000);
    let m = zerowire_fmt::LogBatch::from(&data::log_batch(LOG_BATCH_RECORDS, SEED));
    let bytes = zerowire_fmt::encode_log_batch(&m);
    let mut buf = Vec::new();
    let req = zerowire_fmt::Request::from(&data::request(SEED));
    let req_bytes = zerowire_fmt::encode_request(&req);
    let mut sum = 0u64;
    for _ in 0..n {
        sum = sum.wrapping_add(match op.as_str() {
            "validate" => zerowire_fmt::validate_log_batch(black_box(&bytes)).seq(),
            "request_validate" => zerowire_fmt::validate_request(black_box(&req_bytes)).id(),
            "request_read_all" => zerowire_fmt::read_all_request(black_box(&req_bytes)),
            "request_decode" => zerowire_fmt::decode_request(black_box(&req_bytes)).id,
            "read_all" => zerowire_fmt::read_all_log_batch(black_box(&bytes)),
            "decode" => zerowire_fmt::decode_log_batch(black_box(&bytes)).seq,
            "encode" => {
                zerowire_fmt::encode_log_batch_into(black_box(&m), &mut buf);
                buf.len() as u64
            }
            other => panic!("unknown op {other}"),
        });
    }
    println!("{op}: {sum}");
}
