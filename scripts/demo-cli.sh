#!/usr/bin/env bash
# The command-line tool on the bundled example unit: validate the rule sets, classify a unit (members, quota,
# organizations, targets), explain one self-assessment.
set -euo pipefail
cd "$(dirname "$0")/.."
xeploai() { cargo run --release --quiet --bin xeploai -- "$@"; }

echo "== xeploai validate rules/"
xeploai validate rules/

echo
echo "== xeploai unit (examples/dang-bo-mau)"
# Exit code 1 means some targets are not met, which is the point of the example.
xeploai unit --members examples/dang-bo-mau/members.csv --orgs examples/dang-bo-mau/orgs.csv \
  --targets rules/targets/dang-uy-khoi-2026.toml --figures examples/dang-bo-mau/figures.toml || [ $? -eq 1 ]

echo
echo "== xeploai diff --classic quota-base (the same unit with the quota base good only → good or better: who moves, quota, targets)"
xeploai diff --classic quota-base --members examples/dang-bo-mau/members.csv --orgs examples/dang-bo-mau/orgs.csv \
  --targets rules/targets/dang-uy-khoi-2026.toml --figures examples/dang-bo-mau/figures.toml

echo
echo "== xeploai classify --explain (one member: why, what is missing for the next level and for the level registered)"
one=$(mktemp --suffix=.csv)
trap 'rm -f "$one"' EXIT
head -n 1 examples/dang-bo-mau/members.csv > "$one"
grep '^vp05,' examples/dang-bo-mau/members.csv >> "$one"
xeploai classify --explain "$one"
