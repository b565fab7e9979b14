//! The end-to-end service benchmark: one service, five implementations, on
//! loopback.
//!
//! The service has three calls:
//!
//! - **small**: a unary call with the small request ([`data::Request`],
//!   ~100 bytes); the answer is an [`Ack`] computed from the request's
//!   fields (its id, user id, a checksum over every field, and a rule on
//!   its priority and retry flag);
//! - **telemetry**: a unary call with the telemetry export
//!   ([`data::TelemetryExport`], 450 spans, ~160 KB) as the message; the
//!   answer is a [`Summary`] (span, event and error counts, the spans'
//!   total duration, a checksum over every field), so the server reads all
//!   of the data;
//! - **watch**: a server-streaming call: the request names a number of
//!   telemetry batches, the server streams that many back (from a stock of
//!   [`WATCH_STOCK`] smaller exports it holds in its own types, encoded per
//!   call); the client summarizes each.
//!
//! The five implementations ([`Impl`]):
//!
//! - `tonic+prost`: tonic with `tonic_prost::ProstCodec` and the prost
//!   mirrors of [`crate::peers::prost_pb`];
//! - `tonic+zerowire`: tonic with `zerowire::tonic::Codec`, the server
//!   reading requests in place through `zerowire::Owned<M>`;
//! - `axum+json`: axum (HTTP/1.1) with serde_json bodies and the serde
//!   mirrors of [`crate::peers::json`]; the stream is newline-delimited JSON;
//! - `axum+zerowire`: axum with `zerowire::axum::Zw` bodies, the server
//!   reading requests in place; the stream is zerowire frames;
//! - `frame`: zerowire's own framing over TCP
//!   (`zerowire::frame::FrameCodec` in tokio-util's `Framed`), the floor:
//!   no HTTP at all.
//!
//! The tonic service glue is written by hand (no protoc):
//! [`grpc`] routes the three paths with `tonic::server::Grpc` and calls
//! them with `tonic::client::Grpc`, generic over the codecs, so both tonic
//! implementations share it. Each server runs on its own tokio runtime whose
//! threads are named [`SERVER_THREAD`], so the load generator ([`load`]) can
//! read the server's CPU time from `/proc` ([`cpu`]).
//!
//! Every implementation computes its answers with the same code ([`Ack::compute`],
//! [`SummaryBuilder`]) from the fields its format gives it;
//! `benches/tests/service.rs` checks that all five return the answers
//! [`Inputs::expected`] computes from the model values, over real sockets.

use std::net::SocketAddr;

use crate::data;

pub mod cpu;
pub mod frame;
pub mod grpc;
pub mod http;
pub mod load;
pub mod timing;
pub mod wire;

/// Errors a client call or a server start can meet.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The name of every server runtime thread (at most 15 bytes: Linux keeps
/// that much of a thread's name in `/proc`).
pub const SERVER_THREAD: &str = "e2e-server";

/// Number of distinct telemetry batches a server holds for the watch call.
pub const WATCH_STOCK: usize = 4;

/// The most batches one watch call streams: a larger request is refused,
/// so a request cannot make a server work without bound.
pub const WATCH_MAX: u32 = 1_024;

/// The answer to the small call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ack {
    /// The request's id.
    pub id: u64,
    /// The request's user id.
    pub user_id: u64,
    /// The checksum over every field of the request
    /// ([`data::request_checksum`]).
    pub digest: u64,
    /// Whether the request is accepted: a first try, or a retry of priority 5 or more.
    pub accepted: bool,
}

impl Ack {
    /// The ack of a request with these fields: the one computation every
    /// implementation runs.
    #[inline]
    pub fn compute(id: u64, user_id: u64, priority: u32, retry: bool, digest: u64) -> Ack {
        Ack { id, user_id, digest, accepted: !retry || priority >= 5 }
    }
}

/// The answer to the telemetry call, and to each item of the watch stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Spans in the export.
    pub spans: u64,
    /// Events over all spans.
    pub events: u64,
    /// Spans whose status code is `Error`.
    pub errors: u64,
    /// Sum of the spans' durations (`end_ns - start_ns`), in nanoseconds.
    pub duration_ns: u64,
    /// The checksum over every field of the export
    /// ([`data::telemetry_checksum`]).
    pub checksum: u64,
}

/// Builds a [`Summary`] span by span: the one computation every
/// implementation runs on the spans its format gives it.
#[derive(Debug, Clone, Copy, Default)]
pub struct SummaryBuilder(Summary);

impl SummaryBuilder {
    /// Counts one span.
    #[inline]
    pub fn span(&mut self, events: usize, error: bool, start_ns: u64, end_ns: u64) {
        let s = &mut self.0;
        s.spans += 1;
        s.events += events as u64;
        s.errors += u64::from(error);
        s.duration_ns = s.duration_ns.wrapping_add(end_ns.wrapping_sub(start_ns));
    }

    /// The summary, with the export's checksum.
    pub fn finish(self, checksum: u64) -> Summary {
        Summary { checksum, ..self.0 }
    }
}

/// The summary of a model export: the reference the implementations must match.
pub fn summary_of(t: &data::TelemetryExport) -> Summary {
    let mut s = SummaryBuilder::default();
    for span in t.resources.iter().flat_map(|r| &r.scopes).flat_map(|s| &s.spans) {
        s.span(span.events.len(), span.status.code == data::StatusCode::Error, span.start_ns, span.end_ns);
    }
    s.finish(data::telemetry_checksum(t))
}

/// The ack of a model request: the reference the implementations must match.
pub fn ack_of(r: &data::Request) -> Ack {
    Ack::compute(r.id, r.user_id, r.priority, r.retry, data::request_checksum(r))
}

/// One of the service's calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Case {
    /// The unary call with the small request.
    Small,
    /// The unary call with the telemetry export.
    Telemetry,
    /// The server-streaming call.
    Watch,
}

impl Case {
    /// Every case, in table order.
    pub const ALL: [Case; 3] = [Case::Small, Case::Telemetry, Case::Watch];

    /// The name in tables and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Case::Small => "small",
            Case::Telemetry => "telemetry",
            Case::Watch => "watch",
        }
    }
}

/// What a call returns, in the model's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The small call's answer.
    Ack(Ack),
    /// The telemetry call's answer.
    Summary(Summary),
    /// The watch call's answer: one summary per streamed batch.
    Watch(Vec<Summary>),
}

/// One implementation of the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Impl {
    /// tonic with prost messages.
    TonicProst,
    /// tonic with zerowire messages.
    TonicZerowire,
    /// axum with serde_json bodies.
    AxumJson,
    /// axum with zerowire bodies.
    AxumZerowire,
    /// zerowire frames over TCP.
    Frame,
}

impl Impl {
    /// Every implementation, in table order.
    pub const ALL: [Impl; 5] = [Impl::TonicProst, Impl::TonicZerowire, Impl::AxumJson, Impl::AxumZerowire, Impl::Frame];

    /// The name in tables and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Impl::TonicProst => "tonic+prost",
            Impl::TonicZerowire => "tonic+zerowire",
            Impl::AxumJson => "axum+json",
            Impl::AxumZerowire => "axum+zerowire",
            Impl::Frame => "frame",
        }
    }

    /// The implementation named `name` ([`Impl::name`]).
    pub fn from_name(name: &str) -> Option<Impl> {
        Impl::ALL.into_iter().find(|i| i.name() == name)
    }
}

/// The values the calls carry, in the model's types; each implementation
/// converts them to its own types once, before any call.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The small requests, sent in turn.
    pub requests: Vec<data::Request>,
    /// The telemetry export the telemetry call sends.
    pub telemetry: data::TelemetryExport,
    /// The stock of batches the watch call streams, in turn.
    pub watch_stock: Vec<data::TelemetryExport>,
    /// Batches per watch call.
    pub watch_batches: u32,
}

impl Inputs {
    /// The benchmark's values: 64 small requests, the telemetry data set
    /// at full size (3 × 3 × 50 spans), and 16 batches per watch call from
    /// a stock of [`WATCH_STOCK`] exports of 2 × 1 × 20 spans (~15 KB each
    /// in zerowire).
    pub fn bench() -> Inputs {
        let small = data::TelemetryShape { resources: 2, scopes: 1, spans: 20 };
        Inputs {
            requests: data::requests(64, data::SEED),
            telemetry: data::telemetry(data::TELEMETRY_SHAPE, data::SEED),
            watch_stock: (0..WATCH_STOCK as u64).map(|i| data::telemetry(small, data::SEED ^ (i + 1))).collect(),
            watch_batches: 16,
        }
    }

    /// The answer every implementation must give to call number `i` of `case`.
    pub fn expected(&self, case: Case, i: usize) -> Answer {
        match case {
            Case::Small => Answer::Ack(ack_of(self.request(i))),
            Case::Telemetry => Answer::Summary(summary_of(&self.telemetry)),
            Case::Watch => Answer::Watch(
                (0..self.watch_batches as usize).map(|b| summary_of(&self.watch_stock[b % WATCH_STOCK])).collect(),
            ),
        }
    }

    /// The small request of call number `i`.
    pub fn request(&self, i: usize) -> &data::Request {
        &self.requests[i % self.requests.len()]
    }

    /// The messages' encoded sizes in bytes, `(what, [zerowire, protobuf,
    /// JSON])`: the small request (the mean over the requests), the
    /// telemetry export, a watch batch (the mean over the stock). Message
    /// bytes only: each transport adds its own framing.
    pub fn wire_sizes(&self) -> [(&'static str, [usize; 3]); 3] {
        use crate::peers::{json, prost_pb, zerowire_fmt};
        type Sizes<M> = fn(&[&M]) -> [usize; 3];
        let request: Sizes<data::Request> = mean_sizes::<_, zerowire_fmt::Request, prost_pb::Request, json::Request>;
        let telemetry: Sizes<data::TelemetryExport> =
            mean_sizes::<_, zerowire_fmt::TelemetryExport, prost_pb::TelemetryExport, json::TelemetryExport>;
        [
            ("small request", request(&self.requests.iter().collect::<Vec<_>>())),
            ("telemetry export", telemetry(&[&self.telemetry])),
            ("watch batch", telemetry(&self.watch_stock.iter().collect::<Vec<_>>())),
        ]
    }
}

/// The mean encoded size of `values` as zerowire `Z`, protobuf `P` and JSON `J`.
fn mean_sizes<M, Z, P, J>(values: &[&M]) -> [usize; 3]
where
    Z: crate::peers::Mirror<M> + zerowire::Message,
    P: crate::peers::Mirror<M> + prost::Message,
    J: crate::peers::Mirror<M> + serde::Serialize,
{
    let mut total = [0usize; 3];
    for &v in values {
        total[0] += zerowire::encode(&Z::from_model(v)).len();
        total[1] += P::from_model(v).encoded_len();
        total[2] += serde_json::to_vec(&J::from_model(v)).map_or(0, |b| b.len());
    }
    total.map(|t| t / values.len().max(1))
}

/// A client's inputs in one format's types, converted once before any call.
#[derive(Debug, Clone)]
pub struct Converted<R, T> {
    /// The small requests.
    pub requests: Vec<R>,
    /// The telemetry export.
    pub telemetry: T,
    /// Batches per watch call.
    pub watch_batches: u32,
}

impl<R: crate::peers::Mirror<data::Request>, T: crate::peers::Mirror<data::TelemetryExport>> Converted<R, T> {
    /// `inputs` in the format's types.
    pub fn new(inputs: &Inputs) -> Self {
        Converted {
            requests: inputs.requests.iter().map(R::from_model).collect(),
            telemetry: T::from_model(&inputs.telemetry),
            watch_batches: inputs.watch_batches,
        }
    }
}

impl<R, T> Converted<R, T> {
    /// The small request of call number `i` (as [`Inputs::request`]).
    pub fn request(&self, i: usize) -> &R {
        &self.requests[i % self.requests.len()]
    }
}

/// A running server: its address, and the runtime it runs on (its own
/// threads, named [`SERVER_THREAD`]). Dropping it stops the server.
#[derive(Debug)]
pub struct Server {
    /// Where it listens (127.0.0.1).
    pub addr: SocketAddr,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Server {
    /// Starts `imp` on 127.0.0.1 (a free port) on a runtime of its own with
    /// `threads` worker threads, holding the watch stock of `inputs`.
    pub fn start(imp: Impl, inputs: &Inputs, threads: usize) -> Result<Server, BoxError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads.max(1))
            .thread_name(SERVER_THREAD)
            .enable_all()
            .build()?;
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let listener = {
            let _in_runtime = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        let stock = inputs.watch_stock.clone();
        match imp {
            Impl::TonicProst => runtime.spawn(grpc::serve::<grpc::Prost>(listener, stock)),
            Impl::TonicZerowire => runtime.spawn(grpc::serve::<grpc::Zerowire>(listener, stock)),
            Impl::AxumJson => runtime.spawn(http::serve::<http::Json>(listener, stock)),
            Impl::AxumZerowire => runtime.spawn(http::serve::<http::Zerowire>(listener, stock)),
            Impl::Frame => runtime.spawn(frame::serve(listener, stock)),
        };
        Ok(Server { addr, runtime: Some(runtime) })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

/// A connected client of one implementation (one connection of its own).
#[derive(Debug)]
pub enum Client {
    /// tonic with prost messages.
    TonicProst(grpc::Client<grpc::Prost>),
    /// tonic with zerowire messages.
    TonicZerowire(grpc::Client<grpc::Zerowire>),
    /// axum with serde_json bodies.
    AxumJson(http::Client<http::Json>),
    /// axum with zerowire bodies.
    AxumZerowire(http::Client<http::Zerowire>),
    /// zerowire frames over TCP.
    Frame(frame::Client),
}

impl Client {
    /// Connects to a server of `imp` at `addr`, converting `inputs` to the
    /// implementation's types.
    pub async fn connect(imp: Impl, addr: SocketAddr, inputs: &Inputs) -> Result<Client, BoxError> {
        Ok(match imp {
            Impl::TonicProst => Client::TonicProst(grpc::Client::connect(addr, inputs).await?),
            Impl::TonicZerowire => Client::TonicZerowire(grpc::Client::connect(addr, inputs).await?),
            Impl::AxumJson => Client::AxumJson(http::Client::connect(addr, inputs).await?),
            Impl::AxumZerowire => Client::AxumZerowire(http::Client::connect(addr, inputs).await?),
            Impl::Frame => Client::Frame(frame::Client::connect(addr, inputs).await?),
        })
    }

    /// Makes call number `i` of `case` and returns its answer.
    pub async fn call(&mut self, case: Case, i: usize) -> Result<Answer, BoxError> {
        match self {
            Client::TonicProst(c) => c.call(case, i).await,
            Client::TonicZerowire(c) => c.call(case, i).await,
            Client::AxumJson(c) => c.call(case, i).await,
            Client::AxumZerowire(c) => c.call(case, i).await,
            Client::Frame(c) => c.call(case, i).await,
        }
    }
}
