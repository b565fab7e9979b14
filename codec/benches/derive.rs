//! Placeholder until the derive benchmark lands.
fn main() {}
