//! zerowire: the format under test, on the same data.
//!
//! Message types are written with the runtime's `__message!` macro (the
//! reference the derive is checked against) until the benches move to
//! `#[derive(zerowire::Message)]`. Enums are open `U16` values, the format's
//! default width.
//!
//! - `access_*` opens the bytes lazily (O(1): the header) and reads one field;
//!   `access_*_validated` runs the eager tier first, as a service does at a
//!   trust boundary.
//! - `read_all_*` reads every field through the lazily checked view;
//!   `read_all_*_validated` validates first.
//! - `validate_*` is the eager tier alone.

use zerocopy::byteorder::little_endian::U16;
use zerowire::Message as _;

use crate::data::{self, Checksum};

macro_rules! open_enum {
    ($name:ident, $model:ident { $($v:ident = $n:literal),* }) => {
        /// Open enum mirror: unknown values are kept as their number.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub enum $name {
            /// The first value, also the default.
            #[default]
            Zero,
            $(
                #[doc = stringify!($v)]
                $v,
            )*
            /// A value this build does not know.
            Unknown(u16),
        }
        impl zerowire::scalar::Scalar for $name {
            type Wire = U16;
            #[inline]
            fn to_wire(self) -> U16 {
                U16::new(match self { $name::Zero => 0, $($name::$v => $n,)* $name::Unknown(n) => n })
            }
            #[inline]
            fn from_wire(w: U16) -> Self {
                match w.get() { 0 => $name::Zero, $($n => $name::$v,)* n => $name::Unknown(n) }
            }
        }
        zerowire::__impl_scalar_field!([] $name);
        impl $name {
            /// The numeric code, as the model's `code()`.
            #[inline]
            pub fn code(self) -> u64 {
                u64::from(zerowire::scalar::Scalar::to_wire(self).get())
            }
        }
        impl From<data::$model> for $name {
            fn from(m: data::$model) -> Self {
                zerowire::scalar::Scalar::from_wire(U16::new(m.code() as u16))
            }
        }
        impl From<$name> for data::$model {
            fn from(m: $name) -> Self {
                data::$model::ALL[m.code() as usize]
            }
        }
    };
}

open_enum!(Method, Method { Put = 1, Post = 2, Delete = 3, Patch = 4 });
open_enum!(Level, Level { Debug = 1, Info = 2, Warn = 3, Error = 4 });

zerowire::__message! {
    /// zerowire mirror of [`crate::data::Request`].
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Request view RequestView {
        /// See [`crate::data::Request::id`].
        pub id @0: u64,
        /// See [`crate::data::Request::user_id`].
        pub user_id @1: u64,
        /// See [`crate::data::Request::timestamp_ns`].
        pub timestamp_ns @2: i64,
        /// See [`crate::data::Request::method`].
        pub method @3: Method,
        /// See [`crate::data::Request::path`].
        pub path @4: String,
        /// See [`crate::data::Request::client`].
        pub client @5: String,
        /// See [`crate::data::Request::trace_id`].
        pub trace_id @6: Option<u64>,
        /// See [`crate::data::Request::priority`].
        pub priority @7: u32,
        /// See [`crate::data::Request::retry`].
        pub retry @8: bool,
        /// See [`crate::data::Request::tags`].
        pub tags @9: Vec<String>,
    }
}

zerowire::__message! {
    /// zerowire mirror of [`crate::data::LogRecord`].
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct LogRecord view LogRecordView {
        /// See [`crate::data::LogRecord::timestamp_ns`].
        pub timestamp_ns @0: i64,
        /// See [`crate::data::LogRecord::level`].
        pub level @1: Level,
        /// See [`crate::data::LogRecord::message`].
        pub message @2: String,
        /// See [`crate::data::LogRecord::host`].
        pub host @3: String,
        /// See [`crate::data::LogRecord::latency_us`].
        pub latency_us @4: u32,
        /// See [`crate::data::LogRecord::status`].
        pub status @5: u16,
        /// See [`crate::data::LogRecord::span_id`].
        pub span_id @6: Option<u64>,
    }
}

zerowire::__message! {
    /// zerowire mirror of [`crate::data::LogBatch`].
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct LogBatch view LogBatchView {
        /// See [`crate::data::LogBatch::source`].
        pub source @0: String,
        /// See [`crate::data::LogBatch::seq`].
        pub seq @1: u64,
        /// See [`crate::data::LogBatch::records`].
        pub records @2: Vec<LogRecord>,
    }
}

same_shape_conversions!(structs);

/// Encodes into a fresh `Vec` (one allocation of the exact size).
pub fn encode_request(m: &Request) -> Vec<u8> {
    zerowire::encode(m)
}

/// Encodes into `buf` (cleared first), reusing its capacity.
pub fn encode_request_into(m: &Request, buf: &mut Vec<u8>) {
    buf.clear();
    zerowire::encode_into(m, buf);
}

/// Validates and decodes into an owned value.
pub fn decode_request(bytes: &[u8]) -> Request {
    zerowire::decode(bytes).expect("valid request")
}

/// Eager validation only.
pub fn validate_request(bytes: &[u8]) -> RequestView<'_> {
    zerowire::validate::<Request>(bytes).expect("valid request")
}

/// Lazy open (O(1)) and one field.
pub fn access_request(bytes: &[u8]) -> u64 {
    zerowire::view::<Request>(bytes).expect("valid header").id()
}

/// Eager validation, then one field.
pub fn access_request_validated(bytes: &[u8]) -> u64 {
    validate_request(bytes).id()
}

/// Every field of a request view, in the model checksum's order.
pub fn checksum_request(r: &RequestView<'_>) -> zerowire::Result<u64> {
    let mut c = Checksum::new();
    c.add(r.id());
    c.add(r.user_id());
    c.add(r.timestamp_ns() as u64);
    c.add(r.method().code());
    c.add(r.path()?.len() as u64);
    c.add(r.client()?.len() as u64);
    c.add_opt(r.trace_id());
    c.add(u64::from(r.priority()));
    c.add(u64::from(r.retry()));
    let tags = r.tags()?;
    c.add(tags.len() as u64);
    for t in tags.iter() {
        c.add(t?.len() as u64);
    }
    Ok(c.finish())
}

/// Every field through the lazily checked view.
pub fn read_all_request(bytes: &[u8]) -> u64 {
    checksum_request(&zerowire::view::<Request>(bytes).expect("valid header")).expect("valid request")
}

/// Every field after eager validation.
pub fn read_all_request_validated(bytes: &[u8]) -> u64 {
    checksum_request(&validate_request(bytes)).expect("validated")
}

/// Encodes into a fresh `Vec` (one allocation of the exact size).
pub fn encode_log_batch(m: &LogBatch) -> Vec<u8> {
    zerowire::encode(m)
}

/// Encodes into `buf` (cleared first), reusing its capacity.
pub fn encode_log_batch_into(m: &LogBatch, buf: &mut Vec<u8>) {
    buf.clear();
    zerowire::encode_into(m, buf);
}

/// Validates and decodes into an owned value.
pub fn decode_log_batch(bytes: &[u8]) -> LogBatch {
    zerowire::decode(bytes).expect("valid batch")
}

/// Eager validation only.
pub fn validate_log_batch(bytes: &[u8]) -> LogBatchView<'_> {
    zerowire::validate::<LogBatch>(bytes).expect("valid batch")
}

/// Lazy open and `records[index].latency_us`: O(1) whatever the size.
pub fn access_log_batch(bytes: &[u8], index: usize) -> u32 {
    let v = zerowire::view::<LogBatch>(bytes).expect("valid header");
    v.records().expect("valid list").get(index).expect("index in range").latency_us()
}

/// Eager validation, then `records[index].latency_us`.
pub fn access_log_batch_validated(bytes: &[u8], index: usize) -> u32 {
    validate_log_batch(bytes).records().expect("validated").get(index).expect("index in range").latency_us()
}

/// Every field of a batch view, in the model checksum's order.
pub fn checksum_log_batch(b: &LogBatchView<'_>) -> zerowire::Result<u64> {
    let mut c = Checksum::new();
    c.add(b.source()?.len() as u64);
    c.add(b.seq());
    let records = b.records()?;
    c.add(records.len() as u64);
    for r in records.iter() {
        c.add(r.timestamp_ns() as u64);
        c.add(r.level().code());
        c.add(r.message()?.len() as u64);
        c.add(r.host()?.len() as u64);
        c.add(u64::from(r.latency_us()));
        c.add(u64::from(r.status()));
        c.add_opt(r.span_id());
    }
    Ok(c.finish())
}

/// Every field through the lazily checked view.
pub fn read_all_log_batch(bytes: &[u8]) -> u64 {
    checksum_log_batch(&zerowire::view::<LogBatch>(bytes).expect("valid header")).expect("valid batch")
}

/// Every field after eager validation.
pub fn read_all_log_batch_validated(bytes: &[u8]) -> u64 {
    checksum_log_batch(&validate_log_batch(bytes)).expect("validated")
}

/// The full data-section length of a request, for the size notes.
pub const REQUEST_DATA_LEN: usize = Request::DATA_LEN;
