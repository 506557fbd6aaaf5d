#!/usr/bin/env bash
# Set up, build and serve the web app on the default rule set (QĐ 366-QĐ/TW).
# Open http://127.0.0.1:8080 when it says "serving". Stop with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-web.sh
port=${PORT:-8080}
echo
echo "serving dist/ at http://127.0.0.1:$port  (Ctrl+C to stop)"
echo "embedding example (element and iframe in a portal imitation): http://127.0.0.1:$port/host-example.html"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory dist
