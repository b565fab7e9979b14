//! bitcode 0.6 (`#[derive(bitcode::Encode, bitcode::Decode)]`).
//!
//! The derive cannot express a recursive type (its columnar encoder for a
//! struct holds one encoder per field type, which would contain itself), so
//! the comment thread goes through bitcode's serde support
//! (`bitcode::serialize` / `deserialize`, the `serde` feature), the way
//! bitcode's maintainers point users with recursive types.
//!
//! bitcode's format is columnar (all values of one field are stored together)
//! and not self-describing: no random access, every read decodes the whole
//! message. A [`bitcode::Buffer`] keeps encoder/decoder allocations between
//! calls (`*_with` functions); the plain `bitcode::encode`/`decode` allocate
//! fresh each time.

use std::collections::BTreeMap;

use bitcode::{Buffer, Decode, Encode};

use super::{Format, Mirror};
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

// ---- telemetry, numeric, large -------------------------------------------------

/// bitcode mirror of [`data::SpanKind`].
#[derive(Encode, Decode, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanKind {
    /// See the model.
    Unspecified,
    /// See the model.
    Internal,
    /// See the model.
    Server,
    /// See the model.
    Client,
    /// See the model.
    Producer,
    /// See the model.
    Consumer,
}

/// bitcode mirror of [`data::StatusCode`].
#[derive(Encode, Decode, Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusCode {
    /// See the model.
    Unset,
    /// See the model.
    Ok,
    /// See the model.
    Error,
}

impl SpanKind {
    /// Numeric code (same as [`data::SpanKind::code`]).
    pub fn code(self) -> u64 {
        self as u64
    }
}

impl StatusCode {
    /// Numeric code (same as [`data::StatusCode::code`]).
    pub fn code(self) -> u64 {
        self as u64
    }
}

/// bitcode mirror of [`data::AttrValue`].
#[derive(Encode, Decode, Debug, Clone, PartialEq)]
pub enum AttrValue {
    /// See the model.
    Str(String),
    /// See the model.
    Int(i64),
    /// See the model.
    Double(f64),
    /// See the model.
    Bool(bool),
}

/// bitcode mirror of [`data::Status`].
#[derive(Encode, Decode, Debug, Clone, PartialEq)]
pub struct Status {
    /// See the model.
    pub code: StatusCode,
    /// See the model.
    pub message: String,
}

/// bitcode mirror of [`data::SpanEvent`].
#[derive(Encode, Decode, Debug, Clone, PartialEq)]
pub struct SpanEvent {
    /// See the model.
    pub time_ns: u64,
    /// See the model.
    pub name: String,
    /// See the model.
    pub attributes: BTreeMap<String, AttrValue>,
}

/// bitcode mirror of [`data::Span`].
#[derive(Encode, Decode, Debug, Clone, PartialEq)]
pub struct Span {
    /// See the model.
    pub trace_id: [u8; 16],
    /// See the model.
    pub span_id: u64,
    /// See the model.
    pub parent_span_id: Option<u64>,
    /// See the model.
    pub name: String,
    /// See the model.
    pub kind: SpanKind,
    /// See the model.
    pub start_ns: u64,
    /// See the model.
    pub end_ns: u64,
    /// See the model.
    pub attributes: BTreeMap<String, AttrValue>,
    /// See the model.
    pub events: Vec<SpanEvent>,
    /// See the model.
    pub status: Status,
}

/// bitcode mirror of [`data::ScopeSpans`].
#[derive(Encode, Decode, Debug, Clone, PartialEq)]
pub struct ScopeSpans {
    /// See the model.
    pub scope_name: String,
    /// See the model.
    pub scope_version: String,
    /// See the model.
    pub spans: Vec<Span>,
}

/// bitcode mirror of [`data::ResourceSpans`].
#[derive(Encode, Decode, Debug, Clone, PartialEq)]
pub struct ResourceSpans {
    /// See the model.
    pub resource: BTreeMap<String, AttrValue>,
    /// See the model.
    pub schema_url: String,
    /// See the model.
    pub scopes: Vec<ScopeSpans>,
}

/// bitcode mirror of [`data::TelemetryExport`].
#[derive(Encode, Decode, Debug, Clone, PartialEq)]
pub struct TelemetryExport {
    /// See the model.
    pub resources: Vec<ResourceSpans>,
}

/// bitcode mirror of [`data::Vec3`].
#[derive(Encode, Decode, Debug, Clone, Copy, PartialEq)]
pub struct Vec3 {
    /// See the model.
    pub x: f32,
    /// See the model.
    pub y: f32,
    /// See the model.
    pub z: f32,
}

/// bitcode mirror of [`data::NumericBatch`].
#[derive(Encode, Decode, Debug, Clone, PartialEq)]
pub struct NumericBatch {
    /// See the model.
    pub series_id: u64,
    /// See the model.
    pub name: String,
    /// See the model.
    pub timestamps_ns: Vec<i64>,
    /// See the model.
    pub values: Vec<f64>,
    /// See the model.
    pub vertices: Vec<Vec3>,
    /// See the model.
    pub indices: Vec<u32>,
    /// See the model.
    pub weights: Vec<f32>,
}

/// bitcode mirror of [`data::Blob`].
#[derive(Encode, Decode, Debug, Clone, PartialEq)]
pub struct Blob {
    /// See the model.
    pub id: u64,
    /// See the model.
    pub name: String,
    /// See the model.
    pub content_type: String,
    /// See the model.
    pub created_ns: i64,
    /// See the model.
    pub metadata: BTreeMap<String, String>,
    /// See the model.
    pub digest: [u8; 32],
    /// See the model.
    pub payload: Vec<u8>,
}

/// bitcode mirror of [`data::Comment`], through serde (see the module docs).
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct Comment {
    /// See the model.
    pub id: u64,
    /// See the model.
    pub author: String,
    /// See the model.
    pub body: String,
    /// See the model.
    pub score: i32,
    /// See the model.
    pub replies: Vec<Comment>,
}

mirror_enum!(SpanKind { Unspecified, Internal, Server, Client, Producer, Consumer });
mirror_enum!(StatusCode { Unset, Ok, Error });
mirror_attr_value!();
attr_value_checksum!();
mirror_struct! {
    Status { code, message }
    SpanEvent { time_ns, name, attributes }
    Span { trace_id, span_id, parent_span_id, name, kind, start_ns, end_ns, attributes, events, status }
    ScopeSpans { scope_name, scope_version, spans }
    ResourceSpans { resource, schema_url, scopes }
    TelemetryExport { resources }
    Vec3 { x, y, z }
    NumericBatch { series_id, name, timestamps_ns, values, vertices, indices, weights }
    Blob { id, name, content_type, created_ns, metadata, digest, payload }
    Comment { id, author, body, score, replies }
}
mirror_via_from!(Request, LogBatch);
owned_checksums!();
comment_checksums!();

fn pick_request(r: &Request) -> u64 {
    r.id
}

fn pick_log_batch(b: &LogBatch) -> u64 {
    u64::from(b.records[b.records.len() / 2].latency_us)
}

fn pick_numeric(n: &NumericBatch) -> u64 {
    n.values[n.values.len() / 2].to_bits()
}

fn pick_blob(b: &Blob) -> u64 {
    data::blob_access_of(&b.payload)
}

// ---- the uniform interface ------------------------------------------------------

/// bitcode in the [`Format`] interface: encode and decode through a reused
/// [`bitcode::Buffer`]; `access` and `read_all` decode everything
/// (`bitcode::decode`, no random access).
#[derive(Debug, Clone, Copy)]
pub struct Bitcode;

macro_rules! bitcode_format {
    ($model:ty, $mirror:ty, $checksum:path, $pick:path) => {
        impl Format<$model> for Bitcode {
            const NAME: &'static str = "bitcode";
            type Mirror = $mirror;
            type Encoded = Vec<u8>;
            type Scratch = Buffer;
            fn mirror(model: &$model) -> $mirror {
                Mirror::from_model(model)
            }
            fn model(m: $mirror) -> $model {
                Mirror::into_model(m)
            }
            fn encode(m: &$mirror) -> Vec<u8> {
                bitcode::encode(m)
            }
            fn scratch() -> Buffer {
                Buffer::new()
            }
            #[inline]
            fn encode_reuse<'s>(m: &$mirror, buf: &'s mut Buffer) -> &'s [u8] {
                buf.encode(m)
            }
            #[inline]
            fn decode(bytes: &Vec<u8>, buf: &mut Buffer) -> $mirror {
                buf.decode(bytes).expect("valid bitcode")
            }
            #[inline]
            fn access(bytes: &Vec<u8>) -> u64 {
                $pick(&bitcode::decode::<$mirror>(bytes).expect("valid bitcode"))
            }
            #[inline]
            fn read_all(bytes: &Vec<u8>) -> u64 {
                $checksum(&bitcode::decode::<$mirror>(bytes).expect("valid bitcode"))
            }
        }
    };
}

bitcode_format!(data::Request, Request, checksum_request, pick_request);
bitcode_format!(data::LogBatch, LogBatch, checksum_log_batch, pick_log_batch);
bitcode_format!(data::TelemetryExport, TelemetryExport, checksum_telemetry, pick_telemetry);
bitcode_format!(data::NumericBatch, NumericBatch, checksum_numeric, pick_numeric);
bitcode_format!(data::Blob, Blob, checksum_blob, pick_blob);

/// bitcode on the comment thread, through serde: `bitcode::serialize` into a
/// fresh `Vec` (the serde path has no reusable `Buffer`), `deserialize`;
/// `access` and `read_all` decode everything.
impl Format<data::Comment> for Bitcode {
    const NAME: &'static str = "bitcode";
    type Mirror = Comment;
    type Encoded = Vec<u8>;
    type Scratch = Vec<u8>;
    fn mirror(model: &data::Comment) -> Comment {
        Mirror::from_model(model)
    }
    fn model(m: Comment) -> data::Comment {
        Mirror::into_model(m)
    }
    fn encode(m: &Comment) -> Vec<u8> {
        bitcode::serialize(m).expect("plain data serializes")
    }
    fn scratch() -> Vec<u8> {
        Vec::new()
    }
    #[inline]
    fn encode_reuse<'s>(m: &Comment, out: &'s mut Vec<u8>) -> &'s [u8] {
        *out = bitcode::serialize(m).expect("plain data serializes");
        out
    }
    #[inline]
    fn decode(bytes: &Vec<u8>, _: &mut Vec<u8>) -> Comment {
        bitcode::deserialize(bytes).expect("valid bitcode")
    }
    #[inline]
    fn access(bytes: &Vec<u8>) -> u64 {
        pick_comment(&bitcode::deserialize(bytes).expect("valid bitcode"))
    }
    #[inline]
    fn read_all(bytes: &Vec<u8>) -> u64 {
        checksum_comment(&bitcode::deserialize(bytes).expect("valid bitcode"))
    }
}
