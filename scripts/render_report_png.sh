#!/usr/bin/env bash
# Regenerates docs/contract-review.png: a contract review of the example federation's Manila
# outsourcer (Bayanihan Contact Services), rendered as HTML and photographed by headless Chromium.
#
#   scripts/render_report_png.sh                      simulate a week with `interflow demo`, then report from its coordinator
#   scripts/render_report_png.sh --intervals FILE     report from a JSON file {"siteId": [IntervalRecord, ...]} instead
#
# Needs Debian's chromium (deploy/setup.sh test installs it). INTERFLOW_BIN picks the interflow
# binary (default: build .build/debug/interflow). The demo runs a simulated week at 1440x (about
# seven minutes) on ports 18080 (coordinator) and 19101+ (agents).
set -euo pipefail
cd "$(dirname "$0")/.."

FROM=2026-02-02
TO=2026-02-07
OUTSOURCER=bayanihan-contact-services
PNG=docs/contract-review.png
intervals=""
if [ "${1:-}" = --intervals ]; then intervals="$2"; fi

browser="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$browser" ] || { echo "render_report_png: no chromium on PATH; run deploy/setup.sh test (installs Debian's chromium) first" >&2; exit 1; }

bin="${INTERFLOW_BIN:-}"
if [ -z "$bin" ]; then
    swift build --product interflow
    bin=.build/debug/interflow
fi

work="$(mktemp -d)"
demo_pid=""
cleanup() {
    [ -n "$demo_pid" ] && kill "$demo_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

if [ -n "$intervals" ]; then
    "$bin" report contract --outsourcer "$OUTSOURCER" --from "$FROM" --to "$TO" --config sites \
        --intervals "$intervals" --format html --output "$work/review.html"
else
    # Simulated time starts at local midnight in Manila on the first day, minus a margin; a week
    # at 1440 simulated seconds per second is seven minutes, plus the two hours Manila reports late.
    "$bin" demo --config sites --port 18080 --agent-port-base 19101 --speed 1440 \
        --start 2026-02-01T12:00:00Z --duration 8m --refresh 30 >"$work/demo.log" 2>&1 &
    demo_pid=$!
    sleep 460
    "$bin" report contract --outsourcer "$OUTSOURCER" --from "$FROM" --to "$TO" --config sites \
        --coordinator http://127.0.0.1:18080 --format html --output "$work/review.html"
fi

"$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
    --user-data-dir="$work/profile" --screenshot="$PWD/$PNG" --window-size=1280,2000 "file://$work/review.html" 2>/dev/null
echo "wrote $PNG"
