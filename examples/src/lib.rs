//! Runnable zerowire demos and the code they share.
//!
//! - [`services`]: an order service and a pricing service over TCP, framed
//!   with `zerowire::frame`, their messages generated from
//!   `schemas/services.zw` by `build.rs`; the demo `examples/services.rs`
//!   runs them (`cargo run --release -p zerowire-examples --example
//!   services`) and `tests/services.rs` tests them over loopback.
//! - `events` (feature `nats`): order events through NATS JetStream, an
//!   order service and a projector; the demo `examples/events.rs` runs them
//!   (`cargo run --release -p zerowire-examples --features nats --example
//!   events`) and `tests/events.rs` tests them against a local `nats-server`.

#[cfg(feature = "nats")]
pub mod events;
pub mod services;

// The README's Rust snippets compile and run as this crate's doctests: it
// has everything they use (the runtime with `serde`, the code generator as
// a dev-dependency, and the demo schema's generated code in `OUT_DIR`).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
