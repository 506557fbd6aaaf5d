#!/usr/bin/env bash
# Install everything the build and the tests need, once; each step is skipped when already done.
# Sourced by the other scripts. Installs come from crates.io, npm and Debian only.
set -euo pipefail

WASM_BINDGEN_VERSION=0.2.130   # must equal the `wasm-bindgen = "=…"` pin in the root Cargo.toml ([workspace.dependencies])

setup_rust() {
  rustup target add wasm32-unknown-unknown >/dev/null
  if ! command -v wasm-bindgen >/dev/null || [ "$(wasm-bindgen --version)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
    echo "== installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 6 minutes the first time)"
    # Not --locked: its lockfile pins a crate version the registry no longer has.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
}

setup_node() {
  if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -x node_modules/.bin/tsc ] || [ ! -d node_modules/axe-core ]; then
    echo "== npm ci (binaryen for wasm-opt, playwright-core, typescript, axe-core)"
    npm ci --no-audit --no-fund
  fi
}

setup_browser() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    echo "== installing Debian's chromium and chromium-driver"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver brotli >/dev/null
  fi
  if ! command -v brotli >/dev/null; then
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends brotli >/dev/null
  fi
}

# Debian's nginx with its brotli module, and Apache httpd: the portal kit's end-to-end test serves dist/ with the
# kit's own server snippets (tests/e2e/portal.test.mjs).
setup_servers() {
  if [ ! -x /usr/sbin/nginx ] || [ ! -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || [ ! -x /usr/sbin/apache2 ]; then
    echo "== installing Debian's nginx-light, its brotli module and apache2-bin (portal kit test)"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nginx-light libnginx-mod-http-brotli-static apache2-bin >/dev/null
  fi
}
