#!/usr/bin/env python3
"""Rebuild finder's embedded gazetteer (``finder/data/gazetteer.tsv.gz``) from the raw public data.

Usage::

    python scripts/build_gazetteer.py [--source ../shared/data] [--output finder/data/gazetteer.tsv.gz]

Inputs (see ``finder/data/PROVENANCE.md`` for their sources and licences): ``communes.csv``,
``communes_aliases.csv``, ``departements.csv`` and ``regions.csv`` from the raw data folder;
``communes_former_codes.csv`` (``scripts/extract_former_codes.py``) and ``foreign_places.csv``
(``scripts/build_foreign_places.py``) from ``scripts/data``. The output is a gzip'd UTF-8 text
file of tab-separated lines, the first field saying what the line holds:

- ``#finder-gazetteer``, format version, commune count, alias count: the header;
- ``R`` code, name: a region; ``D`` code, name, region code: a department;
- ``A`` alias, alias insee, current insee, kind, key, current position: a former commune name (aliases
  whose folded form equals their current commune's are dropped, they add nothing); the position is
  the current commune's in the ``C`` columns, so that a name query needs no INSEE code lookup;
- ``O`` former INSEE code, current insee: a commune merged into another (``alias_insee`` of
  ``communes_aliases.csv``, then the ``anciensCodes`` of ``scripts/data/communes_former_codes.csv``);
- ``F`` name, country, keys, nearest insee codes: a foreign place users type for a French one
  (``scripts/data/foreign_places.csv``; keys joined by ";", those of French names dropped);
- ``P`` insee, parent insee: a Paris/Lyon/Marseille municipal arrondissement and its city;
- ``W`` then every word of the communes' keys, sorted: a word of a query found in no name (a typo) is
  known absent by bisection, without a search of every name (the loader would otherwise split all the
  keys into words on the first query with words, about 6 ms);
- ``I`` then, for each word of the ``W`` line in its order, the positions (in the ``C`` columns) of
  the communes whose key has it, joined by ",": a query's word is looked up, never searched for in
  every name (reading this line costs about 10 ms once per install, building it 25 ms);
- ``C<column>`` then one value per commune, all communes in the same order (a columnar layout
  compresses about twice as well as rows): ``Cinsee`` (in full: a run-length form would save 60 kB
  but cost 25 ms per load), ``Cname``, ``Ckey``, ``Cpostcodes`` (joined by ";"), ``Cpopulation``,
  ``Clat`` and ``Clon`` (in 1e-4 degrees: absolute values, which the loader parses only for the
  communes it shows, where differences from the previous commune would compress 33 kB better but
  cost 10 ms of every load to add up).

The communes come in the order of their keys (then INSEE codes), so that the ``Ckey`` column is already
the sorted index of exact and prefix lookups: the loader would otherwise sort 35,000 keys on the first
name query (about 8 ms). ``Gazetteer.communes`` gives them back in INSEE order.

A key is the matching form of a name, ``canonical(fold(name))`` (``finder.places.gazetteer``), stored so that
loading does not fold 35,000 names (about 50 ms). It is stored empty where the loader's cheap bulk fold
(``quick_fold_many``: lowercase, ASCII punctuation to spaces) already gives it, which is the case for
about four names in five: the file stays about 40 kB larger instead of 170 kB.

A commune's department is its INSEE prefix (three characters overseas, "97"/"98", else two): the build
checks that it agrees with ``communes.csv``. The output is deterministic (input order, gzip mtime 0):
rebuilding unchanged data gives the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from finder.places.keys import canonical, stored_keys, strip_article  # noqa: E402
from finder.places.store import FORMAT_VERSION  # noqa: E402
from finder.text import fold  # noqa: E402

EXTRA = ROOT / "scripts" / "data"

# Municipal arrondissements: INSEE prefix -> parent commune.
ARRONDISSEMENT_PARENTS = (("751", "75056"), ("6938", "69123"), ("132", "13055"))


def parent_of(insee: str) -> str:
    for prefix, parent in ARRONDISSEMENT_PARENTS:
        if insee.startswith(prefix) and insee != parent:
            return parent
    return ""


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def clean(value: str, where: str) -> str:
    if "\t" in value or "\n" in value:
        raise SystemExit(f"{where}: tab or newline in {value!r}")
    return value.strip()


def matching_key(name: str, where: str) -> str:
    key = canonical(fold(name))
    if not key:
        raise SystemExit(f"{where}: {name!r} has no letter or digit to match")
    return key


def department_of(insee: str) -> str:
    return insee[:3] if insee[:2] in ("97", "98") else insee[:2]


def former_code_lines(aliases: list[dict[str, str]], extra: Path, names: dict[str, str]) -> list[str]:
    """``O`` lines: the aliases file first (it names the 2026 communes), then Etalab's anciensCodes."""
    current: dict[str, str] = {}
    for row in aliases:
        if row["alias_insee"] and row["alias_insee"] != row["insee"] and row["alias_insee"] not in names:
            current[row["alias_insee"]] = row["insee"]
    path = extra / "communes_former_codes.csv"
    for number, row in enumerate(read_csv(path) if path.exists() else [], start=2):
        if row["insee"] not in names:
            raise SystemExit(
                f"{path.name}:{number}: former code {row['former_code']} of unknown {row['insee']!r}"
            )
        if row["former_code"] not in names:
            current.setdefault(row["former_code"], row["insee"])
    return ["\t".join(("O", code, current[code])) for code in sorted(current)]


def foreign_lines(extra: Path, names: dict[str, str], taken: set[str]) -> list[str]:
    """``F`` lines: each foreign place with the keys of its names that no French commune uses."""
    path = extra / "foreign_places.csv"
    lines: list[str] = []
    for number, row in enumerate(read_csv(path) if path.exists() else [], start=2):
        where = f"{path.name}:{number}"
        keys: list[str] = []
        for name in row["names"].split(";"):
            key = canonical(fold(name))
            if len(key) >= 4 and key not in taken and key not in keys:
                keys.append(key)
        near = [code for code in row["near"].split(";") if code]
        unknown = [code for code in near if code not in names]
        if unknown:
            raise SystemExit(f"{where}: unknown communes {unknown}")
        if keys:
            fields = (clean(row["name"], where), row["country"], ";".join(keys), ";".join(near))
            lines.append("\t".join(("F", *fields)))
    return lines


def build(source: Path, extra: Path = EXTRA) -> bytes:
    regions = read_csv(source / "regions.csv")
    departments = read_csv(source / "departements.csv")
    communes = read_csv(source / "communes.csv")
    aliases = read_csv(source / "communes_aliases.csv")
    region_codes = {row["code"] for row in regions}
    department_codes = {row["code"] for row in departments}
    lines: list[str] = []
    for number, row in enumerate(regions, start=2):
        where = f"regions.csv:{number}"
        lines.append("\t".join(("R", clean(row["code"], where), clean(row["name"], where))))
    for number, row in enumerate(departments, start=2):
        where = f"departements.csv:{number}"
        if row["region"] not in region_codes:
            raise SystemExit(f"{where}: unknown region {row['region']!r}")
        lines.append("\t".join(("D", clean(row["code"], where), clean(row["name"], where), row["region"])))
    names: dict[str, str] = {}
    columns: dict[str, list[str]] = {"name": [], "key": [], "postcodes": [], "population": []}
    codes: list[str] = []
    lats: list[int] = []
    lons: list[int] = []
    for number, row in enumerate(communes, start=2):
        where = f"communes.csv:{number}"
        insee, name = clean(row["insee"], where), clean(row["name"], where)
        if row["department"] not in department_codes or department_of(insee) != row["department"]:
            raise SystemExit(f"{where}: department {row['department']!r} is unknown or not the INSEE prefix")
        if len(insee) != 5 or not insee[2:].isdigit():
            raise SystemExit(f"{where}: INSEE code {insee!r} is not two characters and three digits")
        if insee in names:
            raise SystemExit(f"{where}: duplicate INSEE code {insee}")
        names[insee] = name
        codes.append(insee)
        columns["name"].append(name)
        columns["key"].append(matching_key(name, where))
        postcodes = sorted(code.strip() for code in row["postcodes"].split(";") if code.strip())
        columns["postcodes"].append(";".join(postcodes))
        columns["population"].append(str(int(row["population"] or 0)))
        lats.append(round(float(row["lat"]) * 10_000))  # fails loudly on a missing coordinate
        lons.append(round(float(row["lon"]) * 10_000))
        if parent_of(insee):
            lines.append("\t".join(("P", insee, parent_of(insee))))
    kept: list[list[str]] = []
    for number, row in enumerate(aliases, start=2):
        where = f"communes_aliases.csv:{number}"
        alias, current = clean(row["alias"], where), clean(row["insee"], where)
        if current not in names:
            raise SystemExit(f"{where}: alias {alias!r} points to unknown commune {current!r}")
        if fold(alias) == fold(names[current]):
            continue
        kept.append(
            [alias, clean(row["alias_insee"], where), current, row["kind"], matching_key(alias, where)]
        )
    alias_keys = stored_keys([alias for alias, *_ in kept], [key for *_, key in kept])
    order = sorted(range(len(codes)), key=lambda number: (columns["key"][number], codes[number]))
    codes, lats, lons = [codes[n] for n in order], [lats[n] for n in order], [lons[n] for n in order]
    columns = {column: [values[n] for n in order] for column, values in columns.items()}
    position = {insee: number for number, insee in enumerate(codes)}
    for fields, key in zip(kept, alias_keys, strict=True):
        lines.append("\t".join(("A", *fields[:4], key, str(position[fields[2]]))))
    lines.extend(former_code_lines(aliases, extra, names))
    taken = {*columns["key"], *(strip_article(key) for key in columns["key"]), *(key for *_, key in kept)}
    lines.extend(foreign_lines(extra, names, taken))
    vocabulary = sorted({word for key in columns["key"] for word in key.split()})
    lines.append("\t".join(("W", *vocabulary)))
    lines.append("\t".join(("I", *word_postings(vocabulary, columns["key"]))))
    columns["key"] = stored_keys(columns["name"], columns["key"])
    lines.append("\t".join(("Cinsee", *codes)))
    for column, values in columns.items():
        lines.append("\t".join((f"C{column}", *values)))
    lines.append("\t".join(("Clat", *map(str, lats))))
    lines.append("\t".join(("Clon", *map(str, lons))))
    header = "\t".join(("#finder-gazetteer", FORMAT_VERSION, str(len(communes)), str(len(kept))))
    text = "\n".join([header, *lines]) + "\n"
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9, mtime=0, filename="") as handle:
        handle.write(text.encode("utf-8"))
    return buffer.getvalue()


def word_postings(vocabulary: list[str], keys: list[str]) -> list[str]:
    """For each word of ``vocabulary``, the positions of the ``keys`` (the communes, in file order)
    that have it, joined by ","."""
    position = {word: at for at, word in enumerate(vocabulary)}
    owners: list[list[str]] = [[] for _ in vocabulary]
    for index, key in enumerate(keys):
        for word in sorted(set(key.split())):
            owners[position[word]].append(str(index))
    return [",".join(positions) for positions in owners]


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--extra", type=Path, default=EXTRA, help="finder's own inputs (scripts/data)")
    parser.add_argument("--output", type=Path, default=ROOT / "finder" / "data" / "gazetteer.tsv.gz")
    args = parser.parse_args(argv)
    data = build(args.source, args.extra)
    write_atomically(args.output, data)
    print(f"wrote {args.output} ({len(data) / 1024:.0f} kB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
