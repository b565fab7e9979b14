//! Protocol Buffers via prost 0.14, with hand-written `#[derive(prost::Message)]`
//! structs (what prost-build would generate, minus protoc and a build script).
//!
//! Equivalent `.proto` (proto3):
//!
//! ```proto
//! enum Method { GET = 0; PUT = 1; POST = 2; DELETE = 3; PATCH = 4; }
//! message Request {
//!   fixed64 id = 1;             // random 64-bit: fixed64 beats a 10-byte varint
//!   uint64 user_id = 2;
//!   int64 timestamp_ns = 3;
//!   Method method = 4;
//!   string path = 5;
//!   string client = 6;
//!   optional fixed64 trace_id = 7;
//!   uint32 priority = 8;
//!   bool retry = 9;
//!   repeated string tags = 10;
//! }
//! enum Level { TRACE = 0; DEBUG = 1; INFO = 2; WARN = 3; ERROR = 4; }
//! message LogRecord {
//!   int64 timestamp_ns = 1;
//!   Level level = 2;
//!   string message = 3;
//!   string host = 4;
//!   uint32 latency_us = 5;
//!   uint32 status = 6;          // protobuf has no 16-bit integers
//!   optional fixed64 span_id = 7;
//! }
//! message LogBatch { string source = 1; uint64 seq = 2; repeated LogRecord records = 3; }
//! ```
//!
//! prost's derive generates `Default` and `Debug` itself (do not derive them);
//! enum fields are stored as `i32` and converted with `TryFrom<i32>`.

use prost::Message as _;

use crate::data::{self, Checksum};

/// Protobuf enum for [`data::Method`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum Method {
    /// GET
    Get = 0,
    /// PUT
    Put = 1,
    /// POST
    Post = 2,
    /// DELETE
    Delete = 3,
    /// PATCH
    Patch = 4,
}

/// Protobuf enum for [`data::Level`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum Level {
    /// TRACE
    Trace = 0,
    /// DEBUG
    Debug = 1,
    /// INFO
    Info = 2,
    /// WARN
    Warn = 3,
    /// ERROR
    Error = 4,
}

/// Protobuf mirror of [`data::Request`].
#[derive(Clone, PartialEq, prost::Message)]
pub struct Request {
    /// See [`data::Request::id`].
    #[prost(fixed64, tag = "1")]
    pub id: u64,
    /// See [`data::Request::user_id`].
    #[prost(uint64, tag = "2")]
    pub user_id: u64,
    /// See [`data::Request::timestamp_ns`].
    #[prost(int64, tag = "3")]
    pub timestamp_ns: i64,
    /// See [`data::Request::method`] (a [`Method`] as `i32`).
    #[prost(enumeration = "Method", tag = "4")]
    pub method: i32,
    /// See [`data::Request::path`].
    #[prost(string, tag = "5")]
    pub path: String,
    /// See [`data::Request::client`].
    #[prost(string, tag = "6")]
    pub client: String,
    /// See [`data::Request::trace_id`].
    #[prost(fixed64, optional, tag = "7")]
    pub trace_id: Option<u64>,
    /// See [`data::Request::priority`].
    #[prost(uint32, tag = "8")]
    pub priority: u32,
    /// See [`data::Request::retry`].
    #[prost(bool, tag = "9")]
    pub retry: bool,
    /// See [`data::Request::tags`].
    #[prost(string, repeated, tag = "10")]
    pub tags: Vec<String>,
}

/// Protobuf mirror of [`data::LogRecord`].
#[derive(Clone, PartialEq, prost::Message)]
pub struct LogRecord {
    /// See [`data::LogRecord::timestamp_ns`].
    #[prost(int64, tag = "1")]
    pub timestamp_ns: i64,
    /// See [`data::LogRecord::level`] (a [`Level`] as `i32`).
    #[prost(enumeration = "Level", tag = "2")]
    pub level: i32,
    /// See [`data::LogRecord::message`].
    #[prost(string, tag = "3")]
    pub message: String,
    /// See [`data::LogRecord::host`].
    #[prost(string, tag = "4")]
    pub host: String,
    /// See [`data::LogRecord::latency_us`].
    #[prost(uint32, tag = "5")]
    pub latency_us: u32,
    /// See [`data::LogRecord::status`] (widened: protobuf has no `u16`).
    #[prost(uint32, tag = "6")]
    pub status: u32,
    /// See [`data::LogRecord::span_id`].
    #[prost(fixed64, optional, tag = "7")]
    pub span_id: Option<u64>,
}

/// Protobuf mirror of [`data::LogBatch`].
#[derive(Clone, PartialEq, prost::Message)]
pub struct LogBatch {
    /// See [`data::LogBatch::source`].
    #[prost(string, tag = "1")]
    pub source: String,
    /// See [`data::LogBatch::seq`].
    #[prost(uint64, tag = "2")]
    pub seq: u64,
    /// See [`data::LogBatch::records`].
    #[prost(message, repeated, tag = "3")]
    pub records: Vec<LogRecord>,
}

// ---- conversions -----------------------------------------------------------

impl From<data::Method> for Method {
    fn from(m: data::Method) -> Self {
        match m {
            data::Method::Get => Method::Get,
            data::Method::Put => Method::Put,
            data::Method::Post => Method::Post,
            data::Method::Delete => Method::Delete,
            data::Method::Patch => Method::Patch,
        }
    }
}

impl From<Method> for data::Method {
    fn from(m: Method) -> Self {
        match m {
            Method::Get => data::Method::Get,
            Method::Put => data::Method::Put,
            Method::Post => data::Method::Post,
            Method::Delete => data::Method::Delete,
            Method::Patch => data::Method::Patch,
        }
    }
}

impl From<data::Level> for Level {
    fn from(l: data::Level) -> Self {
        match l {
            data::Level::Trace => Level::Trace,
            data::Level::Debug => Level::Debug,
            data::Level::Info => Level::Info,
            data::Level::Warn => Level::Warn,
            data::Level::Error => Level::Error,
        }
    }
}

impl From<Level> for data::Level {
    fn from(l: Level) -> Self {
        match l {
            Level::Trace => data::Level::Trace,
            Level::Debug => data::Level::Debug,
            Level::Info => data::Level::Info,
            Level::Warn => data::Level::Warn,
            Level::Error => data::Level::Error,
        }
    }
}

impl From<&data::Request> for Request {
    fn from(r: &data::Request) -> Self {
        Request {
            id: r.id,
            user_id: r.user_id,
            timestamp_ns: r.timestamp_ns,
            method: Method::from(r.method) as i32,
            path: r.path.clone(),
            client: r.client.clone(),
            trace_id: r.trace_id,
            priority: r.priority,
            retry: r.retry,
            tags: r.tags.clone(),
        }
    }
}

/// Unknown enum numbers (from a newer writer) map to the proto3 default, `GET`.
impl From<Request> for data::Request {
    fn from(r: Request) -> Self {
        data::Request {
            id: r.id,
            user_id: r.user_id,
            timestamp_ns: r.timestamp_ns,
            method: Method::try_from(r.method).unwrap_or_default().into(),
            path: r.path,
            client: r.client,
            trace_id: r.trace_id,
            priority: r.priority,
            retry: r.retry,
            tags: r.tags,
        }
    }
}

impl From<&data::LogRecord> for LogRecord {
    fn from(r: &data::LogRecord) -> Self {
        LogRecord {
            timestamp_ns: r.timestamp_ns,
            level: Level::from(r.level) as i32,
            message: r.message.clone(),
            host: r.host.clone(),
            latency_us: r.latency_us,
            status: u32::from(r.status),
            span_id: r.span_id,
        }
    }
}

/// Unknown enum numbers map to `TRACE`; a status above `u16::MAX` (only a
/// foreign writer can produce one) saturates.
impl From<LogRecord> for data::LogRecord {
    fn from(r: LogRecord) -> Self {
        data::LogRecord {
            timestamp_ns: r.timestamp_ns,
            level: Level::try_from(r.level).unwrap_or_default().into(),
            message: r.message,
            host: r.host,
            latency_us: r.latency_us,
            status: u16::try_from(r.status).unwrap_or(u16::MAX),
            span_id: r.span_id,
        }
    }
}

impl From<&data::LogBatch> for LogBatch {
    fn from(b: &data::LogBatch) -> Self {
        LogBatch { source: b.source.clone(), seq: b.seq, records: b.records.iter().map(LogRecord::from).collect() }
    }
}

impl From<LogBatch> for data::LogBatch {
    fn from(b: LogBatch) -> Self {
        data::LogBatch { source: b.source, seq: b.seq, records: b.records.into_iter().map(Into::into).collect() }
    }
}

// ---- Request ---------------------------------------------------------------

/// Encodes into a fresh `Vec` (`encode_to_vec` sizes it exactly first).
pub fn encode_request(m: &Request) -> Vec<u8> {
    m.encode_to_vec()
}

/// Encodes into `buf` after clearing it (reuses its allocation).
pub fn encode_request_into(m: &Request, buf: &mut Vec<u8>) {
    buf.clear();
    m.encode(buf).expect("a Vec<u8> grows as needed");
}

/// Decodes an owned [`Request`].
///
/// # Panics
/// If `bytes` is not a valid encoding.
pub fn decode_request(bytes: &[u8]) -> Request {
    Request::decode(bytes).expect("valid protobuf Request")
}

/// Reads `id`: protobuf has no random access, so this decodes everything.
pub fn access_request(bytes: &[u8]) -> u64 {
    decode_request(bytes).id
}

/// Checksum over every field of a decoded [`Request`].
pub fn checksum_request(r: &Request) -> u64 {
    let mut c = Checksum::new();
    c.add(r.id);
    c.add(r.user_id);
    c.add(r.timestamp_ns as u64);
    c.add(r.method as u64);
    c.add(r.path.len() as u64);
    c.add(r.client.len() as u64);
    c.add_opt(r.trace_id);
    c.add(u64::from(r.priority));
    c.add(u64::from(r.retry));
    c.add(r.tags.len() as u64);
    for t in &r.tags {
        c.add(t.len() as u64);
    }
    c.finish()
}

/// Decodes, then touches every field ([`checksum_request`]).
pub fn read_all_request(bytes: &[u8]) -> u64 {
    checksum_request(&decode_request(bytes))
}

// ---- LogBatch --------------------------------------------------------------

/// Encodes into a fresh `Vec`.
pub fn encode_log_batch(m: &LogBatch) -> Vec<u8> {
    m.encode_to_vec()
}

/// Encodes into `buf` after clearing it (reuses its allocation).
pub fn encode_log_batch_into(m: &LogBatch, buf: &mut Vec<u8>) {
    buf.clear();
    m.encode(buf).expect("a Vec<u8> grows as needed");
}

/// Decodes an owned [`LogBatch`].
///
/// # Panics
/// If `bytes` is not a valid encoding.
pub fn decode_log_batch(bytes: &[u8]) -> LogBatch {
    LogBatch::decode(bytes).expect("valid protobuf LogBatch")
}

/// Reads `records[index].latency_us`: decodes everything.
///
/// # Panics
/// If `index` is out of range.
pub fn access_log_batch(bytes: &[u8], index: usize) -> u32 {
    decode_log_batch(bytes).records[index].latency_us
}

/// Checksum over every field of every record of a decoded [`LogBatch`].
pub fn checksum_log_batch(b: &LogBatch) -> u64 {
    let mut c = Checksum::new();
    c.add(b.source.len() as u64);
    c.add(b.seq);
    c.add(b.records.len() as u64);
    for r in &b.records {
        c.add(r.timestamp_ns as u64);
        c.add(r.level as u64);
        c.add(r.message.len() as u64);
        c.add(r.host.len() as u64);
        c.add(u64::from(r.latency_us));
        c.add(u64::from(r.status));
        c.add_opt(r.span_id);
    }
    c.finish()
}

/// Decodes, then touches every field ([`checksum_log_batch`]).
pub fn read_all_log_batch(bytes: &[u8]) -> u64 {
    checksum_log_batch(&decode_log_batch(bytes))
}
