//! Benchmark data sets as plain Rust "model" types, generated deterministically.
//!
//! The model types know nothing about any wire format. Every peer format has
//! its own mirror types (see [`crate::peers`]) with `From` conversions to and
//! from these, so all peers are measured on exactly the same values.
//!
//! Generation uses a tiny self-written PRNG ([`SplitMix64`]) so the data is
//! identical on every machine and every run for a given seed.

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
    }
}
