//! `zerowire::tonic::Codec` over a real tonic server and client on loopback:
//! the four streaming kinds with owned and `Owned<M>` messages both ways,
//! invalid requests and responses, per-message compression, and the two
//! limits (tonic's decoding size, zerowire's `Limits`). The service glue is
//! written by hand with `tonic::server::Grpc` and `tonic::client::Grpc`, as
//! generated code would. Also the codec alone, through tonic's own framing
//! (`EncodeBody`, `Streaming`) without a network.

#![allow(missing_docs, unreachable_pub)]

use std::convert::Infallible;
use std::net::SocketAddr;
use std::task::{Context, Poll};

use bytes::{BufMut, Bytes};
use futures_util::{TryStreamExt, stream};
use http_body_util::BodyExt;
use tonic::codec::{Codec as _, CompressionEncoding, DecodeBuf, EncodeBody, EncodeBuf, Streaming};
use tonic::codegen::{BoxFuture, BoxStream, Service, http};
use tonic::server::NamedService;
use tonic::transport::{Channel, Server};
use tonic::{Code, Request, Response, Status};
use tower::service_fn;
use zerowire::tonic::{Codec, Incoming, Outgoing};
use zerowire::{Limits, Owned};

#[derive(zerowire::Message, Debug, Clone, PartialEq)]
pub struct Quote {
    pub seq: u64,
    pub symbol: String,
    pub prices: Vec<i64>,
    pub note: Option<String>,
}

#[derive(zerowire::Message, Debug, Clone, PartialEq)]
pub struct Ack {
    pub seq: u64,
    pub total: i64,
    pub symbol: String,
}

/// A chain of nodes: one nesting level per node, for the depth limit.
#[derive(zerowire::Message, Debug, Clone, PartialEq)]
pub struct Node {
    pub value: u32,
    pub next: Option<Box<Node>>,
}

fn quote(seq: u64) -> Quote {
    Quote {
        seq,
        symbol: format!("SYM{}", seq % 17),
        prices: (0..(seq % 9) as i64).map(|i| i * 100 - seq as i64).collect(),
        note: (seq % 3 == 0).then(|| "é".repeat(seq as usize % 5)),
    }
}

/// What the server answers to a quote: computed from the owned value.
fn ack(q: &Quote) -> Ack {
    Ack { seq: q.seq, total: q.prices.iter().sum(), symbol: q.symbol.clone() }
}

/// The same answer read in place from the received bytes.
fn ack_in_place(q: &Owned<Quote>) -> Ack {
    let v = q.view();
    let symbol = v.symbol().to_owned();
    let total = v.prices().iter().sum();
    Ack { seq: v.seq(), total, symbol }
}

fn chain(depth: u32) -> Node {
    (1..depth).fold(Node { value: 0, next: None }, |next, value| Node { value, next: Some(Box::new(next)) })
}

// ---------------------------------------------------------------------------
// The service: routes by path, each with its own request and response types.

/// What the server is configured with.
#[derive(Clone, Copy, Default)]
struct Config {
    compression: Option<CompressionEncoding>,
    max_decoding: Option<usize>,
    limits: Option<Limits>,
}

#[derive(Clone)]
struct Quotes(Config);

impl NamedService for Quotes {
    const NAME: &'static str = "test.Quotes";
}

fn server_grpc<E: Outgoing, D: Incoming>(cfg: Config) -> tonic::server::Grpc<Codec<E, D>> {
    let mut grpc = tonic::server::Grpc::new(cfg.limits.map(Codec::with_limits).unwrap_or_default());
    if let Some(enc) = cfg.compression {
        grpc = grpc.accept_compressed(enc).send_compressed(enc);
    }
    if let Some(n) = cfg.max_decoding {
        grpc = grpc.max_decoding_message_size(n);
    }
    grpc
}

type Reply<T> = Result<Response<T>, Status>;

/// Sends `items` as a response stream.
fn respond_stream<T: Send + 'static>(items: Vec<Result<T, Status>>) -> Reply<BoxStream<T>> {
    Ok(Response::new(Box::pin(stream::iter(items))))
}

impl Service<http::Request<tonic::body::Body>> for Quotes {
    type Response = http::Response<tonic::body::Body>;
    type Error = Infallible;
    type Future = BoxFuture<Self::Response, Infallible>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<tonic::body::Body>) -> Self::Future {
        let cfg = self.0;
        Box::pin(async move {
            Ok(match req.uri().path() {
                // Unary, owned request and response.
                "/test.Quotes/Unary" => {
                    let svc = service_fn(|r: Request<Quote>| async move { Ok(Response::new(ack(r.get_ref()))) });
                    server_grpc::<Ack, Quote>(cfg).unary(svc, req).await
                }
                // Unary, the request read in place, the response sent as bytes.
                "/test.Quotes/UnaryInPlace" => {
                    let svc = service_fn(|r: Request<Owned<Quote>>| async move {
                        Ok(Response::new(Owned::from_message(&ack_in_place(r.get_ref()))))
                    });
                    server_grpc::<Owned<Ack>, Owned<Quote>>(cfg).unary(svc, req).await
                }
                // Client streaming: one ack summing every quote.
                "/test.Quotes/Sum" => {
                    let svc = service_fn(|r: Request<Streaming<Owned<Quote>>>| async move {
                        let mut quotes = r.into_inner();
                        let mut sum = Ack { seq: 0, total: 0, symbol: String::new() };
                        while let Some(q) = quotes.try_next().await? {
                            let a = ack_in_place(&q);
                            sum.seq += 1;
                            sum.total += a.total;
                            sum.symbol.push_str(&a.symbol);
                        }
                        Ok(Response::new(sum))
                    });
                    server_grpc::<Ack, Owned<Quote>>(cfg).client_streaming(svc, req).await
                }
                // Server streaming: `seq` answers to one quote.
                "/test.Quotes/Watch" => {
                    let svc = service_fn(|r: Request<Quote>| async move {
                        let q = r.into_inner();
                        respond_stream((0..q.seq).map(|i| Ok(ack(&quote(i)))).collect())
                    });
                    server_grpc::<Ack, Quote>(cfg).server_streaming(svc, req).await
                }
                // Bidirectional: one answer per quote, as it arrives.
                "/test.Quotes/Chat" => {
                    let svc = service_fn(|r: Request<Streaming<Quote>>| async move {
                        let answers = r.into_inner().map_ok(|q| Owned::from_message(&ack(&q)));
                        Ok(Response::new(Box::pin(answers) as BoxStream<Owned<Ack>>))
                    });
                    server_grpc::<Owned<Ack>, Quote>(cfg).streaming(svc, req).await
                }
                // The depth of a chain of nodes.
                "/test.Quotes/Depth" => {
                    let svc = service_fn(|r: Request<Node>| async move {
                        let (mut depth, mut node) = (1, r.get_ref());
                        while let Some(next) = &node.next {
                            (depth, node) = (depth + 1, next);
                        }
                        Ok(Response::new(Ack { seq: depth, total: 0, symbol: String::new() }))
                    });
                    server_grpc::<Ack, Node>(cfg).unary(svc, req).await
                }
                // Answers with the content type the request came with.
                "/test.Quotes/ContentType" => {
                    let svc = service_fn(|r: Request<Quote>| async move {
                        let ct = r.metadata().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
                        Ok(Response::new(Ack { seq: r.get_ref().seq, total: 0, symbol: ct.to_owned() }))
                    });
                    server_grpc::<Ack, Quote>(cfg).unary(svc, req).await
                }
                // Answers with the request's bytes as they are, unchecked:
                // a server that sends a client invalid bytes.
                "/test.Quotes/Reflect" => {
                    let svc = service_fn(|r: Request<Bytes>| async move { Ok(Response::new(r.into_inner())) });
                    tonic::server::Grpc::new(RawCodec).unary(svc, req).await
                }
                _ => Status::unimplemented("no such method").into_http(),
            })
        })
    }
}

/// Serves [`Quotes`] on a fresh loopback port until the test's runtime ends.
async fn serve(cfg: Config) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let incoming = tokio_stream::wrappers::TcpListenerStream::new(listener);
    tokio::spawn(Server::builder().add_service(Quotes(cfg)).serve_with_incoming(incoming));
    addr
}

async fn client(addr: SocketAddr, cfg: Config) -> tonic::client::Grpc<Channel> {
    let channel = Channel::from_shared(format!("http://{addr}")).unwrap().connect().await.unwrap();
    let mut grpc = tonic::client::Grpc::new(channel);
    if let Some(enc) = cfg.compression {
        grpc = grpc.send_compressed(enc).accept_compressed(enc);
    }
    if let Some(n) = cfg.max_decoding {
        grpc = grpc.max_decoding_message_size(n);
    }
    grpc
}

fn path(method: &'static str) -> http::uri::PathAndQuery {
    http::uri::PathAndQuery::from_static(method)
}

/// Sends and receives bytes as they are: the way to put invalid bytes on
/// the wire. Receives through zerowire's decoder when asked for a message.
#[derive(Clone, Copy, Default)]
struct RawCodec;

struct RawEncoder;

impl tonic::codec::Encoder for RawEncoder {
    type Item = Bytes;
    type Error = Status;
    fn encode(&mut self, item: Bytes, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        dst.put(item);
        Ok(())
    }
}

struct RawDecoder;

impl tonic::codec::Decoder for RawDecoder {
    type Item = Bytes;
    type Error = Status;
    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<Bytes>, Status> {
        use bytes::Buf;
        Ok(Some(src.copy_to_bytes(src.remaining())))
    }
}

impl tonic::codec::Codec for RawCodec {
    type Encode = Bytes;
    type Decode = Bytes;
    type Encoder = RawEncoder;
    type Decoder = RawDecoder;
    fn encoder(&mut self) -> RawEncoder {
        RawEncoder
    }
    fn decoder(&mut self) -> RawDecoder {
        RawDecoder
    }
}

/// Sends raw bytes, receives `D` through zerowire's decoder (with
/// `limits`).
struct RawOut<D> {
    limits: Limits,
    _d: std::marker::PhantomData<fn() -> D>,
}

fn raw_out<D>() -> RawOut<D> {
    raw_out_with(Limits::DEFAULT)
}

fn raw_out_with<D>(limits: Limits) -> RawOut<D> {
    RawOut { limits, _d: std::marker::PhantomData }
}

impl<D: Incoming + Sync> tonic::codec::Codec for RawOut<D> {
    type Encode = Bytes;
    type Decode = D;
    type Encoder = RawEncoder;
    type Decoder = zerowire::tonic::Decoder<D>;
    fn encoder(&mut self) -> RawEncoder {
        RawEncoder
    }
    fn decoder(&mut self) -> Self::Decoder {
        Codec::<Ack, D>::with_limits(self.limits).decoder()
    }
}

/// A quote whose `symbol` is not UTF-8, and zerowire's error for it.
fn invalid_quote() -> (Bytes, zerowire::Error) {
    let q = Quote { seq: 1, symbol: "ABCD".into(), prices: vec![], note: None };
    let mut bytes = zerowire::encode(&q);
    let at = bytes.windows(4).position(|w| w == b"ABCD").unwrap();
    bytes[at + 1] = 0xff;
    let err = zerowire::decode::<Quote>(&bytes).unwrap_err();
    assert_eq!(err.kind(), zerowire::ErrorKind::InvalidUtf8);
    (bytes.into(), err)
}

// ---------------------------------------------------------------------------
// The four streaming kinds.

#[tokio::test]
async fn unary_calls_owned_and_in_place_both_ways() {
    let addr = serve(Config::default()).await;
    let mut grpc = client(addr, Config::default()).await;
    for seq in 0..60 {
        let q = quote(seq);
        // Owned message out, owned message back.
        grpc.ready().await.unwrap();
        let a: Ack = grpc
            .unary(Request::new(q.clone()), path("/test.Quotes/Unary"), Codec::default())
            .await
            .unwrap()
            .into_inner();
        assert_eq!(a, ack(&q));
        // `Owned` out (sent as it is), read in place by the server, answered
        // with `Owned` bytes, read in place by the client.
        grpc.ready().await.unwrap();
        let a: Owned<Ack> = grpc
            .unary(Request::new(Owned::from_message(&q)), path("/test.Quotes/UnaryInPlace"), Codec::default())
            .await
            .unwrap()
            .into_inner();
        assert_eq!(a.decode().unwrap(), ack(&q));
        assert_eq!(a.view().symbol(), q.symbol);
    }
}

#[tokio::test]
async fn client_streaming_sums_every_message() {
    let addr = serve(Config::default()).await;
    let mut grpc = client(addr, Config::default()).await;
    let quotes: Vec<Quote> = (0..500).map(quote).collect();
    let expected = Ack {
        seq: quotes.len() as u64,
        total: quotes.iter().map(|q| ack(q).total).sum(),
        symbol: quotes.iter().map(|q| q.symbol.as_str()).collect(),
    };
    grpc.ready().await.unwrap();
    let sum: Ack = grpc
        .client_streaming(Request::new(stream::iter(quotes.clone())), path("/test.Quotes/Sum"), Codec::default())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(sum, expected);
    // The same quotes sent as `Owned`, the answer read in place.
    let owned: Vec<Owned<Quote>> = quotes.iter().map(Owned::from_message).collect();
    grpc.ready().await.unwrap();
    let sum: Owned<Ack> = grpc
        .client_streaming(Request::new(stream::iter(owned)), path("/test.Quotes/Sum"), Codec::default())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(sum.decode().unwrap(), expected);
}

#[tokio::test]
async fn server_streaming_delivers_every_answer_in_order() {
    let addr = serve(Config::default()).await;
    let mut grpc = client(addr, Config::default()).await;
    let n = 700;
    let expected: Vec<Ack> = (0..n).map(|i| ack(&quote(i))).collect();
    grpc.ready().await.unwrap();
    let answers: Vec<Ack> = grpc
        .server_streaming(Request::new(quote(n)), path("/test.Quotes/Watch"), Codec::<Quote, Ack>::default())
        .await
        .unwrap()
        .into_inner()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(answers, expected);
    grpc.ready().await.unwrap();
    let answers: Vec<Owned<Ack>> = grpc
        .server_streaming(
            Request::new(Owned::from_message(&quote(n))),
            path("/test.Quotes/Watch"),
            Codec::<Owned<Quote>, Owned<Ack>>::default(),
        )
        .await
        .unwrap()
        .into_inner()
        .try_collect()
        .await
        .unwrap();
    let decoded: Vec<Ack> = answers.iter().map(|a| a.decode().unwrap()).collect();
    assert_eq!(decoded, expected);
}

#[tokio::test]
async fn bidirectional_streaming_answers_each_message() {
    let addr = serve(Config::default()).await;
    let mut grpc = client(addr, Config::default()).await;
    let quotes: Vec<Quote> = (0..400).map(quote).collect();
    grpc.ready().await.unwrap();
    let answers: Vec<Owned<Ack>> = grpc
        .streaming(Request::new(stream::iter(quotes.clone())), path("/test.Quotes/Chat"), Codec::default())
        .await
        .unwrap()
        .into_inner()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(answers.len(), quotes.len());
    for (a, q) in answers.iter().zip(&quotes) {
        assert_eq!(a.decode().unwrap(), ack(q));
    }
    // Messages sent as `Owned`, answers decoded into owned values.
    let owned: Vec<Owned<Quote>> = quotes.iter().map(Owned::from_message).collect();
    grpc.ready().await.unwrap();
    let answers: Vec<Ack> = grpc
        .streaming(Request::new(stream::iter(owned)), path("/test.Quotes/Chat"), Codec::default())
        .await
        .unwrap()
        .into_inner()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(answers, quotes.iter().map(ack).collect::<Vec<_>>());
}

// ---------------------------------------------------------------------------
// Invalid bytes.

#[tokio::test]
async fn an_invalid_request_is_invalid_argument_and_the_server_keeps_serving() {
    let addr = serve(Config::default()).await;
    let mut grpc = client(addr, Config::default()).await;
    let (bad, err) = invalid_quote();
    let expected = format!("invalid zerowire message `Quote`: {err}");
    // The owned decoder and the in-place one refuse alike.
    for method in ["/test.Quotes/Unary", "/test.Quotes/UnaryInPlace"] {
        grpc.ready().await.unwrap();
        let status = grpc.unary(Request::new(bad.clone()), path(method), raw_out::<Ack>()).await.unwrap_err();
        assert_eq!(status.code(), Code::InvalidArgument, "{method}: {status:?}");
        assert_eq!(status.message(), expected, "{method}");
    }
    // Bytes that are not a zerowire message at all.
    let junk = Bytes::from_static(b"GET / HTTP/1.1\r\nHost: example\r\n\r\n");
    let err = zerowire::decode::<Quote>(&junk).unwrap_err();
    grpc.ready().await.unwrap();
    let status = grpc.unary(Request::new(junk), path("/test.Quotes/Unary"), raw_out::<Ack>()).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(status.message(), format!("invalid zerowire message `Quote`: {err}"));
    // One invalid message in the middle of a client stream ends that call.
    let mut many: Vec<Bytes> = (0..10).map(|s| Bytes::from(zerowire::encode(&quote(s)))).collect();
    many.insert(5, bad);
    grpc.ready().await.unwrap();
    let status = grpc
        .client_streaming(Request::new(stream::iter(many)), path("/test.Quotes/Sum"), raw_out::<Ack>())
        .await
        .unwrap_err();
    assert_eq!((status.code(), status.message()), (Code::InvalidArgument, expected.as_str()));
    // The same connection then serves a valid call.
    grpc.ready().await.unwrap();
    let a: Ack =
        grpc.unary(Request::new(quote(5)), path("/test.Quotes/Unary"), Codec::default()).await.unwrap().into_inner();
    assert_eq!(a, ack(&quote(5)));
}

#[tokio::test]
async fn an_invalid_response_is_refused_by_the_client() {
    let addr = serve(Config::default()).await;
    let mut grpc = client(addr, Config::default()).await;
    let (bad, err) = invalid_quote();
    for in_place in [false, true] {
        grpc.ready().await.unwrap();
        let status = if !in_place {
            grpc.unary(Request::new(bad.clone()), path("/test.Quotes/Reflect"), raw_out::<Quote>()).await.unwrap_err()
        } else {
            grpc.unary(Request::new(bad.clone()), path("/test.Quotes/Reflect"), raw_out::<Owned<Quote>>())
                .await
                .unwrap_err()
        };
        assert_eq!(status.code(), Code::InvalidArgument);
        assert_eq!(status.message(), format!("invalid zerowire message `Quote`: {err}"));
    }
    // Valid bytes through the same route are accepted.
    grpc.ready().await.unwrap();
    let q: Quote = grpc
        .unary(Request::new(Bytes::from(zerowire::encode(&quote(4)))), path("/test.Quotes/Reflect"), raw_out::<Quote>())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(q, quote(4));
}

// ---------------------------------------------------------------------------
// Content type.

/// What the module documentation says of the content type: tonic answers
/// `application/grpc`, and serves a request labelled
/// `application/grpc+zerowire` (here by a client whose tower layer rewrites
/// the header, as a peer in another language would send it).
#[tokio::test]
async fn content_types_on_the_wire() {
    use tower::ServiceExt;
    let addr = serve(Config::default()).await;
    let channel = Channel::from_shared(format!("http://{addr}")).unwrap().connect().await.unwrap();
    let mut plain = tonic::client::Grpc::new(channel.clone());
    plain.ready().await.unwrap();
    let resp = plain
        .unary(Request::new(quote(1)), path("/test.Quotes/ContentType"), Codec::<Quote, Ack>::default())
        .await
        .unwrap();
    assert_eq!(resp.metadata().get("content-type").unwrap(), "application/grpc");
    assert_eq!(resp.into_inner().symbol, "application/grpc", "what tonic's client sends");
    let labelled = channel.map_request(|mut req: http::Request<tonic::body::Body>| {
        req.headers_mut()
            .insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("application/grpc+zerowire"));
        req
    });
    let mut labelled = tonic::client::Grpc::new(labelled);
    labelled.ready().await.unwrap();
    let resp = labelled
        .unary(Request::new(quote(2)), path("/test.Quotes/ContentType"), Codec::<Quote, Ack>::default())
        .await
        .unwrap();
    assert_eq!(resp.metadata().get("content-type").unwrap(), "application/grpc");
    assert_eq!(resp.into_inner(), Ack { seq: 2, total: 0, symbol: "application/grpc+zerowire".into() });
}

// ---------------------------------------------------------------------------
// Compression.

/// A quote that compresses well: a long repetitive note.
fn big_quote(seq: u64) -> Quote {
    Quote { note: Some("zerowire ".repeat(2000)), ..quote(seq) }
}

async fn round_trips_compressed(enc: CompressionEncoding, name: &str) {
    let cfg = Config { compression: Some(enc), ..Config::default() };
    let addr = serve(cfg).await;
    let mut grpc = client(addr, cfg).await;
    // Unary, owned both ways; the response says it was compressed.
    grpc.ready().await.unwrap();
    let resp = grpc
        .unary(Request::new(big_quote(3)), path("/test.Quotes/Unary"), Codec::<Quote, Ack>::default())
        .await
        .unwrap();
    assert_eq!(resp.metadata().get("grpc-encoding").unwrap(), name);
    assert_eq!(resp.into_inner(), ack(&big_quote(3)));
    // Unary in place both ways (the server decompresses into its own buffer
    // and reads the request there).
    grpc.ready().await.unwrap();
    let a: Owned<Ack> = grpc
        .unary(Request::new(Owned::from_message(&big_quote(4))), path("/test.Quotes/UnaryInPlace"), Codec::default())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(a.decode().unwrap(), ack(&big_quote(4)));
    // Streams both ways.
    let quotes: Vec<Quote> = (0..50).map(big_quote).collect();
    grpc.ready().await.unwrap();
    let answers: Vec<Owned<Ack>> = grpc
        .streaming(Request::new(stream::iter(quotes.clone())), path("/test.Quotes/Chat"), Codec::default())
        .await
        .unwrap()
        .into_inner()
        .try_collect()
        .await
        .unwrap();
    let decoded: Vec<Ack> = answers.iter().map(|a| a.decode().unwrap()).collect();
    assert_eq!(decoded, quotes.iter().map(ack).collect::<Vec<_>>());
    // A compressed invalid request is refused as an uncompressed one is.
    let (bad, err) = invalid_quote();
    grpc.ready().await.unwrap();
    let status = grpc.unary(Request::new(bad), path("/test.Quotes/UnaryInPlace"), raw_out::<Ack>()).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(status.message(), format!("invalid zerowire message `Quote`: {err}"));
}

#[tokio::test]
async fn gzip_compressed_messages_round_trip() {
    round_trips_compressed(CompressionEncoding::Gzip, "gzip").await;
}

#[tokio::test]
async fn zstd_compressed_messages_round_trip() {
    round_trips_compressed(CompressionEncoding::Zstd, "zstd").await;
}

// ---------------------------------------------------------------------------
// Limits.

#[tokio::test]
async fn tonic_decoding_size_refuses_before_the_codec() {
    let cfg = Config { max_decoding: Some(1024), ..Config::default() };
    let addr = serve(cfg).await;
    let mut grpc = client(addr, Config::default()).await;
    let big = big_quote(1);
    assert!(zerowire::encoded_len(&big) > 1024);
    grpc.ready().await.unwrap();
    let status = grpc
        .unary(Request::new(big.clone()), path("/test.Quotes/Unary"), Codec::<Quote, Ack>::default())
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::OutOfRange, "{status:?}");
    // Compressed, the same message fits the limit on the wire (its gzip
    // form is under 1 KiB) and is refused while it is decompressed.
    let cfg = Config { max_decoding: Some(1024), compression: Some(CompressionEncoding::Gzip), ..Config::default() };
    let gz_addr = serve(cfg).await;
    let mut gz = client(gz_addr, cfg).await;
    gz.ready().await.unwrap();
    let status = gz
        .unary(Request::new(big.clone()), path("/test.Quotes/Unary"), Codec::<Quote, Ack>::default())
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert!(status.message().contains("decompressing"), "{status:?}");
    // A small request still passes.
    grpc.ready().await.unwrap();
    let a: Ack =
        grpc.unary(Request::new(quote(2)), path("/test.Quotes/Unary"), Codec::default()).await.unwrap().into_inner();
    assert_eq!(a, ack(&quote(2)));
    // The client's limit applies to responses the same way.
    let addr = serve(Config::default()).await;
    let mut grpc = client(addr, Config { max_decoding: Some(64), ..Config::default() }).await;
    grpc.ready().await.unwrap();
    let status = grpc
        .unary(
            Request::new(Bytes::from(zerowire::encode(&big))),
            path("/test.Quotes/Reflect"),
            raw_out::<Owned<Quote>>(),
        )
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::OutOfRange, "{status:?}");
}

#[tokio::test]
async fn zerowire_limits_refuse_with_resource_exhausted() {
    let limits = Limits { max_depth: 8, max_size: 4096, ..Limits::DEFAULT };
    let addr = serve(Config { limits: Some(limits), ..Config::default() }).await;
    let mut grpc = client(addr, Config::default()).await;
    // Within the depth limit.
    grpc.ready().await.unwrap();
    let a: Ack =
        grpc.unary(Request::new(chain(8)), path("/test.Quotes/Depth"), Codec::default()).await.unwrap().into_inner();
    assert_eq!(a.seq, 8);
    // One level deeper.
    let deep = zerowire::encode(&chain(9));
    let err = zerowire::decode_with::<Node>(&deep, &limits).unwrap_err();
    assert_eq!(err.kind(), zerowire::ErrorKind::DepthLimit);
    grpc.ready().await.unwrap();
    let status = grpc
        .unary(Request::new(chain(9)), path("/test.Quotes/Depth"), Codec::<Node, Ack>::default())
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted);
    assert_eq!(status.message(), format!("zerowire message `Node` exceeds the receiver's limits: {err}"));
    // Over `max_size` (far below tonic's 4 MiB), owned and in place alike.
    let big = big_quote(1);
    let err = zerowire::decode_with::<Quote>(&zerowire::encode(&big), &limits).unwrap_err();
    assert_eq!(err.kind(), zerowire::ErrorKind::SizeLimit);
    for method in ["/test.Quotes/Unary", "/test.Quotes/UnaryInPlace"] {
        grpc.ready().await.unwrap();
        let status =
            grpc.unary(Request::new(big.clone()), path(method), Codec::<Quote, Ack>::default()).await.unwrap_err();
        assert_eq!(status.code(), Code::ResourceExhausted, "{method}");
        assert_eq!(status.message(), format!("zerowire message `Quote` exceeds the receiver's limits: {err}"));
    }
    // The client's own limits apply to what it receives.
    grpc.ready().await.unwrap();
    let status = grpc
        .unary(
            Request::new(Bytes::from(zerowire::encode(&chain(3)))),
            path("/test.Quotes/Reflect"),
            raw_out_with::<Node>(Limits { max_depth: 2, ..Limits::DEFAULT }),
        )
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted);
}

// ---------------------------------------------------------------------------
// The codec through tonic's framing, without a network.

/// Encodes `items` as a client request body would be: gRPC framing, the
/// given compression.
async fn frame<E: Outgoing + Sync>(items: Vec<E>, enc: Option<CompressionEncoding>) -> Bytes {
    let encoder = Codec::<E, Ack>::default().encoder();
    let body = EncodeBody::new_client(encoder, stream::iter(items.into_iter().map(Ok)), enc, None);
    body.collect().await.unwrap().to_bytes()
}

/// Decodes a request body delivered in chunks of `chunk` bytes.
async fn unframe<D: Incoming + Sync>(
    body: Bytes,
    chunk: usize,
    enc: Option<CompressionEncoding>,
    limits: Limits,
) -> Result<Vec<D>, Status> {
    // One HTTP/2 data frame per chunk.
    let frames: Vec<Result<Bytes, Infallible>> = body.chunks(chunk).map(|c| Ok(Bytes::copy_from_slice(c))).collect();
    let body = axum::body::Body::from_stream(stream::iter(frames));
    let decoder = Codec::<Ack, D>::with_limits(limits).decoder();
    Streaming::new_request(decoder, body, enc, None).try_collect().await
}

#[tokio::test]
async fn framing_without_a_network_round_trips_in_any_chunking() {
    let quotes: Vec<Quote> = (0..40).map(quote).collect();
    let body = frame(quotes.clone(), None).await;
    // The body is the gRPC framing of zerowire's bytes, nothing else.
    let mut expected = Vec::new();
    for q in &quotes {
        let bytes = zerowire::encode(q);
        expected.push(0u8);
        expected.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
        expected.extend_from_slice(&bytes);
    }
    assert_eq!(body, expected);
    // `Owned` sends the same bytes.
    assert_eq!(frame(quotes.iter().map(Owned::from_message).collect(), None).await, body);
    for chunk in [1, 3, 7, 64, body.len()] {
        let owned: Vec<Quote> = unframe(body.clone(), chunk, None, Limits::DEFAULT).await.unwrap();
        assert_eq!(owned, quotes, "chunks of {chunk}");
        let in_place: Vec<Owned<Quote>> = unframe(body.clone(), chunk, None, Limits::DEFAULT).await.unwrap();
        let decoded: Vec<Quote> = in_place.iter().map(|q| q.decode().unwrap()).collect();
        assert_eq!(decoded, quotes, "chunks of {chunk}");
    }
    // Compressed: the same messages come out.
    for enc in [CompressionEncoding::Gzip, CompressionEncoding::Zstd] {
        let body = frame(quotes.clone(), Some(enc)).await;
        let in_place: Vec<Owned<Quote>> = unframe(body.clone(), 5, Some(enc), Limits::DEFAULT).await.unwrap();
        assert_eq!(in_place.iter().map(|q| q.decode().unwrap()).collect::<Vec<_>>(), quotes);
        let owned: Vec<Quote> = unframe(body, 5, Some(enc), Limits::DEFAULT).await.unwrap();
        assert_eq!(owned, quotes);
    }
}

#[tokio::test]
async fn framing_without_a_network_refuses_what_zerowire_refuses() {
    let (bad, err) = invalid_quote();
    let mut body = Vec::new();
    body.push(0u8);
    body.extend_from_slice(&(bad.len() as u32).to_be_bytes());
    body.extend_from_slice(&bad);
    let body = Bytes::from(body);
    let owned = unframe::<Quote>(body.clone(), 2, None, Limits::DEFAULT).await.unwrap_err();
    let in_place = unframe::<Owned<Quote>>(body, 2, None, Limits::DEFAULT).await.unwrap_err();
    for status in [owned, in_place] {
        assert_eq!(status.code(), Code::InvalidArgument);
        assert_eq!(status.message(), format!("invalid zerowire message `Quote`: {err}"));
    }
    // Every truncation of a valid message's body is refused, never a panic,
    // and both decoders give the same answer.
    let q = zerowire::encode(&quote(8));
    for cut in 0..q.len() {
        let mut body = vec![0u8];
        body.extend_from_slice(&(cut as u32).to_be_bytes());
        body.extend_from_slice(&q[..cut]);
        let body = Bytes::from(body);
        let a = unframe::<Quote>(body.clone(), 4, None, Limits::DEFAULT).await.unwrap_err();
        let b = unframe::<Owned<Quote>>(body, 4, None, Limits::DEFAULT).await.unwrap_err();
        assert_eq!((a.code(), a.message()), (b.code(), b.message()), "cut at {cut}");
        assert_eq!(a.code(), Code::InvalidArgument, "cut at {cut}");
    }
}

/// `Owned<M>` takes its bytes out of tonic's receive buffer without a copy:
/// messages that arrived in one data frame are consecutive slices of one
/// allocation, each 5 bytes (the gRPC prefix) after the previous one's end.
#[tokio::test]
async fn owned_messages_are_slices_of_tonic_buffer() {
    let quotes: Vec<Quote> = (0..20).map(quote).collect();
    let body = frame(quotes.clone(), None).await;
    let owned: Vec<Owned<Quote>> = unframe(body.clone(), body.len(), None, Limits::DEFAULT).await.unwrap();
    assert_eq!(owned.iter().map(|q| q.decode().unwrap()).collect::<Vec<_>>(), quotes);
    for pair in owned.windows(2) {
        let end = pair[0].bytes().as_ptr() as usize + pair[0].bytes().len();
        assert_eq!(pair[1].bytes().as_ptr() as usize, end + 5);
    }
}

/// Every single-byte change of a valid message: the owned decoder and the
/// in-place one accept the same inputs with the same value and refuse the
/// others with the same status, which is zerowire's own verdict.
#[tokio::test]
async fn both_decoders_agree_on_every_corruption() {
    let q = zerowire::encode(&Quote { note: Some("né".into()), ..quote(8) });
    let (mut accepted, mut refused) = (0, 0);
    for at in 0..q.len() {
        for x in [0x01, 0x80, 0xff] {
            let mut m = q.clone();
            m[at] ^= x;
            let mut body = vec![0u8];
            body.extend_from_slice(&(m.len() as u32).to_be_bytes());
            body.extend_from_slice(&m);
            let body = Bytes::from(body);
            let owned = unframe::<Quote>(body.clone(), 3, None, Limits::DEFAULT).await;
            let in_place = unframe::<Owned<Quote>>(body, 3, None, Limits::DEFAULT).await;
            match (owned, in_place, zerowire::decode::<Quote>(&m)) {
                (Ok(a), Ok(b), Ok(c)) => {
                    assert_eq!(a.len(), 1);
                    assert_eq!(a[0], c, "byte {at} ^ {x:#x}");
                    assert_eq!(b[0].decode().unwrap(), c, "byte {at} ^ {x:#x}");
                    accepted += 1;
                }
                (Err(a), Err(b), Err(c)) => {
                    assert_eq!((a.code(), a.message()), (b.code(), b.message()), "byte {at} ^ {x:#x}");
                    assert_eq!(a.code(), Code::InvalidArgument);
                    assert_eq!(a.message(), format!("invalid zerowire message `Quote`: {c}"));
                    refused += 1;
                }
                (a, b, c) => panic!("byte {at} ^ {x:#x}: owned {a:?}, in place {b:?}, zerowire {c:?}"),
            }
        }
    }
    // Both outcomes occur, so the comparison above compared something.
    assert!(accepted > 0 && refused > 0, "{accepted} accepted, {refused} refused");
}

#[derive(zerowire::Message, Debug, Clone, PartialEq)]
pub struct Point {
    pub x: i32,
    pub y: i32,
}

/// docs/FORMAT.md, section 15.7.
#[tokio::test]
async fn grpc_bytes_are_as_specified() {
    let body = frame(vec![Point { x: 1, y: -2 }], None).await;
    let hex: Vec<String> = body.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(hex.join(" "), "00 00 00 00 0e 0e 00 00 00 08 00 01 00 00 00 fe ff ff ff");
    let back: Vec<Point> = unframe(body, 1, None, Limits::DEFAULT).await.unwrap();
    assert_eq!(back, [Point { x: 1, y: -2 }]);
}
