//! The order-book example schema through the generated code and the
//! run-time codec.

use std::collections::BTreeMap;
use std::path::Path;

use zerowire::Message;
use zerowire_schema::dynamic::Codec;
use zerowire_schema_testcrate::market::book::v1::*;

fn schema() -> zerowire_schema::ir::Schema {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    zerowire_schema::load(&[dir.join("orderbook.zw")], &[&dir]).unwrap_or_else(|d| panic!("{}", d.render()))
}

fn batch() -> FeedBatch {
    let level = |m, q| Level { price: Price { mantissa: m, exponent: -2 }, quantity: q, orders: 1 };
    FeedBatch {
        instrument: "ZWX".into(),
        first_sequence: 5,
        events: vec![
            BookEvent::Snapshot(Snapshot {
                instrument: "ZWX".into(),
                sequence: 4,
                exchange_time_ns: 1,
                bids: vec![level(100, 2)],
                asks: vec![level(101, 3), level(102, 0)],
                halted: true,
            }),
            BookEvent::Update(LevelUpdate { side: Side::Ask, level: level(101, 0) }),
            BookEvent::Trade(Trade {
                price: Price { mantissa: 101, exponent: -2 },
                quantity: 3,
                aggressor: Side::Bid,
                trade_id: 9,
            }),
            BookEvent::Heartbeat,
        ],
        sent_at_ns: u64::MAX,
    }
}

#[test]
fn the_feed_round_trips_and_matches_the_runtime_codec() {
    assert_eq!(FeedBatch::TYPE_ID, 0x4d42_0002);
    assert_eq!(FeedBatch::NAME, "market.book.v1.FeedBatch");
    let s = schema();
    let c = Codec::new(&s);
    let b = batch();
    let bytes = zerowire::encode(&b);
    assert_eq!(zerowire::decode::<FeedBatch>(&bytes).unwrap(), b);
    let t = c.message("FeedBatch").unwrap();
    let json = c.decode_json(t, &bytes).unwrap();
    assert!(json.starts_with(r#"{"instrument":"ZWX","first_sequence":"5","events":[{"snapshot":{"#), "{json}");
    assert!(json.contains(r#"{"heartbeat":null}"#), "{json}");
    #[cfg(feature = "derive-json")]
    assert_eq!(zerowire::json::to_string(&b).unwrap(), json, "the derive's JSON fallback writes the same");
    assert_eq!(c.encode_json(t, &json).unwrap(), bytes);
}

#[test]
fn order_entry_round_trips() {
    let s = schema();
    let c = Codec::new(&s);
    let order = NewOrder {
        client_order_id: "c-1".into(),
        instrument: "ZWX".into(),
        side: Side::Ask,
        limit_price: None,
        quantity: 10,
        time_in_force: TimeInForce::Ioc,
        display_quantity: Some(0),
        tags: BTreeMap::from([("desk".into(), "a".into()), ("algo".into(), String::new())]),
        post_only: true,
    };
    let replies = [
        OrderReply {
            client_order_id: "c-1".into(),
            result: OrderResult::Rejected(RejectReason::RateLimited),
            latency_us: 3,
            detail: Some("slow down".into()),
        },
        OrderReply { result: OrderResult::Accepted(OrderAck::default()), ..OrderReply::default() },
    ];
    let bytes = zerowire::encode(&order);
    assert_eq!(zerowire::decode::<NewOrder>(&bytes).unwrap(), order);
    let t = c.message("NewOrder").unwrap();
    let json = c.decode_json(t, &bytes).unwrap();
    assert_eq!(
        json,
        r#"{"client_order_id":"c-1","instrument":"ZWX","side":"ASK","quantity":"10","time_in_force":"IOC","display_quantity":"0","tags":{"algo":"","desk":"a"},"post_only":true}"#
    );
    assert_eq!(c.encode_json(t, &json).unwrap(), bytes);
    #[cfg(feature = "derive-json")]
    assert_eq!(zerowire::json::to_string(&order).unwrap(), json);
    let t = c.message("OrderReply").unwrap();
    for r in replies {
        let bytes = zerowire::encode(&r);
        assert_eq!(zerowire::decode::<OrderReply>(&bytes).unwrap(), r);
        assert_eq!(c.encode_json(t, &c.decode_json(t, &bytes).unwrap()).unwrap(), bytes);
    }
}
