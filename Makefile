# Model Marketplace — the front door. Every target installs what is missing first (scripts/setup is
# idempotent and quick when everything is there).
#   make run    build the app and serve it on http://127.0.0.1:8080/
#   make test   native unit tests (ASan+UBSan), the same tests in WASM under Node, browser tests in Chromium
.PHONY: setup build dist run test test-native test-wasm test-e2e bench bench-ledger fuzz clean
export NODE_PATH := /usr/share/nodejs
PORT ?= 8080

setup:
	@scripts/setup

build: setup
	cmake --preset web-release >/dev/null
	cmake --build --preset web-release

# One self-contained page for file:// (a USB stick): dist/model-marketplace.html.
dist: build
	cmake --build --preset web-release --target marketplace_single
	node scripts/make_dist.mjs

run: build
	node scripts/serve.mjs build/web $(PORT)

test: setup test-native test-wasm test-e2e

test-native:
	cmake --preset native-test >/dev/null
	cmake --build --preset native-test
	ctest --preset native-test

test-wasm:
	cmake --preset wasm-test >/dev/null
	cmake --build --preset wasm-test
	ctest --preset wasm-test

test-e2e: build dist
	node --test tests/e2e/

# Everything measured side by side with the bare Dear ImGui example: build/bench/report.md (+ .json).
bench: setup
	scripts/bench.sh

# Ledger and query figures, natively and in WASM (the same program); reported, not asserted.
bench-ledger: setup
	cmake --preset native-bench >/dev/null && cmake --build --preset native-bench
	cmake --preset wasm-bench >/dev/null && cmake --build --preset wasm-bench
	@echo "== native" && build/cmake-native-bench/tests/bench/ledger_bench
	@echo "== wasm (node)" && node --no-experimental-fetch build/cmake-wasm-bench/tests/bench/ledger_bench.js

# libFuzzer targets (clang, ASan + UBSan), each until FUZZ_RUNS (default 1,000,000) or FUZZ_SECONDS (default 60):
# build/fuzz/report.md.
fuzz: setup
	cmake --preset fuzz >/dev/null && cmake --build --preset fuzz
	scripts/fuzz.sh

clean:
	rm -rf build dist
