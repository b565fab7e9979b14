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
