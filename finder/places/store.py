"""The gazetteer store: the columns of ``finder/data/gazetteer.tsv.gz`` and lookups by code.

The store keeps each text column as one string with the start of each item
(:mod:`finder.places.columns`), numbers as C arrays, and the sorted keys of the exact and prefix
lookups, all derived once from the data file and then read back from the user's cache
(:mod:`finder.user_cache`); commune objects are made on first use, so that a process asking one
question pays only for what that question needs. Name lookups live in ``finder.places.indexes``;
reading and ranking a query in ``finder.places.resolver``.
"""

from __future__ import annotations

import gc
import gzip
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from functools import cached_property
from itertools import accumulate
from pathlib import Path
from typing import Any, NamedTuple

from finder.errors import FinderError
from finder.i18n import tr
from finder.model import Commune
from finder.places.columns import Column, int_array, int_array_from
from finder.places.keys import ARTICLE_STARTS, prefix_span, strip_article, unstored_keys
from finder.user_cache import cached, entry_name

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "gazetteer.tsv.gz"
FORMAT_VERSION = "9"
# the modules that derive a store from the file: a change to any of them rebuilds the cached store
STORE_CODE = ("store.py", "columns.py", "keys.py", "../text.py")


class GazetteerError(FinderError):
    """The embedded gazetteer file is missing or damaged (a packaging problem, not a user's)."""


class Foreign(NamedTuple):
    """A place outside France that users type for a French one (a border town, a large city)."""

    name: str  # its GeoNames name ("Geneva")
    country: str  # ISO 3166-1 alpha-2 code
    keys: tuple[str, ...]  # matching keys of its names in the languages written with Latin letters
    near: tuple[str, ...]  # INSEE codes of the nearest French communes (none for a far city)


class Store:
    """All current communes and arrondissements, their departments, regions and former names and codes.

    The communes come in the order of their matching keys (the data file's order): ``folded`` is
    sorted, the index of exact and prefix lookups as it is. Built from the plain document of
    :func:`compile_file` (a cache entry or a fresh parse alike); raises ``KeyError``, ``TypeError`` or
    ``ValueError`` when a document is not one."""

    def __init__(self, document: dict[str, Any], source: Path | None = None) -> None:
        self.source = source  # the file, named in errors
        self.insee = Column.from_plain(document["insee"])
        self.names = Column.from_plain(document["names"])
        self.folded = Column.from_plain(document["folded"])  # canonical(fold(name)), sorted
        self.postcodes = Column.from_plain(document["postcodes"])  # ";"-joined
        self.populations = int_array_from(document["populations"])
        self.lats = int_array_from(document["lats"])  # 1e-4 degrees
        self.lons = int_array_from(document["lons"])
        self.parents: dict[str, str] = document["parents"]
        self.departments: dict[str, tuple[str, str]] = document["departments"]  # code -> (name, region)
        self.regions: dict[str, str] = document["regions"]  # code -> name
        self.former_codes: dict[str, str] = document["former_codes"]  # former INSEE -> current INSEE
        self.former_names = Column.from_plain(document["former_names"])
        self.former_communes = int_array_from(document["former_communes"])
        self.former_sorted = (
            Column.from_plain(document["former_sorted_keys"]),
            int_array_from(document["former_sorted_ids"]),
        )
        self.without_article = (
            Column.from_plain(document["without_article_keys"]),
            int_array_from(document["without_article_ids"]),
        )
        self.vocabulary_text: str = document["vocabulary"]
        self.word_postings = int_array_from(document["word_postings"])  # see _word_postings
        self.word_offsets = int_array_from(document["word_offsets"])
        self._former_text: str = document["former"]
        self._foreign_text: str = document["foreign"]
        _require_types(self.parents, self.departments, self.regions, self.former_codes)
        if not all(
            isinstance(text, str) for text in (self.vocabulary_text, self._former_text, self._foreign_text)
        ):
            raise TypeError("a text part is not a str")
        self._objects: list[Commune | None] = [None] * len(self.insee)
        sizes = {len(self.names), len(self.folded), len(self.postcodes), len(self.populations)}
        if sizes | {len(self.lats), len(self.lons)} != {len(self.insee)}:
            raise ValueError("columns of different lengths")
        words = self.vocabulary_text.count("\t") + 1  # in C: about 0.1 ms
        if len(self.word_offsets) != words + 1 or self.word_offsets[-1] != len(self.word_postings):
            raise ValueError("word postings that do not fit their offsets")
        if len(self.former_names) != len(self.former_communes) or len(self.former_sorted[0]) != len(
            self.former_sorted[1]
        ):
            raise ValueError("former names of different lengths")

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
                lat=self.lats[index] / 10_000,
                lon=self.lons[index] / 10_000,
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
        return postcodes[slice(*prefix_span(postcodes, prefix))]

    # --- names ------------------------------------------------------------------------------------

    @cached_property
    def vocabulary(self) -> list[str]:
        """Every word of the names' keys (``folded``), sorted, as the file stores them: split on first
        use (about 1 ms), where splitting every key would take 6 ms."""
        return self.vocabulary_text.split("\t")

    def has_word(self, word: str) -> bool:
        return self._word_position(word) is not None

    def communes_with_word(self, word: str) -> Sequence[int]:
        """The communes (indexes, ascending) whose key has ``word`` as one of its words."""
        at = self._word_position(word)
        if at is None:
            return ()
        return self.word_postings[self.word_offsets[at] : self.word_offsets[at + 1]]

    def _word_position(self, word: str) -> int | None:
        vocabulary = self.vocabulary
        at = bisect_left(vocabulary, word)
        return at if at < len(vocabulary) and vocabulary[at] == word else None

    @cached_property
    def former(self) -> list[tuple[str, str, str, str]]:
        """(former name, its INSEE code, current INSEE code, kind) of every former name, read on first use."""
        rows = [line.split("\t") for line in self._former_text.split("\n")] if self._former_text else []
        return [(row[0], row[1], row[2], row[3]) for row in rows]

    @cached_property
    def former_folded(self) -> list[tuple[str, int, str]]:
        """(key, current commune, former name) of every former name, in ``former``'s order."""
        keys = [""] * len(self.former_names)
        for key, position in zip(*self.former_sorted, strict=True):
            keys[position] = key
        return list(zip(keys, self.former_communes, self.former_names, strict=True))

    @cached_property
    def foreign(self) -> list[Foreign]:
        """Places outside France users type for a French one, read on first use."""
        places = []
        for line in self._foreign_text.split("\n") if self._foreign_text else ():
            name, country, keys, near = line.split("\t")
            places.append(
                Foreign(name, country, tuple(keys.split(";")), tuple(near.split(";")) if near else ())
            )
        return places


def _require_types(parents: object, departments: object, regions: object, former_codes: object) -> None:
    """Raise ``TypeError`` unless the code tables are dicts of str (departments: of (name, region))."""
    for table in (parents, regions, former_codes):
        if not isinstance(table, dict) or (set(map(type, table)) | set(map(type, table.values()))) - {str}:
            raise TypeError("a code table is not a dict of str")
    if not isinstance(departments, dict) or not all(
        type(code) is str and type(row) is tuple and len(row) == 2 and {type(item) for item in row} == {str}
        for code, row in departments.items()
    ):
        raise TypeError("departments are not a dict of (name, region)")


def read_store(path: Path) -> Store:
    """The store of a gazetteer file written by ``scripts/build_gazetteer.py``: from the user's cache
    while the file and this code are unchanged (:mod:`finder.user_cache`), else parsed.

    Raises :class:`GazetteerError` when the file is missing or damaged."""
    sources = [path, *(Path(__file__).parent / name for name in STORE_CODE)]
    name = entry_name("gazetteer", path)
    # the check builds the store of a stored document (an entry of another shape, damaged or written
    # by hand, fails and is parsed again and rewritten): that store is the one returned, not built twice
    checked: list[Store] = []
    document = cached(
        "places",
        name,
        sources,
        lambda: compile_file(path),
        check=lambda stored: checked.append(Store(stored, source=path)),
    )
    return checked[0] if checked else Store(document, source=path)


def compile_file(path: Path) -> dict[str, Any]:
    """The plain document of a gazetteer file (what :class:`Store` reads and the cache keeps): its
    columns as :class:`Column` parts and number arrays, and the sorted keys of the lookups.

    Raises :class:`GazetteerError` when the file is missing or damaged."""
    collecting = gc.isenabled()
    gc.disable()  # about 150,000 young objects, none in a cycle: a collection would free nothing
    try:
        return _compile(gzip.decompress(path.read_bytes()).decode("utf-8").split("\n"))
    except (OSError, EOFError, ValueError, KeyError, IndexError, OverflowError, zlib.error) as error:
        raise GazetteerError(tr("place.gazetteer_damaged", path=str(path), error=str(error))) from error
    finally:
        if collecting:
            gc.enable()


def _compile(lines: list[str]) -> dict[str, Any]:
    header = lines[0].split("\t")
    if header[:2] != ["#finder-gazetteer", FORMAT_VERSION]:
        raise ValueError(f"unexpected header {lines[0][:40]!r}")
    regions: dict[str, str] = {}
    departments: dict[str, tuple[str, str]] = {}
    parents: dict[str, str] = {}
    former: list[str] = []
    former_names: list[str] = []
    former_keys: list[str] = []
    former_positions: list[str] = []
    vocabulary: str | None = None
    postings_text: str | None = None
    former_codes: dict[str, str] = {}
    foreign: list[str] = []
    columns: dict[str, list[str]] = {}
    for line in lines[1:]:
        if not line:
            continue
        kind, _, rest = line.partition("\t")
        if kind == "W":
            vocabulary = rest
            continue
        if kind == "I":
            postings_text = rest
            continue
        fields = rest.split("\t")
        if kind == "A":
            former.append("\t".join(fields[:4]))
            former_names.append(fields[0])
            former_keys.append(fields[4])
            former_positions.append(fields[5])
        elif kind == "O":
            former_codes[fields[0]] = fields[1]
        elif kind == "F":
            foreign.append("\t".join(fields[:4]))
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
    if postings_text is None:
        raise ValueError("no I line (the communes of each word)")
    names = ("insee", "name", "key", "postcodes", "population", "lat", "lon")
    lengths = {name: len(columns[name]) for name in names}
    if set(lengths.values()) != {count}:
        raise ValueError(f"expected {count} communes in every column, found {lengths}")
    folded = unstored_keys(columns["name"], columns["key"])
    if folded != sorted(folded):
        raise ValueError("the communes are not in the order of their keys")
    with_article = [i for start in ARTICLE_STARTS for i in range(*prefix_span(folded, start))]
    article_free = [strip_article(folded[i]) for i in with_article]
    article_order = sorted(range(len(with_article)), key=article_free.__getitem__)
    former_folded = unstored_keys(former_names, former_keys)
    former_order = sorted(range(len(former_folded)), key=former_folded.__getitem__)
    postings, offsets = _word_postings(postings_text, vocabulary.count("\t") + 1, count)
    return {
        "insee": Column.of(columns["insee"]).plain(),
        "names": Column.of(columns["name"]).plain(),
        "folded": Column.of(folded).plain(),
        "postcodes": Column.of(columns["postcodes"]).plain(),
        "populations": int_array(map(int, columns["population"])).tobytes(),
        "lats": int_array(map(int, columns["lat"])).tobytes(),
        "lons": int_array(map(int, columns["lon"])).tobytes(),
        "parents": parents,
        "departments": departments,
        "regions": regions,
        "former_codes": former_codes,
        "former": "\n".join(former),
        "former_names": Column.of(former_names).plain(),
        "former_communes": int_array(map(int, former_positions)).tobytes(),
        "former_sorted_keys": Column.of(former_folded[i] for i in former_order).plain(),
        "former_sorted_ids": int_array(former_order).tobytes(),
        "without_article_keys": Column.of(article_free[i] for i in article_order).plain(),
        "without_article_ids": int_array(with_article[i] for i in article_order).tobytes(),
        "vocabulary": vocabulary,
        "word_postings": postings.tobytes(),
        "word_offsets": offsets.tobytes(),
        "foreign": "\n".join(foreign),
    }


def _word_postings(text: str, words: int, communes: int) -> tuple[array[int], array[int]]:
    """The ``I`` line read: the communes of each of the ``words`` in one array (word n's are
    ``postings[offsets[n]:offsets[n + 1]]``). Raises ``ValueError`` when it does not fit the ``W``
    line or names a commune beyond ``communes``."""
    groups = text.split("\t")
    if len(groups) != words:
        raise ValueError(f"the I line has {len(groups)} words, the W line {words}")
    offsets = int_array(accumulate((group.count(",") + 1 for group in groups), initial=0))
    postings = int_array(map(int, text.replace("\t", ",").split(",")))
    if len(postings) != offsets[-1] or min(postings) < 0 or max(postings) >= communes:
        raise ValueError("the I line names communes that are not in the file")
    return postings, offsets
