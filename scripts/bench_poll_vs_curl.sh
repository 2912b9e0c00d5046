#!/usr/bin/env bash
# One full status poll cycle of N agents on loopback: Interflow's poller against
# `curl --parallel --parallel-max 256` fetching the same URLs, cold (new connections) and
# warm (kept-alive connections), in one run. Prints the medians and the ratios.
#
#   scripts/bench_poll_vs_curl.sh [AGENTS=1000] [ROUNDS=15]
#
# The agents are N listening ports of one nginx (installed from Debian when missing), each
# serving the same protocol v1 status document: both clients face the same server.
set -euo pipefail
cd "$(dirname "$0")/.."

agents=${1:-1000}
rounds=${2:-15}
first_port=${FIRST_PORT:-20000}

if ! command -v nginx >/dev/null; then
    echo "installing nginx (Debian package) to serve the benchmark's agent endpoints" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null 2>&1 \
        || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
fi
ulimit -n 65536 2>/dev/null || ulimit -n 16384

swift build -c release --product interflow-bench >&2
bench=.build/release/interflow-bench

work=$(mktemp -d)
chmod 755 "$work"  # nginx's workers run unprivileged and must read the status file
trap 'kill $(cat "$work/nginx.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT

now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
cat > "$work/status.json" <<JSON
{"siteId":"bench","mode":"in-house","asOf":"$now","routingVersion":4,"skills":[{"skill":"sales","waiting":3,"oldestWaitSeconds":12.5,"agentsStaffed":40,"agentsAvailable":0,"agentsBusy":38,"ahtSeconds":312.4,"slThresholdSeconds":20,"today":{"offered":1520,"answered":1440,"answeredWithinThreshold":1210,"abandoned":61}}],"agents":[]}
JSON

{
    echo "worker_processes 1; daemon on; pid $work/nginx.pid; error_log $work/error.log crit;"
    echo "worker_rlimit_nofile 65536;"
    echo "events { worker_connections 16384; }"
    echo "http { access_log off; keepalive_timeout 120s; keepalive_requests 100000;"
    echo "  server {"
    for ((i = 0; i < agents; i++)); do echo "    listen 127.0.0.1:$((first_port + i));"; done
    echo "    location = /v1/status { default_type application/json; alias $work/status.json; }"
    echo "  }"
    echo "}"
} > "$work/nginx.conf"
nginx -c "$work/nginx.conf" -p "$work"
sleep 0.5

: > "$work/urls.txt"
for ((i = 0; i < agents; i++)); do echo "url = \"http://127.0.0.1:$((first_port + i))/v1/status\"" >> "$work/urls.txt"; echo "output = \"/dev/null\"" >> "$work/urls.txt"; done
# Warm curl: the same cycle twice in one invocation; the second cycle runs on the first's connections.
cat "$work/urls.txt" "$work/urls.txt" > "$work/urls2.txt"

ms() { echo $(( ($(date +%s%N) - $1) / 1000 )); }  # microseconds since $1
curl_run() { curl --silent --no-progress-meter --parallel --parallel-max 256 -H "Authorization: Bearer bench-token" -K "$1" 2>/dev/null; }

curl_cold=(); curl_double=()
for ((r = 0; r < rounds; r++)); do
    t=$(date +%s%N); curl_run "$work/urls.txt"; curl_cold+=("$(ms "$t")")
    t=$(date +%s%N); curl_run "$work/urls2.txt"; curl_double+=("$(ms "$t")")
done

result=$("$bench" poll --first-port "$first_port" --count "$agents" --rounds "$rounds" --concurrency 256)

python3 - "$result" "${curl_cold[*]}" "${curl_double[*]}" <<'PY'
import json, statistics, sys
ours = json.loads(sys.argv[1])
cold = [int(x) / 1000 for x in sys.argv[2].split()]
double = [int(x) / 1000 for x in sys.argv[3].split()]
warm = [d - c for d, c in zip(double, cold)]  # second cycle of a two-cycle invocation
cc, cw = statistics.median(cold), statistics.median(warm)
oc, ow = ours["cold_ms_median"], ours["warm_ms_median"]
print(f"agents {ours['agents']}, rounds {ours['rounds']}, poller failures {ours['failures']}")
if ours["failures"]:
    sys.exit("the poller saw failures: the figures are not comparable")
print(f"cold cycle: interflow {oc:.1f} ms, curl {cc:.1f} ms, ratio interflow/curl {oc / cc:.2f}")
print(f"warm cycle: interflow {ow:.1f} ms, curl {cw:.1f} ms (two-cycle minus one-cycle run), ratio {ow / cw:.2f}")
PY
