//! rkyv 0.8 (zero-copy archives) with the `bytecheck` validation feature.
//!
//! Alignment: an rkyv archive must be read from memory aligned to the largest
//! alignment of its archived types (8 here, for `u64_le`); `rkyv::access` and
//! `rkyv::from_bytes` return an error on misaligned input. Encoding therefore
//! produces an [`AlignedVec`] (16-byte aligned), and bytes received from a
//! socket must be copied into one before they can be read.
//!
//! `rkyv::access` (validated) runs bytecheck over the *whole* archive, so even
//! reading one field costs a full pass; `rkyv::access_unchecked` is O(1) but
//! `unsafe`. It is only offered here through [`Encoded`], whose bytes are by
//! construction the output of `rkyv::to_bytes` for its type.

// The benches crate is the one place in the workspace where `unsafe` is
// allowed, and only in this module, for `rkyv::access_unchecked` (see
// `Encoded::archived_unchecked`).
#![allow(unsafe_code)]

use std::marker::PhantomData;
use std::ops::Deref;

use rkyv::rancor::Error;
use rkyv::util::AlignedVec;
use rkyv::{Archive, Deserialize, Serialize};

use std::collections::BTreeMap;

use super::{Format, Mirror, ZeroCopy};
use crate::data::Checksum;

/// rkyv mirror of [`crate::data::Method`].
#[derive(Archive, Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
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

/// rkyv mirror of [`crate::data::Level`].
#[derive(Archive, Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
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

/// rkyv mirror of [`crate::data::Request`].
#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq)]
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

/// rkyv mirror of [`crate::data::LogRecord`].
#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq)]
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

/// rkyv mirror of [`crate::data::LogBatch`].
#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct LogBatch {
    /// See [`crate::data::LogBatch::source`].
    pub source: String,
    /// See [`crate::data::LogBatch::seq`].
    pub seq: u64,
    /// See [`crate::data::LogBatch::records`].
    pub records: Vec<LogRecord>,
}

// ---- the trusted encoded buffer ---------------------------------------------

/// The bytes of an archived `T`, produced by `rkyv::to_bytes` of a `T` in this
/// process. That invariant is what makes [`Encoded::archived_unchecked`] sound:
/// the only constructors are this module's `encode_*` functions, and the bytes
/// are never exposed mutably.
pub struct Encoded<T> {
    bytes: AlignedVec,
    _type: PhantomData<fn() -> T>,
}

impl<T> Encoded<T> {
    /// The encoded bytes (16-byte aligned).
    pub fn bytes(&self) -> &AlignedVec {
        &self.bytes
    }

    /// Gives the buffer back, e.g. to reuse its allocation for the next encode.
    pub fn into_inner(self) -> AlignedVec {
        self.bytes
    }
}

impl<T> Deref for Encoded<T> {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.bytes
    }
}

impl<T> Clone for Encoded<T> {
    fn clone(&self) -> Self {
        Self { bytes: self.bytes.clone(), _type: PhantomData }
    }
}

impl<T> std::fmt::Debug for Encoded<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoded").field("type", &std::any::type_name::<T>()).field("len", &self.bytes.len()).finish()
    }
}

impl<T: Archive> Encoded<T>
where
    T::Archived: rkyv::Portable,
{
    /// The archived root without validation, O(1).
    pub fn archived_unchecked(&self) -> &T::Archived {
        // SAFETY: `self.bytes` was produced by `rkyv::to_bytes` /
        // `rkyv::api::high::to_bytes_in` for a value of type `T`, in this same
        // process (same rkyv version, endianness and layout), and has not been
        // modified since (`Encoded` never hands out `&mut` access to it). It is
        // an `AlignedVec<16>`, so the root is suitably aligned.
        unsafe { rkyv::access_unchecked::<T::Archived>(&self.bytes) }
    }
}

/// Serializes `value` into `buf` (cleared first), reusing its allocation.
/// rkyv's scratch arena is thread-local and reused by rkyv itself.
fn encode_in<T>(value: &T, mut buf: AlignedVec) -> Encoded<T>
where
    T: for<'a> Serialize<rkyv::api::high::HighSerializer<AlignedVec, rkyv::ser::allocator::ArenaHandle<'a>, Error>>,
{
    buf.clear();
    let bytes = rkyv::api::high::to_bytes_in::<_, Error>(value, buf)
        .expect("rkyv serialization into an AlignedVec does not fail");
    Encoded { bytes, _type: PhantomData }
}

// ---- conversions -----------------------------------------------------------

same_shape_conversions!();

/// Numeric code of an archived [`Method`] (same as [`crate::data::Method::code`]).
pub fn method_code(m: &ArchivedMethod) -> u64 {
    match m {
        ArchivedMethod::Get => 0,
        ArchivedMethod::Put => 1,
        ArchivedMethod::Post => 2,
        ArchivedMethod::Delete => 3,
        ArchivedMethod::Patch => 4,
    }
}

/// Numeric code of an archived [`Level`] (same as [`crate::data::Level::code`]).
pub fn level_code(l: &ArchivedLevel) -> u64 {
    match l {
        ArchivedLevel::Trace => 0,
        ArchivedLevel::Debug => 1,
        ArchivedLevel::Info => 2,
        ArchivedLevel::Warn => 3,
        ArchivedLevel::Error => 4,
    }
}

// ---- Request ---------------------------------------------------------------

/// Serializes with `rkyv::to_bytes` into a fresh [`AlignedVec`].
pub fn encode_request(m: &Request) -> Encoded<Request> {
    encode_in(m, AlignedVec::new())
}

/// Serializes into `buf` (cleared first), reusing its allocation; get `buf`
/// back from a previous result with [`Encoded::into_inner`].
pub fn encode_request_in(m: &Request, buf: AlignedVec) -> Encoded<Request> {
    encode_in(m, buf)
}

/// Validates and deserializes an owned [`Request`] (`rkyv::from_bytes`).
///
/// # Panics
/// If `bytes` is invalid or not 8-byte aligned.
pub fn decode_request(bytes: &[u8]) -> Request {
    rkyv::from_bytes::<Request, Error>(bytes).expect("valid, aligned rkyv Request")
}

/// Validates the whole archive (`rkyv::access`) and returns the root.
///
/// # Panics
/// If `bytes` is invalid or not 8-byte aligned.
pub fn validate_request(bytes: &[u8]) -> &ArchivedRequest {
    rkyv::access::<ArchivedRequest, Error>(bytes).expect("valid, aligned rkyv Request")
}

/// Reads `id` through the validated view.
pub fn access_request(bytes: &[u8]) -> u64 {
    validate_request(bytes).id.to_native()
}

/// Reads `id` through the unchecked view, O(1).
pub fn access_request_unchecked(enc: &Encoded<Request>) -> u64 {
    enc.archived_unchecked().id.to_native()
}

/// Checksum over every field of an archived [`Request`], read in place.
pub fn checksum_request(r: &ArchivedRequest) -> u64 {
    let mut c = Checksum::new();
    c.add(r.id.to_native());
    c.add(r.user_id.to_native());
    c.add(r.timestamp_ns.to_native() as u64);
    c.add(method_code(&r.method));
    c.add(r.path.len() as u64);
    c.add(r.client.len() as u64);
    c.add_opt(r.trace_id.as_ref().map(|v| v.to_native()));
    c.add(u64::from(r.priority.to_native()));
    c.add(u64::from(r.retry));
    c.add(r.tags.len() as u64);
    for t in r.tags.iter() {
        c.add(t.len() as u64);
    }
    c.finish()
}

/// Validates, then touches every field in place.
pub fn read_all_request(bytes: &[u8]) -> u64 {
    checksum_request(validate_request(bytes))
}

/// Touches every field in place without validation.
pub fn read_all_request_unchecked(enc: &Encoded<Request>) -> u64 {
    checksum_request(enc.archived_unchecked())
}

// ---- LogBatch --------------------------------------------------------------

/// Serializes with `rkyv::to_bytes` into a fresh [`AlignedVec`].
pub fn encode_log_batch(m: &LogBatch) -> Encoded<LogBatch> {
    encode_in(m, AlignedVec::new())
}

/// Serializes into `buf` (cleared first), reusing its allocation.
pub fn encode_log_batch_in(m: &LogBatch, buf: AlignedVec) -> Encoded<LogBatch> {
    encode_in(m, buf)
}

/// Validates and deserializes an owned [`LogBatch`] (`rkyv::from_bytes`).
///
/// # Panics
/// If `bytes` is invalid or not 8-byte aligned.
pub fn decode_log_batch(bytes: &[u8]) -> LogBatch {
    rkyv::from_bytes::<LogBatch, Error>(bytes).expect("valid, aligned rkyv LogBatch")
}

/// Validates the whole archive (`rkyv::access`) and returns the root.
///
/// # Panics
/// If `bytes` is invalid or not 8-byte aligned.
pub fn validate_log_batch(bytes: &[u8]) -> &ArchivedLogBatch {
    rkyv::access::<ArchivedLogBatch, Error>(bytes).expect("valid, aligned rkyv LogBatch")
}

/// Reads `records[index].latency_us` through the validated view (validation
/// is O(size) even though the read is O(1)).
///
/// # Panics
/// If `index` is out of range.
pub fn access_log_batch(bytes: &[u8], index: usize) -> u32 {
    validate_log_batch(bytes).records[index].latency_us.to_native()
}

/// Reads `records[index].latency_us` through the unchecked view, O(1).
///
/// # Panics
/// If `index` is out of range.
pub fn access_log_batch_unchecked(enc: &Encoded<LogBatch>, index: usize) -> u32 {
    enc.archived_unchecked().records[index].latency_us.to_native()
}

/// Checksum over every field of every record of an archived [`LogBatch`].
pub fn checksum_log_batch(b: &ArchivedLogBatch) -> u64 {
    let mut c = Checksum::new();
    c.add(b.source.len() as u64);
    c.add(b.seq.to_native());
    c.add(b.records.len() as u64);
    for r in b.records.iter() {
        c.add(r.timestamp_ns.to_native() as u64);
        c.add(level_code(&r.level));
        c.add(r.message.len() as u64);
        c.add(r.host.len() as u64);
        c.add(u64::from(r.latency_us.to_native()));
        c.add(u64::from(r.status.to_native()));
        c.add_opt(r.span_id.as_ref().map(|v| v.to_native()));
    }
    c.finish()
}

/// Validates, then touches every field in place.
pub fn read_all_log_batch(bytes: &[u8]) -> u64 {
    checksum_log_batch(validate_log_batch(bytes))
}

/// Touches every field in place without validation.
pub fn read_all_log_batch_unchecked(enc: &Encoded<LogBatch>) -> u64 {
    checksum_log_batch(enc.archived_unchecked())
}

// ---- telemetry, numeric, large -------------------------------------------------

/// rkyv mirror of [`crate::data::SpanKind`].
#[derive(Archive, Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
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

/// rkyv mirror of [`crate::data::StatusCode`].
#[derive(Archive, Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusCode {
    /// See the model.
    Unset,
    /// See the model.
    Ok,
    /// See the model.
    Error,
}

/// rkyv mirror of [`crate::data::AttrValue`].
#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq)]
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

/// rkyv mirror of [`crate::data::Status`].
#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Status {
    /// See the model.
    pub code: StatusCode,
    /// See the model.
    pub message: String,
}

/// rkyv mirror of [`crate::data::SpanEvent`].
#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct SpanEvent {
    /// See the model.
    pub time_ns: u64,
    /// See the model.
    pub name: String,
    /// See the model.
    pub attributes: BTreeMap<String, AttrValue>,
}

/// rkyv mirror of [`crate::data::Span`].
#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq)]
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

/// rkyv mirror of [`crate::data::ScopeSpans`].
#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct ScopeSpans {
    /// See the model.
    pub scope_name: String,
    /// See the model.
    pub scope_version: String,
    /// See the model.
    pub spans: Vec<Span>,
}

/// rkyv mirror of [`crate::data::ResourceSpans`].
#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct ResourceSpans {
    /// See the model.
    pub resource: BTreeMap<String, AttrValue>,
    /// See the model.
    pub schema_url: String,
    /// See the model.
    pub scopes: Vec<ScopeSpans>,
}

/// rkyv mirror of [`crate::data::TelemetryExport`].
#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct TelemetryExport {
    /// See the model.
    pub resources: Vec<ResourceSpans>,
}

/// rkyv mirror of [`crate::data::Vec3`].
#[derive(Archive, Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
pub struct Vec3 {
    /// See the model.
    pub x: f32,
    /// See the model.
    pub y: f32,
    /// See the model.
    pub z: f32,
}

/// rkyv mirror of [`crate::data::NumericBatch`].
#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq)]
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

/// rkyv mirror of [`crate::data::Blob`].
#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq)]
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

/// rkyv mirror of [`crate::data::Comment`]: a recursive type, so the
/// derive's bounds on `replies` are left out (`omit_bounds`) and the ones
/// `Vec` needs are written by hand (rkyv's documented way, its
/// `json_like_schema` example).
#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[rkyv(serialize_bounds(
    __S: rkyv::ser::Writer + rkyv::ser::Allocator,
    __S::Error: rkyv::rancor::Source,
))]
#[rkyv(deserialize_bounds(__D::Error: rkyv::rancor::Source))]
#[rkyv(bytecheck(bounds(__C: rkyv::validation::ArchiveContext, __C::Error: rkyv::rancor::Source)))]
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
    #[rkyv(omit_bounds)]
    pub replies: Vec<Comment>,
}

mirror_enum!(SpanKind { Unspecified, Internal, Server, Client, Producer, Consumer });
mirror_enum!(StatusCode { Unset, Ok, Error });
mirror_attr_value!();
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

/// Numeric code of an archived [`SpanKind`].
pub fn span_kind_code(k: &ArchivedSpanKind) -> u64 {
    match k {
        ArchivedSpanKind::Unspecified => 0,
        ArchivedSpanKind::Internal => 1,
        ArchivedSpanKind::Server => 2,
        ArchivedSpanKind::Client => 3,
        ArchivedSpanKind::Producer => 4,
        ArchivedSpanKind::Consumer => 5,
    }
}

/// Numeric code of an archived [`StatusCode`].
pub fn status_code_code(k: &ArchivedStatusCode) -> u64 {
    match k {
        ArchivedStatusCode::Unset => 0,
        ArchivedStatusCode::Ok => 1,
        ArchivedStatusCode::Error => 2,
    }
}

fn attributes_into(
    a: &rkyv::collections::btree_map::ArchivedBTreeMap<rkyv::string::ArchivedString, ArchivedAttrValue>,
    c: &mut Checksum,
) {
    c.add(a.len() as u64);
    for (k, v) in a.iter() {
        c.add(k.len() as u64);
        match v {
            ArchivedAttrValue::Str(s) => {
                c.add(0);
                c.add(s.len() as u64);
            }
            ArchivedAttrValue::Int(i) => {
                c.add(1);
                c.add(i.to_native() as u64);
            }
            ArchivedAttrValue::Double(d) => {
                c.add(2);
                c.add(d.to_native().to_bits());
            }
            ArchivedAttrValue::Bool(b) => {
                c.add(3);
                c.add(u64::from(*b));
            }
        }
    }
}

/// Every field of an archived telemetry export, in the model checksum's order.
pub fn checksum_telemetry(t: &ArchivedTelemetryExport) -> u64 {
    let mut c = Checksum::new();
    c.add(t.resources.len() as u64);
    for r in t.resources.iter() {
        attributes_into(&r.resource, &mut c);
        c.add(r.schema_url.len() as u64);
        c.add(r.scopes.len() as u64);
        for s in r.scopes.iter() {
            c.add(s.scope_name.len() as u64);
            c.add(s.scope_version.len() as u64);
            c.add(s.spans.len() as u64);
            for sp in s.spans.iter() {
                c.add(crate::data::trace_id_lo(&sp.trace_id));
                c.add(crate::data::trace_id_hi(&sp.trace_id));
                c.add(sp.span_id.to_native());
                c.add_opt(sp.parent_span_id.as_ref().map(|v| v.to_native()));
                c.add(sp.name.len() as u64);
                c.add(span_kind_code(&sp.kind));
                c.add(sp.start_ns.to_native());
                c.add(sp.end_ns.to_native());
                attributes_into(&sp.attributes, &mut c);
                c.add(sp.events.len() as u64);
                for e in sp.events.iter() {
                    c.add(e.time_ns.to_native());
                    c.add(e.name.len() as u64);
                    attributes_into(&e.attributes, &mut c);
                }
                c.add(status_code_code(&sp.status.code));
                c.add(sp.status.message.len() as u64);
            }
        }
    }
    c.finish()
}

fn pick_telemetry(t: &ArchivedTelemetryExport) -> u64 {
    let (r, s, i) = crate::data::TELEMETRY_ACCESS;
    t.resources[r].scopes[s].spans[i].end_ns.to_native()
}

/// Every element of an archived numeric batch, in the model checksum's order.
pub fn checksum_numeric(n: &ArchivedNumericBatch) -> u64 {
    let mut c = Checksum::new();
    c.add(n.series_id.to_native());
    c.add(n.name.len() as u64);
    c.add(n.timestamps_ns.len() as u64);
    for t in n.timestamps_ns.iter() {
        c.add(t.to_native() as u64);
    }
    c.add(n.values.len() as u64);
    for v in n.values.iter() {
        c.add(v.to_native().to_bits());
    }
    c.add(n.vertices.len() as u64);
    for p in n.vertices.iter() {
        c.add(u64::from(p.x.to_native().to_bits()));
        c.add(u64::from(p.y.to_native().to_bits()));
        c.add(u64::from(p.z.to_native().to_bits()));
    }
    c.add(n.indices.len() as u64);
    for i in n.indices.iter() {
        c.add(u64::from(i.to_native()));
    }
    c.add(n.weights.len() as u64);
    for w in n.weights.iter() {
        c.add(u64::from(w.to_native().to_bits()));
    }
    c.finish()
}

fn pick_numeric(n: &ArchivedNumericBatch) -> u64 {
    n.values[n.values.len() / 2].to_native().to_bits()
}

/// Every field of an archived blob, in the model checksum's order.
pub fn checksum_blob(b: &ArchivedBlob) -> u64 {
    let mut c = Checksum::new();
    c.add(b.id.to_native());
    c.add(b.name.len() as u64);
    c.add(b.content_type.len() as u64);
    c.add(b.created_ns.to_native() as u64);
    c.add(b.metadata.len() as u64);
    for (k, v) in b.metadata.iter() {
        c.add(k.len() as u64);
        c.add(v.len() as u64);
    }
    crate::data::bytes_checksum_into(&b.digest, &mut c);
    crate::data::bytes_checksum_into(b.payload.as_slice(), &mut c);
    c.finish()
}

fn pick_blob(b: &ArchivedBlob) -> u64 {
    crate::data::blob_access_of(b.payload.as_slice())
}

fn comment_into(x: &ArchivedComment, c: &mut Checksum) {
    c.add(x.id.to_native());
    c.add(x.author.len() as u64);
    c.add(x.body.len() as u64);
    c.add(x.score.to_native() as u64);
    c.add(x.replies.len() as u64);
    for r in x.replies.iter() {
        comment_into(r, c);
    }
}

/// Every field of an archived comment thread, in the model checksum's order.
pub fn checksum_comment(x: &ArchivedComment) -> u64 {
    let mut c = Checksum::new();
    comment_into(x, &mut c);
    c.finish()
}

fn pick_comment(x: &ArchivedComment) -> u64 {
    let mut x = x;
    while let Some(first) = x.replies.first() {
        x = first;
    }
    x.id.to_native()
}

fn pick_request(r: &ArchivedRequest) -> u64 {
    r.id.to_native()
}

fn pick_log_batch(b: &ArchivedLogBatch) -> u64 {
    u64::from(b.records[b.records.len() / 2].latency_us.to_native())
}

// ---- the uniform interface ------------------------------------------------------

/// rkyv in the [`Format`] / [`ZeroCopy`] interface: `access` and `read_all`
/// through `rkyv::access` (bytecheck validates the whole archive first, so
/// even one field costs a full pass); the `rkyv_unchecked` column uses
/// `access_unchecked` (no checks at all; sound only on trusted bytes, see
/// [`Encoded`]). `decode` is `rkyv::from_bytes` (validate, then deserialize).
#[derive(Debug, Clone, Copy)]
pub struct Rkyv;

macro_rules! rkyv_format {
    ($model:ty, $mirror:ident, $archived:ident, $checksum:path, $pick:path) => {
        impl Format<$model> for Rkyv {
            const NAME: &'static str = "rkyv";
            type Mirror = $mirror;
            type Encoded = Encoded<$mirror>;
            type Scratch = AlignedVec;
            fn mirror(model: &$model) -> $mirror {
                Mirror::from_model(model)
            }
            fn model(m: $mirror) -> $model {
                Mirror::into_model(m)
            }
            fn encode(m: &$mirror) -> Encoded<$mirror> {
                encode_in(m, AlignedVec::new())
            }
            fn scratch() -> AlignedVec {
                AlignedVec::new()
            }
            #[inline]
            fn encode_reuse<'s>(m: &$mirror, buf: &'s mut AlignedVec) -> &'s [u8] {
                *buf = encode_in(m, std::mem::take(buf)).into_inner();
                buf
            }
            #[inline]
            fn decode(bytes: &Encoded<$mirror>, _: &mut AlignedVec) -> $mirror {
                rkyv::from_bytes::<$mirror, Error>(bytes).expect("valid, aligned rkyv archive")
            }
            #[inline]
            fn access(bytes: &Encoded<$mirror>) -> u64 {
                $pick(rkyv::access::<$archived, Error>(bytes).expect("valid, aligned rkyv archive"))
            }
            #[inline]
            fn read_all(bytes: &Encoded<$mirror>) -> u64 {
                $checksum(rkyv::access::<$archived, Error>(bytes).expect("valid, aligned rkyv archive"))
            }
        }

        impl ZeroCopy<$model> for Rkyv {
            const ALT: &'static str = "rkyv_unchecked";
            #[inline]
            fn validate(bytes: &Encoded<$mirror>) -> bool {
                rkyv::access::<$archived, Error>(bytes).is_ok()
            }
            #[inline]
            fn access_alt(bytes: &Encoded<$mirror>) -> u64 {
                $pick(bytes.archived_unchecked())
            }
            #[inline]
            fn read_all_alt(bytes: &Encoded<$mirror>) -> u64 {
                $checksum(bytes.archived_unchecked())
            }
        }
    };
}

rkyv_format!(crate::data::Request, Request, ArchivedRequest, checksum_request, pick_request);
rkyv_format!(crate::data::LogBatch, LogBatch, ArchivedLogBatch, checksum_log_batch, pick_log_batch);
rkyv_format!(
    crate::data::TelemetryExport,
    TelemetryExport,
    ArchivedTelemetryExport,
    checksum_telemetry,
    pick_telemetry
);
rkyv_format!(crate::data::NumericBatch, NumericBatch, ArchivedNumericBatch, checksum_numeric, pick_numeric);
rkyv_format!(crate::data::Blob, Blob, ArchivedBlob, checksum_blob, pick_blob);
rkyv_format!(crate::data::Comment, Comment, ArchivedComment, checksum_comment, pick_comment);
