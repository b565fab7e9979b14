//! What zerowire's tests, fuzz targets, examples and benchmarks share, in
//! one crate they all depend on (not published): the message types that
//! use every feature of the format ([`common`], [`derived`]), the fuzz
//! targets' bodies ([`bodies`], [`json_bodies`], [`schema_bodies`]) that
//! libFuzzer runs under `cargo fuzz` and stable tests replay over the
//! checked-in corpora, and a `nats-server` for tests ([`nats_server`]).
//!
//! Features follow zerowire's: a crate that tests zerowire with a feature
//! turns on the feature of the same name here.
// `deny`, not `forbid`: the every-feature fixture (`common`) writes a
// union's validated read by hand, as the derive generates it, and that read
// is an `unsafe fn` (allowed there, item by item, with its proof).
#![deny(unsafe_code)]

pub mod bodies;
pub mod common;
pub mod derived;
#[cfg(feature = "serde")]
pub mod json_bodies;
pub mod nats_server;
#[cfg(feature = "schema")]
pub mod schema_bodies;
