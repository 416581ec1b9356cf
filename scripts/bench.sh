#!/usr/bin/env bash
# make bench: builds what it measures (the app, the baseline example, the ledger bench natively and in WASM,
# journals to load), then runs tests/bench/browser_bench.mjs, which writes build/bench/report.{md,json}.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
mkdir -p build/bench
cmake --preset web-release >/dev/null && cmake --build --preset web-release
cmake --build --preset web-release --target imgui_baseline
cmake --preset native-bench >/dev/null && cmake --build --preset native-bench
cmake --preset wasm-bench >/dev/null && cmake --build --preset wasm-bench
echo "bench: ledger, native and WASM (Node)"
build/cmake-native-bench/tests/bench/ledger_bench | tee /dev/stderr | sed -n 's/^BENCH_JSON //p' >build/bench/ledger-native.json
node --no-experimental-fetch build/cmake-wasm-bench/tests/bench/ledger_bench.js | tee /dev/stderr |
  sed -n 's/^BENCH_JSON //p' >build/bench/ledger-wasm.json
build/cmake-native-bench/tests/bench/make_journal 10000 build/bench/journal-10k.json
build/cmake-native-bench/tests/bench/make_journal 100000 build/bench/journal-100k.json
node tests/bench/browser_bench.mjs build/bench/ledger-native.json build/bench/ledger-wasm.json \
  build/bench/journal-10k.json build/bench/journal-100k.json
cat build/bench/report.md
