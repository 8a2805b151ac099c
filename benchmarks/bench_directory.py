"""Directory speed: validation and loading of the shipped directory and of 1,000 / 10,000 generated
valid entries (targets: validation under 0.5 s and 5 s). Medians of several runs.

    /work/venv/bin/python benchmarks/bench_directory.py [--repeat 5]

Generated entries go to a temporary folder; their cities are drawn (seeded) from communes whose name
is unique in France, with one of their postcodes, so every generated entry is valid. The gazetteer is
loaded once before timing (its own load time is reported separately); the city-resolution cache is
cleared before every run, so each run resolves every distinct city again.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from finder.directory import validate
from finder.directory.catalog import default_directory, load_catalog
from finder.directory.toml_edit import render_entry
from finder.places.gazetteer import load_gazetteer
from finder.text import fold

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
            "contact": {"phone": "04 77 12 34 56", "website": f"https://example.org/{number}"},
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
        validate._city_cache.clear()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
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
    print(f"{'directory':<18} {'files':>6} {'validate (median)':>18} {'load (median)':>14} {'runs':>5}")
    for label, files, check, load, repeat in rows:
        print(f"{label:<18} {files:>6} {check:>16.3f} s {load:>12.3f} s {repeat:>5}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
