#!/usr/bin/env bash
# Build the web app into dist/: release wasm (size profile; the unit page's worker for speed) → wasm-bindgen →
# wasm-opt → static files.
# Prints the size of what a first visit loads.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
setup_rust
setup_node

target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
rm -rf dist
mkdir -p dist
# Four pages, four modules: the self-assessment page (index.html) loads without the other pages' code, its official
# form (form.html) included; a fifth module is index.html inside another site's iframe (`?embed=1`, main.js).
# The pages are built with a pinned nightly that rebuilds the standard library for them (-Zbuild-std): a panic is a
# bare trap (panic=immediate-abort; crash.js reports it as before, the message never reached the page anyway) and
# carries no file or line (-Zlocation-detail=none). The first page is about 16 KB brotli smaller (measured
# 2026-11-30): the issue 12 goal needs it. Installed here when missing (the Rust dist server, about 30 s).
pages_toolchain=nightly-2026-05-19
if ! rustup run "$pages_toolchain" rustc --print sysroot >/dev/null 2>&1 || [ ! -d "$(rustup run "$pages_toolchain" rustc --print sysroot)/lib/rustlib/src/rust/library" ]; then
  echo "== installing $pages_toolchain with rust-src (the pages' build)"
  rustup toolchain install "$pages_toolchain" --profile minimal --component rust-src >/dev/null
fi
# worker: the unit page's Web Worker (www/unit-worker.js loads it; it reads and computes a roster off the page).
# The worker has no size budget (it is fetched when an import starts): it is built for speed (profile wasm-speed:
# opt-level 3; wasm-opt -O3; WebAssembly SIMD, which Chromium, Firefox and Safari have run since 2021), the pages
# for size.
# XEPLOAI_WASM_NAMES=1: the pages keep their functions' names (wasm-opt -g, no --strip-debug), for a profile
# (scripts/browser-scale.mjs with XEPLOAI_SCALE_PROFILE=1); larger, so the size check is skipped.
strip="--strip-debug --strip-producers"
[ -n "${XEPLOAI_WASM_NAMES:-}" ] && strip="-g"
for page in self form frame unit variants worker; do
  case $page in self) out=xeploai_web ;; form) out=xeploai_form_page ;; frame) out=xeploai_frame ;; unit) out=xeploai_unit ;; variants) out=xeploai_variants ;; worker) out=xeploai_unit_worker ;; esac
  profile=wasm features="" opt="-Os --converge"
  [ "$page" = worker ] && profile=wasm-speed features="-Ctarget-feature=+simd128" opt="-O3"
  echo "== cargo build -p xeploai-web --features page-$page (wasm32, profile $profile, $pages_toolchain, build-std)"
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none $features" \
    cargo "+$pages_toolchain" build --quiet -p xeploai-web --no-default-features --features "page-$page" \
    --target wasm32-unknown-unknown --profile "$profile" -Zbuild-std=std,panic_abort
  wasm-bindgen --target web --no-typescript --out-name "$out" --out-dir dist "$target_dir/wasm32-unknown-unknown/$profile/xeploai_web.wasm"
  # --converge repeats the passes until nothing shrinks (about 1 KB off the first page, 15 s more per page).
  # -Os, not -Oz: a few KB more raw but about 1 KB less brotli on the first and the unit page (measured 2026-11-29).
  node_modules/.bin/wasm-opt $opt $strip "dist/${out}_bg.wasm" -o "dist/${out}_bg.wasm"
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
cp www/index.html www/form.html www/unit.html www/variants.html www/style.css www/pages.css www/variants.css www/main.js www/main-form.js www/main-unit.js www/main-variants.js www/crash.js www/unit-worker.js dist/
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

if [ -n "${XEPLOAI_WASM_NAMES:-}" ]; then echo "== names kept (XEPLOAI_WASM_NAMES): no size check"; else scripts/size.sh dist; fi

# Offline and installable (www/sw.js): the manifest, the icons and the service worker, which caches every file of
# the app (the pages, their modules, the on-demand modules, the bundled rule sets) under a version computed from
# their contents, so each build replaces the last one's cache (on the person's word, see www/sw-register.js).
cp www/manifest.webmanifest www/sw-register.js dist/
mkdir -p dist/icons
cp www/icons/icon.svg www/icons/icon-192.png www/icons/icon-512.png dist/icons/
app_files=$(cd dist && find . -type f ! -path './embed/*' ! -name 'host-example.*' ! -name 'sw.js' ! -name '*.br' ! -name '*.gz' | sed 's|^\./||' | LC_ALL=C sort)
version=$(cd dist && echo "$app_files" | xargs sha256sum | sha256sum | cut -c1-16)
python3 - "$version" "$app_files" <<'PY'
import json, sys
version, files = sys.argv[1], sys.argv[2].split()
text = open('www/sw.js', encoding='utf-8').read()
text = text.replace("'__XEPLOAI_VERSION__'", json.dumps(version)).replace("['__XEPLOAI_FILES__']", json.dumps(files))
open('dist/sw.js', 'w', encoding='utf-8').write(text)
PY
echo "== service worker: version $version, $(echo "$app_files" | wc -l) files cached for offline use"

# The portal kit (embed/README.md): the guide, a working example page and the servers' configuration snippets
# (deploy/) travel with the embed bundle; the snippets also serve the whole app.
cp embed/README.md embed/js/xeploai-calculator.d.ts dist/embed/
mkdir -p dist/embed/example dist/embed/deploy dist/deploy
cp embed/example/* dist/embed/example/
cp deploy/* dist/embed/deploy/
cp deploy/* dist/deploy/

# Pre-compressed copies beside each text and WebAssembly file (`x.wasm.br`, `x.wasm.gz`), for servers that send them
# as they are (nginx `brotli_static`/`gzip_static`, the Apache and IIS rules in deploy/): the first page is about a
# third of its raw size in brotli. `-n`: no name or time in the gzip header, so the same build gives the same bytes.
command -v brotli >/dev/null || { echo "brotli is missing (apt-get install brotli)" >&2; exit 1; }
find dist -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.toml' -o -name '*.webmanifest' -o -name '*.svg' -o -name '*.json' -o -name '*.ts' -o -name '*.md' \) -print0 |
  while IFS= read -r -d '' file; do
    brotli -q 11 -f -k -o "$file.br" "$file"
    gzip -9 -n -k -f "$file"
  done
echo "== pre-compressed: $(find dist -name '*.br' | wc -l) files as .br and .gz"
