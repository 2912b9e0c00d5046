"""Cross-check `interflow staffing` against independent implementations.

Erlang C against pyworkforce (https://pypi.org/project/pyworkforce/) and Erlang A against a
Ciw (https://pypi.org/project/Ciw/) simulation of the M/M/n+M queue, inside 95 % confidence
intervals over independent replications.

Run after `pip install pyworkforce ciw pytest` and a build of the interflow binary:

    INTERFLOW_BIN=.build/debug/interflow python3 -m pytest -q scripts/crosscheck_queueing.py

pyworkforce pitfalls this file works around (read from pyworkforce 0.5.1's
queuing/erlang.py):
  - `ErlangC(asa=...)` is really the service-level *threshold*, in the same time unit as `aht`;
    it has no ASA function, so the ASA compared here is pyworkforce's P(wait) x AHT / (n - a).
  - no stability guard: for n <= a it returns P(wait) above 1 or negative and a service level
    clipped to 0; those rows are compared only for Interflow saying "unstable".
  - `required_positions` starts at round(a + 1) and can skip a smaller staffing that already
    meets the target; the minimum is compared with a full scan of its `service_level`.
"""

import json
import math
import os
import random
import subprocess

import ciw
import pytest
from pyworkforce.queuing import ErlangC

BIN = os.environ.get("INTERFLOW_BIN", ".build/debug/interflow")


def staffing(*args):
    """Runs `interflow staffing ... --json` and returns the parsed output."""
    out = subprocess.run([BIN, "staffing", *args, "--json"], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def rel(a, b):
    return abs(a - b) / max(abs(b), 1e-300)


def erlang_c_cases(count=40, seed=2024):
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        calls_per_hour = round(rng.uniform(20, 6000), 3)
        aht = round(rng.uniform(60, 600), 1)
        threshold = rng.choice([5, 10, 20, 30, 60])
        cases.append((calls_per_hour, aht, threshold))
    return cases


@pytest.mark.parametrize("calls_per_hour,aht,threshold", erlang_c_cases())
def test_erlang_c_matches_pyworkforce(calls_per_hour, aht, threshold):
    load = calls_per_hour * aht / 3600
    low = max(0, int(load) - 2)
    high = int(load + 4 * math.sqrt(load) + 5)
    rows = staffing("--rate", f"{calls_per_hour}/h", "--aht", f"{aht}s", "--threshold", f"{threshold}s",
                    "--agents", f"{low}...{high}")
    assert [r["agents"] for r in rows] == list(range(low, high + 1))
    # Minutes throughout for pyworkforce: 60 minutes of calls, AHT and threshold in minutes.
    py = ErlangC(transactions=calls_per_hour, aht=aht / 60, asa=threshold / 60, interval=60)
    assert py.intensity == pytest.approx(load, rel=1e-12)
    for row in rows:
        n = row["agents"]
        assert row["model"] == "erlang-c"
        assert set(row) == {"model", "agents", "p_wait", "service_level", "asa_seconds", "mean_wait_seconds", "occupancy"}
        if n <= load:
            # pyworkforce has no answer here; Interflow must say unstable, not a number.
            assert row["p_wait"] == 1 and row["service_level"] == 0
            assert row["asa_seconds"] is None and row["mean_wait_seconds"] is None
            continue
        p_wait = py.waiting_probability(n)
        assert rel(row["p_wait"], p_wait) < 1e-6
        assert rel(row["service_level"], py.service_level(n)) < 1e-6
        assert rel(row["asa_seconds"], p_wait * aht / (n - load)) < 1e-6
        assert rel(row["occupancy"], py.achieved_occupancy(n)) < 1e-12


@pytest.mark.parametrize("calls_per_hour,aht,threshold", erlang_c_cases(count=15, seed=7))
@pytest.mark.parametrize("target", [0.2, 0.8, 0.95])
def test_minimum_agents_is_a_full_scan(calls_per_hour, aht, threshold, target):
    row = staffing("--rate", f"{calls_per_hour}/h", "--aht", f"{aht}s", "--threshold", f"{threshold}s",
                   "--target", f"{target * 100}")
    py = ErlangC(transactions=calls_per_hour, aht=aht / 60, asa=threshold / 60, interval=60)
    n = math.floor(py.intensity) + 1  # the first stable staffing
    while py.service_level(n) < target:
        n += 1
    assert row["agents"] == n


def test_pyworkforce_required_positions_skips_a_count():
    # a = 3.6 Erlangs: 4 agents answer 24.6 % within 20 s, pyworkforce starts at round(4.6) = 5.
    py = ErlangC(transactions=3.6, aht=1, asa=20 / 180, interval=1)
    assert py.service_level(4) >= 0.2
    assert py.required_positions(0.2)["raw_positions"] == 5
    row = staffing("--rate", "3.6/3m", "--aht", "3m", "--threshold", "20s", "--target", "20")
    assert row["agents"] == 4


def test_unstable_is_reported_where_pyworkforce_returns_nonsense():
    py = ErlangC(transactions=120, aht=3, asa=20 / 60, interval=60)  # 6 Erlangs
    assert not (0 <= py.waiting_probability(5) <= 1)
    row = staffing("--rate", "120/h", "--aht", "3m", "--agents", "5")
    assert row["p_wait"] == 1 and row["service_level"] == 0 and row["asa_seconds"] is None


# Erlang A against a simulation. Minutes as the time unit; replications of about 4,000 counted
# arrivals after `warmup`, customers arriving in the window [warmup, horizon - cooldown] counted (every
# one of them has left by the end).
ERLANG_A_CASES = [
    # (arrivals per minute, AHT min, agents, patience min, threshold min)
    (1.5, 4.0, 7, 3.0, 1 / 3),  # the reference row of erlang-a.csv
    (2.5, 4.0, 7, 2.0, 0.5),  # load 10 on 7 agents: stable only through abandonment
    (12.0, 3.0, 34, 1.0, 1 / 6),
]
REPLICATIONS = 30
T_975_29 = 2.045  # Student t quantile, 29 degrees of freedom


def simulate(lam, aht, n, patience, threshold, seed, arrivals=4000, warmup=100.0, cooldown=60.0):
    horizon = warmup + arrivals / lam + cooldown  # about `arrivals` counted customers a replication
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=lam)],
        service_distributions=[ciw.dists.Exponential(rate=1 / aht)],
        number_of_servers=[n],
        reneging_time_distributions=[ciw.dists.Exponential(rate=1 / patience)],
    )
    ciw.seed(seed)
    sim = ciw.Simulation(network)
    sim.simulate_until_max_time(horizon)
    records = [r for r in sim.get_all_records() if warmup <= r.arrival_date < horizon - cooldown]
    offered = len(records)
    abandoned = sum(r.record_type == "renege" for r in records)
    within = sum(r.record_type == "service" and r.waiting_time <= threshold for r in records)
    waited = sum(r.waiting_time > 0 for r in records)
    return {"p_abandon": abandoned / offered, "service_level": within / offered, "p_wait": waited / offered}


@pytest.mark.parametrize("lam,aht,n,patience,threshold", ERLANG_A_CASES)
def test_erlang_a_inside_simulation_confidence_interval(lam, aht, n, patience, threshold):
    row = staffing("--rate", f"{lam}/min", "--aht", f"{aht}m", "--patience", f"{patience}m",
                   "--threshold", f"{threshold * 60}s", "--agents", str(n))
    assert row["model"] == "erlang-a"
    runs = [simulate(lam, aht, n, patience, threshold, seed) for seed in range(1, REPLICATIONS + 1)]
    for key in ("p_abandon", "service_level", "p_wait"):
        values = [r[key] for r in runs]
        mean = sum(values) / len(values)
        sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
        half = T_975_29 * sd / math.sqrt(len(values))
        assert mean - half <= row[key] <= mean + half, f"{key}: model {row[key]:.5f}, simulation {mean:.5f} ± {half:.5f}"
