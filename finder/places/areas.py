"""Places that are not communes: regions, departments and overseas collectivities, countries.

Users type "La Réunion", "Corse", "Tahiti's" collectivity "Polynésie française", or a country
("Allemagne", "Andorre") where a commune is expected. Such a name must never slip to a small namesake
commune (La Réunion, 47) or to a commune that merely contains the word (Allemagne-en-Provence): the
resolver asks which commune of the area is meant, or says the country is not French.

Sources: the regions and departments (with the overseas departments and collectivities) of the
gazetteer (``finder/data/gazetteer.tsv.gz``, INSEE COG 2026); countries from
``finder/data/countries.tsv`` (Unicode CLDR names in French, English and the neighbours' languages,
built by ``scripts/build_countries.py``), where the names of France's overseas territories in other
languages ("Réunion", "French Polynesia") point to their French department code.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from finder.places.keys import canonical, strip_article
from finder.places.store import STORE_CODE, Store
from finder.text import fold
from finder.user_cache import cached, entry_name

COUNTRIES_FILE = Path(__file__).resolve().parent.parent / "data" / "countries.tsv"
KINDS = ("region", "department", "country")

# "île de la Réunion", "département de la Guadeloupe", "région Bretagne": a generic word before the
# area's own name (tried only when the whole text names nothing: "Île-de-France" is a region)
_GENERIC = re.compile(
    r"^(?:(?:l|la|le|les) )?(?:ile|iles|departement|region|collectivite|territoire|pays|archipel|island)s?"
    r" (?:(?:de|d|du|des|of)(?: (?:l|la|le|les|the))? )?"
)


class Area(NamedTuple):
    """A region, a department (or overseas collectivity) or a foreign country."""

    kind: str  # one of KINDS
    code: str  # INSEE region or department code, or ISO 3166-1 country code
    name: str  # its official French name ("La Réunion"), or a country's English name
    departments: tuple[str, ...] = ()  # the departments it covers (none for a country)


Row = tuple[str, str, str, tuple[str, ...]]  # an Area's fields, as the cache keeps them


class Areas:
    """The area names of one store, read on first use."""

    def __init__(self, store: Store, countries_file: Path = COUNTRIES_FILE) -> None:
        self.store = store
        self.countries_file = countries_file

    def named(self, key: str) -> Area | None:
        """The area whose name is ``key`` (a query key), with or without article or generic word."""
        names = self.by_key
        candidates = [key, strip_article(key)]
        bare = _GENERIC.sub("", key, count=1)
        if bare != key and bare:
            candidates += [bare, strip_article(bare)]
        for candidate in candidates:
            if candidate in names:
                kind, code, name, departments = names[candidate]
                return Area(kind, code, name, tuple(departments))
        return None

    @cached_property
    def by_key(self) -> dict[str, Row]:
        """Matching key -> area (as a row of plain values); French areas win over a country's name in
        another language. Derived from the gazetteer's departments and regions and the countries file,
        then read back from the user's cache (:mod:`finder.user_cache`) while they are unchanged."""
        source = self.store.source
        if source is None:
            return self._table()
        here = Path(__file__).resolve().parent
        # the store's code too: it derives the departments and regions the table is made of
        code = {here / "areas.py", *(here / name for name in STORE_CODE)}
        sources = [source, self.countries_file, *sorted(code)]
        name = entry_name("areas", source, self.countries_file)
        return cached("places", name, sources, self._table, check=_check_table)

    def _table(self) -> dict[str, Row]:
        store = self.store
        found: dict[str, Row] = {}
        french: dict[str, Area] = {}
        for code, (name, _) in store.departments.items():
            french[code] = Area("department", code, name, (code,))
        by_region: dict[str, list[str]] = {}
        for code, (_, region) in store.departments.items():
            by_region.setdefault(region, []).append(code)
        regions = {
            code: Area("region", code, name, tuple(sorted(by_region.get(code, ()))))
            for code, name in store.regions.items()
        }
        for area in (*regions.values(), *french.values()):  # a department's name wins over its region's
            _add(found, area.name, area, replace=True)
        for code, french_name, english, names, department in self._countries():
            if department:
                territory = french.get(department)
                if territory is not None:
                    for name in (french_name, english, *names):
                        _add(found, name, territory, replace=False)
                continue
            country = Area("country", code, english or french_name)
            for name in (french_name, english, *names):
                _add(found, name, country, replace=False)
        return found

    def _countries(self) -> list[tuple[str, str, str, list[str], str]]:
        try:
            text = self.countries_file.read_text(encoding="utf-8")
        except OSError:
            return []  # a packaging fault: places still resolve, countries are not recognised
        rows = []
        for line in text.splitlines():
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 5:
                continue
            code, french, english, names, department = fields
            rows.append((code, french, english, [n for n in names.split(";") if n], department))
        return rows

    def largest(self, area: Area, count: int) -> list[int]:
        """The ``count`` most populous communes of ``area`` (no arrondissements), largest first."""
        chosen: list[int] = []
        for department in area.departments:
            chosen += self.by_department.get(department, ())[:count]
        population = self.store.populations
        return sorted(chosen, key=lambda index: -population[index])[:count]

    @cached_property
    def by_department(self) -> dict[str, list[int]]:
        store = self.store
        population = store.populations
        found: dict[str, list[int]] = {}
        for index in range(len(store)):
            if not store.is_arrondissement(index):
                found.setdefault(store.department_of(index), []).append(index)
        for indexes in found.values():
            indexes.sort(key=lambda index: -population[index])
        return found


def _check_table(table: object) -> None:
    """Raise ``TypeError`` unless ``table`` is a dict of key -> (kind, code, name, departments)."""
    if (
        not isinstance(table, dict)
        or not table
        or not all(
            type(key) is str
            and type(row) is tuple
            and len(row) == 4
            and row[0] in KINDS
            and type(row[1]) is str
            and type(row[2]) is str
            and type(row[3]) is tuple
            and all(type(code) is str for code in row[3])
            for key, row in table.items()
        )
    ):
        raise TypeError("cache entry: the areas are not rows of (kind, code, name, departments)")


def _add(found: dict[str, Row], name: str, area: Area, *, replace: bool) -> None:
    key = canonical(fold(name))
    if len(key) < 3:
        return
    row = (area.kind, area.code, area.name, area.departments)
    for variant in (key, strip_article(key)):
        if replace or variant not in found:
            found[variant] = row
