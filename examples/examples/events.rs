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
//! What it shows:
//! - typed publishing through JetStream, binary from the order service and
//!   JSON from a legacy publisher, onto the same subjects;
//! - a durable pull consumer ([`EventConsumer`]) that reads both as the same
//!   validated `Owned<OrderPlaced>`;
//! - a poison message (another service's bytes on the subject) dead-lettered
//!   with the error text in a header, while the projection goes on;
//! - a handler error (the projection's store briefly unavailable) nak'ed
//!   and redelivered after a backoff.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use async_nats::jetstream::{self, consumer::pull, stream};
use zerowire::Message;
use zerowire::nats::{Backoff, ERROR_HEADER, Encoding, EventConsumer, SUBJECT_HEADER, publish_js};
use zerowire_examples::services::{OrderPlaced, Price, Side, system_clock};

// The test suite's server guard, shared rather than copied.
#[path = "../../codec/tests/common/nats_server.rs"]
mod nats_server;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Events the order service publishes.
const EVENTS: u64 = 10_000;
const SYMBOLS: [&str; 4] = ["ZW", "ACME", "INIT", "CORP"];
const STREAM: &str = "ZW_DEMO_ORDERS";
const DLQ_STREAM: &str = "ZW_DEMO_ORDERS_DLQ";
const DLQ_SUBJECT: &str = "zw_demo.orders.dead";

fn event(i: u64) -> OrderPlaced {
    OrderPlaced {
        order_id: i,
        account: 100 + i % 3,
        symbol: SYMBOLS[(i % 4) as usize].to_owned(),
        side: if i % 5 < 3 { Side::Buy } else { Side::Sell },
        quantity: (i % 7 + 1) as u32 * 10,
        limit: Price::cents(10_000 + (i % 50) as i64),
        placed_at_ns: system_clock(),
    }
}

fn subject(symbol: &str) -> String {
    format!("zw_demo.orders.placed.{symbol}")
}

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
    let client = async_nats::connect(&url).await?;
    let js = jetstream::new(client);
    for (name, subjects) in [(STREAM, "zw_demo.orders.placed.>"), (DLQ_STREAM, DLQ_SUBJECT)] {
        let _ = js.delete_stream(name).await;
        js.create_stream(stream::Config { name: name.into(), subjects: vec![subjects.into()], ..Default::default() })
            .await?;
    }

    // The order service: binary events, acknowledgements awaited in windows.
    let start = Instant::now();
    let mut acks = Vec::new();
    for i in 0..EVENTS {
        let e = event(i);
        acks.push(publish_js(&js, subject(&e.symbol), &e, Encoding::BINARY).await?);
        if acks.len() == 1_000 {
            for ack in acks.drain(..) {
                ack.await?;
            }
        }
    }
    for ack in acks {
        ack.await?;
    }
    // Another service's bytes on the subject: a poison message.
    js.publish(subject("ZW"), "{\"not\":\"an order\"}".into()).await?.await?;
    // A legacy publisher that speaks JSON, on the same subjects, after it.
    let legacy = event(EVENTS);
    publish_js(&js, subject(&legacy.symbol), &legacy, Encoding::JSON).await?.await?;
    println!("published {} events and 1 poison message in {:?}", EVENTS + 1, start.elapsed());

    // The projector: a durable consumer, net positions per account and symbol.
    let config = pull::Config { durable_name: Some("positions".into()), ..Default::default() };
    let mut consumer = EventConsumer::<OrderPlaced>::new(&js, STREAM, config, DLQ_SUBJECT)
        .await?
        .backoff(Backoff { first: Duration::from_millis(200), max: Duration::from_secs(2) });
    let mut positions: BTreeMap<(u64, String), i64> = BTreeMap::new();
    let mut projected = 0;
    let mut naks = 0;
    let start = Instant::now();
    while projected < EVENTS + 1 {
        let delivery = consumer.next().await.ok_or("consumer deleted")??;
        let e = delivery.message().view();
        // The store is unavailable the first time order 42 comes: the
        // event is valid, so it is nak'ed and comes back after the backoff.
        if e.order_id() == 42 && delivery.delivered() == 1 {
            naks += 1;
            delivery.nak().await?;
            continue;
        }
        let signed = match e.side() {
            Side::Sell => -(e.quantity() as i64),
            _ => e.quantity() as i64,
        };
        *positions.entry((e.account(), e.symbol()?.to_owned())).or_default() += signed;
        delivery.ack().await?;
        projected += 1;
    }
    println!(
        "projected {projected} events in {:?} ({naks} nak'ed and redelivered, {} dead-lettered)",
        start.elapsed(),
        consumer.dead_lettered()
    );
    for ((account, symbol), qty) in &positions {
        println!("  account {account} {symbol:>4}: {qty:+}");
    }

    // The dead letter, with why it was refused.
    let dlq = js.get_stream(DLQ_STREAM).await?;
    let dead = dlq.get_raw_message(1).await?;
    println!(
        "dead letter from {}: {:?}\n  {}: {}",
        dead.headers.get(SUBJECT_HEADER).map_or("?", |v| v.as_str()),
        String::from_utf8_lossy(&dead.payload),
        ERROR_HEADER,
        dead.headers.get(ERROR_HEADER).map_or("?", |v| v.as_str()),
    );
    let want: i64 = (0..=EVENTS)
        .map(event)
        .map(|e| if e.side == Side::Sell { -(e.quantity as i64) } else { e.quantity as i64 })
        .sum();
    assert_eq!(positions.values().sum::<i64>(), want, "every event projected once");
    assert_eq!((naks, consumer.dead_lettered()), (1, 1), "one nak, one dead letter");
    Ok(())
}
