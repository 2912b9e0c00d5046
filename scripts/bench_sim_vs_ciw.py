#!/usr/bin/env python3
"""The policy simulator's engine side by side with Ciw (PyPI) on the same queues, in one run.

    python3 scripts/bench_sim_vs_ciw.py [--replications 30] [--interflow .build/release/interflow]

Two models, a 10-hour day from empty, exponential everything:
  M/M/50:    9 arrivals a minute, mean handle 5 minutes (45 Erlangs on 50 agents);
  M/M/50+M:  the same with exponential patience of mean 3 minutes.

Interflow runs them as single-site scenarios through `interflow simulate --policy static --json
--threads 1` (one core; the replications and their tallies as the command times them, not the
process start or reading the scenario); Ciw runs the same replications in this process, timed
around building each `ciw.Simulation` and its `simulate_until_max_time`. The two are interleaved
in five rounds, each tool timed for a second or two in each: a round runs Interflow on twenty
times the replications (Ciw's whole set would take it a tenth of a second) and then Ciw on a
fifth of them, and the ratio of the round is Interflow's rate over Ciw's in it. The ratio quoted
is the median of the five: a shared machine runs for seconds at a time markedly slower (by up to
40 % on the machine of BENCHMARKS.md), and two tools timed at different moments, or over spans
of different lengths, would compare the moments, not the tools. The answers compared are those
of the first `--replications` of Interflow's runs and all of Ciw's. Both count the same events: arrivals, service completions and
abandonments. For each model the script prints events per second for each and the ratio, and the
service level (answered within 20 s over offered), mean wait of answered contacts, abandon rate and
occupancy of both with their 95 % intervals, whether each one's mean lies inside the other's
interval, and the Welch t statistic of their difference. Two correct simulators put each mean
inside the other's 95 % interval only about 83 % of the time per figure (the difference has √2
times the spread of either mean), so the verdict is the Welch test: exit 1 when a difference is
significant at 99 %. Contacts arriving in the day count; both let the ones still in the system finish.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time

try:
    import ciw
except ImportError:  # pragma: no cover - the test command installs it
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "ciw"])
    import ciw

try:
    from scipy.stats import t as student
    def t975(df):
        return float(student.ppf(0.975, df))
except ImportError:  # pragma: no cover
    def t975(df):
        return 1.959963985 + 2.4 / df

ARRIVALS_PER_MINUTE = 9.0
HANDLE_MINUTES = 5.0
AGENTS = 50
PATIENCE_MINUTES = 3.0
THRESHOLD_SECONDS = 20.0
DAY_MINUTES = 600.0

SCENARIO = """
name: "{name}"
federation:
  settings:
    name: Benchmark queue
    skills:
      - {{id: calls, name: Calls, sl_target: 80%, threshold: {threshold}s, patience: {patience}, peak_arrivals: {per_hour}/h}}
    segments:
      - {{id: everyone, priority: 1, patience: {patience}, alternative: none}}
  sites:
    - id: center
      name: The center
      kind: in-house
      time_zone: UTC
      skills: [calls]
      agent: {{url: "http://127.0.0.1:9101", token: {{env: NONE}}}}
      simulation:
        skills:
          calls: {{peak_arrivals: {per_hour}/h, handle_time: {{distribution: exponential, mean: {handle}s}}, fcr: 100%}}
        agents:
          - {{name: all, count: {agents}, skills: [calls], shift: "00:00-24:00"}}
day: 2026-03-04
time_zone: UTC
hours: "08:00-18:00"
demand:
  calls: {{peak: {per_hour}/h, profile: flat}}
patience: {patience_model}
simulation:
  policies: [static]
  replications: {replications}
  seed: {seed}
  adherence: perfect
"""


def estimate(values):
    n = len(values)
    mean = sum(values) / n
    variance = sum((v - mean) ** 2 for v in values) / (n - 1)
    return mean, t975(n - 1) * math.sqrt(variance / n), variance / n


def welch(a, b):
    """|t| of the difference of two means and whether it is significant at 99 % (two-sided)."""
    _, _, va = estimate(a)
    _, _, vb = estimate(b)
    t = abs(sum(a) / len(a) - sum(b) / len(b)) / math.sqrt(va + vb) if va + vb > 0 else 0.0
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1)) if va > 0 and vb > 0 else len(a) + len(b) - 2
    try:
        from scipy.stats import t as student_t
        critical = float(student_t.ppf(0.995, df))
    except ImportError:  # pragma: no cover
        critical = 2.58 + 3 / df
    return t, t > critical


def run_interflow(binary, patience, replications, seed, compared):
    """Interflow's figures of its first `compared` runs, and the events and seconds of all `replications`."""
    text = SCENARIO.format(
        name="M/M/50" + ("+M" if patience else ""), threshold=THRESHOLD_SECONDS, per_hour=ARRIVALS_PER_MINUTE * 60,
        handle=HANDLE_MINUTES * 60, agents=AGENTS, patience=f"{PATIENCE_MINUTES * 60}s" if patience else "1h",
        patience_model="exponential" if patience else "none", replications=replications, seed=seed)
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "scenario.yaml")
        with open(path, "w") as handle:
            handle.write(text)
        output = subprocess.run([binary, "simulate", path, "--policy", "static", "--json", "--threads", "1"],
                                check=True, capture_output=True, text=True).stdout
    report = json.loads(output)
    runs = report["comparison"]["runs"][:compared]
    figures = {
        "service level": [r["serviceLevel"] for r in runs],
        "mean wait of answered (s)": [r["averageSpeedOfAnswer"] for r in runs],
        "abandon rate": [r["abandonRate"] for r in runs],
        "occupancy": [r["sites"][0]["occupancy"] for r in runs],
    }
    return figures, report["comparison"]["modelEvents"], report["wallSeconds"]


def run_ciw(patience, replications, seed):
    """Ciw on the replications `replications` (a range of indices), seeded `seed + index`."""
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=ARRIVALS_PER_MINUTE)],
        service_distributions=[ciw.dists.Exponential(rate=1 / HANDLE_MINUTES)],
        number_of_servers=[AGENTS],
        **({"reneging_time_distributions": [ciw.dists.Exponential(rate=1 / PATIENCE_MINUTES)]} if patience else {}))
    figures = {"service level": [], "mean wait of answered (s)": [], "abandon rate": [], "occupancy": []}
    events = 0
    elapsed = 0.0
    for replication in replications:
        ciw.seed(seed + replication)
        started = time.perf_counter()
        simulation = ciw.Simulation(network)
        # The day's arrivals, then two more hours so that they finish (later arrivals are not counted).
        simulation.simulate_until_max_time(DAY_MINUTES + 120)
        elapsed += time.perf_counter() - started
        records = simulation.get_all_records()
        served = [r for r in records if r.record_type == "service"]
        reneged = [r for r in records if r.record_type == "renege"]
        # Arrivals (every record, and those still inside), service completions and abandonments.
        events += len(records) + len(simulation.nodes[1].all_individuals) + len(served) + len(reneged)
        day = [r for r in records if r.arrival_date < DAY_MINUTES]
        day_served = [r for r in day if r.record_type == "service"]
        offered = len(day)
        within = sum(1 for r in day_served if r.waiting_time * 60 <= THRESHOLD_SECONDS)
        figures["service level"].append(within / offered)
        figures["mean wait of answered (s)"].append(sum(r.waiting_time for r in day_served) * 60 / len(day_served))
        figures["abandon rate"].append(sum(1 for r in day if r.record_type == "renege") / offered)
        busy = sum(min(r.service_end_date, DAY_MINUTES) - r.service_start_date for r in served if r.service_start_date < DAY_MINUTES)
        figures["occupancy"].append(busy / (AGENTS * DAY_MINUTES))
    return figures, events, elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replications", type=int, default=50)
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--interflow", default=os.environ.get("INTERFLOW_BIN", ".build/release/interflow"))
    args = parser.parse_args()
    disagreements = 0
    for patience in (False, True):
        name = "M/M/50+M (patience 3 min)" if patience else "M/M/50"
        rounds = 5
        ratios, timings, theirs, their_events, their_seconds = [], [], None, 0, 0.0
        for index in range(rounds):
            ours, our_events, seconds = run_interflow(args.interflow, patience, 20 * args.replications, args.seed, args.replications)
            chunk = range(index * args.replications // rounds, (index + 1) * args.replications // rounds)
            figures, events, elapsed = run_ciw(patience, chunk, args.seed)
            theirs = figures if theirs is None else {metric: theirs[metric] + figures[metric] for metric in theirs}
            their_events += events
            their_seconds += elapsed
            timings.append(seconds)
            ratios.append((our_events / seconds) / (events / elapsed))
        our_seconds = sorted(timings)[len(timings) // 2]
        our_rate = our_events / our_seconds
        their_rate = their_events / their_seconds
        print(f"{name}, 10-hour day, {args.replications} replications each compared, in {rounds} interleaved rounds")
        print(f"  Interflow: {our_events:,} events in {our_seconds:.3f} s = {our_rate:,.0f} events/s (one core, {20 * args.replications} replications and their tallies a round; median of {rounds} rounds, "
              f"{min(timings):.3f}–{max(timings):.3f} s)")
        print(f"  Ciw {ciw.__version__}: {their_events:,} events in {their_seconds:.3f} s = {their_rate:,.0f} events/s (a fifth of the replications a round)")
        ordered = sorted(ratios)
        print(f"  ratio: {ordered[len(ordered) // 2]:,.0f}x (median of the rounds' ratios; rounds {', '.join(f'{r:,.0f}' for r in ratios)}x)")
        for metric in ours:
            if not patience and metric == "abandon rate":
                continue
            a, ha, _ = estimate(ours[metric])
            b, hb, _ = estimate(theirs[metric])
            t, significant = welch(ours[metric], theirs[metric])
            disagreements += 1 if significant else 0
            inside = ("both inside the other's interval" if abs(a - b) <= min(ha, hb)
                      else "Ciw's inside Interflow's" if abs(a - b) <= ha
                      else "Interflow's inside Ciw's" if abs(a - b) <= hb else "neither inside the other's")
            print(f"  {metric:28s} Interflow {a:9.4f} ± {ha:.4f}   Ciw {b:9.4f} ± {hb:.4f}   {inside:34s} Welch t {t:4.2f}"
                  f"{'  DIFFERENT at 99 %' if significant else ''}")
        print()
    sys.exit(1 if disagreements else 0)


if __name__ == "__main__":
    main()
