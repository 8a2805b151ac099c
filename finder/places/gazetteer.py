"""The embedded French gazetteer and the place resolver everything else stands on.

``load_gazetteer()`` reads ``finder/data/gazetteer.tsv.gz`` (built by ``scripts/build_gazetteer.py``
from INSEE, La Poste and geo.api.gouv.fr data, see ``finder/data/PROVENANCE.md``). ``resolve`` turns
what a user types into ranked communes:

- postcodes ("42000", every commune sharing it, arrondissements before their city) and INSEE codes;
- names in any case, with or without accents, hyphens, apostrophes, leading articles or the St/Ste
  abbreviations; Paris/Lyon/Marseille arrondissements ("paris 13e"); former commune names;
- a department qualifier ("valence 82", "valence (16)", "valence drome") or a postcode beside the name.

Scores (0-100) come in bands so that the ranking reads exact name, then prefix and token matches, then
fuzzy (one or two typos); population breaks ties inside a band.
"""

from __future__ import annotations

import gzip
import heapq
import re
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from finder.errors import FinderError
from finder.i18n import tr
from finder.model import Commune, PlaceMatch, PlaceResolution
from finder.text import fold

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "gazetteer.tsv.gz"
FORMAT_VERSION = "6"

# Score bands (see the module docstring).
EXACT = 100.0
EXACT_WITHOUT_ARTICLE = 99.0  # "puy en velay" for "Le Puy-en-Velay"
FORMER_NAME = 96.0
QUERY_WITHOUT_ARTICLE = 95.0  # "le vesinet" -> "Le Vésinet"... or "la marseille" -> "Marseille"
PARENT_OF_ARRONDISSEMENT = 95.0  # "75013": Paris after Paris 13e
INSEE_BESIDE_POSTCODE = 90.0  # "01400" is both a postcode and another commune's INSEE code
PREFIX = 90.0
TOKENS = 82.0
POSTCODE_ONLY = 85.0  # "12 rue x 75002 foo": the postcode's communes when the words match none
FUZZY = {1: 78.0, 2: 70.0}  # by edit distance

# Two distinct communes are "about equally good" when their scores differ by at most AMBIGUITY_MARGIN
# and both reach STRONG.
AMBIGUITY_MARGIN = 3.0
STRONG = 75.0
# For a query that names no commune exactly (a prefix, words, a typo), population weighs in: the best
# match is taken as meant when it is this many times larger than its close rivals ("Montpelier" is
# Montpellier, 300,000 people, not Montélier, 4,000), and the answer is ambiguous when a commune this
# many times larger also matches, even less well ("Toulouze" is a prefix of Toulouzette, 300 people,
# and a typo of Toulouse). Exact homonyms stay ambiguous whatever their sizes (Valence 26 and 82).
POPULATION_RATIO = 10

MAX_QUERY = 200  # characters considered; no commune name is longer than about 50
BAND_CAP = 60  # candidates kept per prefix/token band, the most populous first

ARTICLES = ("le", "la", "les", "l")
STOPWORDS = frozenset((*ARTICLES, "de", "du", "des", "d", "en", "sur", "sous", "et", "aux", "au", "a", "lez"))
_ARTICLE_STARTS = tuple(f"{article} " for article in ARTICLES)

# "13e", "1er", "3eme", "2ème" (folded) -> the number; "arrondissement" and its abbreviations dropped.
_ORDINAL = re.compile(r"\b(\d{1,2}) ?(?:er|ere|e|eme|ieme|em)\b")
_ARRONDISSEMENT_WORD = re.compile(r" (?:arrondissement|arrondissements|arrond|arrdt|arrt|arr)\b")
_GLUED_NUMBER = re.compile(r"^(paris|lyon|marseille)(\d)")
_DIGIT = re.compile(r"\d")
_POSTCODE = re.compile(r"\d{5}")
_INSEE_CORSICA = re.compile(r"2[ab]\d{3}")
_DEPARTMENT_CODE = re.compile(r"\d{1,3}|2[ab]")
# "Marseille (13)": a qualifier in parentheses at the end is a department (or postcode), never an
# arrondissement number.
_PARENTHESIZED = re.compile(r"\(\s*[^()]*?\s*\)\s*$")

# quick_fold_many: ASCII bytes that are not letters or digits become spaces, other bytes stay.
_QUICK_TABLE = bytes(c if (chr(c).isalnum() or c == 10) else 32 for c in range(128)) + bytes(range(128, 256))


def quick_fold_many(texts: list[str]) -> list[str]:
    """A bulk fold that is right for most official names and costs a few milliseconds for all of them.

    Lowercase, and every ASCII character that is neither a letter nor a digit becomes a space: that is
    ``canonical(fold(name))`` for a plain ASCII name with single separators ("Saint-Denis"). The data
    file stores the matching key of every other name (accents, "L'Haÿ", arrondissements), so that the
    full ``fold`` never runs over the 35,000 names at load time. Texts must not contain newlines.
    """
    if not texts:
        return []
    joined = "\n".join(texts).lower().encode("utf-8", "surrogatepass").translate(_QUICK_TABLE)
    return joined.decode("utf-8", "surrogatepass").split("\n")


def stored_keys(texts: list[str], keys: list[str]) -> list[str]:
    """Keys as the data file stores them: "" where ``quick_fold_many`` already gives the key."""
    return ["" if quick == key else key for quick, key in zip(quick_fold_many(texts), keys, strict=True)]


def unstored_keys(texts: list[str], stored: list[str]) -> list[str]:
    """The inverse of ``stored_keys``."""
    return [key or quick for key, quick in zip(stored, quick_fold_many(texts), strict=True)]


def canonical(key: str) -> str:
    """A folded text with arrondissement spellings unified: "paris 13e arrondissement" -> "paris 13"."""
    if not _DIGIT.search(key):
        return key
    key = _GLUED_NUMBER.sub(r"\1 \2", key)
    key = _ORDINAL.sub(r"\1", key)
    return _ARRONDISSEMENT_WORD.sub("", key).strip()


def strip_article(key: str) -> str:
    """ "le puy en velay" -> "puy en velay"; a key that is only an article stays as it is."""
    head, _, rest = key.partition(" ")
    return rest if head in ARTICLES and rest else key


class GazetteerError(FinderError):
    """The embedded gazetteer file is missing or damaged (a packaging problem, not a user's)."""


@dataclass(frozen=True, slots=True)
class _SortedKeys:
    """Keys in sorted order with the commune each belongs to: exact and prefix lookups by bisection."""

    keys: list[str]
    ids: list[int]

    @classmethod
    def of(cls, keys: list[str], ids: list[int] | None = None) -> _SortedKeys:
        """``keys`` sorted; ``ids[n]`` is the commune of ``keys[n]`` (None: the position itself)."""
        order = sorted(range(len(keys)), key=keys.__getitem__)
        return cls([keys[i] for i in order], order if ids is None else [ids[i] for i in order])

    def exact(self, key: str) -> list[int]:
        start = bisect_left(self.keys, key)
        end = bisect_right(self.keys, key, lo=start)
        return self.ids[start:end]

    def prefixed(self, key: str) -> list[int]:
        start = bisect_left(self.keys, key)
        end = bisect_left(self.keys, key + "\x7f", lo=start)
        return self.ids[start:end]


@dataclass(frozen=True, slots=True)
class _NameIndex:
    """Exact and prefix lookups over the folded names, built on the first name query."""

    names: _SortedKeys  # folded (and canonical) names
    without_article: _SortedKeys  # "puy en velay" -> Le Puy-en-Velay
    former: dict[str, list[tuple[int, str]]]  # folded former name -> (commune, former name)
    department_names: dict[str, str]  # folded department name (and without article) -> code


@dataclass(frozen=True, slots=True)
class _FuzzyBucket:
    """Searchable keys sorted by length, so that a typo search scans only similar lengths."""

    keys: list[str]  # folded names, article-less forms and former names
    targets: list[tuple[int, str | None]]  # (commune, former name or None)
    offsets: list[int]  # keys[offsets[n]:] starts at length n

    @classmethod
    def of(cls, entries: list[tuple[str, int, str | None]]) -> _FuzzyBucket:
        entries = sorted(entries, key=lambda entry: len(entry[0]))
        offsets: list[int] = []
        position = 0
        for size in range(len(entries[-1][0]) + 1 if entries else 0):
            while position < len(entries) and len(entries[position][0]) < size:
                position += 1
            offsets.append(position)
        return cls([key for key, _, _ in entries], [(index, alias) for _, index, alias in entries], offsets)

    def within(self, key: str, max_edits: int) -> list[tuple[int, str | None, int]]:
        """(commune, former name, edits) of the keys at most ``max_edits`` edits from ``key``."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        size, longest = len(key), len(self.offsets) - 1
        if size - max_edits > longest:
            return []
        lo = self.offsets[max(size - max_edits, 0)]
        hi = self.offsets[size + max_edits + 1] if size + max_edits + 1 <= longest else len(self.keys)
        found = process.extract(
            key, self.keys[lo:hi], scorer=OSA.distance, score_cutoff=max_edits, limit=None
        )
        return [(*self.targets[lo + position], int(edits)) for _, edits, position in found]


class Gazetteer:
    """All current communes and arrondissements, with their postcode, INSEE and name indexes.

    Loading keeps the raw text columns; numbers, commune objects and each index are built on first
    use, so that a process asking one question pays only for the structures that question needs (the
    token and typo indexes only when exact and prefix matches did not find enough).
    """

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
        source: Path | None = None,  # the file, named if a number column turns out damaged
    ) -> None:
        self._source = source
        self._insee = insee
        self._names = names
        self._keys = keys
        self._postcodes = postcodes
        self._population_text = populations
        self._lats = lats
        self._lons = lons
        self._parents = parents
        self._departments = departments
        self._regions = regions
        self._former = former
        self._former_keys = former_keys
        self._objects: list[Commune | None] = [None] * len(insee)
        self._named: dict[str, tuple[int, ...]] = {}

    # --- lookups by code ------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._insee)

    @cached_property
    def communes(self) -> tuple[Commune, ...]:
        return tuple(self._commune(index) for index in range(len(self._insee)))

    def by_insee(self, insee: str) -> Commune | None:
        index = self._by_insee.get(insee.strip().upper()) if isinstance(insee, str) else None
        return None if index is None else self._commune(index)

    def by_postcode(self, postcode: str) -> tuple[Commune, ...]:
        """Every commune with this postcode: arrondissements before their city, then by population."""
        if not isinstance(postcode, str):
            return ()
        return tuple(self._commune(index) for index in self._postcode_indexes(postcode.strip()))

    def arrondissements(self, insee: str) -> tuple[Commune, ...]:
        """The municipal arrondissements of Paris, Lyon or Marseille (by INSEE code); () for any other."""
        return tuple(
            self._commune(self._by_insee[code]) for code, parent in self._parents.items() if parent == insee
        )

    def department_name(self, code: str) -> str | None:
        entry = self._departments.get(self._department_code(code) or "")
        return entry[0] if entry else None

    def region_name(self, code: str) -> str | None:
        return self._regions.get(code)

    def named(self, name: str) -> tuple[Commune, ...]:
        """The communes officially called ``name`` but for case, accents, hyphens and St/Ste, the most
        populous first: the exact lookup of directory validation, without any prefix or typo search."""
        if not isinstance(name, str):
            return ()
        key = fold(name[:MAX_QUERY])
        indexes = self._named.get(key)
        if indexes is None:
            candidates = self._name_index.names.exact(canonical(key)) if key else []
            same = [index for index in candidates if fold(self._names[index]) == key]
            indexes = tuple(sorted(same, key=lambda i: (-self._populations[i], self._insee[i])))
            self._named[key] = indexes
        return tuple(self._commune(index) for index in indexes)

    # --- resolution -----------------------------------------------------------------------------

    def resolve(self, query: str, limit: int = 10) -> PlaceResolution:
        """The communes ``query`` may mean, best first; never raises for a string."""
        limit = max(1, limit)
        folded = fold(query[:MAX_QUERY]) if isinstance(query, str) else ""
        key = canonical(folded)
        scored = {}
        if key and _PARENTHESIZED.search(query[:MAX_QUERY]):
            scored = self._qualified_matches(key, strict=True) or {}
        if key and not scored:
            scored = self._candidates(key, limit, bare_number=folded.rpartition(" ")[2].isdigit())
        ranked = sorted(
            scored.items(), key=lambda item: (-item[1][0], -self._populations[item[0]], self._insee[item[0]])
        )
        ambiguous = self._ambiguous([(index, score) for index, (score, _) in ranked])
        shown = ranked[:limit]
        is_code = bool(_POSTCODE.fullmatch(key.replace(" ", "")))
        by_insee = [item for item in ranked[limit:] if is_code and item[1][0] == INSEE_BESIDE_POSTCODE]
        if by_insee and limit > 1:  # a code that is both: its INSEE commune stays in sight, last
            shown = [*shown[: limit - 1], by_insee[0]]
        matches = tuple(PlaceMatch(self._commune(index), score, alias) for index, (score, alias) in shown)
        return PlaceResolution(query=query, matches=matches, ambiguous=ambiguous)

    def _ambiguous(self, ranked: list[tuple[int, float]]) -> bool:
        """Whether several different communes match about equally well (see POPULATION_RATIO)."""
        if len(ranked) < 2 or ranked[1][1] < STRONG:
            return False
        top, top_score = ranked[0]
        if top_score > PREFIX:  # the query names a commune (exactly, without accents, a former name...)
            return top_score - ranked[1][1] <= AMBIGUITY_MARGIN
        population = self._populations
        top_population = max(1, population[top])
        rivals = [(index, score) for index, score in ranked[1:] if score >= STRONG]
        if any(population[index] >= POPULATION_RATIO * top_population for index, _ in rivals):
            return True
        close = [index for index, score in rivals if top_score - score <= AMBIGUITY_MARGIN]
        return any(top_population < POPULATION_RATIO * max(1, population[index]) for index in close)

    def _candidates(self, key: str, limit: int, bare_number: bool) -> dict[int, tuple[float, str | None]]:
        """``bare_number``: the query ends with a number without ordinal ("marseille 13", not "13e")."""
        compact = key.replace(" ", "")
        if _POSTCODE.fullmatch(compact) or _INSEE_CORSICA.fullmatch(compact):
            return self._code_matches(compact)
        hits = self._name_matches(key, limit, fuzzy=False)
        if any(score >= FORMER_NAME for score, _ in hits.values()):
            return self._with_department_reading(key, hits) if bare_number else hits
        qualified = self._qualified_matches(key)
        if qualified is not None:
            return qualified
        if len(hits) <= limit:
            for index, alias, score in self._fuzzy(key):
                if index not in hits or hits[index][0] < score:
                    hits[index] = (score, alias)
        return hits

    def _with_department_reading(
        self, key: str, hits: dict[int, tuple[float, str | None]]
    ) -> dict[int, tuple[float, str | None]]:
        """``hits`` plus, below them, the communes a trailing number names when read as a department.

        "marseille 13" is the 13th arrondissement (the number read as in "paris 13") and Marseille, in
        department 13: the city follows its arrondissement, as for the postcode "13013".
        """
        words = key.split()
        if len(words) < 2 or self._department_code(words[-1]) is None:
            return hits
        qualified = self._qualified_matches(key, strict=True) or {}
        for index, (score, alias) in qualified.items():
            if index not in hits:
                hits[index] = (min(score, PARENT_OF_ARRONDISSEMENT), alias)
        return hits

    def _code_matches(self, code: str) -> dict[int, tuple[float, str | None]]:
        found: dict[int, tuple[float, str | None]] = {}
        in_postcode = self._postcode_indexes(code)
        has_arrondissement = any(self._insee[index] in self._parents for index in in_postcode)
        for index in in_postcode:
            is_parent = has_arrondissement and self._insee[index] not in self._parents
            found[index] = (PARENT_OF_ARRONDISSEMENT if is_parent else EXACT, None)
        index = self._by_insee.get(code.upper())
        if index is not None and index not in found:
            found[index] = (INSEE_BESIDE_POSTCODE if found else EXACT, None)
        return found

    def _name_matches(
        self, key: str, limit: int | None = None, fuzzy: bool = True
    ) -> dict[int, tuple[float, str | None]]:
        """Name matches by band. With a ``limit``, lower bands are skipped once more than ``limit``
        better matches are found: they could not reach the shown results nor change ``ambiguous``."""
        ix = self._name_index
        found: dict[int, tuple[float, str | None]] = {}

        def add(index: int, score: float, alias: str | None = None) -> None:
            if index not in found or found[index][0] < score:
                found[index] = (score, alias)

        def enough() -> bool:
            return limit is not None and len(found) > limit

        for index in ix.names.exact(key):
            add(index, EXACT)
        for index in ix.without_article.exact(key):
            add(index, EXACT_WITHOUT_ARTICLE)
        for index, alias in ix.former.get(key, ()):
            add(index, FORMER_NAME, alias)
        bare = strip_article(key)
        if bare != key:
            for index in (*ix.names.exact(bare), *ix.without_article.exact(bare)):
                add(index, QUERY_WITHOUT_ARTICLE)
        if len(key) >= 3 and not enough():
            for index in self._prefix(key):
                add(index, PREFIX)
        if not enough():
            for index in self._token_matches(key):
                add(index, TOKENS)
        if fuzzy and not enough() and not any(score >= FORMER_NAME for score, _ in found.values()):
            for index, alias, score in self._fuzzy(key):
                add(index, score, alias)
        return found

    def _prefix(self, key: str) -> list[int]:
        ix = self._name_index
        return self._most_populous({*ix.names.prefixed(key), *ix.without_article.prefixed(key)})

    def _token_matches(self, key: str) -> list[int]:
        words = [word for word in key.split() if word not in STOPWORDS]
        if not words:
            return []
        tokens = self._token_index
        sets = sorted((tokens.get(word, frozenset()) for word in set(words)), key=len)
        if not sets[0]:
            return []
        return self._most_populous(set(sets[0]).intersection(*sets[1:]))

    def _most_populous(self, indexes: set[int]) -> list[int]:
        if len(indexes) <= BAND_CAP:
            return list(indexes)
        return heapq.nlargest(BAND_CAP, indexes, key=self._populations.__getitem__)

    def _fuzzy(self, key: str) -> list[tuple[int, str | None, float]]:
        """Names within one edit (names up to 5 letters) or two edits of ``key``; a transposition is
        one edit. Names sharing the first letter are searched first (about 1/20 of them); the rest only
        when that finds nothing, since a typo in the first letter is the rare case."""
        if len(key) < 4:
            return []
        max_edits = 1 if len(key) <= 5 else 2
        by_letter, everything = self._fuzzy_index
        bucket = by_letter.get(key[0])
        found = bucket.within(key, max_edits) if bucket else []
        if not found:
            found = everything.within(key, max_edits)
        return [(index, alias, FUZZY[max(edits, 1)]) for index, alias, edits in found]

    def _qualified_matches(
        self, key: str, strict: bool = False
    ) -> dict[int, tuple[float, str | None]] | None:
        """Matches of a name with a department or postcode beside it, or None when there is none.

        When no commune of that name lies in the department, the name alone decides, unless ``strict``.
        """
        words = key.split()
        if len(words) < 2:
            return None
        by_postcode = self._by_postcode
        postcode_at = [i for i, word in enumerate(words) if _POSTCODE.fullmatch(word) and word in by_postcode]
        if postcode_at:
            at = postcode_at[-1]
            rest = " ".join(words[at + 1 :]) or " ".join(words[:at])
            allowed = set(by_postcode[words[at]])
            found = self._filtered(rest, allowed.__contains__) if rest else {}
            return found or {index: (POSTCODE_ONLY, None) for index in allowed}
        parsed = self._department_qualifier(words)
        if parsed is None:
            return None
        base, department = parsed
        found = self._filtered(base, lambda index: self._department_of(index) == department)
        if strict:
            return found or None
        return found or self._name_matches(canonical(base)) or None

    def _filtered(self, key: str, keep: Callable[[int], bool]) -> dict[int, tuple[float, str | None]]:
        return {index: value for index, value in self._name_matches(canonical(key)).items() if keep(index)}

    def _department_qualifier(self, words: list[str]) -> tuple[str, str] | None:
        """("valence", "82") for "valence 82", "valence (82)" or "valence tarn et garonne"."""
        code = self._department_code(words[-1]) if _DEPARTMENT_CODE.fullmatch(words[-1]) else None
        if code is not None:
            return " ".join(words[:-1]), code
        names = self._name_index.department_names
        for size in range(min(5, len(words) - 1), 0, -1):
            code = names.get(" ".join(words[-size:]))
            if code is not None:
                return " ".join(words[:-size]), code
        return None

    def _department_code(self, text: str) -> str | None:
        if not isinstance(text, str):
            return None
        code = text.strip().upper()
        if code.isdigit() and len(code) == 1:
            code = "0" + code
        return code if code in self._departments else None

    # --- internals ------------------------------------------------------------------------------

    def _department_of(self, index: int) -> str:
        code = self._insee[index]
        return code[:3] if code[:2] in ("97", "98") else code[:2]

    def _postcode_indexes(self, postcode: str) -> list[int]:
        indexes = self._by_postcode.get(postcode, [])
        return sorted(
            indexes,
            key=lambda i: (self._insee[i] not in self._parents, -self._populations[i], self._insee[i]),
        )

    def _commune(self, index: int) -> Commune:
        commune = self._objects[index]
        if commune is None:
            department = self._department_of(index)
            department_name, region = self._departments[department]
            postcodes = self._postcodes[index]
            commune = Commune(
                insee=self._insee[index],
                name=self._names[index],
                postcodes=tuple(postcodes.split(";")) if postcodes else (),
                department=department,
                department_name=department_name,
                region=region,
                region_name=self._regions.get(region, ""),
                lat=self._number(self._lats[index]) / 10_000,
                lon=self._number(self._lons[index]) / 10_000,
                population=self._populations[index],
                parent_insee=self._parents.get(self._insee[index]),
            )
            self._objects[index] = commune
        return commune

    @cached_property
    def _populations(self) -> list[int]:
        return self._numbers(self._population_text)

    def _numbers(self, column: list[str]) -> list[int]:
        """A number column, parsed on first use (the file's CRC vouches for it; a bad build would not)."""
        try:
            return list(map(int, column))
        except ValueError as error:
            raise self._damaged(error) from error

    def _number(self, text: str) -> int:
        try:
            return int(text)
        except ValueError as error:
            raise self._damaged(error) from error

    def _damaged(self, error: Exception) -> GazetteerError:
        return GazetteerError(tr("place.gazetteer_damaged", path=str(self._source), error=str(error)))

    @cached_property
    def _by_insee(self) -> dict[str, int]:
        return dict(zip(self._insee, range(len(self._insee)), strict=True))

    @cached_property
    def _by_postcode(self) -> dict[str, list[int]]:
        by_postcode: dict[str, list[int]] = {}
        for index, codes in enumerate(self._postcodes):
            for code in codes.split(";"):
                if code:
                    by_postcode.setdefault(code, []).append(index)
        return by_postcode

    @cached_property
    def _folded(self) -> list[str]:
        """canonical(fold(name)) of every name, mostly from the data file (see ``quick_fold_many``)."""
        return unstored_keys(self._names, self._keys)

    @cached_property
    def _former_folded(self) -> list[tuple[str, int, str]]:
        keys = unstored_keys([alias for alias, *_ in self._former], self._former_keys)
        return [
            (key, self._by_insee[current], alias)
            for key, (alias, _, current, _) in zip(keys, self._former, strict=True)
        ]

    @cached_property
    def _name_index(self) -> _NameIndex:
        folded = self._folded
        names = _SortedKeys.of(folded)
        with_article = [i for start in _ARTICLE_STARTS for i in names.prefixed(start)]
        bare = [strip_article(folded[i]) for i in with_article]
        former: dict[str, list[tuple[int, str]]] = {}
        for key, index, alias in self._former_folded:
            former.setdefault(key, []).append((index, alias))
        department_names: dict[str, str] = {}
        for code, (name, _) in self._departments.items():
            key = fold(name)
            department_names[key] = code
            department_names.setdefault(strip_article(key), code)
        return _NameIndex(
            names=names,
            without_article=_SortedKeys.of(bare, with_article),
            former=former,
            department_names=department_names,
        )

    @cached_property
    def _token_index(self) -> dict[str, frozenset[int]]:
        tokens: dict[str, set[int]] = {}
        for index, key in enumerate(self._folded):
            for word in key.split():
                if word not in STOPWORDS:
                    tokens.setdefault(word, set()).add(index)
        return {word: frozenset(indexes) for word, indexes in tokens.items()}

    @cached_property
    def _fuzzy_index(self) -> tuple[dict[str, _FuzzyBucket], _FuzzyBucket]:
        """Buckets by first letter, and one bucket of every key."""
        entries: list[tuple[str, int, str | None]]
        entries = [(key, index, None) for index, key in enumerate(self._folded)]
        entries += [(bare, index, None) for key, index, _ in entries if (bare := strip_article(key)) != key]
        entries += self._former_folded
        by_letter: dict[str, list[tuple[str, int, str | None]]] = {}
        for entry in entries:
            if entry[0]:
                by_letter.setdefault(entry[0][0], []).append(entry)
        return {letter: _FuzzyBucket.of(group) for letter, group in by_letter.items()}, _FuzzyBucket.of(
            entries
        )


def read_gazetteer(path: Path) -> Gazetteer:
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
        columns: dict[str, list[str]] = {}
        for line in lines[1:]:
            if not line:
                continue
            kind, _, rest = line.partition("\t")
            fields = rest.split("\t")
            if kind == "A":
                former.append((fields[0], fields[1], fields[2], fields[3]))
                former_keys.append(fields[4])
            elif kind == "P":
                parents[fields[0]] = fields[1]
            elif kind == "D":
                departments[fields[0]] = (fields[1], fields[2])
            elif kind == "R":
                regions[fields[0]] = fields[1]
            elif kind.startswith("C"):
                columns[kind[1:]] = fields
        count = int(header[2])
        names = ("insee", "name", "key", "postcodes", "population", "lat", "lon")
        lengths = {name: len(columns[name]) for name in names}
        if set(lengths.values()) != {count}:
            raise ValueError(f"expected {count} communes in every column, found {lengths}")
        return Gazetteer(
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
            source=path,
        )
    except (OSError, EOFError, ValueError, KeyError, IndexError, zlib.error) as error:
        raise GazetteerError(tr("place.gazetteer_damaged", path=str(path), error=str(error))) from error


@cache
def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """The embedded gazetteer (read once per process and path)."""
    return read_gazetteer(Path(path) if path is not None else DATA_FILE)
