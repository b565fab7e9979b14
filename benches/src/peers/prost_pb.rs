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

use std::collections::BTreeMap;

use prost::Message as _;

use super::{Format, Mirror};
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

// ---- telemetry, numeric, large -------------------------------------------------
//
// ```proto
// enum SpanKind { SPAN_KIND_UNSPECIFIED = 0; INTERNAL = 1; SERVER = 2; CLIENT = 3; PRODUCER = 4; CONSUMER = 5; }
// enum StatusCode { UNSET = 0; OK = 1; ERROR = 2; }
// message AttrValue { oneof value { string str = 1; int64 int = 2; double double = 3; bool bool = 4; } }
// message Status { StatusCode code = 1; string message = 2; }
// message SpanEvent { fixed64 time_ns = 1; string name = 2; map<string, AttrValue> attributes = 3; }
// message Span {
//   bytes trace_id = 1; fixed64 span_id = 2; optional fixed64 parent_span_id = 3; string name = 4;
//   SpanKind kind = 5; fixed64 start_ns = 6; fixed64 end_ns = 7; map<string, AttrValue> attributes = 8;
//   repeated SpanEvent events = 9; Status status = 10;
// }
// message ScopeSpans { string scope_name = 1; string scope_version = 2; repeated Span spans = 3; }
// message ResourceSpans { map<string, AttrValue> resource = 1; string schema_url = 2; repeated ScopeSpans scopes = 3; }
// message TelemetryExport { repeated ResourceSpans resources = 1; }
// // Packed repeated scalars; vertices flattened to x, y, z (protobuf has no inline structs).
// message NumericBatch {
//   fixed64 series_id = 1; string name = 2; repeated sfixed64 timestamps_ns = 3; repeated double values = 4;
//   repeated float vertices = 5; repeated uint32 indices = 6; repeated float weights = 7;
// }
// message Blob {
//   fixed64 id = 1; string name = 2; string content_type = 3; int64 created_ns = 4;
//   map<string, string> metadata = 5; bytes digest = 6; bytes payload = 7;
// }
// message Comment {
//   fixed64 id = 1; string author = 2; string body = 3; sint32 score = 4; repeated Comment replies = 5;
// }
// ```
// Times are fixed64 as in OTLP (nanosecond timestamps are 9-byte varints), so
// are the comment ids (snowflake ids: 9-byte varints). A comment thread is
// nested one message per level: 24 levels are within prost's default
// recursion limit of 100.

/// Protobuf enum for [`data::SpanKind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum SpanKind {
    /// See the model.
    Unspecified = 0,
    /// See the model.
    Internal = 1,
    /// See the model.
    Server = 2,
    /// See the model.
    Client = 3,
    /// See the model.
    Producer = 4,
    /// See the model.
    Consumer = 5,
}

/// Protobuf enum for [`data::StatusCode`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum StatusCode {
    /// See the model.
    Unset = 0,
    /// See the model.
    Ok = 1,
    /// See the model.
    Error = 2,
}

/// The `oneof` of [`AttrValue`].
#[derive(Clone, PartialEq, prost::Oneof)]
pub enum AnyValue {
    /// See [`data::AttrValue::Str`].
    #[prost(string, tag = "1")]
    Str(String),
    /// See [`data::AttrValue::Int`].
    #[prost(int64, tag = "2")]
    Int(i64),
    /// See [`data::AttrValue::Double`].
    #[prost(double, tag = "3")]
    Double(f64),
    /// See [`data::AttrValue::Bool`].
    #[prost(bool, tag = "4")]
    Bool(bool),
}

/// Protobuf mirror of [`data::AttrValue`]: a message around a `oneof`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct AttrValue {
    /// The value (`None` only from a foreign writer).
    #[prost(oneof = "AnyValue", tags = "1, 2, 3, 4")]
    pub value: Option<AnyValue>,
}

/// Protobuf mirror of [`data::Status`].
#[derive(Clone, PartialEq, prost::Message)]
pub struct Status {
    /// See the model (a [`StatusCode`] as `i32`).
    #[prost(enumeration = "StatusCode", tag = "1")]
    pub code: i32,
    /// See the model.
    #[prost(string, tag = "2")]
    pub message: String,
}

/// Protobuf mirror of [`data::SpanEvent`].
#[derive(Clone, PartialEq, prost::Message)]
pub struct SpanEvent {
    /// See the model.
    #[prost(fixed64, tag = "1")]
    pub time_ns: u64,
    /// See the model.
    #[prost(string, tag = "2")]
    pub name: String,
    /// See the model.
    #[prost(btree_map = "string, message", tag = "3")]
    pub attributes: BTreeMap<String, AttrValue>,
}

/// Protobuf mirror of [`data::Span`].
#[derive(Clone, PartialEq, prost::Message)]
pub struct Span {
    /// See the model (16 bytes).
    #[prost(bytes = "vec", tag = "1")]
    pub trace_id: Vec<u8>,
    /// See the model.
    #[prost(fixed64, tag = "2")]
    pub span_id: u64,
    /// See the model.
    #[prost(fixed64, optional, tag = "3")]
    pub parent_span_id: Option<u64>,
    /// See the model.
    #[prost(string, tag = "4")]
    pub name: String,
    /// See the model (a [`SpanKind`] as `i32`).
    #[prost(enumeration = "SpanKind", tag = "5")]
    pub kind: i32,
    /// See the model.
    #[prost(fixed64, tag = "6")]
    pub start_ns: u64,
    /// See the model.
    #[prost(fixed64, tag = "7")]
    pub end_ns: u64,
    /// See the model.
    #[prost(btree_map = "string, message", tag = "8")]
    pub attributes: BTreeMap<String, AttrValue>,
    /// See the model.
    #[prost(message, repeated, tag = "9")]
    pub events: Vec<SpanEvent>,
    /// See the model (prost makes every message field an `Option`).
    #[prost(message, optional, tag = "10")]
    pub status: Option<Status>,
}

/// Protobuf mirror of [`data::ScopeSpans`].
#[derive(Clone, PartialEq, prost::Message)]
pub struct ScopeSpans {
    /// See the model.
    #[prost(string, tag = "1")]
    pub scope_name: String,
    /// See the model.
    #[prost(string, tag = "2")]
    pub scope_version: String,
    /// See the model.
    #[prost(message, repeated, tag = "3")]
    pub spans: Vec<Span>,
}

/// Protobuf mirror of [`data::ResourceSpans`].
#[derive(Clone, PartialEq, prost::Message)]
pub struct ResourceSpans {
    /// See the model.
    #[prost(btree_map = "string, message", tag = "1")]
    pub resource: BTreeMap<String, AttrValue>,
    /// See the model.
    #[prost(string, tag = "2")]
    pub schema_url: String,
    /// See the model.
    #[prost(message, repeated, tag = "3")]
    pub scopes: Vec<ScopeSpans>,
}

/// Protobuf mirror of [`data::TelemetryExport`].
#[derive(Clone, PartialEq, prost::Message)]
pub struct TelemetryExport {
    /// See the model.
    #[prost(message, repeated, tag = "1")]
    pub resources: Vec<ResourceSpans>,
}

/// Protobuf mirror of [`data::NumericBatch`] (packed repeated scalars).
#[derive(Clone, PartialEq, prost::Message)]
pub struct NumericBatch {
    /// See the model.
    #[prost(fixed64, tag = "1")]
    pub series_id: u64,
    /// See the model.
    #[prost(string, tag = "2")]
    pub name: String,
    /// See the model.
    #[prost(sfixed64, repeated, tag = "3")]
    pub timestamps_ns: Vec<i64>,
    /// See the model.
    #[prost(double, repeated, tag = "4")]
    pub values: Vec<f64>,
    /// See the model, flattened: `x, y, z` per vertex.
    #[prost(float, repeated, tag = "5")]
    pub vertices: Vec<f32>,
    /// See the model.
    #[prost(uint32, repeated, tag = "6")]
    pub indices: Vec<u32>,
    /// See the model.
    #[prost(float, repeated, tag = "7")]
    pub weights: Vec<f32>,
}

/// Protobuf mirror of [`data::Blob`].
#[derive(Clone, PartialEq, prost::Message)]
pub struct Blob {
    /// See the model.
    #[prost(fixed64, tag = "1")]
    pub id: u64,
    /// See the model.
    #[prost(string, tag = "2")]
    pub name: String,
    /// See the model.
    #[prost(string, tag = "3")]
    pub content_type: String,
    /// See the model.
    #[prost(int64, tag = "4")]
    pub created_ns: i64,
    /// See the model.
    #[prost(btree_map = "string, string", tag = "5")]
    pub metadata: BTreeMap<String, String>,
    /// See the model (32 bytes).
    #[prost(bytes = "vec", tag = "6")]
    pub digest: Vec<u8>,
    /// See the model.
    #[prost(bytes = "vec", tag = "7")]
    pub payload: Vec<u8>,
}

/// Protobuf mirror of [`data::Comment`] (a recursive message).
#[derive(Clone, PartialEq, prost::Message)]
pub struct Comment {
    /// See the model.
    #[prost(fixed64, tag = "1")]
    pub id: u64,
    /// See the model.
    #[prost(string, tag = "2")]
    pub author: String,
    /// See the model.
    #[prost(string, tag = "3")]
    pub body: String,
    /// See the model (zigzag: scores can be negative).
    #[prost(sint32, tag = "4")]
    pub score: i32,
    /// See the model.
    #[prost(message, repeated, tag = "5")]
    pub replies: Vec<Comment>,
}

// ---- conversions (not timed) ------------------------------------------------------

fn attrs_to_pb(a: &data::Attributes) -> BTreeMap<String, AttrValue> {
    a.iter()
        .map(|(k, v)| {
            let value = match v {
                data::AttrValue::Str(s) => AnyValue::Str(s.clone()),
                data::AttrValue::Int(i) => AnyValue::Int(*i),
                data::AttrValue::Double(d) => AnyValue::Double(*d),
                data::AttrValue::Bool(b) => AnyValue::Bool(*b),
            };
            (k.clone(), AttrValue { value: Some(value) })
        })
        .collect()
}

/// A missing `oneof` (only a foreign writer sends one) reads as `Int(0)`.
fn attrs_from_pb(a: BTreeMap<String, AttrValue>) -> data::Attributes {
    a.into_iter()
        .map(|(k, v)| {
            let value = match v.value {
                Some(AnyValue::Str(s)) => data::AttrValue::Str(s),
                Some(AnyValue::Int(i)) => data::AttrValue::Int(i),
                Some(AnyValue::Double(d)) => data::AttrValue::Double(d),
                Some(AnyValue::Bool(b)) => data::AttrValue::Bool(b),
                None => data::AttrValue::Int(0),
            };
            (k, value)
        })
        .collect()
}

fn fixed<const N: usize>(v: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    let n = v.len().min(N);
    out[..n].copy_from_slice(&v[..n]);
    out
}

impl Mirror<data::TelemetryExport> for TelemetryExport {
    fn from_model(t: &data::TelemetryExport) -> Self {
        let span = |sp: &data::Span| Span {
            trace_id: sp.trace_id.to_vec(),
            span_id: sp.span_id,
            parent_span_id: sp.parent_span_id,
            name: sp.name.clone(),
            kind: sp.kind.code() as i32,
            start_ns: sp.start_ns,
            end_ns: sp.end_ns,
            attributes: attrs_to_pb(&sp.attributes),
            events: sp
                .events
                .iter()
                .map(|e| SpanEvent { time_ns: e.time_ns, name: e.name.clone(), attributes: attrs_to_pb(&e.attributes) })
                .collect(),
            status: Some(Status { code: sp.status.code.code() as i32, message: sp.status.message.clone() }),
        };
        TelemetryExport {
            resources: t
                .resources
                .iter()
                .map(|r| ResourceSpans {
                    resource: attrs_to_pb(&r.resource),
                    schema_url: r.schema_url.clone(),
                    scopes: r
                        .scopes
                        .iter()
                        .map(|s| ScopeSpans {
                            scope_name: s.scope_name.clone(),
                            scope_version: s.scope_version.clone(),
                            spans: s.spans.iter().map(span).collect(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// Unknown enum numbers read as the first variant.
    fn into_model(self) -> data::TelemetryExport {
        let span = |sp: Span| {
            let status = sp.status.unwrap_or_default();
            data::Span {
                trace_id: fixed(&sp.trace_id),
                span_id: sp.span_id,
                parent_span_id: sp.parent_span_id,
                name: sp.name,
                kind: data::SpanKind::ALL.get(sp.kind as usize).copied().unwrap_or(data::SpanKind::Unspecified),
                start_ns: sp.start_ns,
                end_ns: sp.end_ns,
                attributes: attrs_from_pb(sp.attributes),
                events: sp
                    .events
                    .into_iter()
                    .map(|e| data::SpanEvent {
                        time_ns: e.time_ns,
                        name: e.name,
                        attributes: attrs_from_pb(e.attributes),
                    })
                    .collect(),
                status: data::Status {
                    code: data::StatusCode::ALL.get(status.code as usize).copied().unwrap_or(data::StatusCode::Unset),
                    message: status.message,
                },
            }
        };
        data::TelemetryExport {
            resources: self
                .resources
                .into_iter()
                .map(|r| data::ResourceSpans {
                    resource: attrs_from_pb(r.resource),
                    schema_url: r.schema_url,
                    scopes: r
                        .scopes
                        .into_iter()
                        .map(|s| data::ScopeSpans {
                            scope_name: s.scope_name,
                            scope_version: s.scope_version,
                            spans: s.spans.into_iter().map(span).collect(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

impl Mirror<data::NumericBatch> for NumericBatch {
    fn from_model(n: &data::NumericBatch) -> Self {
        NumericBatch {
            series_id: n.series_id,
            name: n.name.clone(),
            timestamps_ns: n.timestamps_ns.clone(),
            values: n.values.clone(),
            vertices: n.vertices.iter().flat_map(|p| [p.x, p.y, p.z]).collect(),
            indices: n.indices.clone(),
            weights: n.weights.clone(),
        }
    }
    fn into_model(self) -> data::NumericBatch {
        data::NumericBatch {
            series_id: self.series_id,
            name: self.name,
            timestamps_ns: self.timestamps_ns,
            values: self.values,
            vertices: self.vertices.chunks_exact(3).map(|c| data::Vec3 { x: c[0], y: c[1], z: c[2] }).collect(),
            indices: self.indices,
            weights: self.weights,
        }
    }
}

impl Mirror<data::Blob> for Blob {
    fn from_model(b: &data::Blob) -> Self {
        Blob {
            id: b.id,
            name: b.name.clone(),
            content_type: b.content_type.clone(),
            created_ns: b.created_ns,
            metadata: b.metadata.clone(),
            digest: b.digest.to_vec(),
            payload: b.payload.clone(),
        }
    }
    fn into_model(self) -> data::Blob {
        data::Blob {
            id: self.id,
            name: self.name,
            content_type: self.content_type,
            created_ns: self.created_ns,
            metadata: self.metadata,
            digest: fixed(&self.digest),
            payload: self.payload,
        }
    }
}

mirror_via_from!(Request, LogBatch);
mirror_struct!(Comment { id, author, body, score, replies });
comment_checksums!();

// ---- checksums over the decoded messages ----------------------------------------

fn attributes_into(a: &BTreeMap<String, AttrValue>, c: &mut Checksum) {
    c.add(a.len() as u64);
    for (k, v) in a {
        c.add(k.len() as u64);
        match &v.value {
            Some(AnyValue::Str(s)) => {
                c.add(0);
                c.add(s.len() as u64);
            }
            Some(AnyValue::Int(i)) => {
                c.add(1);
                c.add(*i as u64);
            }
            Some(AnyValue::Double(d)) => {
                c.add(2);
                c.add(d.to_bits());
            }
            Some(AnyValue::Bool(b)) => {
                c.add(3);
                c.add(u64::from(*b));
            }
            None => c.add(u64::MAX),
        }
    }
}

/// Every field of a decoded telemetry export, in the model checksum's order.
pub fn checksum_telemetry(t: &TelemetryExport) -> u64 {
    let mut c = Checksum::new();
    c.add(t.resources.len() as u64);
    for r in &t.resources {
        attributes_into(&r.resource, &mut c);
        c.add(r.schema_url.len() as u64);
        c.add(r.scopes.len() as u64);
        for s in &r.scopes {
            c.add(s.scope_name.len() as u64);
            c.add(s.scope_version.len() as u64);
            c.add(s.spans.len() as u64);
            for sp in &s.spans {
                let id: [u8; 16] = fixed(&sp.trace_id);
                c.add(data::trace_id_lo(&id));
                c.add(data::trace_id_hi(&id));
                c.add(sp.span_id);
                c.add_opt(sp.parent_span_id);
                c.add(sp.name.len() as u64);
                c.add(sp.kind as u64);
                c.add(sp.start_ns);
                c.add(sp.end_ns);
                attributes_into(&sp.attributes, &mut c);
                c.add(sp.events.len() as u64);
                for e in &sp.events {
                    c.add(e.time_ns);
                    c.add(e.name.len() as u64);
                    attributes_into(&e.attributes, &mut c);
                }
                let (code, len) = sp.status.as_ref().map_or((0, 0), |s| (s.code as u64, s.message.len() as u64));
                c.add(code);
                c.add(len);
            }
        }
    }
    c.finish()
}

fn pick_telemetry(t: &TelemetryExport) -> u64 {
    let (r, s, i) = data::TELEMETRY_ACCESS;
    t.resources[r].scopes[s].spans[i].end_ns
}

/// Every element of a decoded numeric batch, in the model checksum's order.
pub fn checksum_numeric(n: &NumericBatch) -> u64 {
    let mut c = Checksum::new();
    c.add(n.series_id);
    c.add(n.name.len() as u64);
    c.add(n.timestamps_ns.len() as u64);
    for &t in &n.timestamps_ns {
        c.add(t as u64);
    }
    c.add(n.values.len() as u64);
    for &v in &n.values {
        c.add(v.to_bits());
    }
    c.add((n.vertices.len() / 3) as u64);
    for p in n.vertices.chunks_exact(3) {
        c.add(u64::from(p[0].to_bits()));
        c.add(u64::from(p[1].to_bits()));
        c.add(u64::from(p[2].to_bits()));
    }
    c.add(n.indices.len() as u64);
    for &i in &n.indices {
        c.add(u64::from(i));
    }
    c.add(n.weights.len() as u64);
    for &w in &n.weights {
        c.add(u64::from(w.to_bits()));
    }
    c.finish()
}

fn pick_numeric(n: &NumericBatch) -> u64 {
    n.values[n.values.len() / 2].to_bits()
}

/// Every field of a decoded blob, in the model checksum's order.
pub fn checksum_blob(b: &Blob) -> u64 {
    let mut c = Checksum::new();
    c.add(b.id);
    c.add(b.name.len() as u64);
    c.add(b.content_type.len() as u64);
    c.add(b.created_ns as u64);
    c.add(b.metadata.len() as u64);
    for (k, v) in &b.metadata {
        c.add(k.len() as u64);
        c.add(v.len() as u64);
    }
    data::bytes_checksum_into(&b.digest, &mut c);
    data::bytes_checksum_into(&b.payload, &mut c);
    c.finish()
}

fn pick_blob(b: &Blob) -> u64 {
    data::blob_access_of(&b.payload)
}

fn pick_request(r: &Request) -> u64 {
    r.id
}

fn pick_log_batch(b: &LogBatch) -> u64 {
    u64::from(b.records[b.records.len() / 2].latency_us)
}

// ---- the uniform interface ------------------------------------------------------

/// prost in the [`Format`] interface: `encode` into a reused `Vec`,
/// `Message::decode`; `access` and `read_all` decode everything (protobuf
/// has no random access).
#[derive(Debug, Clone, Copy)]
pub struct Prost;

macro_rules! prost_format {
    ($model:ty, $mirror:ty, $checksum:path, $pick:path) => {
        impl Format<$model> for Prost {
            const NAME: &'static str = "prost";
            type Mirror = $mirror;
            type Encoded = Vec<u8>;
            type Scratch = Vec<u8>;
            fn mirror(model: &$model) -> $mirror {
                Mirror::from_model(model)
            }
            fn model(m: $mirror) -> $model {
                Mirror::into_model(m)
            }
            fn encode(m: &$mirror) -> Vec<u8> {
                m.encode_to_vec()
            }
            fn scratch() -> Vec<u8> {
                Vec::new()
            }
            #[inline]
            fn encode_reuse<'s>(m: &$mirror, buf: &'s mut Vec<u8>) -> &'s [u8] {
                buf.clear();
                m.encode(buf).expect("a Vec<u8> grows as needed");
                buf
            }
            #[inline]
            fn decode(bytes: &Vec<u8>, _: &mut Vec<u8>) -> $mirror {
                <$mirror>::decode(&bytes[..]).expect("valid protobuf")
            }
            #[inline]
            fn access(bytes: &Vec<u8>) -> u64 {
                $pick(&<$mirror>::decode(&bytes[..]).expect("valid protobuf"))
            }
            #[inline]
            fn read_all(bytes: &Vec<u8>) -> u64 {
                $checksum(&<$mirror>::decode(&bytes[..]).expect("valid protobuf"))
            }
        }
    };
}

prost_format!(data::Request, Request, checksum_request, pick_request);
prost_format!(data::LogBatch, LogBatch, checksum_log_batch, pick_log_batch);
prost_format!(data::TelemetryExport, TelemetryExport, checksum_telemetry, pick_telemetry);
prost_format!(data::NumericBatch, NumericBatch, checksum_numeric, pick_numeric);
prost_format!(data::Blob, Blob, checksum_blob, pick_blob);
prost_format!(data::Comment, Comment, checksum_comment, pick_comment);
