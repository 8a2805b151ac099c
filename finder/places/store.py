"""The gazetteer store: the columns of ``finder/data/gazetteer.tsv.gz`` and lookups by code.

The store keeps the file's text columns as read; numbers and commune objects are made on first use, so
that a process asking one question pays only for what that question needs. Name lookups live in
``finder.places.indexes``; reading and ranking a query in ``finder.places.resolver``.
"""

from __future__ import annotations

import gzip
import zlib
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from finder.errors import FinderError
from finder.i18n import tr
from finder.model import Commune
from finder.places.keys import unstored_keys

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "gazetteer.tsv.gz"
FORMAT_VERSION = "8"


class GazetteerError(FinderError):
    """The embedded gazetteer file is missing or damaged (a packaging problem, not a user's)."""


@dataclass(frozen=True, slots=True)
class Foreign:
    """A place outside France that users type for a French one (a border town, a large city)."""

    name: str  # its GeoNames name ("Geneva")
    country: str  # ISO 3166-1 alpha-2 code
    keys: tuple[str, ...]  # matching keys of its names in the languages written with Latin letters
    near: tuple[str, ...]  # INSEE codes of the nearest French communes (none for a far city)


class Store:
    """All current communes and arrondissements, their departments, regions and former names and codes.

    The communes come in the order of their matching keys (the data file's order): ``folded`` is
    sorted, the index of exact and prefix lookups as it is."""

    def __init__(
        self,
        *,
        insee: list[str],
        names: list[str],
        keys: list[str],  # matching keys as stored: "" where quick_fold_many gives it
        postcodes: list[str],  # ";"-joined
        populations: list[str],
        lats: list[str],  # 1e-4 degrees
        lons: list[str],
        parents: dict[str, str],
        departments: dict[str, tuple[str, str]],  # code -> (name, region code)
        regions: dict[str, str],  # code -> name
        former: list[tuple[str, str, str, str]],  # (former name, its insee, current insee, kind)
        former_keys: list[str],  # matching keys of the former names, stored as ``keys``
        former_positions: list[str],  # the position of each former name's commune in these columns
        vocabulary: str,  # every word of the names' keys, sorted, tab-separated
        former_codes: dict[str, str] | None = None,  # former INSEE code -> current INSEE code
        foreign: list[Foreign] | None = None,
        source: Path | None = None,  # the file, named if a number column turns out damaged
    ) -> None:
        self.source = source
        self.insee = insee
        self.names = names
        self.keys = keys
        self.postcodes = postcodes
        self.population_text = populations
        self.lats = lats
        self.lons = lons
        self.parents = parents
        self.departments = departments
        self.regions = regions
        self.former = former
        self.former_keys = former_keys
        self.former_positions = former_positions
        self.vocabulary_text = vocabulary
        self.former_codes = former_codes or {}
        self.foreign = foreign or []
        self._objects: list[Commune | None] = [None] * len(insee)

    def __len__(self) -> int:
        return len(self.insee)

    # --- communes ---------------------------------------------------------------------------------

    def commune(self, index: int) -> Commune:
        commune = self._objects[index]
        if commune is None:
            department = self.department_of(index)
            department_name, region = self.departments[department]
            postcodes = self.postcodes[index]
            commune = Commune(
                insee=self.insee[index],
                name=self.names[index],
                postcodes=tuple(postcodes.split(";")) if postcodes else (),
                department=department,
                department_name=department_name,
                region=region,
                region_name=self.regions.get(region, ""),
                lat=self._number(self.lats[index]) / 10_000,
                lon=self._number(self.lons[index]) / 10_000,
                population=self.populations[index],
                parent_insee=self.parents.get(self.insee[index]),
            )
            self._objects[index] = commune
        return commune

    def department_of(self, index: int) -> str:
        code = self.insee[index]
        return code[:3] if code[:2] in ("97", "98") else code[:2]

    def department_code(self, text: object) -> str | None:
        """The department code ``text`` names ("9" -> "09", "2a" -> "2A"), or None."""
        if not isinstance(text, str):
            return None
        code = text.strip().upper()
        if code.isdigit() and len(code) == 1:
            code = "0" + code
        return code if code in self.departments else None

    def is_arrondissement(self, index: int) -> bool:
        return self.insee[index] in self.parents

    @cached_property
    def populations(self) -> list[int]:
        """Parsed on first use (the file's CRC vouches for the column; a bad build would not)."""
        try:
            return list(map(int, self.population_text))
        except ValueError as error:
            raise self._damaged(error) from error

    def _number(self, text: str) -> int:
        try:
            return int(text)
        except ValueError as error:
            raise self._damaged(error) from error

    def _damaged(self, error: Exception) -> GazetteerError:
        return GazetteerError(tr("place.gazetteer_damaged", path=str(self.source), error=str(error)))

    # --- codes ------------------------------------------------------------------------------------

    @cached_property
    def by_insee(self) -> dict[str, int]:
        return dict(zip(self.insee, range(len(self.insee)), strict=True))

    @cached_property
    def by_postcode(self) -> dict[str, list[int]]:
        by_postcode: dict[str, list[int]] = {}
        for index, codes in enumerate(self.postcodes):
            for code in codes.split(";"):
                if code:
                    by_postcode.setdefault(code, []).append(index)
        return by_postcode

    @cached_property
    def sorted_postcodes(self) -> list[str]:
        return sorted(self.by_postcode)

    def postcode_indexes(self, postcode: str) -> list[int]:
        """The communes of a postcode: arrondissements before their city, then by population."""
        indexes = self.by_postcode.get(postcode, [])
        return sorted(
            indexes,
            key=lambda i: (not self.is_arrondissement(i), -self.populations[i], self.insee[i]),
        )

    def postcodes_starting(self, prefix: str) -> list[str]:
        postcodes = self.sorted_postcodes
        start = bisect_left(postcodes, prefix)
        end = bisect_left(postcodes, prefix + "\x7f", lo=start)
        return postcodes[start:end]

    # --- names ------------------------------------------------------------------------------------

    @cached_property
    def folded(self) -> list[str]:
        """canonical(fold(name)) of every name, mostly from the data file (see ``quick_fold_many``)."""
        return unstored_keys(self.names, self.keys)

    @cached_property
    def vocabulary(self) -> list[str]:
        """Every word of the names' keys (``folded``), sorted, as the file stores them: split on first
        use (about 1 ms), where splitting every key would take 6 ms."""
        return self.vocabulary_text.split("\t")

    def has_word(self, word: str) -> bool:
        vocabulary = self.vocabulary
        at = bisect_left(vocabulary, word)
        return at < len(vocabulary) and vocabulary[at] == word

    @cached_property
    def former_folded(self) -> list[tuple[str, int, str]]:
        """(key, current commune, former name) of every former name."""
        keys = unstored_keys([alias for alias, *_ in self.former], self.former_keys)
        positions = [self._number(position) for position in self.former_positions]
        return [
            (key, position, alias)
            for key, position, (alias, *_) in zip(keys, positions, self.former, strict=True)
        ]


def read_store(path: Path) -> Store:
    """Parse a gazetteer file written by ``scripts/build_gazetteer.py``."""
    try:
        lines = gzip.decompress(path.read_bytes()).decode("utf-8").split("\n")
        header = lines[0].split("\t")
        if header[:2] != ["#finder-gazetteer", FORMAT_VERSION]:
            raise ValueError(f"unexpected header {lines[0][:40]!r}")
        regions: dict[str, str] = {}
        departments: dict[str, tuple[str, str]] = {}
        parents: dict[str, str] = {}
        former: list[tuple[str, str, str, str]] = []
        former_keys: list[str] = []
        former_positions: list[str] = []
        vocabulary: str | None = None
        former_codes: dict[str, str] = {}
        foreign: list[Foreign] = []
        columns: dict[str, list[str]] = {}
        for line in lines[1:]:
            if not line:
                continue
            kind, _, rest = line.partition("\t")
            if kind == "W":  # kept whole: split on first use
                vocabulary = rest
                continue
            fields = rest.split("\t")
            if kind == "A":
                former.append((fields[0], fields[1], fields[2], fields[3]))
                former_keys.append(fields[4])
                former_positions.append(fields[5])
            elif kind == "O":
                former_codes[fields[0]] = fields[1]
            elif kind == "F":
                near = tuple(fields[3].split(";")) if fields[3] else ()
                foreign.append(Foreign(fields[0], fields[1], tuple(fields[2].split(";")), near))
            elif kind == "P":
                parents[fields[0]] = fields[1]
            elif kind == "D":
                departments[fields[0]] = (fields[1], fields[2])
            elif kind == "R":
                regions[fields[0]] = fields[1]
            elif kind.startswith("C"):
                columns[kind[1:]] = fields
        count = int(header[2])
        if vocabulary is None:
            raise ValueError("no W line (the names' words)")
        names = ("insee", "name", "key", "postcodes", "population", "lat", "lon")
        lengths = {name: len(columns[name]) for name in names}
        if set(lengths.values()) != {count}:
            raise ValueError(f"expected {count} communes in every column, found {lengths}")
        return Store(
            insee=columns["insee"],
            names=columns["name"],
            keys=columns["key"],
            postcodes=columns["postcodes"],
            populations=columns["population"],
            lats=columns["lat"],
            lons=columns["lon"],
            parents=parents,
            departments=departments,
            regions=regions,
            former=former,
            former_keys=former_keys,
            former_positions=former_positions,
            vocabulary=vocabulary,
            former_codes=former_codes,
            foreign=foreign,
            source=path,
        )
    except (OSError, EOFError, ValueError, KeyError, IndexError, zlib.error) as error:
        raise GazetteerError(tr("place.gazetteer_damaged", path=str(path), error=str(error))) from error
