//! Events through one local NATS server: publish + consume throughput and
//! end-to-end latency (p50 / p99) of zerowire binary (type in headers, and
//! in the 8-byte envelope) vs prost vs serde_json, on the request and
//! telemetry data sets; and, as counts rather than timings, what the
//! headers cost next to the envelope (bytes on the wire and allocations per
//! message).
//!
//! ```text
//! cargo run --release -p zerowire-benches --bin nats -- all
//! cargo run --release -p zerowire-benches --bin nats -- framing 10000
//! cargo run --release -p zerowire-benches --bin nats -- throughput 200000
//! cargo run --release -p zerowire-benches --bin nats -- latency 20000
//! ```
//!
//! It starts its own `nats-server -js` on a free loopback port (as the
//! tests do), or uses `NATS_URL`. Two client connections, one publishing
//! and one consuming, in one process.
//!
//! - **throughput**: the publisher encodes and publishes `n` events on core
//!   NATS with at most 4,096 events and 8 MiB not yet consumed (so neither
//!   the server nor the client drops a slow consumer's messages); the
//!   consumer reads each one as the application would (zerowire:
//!   `zerowire::nats::decode` to a validated `Owned`, then every field
//!   through the view; prost and serde_json: decode, then every field).
//!   Time from the first publish to the last event read. Each run
//!   publishes only once the server has the subscription (a probe sent on
//!   the consumer's connection came back), and fails, saying how many
//!   events arrived, if one is lost.
//! - **latency**: one event at a time, publish → consumer reads it (as
//!   above) → empty reply → publisher: the round trip through the server,
//!   twice the one-way hop plus the read. 1,000 untimed first.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use async_nats::HeaderMap;
use bytes::Bytes;
use futures_util::StreamExt;
use tokio::sync::Semaphore;
use zerowire::nats::Encoding;
use zerowire_benches::data;
use zerowire_benches::peers::json::JsonSet;
use zerowire_benches::peers::prost_pb::Prost;
use zerowire_benches::peers::zerowire_fmt::{self, Zerowire};
use zerowire_benches::peers::{DataSet, Format, prost_pb};

use zerowire_test_support::nats_server;

/// Counts allocations, for the framing counts (no timing involved).
struct Counting;

static ALLOCS: AtomicU64 = AtomicU64::new(0);

// SAFETY: forwards every call to the system allocator unchanged; the
// counter is a relaxed atomic increment, which does not allocate.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract for `alloc` is `System`'s.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract for `realloc` is `System`'s.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Events not yet consumed, at most, in the throughput run (well under
/// the 65,536 messages an async-nats subscription buffers before it drops
/// them as a slow consumer)...
const WINDOW: usize = 4_096;
/// ...and their payload bytes, at most: nats-server treats a subscriber
/// with more than 64 MiB pending as a slow consumer and drops its messages
/// (4,096 telemetry events would be 655 MB).
const WINDOW_BYTES: usize = 8 << 20;

type Encode = Box<dyn Fn() -> (Option<HeaderMap>, Bytes) + Send + Sync>;
type Consume = fn(Option<&HeaderMap>, Bytes) -> u64;

/// One peer on one data set: how an event is written and how it is read.
struct Case {
    set: &'static str,
    peer: &'static str,
    encode: Encode,
    consume: Consume,
}

fn zerowire_case<D: DataSet>(encoding: Encoding, peer: &'static str, consume: Consume) -> Case
where
    Zerowire: Format<D>,
    <Zerowire as Format<D>>::Mirror: zerowire::Message + serde::Serialize + Send + Sync + 'static,
{
    let m = <Zerowire as Format<D>>::mirror(&D::bench_value());
    Case {
        set: D::NAME,
        peer,
        encode: Box::new(move || zerowire::nats::encode(&m, encoding).expect("encodes")),
        consume,
    }
}

fn prost_case<D: DataSet>(consume: Consume) -> Case
where
    Prost: Format<D>,
    <Prost as Format<D>>::Mirror: prost::Message + Send + Sync + 'static,
{
    let m = <Prost as Format<D>>::mirror(&D::bench_value());
    Case {
        set: D::NAME,
        peer: "prost",
        encode: Box::new(move || (None, Bytes::from(prost::Message::encode_to_vec(&m)))),
        consume,
    }
}

fn json_case<D: JsonSet>() -> Case
where
    D::Json: serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
{
    let m = <D::Json as zerowire_benches::peers::Mirror<D>>::from_model(&D::bench_value());
    Case {
        set: D::NAME,
        peer: "serde_json",
        encode: Box::new(move || (None, Bytes::from(serde_json::to_vec(&m).expect("plain data")))),
        consume: |_, p| D::json_checksum(&serde_json::from_slice::<D::Json>(&p).expect("valid JSON")),
    }
}

fn zw_request(h: Option<&HeaderMap>, p: Bytes) -> u64 {
    let o = zerowire::nats::decode::<zerowire_fmt::Request>(h, p, &zerowire::Limits::default()).expect("valid");
    zerowire_fmt::checksum_request_valid(&o.view())
}

fn zw_telemetry(h: Option<&HeaderMap>, p: Bytes) -> u64 {
    let o = zerowire::nats::decode::<zerowire_fmt::TelemetryExport>(h, p, &zerowire::Limits::default()).expect("valid");
    zerowire_fmt::checksum_telemetry_valid(&o.view())
}

fn cases() -> Vec<Case> {
    use data::{Request, TelemetryExport};
    vec![
        zerowire_case::<Request>(Encoding::BINARY, "zerowire (headers)", zw_request),
        zerowire_case::<Request>(Encoding::BINARY_ENVELOPE, "zerowire (envelope)", zw_request),
        prost_case::<Request>(|_, p| prost_pb::checksum_request(&prost::Message::decode(&p[..]).expect("valid"))),
        json_case::<Request>(),
        zerowire_case::<TelemetryExport>(Encoding::BINARY, "zerowire (headers)", zw_telemetry),
        zerowire_case::<TelemetryExport>(Encoding::BINARY_ENVELOPE, "zerowire (envelope)", zw_telemetry),
        prost_case::<TelemetryExport>(|_, p| {
            prost_pb::checksum_telemetry(&prost::Message::decode(&p[..]).expect("valid"))
        }),
        json_case::<TelemetryExport>(),
    ]
}

async fn publish(client: &async_nats::Client, subject: &str, (h, p): (Option<HeaderMap>, Bytes)) {
    match h {
        Some(h) => client.publish_with_headers(subject.to_owned(), h, p).await,
        None => client.publish(subject.to_owned(), p).await,
    }
    .expect("published");
}

/// How long the reader waits for the next event before it declares the
/// rest lost. The window keeps at most 8 MiB in flight, which a loaded
/// loopback moves in milliseconds: 10 s without an event is a loss.
const STALL: Duration = Duration::from_secs(10);

/// Slow-consumer events the clients reported (async-nats drops a message
/// when a subscription's channel is full and says so with this event).
static SLOW_CONSUMER_EVENTS: AtomicU64 = AtomicU64::new(0);

/// Subscribes `consumer` to `subject` and returns once the server has the
/// subscription, so that events published on another connection reach it.
///
/// `Client::flush` only flushes the socket: the server may not have
/// processed the SUB yet, and events the other connection publishes before
/// it has are routed to nobody. The server handles one connection's
/// operations in order, so an empty probe published on the consumer's own
/// connection comes back only once the subscription is in place.
async fn subscribed(consumer: &async_nats::Client, subject: &str) -> async_nats::Subscriber {
    let mut sub = consumer.subscribe(subject.to_owned()).await.expect("subscribed");
    consumer.publish(subject.to_owned(), Bytes::new()).await.expect("probe published");
    consumer.flush().await.expect("flushed");
    match tokio::time::timeout(STALL, sub.next()).await {
        Ok(Some(probe)) => assert!(probe.payload.is_empty(), "{subject}: an event arrived before the probe"),
        Ok(None) => panic!("{subject}: subscription closed before the probe arrived"),
        Err(_) => panic!("{subject}: the subscription's probe did not come back in {STALL:?}"),
    }
    sub
}

/// Publishes `n` events of `case` and consumes them; the time from the
/// first publish to the last read, and the length of the subject used.
///
/// Panics, with how many events arrived, if one is lost (none arrives for
/// [`STALL`]) or if an event read differs from the one published.
async fn run_stream(
    case: &Case,
    n: usize,
    publisher: &async_nats::Client,
    consumer: &async_nats::Client,
) -> (Duration, usize) {
    // The warm-up and the measured run share the subject (the framing
    // counts include its length); the previous run's reader unsubscribed
    // on the consumer's connection before this SUB, so the server, which
    // handles one connection's operations in order, never delivers this
    // run's events to it.
    let subject = format!("bench.{}.{}", case.set, case.peer.replace(' ', "_"));
    let mut sub = subscribed(consumer, &subject).await;
    let payload_len = (case.encode)().1.len().max(1);
    let credit = Arc::new(Semaphore::new((WINDOW_BYTES / payload_len).clamp(1, WINDOW)));
    let consume = case.consume;
    // What the reader must sum to: every event is the same value.
    let expected = {
        let (h, p) = (case.encode)();
        consume(h.as_ref(), p).wrapping_mul(n as u64)
    };
    let reader = {
        let credit = credit.clone();
        tokio::spawn(async move {
            let mut sum = 0u64;
            for arrived in 0..n {
                let Ok(Some(m)) = tokio::time::timeout(STALL, sub.next()).await else {
                    // Stops the publisher, which may be waiting for credit
                    // the lost events will never return.
                    credit.close();
                    return Err(arrived);
                };
                sum = sum.wrapping_add(consume(m.headers.as_ref(), m.payload));
                credit.add_permits(1);
            }
            // Now rather than on drop: `Subscriber`'s drop sends its
            // unsubscribe from a task of its own, which may reach the
            // connection after the next run's SUB.
            sub.unsubscribe().await.expect("unsubscribed");
            Ok(sum)
        })
    };
    let start = Instant::now();
    for _ in 0..n {
        let Ok(permit) = credit.acquire().await else { break };
        permit.forget();
        publish(publisher, &subject, (case.encode)()).await;
    }
    publisher.flush().await.expect("flushed");
    match reader.await.expect("reader") {
        Ok(sum) => assert_eq!(sum, expected, "{subject}: the events read are not the events published"),
        Err(arrived) => panic!(
            "{subject}: {arrived} of {n} events arrived, then none for {STALL:?}: events were lost \
             (client slow-consumer events: {}; publisher sent {} messages, consumer received {} in all)",
            SLOW_CONSUMER_EVENTS.load(Ordering::Relaxed),
            publisher.statistics().out_messages.load(Ordering::Relaxed),
            consumer.statistics().in_messages.load(Ordering::Relaxed),
        ),
    }
    (start.elapsed(), subject.len())
}

async fn throughput(n: usize, publisher: &async_nats::Client, consumer: &async_nats::Client) {
    println!("\npublish + consume, {n} events each (core NATS, one server on loopback):\n");
    println!("| data set | peer | payload bytes | events/s | MB/s (payload) |");
    println!("|---|---|---:|---:|---:|");
    for case in cases() {
        let len = (case.encode)().1.len();
        run_stream(&case, n.min(1_000), publisher, consumer).await; // warm-up
        let (t, _) = run_stream(&case, n, publisher, consumer).await;
        let rate = n as f64 / t.as_secs_f64();
        println!("| {} | {} | {len} | {:.0} | {:.1} |", case.set, case.peer, rate, rate * len as f64 / 1e6);
    }
}

async fn latency(n: usize, publisher: &async_nats::Client, consumer: &async_nats::Client) {
    println!("\nround trip publish → consumer reads every field → empty reply, {n} events each:\n");
    println!("| data set | peer | p50 µs | p99 µs | max µs |");
    println!("|---|---|---:|---:|---:|");
    for case in cases() {
        let subject = format!("lat.{}.{}", case.set, case.peer.replace(' ', "_"));
        let mut sub = subscribed(consumer, &subject).await;
        let responder = consumer.clone();
        let consume = case.consume;
        let task = tokio::spawn(async move {
            while let Some(m) = sub.next().await {
                std::hint::black_box(consume(m.headers.as_ref(), m.payload));
                if let Some(reply) = m.reply {
                    responder.publish(reply, Bytes::new()).await.expect("replied");
                }
            }
        });
        let mut hist = hdrhistogram::Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).expect("bounds");
        for i in 0..n + 1_000 {
            let start = Instant::now();
            let (h, p) = (case.encode)();
            match h {
                Some(h) => publisher.request_with_headers(subject.clone(), h, p).await,
                None => publisher.request(subject.clone(), p).await,
            }
            .expect("answered");
            if i >= 1_000 {
                hist.record(start.elapsed().as_nanos().max(1) as u64).expect("in bounds");
            }
        }
        task.abort();
        let us = |q: f64| hist.value_at_quantile(q) as f64 / 1e3;
        println!(
            "| {} | {} | {:.1} | {:.1} | {:.1} |",
            case.set,
            case.peer,
            us(0.5),
            us(0.99),
            hist.max() as f64 / 1e3
        );
    }
}

/// Bytes the publisher wrote to its socket and allocations the process
/// made (publisher and consumer together), per event,
/// with the type in headers and in the envelope: counts, not timings.
async fn framing(n: usize, publisher: &async_nats::Client, consumer: &async_nats::Client) {
    println!("\nheaders vs envelope, per event ({n} events published and consumed):\n");
    println!(
        "| data set | framing | payload bytes | bytes written by the publisher | allocations (publish + consume) |"
    );
    println!("|---|---|---:|---:|---:|");
    for case in cases().into_iter().filter(|c| c.peer.starts_with("zerowire")) {
        run_stream(&case, n.min(1_000), publisher, consumer).await; // warm-up
        let out = publisher.statistics().out_bytes.load(Ordering::Relaxed);
        let allocs = ALLOCS.load(Ordering::Relaxed);
        let subject_len = run_stream(&case, n, publisher, consumer).await.1;
        let out = publisher.statistics().out_bytes.load(Ordering::Relaxed) - out;
        let allocs = ALLOCS.load(Ordering::Relaxed) - allocs;
        let (headers, payload) = (case.encode)();
        // async-nats 0.46 adds to `out_bytes` twice per message: the bytes
        // its socket wrote, and payload + subject + number of headers when
        // the message is queued. The socket's share is the wire size.
        let queued = payload.len() + subject_len + headers.map_or(0, |h| h.len());
        let wire = out as f64 / n as f64 - queued as f64;
        println!("| {} | {} | {} | {wire:.1} | {:.1} |", case.set, case.peer, payload.len(), allocs as f64 / n as f64);
    }
}

/// A client that counts the slow-consumer events it reports.
async fn connect(url: &str) -> async_nats::Client {
    async_nats::ConnectOptions::new()
        .event_callback(|event| async move {
            if let async_nats::Event::SlowConsumer(_) = event {
                SLOW_CONSUMER_EVENTS.fetch_add(1, Ordering::Relaxed);
            }
        })
        .connect(url)
        .await
        .expect("connect")
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "all".into());
    let count: Option<usize> = args.next().map(|n| n.parse().expect("a count"));
    let (url, _server) = match std::env::var("NATS_URL") {
        Ok(url) => (url, None),
        Err(_) => {
            let server = nats_server::NatsServer::start();
            (server.url(), Some(server))
        }
    };
    let publisher = connect(&url).await;
    let consumer = connect(&url).await;
    if matches!(what.as_str(), "all" | "framing") {
        framing(count.unwrap_or(10_000), &publisher, &consumer).await;
    }
    if matches!(what.as_str(), "all" | "throughput") {
        throughput(count.unwrap_or(200_000), &publisher, &consumer).await;
    }
    if matches!(what.as_str(), "all" | "latency") {
        latency(count.unwrap_or(20_000), &publisher, &consumer).await;
    }
}
