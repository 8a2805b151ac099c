#!/usr/bin/env python3
"""Build ``finder/data/countries.tsv``: the names of the countries users type for a place.

Usage (Babel is a maintainer's tool, not a dependency of finder)::

    pip install babel==2.18.0
    python scripts/build_countries.py

One line per ISO 3166-1 country code (the codes of CLDR's territories that are countries, not
continents or groupings), tab-separated: the code, its French name, its English name, its names in
``LANGUAGES`` (";"-joined, duplicates dropped), and for France's overseas departments and
collectivities their INSEE department code (their names then name a French area, not a country).
``finder.places.areas`` reads it so that "Allemagne", "Andorre" or "Belgium" are refused as
countries instead of matched to a commune that merely contains the word. Source: Unicode CLDR as
shipped in the PyPI package Babel 2.18.0 (Unicode licence). Unchanged inputs give the same bytes.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.build_gazetteer import write_atomically  # noqa: E402

OUTPUT = ROOT / "finder" / "data" / "countries.tsv"
# French and English first (the product's languages), then the languages of France's neighbours
LANGUAGES = ("fr", "en", "de", "es", "it", "nl", "pt", "ca", "lb")
EXCLUDED = {"FR", "EU", "EZ", "UN", "QO", "ZZ"}  # France itself, groupings, "unknown region"
# ISO codes of France's overseas departments and collectivities -> their INSEE department code: their
# names in other languages ("Réunion", "French Polynesia") name those French areas, not countries
FRENCH_TERRITORIES = {
    "GP": "971", "MQ": "972", "GF": "973", "RE": "974", "PM": "975", "YT": "976", "BL": "977",
    "MF": "978", "TF": "984", "WF": "986", "PF": "987", "NC": "988", "CP": "989",
}  # fmt: skip


def build() -> str:
    from babel import Locale

    locales = [Locale(language) for language in LANGUAGES]
    codes = sorted(
        code for code in locales[0].territories if len(code) == 2 and code.isalpha() and code not in EXCLUDED
    )
    lines = ["# code\tname_fr\tname_en\tnames (CLDR, Babel 2.18.0)\tFrench department"]
    for code in codes:
        names: list[str] = []
        for locale in locales:
            name = locale.territories.get(code)
            if name and name not in names and "\t" not in name and ";" not in name:
                names.append(name)
        french, english = locales[0].territories[code], locales[1].territories.get(code, "")
        department = FRENCH_TERRITORIES.get(code, "")
        lines.append(f"{code}\t{french}\t{english}\t{';'.join(names)}\t{department}")
    return "\n".join(lines) + "\n"


def main() -> int:
    write_atomically(OUTPUT, build().encode("utf-8"))
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
