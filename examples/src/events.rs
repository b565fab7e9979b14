//! Events through NATS JetStream (feature `nats`): an order service that
//! publishes [`OrderPlaced`] events, one subject per symbol, and a
//! projector that consumes them into net positions per account and symbol.
//!
//! - [`create_streams`] makes the demo's two streams: the events and their
//!   dead letters.
//! - [`publish_orders`] is the order service: binary events through
//!   JetStream, then another service's bytes on the same subject (a poison
//!   message), then one event from a legacy publisher that speaks JSON.
//! - [`project`] is the projector: a durable [`EventConsumer`] that reads
//!   both formats as the same validated `Owned<OrderPlaced>`, whose poison
//!   message ends in the dead-letter stream, and whose store is unavailable
//!   once (that event is nak'ed and comes back after the backoff).
//!
//! The runnable demo is `examples/events.rs`; `tests/events.rs` runs the same
//! code against a `nats-server` of its own.

use std::collections::BTreeMap;
use std::time::Duration;

use async_nats::jetstream::{self, consumer::pull, stream};
use zerowire::nats::{Backoff, Encoding, EventConsumer, publish_js};

use crate::services::{Error, OrderPlaced, Price, Side, system_clock};

/// The stream of order events (subjects `zw_demo.orders.placed.<symbol>`).
pub const STREAM: &str = "ZW_DEMO_ORDERS";
/// The stream of dead letters.
pub const DLQ_STREAM: &str = "ZW_DEMO_ORDERS_DLQ";
/// The subject poison messages are dead-lettered to.
pub const DLQ_SUBJECT: &str = "zw_demo.orders.dead";
/// The instruments the events are about.
pub const SYMBOLS: [&str; 4] = ["ZW", "ACME", "INIT", "CORP"];
/// The order whose first delivery the projector fails to store.
pub const FLAKY_ORDER: u64 = 42;

/// The `i`-th order event.
pub fn event(i: u64) -> OrderPlaced {
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

/// The subject of events about `symbol`.
pub fn subject(symbol: &str) -> String {
    format!("zw_demo.orders.placed.{symbol}")
}

/// Bought minus sold, over every event.
pub fn net(events: impl IntoIterator<Item = OrderPlaced>) -> i64 {
    events.into_iter().map(|e| if e.side == Side::Sell { -(e.quantity as i64) } else { e.quantity as i64 }).sum()
}

/// Deletes the demo's streams if they exist (the consumer with them) and
/// creates them empty.
pub async fn create_streams(js: &jetstream::Context) -> Result<(), Error> {
    for (name, subjects) in [(STREAM, "zw_demo.orders.placed.>"), (DLQ_STREAM, DLQ_SUBJECT)] {
        let _ = js.delete_stream(name).await;
        js.create_stream(stream::Config { name: name.into(), subjects: vec![subjects.into()], ..Default::default() })
            .await?;
    }
    Ok(())
}

/// The order service: publishes events `0..n` in binary (acknowledgements
/// awaited in windows of 1,000), a poison message, then event `n` in JSON
/// from a legacy publisher. `n + 1` events in all.
pub async fn publish_orders(js: &jetstream::Context, n: u64) -> Result<(), Error> {
    let mut acks = Vec::new();
    for i in 0..n {
        let e = event(i);
        acks.push(publish_js(js, subject(&e.symbol), &e, Encoding::BINARY).await?);
        if acks.len() == 1_000 {
            for ack in acks.drain(..) {
                ack.await?;
            }
        }
    }
    for ack in acks {
        ack.await?;
    }
    // Another service's bytes on the subject.
    js.publish(subject("ZW"), "{\"not\":\"an order\"}".into()).await?.await?;
    let legacy = event(n);
    publish_js(js, subject(&legacy.symbol), &legacy, Encoding::JSON).await?.await?;
    Ok(())
}

/// What the projector made of the stream.
#[derive(Debug, Default)]
pub struct Projection {
    /// Net shares per (account, symbol).
    pub positions: BTreeMap<(u64, String), i64>,
    /// Events projected (each once).
    pub projected: u64,
    /// Deliveries nak'ed (the store was unavailable).
    pub naks: u64,
    /// Poison messages sent to the dead-letter subject.
    pub dead_lettered: u64,
}

/// The projector: consumes `events` valid events with the durable consumer
/// `positions` and folds them into net positions.
pub async fn project(js: &jetstream::Context, events: u64) -> Result<Projection, Error> {
    let config = pull::Config { durable_name: Some("positions".into()), ..Default::default() };
    let mut consumer = EventConsumer::<OrderPlaced>::new(js, STREAM, config, DLQ_SUBJECT)
        .await?
        .backoff(Backoff { first: Duration::from_millis(200), max: Duration::from_secs(2) });
    let mut p = Projection::default();
    while p.projected < events {
        let delivery = consumer.next().await.ok_or("consumer deleted")??;
        let e = delivery.message().view();
        // The store is unavailable the first time this order comes: the
        // event is valid, so it is nak'ed and comes back after the backoff.
        if e.order_id() == FLAKY_ORDER && delivery.delivered() == 1 {
            p.naks += 1;
            delivery.nak().await?;
            continue;
        }
        let signed = match e.side() {
            Side::Sell => -(e.quantity() as i64),
            _ => e.quantity() as i64,
        };
        *p.positions.entry((e.account(), e.symbol().to_owned())).or_default() += signed;
        delivery.ack().await?;
        p.projected += 1;
    }
    p.dead_lettered = consumer.dead_lettered();
    Ok(p)
}
