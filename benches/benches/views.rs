//! The validated view against the lazy view and rkyv, on every data set of
//! the suite: what the validated read (plain values, strings handed out with
//! `from_utf8_unchecked` because validation proved them UTF-8) buys.
//!
//! Groups `<set>/views`, one function per way to read every field into a
//! checksum:
//! - `zerowire_lazy`: `zerowire::view` (O(1) open) and the lazily checked
//!   accessors (each reference and each string checked when read);
//! - `zerowire_valid_view`: the accessors of a view validated before the
//!   timing loop (the read alone, what a service pays per read once a
//!   message passed `validate` / `Owned::new`);
//! - `zerowire_validate_read`: `zerowire::validate`, then the validated
//!   view's accessors (the whole cost at a trust boundary);
//! - `rkyv_unchecked`: `rkyv::access_unchecked` and a read of every field;
//! - `rkyv_checked`: `rkyv::access` (validation) and a read of every field.
//!
//! Every function's checksum is asserted equal to the model's before timing.
//! `ZW_BENCH_QUICK=1` shortens the run as in `peers`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use zerowire_benches::data::{Blob, Comment, IntlLogBatch, LogBatch, NumericBatch, Request, TelemetryExport};
use zerowire_benches::peers::rkyv_fmt::Rkyv;
use zerowire_benches::peers::zerowire_fmt::{self as zw, Zerowire};
use zerowire_benches::peers::{DataSet, Format, ZeroCopy};

/// One data set: `$mirror` is zerowire's type, `$valid` its checksum over a
/// validated view.
macro_rules! views {
    ($c:expr, $set:ty, $mirror:ty, $valid:path) => {{
        let model = <$set as DataSet>::bench_value();
        let want = model.checksum();
        let zbytes = <Zerowire as Format<$set>>::encode(&<Zerowire as Format<$set>>::mirror(&model));
        let rbytes = <Rkyv as Format<$set>>::encode(&<Rkyv as Format<$set>>::mirror(&model));
        let valid = zerowire::validate::<$mirror>(&zbytes).expect("valid message");
        assert_eq!(<Zerowire as Format<$set>>::read_all(&zbytes), want, "zerowire lazy");
        assert_eq!($valid(&valid), want, "zerowire validated view");
        assert_eq!(<Zerowire as ZeroCopy<$set>>::read_all_alt(&zbytes), want, "zerowire validate + read");
        assert_eq!(<Rkyv as ZeroCopy<$set>>::read_all_alt(&rbytes), want, "rkyv unchecked");
        assert_eq!(<Rkyv as Format<$set>>::read_all(&rbytes), want, "rkyv checked");

        let mut g = $c.benchmark_group(format!("{}/views", <$set as DataSet>::NAME));
        g.throughput(Throughput::Bytes(zbytes.len() as u64));
        g.bench_function("zerowire_lazy", |b| b.iter(|| <Zerowire as Format<$set>>::read_all(black_box(&zbytes))));
        g.bench_function("zerowire_valid_view", |b| b.iter(|| $valid(black_box(&valid))));
        g.bench_function("zerowire_validate_read", |b| {
            b.iter(|| <Zerowire as ZeroCopy<$set>>::read_all_alt(black_box(&zbytes)))
        });
        g.throughput(Throughput::Bytes(rbytes.len() as u64));
        g.bench_function("rkyv_unchecked", |b| b.iter(|| <Rkyv as ZeroCopy<$set>>::read_all_alt(black_box(&rbytes))));
        g.bench_function("rkyv_checked", |b| b.iter(|| <Rkyv as Format<$set>>::read_all(black_box(&rbytes))));
        g.finish();
    }};
}

fn main() {
    let mut c = Criterion::default();
    if std::env::var_os("ZW_BENCH_QUICK").is_some_and(|v| v != "0") {
        c = c.warm_up_time(Duration::from_millis(300)).measurement_time(Duration::from_secs(1)).sample_size(10);
    }
    let mut c = c.configure_from_args();
    views!(c, Request, zw::Request, zw::checksum_request_valid);
    views!(c, LogBatch, zw::LogBatch, zw::checksum_log_batch_valid);
    views!(c, IntlLogBatch, zw::LogBatch, zw::checksum_log_batch_valid);
    views!(c, TelemetryExport, zw::TelemetryExport, zw::checksum_telemetry_valid);
    views!(c, NumericBatch, zw::NumericBatch, zw::checksum_numeric_valid);
    views!(c, Blob, zw::Blob, zw::checksum_blob_valid);
    views!(c, Comment, zw::Comment, zw::checksum_comment_valid);
    c.final_summary();
}
