"""Rebuild ``finder/data/prefectures.csv``: each department's prefecture (chef-lieu) INSEE code.

Reads ``data/departements.json`` of the npm package ``@etalab/decoupage-administratif`` 6.0.0 (the
same source as the gazetteer's codes; Licence Ouverte). Get it with
``npm pack @etalab/decoupage-administratif@6.0.0`` and untar it, then:
``python scripts/build_prefectures.py path/to/package/data/departements.json``.
Only the 101 departments are kept (not the overseas collectivities), as ``code,name,prefecture``.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "finder" / "data" / "prefectures.csv"


def main(argv: list[str]) -> int:
    departments = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    rows = [(d["code"], d["nom"], d["chefLieu"]) for d in departments if d["zone"] in ("metro", "drom")]
    temp = OUT.with_suffix(".tmp")
    with temp.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("code", "name", "prefecture"))
        writer.writerows(rows)
    temp.replace(OUT)
    print(f"{len(rows)} departments written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
