#!/usr/bin/env bash
# Build the web app into dist/: release wasm (size profile) → wasm-bindgen → wasm-opt -Oz → static files.
# Prints the size of what a first visit loads.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
setup_rust
setup_node

target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
rm -rf dist
mkdir -p dist
# Three pages, three modules: the self-assessment page (index.html) loads without the other pages' code.
for page in self unit variants; do
  case $page in self) out=xeploai_web ;; unit) out=xeploai_unit ;; variants) out=xeploai_variants ;; esac
  echo "== cargo build -p xeploai-web --features page-$page (wasm32, profile wasm)"
  cargo build --quiet -p xeploai-web --no-default-features --features "page-$page" --target wasm32-unknown-unknown --profile wasm
  wasm-bindgen --target web --no-typescript --out-name "$out" --out-dir dist "$target_dir/wasm32-unknown-unknown/wasm/xeploai_web.wasm"
  # --converge repeats the passes until nothing shrinks (about 1 KB off the first page, 15 s more per page).
  # -Os, not -Oz: a few KB more raw but about 1 KB less brotli on the first and the unit page (measured 2026-11-29).
  node_modules/.bin/wasm-opt -Os --converge --strip-debug --strip-producers "dist/${out}_bg.wasm" -o "dist/${out}_bg.wasm"
done
# The XLSX reader and writer: a separate module, loaded only when a workbook is opened or written.
echo "== cargo build -p xeploai-xlsx (wasm32, profile wasm)"
cargo build --quiet -p xeploai-xlsx --target wasm32-unknown-unknown --profile wasm
wasm-bindgen --target web --no-typescript --out-dir dist "$target_dir/wasm32-unknown-unknown/wasm/xeploai_xlsx.wasm"
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers dist/xeploai_xlsx_bg.wasm -o dist/xeploai_xlsx_bg.wasm
# form: the Word (.docx) writer of the official forms, a separate module loaded only when a form is downloaded.
echo "== cargo build -p xeploai-form (wasm32, profile wasm)"
cargo build --quiet -p xeploai-form --target wasm32-unknown-unknown --profile wasm
wasm-bindgen --target web --no-typescript --out-dir dist "$target_dir/wasm32-unknown-unknown/wasm/xeploai_form.wasm"
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers dist/xeploai_form_bg.wasm -o dist/xeploai_form_bg.wasm
cp www/index.html www/unit.html www/variants.html www/style.css www/variants.css www/main.js www/main-unit.js www/main-variants.js www/crash.js dist/
# The bundled rule sets and their cases: the variants workbench fetches their text; the other pages carry the
# default compiled and packed (www/build.rs) and fetch another one packed (`rules/<id>.bin`, xeploai::pack).
mkdir -p dist/rules
cp rules/*.toml dist/rules/
echo "== packed rule sets (examples/pack_rules.rs)"
cargo run --quiet --no-default-features --example pack_rules -- dist/rules >/dev/null

# The embed bundle for other people's pages (embed/README.md): the element's module (the default rule set packed,
# no TOML reader or compiler), the API's single-subject module (compileRuleSet), and a larger module with rosters
# and targets that the API fetches on first use.
mkdir -p dist/embed
for variant in lite core full; do
  case $variant in
    lite) out=xeploai_embed_lite features="--no-default-features" ;;
    core) out=xeploai_embed features="--no-default-features --features compile" ;;
    full) out=xeploai_embed_full features="" ;;
  esac
  echo "== cargo build -p xeploai-embed ($variant, wasm32, profile wasm)"
  cargo build --quiet -p xeploai-embed $features --target wasm32-unknown-unknown --profile wasm
  wasm-bindgen --target web --no-typescript --out-name "$out" --out-dir dist/embed "$target_dir/wasm32-unknown-unknown/wasm/xeploai_embed.wasm"
  node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers "dist/embed/${out}_bg.wasm" -o "dist/embed/${out}_bg.wasm"
done
cp embed/js/xeploai.js embed/js/xeploai.d.ts embed/js/xeploai-calculator.js dist/embed/
# A page imitating a portal (its own header, hostile global CSS) with the element and the app in an iframe.
cp www/host-example.html www/host-example.css www/host-example.js dist/

scripts/size.sh dist
