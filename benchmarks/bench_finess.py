"""FINESS enrichment speed and memory on an extract of the real size. Medians of several runs.

    .venv/bin/python benchmarks/bench_finess.py [--sites 50000] [--repeat 5]

A generated extract in the published format (metadata line, ``structureet`` lines, then one
``geolocalisation`` line per site, Windows-1252): 50,000 sites make about 100,000 lines, the size of
the national file (the real one has ~100,000 sites over two sections: run with --sites 100000 for
that). The sites of the fixture extract (tests/fixtures/finess) are mixed in, so the shipped entries
find their CHUs. Reported: reading and checking the whole extract (``read_extract``), then the
whole review (``finder directory enrich`` without --apply, in process: validating the shipped
directory, reading, matching, planning), each with its peak memory (tracemalloc) in a fresh run.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from finder.cli.main import main
from finder.directory.finess import read_extract

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "finess"
CATEGORIES = (("355", "Centre Hospitalier (C.H.)"), ("620", "Pharmacie d'Officine"), ("500", "EHPAD"))


def generate(path: Path, sites: int, seed: int = 11) -> int:
    rng = random.Random(seed)
    fixture = next(FIXTURE.glob("etalab-cs1100507-stock-*.csv")).read_bytes().decode("cp1252").splitlines()
    real_structures = [line for line in fixture if line.startswith("structureet;")]
    real_geo = [line for line in fixture if line.startswith("geolocalisation;")]
    lines = [fixture[0]]
    geo = []
    for number in range(sites - len(real_structures)):
        department = f"{rng.randint(1, 95):02d}"
        site = f"{department}{number:07d}"
        category, label = rng.choice(CATEGORIES)
        lines.append(
            f"structureet;{site};{department}{rng.randint(0, 9999999):07d};ETABLISSEMENT {number};"
            f"ETABLISSEMENT DE SANTE NUMERO {number};;;{rng.randint(1, 300)};R;DE LA REPUBLIQUE;;;"
            f"{rng.randint(1, 700):03d};{department};DEPARTEMENT;{department}000 VILLE;"
            f"0{rng.randint(100000000, 599999999)};;"
            f"{category};{label};1102;Centres Hospitaliers;;8610Z;03;ARS;1;Etablissement public de santé;"
            "1979-02-13;1979-02-13;2025-06-01;"
        )
        x, y = rng.uniform(100000, 1200000), rng.uniform(6050000, 7110000)
        geo.append(
            f"geolocalisation;{site};{x:.1f};{y:.1f};1,ATLASANTE,96,BAN,EPSG:2154 RGF93 / Lambert-93;"
            "2026-11-10"
        )
    lines += real_structures + geo + real_geo
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return len(lines)


def timed(function) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (steadier on a shared machine), and peak MB in a second run under
    tracemalloc (which slows it down)."""
    start, cpu = time.perf_counter(), time.process_time()
    function()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return seconds, cpu, peak


def main_bench() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "etalab-cs1100507-stock-20261115-0400.csv"
        lines = generate(path, args.sites)
        size = path.stat().st_size / 1e6
        print(f"extract: {lines:,} lines, {size:.1f} MB, {args.sites:,} sites")

        def read() -> None:
            read_extract(path, lambda site: site.legal.startswith("75"))

        def review() -> None:
            with contextlib.redirect_stdout(io.StringIO()):
                assert main(["directory", "enrich", "--finess", str(path), "--today", "2026-11-30"]) == 0

        for label, function in (("read_extract", read), ("enrich review", review)):
            runs = [timed(function) for _ in range(args.repeat)]
            seconds = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            peak = statistics.median(r[2] for r in runs)
            timing = f"median {seconds:.2f} s ({cpu:.2f} s CPU) over {args.repeat} runs"
            print(f"{label:<14} {timing}, peak {peak:.0f} MB")


if __name__ == "__main__":
    main_bench()
