//! Events through NATS JetStream: an order service publishes `OrderPlaced`
//! events (one subject per symbol), a consumer projects them into net
//! positions per account and symbol.
//!
//! `cargo run --release -p zerowire-examples --features nats --example events`
//!
//! With `NATS_URL` set (`NATS_URL=nats://127.0.0.1:4222`) it uses that
//! server, with JetStream enabled, and replaces its own streams there
//! (`ZW_DEMO_ORDERS`, `ZW_DEMO_ORDERS_DLQ`); without, it starts a
//! `nats-server -js` of its own on a free loopback port (`nats-server` must
//! be on `PATH`: `apt-get install nats-server`) and stops it at the end.
//!
//! What it shows (the code is `zerowire_examples::events`, shared with
//! `tests/events.rs`):
//! - typed publishing through JetStream, binary from the order service and
//!   JSON from a legacy publisher, onto the same subjects;
//! - a durable pull consumer (`zerowire::nats::EventConsumer`) that reads
//!   both as the same validated `Owned<OrderPlaced>`;
//! - a poison message (another service's bytes on the subject) dead-lettered
//!   with the error text in a header, while the projection goes on;
//! - a handler error (the projection's store briefly unavailable) nak'ed
//!   and redelivered after a backoff.

use std::time::Instant;

use async_nats::jetstream;
use zerowire::Message;
use zerowire::nats::{ERROR_HEADER, SUBJECT_HEADER};
use zerowire_examples::events::{self, DLQ_STREAM};
use zerowire_examples::services::{Error, OrderPlaced};

// The test suite's server guard, shared rather than copied.
use zerowire_test_support::nats_server;

/// Events the order service publishes (and one more from the legacy one).
const EVENTS: u64 = 10_000;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let (url, _server) = match std::env::var("NATS_URL") {
        Ok(url) => (url, None),
        Err(_) => {
            let server = nats_server::NatsServer::try_start()
                .map_err(|e| format!("{e}\nstart nats-server -js yourself and set NATS_URL, or install it"))?;
            (server.url(), Some(server))
        }
    };
    println!("NATS at {url}; OrderPlaced has type id {}", OrderPlaced::TYPE_ID);
    let js = jetstream::new(async_nats::connect(&url).await?);
    events::create_streams(&js).await?;

    let start = Instant::now();
    events::publish_orders(&js, EVENTS).await?;
    println!("published {} events and 1 poison message in {:?}", EVENTS + 1, start.elapsed());

    let start = Instant::now();
    let p = events::project(&js, EVENTS + 1).await?;
    println!(
        "projected {} events in {:?} ({} nak'ed and redelivered, {} dead-lettered)",
        p.projected,
        start.elapsed(),
        p.naks,
        p.dead_lettered
    );
    for ((account, symbol), qty) in &p.positions {
        println!("  account {account} {symbol:>4}: {qty:+}");
    }

    // The dead letter, with why it was refused.
    let dead = js.get_stream(DLQ_STREAM).await?.get_raw_message(1).await?;
    println!(
        "dead letter from {}: {:?}\n  {}: {}",
        dead.headers.get(SUBJECT_HEADER).map_or("?", |v| v.as_str()),
        String::from_utf8_lossy(&dead.payload),
        ERROR_HEADER,
        dead.headers.get(ERROR_HEADER).map_or("?", |v| v.as_str()),
    );
    let want = events::net((0..=EVENTS).map(events::event));
    assert_eq!(p.positions.values().sum::<i64>(), want, "every event projected once");
    assert_eq!((p.naks, p.dead_lettered), (1, 1), "one nak, one dead letter");
    Ok(())
}
