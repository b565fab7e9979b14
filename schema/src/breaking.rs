//! Compatibility check.
