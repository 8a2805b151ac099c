"""Pain categories (ids, labels, rTMS evidence) and free-text matching of a pain description.

The categories and their evidence levels are data: ``finder/data/clinical/categories.toml`` (domain.md
Part 1 "Pain categories"; Lefaucheur et al., Clin Neurophysiol 2020). The matching vocabulary is data
too: ``finder/data/clinical/lexicon.toml``, which clinicians extend without reading this code.

Matching, in short: the text is folded (lowercase, no accents, punctuation as spaces) and cut into
words; every word is compared with the lexicon's words exactly, by prefix (lexicon terms ending in
``*``) and, for words of five letters or more, within a small edit distance (typos); multi-word terms
must match consecutive words. Where terms overlap, the longest wins ("algie vasculaire de la face" is a
headache, not a facial pain). Each term carries a weight (strong clinical term, medium hint, weak
everyday word); a category's score is ``100 * (1 - prod(1 - weight))`` over its distinct terms, a
weak-only match is capped low, and categories under :data:`MIN_SCORE` are not returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from finder.clinical.data import load, pair
from finder.errors import UsageError
from finder.i18n import pick, tr
from finder.model import PainMatch
from finder.text import close_matches, fold

MIN_SCORE = 35.0  # under this a category is not returned: a medium hint alone passes, weak words never
HIGH_CONFIDENCE = 75.0  # a strong clinical term alone reaches it; the UI may preselect such a match
WEAK_ONLY_CAP = 30.0  # everyday words alone ("bras", "pieds") never make a result
FUZZY_FACTOR = 0.9  # a term found through a typo counts a little less than the exact term
_MIN_FUZZY_LENGTH = 5


@dataclass(frozen=True, slots=True)
class PainCategory:
    id: str
    label_fr: str
    label_en: str
    evidence_level: str | None  # "A", "B" or None (no recommendation level established)
    evidence_fr: str
    evidence_en: str
    reference: str | None
    neuropathic: bool

    @property
    def label(self) -> str:
        return pick({"fr": self.label_fr, "en": self.label_en})

    @property
    def short_label(self) -> str:
        """The label without its parenthesised examples ("Douleur neuropathique périphérique")."""
        return self.label.split(" (", 1)[0]

    @property
    def evidence_text(self) -> str:
        return pick({"fr": self.evidence_fr, "en": self.evidence_en})


@cache
def categories() -> tuple[PainCategory, ...]:
    """The 10 categories of domain.md, in its order."""
    data = load("categories.toml")
    references = data["reference"]
    return tuple(
        PainCategory(
            id=entry["id"],
            label_fr=pair(entry["label"])["fr"],
            label_en=pair(entry["label"])["en"],
            evidence_level=entry["evidence"] or None,
            evidence_fr=pair(entry["evidence_text"])["fr"],
            evidence_en=pair(entry["evidence_text"])["en"],
            reference=references[entry["reference"]] if entry.get("reference") else None,
            neuropathic=entry["neuropathic"],
        )
        for entry in data["category"]
    )


def category_ids() -> tuple[str, ...]:
    return tuple(category.id for category in categories())


def get_category(category_id: str) -> PainCategory:
    """The category ``category_id``; an unknown id is a usage error naming the closest ids."""
    wanted = category_id.strip().lower().replace("-", "_")
    for category in categories():
        if category.id == wanted:
            return category
    close = close_matches(wanted, category_ids())
    if not close:  # "fibromyalgie", "lombalgie": try the labels too
        folded = fold(category_id)
        close = [c.id for c in categories() if folded and folded in fold(c.label_fr + " " + c.label_en)]
    if close:
        raise UsageError(tr("clinical.category.unknown_close", value=category_id, close=", ".join(close)))
    raise UsageError(tr("clinical.category.unknown", value=category_id, ids=", ".join(category_ids())))


# --- matching ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Term:
    category: str
    keys: tuple[str, ...]  # folded words; the last may be a prefix key "abc*"
    weight: float
    tier: str


@dataclass(frozen=True, slots=True)
class _Lexicon:
    terms_by_first: dict[str, tuple[_Term, ...]]
    words: tuple[str, ...]  # every whole lexicon word, for the typo search
    word_set: frozenset[str]
    prefixes: tuple[str, ...]  # prefix keys without their "*"
    not_typos: frozenset[str]  # common words never read as a typo
    negation_cues: frozenset[str]
    clause_breaks: frozenset[str]
    negation_window: int


def _term_keys(term: str) -> tuple[str, ...]:
    is_prefix = term.rstrip().endswith("*")
    words = fold(term.replace("*", " ")).split()
    if is_prefix and words:
        words[-1] += "*"
    return tuple(words)


@cache
def lexicon() -> _Lexicon:
    data = load("lexicon.toml")
    weights: dict[str, float] = data["weights"]
    known = set(category_ids())
    by_first: dict[str, list[_Term]] = {}
    words: set[str] = set()
    prefixes: set[str] = set()
    for category_id, tiers in data["terms"].items():
        if category_id not in known:
            raise ValueError(f"lexicon.toml: unknown category {category_id!r}")
        for tier, terms in tiers.items():
            for text in terms:
                keys = _term_keys(text)
                if not keys:
                    continue
                for key in keys:
                    (prefixes.add(key[:-1]) if key.endswith("*") else words.add(key))
                by_first.setdefault(keys[0], []).append(_Term(category_id, keys, weights[tier], tier))
    return _Lexicon(
        terms_by_first={key: tuple(terms) for key, terms in by_first.items()},
        words=tuple(sorted(words)),
        word_set=frozenset(words),
        prefixes=tuple(sorted(prefixes)),
        not_typos=frozenset(fold(w) for w in data["not_typos"]["words"]),
        negation_cues=frozenset(fold(w) for w in data["negation"]["cues"]),
        clause_breaks=frozenset(fold(w) for w in data["negation"]["clause_breaks"]),
        negation_window=data["negation"]["window"],
    )


def _allowed_edits(length: int) -> int:
    """Typos tolerated in a word of ``length`` letters: none under 6, one up to 8, two from 9.

    Five-letter words get none: French has too many real neighbours ("coton"/"colon", "jours"/"joues").
    """
    if length <= _MIN_FUZZY_LENGTH:
        return 0
    return 1 if length <= 8 else 2


@lru_cache(maxsize=8192)
def _word_keys(word: str) -> tuple[tuple[str, float], ...]:
    """The lexicon keys a folded text word matches, each with its quality (1.0 exact, less for typos)."""
    lex = lexicon()
    keys: dict[str, float] = {}
    if word in lex.word_set:
        keys[word] = 1.0
    for prefix in lex.prefixes:
        if word.startswith(prefix):
            keys[prefix + "*"] = 1.0
    if len(word) >= _MIN_FUZZY_LENGTH and word not in lex.not_typos:
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        for candidate, distance, _ in process.extract(
            word, lex.words, scorer=Levenshtein.distance, score_cutoff=2, limit=None
        ):
            if candidate in keys or candidate[0] != word[0]:
                continue
            if distance <= _allowed_edits(min(len(word), len(candidate))):
                keys[candidate] = FUZZY_FACTOR
        # a typo inside a prefix-term word ("fibromialgie" for "fibromyalg*")
        for prefix in lex.prefixes:
            if len(prefix) >= _MIN_FUZZY_LENGTH and prefix + "*" not in keys:
                head = word[: len(prefix)]
                if head[0] == prefix[0] and Levenshtein.distance(head, prefix) <= _allowed_edits(len(prefix)):
                    keys[prefix + "*"] = FUZZY_FACTOR
    return tuple(keys.items())


_TOKEN = re.compile(r"[^\W_]+|[,;.:!?]")


def _words(text: str) -> list[tuple[str, str, int]]:
    """(word as typed, folded word, clause number) for each word; punctuation only ends clauses."""
    breaks = lexicon().clause_breaks
    words = []
    clause = 0
    for found in _TOKEN.finditer(text):
        token = found.group()
        if not token[0].isalnum():
            clause += 1
            continue
        for folded in fold(token).split():
            if folded in breaks:
                clause += 1
            words.append((token.lower(), folded, clause))
    return words


def _negated(start: int, words: list[tuple[str, str, int]]) -> bool:
    """Whether a negation cue ("pas", "sans", "no"...) shortly precedes word ``start`` in its clause."""
    lex = lexicon()
    clause = words[start][2]
    for _, folded, word_clause in words[max(0, start - lex.negation_window) : start]:
        if word_clause == clause and folded in lex.negation_cues:
            return True
    return False


def match_pain(text: str, limit: int = 3) -> tuple[PainMatch, ...]:
    """The categories ``text`` describes, best first, at most ``limit``; () when nothing matches."""
    words = _words(text)
    folded = [w for _, w, _ in words]
    found: list[tuple[int, int, _Term, float]] = []  # (start, end, term, quality)
    lex = lexicon()
    per_word = [dict(_word_keys(w)) for w in folded]
    for start, keys in enumerate(per_word):
        for key, quality in keys.items():
            for term in lex.terms_by_first.get(key, ()):
                end = start + len(term.keys)
                if end > len(folded):
                    continue
                q = quality
                for offset, next_key in enumerate(term.keys[1:], start=1):
                    step = per_word[start + offset].get(next_key)
                    if step is None:
                        break
                    q = min(q, step)
                else:
                    if not _negated(start, words):
                        found.append((start, end, term, q))
    kept = _longest_first(found)
    return _score(kept, words, limit)


def _longest_first(found: list[tuple[int, int, _Term, float]]) -> list[tuple[int, int, _Term, float]]:
    """Drop a match that overlaps a longer one; matches of the same span are all kept."""
    kept: list[tuple[int, int, _Term, float]] = []
    cover: dict[int, int] = {}  # word index -> length of the longest kept match over it (linear time)
    for match in sorted(found, key=lambda m: (-(m[1] - m[0]), m[0])):
        start, end = match[0], match[1]
        if any(cover.get(i, 0) > end - start for i in range(start, end)):
            continue
        kept.append(match)
        for i in range(start, end):
            cover[i] = max(cover.get(i, 0), end - start)
    return kept


def _score(
    kept: list[tuple[int, int, _Term, float]], words: list[tuple[str, str, int]], limit: int
) -> tuple[PainMatch, ...]:
    # per category: the best weight per span (a span counts once, whatever the terms that found it)
    spans: dict[str, dict[tuple[int, int], tuple[float, str]]] = {}
    for start, end, term, quality in kept:
        weight = term.weight * quality
        best = spans.setdefault(term.category, {}).get((start, end))
        if best is None or weight > best[0]:
            spans[term.category][(start, end)] = (weight, term.tier)
    order = {cid: index for index, cid in enumerate(category_ids())}
    results = []
    for category, by_span in spans.items():
        remaining = 1.0
        matched: list[str] = []
        weak_only = True
        for (start, end), (weight, tier) in sorted(by_span.items()):
            phrase = " ".join(typed for typed, _, _ in words[start:end])
            if phrase in matched:
                continue  # the same words twice do not add evidence
            matched.append(phrase)
            remaining *= 1.0 - weight
            weak_only = weak_only and tier == "weak"
        score = 100.0 * (1.0 - remaining)
        if weak_only:
            score = min(score, WEAK_ONLY_CAP)
        if score >= MIN_SCORE:
            results.append(PainMatch(category, round(score, 1), tuple(matched)))
    results.sort(key=lambda m: (-m.score, -len(m.matched), order[m.category]))
    return tuple(results[: max(limit, 0)])


def best_match(text: str) -> PainMatch | None:
    matches = match_pain(text, limit=1)
    return matches[0] if matches else None


def confident(match: PainMatch) -> bool:
    """Whether the UI may preselect ``match`` (it still asks the user to confirm the category)."""
    return match.score >= HIGH_CONFIDENCE
