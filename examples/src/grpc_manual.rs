//! A gRPC service for messages from `#[derive(zerowire::Message)]`, without
//! a schema: `build.rs` describes the `prices.v1.Pricing` service to
//! tonic-build's manual builder with `codec_path("::zerowire::tonic::Codec")`,
//! and [`pricing`] includes the server trait and client it generates.
//! [`PricingService`] implements the server; `tests/grpc_manual.rs` runs it
//! and its client over loopback.
//!
//! The requests of `quote` and `basket` are declared as
//! `::zerowire::Owned<PriceRequest>`: the handler reads them in place over
//! tonic's receive buffer. `live` takes plain `PriceRequest`s, decoded into
//! owned values.

use std::pin::Pin;

use futures_util::{Stream, TryStreamExt, stream};
use tonic::{Request, Response, Status, Streaming};
use zerowire::Owned;

/// One symbol's price for a quantity.
#[derive(Debug, Clone, PartialEq, zerowire::Message)]
pub struct PriceRequest {
    /// Ticker symbol.
    pub symbol: String,
    /// Units wanted.
    pub qty: u32,
}

/// A price: per unit and for the quantity asked.
#[derive(Debug, Clone, PartialEq, zerowire::Message)]
pub struct PriceReply {
    /// Ticker symbol (`"*"` for a basket).
    pub symbol: String,
    /// Units priced.
    pub qty: u32,
    /// Price of one unit, in cents (0 for a basket).
    pub unit_cents: u64,
    /// Price of `qty` units, in cents.
    pub total_cents: u64,
}

/// A stream of `count` successive prices of a symbol.
#[derive(Debug, Clone, PartialEq, zerowire::Message)]
pub struct TickRequest {
    /// Ticker symbol.
    pub symbol: String,
    /// Prices wanted.
    pub count: u32,
}

/// The server trait and client tonic-build generated for `prices.v1.Pricing`.
#[allow(missing_docs, unreachable_pub, clippy::all)]
pub mod pricing {
    include!(concat!(env!("OUT_DIR"), "/prices.v1.Pricing.rs"));
}

/// The price of one unit of `symbol`, in cents, at tick `tick`: a fixed
/// function of its letters, so that tests can check answers.
pub fn unit_cents(symbol: &str, tick: u32) -> u64 {
    let base: u64 = symbol.bytes().map(u64::from).sum();
    100 + base * 7 + u64::from(tick % 10)
}

fn price(symbol: &str, qty: u32, tick: u32) -> PriceReply {
    let unit = unit_cents(symbol, tick);
    PriceReply { symbol: symbol.to_owned(), qty, unit_cents: unit, total_cents: unit * u64::from(qty) }
}

/// A boxed stream of replies, as the generated trait's stream types want.
pub type ReplyStream = Pin<Box<dyn Stream<Item = Result<PriceReply, Status>> + Send + 'static>>;

/// The `Pricing` server: [`unit_cents`] at tick 0 for `quote`, `basket` and
/// `live`, successive ticks for `ticks`.
#[derive(Debug, Clone, Copy, Default)]
pub struct PricingService;

#[tonic::async_trait]
impl pricing::pricing_server::Pricing for PricingService {
    async fn quote(&self, request: Request<Owned<PriceRequest>>) -> Result<Response<PriceReply>, Status> {
        // Read in place: the symbol is a `&str` into the received bytes.
        // Validated on receipt: the accessors cannot fail.
        let req = request.get_ref().view();
        Ok(Response::new(price(req.symbol(), req.qty(), 0)))
    }

    type TicksStream = ReplyStream;

    async fn ticks(&self, request: Request<TickRequest>) -> Result<Response<ReplyStream>, Status> {
        let TickRequest { symbol, count } = request.into_inner();
        let ticks = (0..count).map(move |t| Ok(price(&symbol, 1, t)));
        Ok(Response::new(Box::pin(stream::iter(ticks))))
    }

    async fn basket(&self, request: Request<Streaming<Owned<PriceRequest>>>) -> Result<Response<PriceReply>, Status> {
        let mut lines = request.into_inner();
        let mut total = PriceReply { symbol: "*".into(), qty: 0, unit_cents: 0, total_cents: 0 };
        // An invalid line ends the call with the decoder's status.
        while let Some(line) = lines.try_next().await? {
            let line = line.view();
            total.qty += line.qty();
            total.total_cents += price(line.symbol(), line.qty(), 0).total_cents;
        }
        Ok(Response::new(total))
    }

    type LiveStream = ReplyStream;

    async fn live(&self, request: Request<Streaming<PriceRequest>>) -> Result<Response<ReplyStream>, Status> {
        let replies = request.into_inner().map_ok(|r| price(&r.symbol, r.qty, 0));
        Ok(Response::new(Box::pin(replies)))
    }
}
