//! The events demo (`zerowire_examples::events`) against a `nats-server -js`
//! of its own, started with the codec tests' guard (from
//! `zerowire-test-support`, not copied). Without `nats-server` on `PATH` it fails.

use async_nats::jetstream;
use zerowire::nats::{DecodeError, ERROR_HEADER, SUBJECT_HEADER};
use zerowire_examples::events::{self, DLQ_STREAM, FLAKY_ORDER};

use zerowire_test_support::nats_server;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_order_is_projected_once_the_poison_dead_lettered_the_flaky_one_retried() {
    const N: u64 = 2_000;
    let server = nats_server::NatsServer::start();
    let js = jetstream::new(async_nats::connect(server.url()).await.unwrap());
    events::create_streams(&js).await.unwrap();
    events::publish_orders(&js, N).await.unwrap();
    let p = tokio::time::timeout(std::time::Duration::from_secs(60), events::project(&js, N + 1))
        .await
        .expect("projected in time")
        .unwrap();

    assert_eq!(p.projected, N + 1);
    assert_eq!((p.naks, p.dead_lettered), (1, 1));
    // Per account and symbol, the sum of the events about it.
    for ((account, symbol), qty) in &p.positions {
        let about = (0..=N).map(events::event).filter(|e| e.account == *account && e.symbol == *symbol);
        assert_eq!(*qty, events::net(about), "{account} {symbol}");
    }
    assert_eq!(p.positions.len(), 12);
    const { assert!(N > FLAKY_ORDER, "the flaky order is among them") };

    let dead = js.get_stream(DLQ_STREAM).await.unwrap().get_raw_message(1).await.unwrap();
    assert_eq!(&dead.payload[..], br#"{"not":"an order"}"#);
    assert_eq!(dead.headers.get(SUBJECT_HEADER).unwrap().as_str(), events::subject("ZW"));
    let text = dead.headers.get(ERROR_HEADER).unwrap().as_str();
    assert!(text.starts_with("no Zw-Type-Id header and not a zerowire envelope"), "{text}");
    // The same payload read directly is refused the same way.
    let err = zerowire::nats::decode::<zerowire_examples::services::OrderPlaced>(
        None,
        dead.payload.clone(),
        &zerowire::Limits::default(),
    )
    .unwrap_err();
    assert!(matches!(err, DecodeError::Envelope(_)), "{err}");
    assert_eq!(err.to_string(), text);
}
