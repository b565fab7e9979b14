#!/usr/bin/env bash
# Runs every fuzz target for the given number of seconds each (default 60)
# with cargo-fuzz on nightly, growing the corpus in fuzz/corpus/<target>/.
# Then minimize: cargo +nightly fuzz cmin <target>
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-60}"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz
for target in $(cargo +nightly fuzz list); do
  echo "== $target ($secs s)"
  cargo +nightly fuzz run "$target" "corpus/$target" -- -max_total_time="$secs" -print_final_stats=1
done
