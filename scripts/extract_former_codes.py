#!/usr/bin/env python3
"""Extract the former INSEE codes of merged communes from ``@etalab/decoupage-administratif``.

Usage::

    npm pack @etalab/decoupage-administratif@6.0.0 && tar xzf etalab-decoupage-administratif-6.0.0.tgz
    python scripts/extract_former_codes.py package/data/communes.json

writes ``scripts/data/communes_former_codes.csv`` (``former_code,insee``): for every current commune,
the ``anciensCodes`` of the communes merged into it. ``communes_aliases.csv`` (the shared raw data) has
the former codes of the communes that kept a delegated or associated status; this list also has those
that did not ("63266", Orsonnette, merged into Nonette-Orsonnette). ``scripts/build_gazetteer.py``
reads both. Source: INSEE (COG 2026) via Etalab ``@etalab/decoupage-administratif`` 6.0.0, Licence
Ouverte.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.build_gazetteer import write_atomically  # noqa: E402

OUTPUT = ROOT / "scripts" / "data" / "communes_former_codes.csv"


def extract(communes: list[dict]) -> str:
    rows = sorted(
        (former, commune["code"])
        for commune in communes
        if commune.get("type") == "commune-actuelle"
        for former in commune.get("anciensCodes", [])
    )
    current = {commune["code"] for commune in communes if commune.get("type") == "commune-actuelle"}
    clashes = [former for former, _ in rows if former in current]
    if clashes:
        raise SystemExit(f"former codes that are current codes: {clashes[:5]}")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("former_code", "insee"))
    writer.writerows(rows)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("communes_json", type=Path)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    text = extract(json.loads(args.communes_json.read_text(encoding="utf-8")))
    write_atomically(args.output, text.encode("utf-8"))
    print(f"wrote {args.output} ({text.count(chr(10)) - 1} former codes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
