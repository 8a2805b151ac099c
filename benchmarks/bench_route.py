#!/usr/bin/env python3
"""Speed of route planning, in process and as a whole ``finder route`` command (issue 16's table).

    python benchmarks/bench_route.py [--sizes 1000,10000,100000] [--runs 15] [--process-runs 9]

Every figure is the median (and p90) of repeated runs, and a ratio to a reference measured in the
same run, so that a busy machine shifts both alike:

1. ``plan_route`` in process on the shipped directory, for a set of intakes (adult with rTMS step,
   blocked, child, no level, overseas patient far from every centre);
2. ``plan_route`` on generated directories of ``--sizes`` centres (target: under 10 ms at 100,000,
   growing less than linearly), through the catalogue's grid and, as the reference, with the
   selection scanning every centre (``finder.route.nearby.select_by_scan``, what routes did before
   the grid). Centres are drawn (seeded) among the gazetteer's communes weighted by population, so
   that cities hold several centres as in reality, kinds and rTMS offers in realistic proportions;
   they are built in memory (loading a directory of files is ``bench_directory.py``'s job);
3. ``finder route ... --format json`` as a whole process on the shipped directory, its directory
   cache warm (target: under 250 ms and at most 8 times a bare ``python -c pass``, both measured
   here, interleaved), and where a process's time goes.

Rendering (text and JSON) is timed beside plan_route, as the CLI pays it too.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from finder.directory.catalog import Catalog, default_directory, load_catalog  # noqa: E402
from finder.directory.validate import region_slug  # noqa: E402
from finder.model import Centre, Intake, RtmsOffer  # noqa: E402
from finder.places.gazetteer import load_gazetteer  # noqa: E402
from finder.route import planning  # noqa: E402
from finder.route.nearby import select_by_scan  # noqa: E402
from finder.route.planning import plan_route  # noqa: E402
from finder.route.render import render  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "route_directory"
TARGETS_MS = {"shipped": 20.0, "generated": 10.0, "process": 250.0}
PROCESS_TIMES_BARE = 8.0  # the whole process: at most this many bare interpreters
KINDS = (
    ("sdc-consultation", 0.45),
    ("sdc-centre", 0.25),
    ("sdc", 0.1),
    ("algology", 0.1),
    ("neurology", 0.05),
)
# as in the shipped directory: 8 of 100 entries for children only (paediatric), 2 for both
AUDIENCES, AUDIENCE_WEIGHTS = (("adult",), ("child",), ("adult", "child")), (0.9, 0.08, 0.02)
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


def generate_centres(count: int, seed: int, gaz) -> tuple[Centre, ...]:
    """``count`` centres as a valid directory of that size would give them."""
    rng = random.Random(seed)
    communes = [c for c in gaz.communes if c.parent_insee is None and c.population > 0]
    weights = [c.population for c in communes]
    kinds, kind_weights = zip(*KINDS, strict=True)
    picked = rng.choices(communes, weights=weights, k=count)
    centres = []
    for n, commune in enumerate(picked):
        rtms = None
        if rng.random() < 0.08:
            indications = tuple(rng.sample(RTMS_CATEGORIES, k=rng.randint(1, 3)))
            rtms = RtmsOffer(offered=True, targets=("M1",), indications=indications, evidence="Generated.")
        centres.append(
            Centre(
                id=f"bench-{n:06d}",
                region=region_slug(commune.region_name),
                path=f"bench-{n:06d}.toml",
                name=f"Structure douleur générée {n}",
                establishment=f"Centre hospitalier de {commune.name}",
                kind=rng.choices(kinds, weights=kind_weights)[0],
                audience=rng.choices(AUDIENCES, weights=AUDIENCE_WEIGHTS)[0],
                city=commune.name,
                lat=commune.lat,
                lon=commune.lon,
                insee=commune.insee,
                phone=f"04{n % 100_000_000:08d}",  # as every shipped entry, a way to reach it
                phone_kind="unit",
                rtms=rtms,
                sources=(f"https://example.org/bench/{n}",),
                last_verified=date(2026, 1, 15) if rng.random() < 0.7 else None,
            )
        )
    return tuple(centres)


def scanning(full: Catalog):
    """The selection before the grid: every centre of the whole directory ranked (the reference), also
    for the steps that look among the rTMS offers only."""

    def select(catalog, intake, *, wanted, priority, beyond=True):
        return select_by_scan(full.centres, intake, wanted=wanted, priority=priority, beyond=beyond)

    return select


def bench_in_process(label: str, catalog, cases: dict[str, Intake], runs: int, render_too: bool = True):
    print(f"\n{label}: {len(catalog.centres)} centres")
    all_times: list[float] = []
    for name, intake in cases.items():
        times = timed(lambda intake=intake: plan_route(intake, catalog), runs)
        all_times += times
        route = plan_route(intake, catalog)
        print(f"  plan_route  {name:<28} {summary(times)}   centres shown: {len(route.centres)}")
    if render_too:
        route = plan_route(next(iter(cases.values())), catalog)
        for fmt in ("text", "json"):
            print(f"  render {fmt:<4} {'':<32} {summary(timed(lambda fmt=fmt: render(route, fmt), runs))}")
    return all_times


def bench_sizes(sizes: list[int], seed: int, gaz, cases: dict[str, Intake], runs: int) -> dict[int, float]:
    """plan_route through the grid and by scanning, at each size: medians over every intake."""
    medians: dict[int, float] = {}
    print("\ngenerated directories, plan_route over every intake above (grid, then scan):")
    for size in sizes:
        catalog = Catalog(centres=generate_centres(size, seed, gaz), problems=(), path=Path("generated"))
        start = time.perf_counter()
        _ = catalog.grid
        built = (time.perf_counter() - start) * 1000
        same = all(_route_ids(i, catalog, True) == _route_ids(i, catalog, False) for i in cases.values())
        grid = _plan_times(catalog, cases, runs)
        with _selection(scanning(catalog)):
            scan = _plan_times(catalog, cases, runs)
        medians[size] = statistics.median(grid)
        print(f"  {size:>7} centres  grid {summary(grid)}")
        print(f"  {'':>7}          scan {summary(scan)}")
        print(
            f"  {'':>7}          scan / grid: {statistics.median(scan) / statistics.median(grid):6.1f}x   "
            f"grid built once in {built:.0f} ms   same routes: {same}"
        )
    return medians


def _plan_times(catalog, cases: dict[str, Intake], runs: int) -> list[float]:
    return [t for intake in cases.values() for t in timed(lambda i=intake: plan_route(i, catalog), runs)]


def _route_ids(intake: Intake, catalog, grid: bool) -> list[tuple[str, float]]:
    if grid:
        return [(rc.centre.id, rc.distance_km) for rc in plan_route(intake, catalog).centres]
    with _selection(scanning(catalog)):
        return [(rc.centre.id, rc.distance_km) for rc in plan_route(intake, catalog).centres]


@contextlib.contextmanager
def _selection(select):
    saved = planning.select_centres
    planning.select_centres = select
    try:
        yield
    finally:
        planning.select_centres = saved


ROUTE_ARGS = ["route", "--pain", "neuropathic_central", "--near", "Saint-Étienne", "--months", "12"]
ROUTE_ARGS += ["--refractory", "yes", "--format", "json"]


def child_env(cache_home: str, **extra: str) -> dict[str, str]:
    """A user's shell: bytecode cached, the directory cache on (in ``cache_home``, not the user's)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "FINDER_NO_CACHE")}
    env.update(XDG_CACHE_HOME=cache_home, **extra)
    return env


def bench_commands(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, list[float]]:
    """Wall times (ms) of each command, interleaved run by run, after one warm-up run of each."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for run in range(runs + 1):
        for name, argv in commands.items():
            start = time.perf_counter()
            done = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=ROOT, env=env)
            elapsed = (time.perf_counter() - start) * 1000
            if done.returncode != 0:
                raise SystemExit(f"{name} failed ({done.returncode}): {done.stderr.strip()}")
            if run:  # the first run warms the file cache, the bytecode and the directory cache
                times[name].append(elapsed)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,100000", help="generated directory sizes")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--process-runs", type=int, default=9)
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]

    gaz = load_gazetteer()
    cases = intakes(gaz)
    results: dict[str, list[float]] = {}

    start = time.perf_counter()
    shipped = load_catalog()
    print(f"shipped directory {default_directory()}: loaded in {(time.perf_counter() - start) * 1000:.0f} ms")
    results["shipped"] = bench_in_process("shipped directory", shipped, cases, options.runs)
    medians = bench_sizes(sizes, options.seed, gaz, cases, options.runs)

    print("\nwhole process: finder " + " ".join(ROUTE_ARGS))
    python = [sys.executable]
    # the command users type: the installed entry point beside this interpreter (else python -m finder)
    script = Path(sys.executable).parent / "finder"
    finder = [str(script)] if script.is_file() else [*python, "-m", "finder"]
    print(f"  (run as {' '.join(finder)})")
    commands = {
        "python -c pass": [*python, "-c", "pass"],
        "finder route": [*finder, *ROUTE_ARGS],
        "finder route, fixture directory (10 files)": [*finder, *ROUTE_ARGS, "--directory", str(FIXTURE)],
        # where a process's time goes (each a separate process)
        "import finder.cli.main": [*python, "-c", "import finder.cli.main"],
        "load gazetteer + resolve": [
            *python, "-c", "from finder.places.gazetteer import load_gazetteer; "
            "load_gazetteer().resolve('Saint-Étienne', limit=6)",
        ],
        "load shipped catalog": [
            *python, "-c", "from finder.directory.catalog import load_catalog; load_catalog()"
        ],
        "geodesic_km": [
            *python, "-c", "from finder.places.distance import geodesic_km; geodesic_km((45, 4), (46, 5))"
        ],
    }  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="finder-bench-cache-") as cache_home:
        process = bench_commands(commands, options.process_runs, child_env(cache_home))
        no_cache = bench_commands(
            {"finder route, FINDER_NO_CACHE=1": commands["finder route"]},
            options.process_runs,
            child_env(cache_home, FINDER_NO_CACHE="1"),
        )
    bare = statistics.median(process["python -c pass"])
    for name, times in {**process, **no_cache}.items():
        print(f"  {name:<44} {summary(times)}   {statistics.median(times) / bare:5.1f} x bare")
    results["process"] = process["finder route"]
    results["generated"] = [medians[max(sizes)]]

    print("\ntargets (median):")
    for name in ("shipped", "generated", "process"):
        median = statistics.median(results[name])
        print(f"  {name:<10} {median:8.2f} ms  < {TARGETS_MS[name]:.0f} ms  {verdict(name, results[name])}")
    ratio = statistics.median(results["process"]) / bare
    print(f"  process    {ratio:8.1f} x bare python  <= {PROCESS_TIMES_BARE:.0f} x", end="  ")
    print("OK" if ratio <= PROCESS_TIMES_BARE else "SLOWER")
    if len(sizes) > 1:
        small, large = sorted(sizes)[-2:]
        growth = medians[large] / medians[small]
        print(
            f"  growth     {growth:8.2f} x from {small} to {large} centres ({large / small:.0f} x more)",
            end="  ",
        )
        print("sublinear" if growth < large / small else "NOT sublinear")
    return 0


if __name__ == "__main__":
    sys.exit(main())
