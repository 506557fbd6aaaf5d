#!/usr/bin/env bash
# Set up and run every test: formatting, lints, unit/integration/property/golden tests, the rule sets' cases,
# the benchmark build, and the engine's build for wasm32-unknown-unknown.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "toolchain: wasm32-unknown-unknown target, rustfmt, clippy"
rustup target add wasm32-unknown-unknown
rustup component add rustfmt clippy >/dev/null 2>&1 || true

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (deny warnings)"
cargo clippy --all-targets --quiet -- -D warnings

step "cargo test (unit, integration, property, golden, rule-set cases)"
CI=true cargo test --quiet

step "benchmarks compile"
cargo check --benches --quiet

step "engine builds for wasm32-unknown-unknown without the CLI"
cargo build --lib --no-default-features --target wasm32-unknown-unknown --quiet

step "xeploai validate rules/"
cargo run --quiet --bin xeploai -- validate rules/

echo
echo "All tests passed."
