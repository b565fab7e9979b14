//! JSON via serde_json with serde derives on mirror types.
//!
//! The JSON shape is what a hand-written service would use: enum values as
//! upper-case strings (`"GET"`, `"INFO"`), absent optionals omitted (and read
//! back as `None`). 64-bit ids are written as JSON numbers; serde_json keeps
//! them exact, but a JavaScript peer would not (> 2^53).

use serde::{Deserialize, Serialize};

use crate::data::{self, Checksum};

/// JSON mirror of [`data::Method`].
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "UPPERCASE")]
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

/// JSON mirror of [`data::Level`].
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "UPPERCASE")]
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

/// JSON mirror of [`data::Request`].
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<u64>,
    /// See [`data::Request::priority`].
    pub priority: u32,
    /// See [`data::Request::retry`].
    pub retry: bool,
    /// See [`data::Request::tags`].
    pub tags: Vec<String>,
}

/// JSON mirror of [`data::LogRecord`].
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span_id: Option<u64>,
}

/// JSON mirror of [`data::LogBatch`].
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
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

/// Serializes into a fresh `Vec` (`serde_json::to_vec`).
pub fn encode_request(m: &Request) -> Vec<u8> {
    serde_json::to_vec(m).expect("JSON serialization of plain data does not fail")
}

/// Serializes into `buf` after clearing it (reuses its allocation).
pub fn encode_request_into(m: &Request, buf: &mut Vec<u8>) {
    buf.clear();
    serde_json::to_writer(&mut *buf, m).expect("JSON serialization of plain data does not fail");
}

/// Parses an owned [`Request`] (`serde_json::from_slice`).
///
/// # Panics
/// If `bytes` is not a valid encoding.
pub fn decode_request(bytes: &[u8]) -> Request {
    serde_json::from_slice(bytes).expect("valid JSON Request")
}

/// Reads `id`: parses the whole document.
pub fn access_request(bytes: &[u8]) -> u64 {
    decode_request(bytes).id
}

/// Checksum over every field of a parsed [`Request`].
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

/// Parses, then touches every field ([`checksum_request`]).
pub fn read_all_request(bytes: &[u8]) -> u64 {
    checksum_request(&decode_request(bytes))
}

// ---- LogBatch --------------------------------------------------------------

/// Serializes into a fresh `Vec` (`serde_json::to_vec`).
pub fn encode_log_batch(m: &LogBatch) -> Vec<u8> {
    serde_json::to_vec(m).expect("JSON serialization of plain data does not fail")
}

/// Serializes into `buf` after clearing it (reuses its allocation).
pub fn encode_log_batch_into(m: &LogBatch, buf: &mut Vec<u8>) {
    buf.clear();
    serde_json::to_writer(&mut *buf, m).expect("JSON serialization of plain data does not fail");
}

/// Parses an owned [`LogBatch`] (`serde_json::from_slice`).
///
/// # Panics
/// If `bytes` is not a valid encoding.
pub fn decode_log_batch(bytes: &[u8]) -> LogBatch {
    serde_json::from_slice(bytes).expect("valid JSON LogBatch")
}

/// Reads `records[index].latency_us`: parses the whole document.
///
/// # Panics
/// If `index` is out of range.
pub fn access_log_batch(bytes: &[u8], index: usize) -> u32 {
    decode_log_batch(bytes).records[index].latency_us
}

/// Checksum over every field of every record of a parsed [`LogBatch`].
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

/// Parses, then touches every field ([`checksum_log_batch`]).
pub fn read_all_log_batch(bytes: &[u8]) -> u64 {
    checksum_log_batch(&decode_log_batch(bytes))
}
