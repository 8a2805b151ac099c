"""Pain categories (ids, labels, rTMS evidence) and free-text matching of a pain description.

The categories and their evidence levels are data: ``finder/data/clinical/categories.toml``
(evidence levels: Lefaucheur et al., Clin Neurophysiol 2020). The matching vocabulary is data
too: ``finder/data/clinical/lexicon.toml``, which clinicians extend without reading this code.

Matching, in short: the text is folded (lowercase, no accents, punctuation as spaces) and cut into
words; every word is compared with the lexicon's words exactly, by prefix (lexicon terms ending in
``*``) and, only when it has no exact match, within a small edit distance (typos: "fibromialgie");
multi-word terms must match consecutive words. A typo reaches a strong term only when it is close
(:data:`STRONG_FUZZY_MIN_SIMILARITY`: "cruralgie" is not "causalgie"), and where an exact term and a
typo cover the same words the exact term wins. Where terms overlap, the longest wins ("algie vasculaire
de la face" is a headache, not a facial pain).

Words are read in context (:mod:`finder.clinical.negation`): a negated term ("pas de cancer", "cancer
écarté", "on n'a rien trouvé") counts for nothing, and a reported one ("sa mère a eu un cancer", "peur
d'avoir un cancer") only adds, at half weight, to a category that the patient's own words already point
to: neither selects a category by itself.

Each term carries a weight (strong clinical term, medium hint, weak everyday word); a category's score
is ``100 * (1 - prod(1 - weight))`` over its distinct terms, a weak-only match is capped low, and
categories under :data:`MIN_SCORE` are not returned. Equal scores are ranked by specificity: a term
that points to one category only counts more than a term shared by several ("visage" beats
"neuropathique"), then by the number of terms, then in the categories' order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, NamedTuple

from finder.clinical.data import load, pair
from finder.clinical.ids import normalise_id, unknown_id
from finder.i18n import pick
from finder.model import PainMatch
from finder.text import close_matches, fold

if TYPE_CHECKING:
    from finder.clinical.negation import Word

MIN_SCORE = 35.0  # under this a category is not returned: a medium hint alone passes, weak words never
HIGH_CONFIDENCE = 75.0  # a strong clinical term alone reaches it; the UI may preselect such a match
WEAK_ONLY_CAP = 30.0  # everyday words alone ("bras", "pieds") never make a result
FUZZY_FACTOR = 0.9  # a term found through a typo counts a little less than the exact term
# A term said of someone else or feared ("son père a eu un AVC") counts this much, and only in a category
# the patient's own words point to: it supports, it never selects nor lifts a weak hint to high confidence.
REPORTED_FACTOR = 0.5
# A typo reaches a strong term only this close (1 - edits / length): one edit in a word of 7 letters or
# more. "cruralgie" -> "causalgie" (2 edits in 9, 0.78) no longer reads as CRPS.
STRONG_FUZZY_MIN_SIMILARITY = 0.85
_MIN_FUZZY_LENGTH = 5


@dataclass(frozen=True, slots=True)
class PainCategory:
    """One pain category of ``categories.toml``: labels, rTMS evidence level and text, reference."""

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
    """The 10 pain categories, in the order of ``categories.toml``."""
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
    wanted = normalise_id(category_id)
    for category in categories():
        if category.id == wanted:
            return category
    close = close_matches(wanted, category_ids())
    if not close:  # "fibromyalgie", "lombalgie": try the labels too
        folded = fold(category_id)
        close = [c.id for c in categories() if folded and folded in fold(c.label_fr + " " + c.label_en)]
    raise unknown_id(
        category_id,
        category_ids(),
        close_key="clinical.category.unknown_close",
        all_key="clinical.category.unknown",
        close=close,
    )


# --- matching ------------------------------------------------------------------------------------


class _Term(NamedTuple):
    """One lexicon term: its category, folded keys, weight and tier."""

    category: str
    keys: tuple[str, ...]  # folded words; the last may be a prefix key "abc*"
    weight: float
    tier: str


class _Lexicon(NamedTuple):
    """The lexicon, indexed for matching (terms by first key, words and prefixes for typos)."""

    terms_by_first: dict[str, tuple[_Term, ...]]
    words: tuple[str, ...]  # every whole lexicon word, for the typo search
    word_set: frozenset[str]
    prefixes: tuple[str, ...]  # prefix keys without their "*"
    not_typos: frozenset[str]  # common words never read as a typo
    spread: dict[tuple[str, ...], int]  # term keys -> how many categories list them (specificity)


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
    categories_of: dict[tuple[str, ...], set[str]] = {}
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
                categories_of.setdefault(keys, set()).add(category_id)
    return _Lexicon(
        terms_by_first={key: tuple(terms) for key, terms in by_first.items()},
        words=tuple(sorted(words)),
        word_set=frozenset(words),
        prefixes=tuple(sorted(prefixes)),
        not_typos=frozenset(fold(w) for w in data["not_typos"]["words"]),
        spread={keys: len(found) for keys, found in categories_of.items()},
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
    """The lexicon keys a folded text word matches, each with its similarity (1.0 exact, less for a typo).

    A word with an exact match (a lexicon word or prefix) is never also read as a typo of another word.
    """
    lex = lexicon()
    keys: dict[str, float] = {}
    if word in lex.word_set:
        keys[word] = 1.0
    for prefix in lex.prefixes:
        if word.startswith(prefix):
            keys[prefix + "*"] = 1.0
    if keys or len(word) < _MIN_FUZZY_LENGTH or word in lex.not_typos:
        return tuple(keys.items())
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    for candidate, distance, _ in process.extract(
        word, lex.words, scorer=Levenshtein.distance, score_cutoff=2, limit=None
    ):
        if candidate[0] != word[0]:
            continue
        if distance <= _allowed_edits(min(len(word), len(candidate))):
            keys[candidate] = 1.0 - distance / max(len(word), len(candidate))
    # a typo inside a prefix-term word ("fibromialgie" for "fibromyalg*")
    for prefix in lex.prefixes:
        if len(prefix) >= _MIN_FUZZY_LENGTH:
            head = word[: len(prefix)]
            if head[0] == prefix[0]:
                distance = Levenshtein.distance(head, prefix)
                if distance <= _allowed_edits(len(prefix)):
                    keys[prefix + "*"] = 1.0 - distance / len(prefix)
    return tuple(keys.items())


def match_pain(text: str, limit: int = 3) -> tuple[PainMatch, ...]:
    """The categories ``text`` describes, best first, at most ``limit``; () when nothing matches."""
    # here, not at the top: a route given a category id reads no free text
    from finder.clinical.negation import NEGATED, REPORTED, assertions, split_words

    words = split_words(text)
    said = assertions(words)
    folded = [w.folded for w in words]
    found: list[_Found] = []
    lex = lexicon()
    per_word = [dict(_word_keys(w)) for w in folded]
    for start, keys in enumerate(per_word):
        for key, similarity in keys.items():
            for term in lex.terms_by_first.get(key, ()):
                end = start + len(term.keys)
                if end > len(folded):
                    continue
                lowest = similarity
                for offset, next_key in enumerate(term.keys[1:], start=1):
                    step = per_word[start + offset].get(next_key)
                    if step is None:
                        break
                    lowest = min(lowest, step)
                else:
                    if term.tier == "strong" and lowest < STRONG_FUZZY_MIN_SIMILARITY:
                        continue  # a distant typo never reaches a diagnosis
                    if said[start] == NEGATED:  # judged on the first word, as NegEx judges a concept
                        continue
                    found.append(_Found(start, end, term, lowest == 1.0, said[start] == REPORTED))
    return _score(_exact_first(_longest_first(found)), words, limit)


class _Found(NamedTuple):
    """A term found in a text: its word span, whether exact, whether reported of someone else."""

    start: int
    end: int  # exclusive, in words
    term: _Term
    exact: bool  # False: found through a typo
    reported: bool  # said of someone else or feared, not of the patient


def _longest_first(found: list[_Found]) -> list[_Found]:
    """Drop a match that overlaps a longer one; matches of the same span are all kept."""
    kept: list[_Found] = []
    cover: dict[int, int] = {}  # word index -> length of the longest kept match over it (linear time)
    for match in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
        if any(cover.get(i, 0) > match.end - match.start for i in range(match.start, match.end)):
            continue
        kept.append(match)
        for i in range(match.start, match.end):
            cover[i] = max(cover.get(i, 0), match.end - match.start)
    return kept


def _exact_first(found: list[_Found]) -> list[_Found]:
    """Where an exact term and a typo cover the same words, drop the typo."""
    exact_spans = {(m.start, m.end) for m in found if m.exact}
    return [m for m in found if m.exact or (m.start, m.end) not in exact_spans]


def _score(kept: list[_Found], words: list[Word], limit: int) -> tuple[PainMatch, ...]:
    lex = lexicon()
    # per category: the best match per span (a span counts once, whatever the terms that found it)
    spans: dict[str, dict[tuple[int, int], tuple[float, _Found]]] = {}
    for match in kept:
        weight = match.term.weight * (1.0 if match.exact else FUZZY_FACTOR)
        weight *= REPORTED_FACTOR if match.reported else 1.0
        best = spans.setdefault(match.term.category, {}).get((match.start, match.end))
        if best is None or weight > best[0]:
            spans[match.term.category][(match.start, match.end)] = (weight, match)
    order = {cid: index for index, cid in enumerate(category_ids())}
    ranked: list[tuple[float, float, int, int, PainMatch]] = []
    for category, by_span in spans.items():
        if all(match.reported for _, match in by_span.values()):
            continue  # someone else's illness or a fear never selects a category by itself
        remaining = 1.0
        matched: list[str] = []
        specificity = 0.0
        weak_only = True
        for (start, end), (weight, match) in sorted(by_span.items()):
            phrase = " ".join(w.typed for w in words[start:end])
            if phrase in matched:
                continue  # the same words twice do not add evidence
            matched.append(phrase)
            remaining *= 1.0 - weight
            specificity += 1.0 / lex.spread[match.term.keys]
            weak_only = weak_only and match.term.tier == "weak"
        score = 100.0 * (1.0 - remaining)
        if weak_only:
            score = min(score, WEAK_ONLY_CAP)
        if score >= MIN_SCORE:
            result = PainMatch(category, round(score, 1), tuple(matched))
            ranked.append((-result.score, -specificity, -len(matched), order[category], result))
    ranked.sort(key=lambda row: row[:4])
    return tuple(row[4] for row in ranked[: max(limit, 0)])


def best_match(text: str) -> PainMatch | None:
    matches = match_pain(text, limit=1)
    return matches[0] if matches else None


def confident(match: PainMatch) -> bool:
    """Whether the UI may preselect ``match`` (it still asks the user to confirm the category)."""
    return match.score >= HIGH_CONFIDENCE
