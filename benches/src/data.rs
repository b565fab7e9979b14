//! Benchmark data sets as plain Rust "model" types, generated deterministically:
//! [`Request`] ([`request`]), [`LogBatch`] ([`log_batch`]), [`IntlLogBatch`]
//! ([`intl_log_batch`]), [`TelemetryExport`] ([`telemetry`]), [`NumericBatch`]
//! ([`numeric`]), [`Blob`] ([`blob`]) and a [`Comment`] thread
//! ([`comment_thread`]), each with a reference checksum over every field.
//!
//! The model types know nothing about any wire format. Every peer format has
//! its own mirror types (see [`crate::peers`]) with `From` conversions to and
//! from these, so all peers are measured on exactly the same values.
//!
//! Generation uses a tiny self-written PRNG ([`SplitMix64`]) so the data is
//! identical on every machine and every run for a given seed.

use std::collections::BTreeMap;

/// The seed the benchmarks and the `sizes` binary use.
pub const SEED: u64 = 0x5EED_2E20_317E_0001;

/// Number of records in the large benchmark message.
pub const LOG_BATCH_RECORDS: usize = 10_000;

/// HTTP-like method of a [`Request`] (a C-like enum).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

impl Method {
    /// All variants, in discriminant order.
    pub const ALL: [Method; 5] = [Method::Get, Method::Put, Method::Post, Method::Delete, Method::Patch];

    /// Stable numeric code (0..=4) used by the checksums and the wire mirrors.
    pub fn code(self) -> u64 {
        match self {
            Method::Get => 0,
            Method::Put => 1,
            Method::Post => 2,
            Method::Delete => 3,
            Method::Patch => 4,
        }
    }
}

/// A small RPC request (about 100-200 bytes encoded).
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// Random request id (full 64-bit range).
    pub id: u64,
    /// User id, `< 1_000_000`.
    pub user_id: u64,
    /// Nanoseconds since the Unix epoch (~1.7e18).
    pub timestamp_ns: i64,
    /// Request method.
    pub method: Method,
    /// Request path, e.g. `/v1/orders/12345/items`.
    pub path: String,
    /// Client identifier, e.g. `ios-app/4.12.1`.
    pub client: String,
    /// Distributed trace id (present ~70% of the time).
    pub trace_id: Option<u64>,
    /// Priority, `0..10`.
    pub priority: u32,
    /// Whether this is a retry.
    pub retry: bool,
    /// Zero to three short tags.
    pub tags: Vec<String>,
}

/// Severity of a [`LogRecord`] (a C-like enum).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

impl Level {
    /// All variants, in discriminant order.
    pub const ALL: [Level; 5] = [Level::Trace, Level::Debug, Level::Info, Level::Warn, Level::Error];

    /// Stable numeric code (0..=4) used by the checksums and the wire mirrors.
    pub fn code(self) -> u64 {
        match self {
            Level::Trace => 0,
            Level::Debug => 1,
            Level::Info => 2,
            Level::Warn => 3,
            Level::Error => 4,
        }
    }
}

/// One log line of a [`LogBatch`].
#[derive(Debug, Clone, PartialEq)]
pub struct LogRecord {
    /// Nanoseconds since the Unix epoch.
    pub timestamp_ns: i64,
    /// Severity.
    pub level: Level,
    /// Message text, 20-120 ASCII chars made of words from a fixed list.
    pub message: String,
    /// Host name, e.g. `web-07`.
    pub host: String,
    /// Latency in microseconds.
    pub latency_us: u32,
    /// HTTP-like status code.
    pub status: u16,
    /// Span id (present ~60% of the time).
    pub span_id: Option<u64>,
}

/// A large message: a batch of log records (~1 MB encoded with 10_000 records).
#[derive(Debug, Clone, PartialEq)]
pub struct LogBatch {
    /// Name of the shipping agent.
    pub source: String,
    /// Batch sequence number.
    pub seq: u64,
    /// The records.
    pub records: Vec<LogRecord>,
}

/// splitmix64: a tiny, fast, well-distributed PRNG (public domain, Vigna).
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform-ish value in `0..n` (`n > 0`; the modulo bias is irrelevant here).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// Uniform-ish value in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// `true` with probability `percent / 100`.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// A random element of `items` (non-empty).
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

const RESOURCES: &[&str] = &["orders", "users", "carts", "items", "payments", "invoices", "sessions", "accounts"];
const SUBRESOURCES: &[&str] = &["items", "status", "history", "lines", "notes", "events"];
const CLIENTS: &[&str] = &["ios-app", "android", "web-spa", "curl", "billing-svc", "search-svc", "cron-runner"];
const TAGS: &[&str] = &["beta", "canary", "internal", "eu", "us", "mobile", "batch", "gzip"];
const WORDS: &[&str] = &[
    "request",
    "completed",
    "failed",
    "user",
    "order",
    "cache",
    "miss",
    "hit",
    "upstream",
    "timeout",
    "retrying",
    "connection",
    "reset",
    "by",
    "peer",
    "for",
    "in",
    "ms",
    "handler",
    "started",
    "finished",
    "payload",
    "too",
    "large",
    "token",
    "expired",
    "refreshing",
    "session",
    "db",
    "query",
    "slow",
    "rows",
    "returned",
    "queue",
    "depth",
    "rebalancing",
    "partition",
    "leader",
    "elected",
    "shard",
    "checkpoint",
    "written",
    "gc",
    "pause",
    "tls",
    "handshake",
    "ok",
    "error",
    "warning",
    "id",
];
const STATUSES: &[u16] = &[200, 200, 200, 200, 201, 204, 301, 304, 400, 404, 429, 500, 503];

/// Base timestamp: 2023-11-14T22:13:20Z in nanoseconds.
const BASE_TS_NS: i64 = 1_700_000_000_000_000_000;
/// One day in nanoseconds.
const DAY_NS: u64 = 86_400_000_000_000;

/// One deterministic [`Request`] for `seed`.
pub fn request(seed: u64) -> Request {
    gen_request(&mut SplitMix64::new(seed))
}

/// `n` deterministic, distinct [`Request`]s for `seed`.
pub fn requests(n: usize, seed: u64) -> Vec<Request> {
    let mut rng = SplitMix64::new(seed);
    (0..n).map(|_| gen_request(&mut rng)).collect()
}

fn gen_request(rng: &mut SplitMix64) -> Request {
    let id = rng.next_u64();
    let user_id = rng.below(1_000_000);
    let timestamp_ns = BASE_TS_NS + rng.below(DAY_NS) as i64;
    let method = rng.pick(&Method::ALL);
    let version = rng.range(1, 2);
    let resource = rng.pick(RESOURCES);
    let number = rng.range(1_000, 9_999_999);
    let path = if rng.chance(50) {
        let sub = rng.pick(SUBRESOURCES);
        format!("/v{version}/{resource}/{number}/{sub}")
    } else {
        format!("/v{version}/{resource}/{number}")
    };
    let client = format!("{}/{}.{}.{}", rng.pick(CLIENTS), rng.range(1, 12), rng.below(30), rng.below(10));
    let trace_id = rng.chance(70).then(|| rng.next_u64());
    let priority = rng.below(10) as u32;
    let retry = rng.chance(12);
    let tags = (0..rng.below(4)).map(|_| rng.pick(TAGS).to_owned()).collect();
    Request { id, user_id, timestamp_ns, method, path, client, trace_id, priority, retry, tags }
}

/// A deterministic [`LogBatch`] with `n_records` records for `seed`.
pub fn log_batch(n_records: usize, seed: u64) -> LogBatch {
    let mut rng = SplitMix64::new(seed);
    let source = format!("collector-{}.eu-west-{}.logs.internal", rng.below(16), rng.range(1, 3));
    let seq = rng.below(1 << 40);
    let mut ts = BASE_TS_NS + rng.below(DAY_NS) as i64;
    let records = (0..n_records)
        .map(|_| {
            ts += rng.range(1_000, 2_000_000) as i64;
            gen_record(&mut rng, ts)
        })
        .collect();
    LogBatch { source, seq, records }
}

fn gen_record(rng: &mut SplitMix64, timestamp_ns: i64) -> LogRecord {
    // Mostly INFO, some DEBUG/WARN, few TRACE/ERROR.
    let level = match rng.below(100) {
        0..=4 => Level::Trace,
        5..=24 => Level::Debug,
        25..=84 => Level::Info,
        85..=95 => Level::Warn,
        _ => Level::Error,
    };
    let target = rng.range(20, 120) as usize;
    let mut message = String::with_capacity(target + 16);
    while message.len() < target {
        if !message.is_empty() {
            message.push(' ');
        }
        message.push_str(rng.pick(WORDS));
    }
    message.truncate(target);
    let host = format!("web-{:02}", rng.below(48));
    // Long-tailed latency: usually sub-10ms, sometimes seconds.
    let latency_us = if rng.chance(95) { rng.range(50, 10_000) as u32 } else { rng.range(10_000, 5_000_000) as u32 };
    let status = rng.pick(STATUSES);
    let span_id = rng.chance(60).then(|| rng.next_u64());
    LogRecord { timestamp_ns, level, message, host, latency_us, status, span_id }
}

// ---- non-ASCII log batch ------------------------------------------------------

/// A [`LogBatch`] whose text is mostly not ASCII: messages of Cyrillic, CJK
/// and emoji words (two to four bytes a character), hosts and source named
/// in Cyrillic. The schema is the log batch's, so every peer writes and reads
/// it with its log batch mirrors; only the strings' bytes differ, which is
/// what the set measures (the UTF-8 check past the ASCII fast path).
#[derive(Debug, Clone, PartialEq)]
pub struct IntlLogBatch(pub LogBatch);

const INTL_WORDS: &[&str] = &[
    "запрос",
    "выполнен",
    "ошибка",
    "пользователь",
    "заказ",
    "кэш",
    "промах",
    "тайм-аут",
    "соединение",
    "сброшено",
    "повтор",
    "请求",
    "完成",
    "失败",
    "用户",
    "订单",
    "缓存",
    "超时",
    "连接",
    "リクエスト",
    "完了",
    "キャッシュ",
    "🚀",
    "✅",
    "❌",
    "🔥",
    "📦",
    "мс",
];

/// A deterministic [`IntlLogBatch`] with `n_records` records for `seed`:
/// the records of [`log_batch`] (same timestamps, levels, numbers) with
/// non-ASCII text of 20-120 bytes (whole characters).
pub fn intl_log_batch(n_records: usize, seed: u64) -> IntlLogBatch {
    let mut b = log_batch(n_records, seed);
    let mut rng = SplitMix64::new(seed ^ 0x1A7E_7E27);
    b.source = format!("сборщик-{}.запад-{}.журналы", rng.below(16), rng.range(1, 3));
    for r in &mut b.records {
        let target = rng.range(20, 120) as usize;
        r.message.clear();
        while r.message.len() < target {
            if !r.message.is_empty() {
                r.message.push(' ');
            }
            r.message.push_str(rng.pick(INTL_WORDS));
        }
        r.host = format!("узел-{:02}", rng.below(48));
    }
    IntlLogBatch(b)
}

// ---- telemetry export (OpenTelemetry-like) ---------------------------------

/// Kind of a [`Span`] (OpenTelemetry `SpanKind`, a C-like enum).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpanKind {
    /// SPAN_KIND_UNSPECIFIED
    Unspecified,
    /// SPAN_KIND_INTERNAL
    Internal,
    /// SPAN_KIND_SERVER
    Server,
    /// SPAN_KIND_CLIENT
    Client,
    /// SPAN_KIND_PRODUCER
    Producer,
    /// SPAN_KIND_CONSUMER
    Consumer,
}

impl SpanKind {
    /// All variants, in discriminant order.
    pub const ALL: [SpanKind; 6] = [
        SpanKind::Unspecified,
        SpanKind::Internal,
        SpanKind::Server,
        SpanKind::Client,
        SpanKind::Producer,
        SpanKind::Consumer,
    ];

    /// Stable numeric code (0..=5).
    pub fn code(self) -> u64 {
        self as u64
    }
}

/// Status code of a [`Span`] (OpenTelemetry `Status.code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusCode {
    /// STATUS_CODE_UNSET
    Unset,
    /// STATUS_CODE_OK
    Ok,
    /// STATUS_CODE_ERROR
    Error,
}

impl StatusCode {
    /// All variants, in discriminant order.
    pub const ALL: [StatusCode; 3] = [StatusCode::Unset, StatusCode::Ok, StatusCode::Error];

    /// Stable numeric code (0..=2).
    pub fn code(self) -> u64 {
        self as u64
    }
}

/// An attribute value: a union of string, integer, double and boolean
/// (OpenTelemetry `AnyValue` without arrays and nested maps).
#[derive(Debug, Clone, PartialEq)]
pub enum AttrValue {
    /// A string, e.g. `http.method = "GET"`.
    Str(String),
    /// A signed integer, e.g. `http.status_code = 200`.
    Int(i64),
    /// A double, e.g. `db.rows_fraction = 0.25` (dyadic: exact in every JSON parser).
    Double(f64),
    /// A boolean.
    Bool(bool),
}

attr_value_checksum!();

/// Attribute map: key -> value, ordered by key.
pub type Attributes = BTreeMap<String, AttrValue>;

/// Status of a [`Span`] (a nested message).
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    /// The code.
    pub code: StatusCode,
    /// A message, empty unless the code is `Error`.
    pub message: String,
}

/// A timestamped event inside a [`Span`].
#[derive(Debug, Clone, PartialEq)]
pub struct SpanEvent {
    /// Nanoseconds since the Unix epoch.
    pub time_ns: u64,
    /// Event name, e.g. `exception`.
    pub name: String,
    /// Zero to two attributes.
    pub attributes: Attributes,
}

/// One span.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// 16-byte trace id.
    pub trace_id: [u8; 16],
    /// Span id.
    pub span_id: u64,
    /// Parent span id (absent for root spans, ~20%).
    pub parent_span_id: Option<u64>,
    /// Operation name, e.g. `GET /v1/orders/{id}`.
    pub name: String,
    /// Span kind.
    pub kind: SpanKind,
    /// Start, nanoseconds since the Unix epoch.
    pub start_ns: u64,
    /// End, nanoseconds since the Unix epoch.
    pub end_ns: u64,
    /// Three to nine attributes (strings, integers, doubles, booleans).
    pub attributes: Attributes,
    /// Zero to three events.
    pub events: Vec<SpanEvent>,
    /// Status (a nested message).
    pub status: Status,
}

/// The spans of one instrumentation scope (library).
#[derive(Debug, Clone, PartialEq)]
pub struct ScopeSpans {
    /// Scope name, e.g. `opentelemetry.instrumentation.http`.
    pub scope_name: String,
    /// Scope version.
    pub scope_version: String,
    /// The spans.
    pub spans: Vec<Span>,
}

/// The spans of one resource (service instance).
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceSpans {
    /// Resource attributes (`service.name`, `host.name`, ...).
    pub resource: Attributes,
    /// Schema URL.
    pub schema_url: String,
    /// One entry per instrumentation scope.
    pub scopes: Vec<ScopeSpans>,
}

/// A telemetry export request (OpenTelemetry `ExportTraceServiceRequest`-like):
/// nested lists of spans with attribute maps, events and a status.
#[derive(Debug, Clone, PartialEq)]
pub struct TelemetryExport {
    /// One entry per resource.
    pub resources: Vec<ResourceSpans>,
}

/// Shape of a generated [`TelemetryExport`].
#[derive(Debug, Clone, Copy)]
pub struct TelemetryShape {
    /// Number of resources (at least 2: `access` reads resource 1).
    pub resources: usize,
    /// Scopes per resource (at least 1).
    pub scopes: usize,
    /// Spans per scope (at least [`TELEMETRY_ACCESS`]`.2 + 1`).
    pub spans: usize,
}

/// The benchmark shape: 3 resources x 3 scopes x 50 spans = 450 spans.
pub const TELEMETRY_SHAPE: TelemetryShape = TelemetryShape { resources: 3, scopes: 3, spans: 50 };

/// The span whose `end_ns` every peer's `access` reads: `resources[1].scopes[0].spans[25]`.
pub const TELEMETRY_ACCESS: (usize, usize, usize) = (1, 0, 25);

const SERVICES: &[&str] = &["checkout", "cart", "payments", "search", "inventory", "gateway", "auth"];
const SCOPES: &[&str] = &[
    "opentelemetry.instrumentation.http",
    "opentelemetry.instrumentation.grpc",
    "opentelemetry.instrumentation.sqlx",
    "opentelemetry.instrumentation.redis",
    "opentelemetry.instrumentation.kafka",
];
const ATTR_KEYS: &[&str] = &[
    "http.method",
    "http.route",
    "http.status_code",
    "net.peer.name",
    "net.peer.port",
    "db.system",
    "db.statement",
    "db.rows_fraction",
    "rpc.service",
    "messaging.destination",
    "user.id",
    "cache.hit",
    "retry.count",
    "payload.size",
];
const EVENT_NAMES: &[&str] = &["exception", "message", "retry", "cache.miss", "checkpoint"];

fn gen_attr_value(rng: &mut SplitMix64) -> AttrValue {
    match rng.below(10) {
        0..=4 => {
            let mut s = String::new();
            for i in 0..rng.range(1, 4) {
                if i > 0 {
                    s.push(if rng.chance(50) { '/' } else { '.' });
                }
                s.push_str(rng.pick(WORDS));
            }
            AttrValue::Str(s)
        }
        5..=7 => AttrValue::Int(rng.below(100_000) as i64 - 1_000),
        8 => AttrValue::Double(rng.below(1 << 20) as f64 / 256.0),
        _ => AttrValue::Bool(rng.chance(50)),
    }
}

fn gen_attributes(rng: &mut SplitMix64, lo: u64, hi: u64) -> Attributes {
    (0..rng.range(lo, hi)).map(|_| (rng.pick(ATTR_KEYS).to_owned(), gen_attr_value(rng))).collect()
}

fn gen_span(rng: &mut SplitMix64, trace_id: [u8; 16], t0: u64) -> Span {
    let start_ns = t0 + rng.below(1_000_000_000);
    let end_ns = start_ns + rng.range(10_000, 500_000_000);
    let kind = SpanKind::ALL[rng.below(6) as usize];
    let resource = rng.pick(RESOURCES);
    let name = match kind {
        SpanKind::Server | SpanKind::Client => format!("{} /v1/{resource}/{{id}}", rng.pick(&["GET", "POST", "PUT"])),
        _ => format!("{resource}.{}", rng.pick(WORDS)),
    };
    let events = (0..rng.below(4))
        .map(|_| SpanEvent {
            time_ns: start_ns + rng.below(end_ns - start_ns),
            name: rng.pick(EVENT_NAMES).to_owned(),
            attributes: gen_attributes(rng, 0, 2),
        })
        .collect();
    let code = match rng.below(20) {
        0..=11 => StatusCode::Unset,
        12..=18 => StatusCode::Ok,
        _ => StatusCode::Error,
    };
    let message =
        if code == StatusCode::Error { format!("{} {}", rng.pick(WORDS), rng.pick(WORDS)) } else { String::new() };
    Span {
        trace_id,
        span_id: rng.next_u64(),
        parent_span_id: rng.chance(80).then(|| rng.next_u64()),
        name,
        kind,
        start_ns,
        end_ns,
        attributes: gen_attributes(rng, 3, 9),
        events,
        status: Status { code, message },
    }
}

/// A deterministic [`TelemetryExport`] of the given shape for `seed`.
pub fn telemetry(shape: TelemetryShape, seed: u64) -> TelemetryExport {
    let mut rng = SplitMix64::new(seed);
    let t0 = BASE_TS_NS as u64 + rng.below(DAY_NS);
    let mut trace_id = [0u8; 16];
    let resources = (0..shape.resources)
        .map(|_| {
            let service = rng.pick(SERVICES);
            let mut resource = Attributes::new();
            resource.insert("service.name".into(), AttrValue::Str(service.into()));
            resource.insert("service.version".into(), AttrValue::Str(format!("1.{}.{}", rng.below(20), rng.below(10))));
            resource.insert("host.name".into(), AttrValue::Str(format!("{service}-{:02}", rng.below(48))));
            resource.insert("process.pid".into(), AttrValue::Int(rng.range(100, 65_000) as i64));
            resource.insert("telemetry.sdk.language".into(), AttrValue::Str("rust".into()));
            let scopes = (0..shape.scopes)
                .map(|_| ScopeSpans {
                    scope_name: rng.pick(SCOPES).to_owned(),
                    scope_version: format!("0.{}.{}", rng.below(30), rng.below(5)),
                    spans: (0..shape.spans)
                        .map(|_| {
                            // A new trace every few spans.
                            if rng.chance(25) || trace_id == [0; 16] {
                                trace_id[..8].copy_from_slice(&rng.next_u64().to_le_bytes());
                                trace_id[8..].copy_from_slice(&rng.next_u64().to_le_bytes());
                            }
                            gen_span(&mut rng, trace_id, t0)
                        })
                        .collect(),
                })
                .collect();
            ResourceSpans { resource, schema_url: "https://opentelemetry.io/schemas/1.21.0".into(), scopes }
        })
        .collect();
    TelemetryExport { resources }
}

/// The reference checksums of the owned data sets: the walk every peer
/// with owned mirrors shares (`owned_checksums!`, `src/checksums.rs`).
#[allow(unreachable_pub)] // the macro writes `pub fn`s, public in the peers
mod reference {
    use super::*;
    owned_checksums!();
}

/// Reference checksum of a [`TelemetryExport`]: every field of every span
/// (strings by length, the trace id by its two halves).
pub fn telemetry_checksum(t: &TelemetryExport) -> u64 {
    reference::checksum_telemetry(t)
}

/// The first 8 bytes of a trace id, little-endian.
#[inline]
pub fn trace_id_lo(id: &[u8]) -> u64 {
    u64::from_le_bytes(id[..8].try_into().expect("16-byte trace id"))
}

/// The last 8 bytes of a trace id, little-endian.
#[inline]
pub fn trace_id_hi(id: &[u8]) -> u64 {
    u64::from_le_bytes(id[8..16].try_into().expect("16-byte trace id"))
}

/// What every peer's `access` returns for a telemetry export: the `end_ns` of
/// the span at [`TELEMETRY_ACCESS`].
pub fn telemetry_access(t: &TelemetryExport) -> u64 {
    reference::pick_telemetry(t)
}

// ---- numeric batch ----------------------------------------------------------

/// A 3-component `f32` vector (an inline struct in zerowire).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Vec3 {
    /// x
    pub x: f32,
    /// y
    pub y: f32,
    /// z
    pub z: f32,
}

/// A numeric batch: a time series (timestamps and `f64` values) and a
/// triangle mesh (`f32` vertices, `u32` indices, `f32` weights).
#[derive(Debug, Clone, PartialEq)]
pub struct NumericBatch {
    /// Series id.
    pub series_id: u64,
    /// Series name.
    pub name: String,
    /// Sample timestamps, nanoseconds since the Unix epoch, increasing.
    pub timestamps_ns: Vec<i64>,
    /// Sample values, a random walk in steps of 1/256 (dyadic, so every
    /// JSON parser reads back the exact value).
    pub values: Vec<f64>,
    /// Mesh vertices (coordinates in steps of 1/64).
    pub vertices: Vec<Vec3>,
    /// Triangle vertex indices, three per triangle.
    pub indices: Vec<u32>,
    /// One weight per vertex, in `[0, 1)`.
    pub weights: Vec<f32>,
}

/// Shape of a generated [`NumericBatch`].
#[derive(Debug, Clone, Copy)]
pub struct NumericShape {
    /// Time series samples.
    pub samples: usize,
    /// Mesh vertices.
    pub vertices: usize,
    /// Mesh triangles.
    pub triangles: usize,
}

/// The benchmark shape: 8,192 samples, 4,096 vertices, 8,192 triangles (~300 KB).
pub const NUMERIC_SHAPE: NumericShape = NumericShape { samples: 8_192, vertices: 4_096, triangles: 8_192 };

/// A deterministic [`NumericBatch`] of the given shape for `seed`.
pub fn numeric(shape: NumericShape, seed: u64) -> NumericBatch {
    let mut rng = SplitMix64::new(seed);
    let series_id = rng.next_u64();
    let name = format!("{}.{}.p99", rng.pick(SERVICES), rng.pick(RESOURCES));
    let mut ts = BASE_TS_NS + rng.below(DAY_NS) as i64;
    let mut v = rng.below(1 << 16) as f64 / 256.0;
    let mut timestamps_ns = Vec::with_capacity(shape.samples);
    let mut values = Vec::with_capacity(shape.samples);
    for _ in 0..shape.samples {
        ts += rng.range(990_000_000, 1_010_000_000) as i64;
        v += (rng.below(513) as i64 - 256) as f64 / 256.0;
        timestamps_ns.push(ts);
        values.push(v);
    }
    let coord = |rng: &mut SplitMix64| (rng.below(1 << 16) as i64 - (1 << 15)) as f32 / 64.0;
    let vertices =
        (0..shape.vertices).map(|_| Vec3 { x: coord(&mut rng), y: coord(&mut rng), z: coord(&mut rng) }).collect();
    let indices = (0..shape.triangles * 3).map(|_| rng.below(shape.vertices as u64) as u32).collect();
    let weights = (0..shape.vertices).map(|_| rng.below(1 << 16) as f32 / 65_536.0).collect();
    NumericBatch { series_id, name, timestamps_ns, values, vertices, indices, weights }
}

/// Reference checksum of a [`NumericBatch`]: every element (floats by bits).
pub fn numeric_checksum(n: &NumericBatch) -> u64 {
    reference::checksum_numeric(n)
}

/// What every peer's `access` returns for a numeric batch: the bits of
/// `values[len / 2]`.
pub fn numeric_access(n: &NumericBatch) -> u64 {
    n.values[n.values.len() / 2].to_bits()
}

// ---- deep nesting: a comment thread --------------------------------------------

/// One comment of a discussion thread, with its replies: a recursive
/// message. The data set's value is the thread's root (the post itself).
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    /// Comment id (snowflake-like: milliseconds since the Unix epoch in the
    /// high bits, 22 random low bits).
    pub id: u64,
    /// Author handle, e.g. `cache_miss_42`.
    pub author: String,
    /// Text, 20-200 ASCII chars made of words from a fixed list.
    pub body: String,
    /// Votes, mostly small, sometimes negative.
    pub score: i32,
    /// Direct replies, oldest first.
    pub replies: Vec<Comment>,
}

impl Comment {
    /// Levels of comments from this one down to its deepest reply (1 for a
    /// comment without replies).
    pub fn depth(&self) -> usize {
        1 + self.replies.iter().map(Comment::depth).max().unwrap_or(0)
    }

    /// This comment and all its replies, recursively.
    pub fn count(&self) -> usize {
        1 + self.replies.iter().map(Comment::count).sum::<usize>()
    }
}

/// Shape of a generated comment thread ([`comment_thread`]).
#[derive(Debug, Clone, Copy)]
pub struct ThreadShape {
    /// Levels of comments, the root (the post) included: the first reply
    /// chain reaches exactly this deep, the others less (at least 2).
    pub depth: usize,
    /// Top-level replies to the post, each the head of a reply chain.
    pub threads: usize,
}

/// The benchmark shape: 24 levels, 12 top-level threads (about 420
/// comments, 65 KB in zerowire). 24 is deep for a real discussion and shallow enough
/// for every peer's default nesting limit (zerowire counts one level per
/// comment here: a list of messages adds the level, its elements none).
pub const THREAD_SHAPE: ThreadShape = ThreadShape { depth: 24, threads: 12 };

const HANDLES: &[&str] = &["cache", "tls", "shard", "queue", "leader", "token", "gc", "upstream", "rust", "ops"];

/// A deterministic comment thread of the given shape for `seed`: a post whose
/// `threads` replies each head a chain of replies (the first one reaching
/// `shape.depth` levels), every comment of a chain with zero to two side
/// replies of one or two levels.
pub fn comment_thread(shape: ThreadShape, seed: u64) -> Comment {
    assert!(shape.depth >= 2 && shape.threads >= 1, "a thread has a post and at least one reply");
    let mut rng = SplitMix64::new(seed);
    let mut ms = BASE_TS_NS as u64 / 1_000_000 + rng.below(DAY_NS / 1_000_000);
    let mut post = gen_comment(&mut rng, &mut ms);
    post.replies = (0..shape.threads)
        .map(|i| {
            let reach = if i == 0 { shape.depth } else { rng.range(3, shape.depth as u64) as usize };
            gen_chain(&mut rng, &mut ms, 2, reach, shape.depth)
        })
        .collect();
    post
}

/// A comment at `level` whose first reply continues the chain down to level
/// `reach`, with side replies (short chains without side replies of their own).
fn gen_chain(rng: &mut SplitMix64, ms: &mut u64, level: usize, reach: usize, depth: usize) -> Comment {
    let mut c = gen_comment(rng, ms);
    if level < reach {
        c.replies.push(gen_chain(rng, ms, level + 1, reach, depth));
    }
    if level < depth {
        for _ in 0..rng.below(3) {
            let short = (level + 1 + rng.below(2) as usize).min(depth);
            c.replies.push(gen_short(rng, ms, level + 1, short));
        }
    }
    c
}

fn gen_short(rng: &mut SplitMix64, ms: &mut u64, level: usize, reach: usize) -> Comment {
    let mut c = gen_comment(rng, ms);
    if level < reach {
        c.replies.push(gen_short(rng, ms, level + 1, reach));
    }
    c
}

/// A comment without replies, posted 1 ms to 5 s after the previous one (`ms`).
fn gen_comment(rng: &mut SplitMix64, ms: &mut u64) -> Comment {
    *ms += rng.range(1, 5_000);
    let id = *ms << 22 | rng.below(1 << 22);
    let author = format!("{}_{}_{}", rng.pick(HANDLES), rng.pick(WORDS), rng.below(1_000));
    let target = rng.range(20, 200) as usize;
    let mut body = String::with_capacity(target + 16);
    while body.len() < target {
        if !body.is_empty() {
            body.push(' ');
        }
        body.push_str(rng.pick(WORDS));
    }
    body.truncate(target);
    // Mostly a handful of votes, a few popular comments, some downvoted.
    let score = match rng.below(20) {
        0..=1 => -(rng.range(1, 30) as i32),
        2 => rng.range(100, 5_000) as i32,
        _ => rng.below(40) as i32,
    };
    Comment { id, author, body, score, replies: Vec::new() }
}

/// Reference checksum of a comment thread: every field of every comment, in
/// pre-order (a comment, then its replies; strings by length).
pub fn comment_checksum(c: &Comment) -> u64 {
    reference_comment::checksum_comment(c)
}

/// What every peer's `access` returns for a comment thread: the id of the
/// comment reached by following the first reply from the root down to a
/// comment without replies (the deepest chain of the thread).
pub fn comment_access(c: &Comment) -> u64 {
    reference_comment::pick_comment(c)
}

/// The comment walks every peer with owned mirrors shares (`comment_checksums!`).
#[allow(unreachable_pub)] // the macro writes `pub fn`s, public in the peers
mod reference_comment {
    use super::*;
    comment_checksums!();
}

// ---- large message ------------------------------------------------------------

/// Payload length of the benchmark's [`Blob`]: 1 MiB.
pub const BLOB_PAYLOAD_LEN: usize = 1 << 20;

/// A large message: a 1 MiB opaque payload (e.g. a file chunk or an image)
/// with metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Blob {
    /// Object id.
    pub id: u64,
    /// Object name, e.g. `uploads/2023/11/14/3f9a.bin`.
    pub name: String,
    /// MIME type.
    pub content_type: String,
    /// Creation time, nanoseconds since the Unix epoch.
    pub created_ns: i64,
    /// Eight string-to-string metadata entries.
    pub metadata: BTreeMap<String, String>,
    /// SHA-256-sized digest of the payload (random here).
    pub digest: [u8; 32],
    /// The payload: pseudo-random bytes (incompressible, like compressed or
    /// encrypted content).
    pub payload: Vec<u8>,
}

/// A deterministic [`Blob`] with a `payload_len`-byte payload for `seed`.
pub fn blob(payload_len: usize, seed: u64) -> Blob {
    let mut rng = SplitMix64::new(seed);
    let id = rng.next_u64();
    let name = format!("uploads/2023/11/{:02}/{:016x}.bin", rng.range(1, 30), rng.next_u64());
    let content_type =
        rng.pick(&["application/octet-stream", "image/webp", "application/zstd", "video/mp4"]).to_owned();
    let created_ns = BASE_TS_NS + rng.below(DAY_NS) as i64;
    let metadata = (0..8)
        .map(|i| (format!("x-meta-{}-{i}", rng.pick(WORDS)), format!("{}-{}", rng.pick(WORDS), rng.below(100_000))))
        .collect();
    let mut digest = [0u8; 32];
    for chunk in digest.chunks_mut(8) {
        chunk.copy_from_slice(&rng.next_u64().to_le_bytes());
    }
    let mut payload = Vec::with_capacity(payload_len + 8);
    while payload.len() < payload_len {
        payload.extend_from_slice(&rng.next_u64().to_le_bytes());
    }
    payload.truncate(payload_len);
    Blob { id, name, content_type, created_ns, metadata, digest, payload }
}

/// Mixes a byte string into `c` as the large message's checksum reads one:
/// its length, its first and last byte (a reader that has the slice has read
/// the field; summing 1 MiB would time the summing loop, the same for all).
#[inline]
pub fn bytes_checksum_into(b: &[u8], c: &mut Checksum) {
    c.add(b.len() as u64);
    c.add(b.first().map_or(0, |&x| u64::from(x) + 1));
    c.add(b.last().map_or(0, |&x| u64::from(x) + 1));
}

/// Reference checksum of a [`Blob`]: every field (strings by length, the
/// digest and the payload by [`bytes_checksum_into`]).
pub fn blob_checksum(b: &Blob) -> u64 {
    reference::checksum_blob(b)
}

/// What every peer's `access` returns for a blob: the payload's length plus
/// its middle byte (the field is the payload; reading it is getting the slice).
pub fn blob_access(b: &Blob) -> u64 {
    blob_access_of(&b.payload)
}

/// [`blob_access`] on a payload slice, for the peers.
#[inline]
pub fn blob_access_of(payload: &[u8]) -> u64 {
    payload.len() as u64 + u64::from(payload[payload.len() / 2])
}

/// Order-sensitive checksum accumulator that every peer's `read_all` feeds in
/// the same field order, so results of all peers can be compared.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Checksum(u64);

impl Checksum {
    /// A fresh accumulator.
    pub fn new() -> Self {
        Self(0)
    }

    /// Mixes one value in.
    #[inline]
    pub fn add(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    /// Mixes an optional value in: presence, then the value if present.
    #[inline]
    pub fn add_opt(&mut self, v: Option<u64>) {
        match v {
            Some(v) => {
                self.add(1);
                self.add(v);
            }
            None => self.add(0),
        }
    }

    /// The checksum so far.
    pub fn finish(self) -> u64 {
        self.0
    }
}

/// Reference checksum of a [`Request`]: every field, strings by length.
pub fn request_checksum(r: &Request) -> u64 {
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

/// Reference checksum of a [`LogBatch`]: every field of every record.
pub fn log_batch_checksum(b: &LogBatch) -> u64 {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic() {
        assert_eq!(request(7), request(7));
        assert_ne!(request(7), request(8));
        assert_eq!(log_batch(100, 1), log_batch(100, 1));
    }

    #[test]
    fn shapes() {
        for r in requests(1_000, 3) {
            assert!(r.user_id < 1_000_000);
            assert!(r.priority < 10);
            assert!(r.tags.len() <= 3);
            assert!((11..=40).contains(&r.path.len()), "{}", r.path);
            assert!((8..=24).contains(&r.client.len()), "{}", r.client);
        }
        let b = log_batch(1_000, 3);
        assert_eq!(b.records.len(), 1_000);
        for r in &b.records {
            assert!((20..=120).contains(&r.message.len()));
            assert_eq!(r.host.len(), 6);
        }
        let IntlLogBatch(b) = intl_log_batch(1_000, 3);
        let text: usize = b.records.iter().map(|r| r.message.len() + r.host.len()).sum();
        let ascii: usize =
            b.records.iter().map(|r| r.message.bytes().chain(r.host.bytes()).filter(u8::is_ascii).count()).sum();
        assert!(ascii * 4 < text, "mostly non-ASCII: {ascii} of {text} bytes are ASCII");
    }

    #[test]
    fn comment_thread_shape() {
        let t = comment_thread(THREAD_SHAPE, SEED);
        assert_eq!(t, comment_thread(THREAD_SHAPE, SEED));
        assert_eq!(t.depth(), THREAD_SHAPE.depth);
        assert_eq!(t.replies.len(), THREAD_SHAPE.threads);
        assert_eq!(t.replies[0].depth(), THREAD_SHAPE.depth - 1, "the first chain reaches the bottom");
        assert!((300..=600).contains(&t.count()), "{} comments", t.count());
        // The access path is the deepest chain.
        let mut c = &t;
        let mut levels = 1;
        while let Some(first) = c.replies.first() {
            c = first;
            levels += 1;
        }
        assert_eq!((levels, comment_access(&t)), (THREAD_SHAPE.depth, c.id));
        // Every comment is different, scores go both ways, some have siblings.
        let mut all = Vec::new();
        let mut stack = vec![&t];
        while let Some(c) = stack.pop() {
            assert!((20..=200).contains(&c.body.len()));
            all.push(c);
            stack.extend(&c.replies);
        }
        let mut ids: Vec<u64> = all.iter().map(|c| c.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all.len());
        assert!(all.iter().any(|c| c.score < 0) && all.iter().any(|c| c.score > 100));
        assert!(all.iter().any(|c| c.replies.len() >= 3));
        // The checksum sees a change deep down.
        let mut changed = t.clone();
        let mut c = &mut changed;
        while !c.replies.is_empty() {
            c = &mut c.replies[0];
        }
        c.score += 1;
        assert_ne!(comment_checksum(&changed), comment_checksum(&t));
    }
}
