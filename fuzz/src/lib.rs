//! Fuzz targets for zerowire. The bodies live in [`bodies`] as plain
//! functions so that stable tests replay the corpus without libFuzzer
//! (`codec/tests/fuzz_replay.rs` includes the same source files).
// `deny`, not `forbid`: the shared every-feature fixture (`common`) writes a
// union's validated read by hand, as the derive generates it, and that read
// is an `unsafe fn` (allowed there, item by item).
#![deny(unsafe_code)]

/// The message types that use every feature (shared with the codec's tests).
#[path = "../../codec/tests/common/mod.rs"]
pub mod common;

/// Derived types with every field type (shared with the codec's tests):
/// the JSON target's subject.
#[path = "../../codec/tests/derived/mod.rs"]
pub mod derived;

pub mod bodies;
pub mod json_bodies;
pub mod schema_bodies;
