//! Derive macros for `zerowire`.
//!
//! The derive (`#[derive(zerowire::Message)]`) is tracked in the project's
//! issue list and is not implemented yet; this crate only reserves its place
//! in the workspace so the layout is fixed from the start.
#![forbid(unsafe_code)]
