//! Benchmark suite comparing zerowire with peer formats on the same data.
//!
//! - [`data`]: the seven data sets as plain model types, generated from a
//!   fixed seed: a small RPC [`data::Request`], a ~1 MB [`data::LogBatch`],
//!   the same with mostly non-ASCII text ([`data::IntlLogBatch`]), an
//!   OpenTelemetry-like [`data::TelemetryExport`], a [`data::NumericBatch`]
//!   (time series and mesh), a [`data::Blob`] with a 1 MiB payload and a
//!   24-level comment thread ([`data::Comment`], a recursive message).
//! - [`peers`]: one module per peer format with mirror types and
//!   conversions, all behind one interface ([`peers::DataSet`],
//!   [`peers::Format`], [`peers::ZeroCopy`]) that the benchmark and the tests
//!   drive generically; each peer but zerowire is a `peer-*` cargo feature.
//! - [`sizes`]: encoded sizes, raw and after zstd.
//! - [`service`]: the end-to-end service benchmark: one service over tonic
//!   (prost and zerowire), axum (serde_json and zerowire) and zerowire's
//!   own framing, with its load generator (`--bin e2e`).
//!
//! The criterion benchmarks are `benches/peers.rs` (formats) and
//! `benches/framing.rs` (frames/s in memory and over loopback); `cargo run -p
//! zerowire-benches --bin sizes` prints the encoded sizes and `--bin report`
//! writes `docs/BENCHMARKS.md`'s results and `docs/bench/*.svg`.

#[macro_use]
mod checksums;
pub mod data;
pub mod machine;
pub mod peers;
#[cfg(all(feature = "peer-prost", feature = "peer-serde-json"))]
pub mod service;
pub mod sizes;
