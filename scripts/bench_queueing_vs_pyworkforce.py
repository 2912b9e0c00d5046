#!/usr/bin/env python3
"""Erlang C side by side: Interflow's Queueing module against pyworkforce on the same cases.

    pip install pyworkforce
    swift build -c release --package-path Benchmarks --product QueueingSideBySide
    python3 scripts/bench_queueing_vs_pyworkforce.py [--cases 10000] [--seed 20240601]

Generates seeded random M/M/n cases (n from 1 to 500 agents, occupancy 50-98 %, AHT 1-10 min,
threshold 10-60 s), writes them to a CSV file, and times:
  - Interflow: `QueueingSideBySide` evaluates every case with `ErlangC.metrics(threshold:)`
    (P(wait), service level, ASA, occupancy from one recursion), RUNS times in one process;
  - pyworkforce: per case `ErlangC(...)`, `waiting_probability(n)`, `service_level(n)` and
    `achieved_occupancy(n)`, with ASA = P(wait) AHT/(n - a) (pyworkforce has no ASA); and, the
    most favourable reading for pyworkforce, `service_level(n)` alone.
Each side reports the median over runs of (run time / cases). The script also checks that both
sides give the same P(wait), service level and ASA on every case.
"""

import argparse
import csv
import json
import os
import platform
import random
import statistics
import subprocess
import tempfile
import time

from pyworkforce.queuing import ErlangC

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_BIN = os.path.join(ROOT, "Benchmarks", ".build", "release", "QueueingSideBySide")


def make_cases(count, seed):
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        agents = rng.randint(1, 500)
        occupancy = rng.uniform(0.5, 0.98)
        aht = rng.uniform(60, 600)
        threshold = rng.choice([10, 20, 30, 60])
        cases.append((occupancy * agents / aht, aht, agents, threshold))
    return cases


def pyworkforce_full(cases):
    out = []
    for rate, aht, n, t in cases:
        ec = ErlangC(transactions=rate * 3600, aht=aht, asa=t, interval=3600)  # seconds throughout
        p_wait = ec.waiting_probability(n)
        sl = ec.service_level(n)
        asa = p_wait * aht / (n - ec.intensity)
        occ = ec.achieved_occupancy(n)
        out.append((p_wait, sl, asa, occ))
    return out


def pyworkforce_service_level(cases):
    out = []
    for rate, aht, n, t in cases:
        out.append(ErlangC(transactions=rate * 3600, aht=aht, asa=t, interval=3600).service_level(n))
    return out


def time_python(function, cases, runs):
    per_eval = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = function(cases)
        per_eval.append((time.perf_counter() - start) / len(cases) * 1e9)
    return statistics.median(per_eval), per_eval, result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--swift-runs", type=int, default=21)
    parser.add_argument("--python-runs", type=int, default=5)
    parser.add_argument("--bin", default=os.environ.get("QUEUEING_SIDE_BY_SIDE", DEFAULT_BIN))
    args = parser.parse_args()

    cases = make_cases(args.cases, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        cases_path = os.path.join(tmp, "cases.csv")
        results_path = os.path.join(tmp, "results.csv")
        with open(cases_path, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["arrival_rate_per_second", "aht_seconds", "agents", "threshold_seconds"])
            for rate, aht, n, t in cases:
                w.writerow([repr(rate), repr(aht), n, t])
        run = subprocess.run([args.bin, cases_path, str(args.swift_runs), results_path],
                             check=True, capture_output=True, text=True)
        swift = json.loads(run.stdout)
        with open(results_path) as f:
            swift_results = [tuple(float(x) for x in row) for row in list(csv.reader(f))[1:]]

    py_median, py_runs, py_results = time_python(pyworkforce_full, cases, args.python_runs)
    sl_median, sl_runs, _ = time_python(pyworkforce_service_level, cases, args.python_runs)

    worst = [0.0, 0.0, 0.0]
    for ours, theirs in zip(swift_results, py_results):
        for i in range(3):
            worst[i] = max(worst[i], abs(ours[i] - theirs[i]) / max(abs(theirs[i]), 1e-300))

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"cases: {len(cases)} (seed {args.seed}), n in 1..500, mean n {statistics.mean(c[2] for c in cases):.1f}")
    print(f"agreement (max relative difference): p_wait {worst[0]:.2e}, service_level {worst[1]:.2e}, asa {worst[2]:.2e}")
    print(f"interflow   ErlangC.metrics                  median {swift['median_ns']:10.1f} ns/evaluation "
          f"over {len(swift['runs_ns'])} runs (min {min(swift['runs_ns']):.1f}, max {max(swift['runs_ns']):.1f})")
    print(f"pyworkforce P(wait)+SL+ASA+occupancy         median {py_median:10.1f} ns/evaluation "
          f"over {len(py_runs)} runs (min {min(py_runs):.1f}, max {max(py_runs):.1f})")
    print(f"pyworkforce service_level only               median {sl_median:10.1f} ns/evaluation "
          f"over {len(sl_runs)} runs (min {min(sl_runs):.1f}, max {max(sl_runs):.1f})")
    print(f"ratio pyworkforce / interflow: {py_median / swift['median_ns']:.0f}x (same figures), "
          f"{sl_median / swift['median_ns']:.0f}x (pyworkforce service level only)")


if __name__ == "__main__":
    main()
