#!/usr/bin/env bash
# Bounded fuzzing of every reader of outside input (rule, target and figures files, CSV and JSON rosters).
#
# 1. Always (stable Rust): the property tests of tests/hostile_readers.rs with FUZZ_CASES inputs per property
#    (default 2,000; `cargo test` alone runs 256). PROPTEST_RNG_SEED=<n> or =random explores other inputs.
# 2. Only when FUZZ_SECONDS is set and cargo-fuzz is installed (nightly): every target in fuzz/fuzz_targets/ for
#    FUZZ_SECONDS seconds each, one after another (a new target file is picked up without editing this script).
#
# Another crate's property tests join step 1 by adding a line below (e.g. `cargo test -p xeploai-xlsx --test fuzz`).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== property fuzzing: ${FUZZ_CASES:-2000} inputs per property"
PROPTEST_CASES="${FUZZ_CASES:-2000}" cargo test --quiet --test hostile_readers

if [[ -n "${FUZZ_SECONDS:-}" ]]; then
  if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "FUZZ_SECONDS is set but cargo-fuzz is not installed (cargo +nightly install cargo-fuzz)" >&2
    exit 1
  fi
  cd fuzz
  ./seed.sh
  for target in fuzz_targets/*.rs; do
    name=$(basename "$target" .rs)
    echo "== cargo fuzz run $name for ${FUZZ_SECONDS}s"
    cargo +nightly fuzz run "$name" -- -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
  done
fi
