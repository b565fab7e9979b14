//! bitcode 0.6 (`#[derive(bitcode::Encode, bitcode::Decode)]`).
//!
//! bitcode's format is columnar (all values of one field are stored together)
//! and not self-describing: no random access, every read decodes the whole
//! message. A [`bitcode::Buffer`] keeps encoder/decoder allocations between
//! calls (`*_with` functions); the plain `bitcode::encode`/`decode` allocate
//! fresh each time.

use bitcode::{Buffer, Decode, Encode};

use crate::data::{self, Checksum};

/// bitcode mirror of [`data::Method`].
#[derive(Encode, Decode, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// PATCH
    Patch,
}

/// bitcode mirror of [`data::Level`].
#[derive(Encode, Decode, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// TRACE
    Trace,
    /// DEBUG
    Debug,
    /// INFO
    Info,
    /// WARN
    Warn,
    /// ERROR
    Error,
}

/// bitcode mirror of [`data::Request`].
#[derive(Encode, Decode, Debug, Clone, PartialEq)]
pub struct Request {
    /// See [`data::Request::id`].
    pub id: u64,
    /// See [`data::Request::user_id`].
    pub user_id: u64,
    /// See [`data::Request::timestamp_ns`].
    pub timestamp_ns: i64,
    /// See [`data::Request::method`].
    pub method: Method,
    /// See [`data::Request::path`].
    pub path: String,
    /// See [`data::Request::client`].
    pub client: String,
    /// See [`data::Request::trace_id`].
    pub trace_id: Option<u64>,
    /// See [`data::Request::priority`].
    pub priority: u32,
    /// See [`data::Request::retry`].
    pub retry: bool,
    /// See [`data::Request::tags`].
    pub tags: Vec<String>,
}

/// bitcode mirror of [`data::LogRecord`].
#[derive(Encode, Decode, Debug, Clone, PartialEq)]
pub struct LogRecord {
    /// See [`data::LogRecord::timestamp_ns`].
    pub timestamp_ns: i64,
    /// See [`data::LogRecord::level`].
    pub level: Level,
    /// See [`data::LogRecord::message`].
    pub message: String,
    /// See [`data::LogRecord::host`].
    pub host: String,
    /// See [`data::LogRecord::latency_us`].
    pub latency_us: u32,
    /// See [`data::LogRecord::status`].
    pub status: u16,
    /// See [`data::LogRecord::span_id`].
    pub span_id: Option<u64>,
}

/// bitcode mirror of [`data::LogBatch`].
#[derive(Encode, Decode, Debug, Clone, PartialEq)]
pub struct LogBatch {
    /// See [`data::LogBatch::source`].
    pub source: String,
    /// See [`data::LogBatch::seq`].
    pub seq: u64,
    /// See [`data::LogBatch::records`].
    pub records: Vec<LogRecord>,
}

// ---- conversions -----------------------------------------------------------

same_shape_conversions!();

impl Method {
    /// Numeric code (same as [`data::Method::code`]).
    pub fn code(self) -> u64 {
        data::Method::from(self).code()
    }
}

impl Level {
    /// Numeric code (same as [`data::Level::code`]).
    pub fn code(self) -> u64 {
        data::Level::from(self).code()
    }
}

// ---- Request ---------------------------------------------------------------

/// Encodes into a fresh `Vec` (`bitcode::encode`).
pub fn encode_request(m: &Request) -> Vec<u8> {
    bitcode::encode(m)
}

/// Encodes reusing `buf`'s allocations; the bytes live in `buf`.
pub fn encode_request_with<'b>(buf: &'b mut Buffer, m: &Request) -> &'b [u8] {
    buf.encode(m)
}

/// Decodes an owned [`Request`] (`bitcode::decode`).
///
/// # Panics
/// If `bytes` is not a valid encoding.
pub fn decode_request(bytes: &[u8]) -> Request {
    bitcode::decode(bytes).expect("valid bitcode Request")
}

/// Decodes an owned [`Request`], reusing `buf`'s decoder allocations.
///
/// # Panics
/// If `bytes` is not a valid encoding.
pub fn decode_request_with(buf: &mut Buffer, bytes: &[u8]) -> Request {
    buf.decode(bytes).expect("valid bitcode Request")
}

/// Reads `id`: bitcode has no random access, so this decodes everything.
pub fn access_request(bytes: &[u8]) -> u64 {
    decode_request(bytes).id
}

/// Checksum over every field of a decoded [`Request`].
pub fn checksum_request(r: &Request) -> u64 {
    let mut c = Checksum::new();
    c.add(r.id);
    c.add(r.user_id);
    c.add(r.timestamp_ns as u64);
    c.add(r.method.code());
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

/// Encodes into a fresh `Vec` (`bitcode::encode`).
pub fn encode_log_batch(m: &LogBatch) -> Vec<u8> {
    bitcode::encode(m)
}

/// Encodes reusing `buf`'s allocations; the bytes live in `buf`.
pub fn encode_log_batch_with<'b>(buf: &'b mut Buffer, m: &LogBatch) -> &'b [u8] {
    buf.encode(m)
}

/// Decodes an owned [`LogBatch`] (`bitcode::decode`).
///
/// # Panics
/// If `bytes` is not a valid encoding.
pub fn decode_log_batch(bytes: &[u8]) -> LogBatch {
    bitcode::decode(bytes).expect("valid bitcode LogBatch")
}

/// Decodes an owned [`LogBatch`], reusing `buf`'s decoder allocations.
///
/// # Panics
/// If `bytes` is not a valid encoding.
pub fn decode_log_batch_with(buf: &mut Buffer, bytes: &[u8]) -> LogBatch {
    buf.decode(bytes).expect("valid bitcode LogBatch")
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
        c.add(r.level.code());
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
