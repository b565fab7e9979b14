//! JSON via serde_json with serde derives on mirror types.
//!
//! The JSON shape is what a hand-written service would use: enum values as
//! upper-case strings (`"GET"`, `"INFO"`), absent optionals omitted (and read
//! back as `None`). 64-bit ids are written as JSON numbers; serde_json keeps
//! them exact, but a JavaScript peer would not (> 2^53).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[cfg(feature = "peer-serde-json")]
use super::Format;
use super::{DataSet, Mirror};
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

// ---- telemetry, numeric, large -------------------------------------------------

/// JSON mirror of [`data::SpanKind`]: `"SERVER"`, `"CLIENT"`, ...
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "UPPERCASE")]
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

/// JSON mirror of [`data::StatusCode`]: `"UNSET"`, `"OK"`, `"ERROR"`.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "UPPERCASE")]
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

/// JSON mirror of [`data::AttrValue`], as OTLP/JSON writes `AnyValue`:
/// `{"stringValue": "GET"}`, `{"intValue": 200}`, `{"doubleValue": 0.5}`,
/// `{"boolValue": true}`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub enum AttrValue {
    /// See the model.
    #[serde(rename = "stringValue")]
    Str(String),
    /// See the model.
    #[serde(rename = "intValue")]
    Int(i64),
    /// See the model.
    #[serde(rename = "doubleValue")]
    Double(f64),
    /// See the model.
    #[serde(rename = "boolValue")]
    Bool(bool),
}

/// JSON mirror of [`data::Status`].
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Status {
    /// See the model.
    pub code: StatusCode,
    /// See the model.
    pub message: String,
}

/// JSON mirror of [`data::SpanEvent`].
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct SpanEvent {
    /// See the model.
    pub time_ns: u64,
    /// See the model.
    pub name: String,
    /// See the model.
    pub attributes: BTreeMap<String, AttrValue>,
}

/// JSON mirror of [`data::Span`].
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Span {
    /// See the model (32 hex digits, as OTLP/JSON writes it).
    #[serde(with = "hex_array")]
    pub trace_id: [u8; 16],
    /// See the model.
    pub span_id: u64,
    /// See the model (omitted when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

/// JSON mirror of [`data::ScopeSpans`].
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct ScopeSpans {
    /// See the model.
    pub scope_name: String,
    /// See the model.
    pub scope_version: String,
    /// See the model.
    pub spans: Vec<Span>,
}

/// JSON mirror of [`data::ResourceSpans`].
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct ResourceSpans {
    /// See the model.
    pub resource: BTreeMap<String, AttrValue>,
    /// See the model.
    pub schema_url: String,
    /// See the model.
    pub scopes: Vec<ScopeSpans>,
}

/// JSON mirror of [`data::TelemetryExport`].
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct TelemetryExport {
    /// See the model.
    pub resources: Vec<ResourceSpans>,
}

/// JSON mirror of [`data::Vec3`].
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
pub struct Vec3 {
    /// See the model.
    pub x: f32,
    /// See the model.
    pub y: f32,
    /// See the model.
    pub z: f32,
}

/// JSON mirror of [`data::NumericBatch`].
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
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

/// JSON mirror of [`data::Blob`].
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
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
    /// See the model (64 hex digits).
    #[serde(with = "hex_array")]
    pub digest: [u8; 32],
    /// See the model (standard base64, as JSON services send bytes).
    #[serde(with = "base64_bytes")]
    pub payload: Vec<u8>,
}

/// JSON mirror of [`data::Comment`]: an object per comment, its replies an
/// array of objects (two JSON nesting levels per comment: 48 for the
/// benchmark's 24, under serde_json's limit of 128).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
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

/// `[u8; N]` as a string of `2N` lower-case hex digits (serde `with`).
pub mod hex_array {
    use serde::de::{self, Visitor};
    use serde::{Deserializer, Serializer};

    /// Writes the hex string.
    pub fn serialize<S: Serializer, const N: usize>(v: &[u8; N], s: S) -> Result<S::Ok, S::Error> {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 128];
        for (i, b) in v.iter().enumerate() {
            out[2 * i] = HEX[usize::from(b >> 4)];
            out[2 * i + 1] = HEX[usize::from(b & 15)];
        }
        s.serialize_str(std::str::from_utf8(&out[..2 * N]).expect("hex is ASCII"))
    }

    struct HexVisitor<const N: usize>;

    impl<const N: usize> Visitor<'_> for HexVisitor<N> {
        type Value = [u8; N];
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{} hex digits", 2 * N)
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<[u8; N], E> {
            let s = s.as_bytes();
            if s.len() != 2 * N {
                return Err(E::invalid_length(s.len(), &self));
            }
            let digit = |c: u8| match c {
                b'0'..=b'9' => Ok(c - b'0'),
                b'a'..=b'f' => Ok(c - b'a' + 10),
                b'A'..=b'F' => Ok(c - b'A' + 10),
                _ => Err(E::custom("invalid hex digit")),
            };
            let mut out = [0u8; N];
            for (i, o) in out.iter_mut().enumerate() {
                *o = digit(s[2 * i])? << 4 | digit(s[2 * i + 1])?;
            }
            Ok(out)
        }
    }

    /// Reads the hex string (borrowed or not: no allocation).
    pub fn deserialize<'de, D: Deserializer<'de>, const N: usize>(d: D) -> Result<[u8; N], D::Error> {
        d.deserialize_str(HexVisitor::<N>)
    }
}

/// `Vec<u8>` as a standard base64 string (serde `with`): decoding is part of
/// the JSON peers' `decode`, as it is for a JSON service.
pub mod base64_bytes {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use serde::de::{self, Visitor};
    use serde::{Deserializer, Serializer};

    /// Writes the base64 string.
    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(v))
    }

    struct B64Visitor;

    impl Visitor<'_> for B64Visitor {
        type Value = Vec<u8>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a base64 string")
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<Vec<u8>, E> {
            STANDARD.decode(s).map_err(E::custom)
        }
    }

    /// Reads the base64 string (borrowed or not: one allocation, the result).
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        d.deserialize_str(B64Visitor)
    }
}

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

/// What the three JSON peers (serde_json, simd-json, sonic-rs) share for one
/// data set: the serde mirror, the checksum over it and the one-field read.
/// They differ only in the (de)serializer.
pub trait JsonSet: DataSet {
    /// The serde mirror.
    type Json: Serialize + serde::de::DeserializeOwned + Mirror<Self>;
    /// Every field of a parsed document ([`DataSet::checksum`]).
    fn json_checksum(j: &Self::Json) -> u64;
    /// The field [`DataSet::access`] reads.
    fn json_pick(j: &Self::Json) -> u64;
}

macro_rules! json_set {
    ($model:ty, $mirror:ty, $checksum:path, $pick:path) => {
        impl JsonSet for $model {
            type Json = $mirror;
            #[inline]
            fn json_checksum(j: &$mirror) -> u64 {
                $checksum(j)
            }
            #[inline]
            fn json_pick(j: &$mirror) -> u64 {
                $pick(j)
            }
        }
    };
}

json_set!(data::Request, Request, checksum_request, pick_request);
json_set!(data::LogBatch, LogBatch, checksum_log_batch, pick_log_batch);
json_set!(data::TelemetryExport, TelemetryExport, checksum_telemetry, pick_telemetry);
json_set!(data::NumericBatch, NumericBatch, checksum_numeric, pick_numeric);
json_set!(data::Blob, Blob, checksum_blob, pick_blob);
json_set!(data::Comment, Comment, checksum_comment, pick_comment);

/// serde_json in the [`Format`] interface: `to_writer` into a reused `Vec`,
/// `from_slice`; `access` and `read_all` parse the whole document.
#[cfg(feature = "peer-serde-json")]
#[derive(Debug, Clone, Copy)]
pub struct SerdeJson;

#[cfg(feature = "peer-serde-json")]
impl<D: JsonSet> Format<D> for SerdeJson {
    const NAME: &'static str = "serde_json";
    type Mirror = D::Json;
    type Encoded = Vec<u8>;
    type Scratch = Vec<u8>;
    fn mirror(model: &D) -> D::Json {
        Mirror::from_model(model)
    }
    fn model(m: D::Json) -> D {
        m.into_model()
    }
    fn encode(m: &D::Json) -> Vec<u8> {
        serde_json::to_vec(m).expect("JSON serialization of plain data does not fail")
    }
    fn scratch() -> Vec<u8> {
        Vec::new()
    }
    #[inline]
    fn encode_reuse<'s>(m: &D::Json, buf: &'s mut Vec<u8>) -> &'s [u8] {
        buf.clear();
        serde_json::to_writer(&mut *buf, m).expect("JSON serialization of plain data does not fail");
        buf
    }
    #[inline]
    fn decode(bytes: &Vec<u8>, _: &mut Vec<u8>) -> D::Json {
        serde_json::from_slice(bytes).expect("valid JSON")
    }
    #[inline]
    fn access(bytes: &Vec<u8>) -> u64 {
        D::json_pick(&serde_json::from_slice(bytes).expect("valid JSON"))
    }
    #[inline]
    fn read_all(bytes: &Vec<u8>) -> u64 {
        D::json_checksum(&serde_json::from_slice(bytes).expect("valid JSON"))
    }
}
