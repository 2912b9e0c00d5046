#!/usr/bin/env bash
# Route decisions over HTTP on loopback: wrk against the coordinator's POST /v1/route, and in the
# same run against nginx answering a static JSON body of the same size. Prints every run's rates,
# p99 latencies and ratio, and the CPU time per answer (user and system) of the coordinator's
# process and of nginx's worker, then the medians.
#
#   scripts/bench_route_vs_nginx.sh [SECONDS=30] [CONNECTIONS=64] [RUNS=5]
#   INTERFLOW_BIN=path/to/interflow scripts/bench_route_vs_nginx.sh ...   # a given build, e.g. to compare two
#   HTTP_THREADS=1 scripts/bench_route_vs_nginx.sh ...   # interflow serve --http-threads 1
#
# The coordinator runs as in production: `interflow serve` (release build) polling the shipped
# federation's five agents, each an `interflow agent` process of its own over a simulated ACD
# (speed 60, from 10:00 at Austin), rebalancing every 5 s and routing on those live, rebalanced
# candidates. Nothing else shares the coordinator's process: no traffic source, no simulator.
# The agents keep running while nginx is measured, so both sides face the same background.
# wrk and nginx come from Debian (installed when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
connections=${2:-64}
runs=${3:-5}

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || need+=(nginx-light)
command -v pgrep >/dev/null || need+=(procps)
if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ -n "${INTERFLOW_BIN:-}" ]; then
    bin=$(cd "$(dirname "$INTERFLOW_BIN")" && pwd)/$(basename "$INTERFLOW_BIN")
else
    swift build -c release --scratch-path .build-release --product interflow >&2
    bin=$PWD/.build-release/release/interflow
fi

work=$(mktemp -d)
chmod 755 "$work"
port=18080; agent_base=18101; nginx_port=18090
pids=()
stop() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    rm -rf "$work"
}
trap stop EXIT

# The shipped federation with its agents on free ports, a token per site and the store in $work.
mkdir -p "$work/sites" "$work/data"
cp sites/*.yaml "$work/sites/"
sed -i "s#^\( *data_dir:\).*#\1 $work/data#" "$work/sites/federation.yaml"
start=$(TZ=America/Chicago date +%Y-%m-%dT10:00:00%:z)
index=0
for file in "$work"/sites/*.yaml; do
    grep -q '^  url:' "$file" || continue
    site=$(basename "$file" .yaml)
    agent_port=$((agent_base + index)); index=$((index + 1))
    sed -i "s#^\(  url: \).*#\1http://127.0.0.1:$agent_port#" "$file"
    token_env=$(sed -n 's/^  token: {env: \([A-Z0-9_]*\)}.*/\1/p' "$file")
    export "$token_env=bench-$site-$RANDOM$RANDOM"
    "$bin" agent --site "$file" --port "$agent_port" --speed 60 --start "$start" > "$work/agent-$site.log" 2>&1 &
    pids+=($!)
done
"$bin" serve --config "$work/sites" --port $port ${HTTP_THREADS:+--http-threads "$HTTP_THREADS"} > "$work/serve.log" 2>&1 &
coordinator=$!
pids+=($coordinator)

body='{"skill":"sales","segment":"standard","customerId":"bench-1"}'
route() { curl -s -X POST -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$port/v1/route" || true; }
# Wait until the decisions are the real thing: a site chosen on polled queues, with values measured
# from closed intervals (the first interval poll comes about a minute after the start).
answer=
for _ in $(seq 1 360); do
    answer=$(route)
    case "$answer" in *'"siteId"'*) case "$answer" in *'"expectedValue":0,'*) ;; *) break ;; esac ;; esac
    sleep 0.5
done
case "$answer" in *'"siteId"'*) ;; *) echo "the coordinator did not route to a site; its log:" >&2; cat "$work/serve.log" >&2; exit 1 ;; esac
echo "first decision: $answer" >&2
sleep 5

cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
LUA
cpu() { awk '{print $14, $15}' "/proc/$1/stat"; }  # user and system CPU, in ticks
measure() { wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/post.lua" "$1"; }
start_nginx() {
    escaped=$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/'"'"'/\\'"'"'/g')
    cat > "$work/nginx.conf" <<CONF
worker_processes 1; daemon on; pid $work/nginx.pid; error_log $work/error.log crit;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:$nginx_port;
    location = /v1/route { default_type application/json; return 200 '$escaped'; } } }
CONF
    nginx -c "$work/nginx.conf" -p "$work"
}

: > "$work/results"
for run in $(seq 1 "$runs"); do
    load=$(cut -d' ' -f1 /proc/loadavg)  # the machine may be shared: its load before the run
    read -r user0 system0 < <(cpu $coordinator)
    ours=$(measure "http://127.0.0.1:$port/v1/route")
    read -r user1 system1 < <(cpu $coordinator)
    if [ "$run" = 1 ]; then
        # nginx's body: a decision as the run left the board (the kind most of its answers were).
        sample=$(route)
        start_nginx "$sample"
        echo "nginx body: ${#sample} bytes: $sample" >&2
        sleep 0.5
        worker=$(pgrep -P "$(cat "$work/nginx.pid")" | head -1)
    fi
    read -r nginx_user0 nginx_system0 < <(cpu "$worker")
    theirs=$(measure "http://127.0.0.1:$nginx_port/v1/route")
    read -r nginx_user1 nginx_system1 < <(cpu "$worker")
    printf '%s\n==SPLIT==\n%s\n==SPLIT==\n%s %s %s %s %s\n==END==\n' "$ours" "$theirs" "$((user1 - user0))" "$((system1 - system0))" \
        "$((nginx_user1 - nginx_user0))" "$((nginx_system1 - nginx_system0))" "$load" >> "$work/results"
done

python3 - "$work/results" "$(getconf CLK_TCK)" "$seconds" "$connections" <<'PY'
import re, statistics, sys
text, ticks = open(sys.argv[1]).read(), int(sys.argv[2])
def parse(out):
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    m = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    p99 = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
    m = re.search(r"(\d+) requests in [\d.]+\w+, ([\d.]+)(B|KB|MB|GB) read", out)
    count = int(m.group(1))
    size = float(m.group(2)) * {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}[m.group(3)] / count
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, p99, size, count, int(errors.group(1)) if errors else 0
rows = []
print(f"wrk -t2 -c{sys.argv[4]} -d{sys.argv[3]}s, POST /v1/route")
for index, block in enumerate(text.split("==END==\n")[:-1], 1):
    ours, theirs, extra = block.split("\n==SPLIT==\n")
    user, system, nginx_user, nginx_system, load = extra.split()
    a, b = parse(ours), parse(theirs)
    # CPU per answer, user and system: the coordinator's whole process, nginx's one worker.
    us = lambda t, count: int(t) / ticks * 1e6 / count
    cpu = (us(user, a[3]), us(system, a[3]))
    nginx_cpu = (us(nginx_user, b[3]), us(nginx_system, b[3]))
    rows.append((a, b, sum(cpu), cpu, nginx_cpu))
    print(f"run {index}: interflow {a[0]:,.0f} decisions/s p99 {a[1]:.2f} ms ({a[2]:.0f} B/response, non-2xx {a[4]}, "
          f"{sum(cpu):.1f} us coordinator CPU/decision = {cpu[0]:.1f} user + {cpu[1]:.1f} system, load {load}) | "
          f"nginx {b[0]:,.0f}/s p99 {b[1]:.2f} ms ({b[2]:.0f} B/response, {sum(nginx_cpu):.1f} us CPU = {nginx_cpu[0]:.1f} + {nginx_cpu[1]:.1f}) "
          f"| ratio {a[0] / b[0]:.2f}")
med = statistics.median
ours_rate, nginx_rate = med(r[0][0] for r in rows), med(r[1][0] for r in rows)
print(f"median of {len(rows)} runs: interflow {ours_rate:,.0f} decisions/s, p99 {med(r[0][1] for r in rows):.2f} ms, "
      f"{med(r[2] for r in rows):.1f} us CPU/decision ({med(r[3][0] for r in rows):.1f} user + {med(r[3][1] for r in rows):.1f} system); "
      f"nginx {nginx_rate:,.0f}/s, p99 {med(r[1][1] for r in rows):.2f} ms, "
      f"{med(sum(r[4]) for r in rows):.1f} us CPU/response ({med(r[4][0] for r in rows):.1f} user + {med(r[4][1] for r in rows):.1f} system)")
print(f"ratio of medians {ours_rate / nginx_rate:.2f}; median of per-run ratios {med(r[0][0] / r[1][0] for r in rows):.2f}")
PY
