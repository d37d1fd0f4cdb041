#!/bin/sh
# Builds the wasm read benchmark (wasm/) and times it in node:
#   benches/read-micro/wasm.sh [FILE] [RUNS] [hint]
set -e
here=$(cd "$(dirname "$0")" && pwd)
file=${1:-/tmp/crm-20m.csv}
runs=${2:-7}
hint=${3:-}
out=${WASM_PKG:-/tmp/read-micro-wasm}
(cd "$here/wasm" && cargo build --release --quiet --target wasm32-unknown-unknown)
wasm-bindgen --target nodejs --out-dir "$out" "$here/wasm/target/wasm32-unknown-unknown/release/read_micro_wasm.wasm"
opt="$here/../../tests/browser/node_modules/.bin/wasm-opt"
if [ -x "$opt" ]; then
    "$opt" -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-reference-types --enable-sign-ext --enable-mutable-globals \
        "$out/read_micro_wasm_bg.wasm" -o "$out/read_micro_wasm_bg.wasm"
fi
node "$here/wasm/run.mjs" "$out" "$file" "$runs" $hint
