//! Compile-fail tests with checked `.stderr` files (`tests/ui/*.rs`) and
//! pass tests (`tests/ui/pass/*.rs`). Regenerate the `.stderr` files after
//! an intended change with `TRYBUILD=overwrite cargo test -p zerowire-derive
//! --test ui`, and review the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
