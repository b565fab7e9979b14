//! Benchmark suite comparing zerowire with peer formats on the same data.
//!
//! - [`data`]: the two data sets (a small RPC [`data::Request`] and a ~1 MB
//!   [`data::LogBatch`]) as plain model types, generated from a fixed seed.
//! - [`peers`]: one module per peer format with mirror types, conversions and
//!   uniformly shaped `encode` / `decode` / `access` / `read_all` functions.
//!
//! The criterion benchmark is `benches/peers.rs`; `cargo run -p
//! zerowire-benches --bin sizes` prints the encoded sizes.

pub mod data;
pub mod peers;
