//! Runnable zerowire demos and the code they share.
//!
//! - [`services`]: an order service and a pricing service over TCP, framed
//!   with `zerowire::frame`, their messages generated from
//!   `schemas/services.zw` by `build.rs`; the demo `examples/services.rs`
//!   runs them (`cargo run --release -p zerowire-examples --example
//!   services`) and `tests/services.rs` tests them over loopback.

pub mod services;
