"""The gazetteer's name indexes: exact and prefix lookups, words, typos, foreign places.

Each index is built from the store on first use (``Indexes``' cached properties), so that a question
pays only for the indexes it needs: codes need none, an exact name the sorted keys, a typo the fuzzy
buckets.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property

from finder.places.keys import ARTICLE_STARTS, STOPWORDS, strip_article
from finder.places.store import Foreign, Store
from finder.text import fold

BAND_CAP = 60  # candidates kept per prefix/token band, the most populous first


@dataclass(frozen=True, slots=True)
class SortedKeys:
    """Keys in sorted order with the commune each belongs to: exact and prefix lookups by bisection."""

    keys: list[str]
    ids: list[int]

    @classmethod
    def of(cls, keys: list[str], ids: list[int] | None = None) -> SortedKeys:
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
class FuzzyBucket:
    """Searchable keys sorted by length, so that a typo search scans only similar lengths."""

    keys: list[str]  # folded names, article-less forms and former names
    targets: list[tuple[int, str | None]]  # (commune, former name or None)
    offsets: list[int]  # keys[offsets[n]:] starts at length n

    @classmethod
    def of(cls, entries: list[tuple[str, int, str | None]]) -> FuzzyBucket:
        entries = sorted(entries, key=lambda entry: len(entry[0]))
        offsets: list[int] = []
        position = 0
        for size in range(len(entries[-1][0]) + 1 if entries else 0):
            while position < len(entries) and len(entries[position][0]) < size:
                position += 1
            offsets.append(position)
        return cls([key for key, _, _ in entries], [(index, alias) for _, index, alias in entries], offsets)

    def within(self, key: str, max_edits: int) -> list[tuple[int, str | None, int, str]]:
        """(commune, former name, edits, matched key) of the keys at most ``max_edits`` edits away."""
        from rapidfuzz import process
        from rapidfuzz.distance import DamerauLevenshtein

        size, longest = len(key), len(self.offsets) - 1
        if size - max_edits > longest:
            return []
        lo = self.offsets[max(size - max_edits, 0)]
        hi = self.offsets[size + max_edits + 1] if size + max_edits + 1 <= longest else len(self.keys)
        found = process.extract(
            key, self.keys[lo:hi], scorer=DamerauLevenshtein.distance, score_cutoff=max_edits, limit=None
        )
        return [(*self.targets[lo + position], int(edits), name) for name, edits, position in found]


class Indexes:
    """The name indexes of one store, each built on first use."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @cached_property
    def names(self) -> SortedKeys:
        """Folded (and canonical) official names."""
        return SortedKeys.of(self.store.folded)

    @cached_property
    def without_article(self) -> SortedKeys:
        """Names that start with an article, without it: "puy en velay" -> Le Puy-en-Velay."""
        folded = self.store.folded
        with_article = [i for start in ARTICLE_STARTS for i in self.names.prefixed(start)]
        return SortedKeys.of([strip_article(folded[i]) for i in with_article], with_article)

    @cached_property
    def former(self) -> dict[str, list[tuple[int, str]]]:
        """Folded former name -> (current commune, former name)."""
        former: dict[str, list[tuple[int, str]]] = {}
        for key, index, alias in self.store.former_folded:
            former.setdefault(key, []).append((index, alias))
        return former

    @cached_property
    def department_names(self) -> dict[str, str]:
        """Folded department name (and without its article) -> code."""
        names: dict[str, str] = {}
        for code, (name, _) in self.store.departments.items():
            key = fold(name)
            names[key] = code
            names.setdefault(strip_article(key), code)
        return names

    @cached_property
    def tokens(self) -> dict[str, frozenset[int]]:
        """Meaningful word -> the communes whose name has it."""
        tokens: dict[str, set[int]] = {}
        for index, key in enumerate(self.store.folded):
            for word in key.split():
                if word not in STOPWORDS:
                    tokens.setdefault(word, set()).add(index)
        return {word: frozenset(indexes) for word, indexes in tokens.items()}

    @cached_property
    def fuzzy(self) -> tuple[dict[str, FuzzyBucket], FuzzyBucket]:
        """Buckets of every name, article-less form and former name by first letter, and one of all."""
        entries: list[tuple[str, int, str | None]]
        entries = [(key, index, None) for index, key in enumerate(self.store.folded)]
        entries += [(bare, index, None) for key, index, _ in entries if (bare := strip_article(key)) != key]
        entries += self.store.former_folded
        by_letter: dict[str, list[tuple[str, int, str | None]]] = {}
        for entry in entries:
            if entry[0]:
                by_letter.setdefault(entry[0][0], []).append(entry)
        buckets = {letter: FuzzyBucket.of(group) for letter, group in by_letter.items()}
        return buckets, FuzzyBucket.of(entries)

    @cached_property
    def foreign(self) -> dict[str, list[Foreign]]:
        """Matching key of a foreign place's name -> the places so called, most relevant first."""
        found: dict[str, list[Foreign]] = {}
        for place in self.store.foreign:
            for key in place.keys:
                found.setdefault(key, []).append(place)
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
        tokens = self.tokens
        sets = sorted((tokens.get(word, frozenset()) for word in set(words)), key=len)
        if not sets[0]:
            return []
        return self.most_populous(set(sets[0]).intersection(*sets[1:]))

    def within(self, key: str, max_edits: int) -> list[tuple[int, str | None, int, str]]:
        """Names at most ``max_edits`` edits from ``key`` (Damerau-Levenshtein: a transposition is one
        edit, even beside another edit). Names sharing
        the first letter are searched first (about 1/20 of them); the rest only when that finds
        nothing, since a typo in the first letter is the rare case."""
        by_letter, everything = self.fuzzy
        bucket = by_letter.get(key[0])
        found = bucket.within(key, max_edits) if bucket else []
        return found or everything.within(key, max_edits)
