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
  # How far under (negative: over) the goal.
  printf 'margin to the goal: %d bytes\n' "$((256000 - total_br))"
fi

# Every other page is a page of its own: its HTML, loader, glue, stylesheets (style.css, and pages.css with the
# rules the first page does not use; iframe mode is index.html, style.css alone) and module.
page_sizes() {
  local label=$1 html=$2 loader=$3 module=$4 extra=("${@:5}") total=0
  [ -f "$dir/${module}_bg.wasm" ] || return 0
  echo
  printf '%-24s %10s %10s %10s\n' "$label" raw gzip brotli
  for f in "$dir/$html" "$dir/$loader" "$dir/$module.js" "$dir"/style.css "${extra[@]/#/$dir/}" "$dir/${module}_bg.wasm"; do
    raw=$(wc -c < "$f"); gz=$(gzip -9 -c "$f" | wc -c)
    if command -v brotli >/dev/null; then br=$(brotli -q 11 -c "$f" | wc -c); else br=0; fi
    total=$((total + br))
    printf '%-24s %10d %10d %10d\n' "$(basename "$f")" "$raw" "$gz" "$br"
  done
  printf '%-24s %10s %10s %10d\n' "${label%% (*}, total" "" "" "$total"
}
page_sizes "form page (form.html)" form.html main-form.js xeploai_form_page pages.css
# index.html in another site's iframe (`?embed=1`): main.js loads this module instead of the first page's.
page_sizes "iframe mode (?embed=1)" index.html main.js xeploai_frame
page_sizes "unit page (unit.html)" unit.html main-unit.js xeploai_unit pages.css
for f in "$dir"/unit-worker.js "$dir"/xeploai_unit_worker.js "$dir"/xeploai_unit_worker_bg.wasm; do if [ -f "$f" ]; then printf '%-24s %10d %10d %10d  %s\n' "$(basename "$f")" "$(wc -c < "$f")" "$(gzip -9 -c "$f" | wc -c)" "$( (brotli -q 11 -c "$f" 2>/dev/null || true) | wc -c)" "(the unit page's Web Worker, fetched on import)"; fi; done
page_sizes "variants (variants.html)" variants.html main-variants.js xeploai_variants pages.css variants.css

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

# form: the Word writer, loaded only when a form is downloaded as .docx (not part of the first load).
if [ -f "$dir/xeploai_form_bg.wasm" ]; then
  echo
  total=0
  printf '%-24s %10s %10s %10s\n' "on demand (Word form)" raw gzip brotli
  for f in "$dir"/xeploai_form.js "$dir"/xeploai_form_bg.wasm; do
    raw=$(wc -c < "$f"); gz=$(gzip -9 -c "$f" | wc -c)
    if command -v brotli >/dev/null; then br=$(brotli -q 11 -c "$f" | wc -c); else br=0; fi
    total=$((total + br))
    printf '%-24s %10d %10d %10d\n' "$(basename "$f")" "$raw" "$gz" "$br"
  done
  printf '%-24s %10s %10s %10d\n' "Word form, total" "" "" "$total"
fi

# The embed bundle (embed/README.md): what a portal page with <xeploai-calculator> and the default rule set loads
# (the element's module: the rule set packed, no TOML reader or compiler), against the 120 KB goal.
if [ -f "$dir/embed/xeploai_embed_bg.wasm" ]; then
  echo
  total=0
  printf '%-24s %10s %10s %10s\n' "embed: element" raw gzip brotli
  for f in "$dir"/embed/xeploai-calculator.js "$dir"/embed/xeploai.js "$dir"/embed/xeploai_embed_lite.js "$dir"/embed/xeploai_embed_lite_bg.wasm; do
    raw=$(wc -c < "$f"); gz=$(gzip -9 -c "$f" | wc -c)
    if command -v brotli >/dev/null; then br=$(brotli -q 11 -c "$f" | wc -c); else br=0; fi
    total=$((total + br))
    printf '%-24s %10d %10d %10d\n' "$(basename "$f")" "$raw" "$gz" "$br"
  done
  printf '%-24s %10s %10s %10d\n' "element, total" "" "" "$total"
  if command -v brotli >/dev/null; then
    printf 'goal: element with the default rule set <= 120 KB brotli (122880 bytes): %s\n' "$([ "$total" -le 122880 ] && echo met || echo "NOT MET")"
  fi
  # The API's module (load(): compileRuleSet; the element loads it only for another rule set than the default),
  # and the one with rosters and targets, fetched on first use.
  printf '%-24s %10s %10s %10s\n' "embed: API, on demand" raw gzip brotli
  for f in "$dir"/embed/xeploai_embed.js "$dir"/embed/xeploai_embed_bg.wasm "$dir"/embed/xeploai_embed_full.js "$dir"/embed/xeploai_embed_full_bg.wasm; do
    raw=$(wc -c < "$f"); gz=$(gzip -9 -c "$f" | wc -c)
    if command -v brotli >/dev/null; then br=$(brotli -q 11 -c "$f" | wc -c); else br=0; fi
    printf '%-24s %10d %10d %10d\n' "$(basename "$f")" "$raw" "$gz" "$br"
  done
fi
