//! The order and pricing services (`zerowire_examples::services`) over real
//! loopback sockets: every order acked with its id, the JSON client answered
//! in JSON with the same acks, a bad request rejected without closing the
//! connection, the tick stream delivered whole and in order, and the order
//! service over gRPC and HTTP + JSON answering as over frames.

use bytes::Bytes;
use zerowire::frame::{Frame, FrameHeader, PayloadFormat};
use zerowire_examples::services::{
    self, OrderAck, OrderClient, OrderKind, OrderStatus, PlaceOrder, Price, Side, Subscribe, type_id,
};

const ORDERS: u64 = 1_000;
const TICKS: u32 = 100_000;

fn order(i: u64) -> PlaceOrder {
    PlaceOrder {
        order_id: 10_000 + i,
        account: 42 + i % 3,
        symbol: ["ZWX", "ACME", "INIT"][i as usize % 3].into(),
        side: if i % 2 == 0 { Side::Buy } else { Side::Sell },
        kind: if i % 97 == 5 { OrderKind::Market } else { OrderKind::Limit },
        limit: Price::cents(10_000 + i as i64),
        quantity: (i as u32 % 13) * 150, // 0 (rejected) up to 1,800 (partially filled)
        sent_at_ns: services::fixed_clock() - 1_000,
        client_tag: (i % 4 == 0).then(|| format!("tag-{i}")),
    }
}

fn check_ack(o: &PlaceOrder, a: &OrderAck) {
    assert_eq!(a.order_id, o.order_id);
    assert_eq!(a.client_tag, o.client_tag);
    assert_eq!(a.acked_at_ns, services::fixed_clock());
    if o.quantity == 0 || o.kind == OrderKind::Market {
        assert_eq!(a.status, OrderStatus::Rejected, "{o:?}");
        assert!(a.reason.is_some() && a.fills.is_empty() && a.exchange_id == 0);
    } else {
        assert_eq!(a.filled_quantity, o.quantity.min(1_000));
        assert_eq!(a.fills.iter().map(|f| f.quantity).sum::<u32>(), a.filled_quantity);
        let status = if o.quantity <= 1_000 { OrderStatus::Filled } else { OrderStatus::PartiallyFilled };
        assert_eq!(a.status, status);
        assert!(a.exchange_id > 0 && a.reason.is_none());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn orders_binary_and_json_get_the_same_acks() {
    let service = services::start_order_service(services::fixed_clock).await.unwrap();
    let orders: Vec<PlaceOrder> = (0..ORDERS).map(order).collect();

    let mut binary = OrderClient::connect(service.addr).await.unwrap();
    let mut binary_acks = Vec::new();
    for o in &orders {
        let ack = binary.place(o).await.unwrap();
        assert_eq!(ack.view().order_id(), o.order_id); // read in place
        binary_acks.push(ack.decode().unwrap());
    }

    let mut json = OrderClient::connect(service.addr).await.unwrap();
    let mut json_acks = Vec::new();
    for o in &orders {
        json_acks.push(json.place_json(o).await.unwrap());
    }

    assert_eq!(binary_acks.len(), ORDERS as usize);
    for (o, a) in orders.iter().zip(&binary_acks) {
        check_ack(o, a);
    }
    // Each connection numbers its orders from 1, so the two match exactly.
    assert_eq!(json_acks, binary_acks);
    assert!(binary_acks.iter().any(|a| a.status == OrderStatus::PartiallyFilled));
    service.shutdown();
}

#[tokio::test]
async fn a_bad_request_is_rejected_and_the_connection_goes_on() {
    let service = services::start_order_service(services::fixed_clock).await.unwrap();
    let mut client = OrderClient::connect(service.addr).await.unwrap();

    let first = client.place(&order(1)).await.unwrap();
    assert_eq!(first.view().order_id(), order(1).order_id);

    // Garbage in a binary frame: a payload error, answered, not a stream error.
    let garbage = Frame::new(FrameHeader::binary(type_id::PLACE_ORDER), Bytes::from_static(&[0xff; 16]));
    let answer = client.exchange(garbage).await.unwrap();
    assert_eq!(answer.header.format, PayloadFormat::Binary);
    let rejected = answer.to_owned_message::<OrderAck>().unwrap().decode().unwrap();
    assert_eq!(rejected.status, OrderStatus::Rejected);
    assert!(rejected.reason.is_some());

    // Malformed JSON: answered in JSON.
    let bad_json = Frame::new(FrameHeader::json(type_id::PLACE_ORDER), Bytes::from_static(b"{\"order_id\":"));
    let answer = client.exchange(bad_json).await.unwrap();
    assert_eq!(answer.header.format, PayloadFormat::Json);
    let rejected: OrderAck = serde_json::from_slice(&answer.payload).unwrap();
    assert_eq!(rejected.status, OrderStatus::Rejected);

    let next = client.place(&order(2)).await.unwrap();
    assert_eq!(next.view().order_id(), order(2).order_id);
    service.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tick_stream_arrives_whole_and_in_order() {
    let service = services::start_pricing_service().await.unwrap();
    let symbols: Vec<String> = ["ZWX", "ACME"].map(String::from).to_vec();

    let ticks =
        services::subscribe(service.addr, &Subscribe { symbols: symbols.clone(), max_ticks: TICKS }).await.unwrap();
    assert_eq!(ticks.len(), TICKS as usize);
    for (seq, t) in ticks.iter().enumerate() {
        assert_eq!(t.decode().unwrap(), services::tick(seq as u64, &symbols));
    }

    let json = services::subscribe_json(service.addr, &Subscribe { symbols: symbols.clone(), max_ticks: 1_000 })
        .await
        .unwrap();
    let expected: Vec<_> = (0..1_000).map(|seq| services::tick(seq, &symbols)).collect();
    assert_eq!(json, expected);
    service.shutdown();
}

/// The order service over gRPC (the server and client generated from the
/// schema's `service Orders`) and over HTTP with JSON (a client that writes
/// HTTP/1.1 and JSON by hand) answers exactly as over zerowire frames.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grpc_and_http_json_give_the_frames_answers() {
    const N: u64 = 200;
    let orders: Vec<PlaceOrder> = (0..N).map(order).collect();

    let frames = services::start_order_service(services::fixed_clock).await.unwrap();
    let mut client = OrderClient::connect(frames.addr).await.unwrap();
    let mut expected = Vec::new();
    for o in &orders {
        expected.push(client.place(o).await.unwrap().decode().unwrap());
    }
    frames.shutdown();

    let grpc = services::start_grpc_order_service(services::fixed_clock).await.unwrap();
    let mut client = services::OrdersClient::connect(format!("http://{}", grpc.addr)).await.unwrap();
    let mut over_grpc = Vec::new();
    for o in &orders {
        over_grpc.push(client.place(o.clone()).await.unwrap().into_inner());
    }
    // (Invalid requests over gRPC: the codec's tests, codec/tests/tonic.rs,
    // and the generated services', schema/testcrate/tests/grpc.rs.)
    grpc.shutdown();

    let http = services::start_http_order_service(services::fixed_clock).await.unwrap();
    let mut over_http = Vec::new();
    for o in &orders {
        let (status, body) = services::post_json(http.addr, &serde_json::to_string(o).unwrap()).await.unwrap();
        assert_eq!(status, 200, "{body}");
        over_http.push(serde_json::from_str::<OrderAck>(&body).unwrap());
    }
    let (status, body) = services::post_json(http.addr, r#"{"order_id": 1, "quantity": "lots"}"#).await.unwrap();
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("quantity"), "{body}");
    let (status, _) = services::post_json(http.addr, &serde_json::to_string(&orders[1]).unwrap()).await.unwrap();
    assert_eq!(status, 200, "the HTTP service serves on after a bad body");
    http.shutdown();

    for (o, a) in orders.iter().zip(&expected) {
        check_ack(o, a);
    }
    assert_eq!(over_grpc, expected);
    assert_eq!(over_http, expected);
}
