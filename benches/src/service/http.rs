//! The service over HTTP/1.1 with axum: `POST /small`, `POST /telemetry`,
//! `POST /watch`, generic over a [`Flavor`] that names the extractors and
//! responders, so `axum+json` ([`Json`]) and `axum+zerowire`
//! ([`Zerowire`]) share the router, the handlers and the client
//! (hyper-util's client, one connection per client).
//!
//! The watch call streams its batches in one chunked response body:
//! newline-delimited JSON, or zerowire frames (`zerowire::frame`).
//!
//! `axum+json` reads and writes bodies with [`SerdeJson`], which does what
//! `axum::Json` does (a body under axum's limit, `serde_json::from_slice`,
//! `serde_json::to_vec`) without `axum::Json`'s `serde_path_to_error`
//! wrapper, which this workspace does not build: if anything, it makes the
//! JSON peer a little faster than stock axum.

use std::marker::PhantomData;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use bytes::BytesMut;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio_util::codec::{Decoder, Encoder};
use zerowire::Owned;
use zerowire::axum::Zw;
use zerowire::frame::FrameCodec;

use super::wire::{js, zw};
use super::{Ack, Answer, BoxError, Case, Converted, Inputs, Summary, WATCH_MAX, timing};
use crate::data;
use crate::peers::{Mirror, json, zerowire_fmt};

/// A client's inputs in flavor `F`'s types.
type Requests<F> = Converted<<F as Flavor>::Request, <F as Flavor>::Telemetry>;

/// The media type of the JSON bodies.
const JSON: &str = "application/json";

/// What one axum implementation brings: its extractors and responders, the
/// server's work, the encoding of the streamed batches, and what a client
/// needs to write requests and read answers.
pub trait Flavor: Send + Sync + 'static {
    /// The requests' `Content-Type`.
    const CONTENT_TYPE: &'static str;
    /// The small call's extractor.
    type SmallIn: FromRequest<()> + Send + 'static;
    /// The small call's responder.
    type SmallOut: IntoResponse + Send + 'static;
    /// The telemetry call's extractor.
    type TelemetryIn: FromRequest<()> + Send + 'static;
    /// The telemetry call's responder.
    type TelemetryOut: IntoResponse + Send + 'static;
    /// The watch call's extractor.
    type WatchIn: FromRequest<()> + Send + 'static;
    /// The server's stock of watch batches.
    type Stock: Send + Sync + 'static;
    /// A client's small request, in the format's types.
    type Request: Mirror<data::Request> + Send + Sync + 'static;
    /// A client's telemetry export, in the format's types.
    type Telemetry: Mirror<data::TelemetryExport> + Send + Sync + 'static;

    /// The server's stock, converted once at start.
    fn stock(stock: &[data::TelemetryExport]) -> Self::Stock;
    /// The server's small call.
    fn small(req: Self::SmallIn) -> zerowire::Result<Self::SmallOut>;
    /// The server's telemetry call.
    fn telemetry(req: Self::TelemetryIn) -> zerowire::Result<Self::TelemetryOut>;
    /// How many batches a watch request asks for.
    fn watch_count(req: &Self::WatchIn) -> u32;
    /// The `i`-th streamed batch, encoded as one piece of the stream.
    fn watch_item(stock: &Self::Stock, i: usize) -> Result<Bytes, BoxError>;

    /// The body of the small call number `i`.
    fn small_body(r: &Requests<Self>, i: usize) -> Result<Vec<u8>, BoxError>;
    /// The body of the telemetry call.
    fn telemetry_body(r: &Requests<Self>) -> Result<Vec<u8>, BoxError>;
    /// The body of the watch call.
    fn watch_body(r: &Requests<Self>) -> Result<Vec<u8>, BoxError>;
    /// The small call's answer.
    fn ack(body: Bytes) -> Result<Ack, BoxError>;
    /// The telemetry call's answer.
    fn summary(body: Bytes) -> Result<Summary, BoxError>;
    /// The next whole batch at the front of `buf`, summarized, if one is there.
    fn next_batch(buf: &mut BytesMut) -> Result<Option<Summary>, BoxError>;
}

// ---- axum + serde_json ------------------------------------------------------------

/// A JSON body read and written by serde_json (see the module docs).
#[derive(Debug, Clone)]
pub struct SerdeJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for SerdeJson<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        let is_json =
            req.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(JSON.as_bytes()));
        if !is_json {
            return Err((StatusCode::UNSUPPORTED_MEDIA_TYPE, "expected application/json").into_response());
        }
        let body = Bytes::from_request(req, state).await.map_err(IntoResponse::into_response)?;
        serde_json::from_slice(&body)
            .map(SerdeJson)
            .map_err(|e| (StatusCode::BAD_REQUEST, e.to_string()).into_response())
    }
}

impl<T: Serialize> IntoResponse for SerdeJson<T> {
    fn into_response(self) -> Response {
        match serde_json::to_vec(&self.0) {
            Ok(body) => ([(header::CONTENT_TYPE, JSON)], body).into_response(),
            Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
        }
    }
}

/// axum with serde_json bodies.
#[derive(Debug)]
pub struct Json;

impl Flavor for Json {
    const CONTENT_TYPE: &'static str = JSON;
    type SmallIn = SerdeJson<json::Request>;
    type SmallOut = SerdeJson<js::Ack>;
    type TelemetryIn = SerdeJson<json::TelemetryExport>;
    type TelemetryOut = SerdeJson<js::Summary>;
    type WatchIn = SerdeJson<js::WatchRequest>;
    type Stock = Vec<json::TelemetryExport>;
    type Request = json::Request;
    type Telemetry = json::TelemetryExport;

    fn stock(stock: &[data::TelemetryExport]) -> Self::Stock {
        stock.iter().map(Mirror::from_model).collect()
    }
    fn small(req: Self::SmallIn) -> zerowire::Result<Self::SmallOut> {
        Ok(SerdeJson(js::ack(&req.0).into()))
    }
    fn telemetry(req: Self::TelemetryIn) -> zerowire::Result<Self::TelemetryOut> {
        Ok(SerdeJson(js::summary(&req.0).into()))
    }
    fn watch_count(req: &Self::WatchIn) -> u32 {
        req.0.batches
    }
    fn watch_item(stock: &Self::Stock, i: usize) -> Result<Bytes, BoxError> {
        let mut line = serde_json::to_vec(&stock[i % stock.len()])?;
        line.push(b'\n');
        Ok(line.into())
    }

    fn small_body(r: &Requests<Self>, i: usize) -> Result<Vec<u8>, BoxError> {
        Ok(serde_json::to_vec(r.request(i))?)
    }
    fn telemetry_body(r: &Requests<Self>) -> Result<Vec<u8>, BoxError> {
        Ok(serde_json::to_vec(&r.telemetry)?)
    }
    fn watch_body(r: &Requests<Self>) -> Result<Vec<u8>, BoxError> {
        Ok(serde_json::to_vec(&js::WatchRequest { batches: r.watch_batches })?)
    }
    fn ack(body: Bytes) -> Result<Ack, BoxError> {
        Ok(serde_json::from_slice::<js::Ack>(&body)?.into())
    }
    fn summary(body: Bytes) -> Result<Summary, BoxError> {
        Ok(serde_json::from_slice::<js::Summary>(&body)?.into())
    }
    fn next_batch(buf: &mut BytesMut) -> Result<Option<Summary>, BoxError> {
        let Some(end) = buf.iter().position(|&b| b == b'\n') else { return Ok(None) };
        let line = buf.split_to(end + 1);
        Ok(Some(js::summary(&serde_json::from_slice(&line[..end])?)))
    }
}

// ---- axum + zerowire --------------------------------------------------------------

/// axum with zerowire bodies (`zerowire::axum`): the server reads requests
/// in place ([`Owned`] extractor) and answers with [`Zw`] (binary).
#[derive(Debug)]
pub struct Zerowire;

impl Flavor for Zerowire {
    const CONTENT_TYPE: &'static str = zerowire::http::BINARY_MEDIA_TYPE;
    type SmallIn = Owned<zerowire_fmt::Request>;
    type SmallOut = Zw<zw::Ack>;
    type TelemetryIn = Owned<zerowire_fmt::TelemetryExport>;
    type TelemetryOut = Zw<zw::Summary>;
    type WatchIn = Owned<zw::WatchRequest>;
    type Stock = Vec<zerowire_fmt::TelemetryExport>;
    type Request = zerowire_fmt::Request;
    type Telemetry = zerowire_fmt::TelemetryExport;

    fn stock(stock: &[data::TelemetryExport]) -> Self::Stock {
        stock.iter().map(Mirror::from_model).collect()
    }
    fn small(req: Self::SmallIn) -> zerowire::Result<Self::SmallOut> {
        Ok(Zw(zw::ack(&req.view()).into()))
    }
    fn telemetry(req: Self::TelemetryIn) -> zerowire::Result<Self::TelemetryOut> {
        Ok(Zw(zw::summary(&req.view()).into()))
    }
    fn watch_count(req: &Self::WatchIn) -> u32 {
        req.view().batches()
    }
    fn watch_item(stock: &Self::Stock, i: usize) -> Result<Bytes, BoxError> {
        let mut frame = BytesMut::new();
        FrameCodec::new().encode(&stock[i % stock.len()], &mut frame)?;
        Ok(frame.freeze())
    }

    fn small_body(r: &Requests<Self>, i: usize) -> Result<Vec<u8>, BoxError> {
        Ok(zerowire::encode(r.request(i)))
    }
    fn telemetry_body(r: &Requests<Self>) -> Result<Vec<u8>, BoxError> {
        Ok(zerowire::encode(&r.telemetry))
    }
    fn watch_body(r: &Requests<Self>) -> Result<Vec<u8>, BoxError> {
        Ok(zerowire::encode(&zw::WatchRequest { batches: r.watch_batches }))
    }
    fn ack(body: Bytes) -> Result<Ack, BoxError> {
        Ok((&Owned::<zw::Ack>::new(body)?.view()).into())
    }
    fn summary(body: Bytes) -> Result<Summary, BoxError> {
        Ok((&Owned::<zw::Summary>::new(body)?.view()).into())
    }
    fn next_batch(buf: &mut BytesMut) -> Result<Option<Summary>, BoxError> {
        let Some(frame) = FrameCodec::new().decode(buf)? else { return Ok(None) };
        let batch = frame.into_owned_message::<zerowire_fmt::TelemetryExport>()?;
        Ok(Some(zw::summary(&batch.view())))
    }
}

// ---- timing wrappers --------------------------------------------------------------

/// An extractor whose parsing adds its time to [`timing`] when it is on:
/// the body is read first (not counted), then `T` extracts from it.
#[derive(Debug)]
pub struct Timed<T>(pub T);

impl<T: FromRequest<S>, S: Send + Sync> FromRequest<S> for Timed<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        if !timing::enabled() {
            return T::from_request(req, state).await.map(Timed).map_err(IntoResponse::into_response);
        }
        let (parts, body) = req.into_parts();
        let body = axum::body::to_bytes(body, 64 << 20)
            .await
            .map_err(|e| (StatusCode::BAD_REQUEST, e.to_string()).into_response())?;
        let req = Request::from_parts(parts, Body::from(body));
        let start = Instant::now();
        // In memory now: the extractor completes without waiting.
        let out = T::from_request(req, state).await;
        timing::add(start);
        out.map(Timed).map_err(IntoResponse::into_response)
    }
}

/// A responder whose serialization adds its time to [`timing`] when it is on.
#[derive(Debug)]
pub struct TimedResponse<T>(pub T);

impl<T: IntoResponse> IntoResponse for TimedResponse<T> {
    fn into_response(self) -> Response {
        timing::measure(|| self.0.into_response())
    }
}

// ---- server -----------------------------------------------------------------------

/// An answer, or 400 with the error's text.
fn respond(answer: zerowire::Result<impl IntoResponse>) -> Response {
    match answer {
        Ok(answer) => TimedResponse(answer).into_response(),
        Err(e) => (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    }
}

async fn small<F: Flavor>(Timed(req): Timed<F::SmallIn>) -> Response {
    respond(F::small(req))
}

async fn telemetry<F: Flavor>(Timed(req): Timed<F::TelemetryIn>) -> Response {
    respond(F::telemetry(req))
}

async fn watch<F: Flavor>(stock: Arc<F::Stock>, Timed(req): Timed<F::WatchIn>) -> Response {
    let n = F::watch_count(&req);
    if n > WATCH_MAX {
        return (StatusCode::BAD_REQUEST, format!("a watch call streams at most {WATCH_MAX} batches, not {n}"))
            .into_response();
    }
    let items = (0..n as usize).map(move |i| timing::measure(|| F::watch_item(&stock, i)));
    let mut response = Body::from_stream(futures_util::stream::iter(items)).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static(F::CONTENT_TYPE));
    response
}

/// The router of flavor `F`.
pub fn router<F: Flavor>(stock: &[data::TelemetryExport]) -> Router {
    let stock = Arc::new(F::stock(stock));
    Router::new()
        .route("/small", post(small::<F>))
        .route("/telemetry", post(telemetry::<F>))
        .route("/watch", post(move |req: Timed<F::WatchIn>| watch::<F>(Arc::clone(&stock), req)))
}

/// Serves flavor `F` on `listener` until the runtime stops.
pub async fn serve<F: Flavor>(listener: tokio::net::TcpListener, stock: Vec<data::TelemetryExport>) {
    use axum::serve::ListenerExt as _;
    let listener = listener.tap_io(|tcp| {
        // Without it, small answers wait for Nagle's delayed ACK.
        let _ = tcp.set_nodelay(true);
    });
    // An error here ends the server; the clients then see refused calls.
    let _ = axum::serve(listener, router::<F>(&stock)).await;
}

// ---- client -----------------------------------------------------------------------

/// A client of flavor `F` on a connection of its own.
pub struct Client<F: Flavor> {
    http: hyper_util::client::legacy::Client<HttpConnector, Full<Bytes>>,
    base: String,
    requests: Requests<F>,
    _f: PhantomData<F>,
}

impl<F: Flavor> std::fmt::Debug for Client<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("http::Client").field("base", &self.base).finish_non_exhaustive()
    }
}

impl<F: Flavor> Client<F> {
    /// A client of the server at `addr` (the connection opens with the first call).
    pub async fn connect(addr: SocketAddr, inputs: &Inputs) -> Result<Self, BoxError> {
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        let http = hyper_util::client::legacy::Client::builder(TokioExecutor::new()).build(connector);
        Ok(Client { http, base: format!("http://{addr}"), requests: Converted::new(inputs), _f: PhantomData })
    }

    async fn post(&self, path: &str, body: Vec<u8>) -> Result<Body, BoxError> {
        let req = axum::http::Request::post(format!("{}{path}", self.base))
            .header(header::CONTENT_TYPE, F::CONTENT_TYPE)
            .body(Full::new(Bytes::from(body)))?;
        let resp = self.http.request(req).await?;
        if resp.status() != StatusCode::OK {
            let status = resp.status();
            let text = resp.into_body().collect().await?.to_bytes();
            return Err(format!("{path}: {status}: {}", String::from_utf8_lossy(&text)).into());
        }
        Ok(Body::new(resp.into_body()))
    }

    /// Makes call number `i` of `case`.
    pub async fn call(&mut self, case: Case, i: usize) -> Result<Answer, BoxError> {
        Ok(match case {
            Case::Small => {
                let body = self.post("/small", F::small_body(&self.requests, i)?).await?;
                Answer::Ack(F::ack(body.collect().await?.to_bytes())?)
            }
            Case::Telemetry => {
                let body = self.post("/telemetry", F::telemetry_body(&self.requests)?).await?;
                Answer::Summary(F::summary(body.collect().await?.to_bytes())?)
            }
            Case::Watch => {
                let mut body = self.post("/watch", F::watch_body(&self.requests)?).await?;
                let mut buf = BytesMut::new();
                let mut out = Vec::new();
                while let Some(frame) = body.frame().await {
                    if let Ok(data) = frame?.into_data() {
                        buf.extend_from_slice(&data);
                        while let Some(s) = F::next_batch(&mut buf)? {
                            out.push(s);
                        }
                    }
                }
                if !buf.is_empty() {
                    return Err(format!("the watch stream ended inside a batch ({} bytes left)", buf.len()).into());
                }
                Answer::Watch(out)
            }
        })
    }
}
