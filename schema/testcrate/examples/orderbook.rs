//! An order-book feed and an order-entry round trip with the types generated
//! from `schema/examples/orderbook.zw`: encode a batch of book events into
//! frames, read them back through zero-copy views, and print the feed as JSON
//! with the run-time codec (what `zerowire decode --frames` prints).
//!
//! `cargo run -p zerowire-schema-testcrate --example orderbook`

use std::collections::BTreeMap;

use zerowire::frame::{FrameReader, FrameWriter};
use zerowire_schema_testcrate::market::book::v1::*;

fn px(mantissa: i64) -> Price {
    Price { mantissa, exponent: -2 }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The publisher: a snapshot, then updates and a trade, in two batches.
    let snapshot = Snapshot {
        instrument: "ZWX-PERP".into(),
        sequence: 1000,
        exchange_time_ns: 1_764_000_000_000_000_000,
        bids: vec![
            Level { price: px(10_050), quantity: 30, orders: 3 },
            Level { price: px(10_040), quantity: 12, orders: 1 },
        ],
        asks: vec![Level { price: px(10_060), quantity: 8, orders: 2 }],
        halted: false,
    };
    let batches = [
        FeedBatch {
            instrument: "ZWX-PERP".into(),
            first_sequence: 1000,
            events: vec![BookEvent::Snapshot(snapshot), BookEvent::Heartbeat],
            sent_at_ns: 1_764_000_000_000_100_000,
        },
        FeedBatch {
            instrument: "ZWX-PERP".into(),
            first_sequence: 1001,
            events: vec![
                BookEvent::Update(LevelUpdate {
                    side: Side::Ask,
                    level: Level { price: px(10_060), quantity: 0, orders: 0 },
                }),
                BookEvent::Trade(Trade { price: px(10_060), quantity: 8, aggressor: Side::Bid, trade_id: 77 }),
            ],
            sent_at_ns: 1_764_000_000_000_200_000,
        },
    ];
    let mut wire = Vec::new();
    let mut writer = FrameWriter::new(&mut wire);
    for b in &batches {
        writer.write_message(b)?;
    }
    writer.flush()?;
    drop(writer);
    println!("feed: {} batches in {} bytes", batches.len(), wire.len());

    // The subscriber: validate each frame once, then read in place.
    let mut reader = FrameReader::new(&wire[..]);
    while let Some(frame) = reader.read_frame()? {
        let batch = frame.into_owned_message::<FeedBatch>()?;
        let v = batch.view();
        for (i, e) in v.events().iter().enumerate() {
            let seq = v.first_sequence() + i as u64;
            match e {
                BookEventView::Snapshot(s) => {
                    let best_bid = s.bids().get(0).map(|l| l.price());
                    println!("#{seq} snapshot {} best bid {:?}", s.instrument(), best_bid);
                }
                BookEventView::Update(u) => {
                    println!("#{seq} {:?} level {:?} -> {}", u.side(), u.level().price(), u.level().quantity());
                }
                BookEventView::Trade(t) => {
                    println!("#{seq} trade {} @ {:?} (id {})", t.quantity(), t.price(), t.trade_id());
                }
                BookEventView::Heartbeat => println!("#{seq} heartbeat"),
                BookEventView::Unknown(tag) => println!("#{seq} event of a newer publisher (tag {tag})"),
            }
        }
    }

    // Order entry: a request and its reply, and the reply as JSON from the
    // schema alone (no generated code involved).
    let order = NewOrder {
        client_order_id: "c-1".into(),
        instrument: "ZWX-PERP".into(),
        side: Side::Bid,
        limit_price: Some(px(10_055)),
        quantity: 5,
        tags: BTreeMap::from([("desk".into(), "arb".into())]),
        ..NewOrder::default()
    };
    assert_eq!(order.time_in_force, TimeInForce::Day, "the schema's declared default");
    let reply = OrderReply {
        client_order_id: order.client_order_id.clone(),
        result: OrderResult::Accepted(OrderAck {
            exchange_order_id: 9_000_001,
            filled: 5,
            average_price: Some(px(10_052)),
        }),
        latency_us: 42,
        detail: None,
    };
    let bytes = zerowire::encode(&reply);
    let schema_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
    let schema =
        zerowire_schema::load(&[format!("{schema_dir}/orderbook.zw")], &[schema_dir]).map_err(|d| d.render())?;
    let codec = zerowire_schema::dynamic::Codec::new(&schema);
    let reply_type = codec.message("market.book.v1.OrderReply").ok_or("no OrderReply")?;
    println!("reply: {}", codec.decode_json(reply_type, &bytes)?);
    Ok(())
}
