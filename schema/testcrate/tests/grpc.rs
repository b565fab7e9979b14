//! The gRPC code generated for `services.zw` (a service of every kind of
//! call), served by tonic over loopback and called by the generated client:
//! every kind of call with both generated variants (server handlers that
//! read requests in place as `Owned<Req>` with a client receiving `Resp`,
//! and handlers taking the decoded `Req` with a client receiving
//! `Owned<Resp>`), the two variants talking to each other, the gRPC paths
//! the server answers, and invalid requests refused while serving goes on.

use std::net::SocketAddr;
use std::pin::Pin;

use tokio_stream::{Stream, StreamExt};
use tonic::codegen::http;
use tonic::transport::Server;
use tonic::{Code, Request, Response, Status, Streaming};
use zerowire::Owned;
use zerowire_schema_testcrate::common::v1::Money;
use zerowire_schema_testcrate::decoded;
use zerowire_schema_testcrate::orders::v1::orders_client::OrdersClient;
use zerowire_schema_testcrate::orders::v1::orders_server::{Orders, OrdersServer};
use zerowire_schema_testcrate::orders::v1::{Msg, NewOrder, OrderAck, Summary, Tick, WatchRequest};

type BoxStream<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send + 'static>>;

/// The answers, computed from plain values; both servers give these.
fn ack(symbol: &str, qty: u32, units: i64) -> OrderAck {
    OrderAck { id: u64::from(qty) * 1_000 + units as u64, symbol: symbol.to_uppercase() }
}

fn tick(symbol: &str, seq: u32) -> Tick {
    Tick { seq, price: Money { currency: symbol.to_string(), units: i64::from(seq) * 100 } }
}

fn reply(text: &str) -> Msg {
    Msg { text: format!("re: {text}") }
}

/// A server whose handlers read every request in place (`Owned<Req>`).
struct InPlace;

#[tonic::async_trait]
impl Orders for InPlace {
    async fn place(&self, request: Request<Owned<NewOrder>>) -> Result<Response<OrderAck>, Status> {
        // Validated on receipt: the accessors' errors cannot happen here.
        let order = request.get_ref().view();
        let symbol = order.symbol();
        Ok(Response::new(ack(symbol, order.qty(), order.price().units())))
    }

    type WatchStream = BoxStream<Tick>;

    async fn watch(&self, request: Request<Owned<WatchRequest>>) -> Result<Response<Self::WatchStream>, Status> {
        let w = request.get_ref().view();
        let symbol = w.symbol().to_string();
        let ticks: Vec<Result<Tick, Status>> = (0..w.count()).map(|seq| Ok(tick(&symbol, seq))).collect();
        Ok(Response::new(Box::pin(tokio_stream::iter(ticks))))
    }

    async fn upload(&self, request: Request<Streaming<Owned<Money>>>) -> Result<Response<Summary>, Status> {
        let mut prices = request.into_inner();
        let mut summary = Summary { count: 0, total: 0 };
        while let Some(price) = prices.next().await {
            summary.count += 1;
            summary.total += price?.view().units();
        }
        Ok(Response::new(summary))
    }

    type ChatStream = BoxStream<Msg>;

    async fn chat(&self, request: Request<Streaming<Owned<Msg>>>) -> Result<Response<Self::ChatStream>, Status> {
        let answers = request.into_inner().map(|m| {
            let m = m?;
            let text = m.view().text();
            Ok(reply(text))
        });
        Ok(Response::new(Box::pin(answers)))
    }
}

/// A server generated with decoded requests (`Req`).
struct Decoded;

#[tonic::async_trait]
impl decoded::orders::v1::orders_server::Orders for Decoded {
    async fn place(
        &self,
        request: Request<decoded::orders::v1::NewOrder>,
    ) -> Result<Response<decoded::orders::v1::OrderAck>, Status> {
        let o = request.into_inner();
        let a = ack(&o.symbol, o.qty, o.price.units);
        Ok(Response::new(decoded::orders::v1::OrderAck { id: a.id, symbol: a.symbol }))
    }

    type WatchStream = BoxStream<decoded::orders::v1::Tick>;

    async fn watch(
        &self,
        request: Request<decoded::orders::v1::WatchRequest>,
    ) -> Result<Response<Self::WatchStream>, Status> {
        let w = request.into_inner();
        let ticks: Vec<Result<decoded::orders::v1::Tick, Status>> = (0..w.count)
            .map(|seq| {
                let t = tick(&w.symbol, seq);
                Ok(decoded::orders::v1::Tick {
                    seq: t.seq,
                    price: decoded::common::v1::Money { currency: t.price.currency, units: t.price.units },
                })
            })
            .collect();
        Ok(Response::new(Box::pin(tokio_stream::iter(ticks))))
    }

    async fn upload(
        &self,
        request: Request<Streaming<decoded::common::v1::Money>>,
    ) -> Result<Response<decoded::orders::v1::Summary>, Status> {
        let mut prices = request.into_inner();
        let mut summary = decoded::orders::v1::Summary { count: 0, total: 0 };
        while let Some(price) = prices.next().await {
            summary.count += 1;
            summary.total += price?.units;
        }
        Ok(Response::new(summary))
    }

    type ChatStream = BoxStream<decoded::orders::v1::Msg>;

    async fn chat(
        &self,
        request: Request<Streaming<decoded::orders::v1::Msg>>,
    ) -> Result<Response<Self::ChatStream>, Status> {
        let answers = request.into_inner().map(|m| Ok(decoded::orders::v1::Msg { text: reply(&m?.text).text }));
        Ok(Response::new(Box::pin(answers)))
    }
}

/// Serves `service` on a fresh loopback port; returns its address.
async fn serve<S>(service: S) -> SocketAddr
where
    S: tonic::codegen::Service<
            http::Request<tonic::body::Body>,
            Response = http::Response<tonic::body::Body>,
            Error = std::convert::Infallible,
        > + tonic::server::NamedService
        + Clone
        + Send
        + Sync
        + 'static,
    S::Future: Send + 'static,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let incoming = tokio_stream::wrappers::TcpListenerStream::new(listener);
    tokio::spawn(Server::builder().add_service(service).serve_with_incoming(incoming));
    addr
}

fn order(symbol: &str, qty: u32, units: i64) -> NewOrder {
    NewOrder { symbol: symbol.into(), qty, price: Money { currency: "EUR".into(), units } }
}

/// The generated default client (receives `Resp`) against `addr`: every
/// kind of call, every answer checked.
async fn default_client_calls(addr: SocketAddr) {
    let mut client = OrdersClient::connect(format!("http://{addr}")).await.unwrap();

    let a = client.place(order("zw", 3, 250)).await.unwrap().into_inner();
    assert_eq!(a, ack("zw", 3, 250));

    let ticks: Vec<Tick> = client
        .watch(WatchRequest { symbol: "ZW".into(), count: 5 })
        .await
        .unwrap()
        .into_inner()
        .collect::<Result<_, _>>()
        .await
        .unwrap();
    assert_eq!(ticks, (0..5).map(|i| tick("ZW", i)).collect::<Vec<_>>());

    let prices: Vec<Money> = (1..=10).map(|i| Money { currency: "EUR".into(), units: i * 7 }).collect();
    let s = client.upload(tokio_stream::iter(prices)).await.unwrap().into_inner();
    assert_eq!(s, Summary { count: 10, total: 7 * 55 });

    // An empty stream is a call too.
    let s = client.upload(tokio_stream::iter(Vec::<Money>::new())).await.unwrap().into_inner();
    assert_eq!(s, Summary { count: 0, total: 0 });

    let lines = ["hello", "é ü", ""];
    let msgs: Vec<Msg> = lines.iter().map(|t| Msg { text: t.to_string() }).collect();
    let answers: Vec<Msg> =
        client.chat(tokio_stream::iter(msgs)).await.unwrap().into_inner().collect::<Result<_, _>>().await.unwrap();
    assert_eq!(answers, lines.iter().map(|t| reply(t)).collect::<Vec<_>>());
}

/// The client generated with `Owned<Resp>` responses against `addr`.
async fn owned_client_calls(addr: SocketAddr) {
    use decoded::orders::v1 as d;
    let mut client = d::orders_client::OrdersClient::connect(format!("http://{addr}")).await.unwrap();
    let o = d::NewOrder {
        symbol: "zw".into(),
        qty: 3,
        price: decoded::common::v1::Money { currency: "EUR".into(), units: 250 },
    };
    let a: Owned<d::OrderAck> = client.place(o).await.unwrap().into_inner();
    let want = ack("zw", 3, 250);
    assert_eq!((a.view().id(), a.view().symbol()), (want.id, want.symbol.as_str()));

    let mut ticks = client.watch(d::WatchRequest { symbol: "ZW".into(), count: 4 }).await.unwrap().into_inner();
    let mut seen = Vec::new();
    while let Some(t) = ticks.next().await {
        let t = t.unwrap();
        let v = t.view();
        let price = v.price();
        seen.push((v.seq(), price.currency().to_string(), price.units()));
    }
    let want: Vec<_> = (0..4).map(|i| tick("ZW", i)).map(|t| (t.seq, t.price.currency, t.price.units)).collect();
    assert_eq!(seen, want);

    let prices: Vec<_> = (1..=3).map(|i| decoded::common::v1::Money { currency: "EUR".into(), units: i }).collect();
    let s = client.upload(tokio_stream::iter(prices)).await.unwrap().into_inner();
    assert_eq!((s.view().count(), s.view().total()), (3, 6));

    let answers: Vec<String> = client
        .chat(tokio_stream::iter(vec![d::Msg { text: "a".into() }, d::Msg { text: "b".into() }]))
        .await
        .unwrap()
        .into_inner()
        .map(|m| m.unwrap().view().text().to_string())
        .collect()
        .await;
    assert_eq!(answers, ["re: a", "re: b"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_call_with_handlers_reading_requests_in_place() {
    let addr = serve(OrdersServer::new(InPlace)).await;
    default_client_calls(addr).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_call_with_decoded_requests_and_owned_responses() {
    let addr = serve(decoded::orders::v1::orders_server::OrdersServer::new(Decoded)).await;
    owned_client_calls(addr).await;
}

/// What each side receives is its own choice: the wire is the same, so
/// each generated client talks to each generated server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_variants_talk_to_each_other() {
    let in_place = serve(OrdersServer::new(InPlace)).await;
    let decoded = serve(decoded::orders::v1::orders_server::OrdersServer::new(Decoded)).await;
    default_client_calls(decoded).await;
    owned_client_calls(in_place).await;
}

/// The server answers the paths `/orders.v1.Orders/<Method>` (as
/// `SERVICE_NAME` says) and nothing else; a call to an unknown method is
/// `UNIMPLEMENTED`, and the server goes on serving.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paths_are_package_service_method() {
    use zerowire_schema_testcrate::orders::v1::orders_server::SERVICE_NAME;
    assert_eq!(SERVICE_NAME, "orders.v1.Orders");
    let addr = serve(OrdersServer::new(InPlace)).await;
    let channel = tonic::transport::Endpoint::new(format!("http://{addr}")).unwrap().connect().await.unwrap();
    let mut grpc = tonic::client::Grpc::new(channel.clone());
    grpc.ready().await.unwrap();
    let codec = zerowire::tonic::Codec::<NewOrder, OrderAck>::default();
    let path = http::uri::PathAndQuery::from_static("/orders.v1.Orders/Place");
    let a = grpc.unary(Request::new(order("x", 1, 2)), path, codec).await.unwrap().into_inner();
    assert_eq!(a, ack("x", 1, 2));
    for wrong in ["/orders.v1.Orders/place", "/Orders/Place", "/orders.v1.Orders/Nope"] {
        grpc.ready().await.unwrap();
        let codec = zerowire::tonic::Codec::<NewOrder, OrderAck>::default();
        let path = http::uri::PathAndQuery::from_static(wrong);
        let e = grpc.unary(Request::new(order("x", 1, 2)), path, codec).await.unwrap_err();
        assert_eq!(e.code(), Code::Unimplemented, "{wrong}");
    }
    let mut client = OrdersClient::new(channel);
    assert_eq!(client.place(order("y", 2, 3)).await.unwrap().into_inner(), ack("y", 2, 3));
}

/// Sends bytes as they are, and receives with zerowire's decoder: a client
/// that can send what no generated client would.
#[derive(Default)]
struct RawCodec;

struct RawEncoder;

impl tonic::codec::Encoder for RawEncoder {
    type Item = Vec<u8>;
    type Error = Status;

    fn encode(&mut self, item: Vec<u8>, dst: &mut tonic::codec::EncodeBuf<'_>) -> Result<(), Status> {
        use bytes::BufMut;
        dst.put_slice(&item);
        Ok(())
    }
}

impl tonic::codec::Codec for RawCodec {
    type Encode = Vec<u8>;
    type Decode = OrderAck;
    type Encoder = RawEncoder;
    type Decoder = zerowire::tonic::Decoder<OrderAck>;

    fn encoder(&mut self) -> RawEncoder {
        RawEncoder
    }

    fn decoder(&mut self) -> Self::Decoder {
        tonic::codec::Codec::decoder(&mut zerowire::tonic::Codec::<NewOrder, OrderAck>::default())
    }
}

/// A request that is not a valid `NewOrder` never reaches the generated
/// server's handler: the call is `INVALID_ARGUMENT` with zerowire's error,
/// for both variants of the server, and the server goes on serving.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invalid_request_is_invalid_argument_and_the_server_goes_on() {
    let in_place = serve(OrdersServer::new(InPlace)).await;
    let decoded = serve(decoded::orders::v1::orders_server::OrdersServer::new(Decoded)).await;
    let good = zerowire::encode(&order("zw", 3, 250));
    let truncated = good[..good.len() - 1].to_vec();
    let mut bad_utf8 = good.clone();
    let at = bad_utf8.windows(2).position(|w| w == b"zw").expect("the symbol's bytes");
    bad_utf8[at] = 0xff;
    for addr in [in_place, decoded] {
        let channel = tonic::transport::Endpoint::new(format!("http://{addr}")).unwrap().connect().await.unwrap();
        let mut grpc = tonic::client::Grpc::new(channel.clone());
        for bytes in [truncated.clone(), bad_utf8.clone(), vec![], vec![0xff; 3]] {
            grpc.ready().await.unwrap();
            let path = http::uri::PathAndQuery::from_static("/orders.v1.Orders/Place");
            let e = grpc.unary(Request::new(bytes.clone()), path, RawCodec).await.unwrap_err();
            assert_eq!(e.code(), Code::InvalidArgument, "{bytes:?}: {e:?}");
            assert!(e.message().contains("NewOrder"), "{}", e.message());
        }
        // The valid bytes go through the same raw client, and a generated
        // client still gets its answers.
        grpc.ready().await.unwrap();
        let path = http::uri::PathAndQuery::from_static("/orders.v1.Orders/Place");
        let a = grpc.unary(Request::new(good.clone()), path, RawCodec).await.unwrap().into_inner();
        assert_eq!(a, ack("zw", 3, 250));
        let mut client = OrdersClient::new(channel);
        assert_eq!(client.place(order("ok", 1, 1)).await.unwrap().into_inner(), ack("ok", 1, 1));
    }
}
