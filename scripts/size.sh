#!/usr/bin/env bash
# Print raw, gzip -9 and brotli -q 11 sizes of what the first visit to the app loads, and the total against the
# 250 KB brotli goal.
set -euo pipefail
dir=${1:-dist}
total_br=0
total_gz=0
printf '%-24s %10s %10s %10s\n' file raw gzip brotli
for f in "$dir"/index.html "$dir"/main.js "$dir"/xeploai_web.js "$dir"/style.css "$dir"/xeploai_web_bg.wasm; do
  raw=$(wc -c < "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  if command -v brotli >/dev/null; then br=$(brotli -q 11 -c "$f" | wc -c); else br=0; fi
  total_br=$((total_br + br))
  total_gz=$((total_gz + gz))
  printf '%-24s %10d %10d %10d\n' "$(basename "$f")" "$raw" "$gz" "$br"
done
printf '%-24s %10s %10d %10d\n' "first load, total" "" "$total_gz" "$total_br"
if command -v brotli >/dev/null; then
  printf 'goal: first load <= 250 KB brotli (256000 bytes): %s\n' "$([ "$total_br" -le 256000 ] && echo met || echo NOT MET)"
fi

# The unit page (unit.html) is a page of its own.
if [ -f "$dir/xeploai_unit_bg.wasm" ]; then
  echo
  total=0
  printf '%-24s %10s %10s %10s\n' "unit page (unit.html)" raw gzip brotli
  for f in "$dir"/unit.html "$dir"/main-unit.js "$dir"/xeploai_unit.js "$dir"/style.css "$dir"/xeploai_unit_bg.wasm; do
    raw=$(wc -c < "$f"); gz=$(gzip -9 -c "$f" | wc -c)
    if command -v brotli >/dev/null; then br=$(brotli -q 11 -c "$f" | wc -c); else br=0; fi
    total=$((total + br))
    printf '%-24s %10d %10d %10d\n' "$(basename "$f")" "$raw" "$gz" "$br"
  done
  printf '%-24s %10s %10s %10d\n' "unit page, total" "" "" "$total"
fi

# The variants workbench (variants.html) is a page of its own.
if [ -f "$dir/xeploai_variants_bg.wasm" ]; then
  echo
  total=0
  printf '%-24s %10s %10s %10s\n' "variants (variants.html)" raw gzip brotli
  for f in "$dir"/variants.html "$dir"/main-variants.js "$dir"/xeploai_variants.js "$dir"/style.css "$dir"/xeploai_variants_bg.wasm; do
    raw=$(wc -c < "$f"); gz=$(gzip -9 -c "$f" | wc -c)
    if command -v brotli >/dev/null; then br=$(brotli -q 11 -c "$f" | wc -c); else br=0; fi
    total=$((total + br))
    printf '%-24s %10d %10d %10d\n' "$(basename "$f")" "$raw" "$gz" "$br"
  done
  printf '%-24s %10s %10s %10d\n' "variants page, total" "" "" "$total"
fi

# Loaded only when an XLSX file is opened or written.
if [ -f "$dir/xeploai_xlsx_bg.wasm" ]; then
  echo
  printf '%-24s %10s %10s %10s\n' "on demand (XLSX)" raw gzip brotli
  for f in "$dir"/xeploai_xlsx.js "$dir"/xeploai_xlsx_bg.wasm; do
    raw=$(wc -c < "$f"); gz=$(gzip -9 -c "$f" | wc -c)
    if command -v brotli >/dev/null; then br=$(brotli -q 11 -c "$f" | wc -c); else br=0; fi
    printf '%-24s %10d %10d %10d\n' "$(basename "$f")" "$raw" "$gz" "$br"
  done
fi
