# crm-cleaner: every way to build, serve, test and measure the project.
# `make serve` and `make test` work on a fresh machine as root: `setup` installs
# what is missing (and skips what is there, so a second run takes seconds).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

export PATH := $(HOME)/.cargo/bin:$(PATH)

# The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/{getline; gsub(/[^0-9.]/,""); print; exit}' Cargo.lock)
WASM := target/wasm32-unknown-unknown/release/crm_cleaner.wasm
BROWSER_TESTS := tests/browser
WASM_OPT := $(BROWSER_TESTS)/node_modules/.bin/wasm-opt
PORT ?= 8080

.PHONY: setup setup-rust setup-browser build build-wasm build-embed build-cli sw-manifest single-file serve test test-rust test-wasm test-e2e clean

setup: setup-rust setup-browser

setup-rust:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@if [ "$$(wasm-bindgen --version 2>/dev/null | awk '{print $$2}')" != "$(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (takes a few minutes)"; \
	  cargo install wasm-bindgen-cli --version "$(WASM_BINDGEN_VERSION)" --force; \
	fi

setup-browser:
	@# fonts-wqy-microhei: Chinese glyphs for the test screenshots (the tests pass without it).
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || [ ! -d /usr/share/fonts/truetype/wqy ]; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver fonts-wqy-microhei; \
	fi
	@if [ ! -d $(BROWSER_TESTS)/node_modules ] || [ $(BROWSER_TESTS)/package-lock.json -nt $(BROWSER_TESTS)/node_modules/.package-lock.json ]; then \
	  cd $(BROWSER_TESTS) && npm ci --no-audit --no-fund; \
	fi

build: build-wasm build-embed build-cli

# The batch module uses WebAssembly SIMD (128-bit): the reader's searches
# (memchr) and UTF-8 checks (simdutf8) use it, which made reading a fifth
# faster in Chromium (BENCHMARKS.md). Every browser since 2023 has it
# (Chrome 91, Firefox 89, Safari 16.4); the worker says so on one without.
# The wasm tests build with the same flag, so they test that code.
WASM_SIMD := CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=+simd128"

build-wasm: setup-rust
	$(WASM_SIMD) cargo build --lib --release --target wasm32-unknown-unknown
	wasm-bindgen --target web --out-dir www/pkg $(WASM)
	@if [ -x $(WASM_OPT) ]; then \
	  $(WASM_OPT) -O3 --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-reference-types --enable-sign-ext --enable-mutable-globals \
	    www/pkg/crm_cleaner_bg.wasm -o www/pkg/crm_cleaner_bg.wasm; \
	fi
	@ls -l www/pkg/crm_cleaner_bg.wasm | awk '{print "wasm: " $$5 " bytes"}'
	@node scripts/sw-manifest.mjs

# The small module for live form validation (www/embed/): only `validate`, no
# batch cleaner, optimized for size. Separate target dir so the two builds
# do not invalidate each other.
EMBED_WASM := target/embed/wasm32-unknown-unknown/release/crm_cleaner.wasm
build-embed: setup-rust
	cargo build --lib --release --target wasm32-unknown-unknown --no-default-features --target-dir target/embed
	wasm-bindgen --target web --out-dir www/embed/pkg $(EMBED_WASM)
	@if [ -x $(WASM_OPT) ]; then \
	  $(WASM_OPT) -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-reference-types --enable-sign-ext --enable-mutable-globals \
	    www/embed/pkg/crm_cleaner_bg.wasm -o www/embed/pkg/crm_cleaner_bg.wasm; \
	fi
	@ls -l www/embed/pkg/crm_cleaner_bg.wasm | awk '{print "embed wasm: " $$5 " bytes"}'
	@gzip -9c www/embed/pkg/crm_cleaner_bg.wasm | wc -c | awk '{print "embed wasm gzipped: " $$1 " bytes"}'
	@node scripts/sw-manifest.mjs

# The service worker's precache list (www/sw-manifest.js, git-ignored): every
# file of www/ with its SHA-256. build-wasm and build-embed rewrite it; run
# this after editing a file in www/ while serving, or the service worker of
# an earlier visit keeps serving the old file.
sw-manifest:
	node scripts/sw-manifest.mjs

# The whole page in one HTML file (dist/crm-cleaner.html) that works from
# file:// with the network off: JS, CSS, worker and wasm inlined.
single-file: build-wasm
	node scripts/single-file.mjs

build-cli:
	cargo build --release --bin crm-cleaner

serve: setup build
	@echo "Serving www/ at http://127.0.0.1:$(PORT)/  (Ctrl-C to stop)"
	python3 -m http.server --bind 127.0.0.1 --directory www $(PORT)

test: setup build test-rust test-wasm test-e2e

test-rust:
	cargo test

# wasm-bindgen-test in headless Chromium via Debian's chromedriver;
# webdriver.json passes --no-sandbox (needed as root) and --headless.
test-wasm: setup-rust
	CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner $(WASM_SIMD) \
	  cargo test --target wasm32-unknown-unknown --test wasm --test anonymize_wasm

# single-file.test.mjs builds dist/crm-cleaner.html itself; offline.test.mjs
# and privacy.test.mjs rewrite www/sw-manifest.js, so neither goes stale.
test-e2e: setup-browser build-wasm build-embed
	cd $(BROWSER_TESTS) && node --test --test-concurrency=1 *.test.mjs

clean:
	cargo clean
	rm -rf www/pkg www/embed/pkg www/sw-manifest.js dist

# Benchmarks (benches/, results in BENCHMARKS.md): generates benches/data/crm-1m.csv
# (1M rows, seed 42; skipped when already there), then crm-cleaner's read vs PapaParse
# in Chromium, peak memory, and the native CLI. Writes benches/results.json.
# BENCH_ROWS, BENCH_SEED, BENCH_RUNS, BENCH_THREAD=worker|main override the defaults.
.PHONY: bench
bench: setup-browser build
	node benches/run.mjs
