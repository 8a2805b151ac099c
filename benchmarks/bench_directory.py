"""Directory speed: validation and loading of the shipped directory and of 1,000 / 10,000 generated
valid entries (targets: validation under 0.5 s and 5 s), medians of several runs; then a process
loading a directory of ``--files`` generated entries, first start (validation) against second starts
(the directory cache; issue 16's target: under 2 s for 100,000 files).

    python benchmarks/bench_directory.py [--repeat 5] [--files 100000] [--starts 5]

Generated entries go to a temporary folder; their cities are drawn (seeded) from communes whose name
is unique in France, with one of their postcodes, so every generated entry is valid. The gazetteer is
loaded once before timing (its own load time is reported separately); each run resolves every
distinct city again (the validator keeps resolved cities for one run only).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from finder.directory import validate  # noqa: E402
from finder.directory.catalog import default_directory, load_catalog  # noqa: E402
from finder.directory.toml_edit import render_entry  # noqa: E402
from finder.places.gazetteer import load_gazetteer  # noqa: E402
from finder.text import fold  # noqa: E402

TODAY = date(2026, 1, 15)
KINDS = ("sdc-centre", "sdc-consultation", "sdc", "algology", "reference-centre")


def generate(folder: Path, count: int, gazetteer, seed: int = 7) -> None:
    rng = random.Random(seed)
    names = Counter(fold(c.name) for c in gazetteer.communes)
    pool = [
        c for c in gazetteer.communes if names[fold(c.name)] == 1 and c.parent_insee is None and c.postcodes
    ]
    cities = rng.sample(pool, min(len(pool), max(50, count // 5)))  # about five entries per city
    for number in range(count):
        commune = rng.choice(cities)
        kind = KINDS[number % len(KINDS)]
        entry = {
            "": {"name": f"Structure douleur {number}", "establishment": f"Hôpital {number}", "kind": kind},
            "address": {"postcode": rng.choice(commune.postcodes), "city": commune.name},
            "contact": {
                "phone": "04 77 12 34 56",
                "phone_kind": "unit",
                "website": f"https://example.org/{number}",
            },
            "rtms": {
                "offered": True,
                "targets": ["M1"],
                "indications": ["neuropathic_central"],
                "evidence": "x",
            }
            if kind == "reference-centre"
            else None,
            "provenance": {
                "sources": [f"https://example.org/source/{number}"],
                "last_verified": date(2025, 6, 1),
            },
        }
        path = folder / validate.region_slug(commune.region_name) / f"generated-{number:05d}.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_entry(entry), encoding="utf-8")


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def start_times(folder: Path, runs: int, cache_home: str) -> tuple[float, list[float], list[float], int, int]:
    """A process loading ``folder``: the first start (empty cache), then ``runs`` second starts.

    Returns (first start s, second starts s, bare ``python -c pass`` s interleaved with them, peak
    memory of the first and of the last second start in MB).
    """
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "FINDER_NO_CACHE")}
    env["XDG_CACHE_HOME"] = cache_home
    code = (
        "import resource, sys; from finder.directory.catalog import load_catalog; "
        f"load_catalog({str(folder)!r}); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)"
    )

    def run(argv: list[str]) -> tuple[float, str]:
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=ROOT, env=env)
        if done.returncode != 0:
            raise SystemExit(f"{argv[-1]} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
        return time.perf_counter() - start, done.stdout.strip()

    run([sys.executable, "-c", "pass"])  # bytecode and file cache warm
    first, first_mb = run([sys.executable, "-c", code])
    seconds, bare, second_mb = [], [], "0"
    for _ in range(runs):
        bare.append(run([sys.executable, "-c", "pass"])[0])
        elapsed, second_mb = run([sys.executable, "-c", code])
        seconds.append(elapsed)
    return first, seconds, bare, int(first_mb), int(second_mb)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--files", type=int, default=100_000, help="the directory loaded as a process")
    parser.add_argument("--starts", type=int, default=5, help="second starts measured")
    args = parser.parse_args()
    start = time.perf_counter()
    gazetteer = load_gazetteer()
    print(f"gazetteer load: {time.perf_counter() - start:.3f} s (once, not in the figures below)")
    gazetteer.resolve("Lyon")  # builds the gazetteer's name index, also once
    rows = []
    with tempfile.TemporaryDirectory() as temp:
        folders = [("shipped", default_directory())]
        for count in (1_000, 10_000):
            folder = Path(temp) / str(count)
            generate(folder, count, gazetteer)
            folders.append((f"{count:,} generated", folder))
        for label, folder in folders:
            report = validate.validate_paths([folder], today=TODAY, gazetteer=gazetteer)
            assert report.errors == 0, report.problems[:3]
            repeat = args.repeat if "10,000" not in label else max(3, args.repeat // 2)
            check = timed(
                lambda f=folder: validate.validate_paths([f], today=TODAY, gazetteer=gazetteer), repeat
            )
            load = timed(lambda f=folder: load_catalog(f, today=TODAY, gazetteer=gazetteer), repeat)
            rows.append((label, len(report.files), statistics.median(check), statistics.median(load), repeat))
        print("in process, the directory cache aside (a gazetteer given):")
        print(f"{'directory':<18} {'files':>6} {'validate (median)':>18} {'load (median)':>14} {'runs':>5}")
        for label, files, check, load, repeat in rows:
            print(f"{label:<18} {files:>6} {check:>16.3f} s {load:>12.3f} s {repeat:>5}")

        if args.files:
            folder = Path(temp) / "large"
            start = time.perf_counter()
            generate(folder, args.files, gazetteer)
            print(f"\n{args.files:,} files written in {time.perf_counter() - start:.1f} s")
            cache_home = str(Path(temp) / "cache")
            first, seconds, bare, first_mb, second_mb = start_times(folder, args.starts, cache_home)
            second = statistics.median(seconds)
            print(f"a process loading {args.files:,} files (load_catalog), the cache in a temporary folder:")
            print(f"  first start (validates, writes the cache)  {first:8.2f} s   peak {first_mb} MB")
            print(
                f"  second start (reads the cache)             {second:8.2f} s   peak {second_mb} MB   "
                f"median of {len(seconds)}, p90 {sorted(seconds)[round(0.9 * (len(seconds) - 1))]:.2f} s"
            )
            print(f"  bare python -c pass (interleaved)          {statistics.median(bare):8.3f} s")
            print(f"  first / second start: {first / second:.1f} x")
            verdict = "OK" if second < 2.0 else "SLOWER than the 2 s target"
            print(f"target: second start under 2 s: {second:.2f} s  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
