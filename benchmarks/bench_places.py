#!/usr/bin/env python3
"""Speed and accuracy of place resolution, with a plain rapidfuzz baseline measured in the same run.

    python benchmarks/bench_places.py [--queries 1000] [--seed 2026] [--runs 7]

The queries are generated from the gazetteer itself with a fixed seed, each with the INSEE code it
should resolve to: exact official names, accent-free lowercase, St/Ste abbreviations, one- and two-letter
typos, postcodes (single-commune ones), and homonyms qualified with their department ("Valence 82").
Names are drawn among communes whose folded name is unique, except the qualified ones, so every
expectation is well defined. Accuracy is top-1: the expected commune is the first result.

Prints: gazetteer load time (median of fresh loads), peak memory of a load (tracemalloc), first-query
index build time, the median and p99 per-query time, accuracy per kind; the same queries through
``rapidfuzz.process.extractOne`` over the raw names (default scorer WRatio); and the median wall time of
the whole process ``finder place "st etienne"``.
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=7, help="fresh loads and CLI processes to time")
    args = parser.parse_args(argv)

    loads = []
    for _ in range(args.runs):
        start = time.perf_counter()
        read_gazetteer(DATA_FILE)
        loads.append(time.perf_counter() - start)
    first_queries = ("st etienne", "velay puy", "a name that builds every index")
    gaz = read_gazetteer(DATA_FILE)
    start = time.perf_counter()
    for query in first_queries:
        gaz.resolve(query)
    index_time = time.perf_counter() - start
    tracemalloc.start()
    measured = read_gazetteer(DATA_FILE)
    _, load_peak = tracemalloc.get_traced_memory()
    for query in first_queries:
        measured.resolve(query)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del measured
    print(f"gazetteer file: {DATA_FILE.stat().st_size / 1024:.0f} kB, {len(gaz)} communes")
    print(f"load: median {statistics.median(loads) * 1000:.1f} ms over {args.runs} fresh loads")
    print(f"first queries (lazy indexes): {index_time * 1000:.1f} ms")
    print(f"peak memory: {load_peak / 2**20:.1f} MiB after load, {peak / 2**20:.1f} MiB with all indexes")

    queries = make_queries(gaz, args.queries, args.seed)
    finder_times, finder_ok = [], defaultdict(list)
    for kind, query, expected in queries:
        start = time.perf_counter()
        resolution = gaz.resolve(query, limit=5)
        finder_times.append(time.perf_counter() - start)
        finder_ok[kind].append(resolution.best is not None and resolution.best.commune.insee == expected)

    from rapidfuzz import process

    names = [c.name for c in gaz.communes]
    insee = [c.insee for c in gaz.communes]
    base_times, base_ok = [], defaultdict(list)
    for kind, query, expected in queries:
        start = time.perf_counter()
        best = process.extractOne(query, names)
        base_times.append(time.perf_counter() - start)
        base_ok[kind].append(best is not None and insee[best[2]] == expected)

    def summary(label, times, ok):
        total = sum(sum(v) for v in ok.values()) / len(queries)
        print(
            f"{label:<28} median {statistics.median(times) * 1000:7.3f} ms   "
            f"p99 {percentile(times, 0.99) * 1000:7.3f} ms   accuracy {total:6.1%}"
        )

    print(f"\n{len(queries)} queries (seed {args.seed}):")
    summary("finder resolve", finder_times, finder_ok)
    summary("rapidfuzz extractOne (raw)", base_times, base_ok)
    print(f"\n{'kind':<12} {'n':>4}  {'finder':>7}  {'baseline':>8}")
    for kind in KINDS:
        n = len(finder_ok[kind])
        print(f"{kind:<12} {n:>4}  {sum(finder_ok[kind]) / n:7.1%}  {sum(base_ok[kind]) / n:8.1%}")
    ratio = statistics.median(base_times) / statistics.median(finder_times)
    print(f"median time ratio baseline/finder: {ratio:.1f}x")

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
