"""The gazetteer's name indexes: exact and prefix lookups, words, typos, foreign places.

Each index is built from the store on first use (``Indexes``' cached properties), so that a question
pays only for the indexes it needs: codes need none, an exact name the sorted keys, a word one bisection
of the file's words (their communes are stored with them), a typo the bucket of names sharing its
first letter.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from functools import cached_property
from operator import itemgetter
from typing import NamedTuple

from finder.places.columns import searchable
from finder.places.keys import STOPWORDS, prefix_span, strip_article
from finder.places.store import Foreign, Store
from finder.text import fold

BAND_CAP = 60  # candidates kept per prefix/token band, the most populous first
# articles and prepositions inside a padded key (" saint michel d aurance "): dropped from both sides
# when a typo search finds nothing, as users leave them out ("st michel aurance")
_CONNECTORS = re.compile(" (?:" + "|".join(sorted(STOPWORDS, key=len, reverse=True)) + ")(?= )")
# connectors a misspelt short word may stand for ("sr" for "sur"): those of two letters or more, as a
# word of one or two letters is one edit from any one-letter connector
_LONG_CONNECTORS = tuple(sorted(word for word in STOPWORDS if len(word) > 1))
_SHORT_WORD = 4  # letters: the longest misspelt connector looked for ("sous" -> "suos")


class SortedKeys(NamedTuple):
    """Keys in sorted order with the commune each belongs to: exact and prefix lookups by bisection.

    ``keys`` and ``ids`` are any sequences (lists, a store's columns and arrays, a range)."""

    keys: Sequence[str]
    ids: Sequence[int]

    @classmethod
    def of(cls, keys: list[str], ids: list[int] | None = None) -> SortedKeys:
        """``keys`` sorted; ``ids[n]`` is the commune of ``keys[n]`` (None: the position itself)."""
        order = sorted(range(len(keys)), key=keys.__getitem__)
        return cls([keys[i] for i in order], order if ids is None else [ids[i] for i in order])

    def span(self, key: str, prefix: bool = False) -> tuple[int, int]:
        """Where the keys equal to ``key`` (or starting with it) are."""
        if prefix:
            return prefix_span(self.keys, key)
        keys = searchable(self.keys)
        start = bisect_left(keys, key)
        return start, bisect_right(keys, key, lo=start)

    def exact(self, key: str) -> list[int]:
        return list(self.ids[slice(*self.span(key))])

    def prefixed(self, key: str) -> list[int]:
        return list(self.ids[slice(*self.span(key, prefix=True))])


class FuzzyBucket(NamedTuple):
    """Searchable keys sorted by length, so that a typo search scans only similar lengths."""

    keys: list[str]  # folded names, article-less forms and former names
    ids: list[int]  # the commune of each key
    aliases: list[str | None]  # the former name of each key, None for a current name
    offsets: list[int]  # keys[offsets[n]:] starts at length n

    @classmethod
    def of(cls, keys: list[str], ids: list[int], aliases: list[str | None]) -> FuzzyBucket:
        if len(keys) < 2:
            return cls(keys, ids, aliases, [0] * (len(keys[0]) + 1 if keys else 0))
        lengths = list(map(len, keys))
        reorder = itemgetter(*sorted(range(len(keys)), key=lengths.__getitem__))  # in C: 50,000 in 6 ms
        ordered = reorder(lengths)
        offsets = [bisect_left(ordered, size) for size in range(ordered[-1] + 1)]
        return cls(list(reorder(keys)), list(reorder(ids)), list(reorder(aliases)), offsets)

    def within(self, key: str, max_edits: int) -> list[tuple[int, str | None, int, str]]:
        """(commune, former name, edits, matched key) of the keys at most ``max_edits`` edits away."""
        size, longest = len(key), len(self.offsets) - 1
        if size - max_edits > longest:
            return []
        lo = self.offsets[max(size - max_edits, 0)]
        hi = self.offsets[size + max_edits + 1] if size + max_edits + 1 <= longest else len(self.keys)
        ids, aliases = self.ids, self.aliases
        return [
            (ids[lo + at], aliases[lo + at], edits, name)
            for name, edits, at in closest(key, self.keys[lo:hi], max_edits)
        ]


def connector_free(key: str) -> str:
    """ "saint michel d aurance" -> "saint michel aurance" (a key made only of such words stays)."""
    return _CONNECTORS.sub("", f" {key} ").strip() or key


def connector_free_many(keys: list[str]) -> list[str]:
    """``connector_free`` of each key, in one pass over their text."""
    text = _CONNECTORS.sub("", " " + " \n ".join(keys) + " ")
    return [line.strip() or key for line, key in zip(text.split("\n"), keys, strict=True)]


def without_misspelt_connectors(key: str, is_word: Callable[[str], bool]) -> tuple[str, int]:
    """ "saint vincent sr isle" -> ("saint vincent isle", 1): ``key`` without the words (but the
    first) that are one edit from a connector ("sr": sur) and no word of any name (``is_word``), and
    how many were left out."""
    from rapidfuzz.distance import DamerauLevenshtein

    first, *rest = key.split(" ")
    kept = [first]
    for word in rest:
        if (
            len(word) > _SHORT_WORD
            or word in STOPWORDS
            or is_word(word)
            or all(
                DamerauLevenshtein.distance(word, connector, score_cutoff=1) > 1
                for connector in _LONG_CONNECTORS
            )
        ):
            kept.append(word)
    return " ".join(kept), len(rest) + 1 - len(kept)


def closest(key: str, keys: list[str], max_edits: int) -> list[tuple[str, int, int]]:
    """(key, edits, position in ``keys``) of the keys at most ``max_edits`` edits from ``key``, by the
    true Damerau-Levenshtein distance (a transposition is one edit).

    A substitution or a transposition is two insertions or deletions, so a key within ``max_edits``
    edits is within twice as many of those (the Indel distance, which rapidfuzz counts bit-parallel,
    about twice as fast as the optimal string alignment): the true distance is computed only for the
    few keys that pass that bound, and nothing within ``max_edits`` is missed."""
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein, Indel

    found = process.extract(key, keys, scorer=Indel.distance, score_cutoff=2 * max_edits, limit=None)
    return [
        (name, edits, at)
        for name, _, at in found
        if (edits := DamerauLevenshtein.distance(key, name, score_cutoff=max_edits)) <= max_edits
    ]


class Indexes:
    """The name indexes of one store, each built on first use."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @cached_property
    def names(self) -> SortedKeys:
        """Folded (and canonical) official names: the store keeps them sorted."""
        folded = self.store.folded
        return SortedKeys(folded, range(len(folded)))

    @cached_property
    def without_article(self) -> SortedKeys:
        """Names that start with an article, without it: "puy en velay" -> Le Puy-en-Velay (sorted by
        the store)."""
        return SortedKeys(*self.store.without_article)

    def former(self, key: str) -> list[tuple[int, str]]:
        """(current commune, former name) of the former names whose key is ``key``."""
        store = self.store
        return [
            (store.former_communes[position], store.former_names[position])
            for position in self.former_sorted.exact(key)
        ]

    @cached_property
    def department_names(self) -> dict[str, str]:
        """Folded department name (and without its article) -> code."""
        names: dict[str, str] = {}
        for code, (name, _) in self.store.departments.items():
            key = fold(name)
            names[key] = code
            names.setdefault(strip_article(key), code)
        return names

    def communes_with_word(self, word: str) -> frozenset[int]:
        """The communes whose name has ``word`` (a meaningful word, as the query's)."""
        found = self._words.get(word)
        if found is None:
            found = self._words[word] = frozenset(self.store.communes_with_word(word))
        return found

    @cached_property
    def _words(self) -> dict[str, frozenset[int]]:
        return {}

    @cached_property
    def former_sorted(self) -> SortedKeys:
        """Former names' keys, sorted by the store; ``ids`` are positions in ``store.former_folded``."""
        return SortedKeys(*self.store.former_sorted)

    def _entries(self, start: str) -> tuple[list[str], list[int], list[str | None]]:
        """(keys, communes, former names) of every name, article-less form and former name whose key
        starts with ``start`` ("" for all): slices of the sorted indexes, no pass over every name."""
        keys: list[str] = []
        ids: list[int] = []
        aliases: list[str | None] = []
        for index in (self.names, self.without_article):
            lo, hi = index.span(start, prefix=True) if start else (0, len(index.keys))
            keys += index.keys[lo:hi]
            ids += index.ids[lo:hi]
            aliases += [None] * (hi - lo)
        former = self.store.former_folded
        for position in self.former_sorted.prefixed(start) if start else range(len(former)):
            key, index_, alias = former[position]
            keys.append(key)
            ids.append(index_)
            aliases.append(alias)
        return keys, ids, aliases

    def fuzzy_bucket(self, letter: str) -> FuzzyBucket | None:
        """The typo bucket of names starting with ``letter``, built on first use."""
        bucket = self._buckets.get(letter)
        if bucket is None:
            keys, ids, aliases = self._entries(letter)
            if not keys:
                return None
            bucket = self._buckets[letter] = FuzzyBucket.of(keys, ids, aliases)
        return bucket

    @cached_property
    def _buckets(self) -> dict[str, FuzzyBucket]:
        return {}

    @cached_property
    def foreign(self) -> dict[str, Foreign]:
        """Matching key of a foreign place's name -> the most relevant place so called (border towns
        first, then the most populous: the order of the data file)."""
        found: dict[str, Foreign] = {}
        for place in reversed(self.store.foreign):
            found.update(dict.fromkeys(place.keys, place))
        return found

    def most_populous(self, indexes: set[int]) -> list[int]:
        if len(indexes) <= BAND_CAP:
            return list(indexes)
        return heapq.nlargest(BAND_CAP, indexes, key=self.store.populations.__getitem__)

    def prefix(self, key: str) -> list[int]:
        return self.most_populous({*self.names.prefixed(key), *self.without_article.prefixed(key)})

    def token_matches(self, key: str) -> list[int]:
        words = [word for word in key.split() if word not in STOPWORDS]
        if not words:
            return []
        sets = sorted((self.communes_with_word(word) for word in set(words)), key=len)
        if not sets[0]:
            return []
        return self.most_populous(set(sets[0]).intersection(*sets[1:]))

    def within(
        self, key: str, max_edits: int, anywhere: bool = True
    ) -> list[tuple[int, str | None, int, str]]:
        """Names at most ``max_edits`` edits from ``key`` (a transposition is one edit). Names sharing
        the first letter are searched first (about 1/20 of them); the rest only when that finds
        nothing (and only when ``anywhere``), since a typo in the first letter is the rare case: that
        search runs over every key unsorted (about 4 ms), which costs less than sorting them all by
        length on the first such query (about 14 ms). When that too finds nothing, names and query
        are compared without their articles and prepositions ("saint michle aurance"): done always,
        that comparison would make rivals of names that differ only by them. Last, the query's short
        words that are misspelt connectors ("saint vincent sr isle") are left out too, each counted
        as one edit."""
        bucket = self.fuzzy_bucket(key[0])
        found = bucket.within(key, max_edits) if bucket else []
        if found or not anywhere:
            return found
        keys, ids, aliases = self._every_entry
        found = [(ids[at], aliases[at], edits, name) for name, edits, at in closest(key, keys, max_edits)]
        if found or " " not in key:
            return found
        bucket = self.connector_free_bucket(key[0])
        if bucket is None:
            return []
        bare = connector_free(key)
        found = bucket.within(bare, max_edits)
        if found:
            return found
        loose, dropped = without_misspelt_connectors(bare, self.store.has_word)
        if not dropped or dropped >= max_edits:
            return []
        return [
            (index, alias, edits + dropped, name)
            for index, alias, edits, name in bucket.within(loose, max_edits - dropped)
        ]

    def connector_free_bucket(self, letter: str) -> FuzzyBucket | None:
        """The names starting with ``letter`` without their articles and prepositions ("saint michel
        aurance" for Saint-Michel-d'Aurance), built on the first search that needs them."""
        bucket = self._connector_free.get(letter)
        if bucket is None:
            keys, ids, aliases = self._entries(letter)
            if not keys:
                return None
            bucket = FuzzyBucket.of(connector_free_many(keys), ids, aliases)
            self._connector_free[letter] = bucket
        return bucket

    @cached_property
    def _connector_free(self) -> dict[str, FuzzyBucket]:
        return {}

    @cached_property
    def _every_entry(self) -> tuple[list[str], list[int], list[str | None]]:
        """Every searchable key, for the rare typo in the first letter."""
        return self._entries("")
