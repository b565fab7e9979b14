//! The `.zw` schema language for `zerowire`.
//!
//! The parser, checker and code generator are tracked in the project's issue
//! list and are not implemented yet; this crate only reserves its place in the
//! workspace so the layout is fixed from the start.
#![forbid(unsafe_code)]

pub mod ir;
