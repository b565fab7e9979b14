//! The service over gRPC with tonic, written by hand (no protoc): a server
//! that routes the three paths of `bench.Bench` through
//! `tonic::server::Grpc`, and a client through `tonic::client::Grpc`, both
//! generic over a [`Flavor`] that names the codecs and the work on each
//! format's types, so `tonic+prost` ([`Prost`]) and `tonic+zerowire`
//! ([`Zerowire`]) share every line of the glue.

use std::convert::Infallible;
use std::marker::PhantomData;
use std::net::SocketAddr;
use std::sync::Arc;

use tonic::codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};
use tonic::codegen::{BoxFuture, BoxStream, Context, Poll, Service, http};
use tonic::server::{Grpc, NamedService, ServerStreamingService, UnaryService};
use tonic::transport::{Channel, Endpoint};
use tonic::{Request, Response, Status};
use zerowire::Owned;

use super::wire::{pb, zw};
use super::{Ack, Answer, BoxError, Case, Converted, Inputs, Summary, WATCH_MAX, timing};
use crate::data;
use crate::peers::{Mirror, prost_pb, zerowire_fmt};

/// The gRPC service name.
pub const SERVICE: &str = "bench.Bench";
/// The small call's path.
pub const SMALL_PATH: &str = "/bench.Bench/Small";
/// The telemetry call's path.
pub const TELEMETRY_PATH: &str = "/bench.Bench/Telemetry";
/// The watch call's path.
pub const WATCH_PATH: &str = "/bench.Bench/Watch";

type Enc<C> = <C as Codec>::Encode;
/// A client's inputs in flavor `F`'s types.
type Requests<F> = Converted<<F as Flavor>::Request, <F as Flavor>::Telemetry>;
type Dec<C> = <C as Codec>::Decode;

/// What one tonic implementation brings: its codecs (server side: encode
/// the answer, decode the request; client side the other way round), the
/// server's work on the decoded requests, and the conversions a client
/// needs.
pub trait Flavor: Send + Sync + 'static {
    /// Server codec of the small call.
    type SmallServer: Codec + Default + Send + 'static;
    /// Server codec of the telemetry call.
    type TelemetryServer: Codec + Default + Send + 'static;
    /// Server codec of the watch call (encodes the streamed batches).
    type WatchServer: Codec + Default + Send + 'static;
    /// Client codec of the small call.
    type SmallClient: Codec<Encode: Sync, Decode: Sync> + Default + Send + 'static;
    /// Client codec of the telemetry call.
    type TelemetryClient: Codec<Encode: Sync, Decode: Sync> + Default + Send + 'static;
    /// Client codec of the watch call.
    type WatchClient: Codec<Encode: Sync, Decode: Sync> + Default + Send + 'static;
    /// The server's stock of watch batches, in the format's types.
    type Stock: Send + Sync + 'static;
    /// A client's small request, in the format's types.
    type Request: Mirror<data::Request> + Send + Sync + 'static;
    /// A client's telemetry export, in the format's types.
    type Telemetry: Mirror<data::TelemetryExport> + Send + Sync + 'static;

    /// The server's stock, converted once at start.
    fn stock(stock: &[data::TelemetryExport]) -> Self::Stock;
    /// The server's small call.
    fn small(req: Dec<Self::SmallServer>) -> Result<Enc<Self::SmallServer>, Status>;
    /// The server's telemetry call.
    fn telemetry(req: Dec<Self::TelemetryServer>) -> Result<Enc<Self::TelemetryServer>, Status>;
    /// How many batches a watch request asks for.
    fn watch_count(req: &Dec<Self::WatchServer>) -> u32;
    /// The `i`-th streamed batch: built from the stock for each call, as a
    /// service builds its answers.
    fn watch_item(stock: &Self::Stock, i: usize) -> Enc<Self::WatchServer>;

    /// The small request of call number `i`.
    fn small_request(r: &Requests<Self>, i: usize) -> Enc<Self::SmallClient>;
    /// The telemetry request.
    fn telemetry_request(r: &Requests<Self>) -> Enc<Self::TelemetryClient>;
    /// The watch request.
    fn watch_request(r: &Requests<Self>) -> Enc<Self::WatchClient>;
    /// The small call's answer, in the model's terms.
    fn ack(a: Dec<Self::SmallClient>) -> Result<Ack, BoxError>;
    /// The telemetry call's answer, in the model's terms.
    fn summary(s: Dec<Self::TelemetryClient>) -> Result<Summary, BoxError>;
    /// A streamed batch, summarized by the client.
    fn watch_summary(b: Dec<Self::WatchClient>) -> Result<Summary, BoxError>;
}

/// tonic with prost messages (`tonic_prost::ProstCodec`).
#[derive(Debug)]
pub struct Prost;

impl Flavor for Prost {
    type SmallServer = tonic_prost::ProstCodec<pb::Ack, prost_pb::Request>;
    type TelemetryServer = tonic_prost::ProstCodec<pb::Summary, prost_pb::TelemetryExport>;
    type WatchServer = tonic_prost::ProstCodec<prost_pb::TelemetryExport, pb::WatchRequest>;
    type SmallClient = tonic_prost::ProstCodec<prost_pb::Request, pb::Ack>;
    type TelemetryClient = tonic_prost::ProstCodec<prost_pb::TelemetryExport, pb::Summary>;
    type WatchClient = tonic_prost::ProstCodec<pb::WatchRequest, prost_pb::TelemetryExport>;
    type Stock = Vec<prost_pb::TelemetryExport>;
    type Request = prost_pb::Request;
    type Telemetry = prost_pb::TelemetryExport;

    fn stock(stock: &[data::TelemetryExport]) -> Self::Stock {
        stock.iter().map(Mirror::from_model).collect()
    }
    fn small(req: prost_pb::Request) -> Result<pb::Ack, Status> {
        Ok(pb::ack(&req).into())
    }
    fn telemetry(req: prost_pb::TelemetryExport) -> Result<pb::Summary, Status> {
        Ok(pb::summary(&req).into())
    }
    fn watch_count(req: &pb::WatchRequest) -> u32 {
        req.batches
    }
    fn watch_item(stock: &Self::Stock, i: usize) -> prost_pb::TelemetryExport {
        stock[i % stock.len()].clone()
    }

    fn small_request(r: &Requests<Self>, i: usize) -> prost_pb::Request {
        r.request(i).clone()
    }
    fn telemetry_request(r: &Requests<Self>) -> prost_pb::TelemetryExport {
        r.telemetry.clone()
    }
    fn watch_request(r: &Requests<Self>) -> pb::WatchRequest {
        pb::WatchRequest { batches: r.watch_batches }
    }
    fn ack(a: pb::Ack) -> Result<Ack, BoxError> {
        Ok(a.into())
    }
    fn summary(s: pb::Summary) -> Result<Summary, BoxError> {
        Ok(s.into())
    }
    fn watch_summary(b: prost_pb::TelemetryExport) -> Result<Summary, BoxError> {
        Ok(pb::summary(&b))
    }
}

/// tonic with zerowire messages (`zerowire::tonic::Codec`): the server
/// reads requests in place through [`Owned`], and so does the client with
/// the streamed batches.
#[derive(Debug)]
pub struct Zerowire;

type ZwCodec<E, D> = zerowire::tonic::Codec<E, D>;

impl Flavor for Zerowire {
    type SmallServer = ZwCodec<zw::Ack, Owned<zerowire_fmt::Request>>;
    type TelemetryServer = ZwCodec<zw::Summary, Owned<zerowire_fmt::TelemetryExport>>;
    type WatchServer = ZwCodec<zerowire_fmt::TelemetryExport, Owned<zw::WatchRequest>>;
    type SmallClient = ZwCodec<zerowire_fmt::Request, Owned<zw::Ack>>;
    type TelemetryClient = ZwCodec<zerowire_fmt::TelemetryExport, Owned<zw::Summary>>;
    type WatchClient = ZwCodec<zw::WatchRequest, Owned<zerowire_fmt::TelemetryExport>>;
    type Stock = Vec<zerowire_fmt::TelemetryExport>;
    type Request = zerowire_fmt::Request;
    type Telemetry = zerowire_fmt::TelemetryExport;

    fn stock(stock: &[data::TelemetryExport]) -> Self::Stock {
        stock.iter().map(Mirror::from_model).collect()
    }
    fn small(req: Owned<zerowire_fmt::Request>) -> Result<zw::Ack, Status> {
        Ok(zw::ack(&req.view()).into())
    }
    fn telemetry(req: Owned<zerowire_fmt::TelemetryExport>) -> Result<zw::Summary, Status> {
        Ok(zw::summary(&req.view()).into())
    }
    fn watch_count(req: &Owned<zw::WatchRequest>) -> u32 {
        req.view().batches()
    }
    fn watch_item(stock: &Self::Stock, i: usize) -> zerowire_fmt::TelemetryExport {
        stock[i % stock.len()].clone()
    }

    fn small_request(r: &Requests<Self>, i: usize) -> zerowire_fmt::Request {
        r.request(i).clone()
    }
    fn telemetry_request(r: &Requests<Self>) -> zerowire_fmt::TelemetryExport {
        r.telemetry.clone()
    }
    fn watch_request(r: &Requests<Self>) -> zw::WatchRequest {
        zw::WatchRequest { batches: r.watch_batches }
    }
    fn ack(a: Owned<zw::Ack>) -> Result<Ack, BoxError> {
        Ok((&a.view()).into())
    }
    fn summary(s: Owned<zw::Summary>) -> Result<Summary, BoxError> {
        Ok((&s.view()).into())
    }
    fn watch_summary(b: Owned<zerowire_fmt::TelemetryExport>) -> Result<Summary, BoxError> {
        Ok(zw::summary(&b.view()))
    }
}

// ---- timing wrapper -------------------------------------------------------------

/// A codec whose encoder and decoder add their time to [`timing`] (when it
/// is on): the server's serialization share. Wraps any tonic codec.
#[derive(Debug, Default, Clone)]
pub struct Timed<C>(C);

impl<C: Codec> Codec for Timed<C> {
    type Encode = C::Encode;
    type Decode = C::Decode;
    type Encoder = Timed<C::Encoder>;
    type Decoder = Timed<C::Decoder>;

    fn encoder(&mut self) -> Self::Encoder {
        Timed(self.0.encoder())
    }
    fn decoder(&mut self) -> Self::Decoder {
        Timed(self.0.decoder())
    }
}

impl<E: Encoder> Encoder for Timed<E> {
    type Item = E::Item;
    type Error = E::Error;

    fn encode(&mut self, item: E::Item, dst: &mut EncodeBuf<'_>) -> Result<(), E::Error> {
        timing::measure(|| self.0.encode(item, dst))
    }
    fn buffer_settings(&self) -> tonic::codec::BufferSettings {
        self.0.buffer_settings()
    }
}

impl<D: Decoder> Decoder for Timed<D> {
    type Item = D::Item;
    type Error = D::Error;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<D::Item>, D::Error> {
        timing::measure(|| self.0.decode(src))
    }
    fn buffer_settings(&self) -> tonic::codec::BufferSettings {
        self.0.buffer_settings()
    }
}

// ---- server -----------------------------------------------------------------------

/// The `bench.Bench` service of flavor `F`, as tonic-build would generate it.
pub struct Server<F: Flavor> {
    stock: Arc<F::Stock>,
}

impl<F: Flavor> std::fmt::Debug for Server<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("grpc::Server")
    }
}

impl<F: Flavor> Clone for Server<F> {
    fn clone(&self) -> Self {
        Server { stock: Arc::clone(&self.stock) }
    }
}

impl<F: Flavor> NamedService for Server<F> {
    const NAME: &'static str = SERVICE;
}

struct SmallCall<F>(PhantomData<F>);

impl<F: Flavor> UnaryService<Dec<F::SmallServer>> for SmallCall<F> {
    type Response = Enc<F::SmallServer>;
    type Future = std::future::Ready<Result<Response<Self::Response>, Status>>;
    fn call(&mut self, req: Request<Dec<F::SmallServer>>) -> Self::Future {
        std::future::ready(F::small(req.into_inner()).map(Response::new))
    }
}

struct TelemetryCall<F>(PhantomData<F>);

impl<F: Flavor> UnaryService<Dec<F::TelemetryServer>> for TelemetryCall<F> {
    type Response = Enc<F::TelemetryServer>;
    type Future = std::future::Ready<Result<Response<Self::Response>, Status>>;
    fn call(&mut self, req: Request<Dec<F::TelemetryServer>>) -> Self::Future {
        std::future::ready(F::telemetry(req.into_inner()).map(Response::new))
    }
}

struct WatchCall<F: Flavor>(Arc<F::Stock>);

impl<F: Flavor> ServerStreamingService<Dec<F::WatchServer>> for WatchCall<F> {
    type Response = Enc<F::WatchServer>;
    type ResponseStream = BoxStream<Self::Response>;
    type Future = std::future::Ready<Result<Response<Self::ResponseStream>, Status>>;
    fn call(&mut self, req: Request<Dec<F::WatchServer>>) -> Self::Future {
        let n = F::watch_count(req.get_ref());
        if n > WATCH_MAX {
            return std::future::ready(Err(Status::invalid_argument(format!(
                "a watch call streams at most {WATCH_MAX} batches, not {n}"
            ))));
        }
        let stock = Arc::clone(&self.0);
        let items = (0..n as usize).map(move |i| Ok(F::watch_item(&stock, i)));
        std::future::ready(Ok(Response::new(Box::pin(tonic::codegen::tokio_stream::iter(items)) as BoxStream<_>)))
    }
}

impl<F: Flavor, B> Service<http::Request<B>> for Server<F>
where
    B: tonic::codegen::Body + Send + 'static,
    B::Error: Into<tonic::codegen::StdError> + Send + 'static,
{
    type Response = http::Response<tonic::body::Body>;
    type Error = Infallible;
    type Future = BoxFuture<Self::Response, Infallible>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<B>) -> Self::Future {
        match req.uri().path() {
            SMALL_PATH => Box::pin(async move {
                let mut grpc = Grpc::new(Timed::<F::SmallServer>::default());
                Ok(grpc.unary(SmallCall::<F>(PhantomData), req).await)
            }),
            TELEMETRY_PATH => Box::pin(async move {
                let mut grpc = Grpc::new(Timed::<F::TelemetryServer>::default());
                Ok(grpc.unary(TelemetryCall::<F>(PhantomData), req).await)
            }),
            WATCH_PATH => {
                let call = WatchCall::<F>(Arc::clone(&self.stock));
                Box::pin(async move {
                    let mut grpc = Grpc::new(Timed::<F::WatchServer>::default());
                    Ok(grpc.server_streaming(call, req).await)
                })
            }
            _ => Box::pin(async move { Ok(Status::unimplemented("no such method").into_http()) }),
        }
    }
}

/// Serves flavor `F` on `listener` until the runtime stops.
pub async fn serve<F: Flavor>(listener: tokio::net::TcpListener, stock: Vec<data::TelemetryExport>) {
    let server = Server::<F> { stock: Arc::new(F::stock(&stock)) };
    let incoming = tonic::transport::server::TcpIncoming::from(listener).with_nodelay(Some(true));
    // An error here ends the server; the clients then see refused calls.
    let _ = tonic::transport::Server::builder().add_service(server).serve_with_incoming(incoming).await;
}

// ---- client -----------------------------------------------------------------------

/// A client of flavor `F` on a connection of its own.
pub struct Client<F: Flavor> {
    grpc: tonic::client::Grpc<Channel>,
    requests: Requests<F>,
}

impl<F: Flavor> std::fmt::Debug for Client<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("grpc::Client").field("grpc", &self.grpc).finish_non_exhaustive()
    }
}

impl<F: Flavor> Client<F> {
    /// Connects to `addr`.
    pub async fn connect(addr: SocketAddr, inputs: &Inputs) -> Result<Self, BoxError> {
        let channel = Endpoint::from_shared(format!("http://{addr}"))?.tcp_nodelay(true).connect().await?;
        Ok(Client { grpc: tonic::client::Grpc::new(channel), requests: Converted::new(inputs) })
    }

    /// Makes call number `i` of `case`.
    pub async fn call(&mut self, case: Case, i: usize) -> Result<Answer, BoxError> {
        self.grpc.ready().await?;
        let path = |p: &'static str| http::uri::PathAndQuery::from_static(p);
        Ok(match case {
            Case::Small => {
                let req = Request::new(F::small_request(&self.requests, i));
                let resp = self.grpc.unary(req, path(SMALL_PATH), F::SmallClient::default()).await?;
                Answer::Ack(F::ack(resp.into_inner())?)
            }
            Case::Telemetry => {
                let req = Request::new(F::telemetry_request(&self.requests));
                let resp = self.grpc.unary(req, path(TELEMETRY_PATH), F::TelemetryClient::default()).await?;
                Answer::Summary(F::summary(resp.into_inner())?)
            }
            Case::Watch => {
                let req = Request::new(F::watch_request(&self.requests));
                let mut stream =
                    self.grpc.server_streaming(req, path(WATCH_PATH), F::WatchClient::default()).await?.into_inner();
                let mut out = Vec::new();
                while let Some(batch) = stream.message().await? {
                    out.push(F::watch_summary(batch)?);
                }
                Answer::Watch(out)
            }
        })
    }
}
