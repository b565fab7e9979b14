//! zerowire: the format under test, on the same data.
//!
//! Message types use `#[derive(zerowire::Message)]` (and `Enum`, `Union`,
//! `Struct`), as a user writes them; the derive's output is checked to be
//! byte-identical to the hand-written reference and within 5 % of its speed
//! (`codec/benches/derive.rs`). Enums are open `U16` values, the format's
//! default width.
//!
//! - `access_*` opens the bytes lazily (O(1): the header) and reads one field;
//!   `access_*_validated` runs the eager tier first, as a service does at a
//!   trust boundary.
//! - `read_all_*` reads every field through the lazily checked view;
//!   `read_all_*_validated` validates first and reads through the validated
//!   view (`checksum_*_valid`: plain values, no UTF-8 re-check).
//! - `validate_*` is the eager tier alone.

use std::collections::BTreeMap;

use zerocopy::byteorder::little_endian::U16;
use zerowire::Message as _;
use zerowire::Validated;
use zerowire::map::MapView;

use super::{Format, Mirror, ZeroCopy};
use crate::data::{self, Checksum};

macro_rules! open_enum {
    ($name:ident, $model:ident { $first:ident $(, $v:ident)* }) => {
        /// Open enum mirror (values in declaration order, from 0): unknown
        /// values are kept as their number.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, zerowire::Enum)]
        pub enum $name {
            #[doc = stringify!($first)]
            #[default]
            $first,
            $(
                #[doc = stringify!($v)]
                $v,
            )*
            /// A value this build does not know.
            #[zerowire(unknown)]
            Unknown(u16),
        }
        impl $name {
            /// The numeric code, as the model's `code()`.
            #[inline]
            pub fn code(self) -> u64 {
                u64::from(zerowire::Scalar::to_wire(self).get())
            }
        }
        impl From<data::$model> for $name {
            fn from(m: data::$model) -> Self {
                zerowire::Scalar::from_wire(U16::new(m.code() as u16))
            }
        }
        impl From<$name> for data::$model {
            fn from(m: $name) -> Self {
                data::$model::ALL[m.code() as usize]
            }
        }
    };
}

open_enum!(Method, Method { Get, Put, Post, Delete, Patch });
open_enum!(Level, Level { Trace, Debug, Info, Warn, Error });

/// zerowire mirror of [`crate::data::Request`].
#[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
pub struct Request {
    /// See [`crate::data::Request::id`].
    pub id: u64,
    /// See [`crate::data::Request::user_id`].
    pub user_id: u64,
    /// See [`crate::data::Request::timestamp_ns`].
    pub timestamp_ns: i64,
    /// See [`crate::data::Request::method`].
    pub method: Method,
    /// See [`crate::data::Request::path`].
    pub path: String,
    /// See [`crate::data::Request::client`].
    pub client: String,
    /// See [`crate::data::Request::trace_id`].
    pub trace_id: Option<u64>,
    /// See [`crate::data::Request::priority`].
    pub priority: u32,
    /// See [`crate::data::Request::retry`].
    pub retry: bool,
    /// See [`crate::data::Request::tags`].
    pub tags: Vec<String>,
}

/// zerowire mirror of [`crate::data::LogRecord`].
#[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
pub struct LogRecord {
    /// See [`crate::data::LogRecord::timestamp_ns`].
    pub timestamp_ns: i64,
    /// See [`crate::data::LogRecord::level`].
    pub level: Level,
    /// See [`crate::data::LogRecord::message`].
    pub message: String,
    /// See [`crate::data::LogRecord::host`].
    pub host: String,
    /// See [`crate::data::LogRecord::latency_us`].
    pub latency_us: u32,
    /// See [`crate::data::LogRecord::status`].
    pub status: u16,
    /// See [`crate::data::LogRecord::span_id`].
    pub span_id: Option<u64>,
}

/// zerowire mirror of [`crate::data::LogBatch`].
#[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
pub struct LogBatch {
    /// See [`crate::data::LogBatch::source`].
    pub source: String,
    /// See [`crate::data::LogBatch::seq`].
    pub seq: u64,
    /// See [`crate::data::LogBatch::records`].
    pub records: Vec<LogRecord>,
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
pub fn validate_request(bytes: &[u8]) -> RequestView<'_, Validated> {
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

/// [`checksum_request`] through the validated view.
pub fn checksum_request_valid(r: &RequestView<'_, Validated>) -> u64 {
    let mut c = Checksum::new();
    c.add(r.id());
    c.add(r.user_id());
    c.add(r.timestamp_ns() as u64);
    c.add(r.method().code());
    c.add(r.path().len() as u64);
    c.add(r.client().len() as u64);
    c.add_opt(r.trace_id());
    c.add(u64::from(r.priority()));
    c.add(u64::from(r.retry()));
    let tags = r.tags();
    c.add(tags.len() as u64);
    for t in tags.iter() {
        c.add(t.len() as u64);
    }
    c.finish()
}

/// Every field through the lazily checked view.
pub fn read_all_request(bytes: &[u8]) -> u64 {
    checksum_request(&zerowire::view::<Request>(bytes).expect("valid header")).expect("valid request")
}

/// Every field after eager validation.
pub fn read_all_request_validated(bytes: &[u8]) -> u64 {
    checksum_request_valid(&validate_request(bytes))
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
pub fn validate_log_batch(bytes: &[u8]) -> LogBatchView<'_, Validated> {
    zerowire::validate::<LogBatch>(bytes).expect("valid batch")
}

/// Lazy open and `records[index].latency_us`: O(1) whatever the size.
pub fn access_log_batch(bytes: &[u8], index: usize) -> u32 {
    let v = zerowire::view::<LogBatch>(bytes).expect("valid header");
    v.records().expect("valid list").get(index).expect("index in range").latency_us()
}

/// Eager validation, then `records[index].latency_us`.
pub fn access_log_batch_validated(bytes: &[u8], index: usize) -> u32 {
    validate_log_batch(bytes).records().get(index).expect("index in range").latency_us()
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

/// [`checksum_log_batch`] through the validated view.
pub fn checksum_log_batch_valid(b: &LogBatchView<'_, Validated>) -> u64 {
    let mut c = Checksum::new();
    c.add(b.source().len() as u64);
    c.add(b.seq());
    let records = b.records();
    c.add(records.len() as u64);
    for r in records.iter() {
        c.add(r.timestamp_ns() as u64);
        c.add(r.level().code());
        c.add(r.message().len() as u64);
        c.add(r.host().len() as u64);
        c.add(u64::from(r.latency_us()));
        c.add(u64::from(r.status()));
        c.add_opt(r.span_id());
    }
    c.finish()
}

/// Every field through the lazily checked view.
pub fn read_all_log_batch(bytes: &[u8]) -> u64 {
    checksum_log_batch(&zerowire::view::<LogBatch>(bytes).expect("valid header")).expect("valid batch")
}

/// Every field after eager validation.
pub fn read_all_log_batch_validated(bytes: &[u8]) -> u64 {
    checksum_log_batch_valid(&validate_log_batch(bytes))
}

/// The full data-section length of a request, for the size notes.
pub const REQUEST_DATA_LEN: usize = Request::DATA_LEN;

// ---- telemetry, numeric, large, deep: written with the derives ----------------

/// zerowire mirror of [`crate::data::SpanKind`] (open enum, `U16`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, zerowire::Enum)]
pub enum SpanKind {
    /// See the model.
    #[default]
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
    /// A value this build does not know.
    #[zerowire(unknown)]
    Unknown(u16),
}

/// zerowire mirror of [`crate::data::StatusCode`] (open enum, `U16`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, zerowire::Enum)]
pub enum StatusCode {
    /// See the model.
    #[default]
    Unset,
    /// See the model.
    Ok,
    /// See the model.
    Error,
    /// A value this build does not know.
    #[zerowire(unknown)]
    Unknown(u16),
}

impl SpanKind {
    /// The wire number, as the model's `code()`.
    #[inline]
    pub fn code(self) -> u64 {
        u64::from(zerowire::Scalar::to_wire(self).get())
    }
}

impl StatusCode {
    /// The wire number, as the model's `code()`.
    #[inline]
    pub fn code(self) -> u64 {
        u64::from(zerowire::Scalar::to_wire(self).get())
    }
}

/// zerowire mirror of [`crate::data::AttrValue`] (a union: tag + reference).
#[derive(Debug, Clone, PartialEq, zerowire::Union)]
pub enum AttrValue {
    /// See the model.
    Str(String),
    /// See the model.
    Int(i64),
    /// See the model.
    Double(f64),
    /// See the model.
    Bool(bool),
    /// A tag this build does not know.
    #[zerowire(unknown)]
    Unknown(u16),
}

impl Default for AttrValue {
    fn default() -> Self {
        AttrValue::Str(String::new())
    }
}

/// zerowire mirror of [`crate::data::Status`].
#[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
pub struct Status {
    /// See the model.
    pub code: StatusCode,
    /// See the model.
    pub message: String,
}

/// zerowire mirror of [`crate::data::SpanEvent`].
#[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
pub struct SpanEvent {
    /// See the model.
    pub time_ns: u64,
    /// See the model.
    pub name: String,
    /// See the model.
    pub attributes: BTreeMap<String, AttrValue>,
}

/// zerowire mirror of [`crate::data::Span`].
#[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
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

/// zerowire mirror of [`crate::data::ScopeSpans`].
#[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
pub struct ScopeSpans {
    /// See the model.
    pub scope_name: String,
    /// See the model.
    pub scope_version: String,
    /// See the model.
    pub spans: Vec<Span>,
}

/// zerowire mirror of [`crate::data::ResourceSpans`].
#[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
pub struct ResourceSpans {
    /// See the model.
    pub resource: BTreeMap<String, AttrValue>,
    /// See the model.
    pub schema_url: String,
    /// See the model.
    pub scopes: Vec<ScopeSpans>,
}

/// zerowire mirror of [`crate::data::TelemetryExport`].
#[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
pub struct TelemetryExport {
    /// See the model.
    pub resources: Vec<ResourceSpans>,
}

/// zerowire mirror of [`crate::data::Vec3`]: an inline struct, so a list of
/// them is a zero-copy `&[Vec3Wire]`.
#[derive(Debug, Clone, Copy, PartialEq, Default, zerowire::Struct)]
pub struct Vec3 {
    /// See the model.
    pub x: f32,
    /// See the model.
    pub y: f32,
    /// See the model.
    pub z: f32,
}

/// zerowire mirror of [`crate::data::NumericBatch`]: every vector is a
/// scalar list, read in place as a slice of little-endian values.
#[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
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

/// zerowire mirror of [`crate::data::Blob`]. The payload is a
/// `bytes::Bytes`, the type zerowire documents for byte payloads (written
/// with one copy, read as `&[u8]`); [`BlobVecU8`] is the same message with
/// a `Vec<u8>` (identical bytes on the wire), measured as `zerowire_vec_u8`.
#[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
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
    /// See the model (read as a borrowed `&[u8]`).
    pub payload: bytes::Bytes,
}

/// [`Blob`] with the payload as a `Vec<u8>`: a scalar list of `u8`, read as a
/// `ScalarList<u8>` (`as_bytes()` gives the slice). Same bytes on the wire.
#[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
pub struct BlobVecU8 {
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

impl Mirror<Vec<u8>> for bytes::Bytes {
    fn from_model(m: &Vec<u8>) -> Self {
        bytes::Bytes::copy_from_slice(m)
    }
    fn into_model(self) -> Vec<u8> {
        self.to_vec()
    }
}

impl Mirror<data::Blob> for BlobVecU8 {
    fn from_model(m: &data::Blob) -> Self {
        BlobVecU8 {
            id: m.id,
            name: m.name.clone(),
            content_type: m.content_type.clone(),
            created_ns: m.created_ns,
            metadata: m.metadata.clone(),
            digest: m.digest,
            payload: m.payload.clone(),
        }
    }
    fn into_model(self) -> data::Blob {
        data::Blob {
            id: self.id,
            name: self.name,
            content_type: self.content_type,
            created_ns: self.created_ns,
            metadata: self.metadata,
            digest: self.digest,
            payload: self.payload,
        }
    }
}

/// zerowire mirror of [`crate::data::Comment`]: a recursive message (a
/// list of its own type). A thread of depth `d` is `d` levels deep for the
/// depth limit (each `replies` list adds one, its elements none), so the
/// default limit of 64 reads the benchmark's 24 levels.
#[derive(Debug, Clone, PartialEq, Default, zerowire::Message)]
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

mirror_enum!(SpanKind { Unspecified, Internal, Server, Client, Producer, Consumer }(Unknown));
mirror_enum!(StatusCode { Unset, Ok, Error }(Unknown));
mirror_attr_value!((Unknown));
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

fn attributes_into(a: &MapView<'_, String, AttrValue>, c: &mut Checksum) -> zerowire::Result<()> {
    c.add(a.len() as u64);
    for (k, v) in a.iter() {
        c.add(k?.len() as u64);
        match v {
            AttrValueView::Str(s) => {
                c.add(0);
                c.add(s?.len() as u64);
            }
            AttrValueView::Int(i) => {
                c.add(1);
                c.add(i as u64);
            }
            AttrValueView::Double(d) => {
                c.add(2);
                c.add(d.to_bits());
            }
            AttrValueView::Bool(b) => {
                c.add(3);
                c.add(u64::from(b));
            }
            AttrValueView::Unknown(t) => c.add(100 + u64::from(t)),
        }
    }
    Ok(())
}

fn attributes_into_valid(a: &MapView<'_, String, AttrValue, Validated>, c: &mut Checksum) {
    c.add(a.len() as u64);
    for (k, v) in a.iter() {
        c.add(k.len() as u64);
        match v {
            AttrValueView::Str(s) => {
                c.add(0);
                c.add(s.len() as u64);
            }
            AttrValueView::Int(i) => {
                c.add(1);
                c.add(i as u64);
            }
            AttrValueView::Double(d) => {
                c.add(2);
                c.add(d.to_bits());
            }
            AttrValueView::Bool(b) => {
                c.add(3);
                c.add(u64::from(b));
            }
            AttrValueView::Unknown(t) => c.add(100 + u64::from(t)),
        }
    }
}

/// [`checksum_telemetry`] through the validated view.
pub fn checksum_telemetry_valid(t: &TelemetryExportView<'_, Validated>) -> u64 {
    let mut c = Checksum::new();
    let resources = t.resources();
    c.add(resources.len() as u64);
    for r in resources.iter() {
        attributes_into_valid(&r.resource(), &mut c);
        c.add(r.schema_url().len() as u64);
        let scopes = r.scopes();
        c.add(scopes.len() as u64);
        for s in scopes.iter() {
            c.add(s.scope_name().len() as u64);
            c.add(s.scope_version().len() as u64);
            let spans = s.spans();
            c.add(spans.len() as u64);
            for sp in spans.iter() {
                let id = sp.trace_id();
                c.add(data::trace_id_lo(&id));
                c.add(data::trace_id_hi(&id));
                c.add(sp.span_id());
                c.add_opt(sp.parent_span_id());
                c.add(sp.name().len() as u64);
                c.add(sp.kind().code());
                c.add(sp.start_ns());
                c.add(sp.end_ns());
                attributes_into_valid(&sp.attributes(), &mut c);
                let events = sp.events();
                c.add(events.len() as u64);
                for e in events.iter() {
                    c.add(e.time_ns());
                    c.add(e.name().len() as u64);
                    attributes_into_valid(&e.attributes(), &mut c);
                }
                let status = sp.status();
                c.add(status.code().code());
                c.add(status.message().len() as u64);
            }
        }
    }
    c.finish()
}

fn pick_telemetry_valid(t: &TelemetryExportView<'_, Validated>) -> Option<u64> {
    let (r, s, i) = data::TELEMETRY_ACCESS;
    Some(t.resources().get(r)?.scopes().get(s)?.spans().get(i)?.end_ns())
}

/// Every field of a telemetry view, in the model checksum's order.
pub fn checksum_telemetry(t: &TelemetryExportView<'_>) -> zerowire::Result<u64> {
    let mut c = Checksum::new();
    let resources = t.resources()?;
    c.add(resources.len() as u64);
    for r in resources.iter() {
        attributes_into(&r.resource()?, &mut c)?;
        c.add(r.schema_url()?.len() as u64);
        let scopes = r.scopes()?;
        c.add(scopes.len() as u64);
        for s in scopes.iter() {
            c.add(s.scope_name()?.len() as u64);
            c.add(s.scope_version()?.len() as u64);
            let spans = s.spans()?;
            c.add(spans.len() as u64);
            for sp in spans.iter() {
                let id = sp.trace_id();
                c.add(data::trace_id_lo(&id));
                c.add(data::trace_id_hi(&id));
                c.add(sp.span_id());
                c.add_opt(sp.parent_span_id());
                c.add(sp.name()?.len() as u64);
                c.add(sp.kind().code());
                c.add(sp.start_ns());
                c.add(sp.end_ns());
                attributes_into(&sp.attributes()?, &mut c)?;
                let events = sp.events()?;
                c.add(events.len() as u64);
                for e in events.iter() {
                    c.add(e.time_ns());
                    c.add(e.name()?.len() as u64);
                    attributes_into(&e.attributes()?, &mut c)?;
                }
                let status = sp.status()?;
                c.add(status.code().code());
                c.add(status.message()?.len() as u64);
            }
        }
    }
    Ok(c.finish())
}

fn pick_telemetry(t: &TelemetryExportView<'_>) -> zerowire::Result<u64> {
    let (r, s, i) = data::TELEMETRY_ACCESS;
    let missing = || zerowire::Error::new(zerowire::ErrorKind::OutOfBounds, 0);
    let span = t
        .resources()?
        .get(r)
        .ok_or_else(missing)?
        .scopes()?
        .get(s)
        .ok_or_else(missing)?
        .spans()?
        .get(i)
        .ok_or_else(missing)?;
    Ok(span.end_ns())
}

/// [`checksum_numeric`] through the validated view.
pub fn checksum_numeric_valid(n: &NumericBatchView<'_, Validated>) -> u64 {
    let mut c = Checksum::new();
    c.add(n.series_id());
    c.add(n.name().len() as u64);
    let ts = n.timestamps_ns();
    c.add(ts.len() as u64);
    for t in ts.iter() {
        c.add(t as u64);
    }
    let values = n.values();
    c.add(values.len() as u64);
    for v in values.iter() {
        c.add(v.to_bits());
    }
    let vertices = n.vertices().as_wire();
    c.add(vertices.len() as u64);
    for p in vertices {
        c.add(u64::from(p.x.get().to_bits()));
        c.add(u64::from(p.y.get().to_bits()));
        c.add(u64::from(p.z.get().to_bits()));
    }
    let indices = n.indices();
    c.add(indices.len() as u64);
    for i in indices.iter() {
        c.add(u64::from(i));
    }
    let weights = n.weights();
    c.add(weights.len() as u64);
    for w in weights.iter() {
        c.add(u64::from(w.to_bits()));
    }
    c.finish()
}

fn pick_numeric_valid(n: &NumericBatchView<'_, Validated>) -> Option<u64> {
    let values = n.values();
    values.get(values.len() / 2).map(f64::to_bits)
}

/// Every element of a numeric view, in the model checksum's order (each list
/// is a slice of little-endian values read in place).
pub fn checksum_numeric(n: &NumericBatchView<'_>) -> zerowire::Result<u64> {
    let mut c = Checksum::new();
    c.add(n.series_id());
    c.add(n.name()?.len() as u64);
    let ts = n.timestamps_ns()?;
    c.add(ts.len() as u64);
    for t in ts.iter() {
        c.add(t as u64);
    }
    let values = n.values()?;
    c.add(values.len() as u64);
    for v in values.iter() {
        c.add(v.to_bits());
    }
    let vertices = n.vertices()?.as_wire();
    c.add(vertices.len() as u64);
    for p in vertices {
        c.add(u64::from(p.x.get().to_bits()));
        c.add(u64::from(p.y.get().to_bits()));
        c.add(u64::from(p.z.get().to_bits()));
    }
    let indices = n.indices()?;
    c.add(indices.len() as u64);
    for i in indices.iter() {
        c.add(u64::from(i));
    }
    let weights = n.weights()?;
    c.add(weights.len() as u64);
    for w in weights.iter() {
        c.add(u64::from(w.to_bits()));
    }
    Ok(c.finish())
}

fn pick_numeric(n: &NumericBatchView<'_>) -> zerowire::Result<u64> {
    let values = n.values()?;
    values
        .get(values.len() / 2)
        .map(f64::to_bits)
        .ok_or_else(|| zerowire::Error::new(zerowire::ErrorKind::OutOfBounds, 0))
}

macro_rules! blob_checksum {
    ($checksum:ident, $pick:ident, $view:ident, $($payload:tt)*) => {
        /// Every field of a blob view, in the model checksum's order.
        pub fn $checksum(b: &$view<'_>) -> zerowire::Result<u64> {
            let mut c = Checksum::new();
            c.add(b.id());
            c.add(b.name()?.len() as u64);
            c.add(b.content_type()?.len() as u64);
            c.add(b.created_ns() as u64);
            let metadata = b.metadata()?;
            c.add(metadata.len() as u64);
            for (k, v) in metadata.iter() {
                c.add(k?.len() as u64);
                c.add(v?.len() as u64);
            }
            data::bytes_checksum_into(&b.digest(), &mut c);
            data::bytes_checksum_into(b.payload()?$($payload)*, &mut c);
            Ok(c.finish())
        }

        fn $pick(b: &$view<'_>) -> zerowire::Result<u64> {
            Ok(data::blob_access_of(b.payload()?$($payload)*))
        }
    };
}

blob_checksum!(checksum_blob, pick_blob, BlobView,);
blob_checksum!(checksum_blob_vec_u8, pick_blob_vec_u8, BlobVecU8View, .as_bytes());

/// [`checksum_blob`] through the validated view.
pub fn checksum_blob_valid(b: &BlobView<'_, Validated>) -> u64 {
    let mut c = Checksum::new();
    c.add(b.id());
    c.add(b.name().len() as u64);
    c.add(b.content_type().len() as u64);
    c.add(b.created_ns() as u64);
    let metadata = b.metadata();
    c.add(metadata.len() as u64);
    for (k, v) in metadata.iter() {
        c.add(k.len() as u64);
        c.add(v.len() as u64);
    }
    data::bytes_checksum_into(&b.digest(), &mut c);
    data::bytes_checksum_into(b.payload(), &mut c);
    c.finish()
}

fn pick_blob_valid(b: &BlobView<'_, Validated>) -> Option<u64> {
    Some(data::blob_access_of(b.payload()))
}

fn comment_into(x: &CommentView<'_>, c: &mut Checksum) -> zerowire::Result<()> {
    c.add(x.id());
    c.add(x.author()?.len() as u64);
    c.add(x.body()?.len() as u64);
    c.add(x.score() as u64);
    let replies = x.replies()?;
    c.add(replies.len() as u64);
    for r in replies.iter() {
        comment_into(&r, c)?;
    }
    Ok(())
}

/// Every field of a comment thread view, in the model checksum's order
/// (pre-order, recursively).
pub fn checksum_comment(x: &CommentView<'_>) -> zerowire::Result<u64> {
    let mut c = Checksum::new();
    comment_into(x, &mut c)?;
    Ok(c.finish())
}

fn pick_comment(x: &CommentView<'_>) -> zerowire::Result<u64> {
    let mut x = *x;
    while let Some(first) = x.replies()?.get(0) {
        x = first;
    }
    Ok(x.id())
}

fn comment_into_valid(x: &CommentView<'_, Validated>, c: &mut Checksum) {
    c.add(x.id());
    c.add(x.author().len() as u64);
    c.add(x.body().len() as u64);
    c.add(x.score() as u64);
    let replies = x.replies();
    c.add(replies.len() as u64);
    for r in replies.iter() {
        comment_into_valid(&r, c);
    }
}

/// [`checksum_comment`] through the validated view.
pub fn checksum_comment_valid(x: &CommentView<'_, Validated>) -> u64 {
    let mut c = Checksum::new();
    comment_into_valid(x, &mut c);
    c.finish()
}

fn pick_comment_valid(x: &CommentView<'_, Validated>) -> Option<u64> {
    let mut x = *x;
    while let Some(first) = x.replies().get(0) {
        x = first;
    }
    Some(x.id())
}

// ---- the uniform interface ------------------------------------------------------

/// zerowire in the [`Format`] / [`ZeroCopy`] interface: `access` and
/// `read_all` through the lazily checked view (`zerowire::view`, O(1) open);
/// the `zerowire_validated` column runs the eager tier (`zerowire::validate`)
/// first.
#[derive(Debug, Clone, Copy)]
pub struct Zerowire;

/// Implements [`Format`] and [`ZeroCopy`] for one data set: model type,
/// mirror type, checksum over a view, one-field read over a view.
macro_rules! zerowire_format {
    ($model:ty, $mirror:ty, $checksum:path, $pick:path, $checksum_valid:path, $pick_valid:path) => {
        impl Format<$model> for Zerowire {
            const NAME: &'static str = "zerowire";
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
                zerowire::encode(m)
            }
            fn scratch() -> Vec<u8> {
                Vec::new()
            }
            #[inline]
            fn encode_reuse<'s>(m: &$mirror, buf: &'s mut Vec<u8>) -> &'s [u8] {
                buf.clear();
                zerowire::encode_into(m, buf);
                buf
            }
            #[inline]
            fn decode(bytes: &Vec<u8>, _: &mut Vec<u8>) -> $mirror {
                zerowire::decode(bytes).expect("valid zerowire message")
            }
            #[inline]
            fn access(bytes: &Vec<u8>) -> u64 {
                $pick(&zerowire::view::<$mirror>(bytes).expect("valid header")).expect("valid message")
            }
            #[inline]
            fn read_all(bytes: &Vec<u8>) -> u64 {
                $checksum(&zerowire::view::<$mirror>(bytes).expect("valid header")).expect("valid message")
            }
        }

        impl ZeroCopy<$model> for Zerowire {
            const ALT: &'static str = "zerowire_validated";
            #[inline]
            fn validate(bytes: &Vec<u8>) -> bool {
                zerowire::validate::<$mirror>(bytes).is_ok()
            }
            #[inline]
            fn access_alt(bytes: &Vec<u8>) -> u64 {
                $pick_valid(&zerowire::validate::<$mirror>(bytes).expect("valid message")).expect("in range")
            }
            #[inline]
            fn read_all_alt(bytes: &Vec<u8>) -> u64 {
                $checksum_valid(&zerowire::validate::<$mirror>(bytes).expect("valid message"))
            }
        }
    };
}

fn pick_request(r: &RequestView<'_>) -> zerowire::Result<u64> {
    Ok(r.id())
}

fn pick_request_valid(r: &RequestView<'_, Validated>) -> Option<u64> {
    Some(r.id())
}

fn pick_log_batch_valid(b: &LogBatchView<'_, Validated>) -> Option<u64> {
    let records = b.records();
    Some(u64::from(records.get(records.len() / 2)?.latency_us()))
}

fn pick_log_batch(b: &LogBatchView<'_>) -> zerowire::Result<u64> {
    let records = b.records()?;
    let r = records.get(records.len() / 2).ok_or_else(|| zerowire::Error::new(zerowire::ErrorKind::OutOfBounds, 0))?;
    Ok(u64::from(r.latency_us()))
}

mirror_via_from!(Request, LogBatch);

zerowire_format!(data::Request, Request, checksum_request, pick_request, checksum_request_valid, pick_request_valid);
zerowire_format!(
    data::LogBatch,
    LogBatch,
    checksum_log_batch,
    pick_log_batch,
    checksum_log_batch_valid,
    pick_log_batch_valid
);
zerowire_format!(
    data::TelemetryExport,
    TelemetryExport,
    checksum_telemetry,
    pick_telemetry,
    checksum_telemetry_valid,
    pick_telemetry_valid
);
zerowire_format!(
    data::NumericBatch,
    NumericBatch,
    checksum_numeric,
    pick_numeric,
    checksum_numeric_valid,
    pick_numeric_valid
);
zerowire_format!(data::Blob, Blob, checksum_blob, pick_blob, checksum_blob_valid, pick_blob_valid);
zerowire_format!(data::Comment, Comment, checksum_comment, pick_comment, checksum_comment_valid, pick_comment_valid);

/// zerowire on the large data set with the payload as a `Vec<u8>`
/// ([`BlobVecU8`]) instead of `bytes::Bytes`: same bytes, other encoder path.
#[derive(Debug, Clone, Copy)]
pub struct ZerowireVecU8;

impl Format<data::Blob> for ZerowireVecU8 {
    const NAME: &'static str = "zerowire_vec_u8";
    type Mirror = BlobVecU8;
    type Encoded = Vec<u8>;
    type Scratch = Vec<u8>;
    fn mirror(model: &data::Blob) -> BlobVecU8 {
        Mirror::from_model(model)
    }
    fn model(m: BlobVecU8) -> data::Blob {
        Mirror::into_model(m)
    }
    fn encode(m: &BlobVecU8) -> Vec<u8> {
        zerowire::encode(m)
    }
    fn scratch() -> Vec<u8> {
        Vec::new()
    }
    #[inline]
    fn encode_reuse<'s>(m: &BlobVecU8, buf: &'s mut Vec<u8>) -> &'s [u8] {
        buf.clear();
        zerowire::encode_into(m, buf);
        buf
    }
    #[inline]
    fn decode(bytes: &Vec<u8>, _: &mut Vec<u8>) -> BlobVecU8 {
        zerowire::decode(bytes).expect("valid zerowire message")
    }
    #[inline]
    fn access(bytes: &Vec<u8>) -> u64 {
        pick_blob_vec_u8(&zerowire::view::<BlobVecU8>(bytes).expect("valid header")).expect("valid message")
    }
    #[inline]
    fn read_all(bytes: &Vec<u8>) -> u64 {
        checksum_blob_vec_u8(&zerowire::view::<BlobVecU8>(bytes).expect("valid header")).expect("valid message")
    }
}
