//! Benchmark suite comparing zerowire with peer formats on the same data.
//!
//! - [`data`]: the two data sets (a small RPC [`data::Request`] and a ~1 MB
//!   [`data::LogBatch`]) as plain model types, generated from a fixed seed.
//! - [`peers`]: one module per peer format with mirror types, conversions and
//!   uniformly shaped `encode` / `decode` / `access` / `read_all` functions.
//! - [`services`]: an order service and a pricing service over TCP, framed
//!   with `zerowire::frame` (the demo `examples/services.rs` runs them).
//!
//! The criterion benchmarks are `benches/peers.rs` (formats) and
//! `benches/framing.rs` (frames/s in memory and over loopback); `cargo run -p
//! zerowire-benches --bin sizes` prints the encoded sizes.

pub mod data;
pub mod peers;
pub mod services;
pub mod sizes;
