#!/usr/bin/env python3
"""Speed of route planning, in process and as a whole ``finder route`` command.

    python benchmarks/bench_route.py [--centres 10000] [--runs 15] [--process-runs 7] [--seed 2026]

Measures, each as the median (and p90) of repeated runs:

1. ``plan_route`` in process on the shipped directory (target: under 20 ms), for a set of intakes
   (adult with rTMS step, blocked, child, no level, overseas patient far from every centre);
2. ``plan_route`` on a generated directory of ``--centres`` entries (target: under 100 ms). The entries
   are real TOML files in the DESIGN.md schema, written to a temporary folder with a fixed seed: cities
   drawn among the gazetteer's communes (weighted by population, so that cities hold several centres
   as in reality), kinds and rTMS offers in realistic proportions. They are loaded once through
   ``load_catalog`` (its time is reported, not targeted);
3. ``finder route ... --format json`` as a whole process on the shipped directory (target: under
   500 ms), and the same command on the small test fixture directory, to separate the process and
   directory-loading costs from the route itself.

Rendering (text and JSON) is timed beside plan_route, as the CLI pays it too.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from finder.directory.catalog import default_directory, load_catalog  # noqa: E402
from finder.directory.validate import region_slug  # noqa: E402
from finder.model import Intake  # noqa: E402
from finder.places.gazetteer import load_gazetteer  # noqa: E402
from finder.route.planning import plan_route  # noqa: E402
from finder.route.render import render  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "route_directory"
TARGETS_MS = {"shipped": 20.0, "generated": 100.0, "process": 500.0}
KINDS = (
    ("sdc-consultation", 0.45),
    ("sdc-centre", 0.25),
    ("sdc", 0.1),
    ("algology", 0.1),
    ("neurology", 0.05),
)
RTMS_CATEGORIES = ("neuropathic_central", "neuropathic_peripheral", "neuropathic_facial", "fibromyalgia")


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    """Wall times in milliseconds of ``runs`` calls, after one warm-up call."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return f"median {statistics.median(times):8.2f} ms   p90 {p90:8.2f} ms   (n={len(times)})"


def verdict(name: str, times: list[float]) -> str:
    median = statistics.median(times)
    return "OK" if median < TARGETS_MS[name] else f"SLOWER than the {TARGETS_MS[name]:.0f} ms target"


def intakes(gaz) -> dict[str, Intake]:
    def place(query: str):
        best = gaz.resolve(query).best
        assert best is not None, query
        return best.commune

    lyon, paris, stetienne = place("Lyon"), place("Paris"), place("Saint-Étienne")
    reunion = place("Saint-Pierre (974)")
    common = {"months": 12, "refractory": True}
    return {
        "adult rTMS (Saint-Étienne)": Intake(place=stetienne, pain_category="neuropathic_central", **common),
        "pacemaker (Lyon)": Intake(
            place=lyon,
            pain_category="neuropathic_peripheral",
            contraindications=frozenset({"pacemaker"}),
            **common,
        ),
        "child (Paris)": Intake(place=paris, pain_category="fibromyalgia", age=11, **common),
        "low back (Paris)": Intake(place=paris, pain_category="low_back", **common),
        "overseas (La Réunion)": Intake(place=reunion, pain_category="neuropathic_central", **common),
    }


def generate_directory(folder: Path, count: int, seed: int, gaz) -> None:
    """``count`` valid entries, one TOML file each, under ``folder/<region-slug>/``."""
    rng = random.Random(seed)
    communes = [c for c in gaz.communes if c.parent_insee is None and c.population > 0]
    weights = [c.population for c in communes]
    kinds, kind_weights = zip(*KINDS, strict=True)
    picked = rng.choices(communes, weights=weights, k=count)
    for n, commune in enumerate(picked):
        kind = rng.choices(kinds, weights=kind_weights)[0]
        audience = '["adult", "child"]' if rng.random() < 0.1 else '["adult"]'
        lines = [
            f'name = "Structure douleur générée {n}"',
            f'establishment = "Centre hospitalier de {commune.name}"',
            f'kind = "{kind}"',
            f"audience = {audience}",
            "",
            "[address]",
            f'city = "{commune.name}"',
            f'postcode = "{commune.postcodes[0]}"' if commune.postcodes else "",
            "",
            "[contact]",
            f'phone = "04{n % 100_000_000:08d}"',
        ]
        if rng.random() < 0.08:
            indications = rng.sample(RTMS_CATEGORIES, k=rng.randint(1, 3))
            lines += [
                "",
                "[rtms]",
                "offered = true",
                'targets = ["M1"]',
                "indications = [" + ", ".join(f'"{c}"' for c in indications) + "]",
                'evidence = "Generated for the benchmark."',
            ]
        lines += [
            "",
            "[provenance]",
            f'sources = ["https://example.org/bench/{n}"]',
            "last_verified = 2026-01-15" if rng.random() < 0.7 else "",
        ]
        region = folder / region_slug(commune.region_name)
        region.mkdir(exist_ok=True)
        (region / f"bench-{n:05d}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def bench_in_process(label: str, catalog, cases: dict[str, Intake], runs: int) -> list[float]:
    print(f"\n{label}: {len(catalog.centres)} centres")
    all_times: list[float] = []
    for name, intake in cases.items():
        times = timed(lambda intake=intake: plan_route(intake, catalog), runs)
        all_times += times
        route = plan_route(intake, catalog)
        print(f"  plan_route  {name:<28} {summary(times)}   centres shown: {len(route.centres)}")
    route = plan_route(next(iter(cases.values())), catalog)
    for fmt in ("text", "json"):
        print(f"  render {fmt:<4} {'':<32} {summary(timed(lambda fmt=fmt: render(route, fmt), runs))}")
    return all_times


def bench_process(directory: Path | None, runs: int) -> list[float]:
    args = [
        sys.executable,
        "-m",
        "finder",
        "route",
        "--pain",
        "neuropathic_central",
        "--near",
        "Saint-Étienne",
    ]
    args += ["--months", "12", "--refractory", "yes", "--format", "json"]
    if directory is not None:
        args += ["--directory", str(directory)]
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True, check=False)
        times.append((time.perf_counter() - start) * 1000)
        if done.returncode != 0:
            raise SystemExit(f"finder route failed ({done.returncode}): {done.stderr.strip()}")
    return times[1:]  # the first run warms the file cache


def bench_python(code: str, runs: int) -> list[float]:
    """Wall times of ``python -c code`` (with finder importable), after one warm-up run."""
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
        times.append((time.perf_counter() - start) * 1000)
    return times[1:]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--centres", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--process-runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args()

    gaz = load_gazetteer()
    cases = intakes(gaz)
    results: dict[str, list[float]] = {}

    start = time.perf_counter()
    shipped = load_catalog()
    print(f"shipped directory {default_directory()}: loaded in {(time.perf_counter() - start) * 1000:.0f} ms")
    results["shipped"] = bench_in_process("shipped directory", shipped, cases, options.runs)

    with tempfile.TemporaryDirectory(prefix="finder-bench-") as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        generate_directory(folder, options.centres, options.seed, gaz)
        written = time.perf_counter() - start
        start = time.perf_counter()
        generated = load_catalog(folder)
        loaded = time.perf_counter() - start
        print(f"\ngenerated directory: {options.centres} files written in {written:.1f} s,", end=" ")
        print(f"loaded in {loaded:.1f} s")
        results["generated"] = bench_in_process("generated directory", generated, cases, options.runs)

    print("\nwhole process: finder route --pain neuropathic_central --near Saint-Étienne ... --format json")
    results["process"] = bench_process(None, options.process_runs)
    print(f"  shipped directory            {summary(results['process'])}")
    fixture = bench_process(FIXTURE, options.process_runs)
    print(f"  fixture directory (10 files) {summary(fixture)}")
    print("  where a process's time goes (each a separate process):")
    for label, code in (
        ("python -c pass", "pass"),
        # as finder.places.distance loads it (without geopy's aiohttp adapter), not a bare ``import geopy``
        ("geodesic (geopy)", "from finder.places.distance import geodesic_km; geodesic_km((45, 4), (46, 5))"),
        (
            "load gazetteer + resolve",
            "from finder.places.gazetteer import load_gazetteer; "
            "load_gazetteer().resolve('Saint-Étienne', limit=6)",
        ),
        ("load shipped catalog", "from finder.directory.catalog import load_catalog; load_catalog()"),
    ):
        print(f"    {label:<28} {summary(bench_python(code, options.process_runs))}")

    print("\ntargets (median):")
    for name in ("shipped", "generated", "process"):
        median = statistics.median(results[name])
        print(f"  {name:<10} {median:8.2f} ms  < {TARGETS_MS[name]:.0f} ms  {verdict(name, results[name])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
