//! Two small services that talk zerowire frames over TCP, and their clients:
//!
//! - the **order service** ([`start_order_service`]): a client sends
//!   [`PlaceOrder`] requests on one connection and gets one [`OrderAck`] per
//!   request, in order, on the same connection (request/response);
//! - the **pricing service** ([`start_pricing_service`]): a subscriber sends
//!   one [`Subscribe`] and the service pushes a one-way stream of
//!   [`PriceTick`] events, then closes the connection.
//!
//! Both directions of both connections are zerowire frames
//! ([`zerowire::frame`]) through tokio-util's `Framed` and
//! [`FrameCodec`]; the frame's type id says which message it holds
//! ([`type_id`]). A client may ask for the **JSON fallback** by sending JSON
//! frames: the services answer in the format of the request.
//!
//! The runnable demo is `examples/services.rs` (`cargo run --release -p
//! zerowire-examples --example services`); `tests/services.rs` runs the same
//! code over loopback.
//!
//! JSON here is zerowire's own mapping (`docs/FORMAT.md`, section 16), which
//! the derives generate: the services read either format through
//! `Frame::into_owned_any_format` / `Frame::decode` and answer in the
//! request's format.

use std::io;
use std::net::SocketAddr;
use std::time::{SystemTime, UNIX_EPOCH};

use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio_util::codec::Framed;
use zerowire::Owned;
use zerowire::frame::{Frame, FrameCodec, PayloadFormat};

/// Errors of the clients and of a service's connection.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// The demo's messages, generated from `examples/schemas/services.zw` by
/// `examples/build.rs` (`zerowire_schema::Config`), as a user's crate does.
pub mod proto {
    zerowire::include_schema!("demo.trading.v1");
}
pub use proto::orders_client::OrdersClient;
pub use proto::{
    Fill, OrderAck, OrderKind, OrderPlaced, OrderStatus, PlaceOrder, PlaceOrderView, Price, PriceTick, Side, Subscribe,
};

/// The frame type ids of the two protocols: the schema's `[type_id = N]`.
pub mod type_id {
    use zerowire::Message;
    /// [`PlaceOrder`](super::PlaceOrder), client to order service.
    pub const PLACE_ORDER: u32 = super::PlaceOrder::TYPE_ID;
    /// [`OrderAck`](super::OrderAck), order service to client.
    pub const ORDER_ACK: u32 = super::OrderAck::TYPE_ID;
    /// [`Subscribe`](super::Subscribe), subscriber to pricing service.
    pub const SUBSCRIBE: u32 = super::Subscribe::TYPE_ID;
    /// [`PriceTick`](super::PriceTick), pricing service to subscriber.
    pub const PRICE_TICK: u32 = super::PriceTick::TYPE_ID;
}

impl Price {
    /// `mantissa` hundredths.
    pub const fn cents(mantissa: i64) -> Self {
        Price { mantissa, exponent: -2 }
    }
}

impl std::fmt::Display for Price {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}e{}", self.mantissa, self.exponent)
    }
}

/// Nanoseconds since the Unix epoch, now.
pub fn system_clock() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as i64)
}

/// A clock stopped at 2026-01-01T00:00:00Z, for tests that compare acks.
pub fn fixed_clock() -> i64 {
    1_767_225_600_000_000_000
}

/// A running service: its address and its accept loop.
#[derive(Debug)]
pub struct Service {
    /// Where it listens (127.0.0.1, a port the OS chose).
    pub addr: SocketAddr,
    task: JoinHandle<()>,
}

impl Service {
    /// Stops accepting connections (connections already open run on until
    /// their client closes them).
    pub fn shutdown(self) {
        self.task.abort();
    }
}

/// Binds 127.0.0.1:0 and runs `serve` on each accepted connection, on its
/// own task.
async fn listen<F, Fut>(serve: F) -> io::Result<Service>
where
    F: Fn(TcpStream) -> Fut + Send + 'static,
    Fut: Future<Output = Result<(), Error>> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let task = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let _ = stream.set_nodelay(true);
            let conn = serve(stream);
            tokio::spawn(async move {
                if let Err(e) = conn.await {
                    eprintln!("connection error: {e}");
                }
            });
        }
    });
    Ok(Service { addr, task })
}

// ---- order service --------------------------------------------------------

/// The fields of an order that matching reads, borrowed from a binary view
/// (no copy; a JSON order was encoded first).
#[derive(Debug, Clone, Copy)]
struct Ticket<'a> {
    order_id: u64,
    side: Side,
    kind: OrderKind,
    limit: Price,
    quantity: u32,
    client_tag: Option<&'a str>,
}

impl<'a> Ticket<'a> {
    /// Whether [`execute`] fills this order (rather than rejecting it), so
    /// that it takes an exchange id.
    fn fillable(&self) -> bool {
        self.quantity > 0 && self.kind == OrderKind::Limit && matches!(self.side, Side::Buy | Side::Sell)
    }

    /// The ticket of a validated order: every read is a plain value.
    fn from_view(v: &PlaceOrderView<'a, zerowire::Validated>) -> Self {
        Ticket {
            order_id: v.order_id(),
            side: v.side(),
            kind: v.kind(),
            limit: v.limit(),
            quantity: v.quantity(),
            client_tag: v.client_tag(),
        }
    }
}

/// Shares per fill.
const CLIP: u32 = 250;
/// At most this many fills per order; the rest of the quantity rests.
const MAX_FILLS: u32 = 4;
const VENUES: [&str; 4] = ["XNAS", "ARCX", "BATS", "IEXG"];

/// The order service's matching, deterministic: a limit order fills in
/// clips of 250 shares, each one tick better than the last, over up to four
/// venues; above 1,000 shares the rest rests (partially filled).
fn execute(t: &Ticket<'_>, exchange_id: u64, now_ns: i64) -> OrderAck {
    let reject = |reason: &str| OrderAck {
        order_id: t.order_id,
        exchange_id: 0,
        status: OrderStatus::Rejected,
        filled_quantity: 0,
        fills: Vec::new(),
        acked_at_ns: now_ns,
        client_tag: t.client_tag.map(str::to_owned),
        reason: Some(reason.to_owned()),
    };
    let step = match t.side {
        Side::Buy => -1,
        Side::Sell => 1,
        Side::Unknown(_) => return reject("unknown side"),
    };
    match t.kind {
        OrderKind::Limit => {}
        OrderKind::Market => return reject("market orders are not accepted: send a limit"),
        OrderKind::Unknown(_) => return reject("unknown order kind"),
    }
    if t.quantity == 0 {
        return reject("quantity must be positive");
    }
    let mut fills = Vec::new();
    let mut left = t.quantity;
    let mut i = 0u32;
    while left > 0 && i < MAX_FILLS {
        let qty = left.min(CLIP);
        fills.push(Fill {
            fill_id: exchange_id << 8 | u64::from(i),
            price: Price { mantissa: t.limit.mantissa + step * i64::from(i), exponent: t.limit.exponent },
            quantity: qty,
            venue: VENUES[i as usize % VENUES.len()].to_owned(),
            at_ns: now_ns + i64::from(i) * 1_000,
        });
        left -= qty;
        i += 1;
    }
    OrderAck {
        order_id: t.order_id,
        exchange_id,
        status: if left == 0 { OrderStatus::Filled } else { OrderStatus::PartiallyFilled },
        filled_quantity: t.quantity - left,
        fills,
        acked_at_ns: now_ns,
        client_tag: t.client_tag.map(str::to_owned),
        reason: None,
    }
}

/// Starts the order service on 127.0.0.1 (a port the OS chose). `clock`
/// stamps acks and fills ([`system_clock`], or [`fixed_clock`] in tests).
///
/// Each connection gets exchange ids from 1 up, one per accepted order.
/// A request whose payload is not a valid `PlaceOrder` (or whose type id
/// or format is not one it serves) is answered with a `Rejected` ack that
/// says why, and the connection goes on; a stream error closes it.
pub async fn start_order_service(clock: fn() -> i64) -> io::Result<Service> {
    listen(move |stream| serve_orders(stream, clock)).await
}

async fn serve_orders(stream: TcpStream, clock: fn() -> i64) -> Result<(), Error> {
    let mut framed = Framed::new(stream, FrameCodec::new());
    let mut next_id = 1u64;
    while let Some(frame) = framed.next().await {
        let frame = frame?;
        let format = frame.header.format;
        // Either format through one typed call, which also checks the
        // type id: a binary payload is validated once and read in place; a
        // JSON payload (the fallback) is read and encoded, so the handler
        // below sees the same view whatever the client sent.
        let ack = match frame.into_owned_any_format::<PlaceOrder>() {
            Ok(order) => {
                let ticket = Ticket::from_view(&order.view());
                execute(&ticket, take(&mut next_id, &ticket), clock())
            }
            Err(e) => reject(&e.to_string(), clock()),
        };
        if format == PayloadFormat::Json {
            framed.send(json_frame(&ack)?).await?;
        } else {
            framed.send(&ack).await?;
        }
    }
    Ok(())
}

/// The next exchange id, if `t` will be filled (rejects get 0).
fn take(next_id: &mut u64, t: &Ticket<'_>) -> u64 {
    if t.fillable() {
        *next_id += 1;
        *next_id - 1
    } else {
        0
    }
}

fn reject(reason: &str, now_ns: i64) -> OrderAck {
    OrderAck {
        order_id: 0,
        exchange_id: 0,
        status: OrderStatus::Rejected,
        filled_quantity: 0,
        fills: Vec::new(),
        acked_at_ns: now_ns,
        client_tag: None,
        reason: Some(reason.to_owned()),
    }
}

/// A JSON frame of `value` (zerowire's JSON mapping), tagged with its
/// type's id.
pub fn json_frame<T: zerowire::Message + serde::Serialize>(value: &T) -> Result<Frame, Error> {
    Ok(Frame::json(value)?)
}

/// A client of the order service: one connection, one request in flight.
#[derive(Debug)]
pub struct OrderClient {
    framed: Framed<TcpStream, FrameCodec>,
}

impl OrderClient {
    /// Connects to the order service at `addr`.
    pub async fn connect(addr: SocketAddr) -> io::Result<Self> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(OrderClient { framed: Framed::new(stream, FrameCodec::new()) })
    }

    /// Sends `order` as a binary frame and returns the ack, validated and
    /// kept as it arrived (no copy; read it through `.view()`).
    pub async fn place(&mut self, order: &PlaceOrder) -> Result<Owned<OrderAck>, Error> {
        self.framed.send(order).await?;
        let frame = self.next_ack().await?;
        Ok(frame.to_owned_message::<OrderAck>()?)
    }

    /// Sends `order` as a JSON frame (the fallback) and returns the ack the
    /// service answered in JSON.
    pub async fn place_json(&mut self, order: &PlaceOrder) -> Result<OrderAck, Error> {
        self.framed.send(json_frame(order)?).await?;
        let frame = self.next_ack().await?;
        if frame.header.format != PayloadFormat::Json {
            return Err(format!("asked in JSON, answered in {}", frame.header.format).into());
        }
        Ok(frame.decode()?)
    }

    /// Sends a frame as it is and returns the answer frame as it is.
    pub async fn exchange(&mut self, frame: Frame) -> Result<Frame, Error> {
        self.framed.send(frame).await?;
        self.next_ack().await
    }

    async fn next_ack(&mut self) -> Result<Frame, Error> {
        let frame = self.framed.next().await.ok_or("the order service closed the connection")??;
        if frame.header.type_id != type_id::ORDER_ACK {
            return Err(format!("expected an OrderAck, got type id {}", frame.header.type_id).into());
        }
        Ok(frame)
    }
}

// ---- pricing service ------------------------------------------------------

/// The `seq`-th tick of a subscription to `symbols`, deterministic (so a
/// subscriber can check what it got).
pub fn tick(seq: u64, symbols: &[String]) -> PriceTick {
    let symbol = if symbols.is_empty() { String::new() } else { symbols[seq as usize % symbols.len()].clone() };
    let wobble = (seq.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 59) as i64; // 0..32
    let bid = 18_990 + wobble;
    PriceTick {
        seq,
        symbol,
        bid: Price::cents(bid),
        ask: Price::cents(bid + 1 + (seq % 3) as i64),
        bid_size: 100 * (1 + (seq % 7) as u32),
        ask_size: 100 * (1 + (seq % 5) as u32),
        at_ns: fixed_clock() + seq as i64 * 250_000,
    }
}

/// Starts the pricing service on 127.0.0.1 (a port the OS chose).
///
/// A subscriber's first frame is a [`Subscribe`] (binary or JSON); the
/// service then pushes `max_ticks` [`PriceTick`]s ([`tick`]) in the same
/// format, back-pressured by the socket, and closes the connection.
pub async fn start_pricing_service() -> io::Result<Service> {
    listen(serve_prices).await
}

async fn serve_prices(stream: TcpStream) -> Result<(), Error> {
    let mut framed = Framed::new(stream, FrameCodec::new());
    let Some(frame) = framed.next().await else { return Ok(()) };
    let frame = frame?;
    let format = frame.header.format;
    // Binary or JSON: the frame knows which; the handler does not care (and
    // a frame of another type is refused by its type id).
    let sub: Subscribe = frame.decode()?;
    for seq in 0..u64::from(sub.max_ticks) {
        let t = tick(seq, &sub.symbols);
        // `feed` queues without flushing; the codec's write buffer is
        // flushed when it passes its high-water mark (back-pressure).
        if format == PayloadFormat::Json {
            framed.feed(json_frame(&t)?).await?;
        } else {
            framed.feed(&t).await?;
        }
    }
    SinkExt::<Frame>::close(&mut framed).await?;
    Ok(())
}

/// Subscribes to the pricing service at `addr` with binary frames and
/// collects the stream until the service closes it. Each tick is kept as it
/// arrived (validated, no copy).
pub async fn subscribe(addr: SocketAddr, sub: &Subscribe) -> Result<Vec<Owned<PriceTick>>, Error> {
    let mut framed = subscription(addr).await?;
    framed.send(sub).await?;
    let mut ticks = Vec::with_capacity(sub.max_ticks as usize);
    while let Some(frame) = framed.next().await {
        let frame = frame?;
        ticks.push(frame.into_owned_message::<PriceTick>()?);
    }
    Ok(ticks)
}

/// [`subscribe`] with JSON frames.
pub async fn subscribe_json(addr: SocketAddr, sub: &Subscribe) -> Result<Vec<PriceTick>, Error> {
    let mut framed = subscription(addr).await?;
    framed.send(json_frame(sub)?).await?;
    let mut ticks = Vec::with_capacity(sub.max_ticks as usize);
    while let Some(frame) = framed.next().await {
        let frame = frame?;
        if frame.header.format != PayloadFormat::Json {
            return Err(format!("asked in JSON, got {}", frame.header.format).into());
        }
        ticks.push(frame.decode()?);
    }
    Ok(ticks)
}

async fn subscription(addr: SocketAddr) -> io::Result<Framed<TcpStream, FrameCodec>> {
    let stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    Ok(Framed::new(stream, FrameCodec::new()))
}

// ---- the order service over gRPC and HTTP ---------------------------------

/// The order service's handler as the transports call it: one order, read
/// in place (the request's own bytes, validated once), one ack. Exchange ids
/// count from 1 across all connections of one service.
#[derive(Debug)]
struct OrderDesk {
    next_id: std::sync::atomic::AtomicU64,
    clock: fn() -> i64,
}

impl OrderDesk {
    fn new(clock: fn() -> i64) -> Self {
        OrderDesk { next_id: std::sync::atomic::AtomicU64::new(1), clock }
    }

    fn place(&self, order: &Owned<PlaceOrder>) -> OrderAck {
        let ticket = Ticket::from_view(&order.view());
        let id = if ticket.fillable() { self.next_id.fetch_add(1, std::sync::atomic::Ordering::Relaxed) } else { 0 };
        execute(&ticket, id, (self.clock)())
    }
}

#[tonic::async_trait]
impl proto::orders_server::Orders for std::sync::Arc<OrderDesk> {
    async fn place(
        &self,
        request: tonic::Request<Owned<PlaceOrder>>,
    ) -> Result<tonic::Response<OrderAck>, tonic::Status> {
        Ok(tonic::Response::new(OrderDesk::place(self, request.get_ref())))
    }
}

/// Starts the order service as the gRPC service `demo.trading.v1.Orders`
/// (generated from the schema's `service Orders` by `build.rs`) on
/// 127.0.0.1, a port the OS chose. Reach it with [`OrdersClient`]
/// (`OrdersClient::connect(format!("http://{addr}"))`). A request that is not
/// a valid `PlaceOrder` is answered `INVALID_ARGUMENT` by zerowire's codec
/// before the handler runs.
pub async fn start_grpc_order_service(clock: fn() -> i64) -> io::Result<Service> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let desk = std::sync::Arc::new(OrderDesk::new(clock));
    let incoming = tokio_stream_incoming(listener);
    let task = tokio::spawn(async move {
        let server = tonic::transport::Server::builder()
            .add_service(proto::orders_server::OrdersServer::new(desk))
            .serve_with_incoming(incoming);
        if let Err(e) = server.await {
            eprintln!("gRPC server error: {e}");
        }
    });
    Ok(Service { addr, task })
}

/// The accepted connections of `listener` as the stream tonic's server
/// takes (no dependency on tokio-stream for one adapter).
fn tokio_stream_incoming(
    listener: TcpListener,
) -> impl futures_util::Stream<Item = io::Result<TcpStream>> + Send + 'static {
    futures_util::stream::unfold(listener, |listener| async move {
        let conn = listener.accept().await.map(|(stream, _)| {
            let _ = stream.set_nodelay(true);
            stream
        });
        Some((conn, listener))
    })
}

/// Starts the order service over HTTP on 127.0.0.1: `POST /orders` with a
/// `PlaceOrder` body, binary (`application/vnd.zerowire`) or JSON
/// (`application/json`); the ack comes back in the format `Accept` asks for
/// (JSON when there is none). The same handler as the gRPC service: a JSON
/// client that knows nothing of zerowire gets the same answers. Bad bodies
/// get zerowire's axum rejections (400, 406, 413, 415).
pub async fn start_http_order_service(clock: fn() -> i64) -> io::Result<Service> {
    use axum::extract::State;
    use zerowire::axum::{Negotiated, Reply};

    async fn place(
        State(desk): State<std::sync::Arc<OrderDesk>>,
        accept: Negotiated,
        order: Owned<PlaceOrder>,
    ) -> Reply<OrderAck> {
        accept.reply(desk.place(&order))
    }

    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = axum::Router::new()
        .route("/orders", axum::routing::post(place))
        .with_state(std::sync::Arc::new(OrderDesk::new(clock)));
    let task = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            eprintln!("HTTP server error: {e}");
        }
    });
    Ok(Service { addr, task })
}

/// A client that speaks only JSON over HTTP/1.1, written against the
/// socket (no zerowire, no HTTP library): posts `json` to `/orders` and
/// returns the status code and the response body.
pub async fn post_json(addr: SocketAddr, json: &str) -> io::Result<(u16, String)> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = TcpStream::connect(addr).await?;
    let request = format!(
        "POST /orders HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{json}",
        json.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    let response = String::from_utf8_lossy(&response);
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    // `axum::serve` sends a short body with a Content-Length; a chunked one
    // would need decoding, which this client does not do.
    Ok((status, body.to_owned()))
}
