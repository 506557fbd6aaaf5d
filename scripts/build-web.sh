#!/usr/bin/env bash
# Build the web app into dist/: release wasm (size profile) → wasm-bindgen → wasm-opt -Oz → static files.
# Prints the size of what a first visit loads.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
setup_rust
setup_node

target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
echo "== cargo build -p xeploai-web (wasm32, profile wasm)"
cargo build --quiet -p xeploai-web --target wasm32-unknown-unknown --profile wasm

rm -rf dist
mkdir -p dist
wasm-bindgen --target web --no-typescript --out-dir dist "$target_dir/wasm32-unknown-unknown/wasm/xeploai_web.wasm"
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers dist/xeploai_web_bg.wasm -o dist/xeploai_web_bg.wasm
cp www/index.html www/style.css www/main.js dist/

scripts/size.sh dist
