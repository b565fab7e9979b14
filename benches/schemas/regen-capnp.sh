#!/usr/bin/env bash
# Regenerates benches/src/peers/bench_capnp.rs from benches/schemas/bench.capnp.
# Needs `capnp` (Debian: apt-get install capnproto) and the Rust plugin
# (cargo install capnpc --version 0.27.0, matching the capnp crate).
set -euo pipefail
cd "$(dirname "$0")"
out=$(mktemp -d)
capnp compile -orust:"$out" bench.capnp
# The plugin writes paths as `crate::bench_capnp`; the module lives at
# `crate::peers::bench_capnp`.
sed 's/crate::bench_capnp::/crate::peers::bench_capnp::/g' "$out/bench_capnp.rs" > ../src/peers/bench_capnp.rs
rm -r "$out"
