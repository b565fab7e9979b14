//! The `.zw` schema language for `zerowire`.
//!
//! | module | what it holds |
//! |---|---|
//! | [`ir`] | the checked schema: what the checker produces and everything else consumes |
//! | [`codegen`] | Rust code generation (one file per package, prettyplease-formatted) |
//! | [`Config`] | the `build.rs` API, in the style of prost-build |
//! | [`dynamic`] | run-time binary <-> JSON from a schema, without compiling Rust |
#![forbid(unsafe_code)]

pub mod codegen;
mod config;
pub mod dynamic;
mod frontend;
pub mod ir;

pub use config::{Config, Error};
