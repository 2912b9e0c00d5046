#!/usr/bin/env bash
# Route decisions over HTTP on loopback: wrk against the coordinator's POST /v1/route, and in the
# same run against nginx answering a static JSON body of the same size. Prints both rates, p99
# latencies and the ratio.
#
#   scripts/bench_route_vs_nginx.sh [SECONDS=30] [CONNECTIONS=64]
#
# The coordinator runs inside `interflow demo` (the shipped federation on loopback), so every
# decision is made on live queue state. wrk and nginx come from Debian (installed when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
connections=${2:-64}

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || need+=(nginx-light)
if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

swift build -c release --scratch-path .build-release --product interflow >&2
bin=.build-release/release/interflow

work=$(mktemp -d)
chmod 755 "$work"
port=18080; agents=18101; nginx_port=18090
"$bin" demo --port $port --agent-port-base $agents --speed 60 --refresh 3600 > "$work/demo.log" 2>&1 &
demo=$!
trap 'kill $demo 2>/dev/null || true; kill $(cat "$work/nginx.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT

body='{"skill":"sales","segment":"standard","customerId":"bench-1"}'
for _ in $(seq 1 120); do
    answer=$(curl -s -X POST -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$port/v1/route" || true)
    case "$answer" in *'"siteId"'*) break ;; esac
    sleep 0.5
done
[ -n "${answer:-}" ] || { echo "the coordinator did not answer /v1/route" >&2; exit 1; }
sleep 10  # let the demo reach a steady state

escaped=$(printf '%s' "$answer" | sed 's/\\/\\\\/g; s/'"'"'/\\'"'"'/g')
cat > "$work/nginx.conf" <<CONF
worker_processes 1; daemon on; pid $work/nginx.pid; error_log $work/error.log crit;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:$nginx_port;
    location = /v1/route { default_type application/json; return 200 '$escaped'; } } }
CONF
nginx -c "$work/nginx.conf" -p "$work"

cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
LUA

run() { wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/post.lua" "$1"; }
ours=$(run "http://127.0.0.1:$port/v1/route")
theirs=$(run "http://127.0.0.1:$nginx_port/v1/route")

python3 - "$ours" "$theirs" "${#answer}" <<'PY'
import re, sys
def parse(text):
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    m = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
    p99 = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return rate, p99, int(errors.group(1)) if errors else 0
ours, theirs = parse(sys.argv[1]), parse(sys.argv[2])
print(f"body {sys.argv[3]} bytes")
print(f"interflow POST /v1/route: {ours[0]:,.0f} decisions/s, p99 {ours[1]:.2f} ms, non-2xx {ours[2]}")
print(f"nginx static body:        {theirs[0]:,.0f} responses/s, p99 {theirs[1]:.2f} ms")
print(f"ratio interflow/nginx: {ours[0] / theirs[0]:.2f}")
PY
