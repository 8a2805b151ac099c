#!/usr/bin/env python3
"""Speed and accuracy of place resolution, with a plain rapidfuzz baseline measured in the same run.

    python benchmarks/bench_places.py [--queries 1000] [--seed 2026] [--runs 7]

The queries are generated from the gazetteer itself with a fixed seed, each with the INSEE code it
should resolve to: exact official names, accent-free lowercase, St/Ste abbreviations, one- and two-letter
typos, postcodes (single-commune ones), and homonyms qualified with their department ("Valence 82").
Names are drawn among communes whose folded name is unique, except the qualified ones, so every
expectation is well defined. Accuracy is top-1: the expected commune is the first result.

Prints, each as a median over ``--runs`` runs: gazetteer load time, first-query time (a fresh
gazetteer, the indexes those queries need; then in a fresh process, with the imports they trigger),
peak memory, the median and p99 per-query time (wall
clock, and CPU time, which a machine shared with other work does not inflate) with the
ratio to a plain rapidfuzz baseline timed in the same run (``rapidfuzz.process.extractOne`` over the
raw names, on every fifth query), accuracy per kind (top-1: the expected commune is the first result),
and what ``finder.places.decide`` does with each query: answered right, asked (the expected commune
among the candidates or not), answered wrong; a calibration table of the confidence of answers; and
the median wall time of the whole process ``finder place "st etienne"``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from finder.places.decide import CONFIDENT, decide  # noqa: E402
from finder.places.gazetteer import DATA_FILE, read_gazetteer  # noqa: E402
from finder.text import fold  # noqa: E402

KINDS = ("exact", "accent_free", "abbreviated", "typo1", "typo2", "postcode", "qualified")
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def typo(rng: random.Random, text: str, edits: int) -> str:
    """``edits`` letter edits (substitute, delete, insert, swap) away from the start of the name."""
    chars = list(text)
    for _ in range(edits):
        letters = [i for i, c in enumerate(chars) if c.isalpha() and i > 0]
        i = rng.choice(letters)
        op = rng.choice(("sub", "del", "ins", "swap"))
        if op == "sub":
            chars[i] = rng.choice([c for c in LETTERS if c != chars[i]])
        elif op == "del":
            del chars[i]
        elif op == "ins":
            chars.insert(i, rng.choice(LETTERS))
        elif i + 1 < len(chars) and chars[i + 1].isalpha() and chars[i] != chars[i + 1]:
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        else:
            chars[i] = rng.choice([c for c in LETTERS if c != chars[i]])
    return "".join(chars)


def make_queries(gaz, count: int, seed: int) -> list[tuple[str, str, str]]:
    """(kind, query, expected insee), ``count`` of them spread evenly over KINDS."""
    rng = random.Random(seed)
    communes = [c for c in gaz.communes if c.parent_insee is None]
    folded = Counter(fold(c.name) for c in communes)
    unique = [c for c in communes if folded[fold(c.name)] == 1]
    saints = [c for c in unique if c.name.startswith(("Saint-", "Sainte-"))]
    homonyms = [c for c in communes if folded[fold(c.name)] > 1]
    postcode_owners = Counter(code for c in gaz.communes for code in c.postcodes)
    single_postcode = [c for c in communes if any(postcode_owners[p] == 1 for p in c.postcodes)]
    long_names = [c for c in unique if len(c.name) >= 8]
    queries = []
    for n in range(count):
        kind = KINDS[n % len(KINDS)]
        if kind == "exact":
            c = rng.choice(unique)
            q = c.name
        elif kind == "accent_free":
            c = rng.choice(unique)
            q = fold(c.name)
        elif kind == "abbreviated":
            c = rng.choice(saints)
            q = c.name.replace("Saint-", "St ").replace("Sainte-", "Ste ").lower()
        elif kind in ("typo1", "typo2"):
            c = rng.choice(long_names)
            q = typo(rng, fold(c.name), 1 if kind == "typo1" else 2)
        elif kind == "postcode":
            c = rng.choice(single_postcode)
            q = next(p for p in c.postcodes if postcode_owners[p] == 1)
        else:
            c = rng.choice(homonyms)
            q = rng.choice((f"{c.name} {c.department}", f"{fold(c.name)} ({c.department})"))
        queries.append((kind, q, c.insee))
    return queries


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


FIRST_QUERIES = ("st etienne", "velay puy", "a name that builds every index")
# The first queries in a fresh process: the same, with the imports they trigger (rapidfuzz).
FRESH_PROCESS = f"""
import sys, time
sys.path.insert(0, {str(ROOT)!r})
from finder.places.gazetteer import DATA_FILE, read_gazetteer
gaz = read_gazetteer(DATA_FILE)
start, cpu = time.perf_counter(), time.process_time()
for query in {FIRST_QUERIES!r}:
    gaz.resolve(query)
print(time.perf_counter() - start, time.process_time() - cpu)
"""
BUCKETS = ((0, 60), (60, 70), (70, 80), (80, 90), (90, 100.1))


def one_run(queries, gaz_names, gaz_insee) -> dict:
    """Every measure of one run, on a freshly loaded gazetteer."""
    start = time.perf_counter()
    gaz = read_gazetteer(DATA_FILE)
    load = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    for query in FIRST_QUERIES:
        gaz.resolve(query)
    first, first_cpu = time.perf_counter() - start, time.process_time() - cpu
    times, cpu_times, ok, outcome = [], [], defaultdict(list), defaultdict(Counter)
    calibration = defaultdict(lambda: [0, 0])
    for kind, query, expected in queries:
        start, cpu = time.perf_counter(), time.thread_time()
        resolution = gaz.resolve(query, limit=5)
        times.append(time.perf_counter() - start)
        cpu_times.append(time.thread_time() - cpu)
        ok[kind].append(resolution.best is not None and resolution.best.commune.insee == expected)
        decision = decide(resolution)
        offered = [m.commune.insee for m in decision.candidates]
        if decision.action == "answer":
            outcome[kind]["right" if offered == [expected] else "wrong"] += 1
        else:
            outcome[kind][decision.action + ("_with" if expected in offered else "_without")] += 1
        if resolution.best is not None:
            confidence = resolution.best.certainty
            bucket = next(b for b in BUCKETS if b[0] <= confidence < b[1])
            calibration[bucket][0] += 1
            calibration[bucket][1] += resolution.best.commune.insee == expected
    from rapidfuzz import process

    base_times, base_ok = [], defaultdict(list)
    for kind, query, expected in queries[::5]:
        start = time.perf_counter()
        best = process.extractOne(query, gaz_names)
        base_times.append(time.perf_counter() - start)
        base_ok[kind].append(best is not None and gaz_insee[best[2]] == expected)
    return {
        "load": load,
        "first": first,
        "first_cpu": first_cpu,
        "median": statistics.median(times),
        "p99": percentile(times, 0.99),
        "cpu_median": statistics.median(cpu_times),
        "cpu_p99": percentile(cpu_times, 0.99),
        "base_median": statistics.median(base_times),
        "ok": ok,
        "base_ok": base_ok,
        "outcome": outcome,
        "calibration": calibration,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=5, help="runs (fresh loads, query passes, CLI processes)")
    args = parser.parse_args(argv)

    gaz = read_gazetteer(DATA_FILE)
    queries = make_queries(gaz, args.queries, args.seed)
    names = [c.name for c in gaz.communes]
    insee = [c.insee for c in gaz.communes]
    runs = [one_run(queries, names, insee) for _ in range(args.runs)]

    def med(key: str) -> float:
        return statistics.median(run[key] for run in runs)

    tracemalloc.start()
    measured = read_gazetteer(DATA_FILE)
    _, load_peak = tracemalloc.get_traced_memory()
    for query in FIRST_QUERIES:
        measured.resolve(query)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del measured
    ratio = statistics.median(run["base_median"] / run["median"] for run in runs)
    size = DATA_FILE.stat().st_size / 1024
    print(f"gazetteer file: {size:.0f} kB, {len(gaz)} communes; medians of {args.runs} runs")
    print(f"load: {med('load') * 1000:.1f} ms")
    first_to_load = statistics.median(run["first"] / run["load"] for run in runs)
    print(
        f"first queries {FIRST_QUERIES}: {med('first') * 1000:.1f} ms "
        f"({med('first_cpu') * 1000:.1f} ms of CPU: the machine may be shared), "
        f"{first_to_load:.1f} times the same run's load"
    )
    command = [sys.executable, "-c", FRESH_PROCESS]
    fresh = [
        subprocess.run(command, check=True, capture_output=True, text=True).stdout.split()
        for _ in range(args.runs)
    ]
    fresh_wall = statistics.median(float(wall) for wall, _ in fresh)
    fresh_cpu = statistics.median(float(cpu) for _, cpu in fresh)
    print(
        f"the same in a fresh process, imports included: {fresh_wall * 1000:.1f} ms "
        f"({fresh_cpu * 1000:.1f} ms of CPU)"
    )
    print(
        f"peak memory: {load_peak / 2**20:.1f} MiB after load, {peak / 2**20:.1f} MiB after the first queries"
    )
    print(f"\n{len(queries)} queries (seed {args.seed}):")
    print(
        f"finder resolve: median {med('median') * 1000:.4f} ms, p99 {med('p99') * 1000:.3f} ms "
        f"(CPU: median {med('cpu_median') * 1000:.4f} ms, p99 {med('cpu_p99') * 1000:.3f} ms); "
        f"rapidfuzz extractOne baseline (same runs): median {med('base_median') * 1000:.2f} ms, "
        f"ratio baseline/finder {ratio:.0f}x"
    )
    ok, base_ok, outcome = runs[0]["ok"], runs[0]["base_ok"], runs[0]["outcome"]  # deterministic
    columns = ("n", "top-1", "baseline", "answered", "right", "wrong", "asked", "asked+", "refused")
    print("\n" + f"{'kind':<12}" + "".join(f"{column:>9}" for column in columns))
    totals: Counter = Counter()
    for kind in [*KINDS, "all"]:
        if kind == "all":
            right, total = sum(sum(v) for v in ok.values()), len(queries)
            base = sum(sum(v) for v in base_ok.values()) / max(1, sum(len(v) for v in base_ok.values()))
            counts = totals
        else:
            right, total = sum(ok[kind]), len(ok[kind])
            base = sum(base_ok[kind]) / max(1, len(base_ok[kind]))
            counts = outcome[kind]
            totals.update(counts)
        shares = (
            counts["right"] + counts["wrong"],
            counts["right"],
            counts["wrong"],
            counts["ask_with"] + counts["ask_without"],
            counts["ask_with"],
            counts["refuse_with"] + counts["refuse_without"],
        )
        cells = [
            f"{total:>9}",
            f"{right / total:9.1%}",
            f"{base:9.1%}",
            *(f"{v / total:9.1%}" for v in shares),
        ]
        print(f"{kind:<12}" + "".join(cells))
    print("(asked+: asked with the expected commune among the candidates)")
    print(f"\nconfidence of the first result -> share right (decide answers from {CONFIDENT:g}):")
    for bucket in BUCKETS:
        count, right = runs[0]["calibration"][bucket]
        if count:
            low, high = bucket[0], min(bucket[1], 100)
            print(f"  [{low:>3}, {high:>3g}): {count:>4} queries, {right / count:6.1%} right")

    finder = Path(sys.executable).with_name("finder")
    command = [str(finder)] if finder.exists() else [sys.executable, "-m", "finder"]
    walls = []
    for _ in range(args.runs):
        start = time.perf_counter()
        subprocess.run([*command, "place", "st etienne"], check=True, capture_output=True)
        walls.append(time.perf_counter() - start)
    print(
        f'\nwhole process `finder place "st etienne"`: median {statistics.median(walls) * 1000:.0f} ms, '
        f"min {min(walls) * 1000:.0f} ms, max {max(walls) * 1000:.0f} ms over {args.runs} runs"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
