//! The gRPC service tonic-build's manual builder generated with zerowire's
//! codec (`zerowire_examples::grpc_manual`), served and called over
//! loopback with the generated server and client: the four kinds of method,
//! answers checked against the pricing rule.

use futures_util::{TryStreamExt, stream};
use tonic::transport::Server;
use tonic::transport::server::TcpIncoming;
use zerowire::Owned;
use zerowire_examples::grpc_manual::pricing::pricing_client::PricingClient;
use zerowire_examples::grpc_manual::pricing::pricing_server::PricingServer;
use zerowire_examples::grpc_manual::{PriceReply, PriceRequest, PricingService, TickRequest, unit_cents};

const SYMBOLS: [&str; 4] = ["ZWX", "ACME", "INIT", "Ωmega"];

/// Serves `PricingService` on a fresh loopback port until the test's
/// runtime ends; returns a connected client.
async fn start() -> PricingClient<tonic::transport::Channel> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = Server::builder().add_service(PricingServer::new(PricingService));
    tokio::spawn(server.serve_with_incoming(TcpIncoming::from(listener)));
    PricingClient::connect(format!("http://{addr}")).await.unwrap()
}

fn request(i: u32) -> PriceRequest {
    PriceRequest { symbol: SYMBOLS[i as usize % SYMBOLS.len()].into(), qty: i % 50 }
}

fn expected(r: &PriceRequest) -> PriceReply {
    let unit = unit_cents(&r.symbol, 0);
    PriceReply { symbol: r.symbol.clone(), qty: r.qty, unit_cents: unit, total_cents: unit * u64::from(r.qty) }
}

#[tokio::test]
async fn unary_quotes() {
    let mut client = start().await;
    for i in 0..100 {
        let r = request(i);
        // The method's request type is `Owned<PriceRequest>` on both sides.
        let reply = client.quote(Owned::from_message(&r)).await.unwrap().into_inner();
        assert_eq!(reply, expected(&r));
    }
}

#[tokio::test]
async fn server_streaming_ticks() {
    let mut client = start().await;
    let ticks: Vec<PriceReply> = client
        .ticks(TickRequest { symbol: "ACME".into(), count: 1_000 })
        .await
        .unwrap()
        .into_inner()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ticks.len(), 1_000);
    for (t, tick) in ticks.iter().enumerate() {
        let unit = unit_cents("ACME", t as u32);
        assert_eq!((tick.symbol.as_str(), tick.unit_cents, tick.total_cents), ("ACME", unit, unit));
    }
}

#[tokio::test]
async fn client_streaming_basket() {
    let mut client = start().await;
    let lines: Vec<PriceRequest> = (0..300).map(request).collect();
    let total = client
        .basket(stream::iter(lines.iter().map(Owned::from_message).collect::<Vec<_>>()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(total.symbol, "*");
    assert_eq!(total.qty, lines.iter().map(|l| l.qty).sum::<u32>());
    assert_eq!(total.total_cents, lines.iter().map(|l| expected(l).total_cents).sum::<u64>());
}

#[tokio::test]
async fn bidirectional_live_prices() {
    let mut client = start().await;
    let asks: Vec<PriceRequest> = (0..300).map(request).collect();
    let replies: Vec<PriceReply> =
        client.live(stream::iter(asks.clone())).await.unwrap().into_inner().try_collect().await.unwrap();
    assert_eq!(replies, asks.iter().map(expected).collect::<Vec<_>>());
}
