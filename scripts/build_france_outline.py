"""Rebuild ``france_outline.json``, the land mask FranceMap draws, from the communes gazetteer CSV.

Usage: ``python scripts/build_france_outline.py communes.csv > finder/data/france_outline.json``
(``communes.csv``: the raw gazetteer, columns ``insee,name,postcodes,department,region,lat,lon,...``).

Each area is a grid of cells; a cell is land when a commune's point lies in it (metropolitan France,
about 35,000 points, is dense enough at 0.05 degree) or, for the sparse overseas departments, within
``spread_km`` of one. The result is a recognisable silhouette, not a surveyed coastline: enough for a
helper to see "north-east of the patient, about 50 km", which is all the map is for.
"""

from __future__ import annotations

import csv
import json
import math
import sys

# area key -> (departments, cell size in degrees, spread around each point in km)
AREAS = {
    "metro": (None, 0.05, 0.0),
    "971": (("971",), 0.01, 5.5),
    "972": (("972",), 0.01, 6.0),
    "973": (("973",), 0.05, 40.0),
    "974": (("974",), 0.01, 9.0),
    "976": (("976",), 0.005, 3.0),
}
PROVENANCE = (
    "Derived from the commune points of the finder gazetteer: geo.api.gouv.fr (contours IGN ADMIN EXPRESS "
    "COG), Licence Ouverte 2.0; codes INSEE COG 2026 via Etalab @etalab/decoupage-administratif, Licence "
    "Ouverte. Rebuild: python scripts/build_france_outline.py communes.csv"
)


def _grid(points: list[tuple[float, float]], cell: float, spread_km: float) -> dict:
    margin = max(cell, spread_km / 111.0) * 2
    south = math.floor((min(lat for lat, _ in points) - margin) / cell) * cell
    west = math.floor((min(lon for _, lon in points) - margin) / cell) * cell
    north = max(lat for lat, _ in points) + margin
    east = max(lon for _, lon in points) + margin
    rows, cols = math.ceil((north - south) / cell), math.ceil((east - west) / cell)
    land = [[False] * cols for _ in range(rows)]
    for lat, lon in points:
        reach_lat = spread_km / 111.0
        reach_lon = spread_km / (111.0 * math.cos(math.radians(lat)))
        for r in range(int((lat - reach_lat - south) / cell), int((lat + reach_lat - south) / cell) + 1):
            for c in range(int((lon - reach_lon - west) / cell), int((lon + reach_lon - west) / cell) + 1):
                centre_lat, centre_lon = south + (r + 0.5) * cell, west + (c + 0.5) * cell
                near = (
                    spread_km == 0
                    or math.hypot(
                        (centre_lat - lat) * 111.0, (centre_lon - lon) * 111.0 * math.cos(math.radians(lat))
                    )
                    <= spread_km
                )
                if near and 0 <= r < rows and 0 <= c < cols:
                    land[r][c] = True
    return {
        "south": round(south, 4),
        "west": round(west, 4),
        "cell": cell,
        "cols": cols,
        # one hexadecimal bit string per row, south first; bit c (from the left) = column c
        "rows": [
            format(int("".join("1" if x else "0" for x in row) or "0", 2), f"0{(cols + 3) // 4}x")
            if any(row)
            else ""
            for row in land
        ],
    }


def build(csv_path: str) -> dict:
    by_department: dict[str, list[tuple[float, float]]] = {}
    with open(csv_path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            by_department.setdefault(row["department"], []).append((float(row["lat"]), float(row["lon"])))
    areas = {}
    for key, (departments, cell, spread) in AREAS.items():
        if departments is None:
            points = [p for d, pts in by_department.items() if not d.startswith(("97", "98")) for p in pts]
        else:
            points = [p for d in departments for p in by_department[d]]
        areas[key] = _grid(points, cell, spread)
    return {"provenance": PROVENANCE, "areas": areas}


if __name__ == "__main__":
    json.dump(build(sys.argv[1]), sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")
