//! axum integration (feature `axum`): extractors and responders that read
//! and write zerowire messages as binary (`application/vnd.zerowire`) or
//! JSON, whichever the client speaks.
//!
//! - [`Zw<T>`](Zw) extracts a message from a request body in the format its
//!   `Content-Type` names ([`http::request_format`](crate::http::request_format):
//!   binary, JSON or any `+json` type; a request without `Content-Type` is
//!   read as JSON). As a response it writes the binary form.
//! - [`Owned<M>`](crate::Owned) is an extractor too: a binary body is
//!   validated in place and kept as the body's [`Bytes`]; a JSON body is
//!   read, then encoded once.
//! - [`Negotiated`] extracts the format the client's `Accept` asks for
//!   ([`http::negotiate`](crate::http::negotiate): no `Accept` means JSON);
//!   [`Negotiated::reply`] answers in it. A responder cannot see the request,
//!   so a handler that serves both kinds of client takes `Negotiated` and
//!   passes it to its reply.
//! - [`ZwRejection`] is what they answer when a request cannot be served:
//!   400 (a body that is not the message, with zerowire's error text), 406
//!   (an `Accept` that names neither format), 413 (a body over the limit), 415
//!   (a `Content-Type` that is neither format), each with a short
//!   `text/plain` body.
//!
//! ```
//! use axum::{Router, routing::post};
//! use zerowire::axum::{Negotiated, Reply, Zw};
//!
//! #[derive(Debug, PartialEq, zerowire::Message)]
//! pub struct NewOrder { pub id: u64, pub symbol: String, pub qty: u32 }
//!
//! #[derive(Debug, PartialEq, zerowire::Message)]
//! pub struct OrderAck { pub id: u64, pub accepted: bool }
//!
//! // Binary or JSON in, whatever the client accepts out.
//! async fn place(accept: Negotiated, Zw(order): Zw<NewOrder>) -> Reply<OrderAck> {
//!     accept.reply(OrderAck { id: order.id, accepted: order.qty > 0 })
//! }
//!
//! // Read in place: the handler sees the request's bytes, not a copy.
//! async fn audit(order: zerowire::Owned<NewOrder>) -> Zw<OrderAck> {
//!     Zw(OrderAck { id: order.view().id(), accepted: true })
//! }
//!
//! let app: Router = Router::new().route("/orders", post(place)).route("/audit", post(audit));
//!
//! // Served here without a socket; `axum::serve` runs it on a listener.
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! use axum::body::Body;
//! use axum::http::{Request, StatusCode, header};
//! use tower::ServiceExt;
//!
//! let request = Request::post("/orders")
//!     .header(header::CONTENT_TYPE, "application/vnd.zerowire")
//!     .header(header::ACCEPT, "application/json")
//!     .body(Body::from(zerowire::encode(&NewOrder { id: 7, symbol: "ZW".into(), qty: 100 })))
//!     .unwrap();
//! let response = app.oneshot(request).await.unwrap();
//! assert_eq!(response.status(), StatusCode::OK);
//! assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
//! let body = axum::body::to_bytes(response.into_body(), 1 << 16).await.unwrap();
//! assert_eq!(&body[..], br#"{"id":"7","accepted":true}"#);
//! # });
//! ```
//!
//! # Limits
//!
//! Two limits bound a request body, and a body over either is answered 413
//! before it is read whole:
//!
//! - axum's [`DefaultBodyLimit`](::axum::extract::DefaultBodyLimit), 2 MiB
//!   unless the router sets another (`.layer(DefaultBodyLimit::max(n))`);
//! - zerowire's [`Limits::max_size`] (64 MiB by default). The [`Limits`]
//!   also bound what is decoded (depth, memory per input byte), in both
//!   formats. Set them for a router or a route with an
//!   [`Extension`](::axum::Extension) holding a [`Limits`]:
//!
//! ```
//! use axum::{Extension, Router, extract::DefaultBodyLimit, routing::post};
//! use zerowire::axum::Zw;
//!
//! #[derive(zerowire::Message)]
//! pub struct Ping { pub seq: u32 }
//!
//! async fn ping(Zw(p): Zw<Ping>) -> Zw<Ping> {
//!     Zw(Ping { seq: p.seq + 1 })
//! }
//!
//! let app: Router = Router::new()
//!     .route("/ping", post(ping))
//!     .layer(DefaultBodyLimit::max(64 << 10))
//!     .layer(Extension(zerowire::Limits { max_depth: 16, ..zerowire::Limits::DEFAULT }));
//! ```

use core::fmt;

use ::axum::extract::{FromRequest, FromRequestParts, Request};
use ::axum::http::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue, VARY};
use ::axum::http::{StatusCode, request::Parts};
use ::axum::response::{IntoResponse, Response};
use ::axum::{BoxError, RequestExt};
use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::frame::{PayloadError, PayloadFormat};
use crate::http::{BodyError, content_type, negotiate, request_format};
use crate::{Limits, Message, Owned};

/// A zerowire message in a request or a response, as axum's `Json<T>` is a
/// JSON one.
///
/// As an extractor (the last argument of a handler: it reads the body),
/// `Zw<M>` reads a binary or JSON body per the request's `Content-Type`,
/// under the [`Limits`] of the module documentation, and rejects with a
/// [`ZwRejection`].
///
/// As a response, `Zw<T>` writes `T` (a message, or an [`Owned`] message)
/// in the binary form, `Content-Type: application/vnd.zerowire`. To answer
/// in the format the client asked for, use [`Negotiated::reply`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[must_use]
pub struct Zw<T>(pub T);

impl<T> core::ops::Deref for Zw<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> core::ops::DerefMut for Zw<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T> From<T> for Zw<T> {
    fn from(value: T) -> Self {
        Zw(value)
    }
}

impl<M, S> FromRequest<S> for Zw<M>
where
    M: Message + DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ZwRejection;

    async fn from_request(req: Request, _state: &S) -> Result<Self, ZwRejection> {
        let (format, limits, body) = read_body(req).await?;
        crate::http::decode_as(format, &body, &limits).map(Zw).map_err(ZwRejection::InvalidBody)
    }
}

impl<T: Payload> IntoResponse for Zw<T> {
    fn into_response(self) -> Response {
        respond(&self.0, PayloadFormat::Binary, false)
    }
}

/// Reads a binary body in place: the body's [`Bytes`] are validated
/// (eager tier, the [`Limits`] of the module documentation) and kept.
///
/// No byte is copied when the server hands the body over in one piece, as
/// hyper does over HTTP/1 for a body that arrives with the request in one
/// read (on loopback, bodies up to about 16 KiB). A body handed over in
/// several pieces (larger ones, chunked ones) is joined into one buffer
/// first, one copy, as axum's `Bytes` extractor joins it: validation needs
/// the message contiguous.
///
/// A JSON body is read as `M`, then encoded once into the `Owned`; the
/// encoding is held to [`Limits::max_size`] too (a 400 past it).
impl<M, S> FromRequest<S> for Owned<M>
where
    M: Message + DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ZwRejection;

    async fn from_request(req: Request, _state: &S) -> Result<Self, ZwRejection> {
        let (format, limits, body) = read_body(req).await?;
        match format {
            PayloadFormat::Binary => Owned::with_limits(body, &limits).map_err(invalid),
            _ => crate::http::owned_from_json::<M>(&body, &limits).map_err(invalid),
        }
    }
}

/// The format a client accepts in a response, from its `Accept` header
/// ([`http::negotiate`](crate::http::negotiate)): the extractor a handler
/// takes to answer each client in its format.
///
/// No `Accept` (or `*/*`) gets JSON, the format anyone can read; a client
/// that prefers `application/vnd.zerowire` gets binary. An `Accept` that
/// names neither (or is not text) is rejected with 406 before the handler
/// runs. Several `Accept` headers count as one list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Negotiated(pub PayloadFormat);

impl Negotiated {
    /// The format to answer in.
    pub fn format(self) -> PayloadFormat {
        self.0
    }

    /// The response that writes `value` in this format.
    pub fn reply<T: Payload>(self, value: T) -> Reply<T> {
        Reply { format: self.0, value }
    }

    /// The negotiated format for these request headers; the 406 rejection
    /// if `Accept` names neither format.
    pub fn from_headers(headers: &HeaderMap) -> Result<Self, ZwRejection> {
        let mut values = headers.get_all(ACCEPT).iter();
        fn text(v: &HeaderValue) -> Result<&str, ZwRejection> {
            v.to_str().map_err(|_| ZwRejection::NotAcceptable)
        }
        let format = match (values.next(), values.next()) {
            (None, _) => negotiate(None),
            (Some(one), None) => negotiate(Some(text(one)?)),
            (Some(first), Some(second)) => {
                let mut list = format!("{}, {}", text(first)?, text(second)?);
                for v in values {
                    list.push_str(", ");
                    list.push_str(text(v)?);
                }
                negotiate(Some(&list))
            }
        };
        format.map(Negotiated).ok_or(ZwRejection::NotAcceptable)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Negotiated {
    type Rejection = ZwRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ZwRejection> {
        Negotiated::from_headers(&parts.headers)
    }
}

/// A response that writes a message in a negotiated format, made by
/// [`Negotiated::reply`]. It carries `Vary: Accept`, as a response that
/// depends on `Accept` must for caches.
#[derive(Debug, Clone)]
#[must_use]
pub struct Reply<T> {
    format: PayloadFormat,
    value: T,
}

impl<T> Reply<T> {
    /// The response that writes `value` in `format` (JSON for any format
    /// that is not binary).
    pub fn new(format: PayloadFormat, value: T) -> Self {
        Reply { format, value }
    }

    /// The format the response is written in.
    pub fn format(&self) -> PayloadFormat {
        self.format
    }

    /// Gives back the value.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T: Payload> IntoResponse for Reply<T> {
    fn into_response(self) -> Response {
        respond(&self.value, self.format, true)
    }
}

/// What [`Zw`] and [`Reply`] can write: messages (feature `serde` gives
/// their JSON form) and [`Owned`] messages (binary: their bytes, no copy;
/// JSON: written from the view, nothing decoded).
pub trait Payload {
    /// The body in `format` (JSON for any format that is not binary).
    fn to_body(&self, format: PayloadFormat) -> Result<Bytes, crate::json::Error>;
}

impl<M: Message + Serialize> Payload for M {
    fn to_body(&self, format: PayloadFormat) -> Result<Bytes, crate::json::Error> {
        crate::http::encode_body(self, format).map(|(_, body)| Bytes::from(body))
    }
}

impl<M: Message> Payload for Owned<M>
where
    for<'a> M::View<'a>: Serialize,
{
    fn to_body(&self, format: PayloadFormat) -> Result<Bytes, crate::json::Error> {
        match format {
            PayloadFormat::Binary => Ok(self.bytes().clone()),
            _ => crate::json::to_vec(&self.lazy_view()).map(Bytes::from),
        }
    }
}

/// Writes `value` in `format`, or a 500 if its JSON cannot be written.
fn respond<T: Payload + ?Sized>(value: &T, format: PayloadFormat, vary: bool) -> Response {
    match value.to_body(format) {
        Ok(body) => {
            let ct = HeaderValue::from_static(content_type(format));
            let mut response = ([(CONTENT_TYPE, ct)], body).into_response();
            if vary {
                response.headers_mut().append(VARY, HeaderValue::from_static("accept"));
            }
            response
        }
        Err(e) => text(StatusCode::INTERNAL_SERVER_ERROR, format!("the response could not be written: {e}")),
    }
}

/// Why a request was not handed to the handler; as a response, its status
/// and a short `text/plain` body saying what was wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ZwRejection {
    /// 415: the `Content-Type` is neither `application/vnd.zerowire` nor
    /// JSON. The body was not read.
    UnsupportedMediaType,
    /// 406: the `Accept` header names neither format.
    NotAcceptable,
    /// 413: the body is longer than a limit: zerowire's
    /// [`Limits::max_size`] (`limit` holds it) or the router's
    /// [`DefaultBodyLimit`](::axum::extract::DefaultBodyLimit) (`limit` is
    /// `None`: axum does not tell its value).
    PayloadTooLarge {
        /// The limit in bytes, when it is zerowire's.
        limit: Option<usize>,
    },
    /// 400: the body is not a valid message in its format.
    InvalidBody(PayloadError),
    /// 400: the body could not be read (the client broke off, say).
    BodyUnreadable(::axum::Error),
}

impl ZwRejection {
    /// The HTTP status this rejection answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            ZwRejection::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ZwRejection::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            ZwRejection::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ZwRejection::InvalidBody(_) | ZwRejection::BodyUnreadable(_) => StatusCode::BAD_REQUEST,
        }
    }
}

impl fmt::Display for ZwRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ZwRejection::UnsupportedMediaType => fmt::Display::fmt(&BodyError::UnsupportedMediaType, f),
            ZwRejection::NotAcceptable => write!(
                f,
                "not acceptable: this resource answers in {} or {}",
                crate::http::BINARY_MEDIA_TYPE,
                crate::http::JSON_MEDIA_TYPE
            ),
            ZwRejection::PayloadTooLarge { limit: Some(n) } => write!(f, "request body is over the limit of {n} bytes"),
            ZwRejection::PayloadTooLarge { limit: None } => f.write_str("request body is over the server's body limit"),
            ZwRejection::InvalidBody(e) => crate::http::fmt_invalid_body(e, f),
            ZwRejection::BodyUnreadable(e) => write!(f, "request body could not be read: {e}"),
        }
    }
}

impl std::error::Error for ZwRejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ZwRejection::InvalidBody(e) => Some(e),
            ZwRejection::BodyUnreadable(e) => Some(e),
            _ => None,
        }
    }
}

impl IntoResponse for ZwRejection {
    fn into_response(self) -> Response {
        text(self.status(), self.to_string())
    }
}

impl From<BodyError> for ZwRejection {
    fn from(e: BodyError) -> Self {
        match e {
            BodyError::UnsupportedMediaType => ZwRejection::UnsupportedMediaType,
            BodyError::Invalid(e) => ZwRejection::InvalidBody(e),
        }
    }
}

fn invalid(e: impl Into<PayloadError>) -> ZwRejection {
    ZwRejection::InvalidBody(e.into())
}

fn text(status: StatusCode, body: String) -> Response {
    (status, [(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"))], body).into_response()
}

/// The body's format (415 before anything is read), the [`Limits`] in
/// force, and the body, read under both limits.
async fn read_body(req: Request) -> Result<(PayloadFormat, Limits, Bytes), ZwRejection> {
    use http_body_util::BodyExt;

    let content_type = match req.headers().get(CONTENT_TYPE) {
        None => None,
        Some(v) => Some(v.to_str().map_err(|_| ZwRejection::UnsupportedMediaType)?),
    };
    let format = request_format(content_type).ok_or(ZwRejection::UnsupportedMediaType)?;
    let limits = req.extensions().get::<Limits>().copied().unwrap_or_default();
    // `into_limited_body` applies the router's `DefaultBodyLimit`; `Limited`
    // adds zerowire's, so neither lets a body grow past it in memory.
    let body = http_body_util::Limited::new(req.into_limited_body(), limits.max_size);
    match body.collect().await {
        Ok(collected) => Ok((format, limits, collected.to_bytes())),
        Err(e) => Err(read_error(e, limits.max_size)),
    }
}

/// Tells the two limits and a broken body apart: zerowire's `Limited`
/// fails with its own error; axum's wraps the same error in its own.
fn read_error(e: BoxError, max_size: usize) -> ZwRejection {
    use http_body_util::LengthLimitError;

    if e.is::<LengthLimitError>() {
        return ZwRejection::PayloadTooLarge { limit: Some(max_size) };
    }
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&*e);
    while let Some(c) = cause {
        if c.is::<LengthLimitError>() {
            return ZwRejection::PayloadTooLarge { limit: None };
        }
        cause = c.source();
    }
    ZwRejection::BodyUnreadable(::axum::Error::new(e))
}
