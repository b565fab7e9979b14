//! Runs one operation in a loop for a profiler: `cargo run --release -p
//! zerowire-benches --example profile -- <op> [iterations]`, op one of
//! `validate`, `read_all`, `decode`, `encode` (log batch), `request_validate`,
//! `request_read_all`, `request_decode`, or `<set>_<op>` for the telemetry,
//! numeric, large and deep sets (`telemetry_decode`, `numeric_encode`,
//! `large_read_all`, `deep_validate`, ...; ops `encode`, `decode`, `access`, `read_all`,
//! `validate`; `set-request_<op>`, `set-log_<op>` and `intl_<op>` run the request,
//! the log batch and the non-ASCII log batch through the same interface as
//! the criterion benches). The `views` bench's reads, per set (`request`,
//! `log`, `telemetry`, `numeric`, `large`): `views-<set>_lazy` (`view`, then
//! the lazily checked accessors), `views-<set>_valid` (the accessors of a view
//! validated once before the loop) and, with the `peer-rkyv` feature,
//! `views-<set>_rkyv` (`rkyv::access_unchecked` and a read of every field).

use std::hint::black_box;

use zerowire_benches::data::{
    self, Blob, Comment, IntlLogBatch, LOG_BATCH_RECORDS, LogBatch, NumericBatch, Request, SEED, TelemetryExport,
};
#[cfg(feature = "peer-rkyv")]
use zerowire_benches::peers::rkyv_fmt::Rkyv;
use zerowire_benches::peers::zerowire_fmt::{self, Zerowire};
use zerowire_benches::peers::{DataSet, Format, ZeroCopy};

/// Runs `op` on data set `D` through zerowire's `Format` interface `n` times.
fn run<D: DataSet>(op: &str, n: usize) -> u64
where
    Zerowire: ZeroCopy<D>,
{
    let m = <Zerowire as Format<D>>::mirror(&D::bench_value());
    let bytes = <Zerowire as Format<D>>::encode(&m);
    let mut scratch = <Zerowire as Format<D>>::scratch();
    let mut sum = 0u64;
    for _ in 0..n {
        sum = sum.wrapping_add(match op {
            "encode" => <Zerowire as Format<D>>::encode_reuse(black_box(&m), &mut scratch).len() as u64,
            "decode" => {
                drop(black_box(<Zerowire as Format<D>>::decode(black_box(&bytes), &mut scratch)));
                1
            }
            "access" => <Zerowire as Format<D>>::access(black_box(&bytes)),
            "read_all" => <Zerowire as Format<D>>::read_all(black_box(&bytes)),
            "validate" => u64::from(<Zerowire as ZeroCopy<D>>::validate(black_box(&bytes))),
            other => panic!("unknown op {other}"),
        });
    }
    sum
}

/// Runs one read of the `views` bench on data set `D` (zerowire type
/// `$mirror`, checksum of a validated view `$valid`) `$n` times.
macro_rules! views {
    ($set:ty, $mirror:ty, $valid:path, $op:expr, $n:expr) => {{
        let model = <$set as DataSet>::bench_value();
        let zbytes = <Zerowire as Format<$set>>::encode(&<Zerowire as Format<$set>>::mirror(&model));
        let valid = zerowire::validate::<$mirror>(&zbytes).expect("valid message");
        #[cfg(feature = "peer-rkyv")]
        let rbytes = <Rkyv as Format<$set>>::encode(&<Rkyv as Format<$set>>::mirror(&model));
        let mut sum = 0u64;
        for _ in 0..$n {
            sum = sum.wrapping_add(match $op {
                "lazy" => <Zerowire as Format<$set>>::read_all(black_box(&zbytes)),
                "valid" => $valid(black_box(&valid)),
                #[cfg(feature = "peer-rkyv")]
                "rkyv" => <Rkyv as ZeroCopy<$set>>::read_all_alt(black_box(&rbytes)),
                other => panic!("unknown views op {other}"),
            });
        }
        sum
    }};
}

fn main() {
    let mut args = std::env::args().skip(1);
    let op = args.next().unwrap_or_else(|| "validate".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(2_000);
    if let Some((set, view_op)) = op.strip_prefix("views-").and_then(|o| o.split_once('_')) {
        let sum = match set {
            "request" => views!(Request, zerowire_fmt::Request, zerowire_fmt::checksum_request_valid, view_op, n),
            "log" => views!(LogBatch, zerowire_fmt::LogBatch, zerowire_fmt::checksum_log_batch_valid, view_op, n),
            "telemetry" => views!(
                TelemetryExport,
                zerowire_fmt::TelemetryExport,
                zerowire_fmt::checksum_telemetry_valid,
                view_op,
                n
            ),
            "numeric" => {
                views!(NumericBatch, zerowire_fmt::NumericBatch, zerowire_fmt::checksum_numeric_valid, view_op, n)
            }
            "large" => views!(Blob, zerowire_fmt::Blob, zerowire_fmt::checksum_blob_valid, view_op, n),
            other => panic!("unknown views set {other}"),
        };
        println!("{op}: {sum}");
        return;
    }
    if let Some((set, set_op)) = op.split_once('_').filter(|(s, o)| {
        ["telemetry", "numeric", "large", "deep", "set-request", "set-log", "intl"].contains(s) && !o.is_empty()
    }) {
        let sum = match set {
            "telemetry" => run::<TelemetryExport>(set_op, n),
            "numeric" => run::<NumericBatch>(set_op, n),
            "set-request" => run::<Request>(set_op, n),
            "set-log" => run::<LogBatch>(set_op, n),
            "intl" => run::<IntlLogBatch>(set_op, n),
            "deep" => run::<Comment>(set_op, n),
            _ => run::<Blob>(set_op, n),
        };
        println!("{op}: {sum}");
        return;
    }
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
