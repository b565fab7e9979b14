//! NATS integration (feature `nats`): zerowire messages as NATS messages and
//! JetStream events, typed on both ends, binary or JSON.
//!
//! - [`publish`] / [`publish_js`] send a message in an [`Encoding`]: a
//!   payload format (binary or JSON) and a [`Framing`] that says where the
//!   type id and the format travel — NATS headers (the default:
//!   `Zw-Type-Id` and `Content-Type`, the payload is the bare message) or
//!   the 8-byte zerowire envelope ([`crate::frame::encode_envelope`]) for
//!   brokers and bridges that carry no headers. Readers take either.
//! - [`Subscriber<M>`](Subscriber) yields [`Event<M>`](Event)s: validated
//!   [`Owned<M>`] messages (a binary payload is validated in place, over the
//!   broker's `Bytes`; a JSON one is read and encoded once). A message of
//!   another type id, or one that does not validate, is a [`Rejected`]
//!   item with a typed [`DecodeError`]; the subscription goes on.
//! - [`request`] and [`Event::respond`] are request/reply with the same
//!   typing: the broker-side counterpart of a unary RPC.
//! - [`EventConsumer<M>`](EventConsumer) is a durable JetStream pull consumer
//!   with explicit acks. A message that fails validation or carries another
//!   type (a *poison* message) is never handed to the application and never
//!   redelivered: it is published to a dead-letter subject, with the error
//!   text in the `Zw-Error` header, then acked. A valid message the
//!   application fails to handle is nak'ed with a growing delay
//!   ([`Delivery::nak`], [`Backoff`]).
//!
//! ```no_run
//! use zerowire::nats::{Encoding, Subscriber, publish};
//!
//! #[derive(Debug, PartialEq, zerowire::Message)]
//! pub struct OrderPlaced { pub id: u64, pub symbol: String, pub qty: u32 }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = async_nats::connect("127.0.0.1:4222").await?;
//! let mut orders = Subscriber::<OrderPlaced>::subscribe(&client, "orders.>").await?;
//!
//! let event = OrderPlaced { id: 7, symbol: "ZW".into(), qty: 100 };
//! publish(&client, "orders.eu", &event, Encoding::BINARY).await?;
//! publish(&client, "orders.us", &event, Encoding::JSON).await?; // for peers that speak JSON
//!
//! for _ in 0..2 {
//!     match orders.next().await {
//!         Some(Ok(event)) => assert_eq!(event.message.view().qty(), 100),
//!         Some(Err(rejected)) => eprintln!("skipped: {rejected}"),
//!         None => break,
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! # Headers or envelope
//!
//! With [`Framing::Headers`] a JSON event is plain JSON to any NATS client
//! and tool, and a binary payload is exactly the message. The headers cost
//! bytes and work: a header-framed message takes 71 bytes more on the wire
//! than the same message in the envelope (whose header is 8 bytes), and
//! about 20 more allocations to publish and consume, as the client builds
//! and parses a header map
//! (`docs/FORMAT.md`, section 15.8, has the counts). [`Framing::Envelope`]
//! is the lean choice for high-rate small binary events between zerowire
//! services, and the one for brokers without headers. A reader takes a
//! message as header-framed when it has a `Zw-Type-Id` header, else as an
//! envelope; either way it makes the same checks.
//!
//! # Limits
//!
//! Every read is bounded by the [`Limits`] given (the default ones
//! otherwise): the binary form's size and depth, the JSON form's length and
//! nesting. The NATS server's `max_payload` (1 MiB by default) bounds what
//! reaches the client at all.

use core::fmt;
use core::marker::PhantomData;
use core::time::Duration;

use async_nats::HeaderMap;
use async_nats::jetstream;
use async_nats::jetstream::AckKind;
use async_nats::jetstream::consumer::PullConsumer;
use bytes::Bytes;
use futures_util::StreamExt;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::frame::{FrameConfig, FrameError, FrameHeader, HEADER_LEN, PayloadError, PayloadFormat, TRAILER_LEN};
use crate::{Limits, Message, Owned};

/// The header holding the message's type id ([`Message::TYPE_ID`]), in
/// decimal.
pub const TYPE_ID_HEADER: &str = "Zw-Type-Id";
/// The header holding the payload's media type: `application/vnd.zerowire`
/// or `application/json` ([`crate::http::content_type`]).
pub const CONTENT_TYPE_HEADER: &str = "Content-Type";
/// The header a dead-lettered message carries: why it was refused.
pub const ERROR_HEADER: &str = "Zw-Error";
/// The header a dead-lettered message carries: the subject it was
/// published to.
pub const SUBJECT_HEADER: &str = "Zw-Subject";

/// Where the type id and the payload format travel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Framing {
    /// In NATS headers ([`TYPE_ID_HEADER`], [`CONTENT_TYPE_HEADER`]); the
    /// payload is the bare message.
    #[default]
    Headers,
    /// In the 8-byte zerowire envelope before the payload (`docs/FORMAT.md`,
    /// section 15), with a CRC32C trailer if `checksum`; no headers.
    Envelope {
        /// Whether a CRC32C trailer follows the payload.
        checksum: bool,
    },
}

/// How a message is written: its payload format and its [`Framing`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Encoding {
    /// Binary or JSON (any other format is written as JSON).
    pub format: PayloadFormat,
    /// Headers or envelope.
    pub framing: Framing,
}

impl Encoding {
    /// Binary, type and format in headers.
    pub const BINARY: Encoding = Encoding { format: PayloadFormat::Binary, framing: Framing::Headers };
    /// JSON, type and format in headers: plain JSON to any NATS client.
    pub const JSON: Encoding = Encoding { format: PayloadFormat::Json, framing: Framing::Headers };
    /// Binary in the 8-byte envelope, no headers, no checksum.
    pub const BINARY_ENVELOPE: Encoding =
        Encoding { format: PayloadFormat::Binary, framing: Framing::Envelope { checksum: false } };
}

impl Default for Encoding {
    fn default() -> Self {
        Encoding::BINARY
    }
}

/// Why a received NATS message is not a message of the expected type.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// A zerowire header is present but does not parse (its name and value).
    BadHeader {
        /// The header's name.
        name: &'static str,
        /// Its value, as received (lossily decoded).
        value: String,
    },
    /// The `Content-Type` names neither format.
    UnsupportedContentType(String),
    /// No `Zw-Type-Id` header, and the payload is not a valid envelope.
    Envelope(String),
    /// The payload is not a valid message of the expected type: another
    /// type id ([`PayloadError::TypeMismatch`]), invalid binary, invalid
    /// JSON.
    Payload(PayloadError),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::BadHeader { name, value } => write!(f, "header {name} is not a zerowire value: {value:?}"),
            DecodeError::UnsupportedContentType(ct) => write!(
                f,
                "unsupported content type {ct:?}: send {} or {}",
                crate::http::BINARY_MEDIA_TYPE,
                crate::http::JSON_MEDIA_TYPE
            ),
            DecodeError::Envelope(e) => write!(f, "no {TYPE_ID_HEADER} header and not a zerowire envelope: {e}"),
            DecodeError::Payload(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DecodeError::Payload(e) => Some(e),
            _ => None,
        }
    }
}

impl From<PayloadError> for DecodeError {
    fn from(e: PayloadError) -> Self {
        DecodeError::Payload(e)
    }
}

/// An error of a NATS operation: writing the message, the broker, or
/// reading the answer.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The message could not be written as JSON.
    Encode(crate::json::Error),
    /// A received message (a reply) is not the expected one.
    Decode(DecodeError),
    /// The NATS client or server failed (connection, publish, request,
    /// JetStream call); its error as async-nats reports it.
    Nats(Box<dyn std::error::Error + Send + Sync>),
}

impl Error {
    fn nats(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        Error::Nats(Box::new(e))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Encode(e) => write!(f, "message could not be written: {e}"),
            Error::Decode(e) => fmt::Display::fmt(e, f),
            Error::Nats(e) => write!(f, "nats: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Encode(e) => Some(e),
            Error::Decode(e) => Some(e),
            Error::Nats(e) => Some(&**e),
        }
    }
}

impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        Error::Decode(e)
    }
}

/// The headers and payload of `message` in `encoding`: what [`publish`]
/// sends, for code that publishes through its own calls (a JetStream
/// `PublishMessage` with a message id, an outbox).
///
/// With [`Framing::Headers`] the headers hold the type id and content type
/// and the payload is the message as [`crate::http::encode_body`] writes it;
/// with [`Framing::Envelope`] there are no headers and the payload is the
/// envelope ([`crate::frame::encode_envelope`]).
///
/// ```
/// use zerowire::Message;
/// use zerowire::nats::{Encoding, TYPE_ID_HEADER, decode, encode};
///
/// #[derive(Debug, PartialEq, zerowire::Message)]
/// pub struct Ping { pub seq: u64 }
///
/// let (headers, payload) = encode(&Ping { seq: 1 }, Encoding::JSON)?;
/// let headers = headers.expect("header framing");
/// assert_eq!(headers.get(TYPE_ID_HEADER).unwrap().as_str(), Ping::TYPE_ID.to_string());
/// assert_eq!(&payload[..], br#"{"seq":"1"}"#);
///
/// // The envelope carries the same in 8 bytes; a reader takes either.
/// let (none, envelope) = encode(&Ping { seq: 1 }, Encoding::BINARY_ENVELOPE)?;
/// assert!(none.is_none());
/// let a = decode::<Ping>(Some(&headers), payload, &zerowire::Limits::default())?;
/// let b = decode::<Ping>(None, envelope, &zerowire::Limits::default())?;
/// assert_eq!(a.decode()?, b.decode()?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn encode<M>(message: &M, encoding: Encoding) -> Result<(Option<HeaderMap>, Bytes), Error>
where
    M: Message + Serialize,
{
    let (content_type, body) = crate::http::encode_body(message, encoding.format).map_err(Error::Encode)?;
    let format = if encoding.format == PayloadFormat::Binary { PayloadFormat::Binary } else { PayloadFormat::Json };
    Ok(frame_parts(FrameHeader::new(format, M::TYPE_ID), content_type, body, encoding.framing))
}

/// Headers and payload for `body`, already written in `header.format`.
fn frame_parts(header: FrameHeader, content_type: &str, body: Vec<u8>, framing: Framing) -> (Option<HeaderMap>, Bytes) {
    match framing {
        Framing::Headers => {
            let mut headers = HeaderMap::new();
            headers.insert(TYPE_ID_HEADER, header.type_id.to_string());
            headers.insert(CONTENT_TYPE_HEADER, content_type);
            (Some(headers), Bytes::from(body))
        }
        Framing::Envelope { checksum } => (None, crate::frame::encode_envelope(&header, &body, checksum)),
    }
}

/// Reads a received message (its headers and payload) as an `M`, under
/// `limits`: header-framed if it has a [`TYPE_ID_HEADER`], else an
/// envelope. The type id must be `M`'s ([`PayloadError::TypeMismatch`]
/// otherwise). A binary payload is validated in place and kept (the
/// returned [`Owned`] shares `payload`'s buffer); a JSON one is read as `M`
/// and encoded once.
pub fn decode<M>(headers: Option<&HeaderMap>, payload: Bytes, limits: &Limits) -> Result<Owned<M>, DecodeError>
where
    M: Message + DeserializeOwned,
{
    let frame = frame_of(headers, payload, limits)?;
    Ok(frame.into_owned_any_format_with::<M>(limits)?)
}

/// The frame a received message carries: its type id and format from the
/// headers or from the envelope, and its payload.
fn frame_of(headers: Option<&HeaderMap>, payload: Bytes, limits: &Limits) -> Result<crate::frame::Frame, DecodeError> {
    if let Some(id) = headers.and_then(|h| h.get(TYPE_ID_HEADER)) {
        let type_id = id
            .as_str()
            .trim()
            .parse::<u32>()
            .map_err(|_| DecodeError::BadHeader { name: TYPE_ID_HEADER, value: id.as_str().to_owned() })?;
        let content_type = headers.and_then(|h| h.get(CONTENT_TYPE_HEADER)).map(|v| v.as_str());
        // Unlike an HTTP request, a message without `Content-Type` is not
        // guessed to be JSON: publishers of this module always set it.
        let format = match content_type.and_then(|ct| crate::http::request_format(Some(ct))) {
            Some(f) => f,
            None => return Err(DecodeError::UnsupportedContentType(content_type.unwrap_or("").to_owned())),
        };
        return Ok(crate::frame::Frame::new(FrameHeader::new(format, type_id), payload));
    }
    let config = FrameConfig::default().max_frame_len(limits.max_size.saturating_add(HEADER_LEN + TRAILER_LEN));
    config.decode_envelope(&payload).map_err(|e: FrameError| DecodeError::Envelope(e.to_string()))
}

/// Publishes `message` to `subject` on core NATS (at most once: no
/// acknowledgement; use [`publish_js`] for a stream).
pub async fn publish<M>(
    client: &async_nats::Client,
    subject: impl Into<String>,
    message: &M,
    encoding: Encoding,
) -> Result<(), Error>
where
    M: Message + Serialize,
{
    let (headers, payload) = encode(message, encoding)?;
    let subject = subject.into();
    match headers {
        Some(h) => client.publish_with_headers(subject, h, payload).await,
        None => client.publish(subject, payload).await,
    }
    .map_err(Error::nats)
}

/// Publishes `message` to `subject` through JetStream and returns the
/// future of the stream's acknowledgement. Await it to know the message is
/// stored; several may be in flight at once (publish a batch, then await
/// the acknowledgements).
pub async fn publish_js<M>(
    js: &jetstream::Context,
    subject: impl Into<String>,
    message: &M,
    encoding: Encoding,
) -> Result<jetstream::context::PublishAckFuture, Error>
where
    M: Message + Serialize,
{
    let (headers, payload) = encode(message, encoding)?;
    let subject = subject.into();
    match headers {
        Some(h) => js.publish_with_headers(subject, h, payload).await,
        None => js.publish(subject, payload).await,
    }
    .map_err(Error::nats)
}

/// Sends `message` to `subject` as a request and reads the reply as an
/// `R` (default [`Limits`]): the broker-side counterpart of a unary RPC.
/// The responder answers with [`Event::respond`]. A reply of another type
/// is [`Error::Decode`] with [`PayloadError::TypeMismatch`].
///
/// ```no_run
/// use zerowire::nats::{Encoding, Subscriber, request};
///
/// #[derive(zerowire::Message)]
/// pub struct Quote { pub symbol: String }
/// #[derive(zerowire::Message)]
/// pub struct Price { pub cents: i64 }
///
/// # async fn run(client: async_nats::Client) -> Result<(), Box<dyn std::error::Error>> {
/// let mut quotes = Subscriber::<Quote>::subscribe(&client, "prices").await?;
/// let responder = client.clone();
/// tokio::spawn(async move {
///     while let Some(Ok(q)) = quotes.next().await {
///         let cents = q.message.view().symbol().len() as i64 * 100;
///         let _ = q.respond(&responder, &Price { cents }).await;
///     }
/// });
/// let price = request::<_, Price>(&client, "prices", &Quote { symbol: "ZW".into() }, Encoding::BINARY).await?;
/// assert_eq!(price.view().cents(), 200);
/// # Ok(()) }
/// ```
pub async fn request<M, R>(
    client: &async_nats::Client,
    subject: impl Into<String>,
    message: &M,
    encoding: Encoding,
) -> Result<Owned<R>, Error>
where
    M: Message + Serialize,
    R: Message + DeserializeOwned,
{
    let (headers, payload) = encode(message, encoding)?;
    let subject = subject.into();
    let reply = match headers {
        Some(h) => client.request_with_headers(subject, h, payload).await,
        None => client.request(subject, payload).await,
    }
    .map_err(Error::nats)?;
    Ok(decode::<R>(reply.headers.as_ref(), reply.payload, &Limits::default())?)
}

/// A message received from a [`Subscriber`]: the validated message and
/// where it came from.
#[derive(Debug, Clone)]
pub struct Event<M: Message> {
    /// The validated message.
    pub message: Owned<M>,
    /// The subject it was published to.
    pub subject: async_nats::Subject,
    /// The reply subject, for a request.
    pub reply: Option<async_nats::Subject>,
    /// How it was written; [`Event::respond`] answers the same way.
    pub encoding: Encoding,
}

impl<M: Message> Event<M> {
    /// Answers a request with `response`, written in the request's
    /// [`Encoding`]. A message without a reply subject (not a request) is
    /// answered with nothing, and `Ok`.
    pub async fn respond<R>(&self, client: &async_nats::Client, response: &R) -> Result<(), Error>
    where
        R: Message + Serialize,
    {
        match &self.reply {
            Some(reply) => publish(client, reply.to_string(), response, self.encoding).await,
            None => Ok(()),
        }
    }
}

/// A received message that is not an `M`: the message as it came and why.
#[derive(Debug)]
pub struct Rejected {
    /// The message as received (boxed: it is large, and this is the
    /// uncommon path).
    pub message: Box<async_nats::Message>,
    /// Why it is not an `M`.
    pub error: DecodeError,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "message on {}: {}", self.message.subject, self.error)
    }
}

impl std::error::Error for Rejected {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// The encoding a received message was written in (header or envelope
/// framing; the format from the header or the envelope).
fn encoding_of(headers: Option<&HeaderMap>, payload: &[u8]) -> Encoding {
    let header_framed = headers.is_some_and(|h| h.get(TYPE_ID_HEADER).is_some());
    if header_framed {
        let ct = headers.and_then(|h| h.get(CONTENT_TYPE_HEADER)).map(|v| v.as_str());
        let format = crate::http::request_format(ct).unwrap_or(PayloadFormat::Binary);
        Encoding { format, framing: Framing::Headers }
    } else {
        let head = FrameHeader::parse(payload).ok();
        Encoding {
            format: head.map_or(PayloadFormat::Binary, |h| h.format),
            framing: Framing::Envelope { checksum: head.is_some_and(|h| h.has_checksum()) },
        }
    }
}

/// A typed core-NATS subscription: each message is read as an `M`.
pub struct Subscriber<M> {
    inner: async_nats::Subscriber,
    limits: Limits,
    _m: PhantomData<fn() -> M>,
}

impl<M: Message + DeserializeOwned> Subscriber<M> {
    /// Subscribes to `subject` (wildcards allowed), default [`Limits`].
    ///
    /// The subscription takes effect when the server has processed it.
    /// Messages this `client` publishes afterwards reach it (the server
    /// handles one connection's operations in order), but a message
    /// published on another connection may reach the server first and go
    /// to nobody: `Client::flush` only writes to the socket, it does not
    /// wait for the server. Before another connection publishes, publish a
    /// message on this client and wait for it to arrive; or use JetStream
    /// ([`EventConsumer`]), whose stream keeps what was published before
    /// the consumer reads.
    pub async fn subscribe(client: &async_nats::Client, subject: impl Into<String>) -> Result<Self, Error> {
        let inner = client.subscribe(subject.into()).await.map_err(Error::nats)?;
        Ok(Self::new(inner, Limits::default()))
    }

    /// Reads the messages of an existing subscription (a queue group, say)
    /// under `limits`.
    pub fn new(inner: async_nats::Subscriber, limits: Limits) -> Self {
        Subscriber { inner, limits, _m: PhantomData }
    }

    /// The next message: an [`Event`] if it is a valid `M`, a [`Rejected`]
    /// if not (the subscription goes on); `None` when the subscription
    /// ends.
    pub async fn next(&mut self) -> Option<Result<Event<M>, Rejected>> {
        let message = self.inner.next().await?;
        Some(read_event(message, &self.limits))
    }

    /// The subscription itself (to unsubscribe or drain it).
    pub fn inner_mut(&mut self) -> &mut async_nats::Subscriber {
        &mut self.inner
    }
}

fn read_event<M: Message + DeserializeOwned>(
    message: async_nats::Message,
    limits: &Limits,
) -> Result<Event<M>, Rejected> {
    let encoding = encoding_of(message.headers.as_ref(), &message.payload);
    match decode::<M>(message.headers.as_ref(), message.payload.clone(), limits) {
        Ok(owned) => Ok(Event { message: owned, subject: message.subject, reply: message.reply, encoding }),
        Err(error) => Err(Rejected { message: Box::new(message), error }),
    }
}

/// The delay before a nak'ed message comes back: `first` after the first
/// delivery, doubling with each delivery, at most `max`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    /// The delay after the first failed delivery.
    pub first: Duration,
    /// The longest delay.
    pub max: Duration,
}

impl Backoff {
    /// The delay after the `delivered`-th delivery failed (1 = the first).
    ///
    /// ```
    /// use std::time::Duration;
    /// use zerowire::nats::Backoff;
    ///
    /// let b = Backoff { first: Duration::from_millis(100), max: Duration::from_secs(1) };
    /// assert_eq!(b.delay(1), Duration::from_millis(100));
    /// assert_eq!(b.delay(3), Duration::from_millis(400));
    /// assert_eq!(b.delay(50), Duration::from_secs(1));
    /// ```
    pub fn delay(&self, delivered: u64) -> Duration {
        let doublings = delivered.saturating_sub(1).min(31) as u32;
        self.first.saturating_mul(1u32 << doublings).min(self.max)
    }
}

impl Default for Backoff {
    /// 1 s, doubling, at most 1 min.
    fn default() -> Self {
        Backoff { first: Duration::from_secs(1), max: Duration::from_secs(60) }
    }
}

/// A durable JetStream pull consumer of `M` events with explicit acks,
/// which dead-letters poison messages.
///
/// [`next`](EventConsumer::next) hands over valid messages only, as
/// [`Delivery`]s the application acks or naks. A message that is not a
/// valid `M` (another type id, a payload that does not validate, a header
/// that does not parse) is published to the dead-letter subject through
/// JetStream — its payload and headers as they came, plus
/// [`ERROR_HEADER`] (the error text) and [`SUBJECT_HEADER`], without
/// JetStream's own `Nats-*` headers — and, once the
/// dead-letter stream acknowledged it, acked on its own stream, so it is
/// never redelivered; the consumer goes on with the next message. The
/// dead-letter subject must be bound to a stream (publishing it waits for
/// that stream's acknowledgement; a poison message whose dead-lettering
/// failed is not acked, and comes back).
///
/// ```no_run
/// use async_nats::jetstream::{self, consumer::pull};
/// use zerowire::nats::EventConsumer;
///
/// #[derive(zerowire::Message)]
/// pub struct OrderPlaced { pub id: u64, pub qty: u32 }
///
/// # async fn run(client: async_nats::Client) -> Result<(), Box<dyn std::error::Error>> {
/// let js = jetstream::new(client);
/// js.get_or_create_stream(jetstream::stream::Config {
///     name: "ORDERS".into(),
///     subjects: vec!["orders.>".into()],
///     ..Default::default()
/// }).await?;
/// js.get_or_create_stream(jetstream::stream::Config {
///     name: "ORDERS_DLQ".into(),
///     subjects: vec!["dlq.orders".into()],
///     ..Default::default()
/// }).await?;
/// let config = pull::Config { durable_name: Some("projector".into()), ..Default::default() };
/// let mut consumer = EventConsumer::<OrderPlaced>::new(&js, "ORDERS", config, "dlq.orders").await?;
/// while let Some(delivery) = consumer.next().await {
///     let delivery = delivery?;
///     if delivery.message().view().qty() > 0 {
///         delivery.ack().await?;
///     } else {
///         delivery.nak().await?; // back after the consumer's backoff
///     }
/// }
/// # Ok(()) }
/// ```
pub struct EventConsumer<M> {
    js: jetstream::Context,
    consumer: PullConsumer,
    messages: Option<jetstream::consumer::pull::Stream>,
    dead_letter: String,
    limits: Limits,
    backoff: Backoff,
    dead_lettered: u64,
    _m: PhantomData<fn() -> M>,
}

impl<M: Message + DeserializeOwned> EventConsumer<M> {
    /// Gets or creates the durable consumer `config` describes on `stream`
    /// (its `durable_name` must be set; its ack policy is set to explicit),
    /// and dead-letters to `dead_letter`. Default [`Limits`] and
    /// [`Backoff`].
    pub async fn new(
        js: &jetstream::Context,
        stream: &str,
        mut config: jetstream::consumer::pull::Config,
        dead_letter: impl Into<String>,
    ) -> Result<Self, Error> {
        config.ack_policy = jetstream::consumer::AckPolicy::Explicit;
        let Some(name) = config.durable_name.clone() else {
            return Err(Error::Nats("an EventConsumer is durable: set the config's durable_name".into()));
        };
        let stream = js.get_stream(stream).await.map_err(Error::nats)?;
        let consumer = stream.get_or_create_consumer(&name, config).await.map_err(Error::nats)?;
        Ok(EventConsumer {
            js: js.clone(),
            consumer,
            messages: None,
            dead_letter: dead_letter.into(),
            limits: Limits::default(),
            backoff: Backoff::default(),
            dead_lettered: 0,
            _m: PhantomData,
        })
    }

    /// Reads messages under `limits`.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Naks with `backoff`.
    pub fn backoff(mut self, backoff: Backoff) -> Self {
        self.backoff = backoff;
        self
    }

    /// How many messages this consumer has dead-lettered.
    pub fn dead_lettered(&self) -> u64 {
        self.dead_lettered
    }

    /// The next valid message. Poison messages on the way are dead-lettered
    /// (see the type's documentation). An `Err` is a broker error (a missed
    /// heartbeat while the server is away, a failed dead-lettering): the
    /// consumer stays usable, and the next call resumes where the durable
    /// consumer is. `None` only if the consumer was deleted.
    pub async fn next(&mut self) -> Option<Result<Delivery<M>, Error>> {
        loop {
            let messages = match &mut self.messages {
                Some(m) => m,
                None => match self.consumer.messages().await {
                    Ok(m) => self.messages.insert(m),
                    Err(e) => return Some(Err(Error::nats(e))),
                },
            };
            let message = match messages.next().await {
                Some(Ok(m)) => m,
                Some(Err(e)) => {
                    use jetstream::consumer::pull::MessagesErrorKind;
                    let kind = e.kind();
                    if kind != MessagesErrorKind::MissingHeartbeat {
                        // The pull stream is not reliable after another
                        // error; the next call opens a new one on the
                        // durable consumer, which resumes where it was.
                        self.messages = None;
                    }
                    if kind == MessagesErrorKind::ConsumerDeleted {
                        return None;
                    }
                    return Some(Err(Error::nats(e)));
                }
                None => {
                    self.messages = None;
                    continue;
                }
            };
            match decode::<M>(message.headers.as_ref(), message.payload.clone(), &self.limits) {
                Ok(owned) => return Some(Ok(Delivery { message: owned, inner: message, backoff: self.backoff })),
                Err(error) => {
                    if let Err(e) = self.dead_letter(&message, &error).await {
                        return Some(Err(e));
                    }
                }
            }
        }
    }

    /// Publishes a poison message to the dead-letter subject, then acks it.
    async fn dead_letter(&mut self, message: &jetstream::Message, error: &DecodeError) -> Result<(), Error> {
        // The message's own headers go along, but not JetStream's
        // (`Nats-Msg-Id`, `Nats-Expected-*`): they would have the
        // dead-letter stream deduplicate or refuse the message.
        let mut headers = HeaderMap::new();
        for (name, values) in message.headers.iter().flat_map(|h| h.iter()) {
            if AsRef::<str>::as_ref(name).get(..5).is_some_and(|p| p.eq_ignore_ascii_case("nats-")) {
                continue;
            }
            for v in values {
                headers.append(name.clone(), v.clone());
            }
        }
        // A header value is one line: the error text is kept on one.
        let text = error.to_string().replace(['\r', '\n'], " ");
        headers.insert(ERROR_HEADER, text);
        headers.insert(SUBJECT_HEADER, message.subject.as_str());
        let ack = self
            .js
            .publish_with_headers(self.dead_letter.clone(), headers, message.payload.clone())
            .await
            .map_err(Error::nats)?;
        ack.await.map_err(Error::nats)?;
        message.ack().await.map_err(Error::Nats)?;
        self.dead_lettered += 1;
        Ok(())
    }
}

/// A valid message from an [`EventConsumer`], to be acked (handled) or
/// nak'ed (to come back later).
#[derive(Debug)]
pub struct Delivery<M: Message> {
    message: Owned<M>,
    inner: jetstream::Message,
    backoff: Backoff,
}

impl<M: Message> Delivery<M> {
    /// The validated message.
    pub fn message(&self) -> &Owned<M> {
        &self.message
    }

    /// The subject it was published to.
    pub fn subject(&self) -> &str {
        self.inner.subject.as_str()
    }

    /// How many times it was delivered, this time included (1 the first
    /// time).
    pub fn delivered(&self) -> u64 {
        self.inner.info().map_or(1, |i| i.delivered.max(1) as u64)
    }

    /// Its sequence number in the stream.
    pub fn stream_sequence(&self) -> u64 {
        self.inner.info().map_or(0, |i| i.stream_sequence)
    }

    /// The JetStream message as received (headers, payload, ack subject).
    pub fn jetstream_message(&self) -> &jetstream::Message {
        &self.inner
    }

    /// Acks the message: handled, not to be delivered again. The ack is
    /// sent without waiting for the server; see [`ack_sync`](Delivery::ack_sync).
    pub async fn ack(&self) -> Result<(), Error> {
        self.inner.ack().await.map_err(Error::Nats)
    }

    /// Acks the message and waits for the server to confirm it: once this
    /// returns, the message is not redelivered, even if the server restarts.
    pub async fn ack_sync(&self) -> Result<(), Error> {
        self.inner.double_ack().await.map_err(Error::Nats)
    }

    /// Naks the message: not handled now, to be delivered again after the
    /// consumer's [`Backoff`] delay for this delivery.
    pub async fn nak(&self) -> Result<(), Error> {
        let delay = self.backoff.delay(self.delivered());
        self.inner.ack_with(AckKind::Nak(Some(delay))).await.map_err(Error::Nats)
    }

    /// Gives back the validated message.
    pub fn into_message(self) -> Owned<M> {
        self.message
    }
}
