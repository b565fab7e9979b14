//! Two services talking zerowire frames over TCP on 127.0.0.1, in one
//! process: an order service (request/response) and a pricing service (a
//! one-way stream of ticks), their clients, one of which asks for the JSON
//! fallback; then the same order service over gRPC (tonic, its server and
//! client generated from the schema's `service Orders`) and over HTTP (axum),
//! reached by a client that speaks only JSON. Prints what was sent, the frame sizes next to protobuf (prost)
//! and JSON sizes of the same messages, and the round-trip latency.
//!
//! `cargo run --release -p zerowire-examples --example services`
//!
//! The services live in `zerowire_examples::services` (shared with
//! `tests/services.rs`). This example sits in its own crate, not in
//! `codec/examples/`, because the size comparison needs prost and serde_json,
//! which the codec crate must not depend on; and not in the benches crate, so
//! that running it does not build every benchmark peer.

use std::time::{Duration, Instant};

use zerowire::frame::{HEADER_LEN, PREFIX_LEN};
use zerowire_examples::services::{
    self, Fill, OrderAck, OrderClient, OrderKind, OrderStatus, PlaceOrder, Price, PriceTick, Side, Subscribe,
    json_frame,
};

/// Round trips timed per client.
const ROUND_TRIPS: usize = 10_000;
/// Untimed round trips first (connection and allocator warm-up).
const WARM_UP: usize = 1_000;
/// Ticks in the binary subscription.
const TICKS: u32 = 10_000;

/// The same messages as protobuf, for the size comparison: what prost-build
/// would generate from
///
/// ```proto
/// message Price { sint64 mantissa = 1; sint32 exponent = 2; }
/// message PlaceOrder { uint64 order_id = 1; uint64 account = 2; string symbol = 3; Side side = 4;
///   OrderKind kind = 5; Price limit = 6; uint32 quantity = 7; int64 sent_at_ns = 8;
///   optional string client_tag = 9; }
/// message Fill { uint64 fill_id = 1; Price price = 2; uint32 quantity = 3; string venue = 4; int64 at_ns = 5; }
/// message OrderAck { uint64 order_id = 1; uint64 exchange_id = 2; OrderStatus status = 3;
///   uint32 filled_quantity = 4; repeated Fill fills = 5; int64 acked_at_ns = 6;
///   optional string client_tag = 7; optional string reason = 8; }
/// message Subscribe { repeated string symbols = 1; uint32 max_ticks = 2; }
/// message PriceTick { uint64 seq = 1; string symbol = 2; Price bid = 3; Price ask = 4;
///   uint32 bid_size = 5; uint32 ask_size = 6; int64 at_ns = 7; }
/// ```
///
/// (enums as `int32`, as prost stores them).
mod pb {
    /// `Price`.
    #[derive(Clone, Copy, PartialEq, prost::Message)]
    pub(crate) struct Price {
        #[prost(sint64, tag = "1")]
        pub(crate) mantissa: i64,
        #[prost(sint32, tag = "2")]
        pub(crate) exponent: i32,
    }
    /// `PlaceOrder`.
    #[derive(Clone, PartialEq, prost::Message)]
    pub(crate) struct PlaceOrder {
        #[prost(uint64, tag = "1")]
        pub(crate) order_id: u64,
        #[prost(uint64, tag = "2")]
        pub(crate) account: u64,
        #[prost(string, tag = "3")]
        pub(crate) symbol: String,
        #[prost(int32, tag = "4")]
        pub(crate) side: i32,
        #[prost(int32, tag = "5")]
        pub(crate) kind: i32,
        #[prost(message, optional, tag = "6")]
        pub(crate) limit: Option<Price>,
        #[prost(uint32, tag = "7")]
        pub(crate) quantity: u32,
        #[prost(int64, tag = "8")]
        pub(crate) sent_at_ns: i64,
        #[prost(string, optional, tag = "9")]
        pub(crate) client_tag: Option<String>,
    }
    /// `Fill`.
    #[derive(Clone, PartialEq, prost::Message)]
    pub(crate) struct Fill {
        #[prost(uint64, tag = "1")]
        pub(crate) fill_id: u64,
        #[prost(message, optional, tag = "2")]
        pub(crate) price: Option<Price>,
        #[prost(uint32, tag = "3")]
        pub(crate) quantity: u32,
        #[prost(string, tag = "4")]
        pub(crate) venue: String,
        #[prost(int64, tag = "5")]
        pub(crate) at_ns: i64,
    }
    /// `OrderAck`.
    #[derive(Clone, PartialEq, prost::Message)]
    pub(crate) struct OrderAck {
        #[prost(uint64, tag = "1")]
        pub(crate) order_id: u64,
        #[prost(uint64, tag = "2")]
        pub(crate) exchange_id: u64,
        #[prost(int32, tag = "3")]
        pub(crate) status: i32,
        #[prost(uint32, tag = "4")]
        pub(crate) filled_quantity: u32,
        #[prost(message, repeated, tag = "5")]
        pub(crate) fills: Vec<Fill>,
        #[prost(int64, tag = "6")]
        pub(crate) acked_at_ns: i64,
        #[prost(string, optional, tag = "7")]
        pub(crate) client_tag: Option<String>,
        #[prost(string, optional, tag = "8")]
        pub(crate) reason: Option<String>,
    }
    /// `Subscribe`.
    #[derive(Clone, PartialEq, prost::Message)]
    pub(crate) struct Subscribe {
        #[prost(string, repeated, tag = "1")]
        pub(crate) symbols: Vec<String>,
        #[prost(uint32, tag = "2")]
        pub(crate) max_ticks: u32,
    }
    /// `PriceTick`.
    #[derive(Clone, PartialEq, prost::Message)]
    pub(crate) struct PriceTick {
        #[prost(uint64, tag = "1")]
        pub(crate) seq: u64,
        #[prost(string, tag = "2")]
        pub(crate) symbol: String,
        #[prost(message, optional, tag = "3")]
        pub(crate) bid: Option<Price>,
        #[prost(message, optional, tag = "4")]
        pub(crate) ask: Option<Price>,
        #[prost(uint32, tag = "5")]
        pub(crate) bid_size: u32,
        #[prost(uint32, tag = "6")]
        pub(crate) ask_size: u32,
        #[prost(int64, tag = "7")]
        pub(crate) at_ns: i64,
    }
}

fn pb_price(p: Price) -> Option<pb::Price> {
    Some(pb::Price { mantissa: p.mantissa, exponent: i32::from(p.exponent) })
}

fn side_code(s: Side) -> i32 {
    match s {
        Side::Buy => 0,
        Side::Sell => 1,
        Side::Unknown(n) => i32::from(n),
    }
}

fn pb_order(o: &PlaceOrder) -> pb::PlaceOrder {
    pb::PlaceOrder {
        order_id: o.order_id,
        account: o.account,
        symbol: o.symbol.clone(),
        side: side_code(o.side),
        kind: i32::from(o.kind != OrderKind::Limit),
        limit: pb_price(o.limit),
        quantity: o.quantity,
        sent_at_ns: o.sent_at_ns,
        client_tag: o.client_tag.clone(),
    }
}

fn pb_fill(f: &Fill) -> pb::Fill {
    pb::Fill {
        fill_id: f.fill_id,
        price: pb_price(f.price),
        quantity: f.quantity,
        venue: f.venue.clone(),
        at_ns: f.at_ns,
    }
}

fn pb_ack(a: &OrderAck) -> pb::OrderAck {
    pb::OrderAck {
        order_id: a.order_id,
        exchange_id: a.exchange_id,
        status: match a.status {
            OrderStatus::Accepted => 0,
            OrderStatus::PartiallyFilled => 1,
            OrderStatus::Filled => 2,
            OrderStatus::Rejected => 3,
            OrderStatus::Unknown(n) => i32::from(n),
        },
        filled_quantity: a.filled_quantity,
        fills: a.fills.iter().map(pb_fill).collect(),
        acked_at_ns: a.acked_at_ns,
        client_tag: a.client_tag.clone(),
        reason: a.reason.clone(),
    }
}

fn pb_tick(t: &PriceTick) -> pb::PriceTick {
    pb::PriceTick {
        seq: t.seq,
        symbol: t.symbol.clone(),
        bid: pb_price(t.bid),
        ask: pb_price(t.ask),
        bid_size: t.bid_size,
        ask_size: t.ask_size,
        at_ns: t.at_ns,
    }
}

/// One row of the size table: zerowire payload and frame, protobuf and its
/// length-delimited form, JSON and its line (+ `\n`).
fn size_row<M: zerowire::Message + serde::Serialize>(name: &str, m: &M, pb: &impl prost::Message) {
    let zw = zerowire::encode(m).len();
    let js = serde_json::to_vec(m).expect("plain data").len();
    println!(
        "  {name:<11} {zw:>8} {:>8} {:>8} {:>8} {js:>8} {:>8}",
        zw + PREFIX_LEN + HEADER_LEN,
        pb.encoded_len(),
        pb.encoded_len() + prost::length_delimiter_len(pb.encoded_len()),
        js + 1
    );
}

fn order(order_id: u64, symbol: &str, side: Side, cents: i64, quantity: u32, tag: Option<&str>) -> PlaceOrder {
    PlaceOrder {
        order_id,
        account: 7_001_234,
        symbol: symbol.into(),
        side,
        kind: OrderKind::Limit,
        limit: Price::cents(cents),
        quantity,
        sent_at_ns: services::system_clock(),
        client_tag: tag.map(str::to_owned),
    }
}

fn show_ack(a: &OrderAck) -> String {
    let fills: Vec<String> = a.fills.iter().map(|f| format!("{}@{} {}", f.quantity, f.price, f.venue)).collect();
    format!(
        "#{} exch {} {:?} filled {} [{}]{}{}",
        a.order_id,
        a.exchange_id,
        a.status,
        a.filled_quantity,
        fills.join(", "),
        a.client_tag.as_deref().map(|t| format!(" tag {t:?}")).unwrap_or_default(),
        a.reason.as_deref().map(|r| format!(" reason {r:?}")).unwrap_or_default(),
    )
}

/// Median, p99 and max of `samples` (sorted here), in microseconds.
fn percentiles(samples: &mut [Duration]) -> (f64, f64, f64) {
    samples.sort_unstable();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e6;
    (at(0.5), at(0.99), at(1.0))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), services::Error> {
    let started = Instant::now();
    let pricing = services::start_pricing_service().await?;
    let orders = services::start_order_service(services::system_clock).await?;
    println!("pricing service on {}, order service on {}", pricing.addr, orders.addr);

    // 1. The pricing service pushes a one-way stream of ticks.
    let symbols: Vec<String> = ["ZWX", "ACME", "INIT"].map(String::from).to_vec();
    let sub = Subscribe { symbols: symbols.clone(), max_ticks: TICKS };
    let t0 = Instant::now();
    let ticks = services::subscribe(pricing.addr, &sub).await?;
    let elapsed = t0.elapsed();
    let in_order = ticks.iter().enumerate().all(|(i, t)| t.view().seq() == i as u64);
    println!("\n== pricing: one-way stream (binary frames)");
    println!("  sent Subscribe {{ symbols: {symbols:?}, max_ticks: {TICKS} }}");
    for t in ticks.iter().take(3) {
        let v = t.view();
        println!(
            "  tick #{} {} bid {} x {} ask {} x {}",
            v.seq(),
            v.symbol(),
            v.bid(),
            v.bid_size(),
            v.ask(),
            v.ask_size()
        );
    }
    println!(
        "  ... {} ticks in {:.1} ms ({:.0} ticks/s), in order: {in_order}",
        ticks.len(),
        elapsed.as_secs_f64() * 1e3,
        ticks.len() as f64 / elapsed.as_secs_f64()
    );
    let json_ticks =
        services::subscribe_json(pricing.addr, &Subscribe { symbols: symbols.clone(), max_ticks: 2 }).await?;
    println!("  a JSON subscriber gets the same stream as JSON: {}", serde_json::to_string(&json_ticks[1])?);

    // 2. The order service: request/response on one connection.
    println!("\n== orders: request/response (binary frames)");
    let mut client = OrderClient::connect(orders.addr).await?;
    let samples = [
        order(1, "ZWX", Side::Buy, 19_005, 300, Some("alpha-7")),
        order(2, "ACME", Side::Sell, 4_250, 1_600, None),
        PlaceOrder { kind: OrderKind::Market, ..order(3, "INIT", Side::Buy, 0, 100, None) },
    ];
    for o in &samples {
        let ack = client.place(o).await?;
        println!(
            "  sent #{} {:?} {:?} {} {} @ {}{}",
            o.order_id,
            o.kind,
            o.side,
            o.quantity,
            o.symbol,
            o.limit,
            o.client_tag.as_deref().map(|t| format!(" tag {t:?}")).unwrap_or_default()
        );
        println!("   got {}", show_ack(&ack.decode()?));
    }

    // 3. A client that asks for the JSON fallback: JSON frames both ways.
    println!("\n== orders: the JSON fallback (payload format 1 in the frame header)");
    let mut json_client = OrderClient::connect(orders.addr).await?;
    let request = json_frame(&samples[0])?;
    println!("  sent {}", std::str::from_utf8(&request.payload)?);
    let answer = json_client.exchange(request).await?;
    println!("   got {} frame: {}", answer.header.format, std::str::from_utf8(&answer.payload)?);

    // 4. The same order service where services usually talk: gRPC (tonic,
    //    server and client generated from the schema's `service Orders`)
    //    and HTTP (axum), one handler reading each request in place.
    println!("\n== orders over gRPC (tonic, zerowire codec) and over HTTP (axum, binary or JSON)");
    let grpc = services::start_grpc_order_service(services::system_clock).await?;
    let http = services::start_http_order_service(services::system_clock).await?;
    let mut grpc_client = services::OrdersClient::connect(format!("http://{}", grpc.addr)).await?;
    let ack = grpc_client.place(samples[0].clone()).await?.into_inner();
    println!("  gRPC  /demo.trading.v1.Orders/Place on {}", grpc.addr);
    println!("   got {}", show_ack(&ack));
    // A client that speaks only JSON (a browser, curl, a service in another
    // language) reaches the same handler: the JSON mapping of the schema.
    let json_order = serde_json::to_string(&samples[0])?;
    let (status, body) = services::post_json(http.addr, &json_order).await?;
    println!("  HTTP  POST /orders on {} (Content-Type and Accept: application/json)", http.addr);
    println!("  sent {json_order}");
    println!("   got {status} {body}");
    let bad = services::post_json(http.addr, r#"{"order_id":"1","quantity":"lots"}"#).await?;
    println!("  a bad body gets {} {}", bad.0, bad.1.trim());
    grpc.shutdown();
    http.shutdown();

    // 5. Sizes of the same messages.
    let ack = client.place(&samples[1]).await?.decode()?;
    let tick = services::tick(42, &symbols);
    println!("\n== sizes in bytes (same messages; frame = 4-byte length + 8-byte header + payload)");
    println!(
        "  {:<11} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}",
        "message", "zerowire", "zw frame", "protobuf", "pb delim", "JSON", "JSON ln"
    );
    size_row("PlaceOrder", &samples[0], &pb_order(&samples[0]));
    size_row("OrderAck", &ack, &pb_ack(&ack));
    size_row("PriceTick", &tick, &pb_tick(&tick));
    size_row("Subscribe", &sub, &pb::Subscribe { symbols: sub.symbols.clone(), max_ticks: sub.max_ticks });
    println!("  (zerowire trades size for reading in place: fixed slots, no varints; protobuf is smallest)");

    // 6. Round-trip latency: one request in flight, client and services in
    //    this process, over loopback.
    println!("\n== round trip over loopback, {ROUND_TRIPS} requests, one in flight (2 runtime threads)");
    for json in [false, true] {
        let mut c = OrderClient::connect(orders.addr).await?;
        let mut rtts = Vec::with_capacity(ROUND_TRIPS);
        for i in 0..WARM_UP + ROUND_TRIPS {
            let o = order(1_000 + i as u64, "ZWX", Side::Buy, 19_000, 500, Some("lat"));
            let t = Instant::now();
            let id = if json { c.place_json(&o).await?.order_id } else { c.place(&o).await?.view().order_id() };
            let rtt = t.elapsed();
            assert_eq!(id, o.order_id, "ack for the wrong order");
            if i >= WARM_UP {
                rtts.push(rtt);
            }
        }
        let (p50, p99, max) = percentiles(&mut rtts);
        let label = if json { "JSON frames" } else { "binary frames" };
        println!("  {label:<14} median {p50:>6.1} us   p99 {p99:>6.1} us   max {max:>7.1} us");
    }

    orders.shutdown();
    pricing.shutdown();
    println!("\ndone in {:.2} s", started.elapsed().as_secs_f64());
    Ok(())
}
