"""Warning signs proposed from a free-text pain description (they are confirmed by the user).

The signs are the product's warning-sign ids (thunderclap_headache, headache_fever_neck, cauda_equina,
motor_deficit, weight_loss, fever, cancer_history, rest_night_pain, hyperalgic); the words that point
to each, with the source of each sign, are data: ``finder/data/clinical/alert_terms.toml``. Their
labels and the urgent route text belong to ``finder/data/clinical/alerts.toml``, not to this module.

A sign is found by one of its ``terms`` alone, or by a ``together`` rule: one word of each named group
in the same sentence or clause ("mal de tête" + "brutal"). Words are read in context with the pain
matcher's rules (:mod:`finder.clinical.negation`): "pas de fièvre", "cancer écarté" and "sa mère a eu
un cancer" propose nothing. Exact words and prefixes only: no typo tolerance, so that a proposal is
always a word the user can see in what was typed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from finder.clinical.data import load
from finder.clinical.negation import ASSERTED, Word, assertions, split_words
from finder.text import fold

Keys = tuple[str, ...]  # folded words; the last may end with "*" (a prefix)
Span = tuple[int, int]  # word indexes, end excluded


@dataclass(frozen=True, slots=True)
class AlertHit:
    sign: str  # a warning-sign id
    words: str  # the words of the description that point to it, as typed ("coup de tonnerre")


@dataclass(frozen=True, slots=True)
class _Sign:
    id: str
    sources: tuple[str, ...]
    terms: tuple[Keys, ...]
    together: tuple[tuple[str, ...], ...]  # group names that must all be found
    scope: str  # "sentence" or "clause"


@dataclass(frozen=True, slots=True)
class _Table:
    signs: tuple[_Sign, ...]
    groups: dict[str, tuple[Keys, ...]]
    sources: dict[str, str]


def _keys(term: str) -> Keys:
    words = fold(term.replace("*", " ")).split()
    if term.rstrip().endswith("*") and words:
        words[-1] += "*"
    return tuple(words)


@cache
def table() -> _Table:
    """The parsed ``alert_terms.toml``, checked: known group and source names, a scope, some terms."""
    data = load("alert_terms.toml")
    groups = {name: tuple(_keys(t) for t in terms) for name, terms in data["groups"].items()}
    sources: dict[str, str] = data["sources"]
    signs = []
    for entry in data["sign"]:
        together = tuple(tuple(rule) for rule in entry.get("together", ()))
        unknown = {name for rule in together for name in rule} - groups.keys()
        unknown |= set(entry["sources"]) - sources.keys()
        scope = entry.get("scope", "sentence")
        if unknown or scope not in ("sentence", "clause") or not entry["terms"]:
            raise ValueError(f"alert_terms.toml: sign {entry['id']!r}: unknown {sorted(unknown)} or scope")
        terms = tuple(_keys(t) for t in entry["terms"])
        signs.append(_Sign(entry["id"], tuple(entry["sources"]), terms, together, scope))
    return _Table(tuple(signs), groups, sources)


def sign_ids() -> tuple[str, ...]:
    """The warning-sign ids, in the data's order (the order of the safety rules)."""
    return tuple(sign.id for sign in table().signs)


def sign_sources(sign_id: str) -> tuple[str, ...]:
    """The references a sign comes from, as written in the data file."""
    found = {sign.id: sign for sign in table().signs}[sign_id]
    return tuple(table().sources[key] for key in found.sources)


def _spans(keys: Keys, words: Sequence[Word], said: Sequence[str], index: dict[str, list[int]]) -> list[Span]:
    """Where ``keys`` occurs in ``words`` as the patient's own words (not negated, not reported).

    ``index`` maps each distinct word of the text to its positions: a term is looked for only where
    its first word is, so a long pasted text costs its length, not its length times the terms.
    """
    first = keys[0]
    if first.endswith("*"):
        starts = sorted(i for word, found in index.items() if word.startswith(first[:-1]) for i in found)
    else:
        starts = index.get(first, [])
    spans: list[Span] = []
    for start in starts:
        end = start + len(keys)
        if end > len(words) or said[start] != ASSERTED:  # judged on the first word, as NegEx does
            continue
        if all(_word_matches(key, words[start + i].folded) for i, key in enumerate(keys[1:], start=1)):
            spans.append((start, end))
    return spans


def _word_matches(key: str, word: str) -> bool:
    return word.startswith(key[:-1]) if key.endswith("*") else word == key


def find_alerts(text: str) -> tuple[AlertHit, ...]:
    """The warning signs ``text`` points to, one hit per sign (its first evidence), in the data's order."""
    words = split_words(text)
    if not words:
        return ()
    said = assertions(words)
    lookup = table()
    index: dict[str, list[int]] = {}
    for position, word in enumerate(words):
        index.setdefault(word.folded, []).append(position)
    seen: dict[Keys, list[Span]] = {}

    def spans(keys: Keys) -> list[Span]:
        if keys not in seen:
            seen[keys] = _spans(keys, words, said, index)
        return seen[keys]

    def typed(start: int, end: int) -> str:
        return " ".join(w.typed for w in words[start:end])

    hits: list[AlertHit] = []
    for sign in lookup.signs:
        evidence = sorted(span for keys in sign.terms for span in spans(keys))
        if evidence:
            hits.append(AlertHit(sign.id, typed(*evidence[0])))
            continue
        for rule in sign.together:
            found = _together(rule, lookup.groups, spans, words, sign.scope)
            if found:
                hits.append(AlertHit(sign.id, " … ".join(typed(*span) for span in found)))
                break
    return tuple(hits)


def _together(
    rule: tuple[str, ...],
    groups: dict[str, tuple[Keys, ...]],
    spans: Callable[[Keys], list[Span]],
    words: Sequence[Word],
    scope: str,
) -> list[Span] | None:
    """One span per group of ``rule``, all in the same sentence or clause; None when there is none."""
    by_unit: list[dict[int, Span]] = []
    for name in rule:
        first_in_unit: dict[int, Span] = {}
        for keys in groups[name]:
            for span in spans(keys):
                word = words[span[0]]
                unit = word.sentence if scope == "sentence" else word.clause
                if unit not in first_in_unit or span < first_in_unit[unit]:
                    first_in_unit[unit] = span
        by_unit.append(first_in_unit)
    shared = set(by_unit[0]).intersection(*by_unit[1:])
    if not shared:
        return None
    unit = min(shared)
    return sorted(found[unit] for found in by_unit)


def detect_alerts(text: str) -> tuple[str, ...]:
    """The warning-sign ids ``text`` points to (negated and reported mentions excluded), in data order."""
    return tuple(hit.sign for hit in find_alerts(text))
