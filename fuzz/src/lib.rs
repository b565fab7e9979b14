//! Fuzz targets for zerowire. The bodies live in `zerowire-test-support`
//! as plain functions, so that stable tests replay the corpus through the
//! same code without libFuzzer; this crate only names them for the targets.
#![forbid(unsafe_code)]

pub use zerowire_test_support::{bodies, common, derived, json_bodies, schema_bodies};
