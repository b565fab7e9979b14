//! zerowire over a real NATS server (feature `nats`): each test starts its
//! own `nats-server -js` on a free loopback port (`common/nats_server.rs`)
//! and stops it when done. Without `nats-server` on `PATH` the tests fail.
#![allow(missing_docs)]

use std::collections::HashMap;
use std::time::{Duration, Instant};

use async_nats::HeaderMap;
use async_nats::jetstream::{self, consumer::pull, stream};
use bytes::Bytes;
use futures_util::StreamExt;
use zerowire::Message;
use zerowire::frame::{FrameHeader, PayloadError, PayloadFormat};
use zerowire::nats::{
    Backoff, CONTENT_TYPE_HEADER, DecodeError, ERROR_HEADER, Encoding, Error, EventConsumer, Framing, SUBJECT_HEADER,
    Subscriber, TYPE_ID_HEADER, publish, publish_js, request,
};

use zerowire_test_support::nats_server::NatsServer;

#[derive(Debug, Clone, PartialEq, zerowire::Message)]
#[zerowire(rename = "test.v1.OrderPlaced")]
pub struct OrderPlaced {
    pub id: u64,
    pub symbol: String,
    pub qty: u32,
}

#[derive(Debug, Clone, PartialEq, zerowire::Message)]
#[zerowire(rename = "test.v1.Refund")]
pub struct Refund {
    pub id: u64,
    pub reason: String,
}

fn order(id: u64) -> OrderPlaced {
    OrderPlaced { id, symbol: format!("S{}", id % 97), qty: (id % 1000) as u32 + 1 }
}

/// Fails the test instead of hanging when the broker stops answering.
async fn within<T>(what: &str, secs: u64, f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(secs), f)
        .await
        .unwrap_or_else(|_| panic!("{what}: timed out after {secs} s"))
}

async fn connect(server: &NatsServer) -> async_nats::Client {
    async_nats::connect(server.url()).await.expect("connect")
}

async fn make_stream(js: &jetstream::Context, name: &str, subjects: &[&str]) {
    js.create_stream(stream::Config {
        name: name.into(),
        subjects: subjects.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    })
    .await
    .expect("create stream");
}

fn durable(name: &str) -> pull::Config {
    pull::Config { durable_name: Some(name.into()), ..Default::default() }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundred_thousand_events_none_lost_duplicated_or_reordered() {
    const N: u64 = 100_000;
    const SUBJECTS: u64 = 4;
    let server = NatsServer::start();
    let js = jetstream::new(connect(&server).await);
    make_stream(&js, "EVENTS", &["ev.>"]).await;
    make_stream(&js, "EVENTS_DLQ", &["dlq.ev"]).await;

    // Publish in windows: many acknowledgements in flight, each awaited.
    within("publish", 120, async {
        let mut acks = Vec::with_capacity(2_000);
        for i in 0..N {
            // Every framing and format on the same subjects.
            let encoding = match i % 10 {
                0 => Encoding::JSON,
                1 => Encoding::BINARY_ENVELOPE,
                _ => Encoding::BINARY,
            };
            acks.push(publish_js(&js, format!("ev.{}", i % SUBJECTS), &order(i), encoding).await.unwrap());
            if acks.len() == 2_000 {
                for ack in acks.drain(..) {
                    ack.await.expect("stored");
                }
            }
        }
        for ack in acks {
            ack.await.expect("stored");
        }
    })
    .await;

    let mut consumer = EventConsumer::<OrderPlaced>::new(&js, "EVENTS", durable("all"), "dlq.ev").await.unwrap();
    let mut next_per_subject: HashMap<String, u64> = HashMap::new();
    within("consume", 120, async {
        for _ in 0..N {
            let d = loop {
                match consumer.next().await.expect("open") {
                    Ok(d) => break d,
                    // A heartbeat the client missed while the machine was
                    // busy: `EventConsumer::next` documents it as a broker
                    // error after which the consumer stays usable. Any other
                    // error fails the test.
                    Err(zerowire::nats::Error::Nats(e))
                        if e.downcast_ref::<pull::MessagesError>()
                            .is_some_and(|e| e.kind() == pull::MessagesErrorKind::MissingHeartbeat) =>
                    {
                        continue;
                    }
                    Err(e) => panic!("delivery: {e:?}"),
                }
            };
            let id = d.message().view().id();
            let subject = d.subject().to_owned();
            assert_eq!(subject, format!("ev.{}", id % SUBJECTS));
            let next = next_per_subject.entry(subject.clone()).or_insert(id % SUBJECTS);
            assert_eq!(id, *next, "{subject}: lost, duplicated or reordered");
            *next += SUBJECTS;
            assert_eq!(d.delivered(), 1);
            assert_eq!(d.message().decode().unwrap(), order(id));
            d.ack().await.unwrap();
        }
    })
    .await;
    for s in 0..SUBJECTS {
        assert_eq!(next_per_subject[&format!("ev.{s}")], N + s, "every event of ev.{s} seen");
    }
    assert_eq!(consumer.dead_lettered(), 0);
    // Nothing after the last: a duplicate would be delivered now.
    let extra = tokio::time::timeout(Duration::from_millis(500), consumer.next()).await;
    assert!(
        extra.is_err(),
        "an event after the last one: {:?}",
        extra.map(|d| d.map(|d| d.map(|d| d.stream_sequence())))
    );
}

/// The messages of a stream, read raw (for the dead-letter stream).
async fn read_raw(js: &jetstream::Context, stream: &str, n: usize) -> Vec<async_nats::Message> {
    let consumer: jetstream::consumer::PullConsumer = js
        .get_stream(stream)
        .await
        .unwrap()
        .create_consumer(pull::Config { durable_name: Some("reader".into()), ..Default::default() })
        .await
        .unwrap();
    let mut messages = consumer.messages().await.unwrap();
    let mut out = Vec::new();
    while out.len() < n {
        let m = within("dead letters", 20, messages.next()).await.unwrap().unwrap();
        m.ack().await.unwrap();
        out.push(m.message.clone());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn poison_events_are_dead_lettered_and_the_good_ones_processed() {
    let server = NatsServer::start();
    let client = connect(&server).await;
    let js = jetstream::new(client.clone());
    make_stream(&js, "ORDERS", &["orders.>"]).await;
    make_stream(&js, "ORDERS_DLQ", &["dlq.orders"]).await;

    let headers = |id: u32, ct: &str| {
        let mut h = HeaderMap::new();
        h.insert(TYPE_ID_HEADER, id.to_string());
        h.insert(CONTENT_TYPE_HEADER, ct);
        h
    };
    // Poison of every kind, each with the error it must be dead-lettered with.
    let wrong_type = zerowire::encode(&Refund { id: 1, reason: "dup".into() });
    let poison: Vec<(Option<HeaderMap>, Bytes, DecodeError)> = vec![
        (
            Some(headers(OrderPlaced::TYPE_ID, "application/vnd.zerowire")),
            Bytes::from_static(b"\x01\x02junk"),
            DecodeError::Payload(PayloadError::Invalid(
                zerowire::validate::<OrderPlaced>(b"\x01\x02junk").unwrap_err(),
            )),
        ),
        (
            // With JetStream's own header, which the dead letter leaves out
            // (the dead-letter stream would deduplicate on it).
            Some({
                let mut h = headers(Refund::TYPE_ID, "application/vnd.zerowire");
                h.insert("Nats-Msg-Id", "refund-1");
                h
            }),
            Bytes::from(wrong_type.clone()),
            DecodeError::Payload(PayloadError::TypeMismatch {
                expected: OrderPlaced::TYPE_ID,
                found: Refund::TYPE_ID,
                name: "test.v1.OrderPlaced",
            }),
        ),
        (
            Some(headers(OrderPlaced::TYPE_ID, "application/json")),
            Bytes::from_static(br#"{"id": "#),
            DecodeError::Payload(PayloadError::Json(
                zerowire::json::from_slice::<OrderPlaced>(br#"{"id": "#).unwrap_err(),
            )),
        ),
        (
            Some(headers(OrderPlaced::TYPE_ID, "text/plain")),
            Bytes::from_static(b"hello"),
            DecodeError::UnsupportedContentType("text/plain".into()),
        ),
        (None, Bytes::from_static(b"no framing at all"), DecodeError::Envelope("bad magic".into())),
    ];

    for i in 0..10 {
        publish_js(&js, "orders.eu", &order(i), Encoding::BINARY).await.unwrap().await.unwrap();
    }
    for (h, payload, _) in &poison {
        let ack = match h {
            Some(h) => js.publish_with_headers("orders.eu", h.clone(), payload.clone()).await,
            None => js.publish("orders.eu", payload.clone()).await,
        };
        ack.unwrap().await.unwrap();
    }
    for i in 10..20 {
        publish_js(&js, "orders.eu", &order(i), Encoding::JSON).await.unwrap().await.unwrap();
    }

    let mut consumer =
        EventConsumer::<OrderPlaced>::new(&js, "ORDERS", durable("projector"), "dlq.orders").await.unwrap();
    for i in 0..20 {
        let d = within("good event", 20, consumer.next()).await.unwrap().unwrap();
        assert_eq!(d.message().decode().unwrap(), order(i), "good events in order around the poison");
        assert_eq!(d.delivered(), 1);
        d.ack_sync().await.unwrap();
    }
    assert_eq!(consumer.dead_lettered(), poison.len() as u64);
    // Poison is acked on its stream: it is not delivered again.
    assert!(tokio::time::timeout(Duration::from_millis(500), consumer.next()).await.is_err());
    let mut info = js.get_stream("ORDERS").await.unwrap().get_consumer::<pull::Config>("projector").await.unwrap();
    let info = info.info().await.unwrap();
    assert_eq!((info.num_pending, info.num_ack_pending), (0, 0));

    let dead = read_raw(&js, "ORDERS_DLQ", poison.len()).await;
    for (m, (h, payload, error)) in dead.iter().zip(&poison) {
        let mh = m.headers.as_ref().expect("dead letters carry headers");
        assert_eq!(m.payload, *payload, "payload kept as it came");
        assert_eq!(mh.get(SUBJECT_HEADER).unwrap().as_str(), "orders.eu");
        let text = mh.get(ERROR_HEADER).unwrap().as_str();
        match error {
            DecodeError::Envelope(_) => assert!(text.contains("not a zerowire envelope"), "{text}"),
            e => assert_eq!(text, e.to_string()),
        }
        if let Some(h) = h {
            assert_eq!(mh.get(TYPE_ID_HEADER), h.get(TYPE_ID_HEADER), "original headers kept");
            assert_eq!(mh.get(CONTENT_TYPE_HEADER), h.get(CONTENT_TYPE_HEADER), "original headers kept");
        }
        assert!(mh.get("Nats-Msg-Id").is_none(), "JetStream's headers left out");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn durable_consumer_resumes_after_a_server_restart_without_loss() {
    resume_across_restart(false).await;
}

/// A crash loses what the server had not written out, acks included: the
/// consumer then sees again, as new, events it had acked. None is lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn durable_consumer_resumes_after_a_server_crash_without_loss() {
    resume_across_restart(true).await;
}

/// Publishes 2,000 events, consumes 700, restarts the server (cleanly or
/// by killing it), publishes 2,000 more and consumes until every event was
/// seen: none lost, first deliveries in order. After a clean restart only
/// an event whose ack was in flight may come back, and it comes back
/// marked as a redelivery.
async fn resume_across_restart(crash: bool) {
    const HALF: u64 = 2_000;
    let mut server = NatsServer::start();
    let client = connect(&server).await;
    let js = jetstream::new(client.clone());
    make_stream(&js, "R", &["r.>"]).await;
    make_stream(&js, "R_DLQ", &["dlq.r"]).await;

    let publish_range = |range: std::ops::Range<u64>| {
        let js = js.clone();
        async move {
            for i in range {
                // Retried while the client reconnects; the stream
                // deduplicates by message id, so a retry stores once.
                loop {
                    let (headers, payload) = zerowire::nats::encode(&order(i), Encoding::BINARY).unwrap();
                    let mut headers = headers.unwrap();
                    headers.insert("Nats-Msg-Id", i.to_string());
                    if let Ok(ack) = js.publish_with_headers("r.x", headers, payload).await {
                        if ack.await.is_ok() {
                            break;
                        }
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        }
    };
    within("publish before", 60, publish_range(0..HALF)).await;

    let mut consumer = EventConsumer::<OrderPlaced>::new(&js, "R", durable("resumer"), "dlq.r").await.unwrap();
    let mut seen: Vec<u64> = Vec::new();
    let mut repeats = 0;
    let mut restarted = false;
    let mut published_after = false;
    within("consume across restart", 90, async {
        while seen.len() < 2 * HALF as usize {
            if !restarted && seen.len() == 700 {
                if crash {
                    server.crash_and_restart();
                } else {
                    server.restart();
                }
                restarted = true;
            }
            if restarted && !published_after {
                within("publish after", 60, publish_range(HALF..2 * HALF)).await;
                published_after = true;
            }
            match consumer.next().await {
                Some(Ok(d)) => {
                    let id = d.message().view().id();
                    if seen.contains(&id) {
                        // At least once: after a clean restart, only a
                        // delivery whose ack was in flight comes back, and
                        // marked so.
                        assert!(crash || d.delivered() > 1, "{id} delivered twice as new");
                        repeats += 1;
                    } else {
                        assert_eq!(id, seen.len() as u64, "first deliveries in order, none lost");
                        seen.push(id);
                    }
                    // Acked for sure before the next one.
                    while d.ack_sync().await.is_err() {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                }
                // Heartbeats missed while the server was away.
                Some(Err(_)) => tokio::time::sleep(Duration::from_millis(50)).await,
                None => panic!("consumer deleted"),
            }
        }
    })
    .await;
    assert!(restarted);
    assert_eq!(seen, (0..2 * HALF).collect::<Vec<_>>());
    if crash {
        // What the crash lost is at most what the consumer had before it:
        // the 700 consumed, and what its pull stream had already fetched
        // (async-nats's `messages()` pulls 200 at a time). Those are read
        // and acked after the restart, then delivered again from the
        // consumer state the server recovered.
        const PULL_BATCH: u64 = 200;
        assert!(repeats <= 700 + PULL_BATCH, "{repeats} redeliveries");
    } else {
        assert!(repeats < 50, "{repeats} redeliveries");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_and_binary_events_on_one_subject_read_by_one_typed_subscriber() {
    let server = NatsServer::start();
    let client = connect(&server).await;
    let mut sub = Subscriber::<OrderPlaced>::subscribe(&client, "mixed").await.unwrap();
    client.flush().await.unwrap();

    let encodings = [
        Encoding::BINARY,
        Encoding::JSON,
        Encoding::BINARY_ENVELOPE,
        Encoding { format: PayloadFormat::Json, framing: Framing::Envelope { checksum: true } },
        Encoding { format: PayloadFormat::Binary, framing: Framing::Envelope { checksum: true } },
    ];
    for (i, e) in encodings.iter().enumerate() {
        publish(&client, "mixed", &order(i as u64), *e).await.unwrap();
    }
    for (i, e) in encodings.iter().enumerate() {
        let event = within("event", 10, sub.next()).await.unwrap().expect("valid");
        assert_eq!(event.message.decode().unwrap(), order(i as u64));
        assert_eq!(event.encoding, *e, "the encoding it came in is known");
        assert_eq!(event.subject.as_str(), "mixed");
        if *e == Encoding::BINARY {
            // Header-framed binary: the message is the payload itself.
            assert_eq!(event.message.bytes(), &Bytes::from(zerowire::encode(&order(i as u64))));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_of_another_type_is_refused_with_a_typed_error() {
    let server = NatsServer::start();
    let client = connect(&server).await;
    let mut sub = Subscriber::<OrderPlaced>::subscribe(&client, "typed").await.unwrap();
    client.flush().await.unwrap();

    let refund = Refund { id: 9, reason: "late".into() };
    publish(&client, "typed", &refund, Encoding::BINARY).await.unwrap();
    publish(&client, "typed", &refund, Encoding::JSON).await.unwrap();
    publish(&client, "typed", &refund, Encoding::BINARY_ENVELOPE).await.unwrap();
    let mut bad_id = HeaderMap::new();
    bad_id.insert(TYPE_ID_HEADER, "0x12");
    bad_id.insert(CONTENT_TYPE_HEADER, "application/vnd.zerowire");
    client.publish_with_headers("typed", bad_id, zerowire::encode(&order(1)).into()).await.unwrap();
    // Tagged by hand with OrderPlaced's id: the reader goes by the tag. A
    // Refund's layout (u64, string) is a prefix of OrderPlaced's, so it
    // reads as an older OrderPlaced: the type id is what keeps them apart.
    let forged =
        zerowire::frame::encode_envelope(&FrameHeader::binary(OrderPlaced::TYPE_ID), &zerowire::encode(&refund), false);
    client.publish("typed", forged).await.unwrap();

    let mismatch = DecodeError::Payload(PayloadError::TypeMismatch {
        expected: OrderPlaced::TYPE_ID,
        found: Refund::TYPE_ID,
        name: "test.v1.OrderPlaced",
    });
    for _ in 0..3 {
        let rejected = within("rejected", 10, sub.next()).await.unwrap().unwrap_err();
        assert_eq!(rejected.error, mismatch);
        assert!(rejected.to_string().starts_with("message on typed: "), "{rejected}");
    }
    let rejected = within("rejected", 10, sub.next()).await.unwrap().unwrap_err();
    assert_eq!(rejected.error, DecodeError::BadHeader { name: TYPE_ID_HEADER, value: "0x12".into() });
    let forged = within("forged", 10, sub.next()).await.unwrap().unwrap();
    assert_eq!(forged.message.decode().unwrap(), OrderPlaced { id: 9, symbol: "late".into(), qty: 0 });
    // A payload that does not validate is refused even under the right id.
    let junk = zerowire::frame::encode_envelope(&FrameHeader::binary(OrderPlaced::TYPE_ID), b"\xff\xff", false);
    client.publish("typed", junk).await.unwrap();
    let rejected = within("junk", 10, sub.next()).await.unwrap().unwrap_err();
    assert!(matches!(rejected.error, DecodeError::Payload(PayloadError::Invalid(_))), "{rejected}");
    // The subscription goes on after refusing.
    publish(&client, "typed", &order(2), Encoding::BINARY).await.unwrap();
    let good = within("good", 10, sub.next()).await.unwrap().unwrap();
    assert_eq!(good.message.decode().unwrap(), order(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_reply_is_typed_both_ways() {
    let server = NatsServer::start();
    let client = connect(&server).await;
    let mut quotes = Subscriber::<OrderPlaced>::subscribe(&client, "orders.place").await.unwrap();
    let mut wrong = Subscriber::<OrderPlaced>::subscribe(&client, "orders.wrong").await.unwrap();
    client.flush().await.unwrap();
    let responder = client.clone();
    tokio::spawn(async move {
        while let Some(Ok(q)) = quotes.next().await {
            let v = q.message.view();
            let reply = Refund { id: v.id(), reason: format!("{} x{}", v.symbol(), v.qty()) };
            q.respond(&responder, &reply).await.unwrap();
        }
    });
    let responder = client.clone();
    tokio::spawn(async move {
        while let Some(Ok(q)) = wrong.next().await {
            // Answers with the request's own type: not what the caller reads.
            q.respond(&responder, &q.message.decode().unwrap()).await.unwrap();
        }
    });

    for encoding in [Encoding::BINARY, Encoding::JSON, Encoding::BINARY_ENVELOPE] {
        let reply: zerowire::Owned<Refund> =
            within("request", 10, request(&client, "orders.place", &order(5), encoding)).await.unwrap();
        assert_eq!(reply.decode().unwrap(), Refund { id: 5, reason: "S5 x6".into() }, "{encoding:?}");
    }
    let err = within("request", 10, request::<_, Refund>(&client, "orders.wrong", &order(5), Encoding::JSON))
        .await
        .unwrap_err();
    match err {
        Error::Decode(DecodeError::Payload(PayloadError::TypeMismatch { expected, found, .. })) => {
            assert_eq!((expected, found), (Refund::TYPE_ID, OrderPlaced::TYPE_ID));
        }
        e => panic!("{e}"),
    }
    // No responder: the broker's error, typed as such.
    let err = within("request", 10, request::<_, Refund>(&client, "nobody", &order(1), Encoding::BINARY)).await;
    assert!(matches!(err, Err(Error::Nats(_))), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handler_error_naks_a_valid_event_which_comes_back_after_the_backoff() {
    let server = NatsServer::start();
    let js = jetstream::new(connect(&server).await);
    make_stream(&js, "N", &["n.>"]).await;
    make_stream(&js, "N_DLQ", &["dlq.n"]).await;
    for i in 0..6 {
        publish_js(&js, "n.x", &order(i), Encoding::BINARY).await.unwrap().await.unwrap();
    }
    // Only a durable consumer: one without a durable name is refused.
    let err =
        EventConsumer::<OrderPlaced>::new(&js, "N", pull::Config::default(), "dlq.n").await.err().expect("refused");
    assert!(err.to_string().contains("durable_name"), "{err}");
    let backoff = Backoff { first: Duration::from_millis(300), max: Duration::from_secs(1) };
    let mut consumer =
        EventConsumer::<OrderPlaced>::new(&js, "N", durable("flaky"), "dlq.n").await.unwrap().backoff(backoff);

    // The handler fails event 3 on its first two deliveries.
    let mut done = Vec::new();
    let mut naked_at: Option<Instant> = None;
    let mut deliveries_of_3 = Vec::new();
    within("consume", 30, async {
        while done.len() < 6 {
            let d = consumer.next().await.unwrap().unwrap();
            let id = d.message().view().id();
            if id == 3 {
                deliveries_of_3.push(d.delivered());
                if let Some(at) = naked_at {
                    let waited = at.elapsed();
                    let want = backoff.delay(d.delivered() - 1);
                    assert!(waited >= want, "redelivered after {waited:?}, before its backoff {want:?}");
                }
                if d.delivered() < 3 {
                    naked_at = Some(Instant::now());
                    d.nak().await.unwrap();
                    continue;
                }
            }
            d.ack().await.unwrap();
            done.push(id);
        }
    })
    .await;
    assert_eq!(deliveries_of_3, [1, 2, 3]);
    assert_eq!(&done[..3], &[0, 1, 2]);
    let mut rest = done[3..].to_vec();
    rest.sort();
    assert_eq!(rest, [3, 4, 5]);
    assert_eq!(consumer.dead_lettered(), 0, "a handler error is not poison");
}

/// The two framings read the same payload the same way: for every
/// truncation and every bit flip of a binary and a JSON payload, the
/// header-framed message and the envelope give the same message or the
/// same error. (No server: this is the reading side alone.)
#[test]
fn headers_and_envelope_read_every_damaged_payload_alike() {
    let limits = zerowire::Limits::default();
    let read = |encoding: Encoding, payload: &[u8]| {
        let format = encoding.format;
        match encoding.framing {
            Framing::Headers => {
                let mut h = HeaderMap::new();
                h.insert(TYPE_ID_HEADER, OrderPlaced::TYPE_ID.to_string());
                h.insert(CONTENT_TYPE_HEADER, zerowire::http::content_type(format));
                zerowire::nats::decode::<OrderPlaced>(Some(&h), Bytes::copy_from_slice(payload), &limits)
            }
            Framing::Envelope { checksum } => {
                let env = zerowire::frame::encode_envelope(
                    &FrameHeader::new(format, OrderPlaced::TYPE_ID),
                    payload,
                    checksum,
                );
                zerowire::nats::decode::<OrderPlaced>(None, env, &limits)
            }
        }
        .map(|owned| owned.into_bytes())
    };
    let (mut cases, mut expected) = (0, 0);
    for format in [PayloadFormat::Binary, PayloadFormat::Json] {
        let headers = Encoding { format, framing: Framing::Headers };
        let envelope = Encoding { format, framing: Framing::Envelope { checksum: false } };
        let (_, payload) = zerowire::nats::encode(&order(123_456), headers).unwrap();
        let intact = read(headers, &payload).expect("intact payload reads");
        assert_eq!(read(envelope, &payload), Ok(intact));
        expected += payload.len() * 9;
        let mut damaged: Vec<Vec<u8>> = (0..payload.len()).map(|n| payload[..n].to_vec()).collect();
        for bit in 0..payload.len() * 8 {
            let mut p = payload.to_vec();
            p[bit / 8] ^= 1 << (bit % 8);
            damaged.push(p);
        }
        for p in &damaged {
            assert_eq!(read(headers, p), read(envelope, p), "{format}: {p:02x?}");
            cases += 1;
        }
    }
    assert_eq!(cases, expected, "every truncation and bit flip compared");
}

/// A binary payload is validated in place: the `Owned` holds the received
/// buffer (the header-framed payload itself, or the envelope's payload
/// slice), not a copy.
#[test]
fn a_binary_payload_is_kept_in_place() {
    let limits = zerowire::Limits::default();
    let (headers, payload) = zerowire::nats::encode(&order(7), Encoding::BINARY).unwrap();
    let owned = zerowire::nats::decode::<OrderPlaced>(headers.as_ref(), payload.clone(), &limits).unwrap();
    assert_eq!(owned.bytes().as_ptr(), payload.as_ptr());
    let (none, envelope) = zerowire::nats::encode(&order(7), Encoding::BINARY_ENVELOPE).unwrap();
    let owned = zerowire::nats::decode::<OrderPlaced>(none.as_ref(), envelope.clone(), &limits).unwrap();
    assert_eq!(owned.bytes().as_ptr(), envelope[8..].as_ptr());
    assert_eq!(owned.bytes().len(), envelope.len() - 8);
}
