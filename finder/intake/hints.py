"""Answers the description already gives, proposed for the later questions (issue 13 item 8).

:func:`find_hints` reads a pain description and returns :class:`Hint` values: which question
(``step``, an id of :data:`finder.intake.dialogue.STEPS`), a ``code`` saying what was found, the
proposed ``value`` in that question's terms, and the ``span`` of the text it came from, so that the
conversation can show the words and ask the user to confirm. It never decides: no sentence, no
default, nothing taken silently.

Codes:
- ``months`` (value: months, float): "depuis 18 mois", "ça fait 2 ans", "for 3 weeks".
- ``years_unknown``, ``months_unknown``, ``long_unknown`` (value: None): "depuis des années",
  "depuis des mois", "depuis longtemps": a duration without a number is reported as such.
- ``intensity`` (value: 0-10, int): "7/10", "8 sur 10", "EVA 6".
- ``treatments_failed`` (value: True, for the "refractory" question): "sans soulagement",
  "rien ne marche".
- ``age`` (value: years, int): "mon fils de 12 ans", "patiente de 67 ans", "45-year-old".

Words are read in context with the pain matcher's rules (:mod:`finder.clinical.negation`): a negated
mention ("pas de douleur depuis 2 ans") proposes nothing. Several hints for one step (two durations)
are all returned, in text order: the conversation must then ask, not choose. Numbers go through the
questions' own parsers (:mod:`finder.intake.answers`), so a proposal is always an answer the question
would accept. The words are data: ``finder/data/intake/hints.toml``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from finder.clinical.negation import NEGATED, assertions, split_words, state_at
from finder.errors import UsageError
from finder.intake import answers

_DATA = Path(__file__).resolve().parent.parent / "data" / "intake" / "hints.toml"

# Units of a duration as typed (flattened: lowercase, no accents); single letters are left out on
# purpose ("2 a", "3 m" are too often something else in free text).
_DURATION_UNITS = (
    "mois", "month", "months", "ans", "an", "annees", "annee", "years", "year", "yrs", "yr",
    "semaines", "semaine", "sem", "weeks", "week", "wks", "jours", "jour", "days", "day",
)  # fmt: skip
_NUMBER = r"\d{1,4}(?:[.,]\d+)?"


@dataclass(frozen=True, slots=True)
class Hint:
    step: str  # the question it answers: "months", "intensity", "refractory" or "age"
    code: str  # what was found: "months", "years_unknown", "intensity", "treatments_failed", "age"...
    value: float | int | bool | None  # the proposed answer, in the question's terms; None: no number
    span: tuple[int, int]  # where in the description (character offsets, end excluded)


def _flat(text: str) -> str:
    """``text`` lowercased without accents, same length (offsets stay valid); ’ becomes '."""
    out = []
    for char in text:
        lowered = char.lower()
        base = unicodedata.normalize("NFKD", lowered)[:1] if len(lowered) == 1 else char
        out.append("'" if base in "’`´" else (base or char))
    return "".join(out)


def _phrase_pattern(phrases: list[str]) -> str:
    """A regex alternative of whole-word ``phrases``, longest first, spaces and apostrophes flexible."""
    parts = []
    for phrase in sorted(phrases, key=len, reverse=True):
        words = re.findall(r"[^\W_]+", _flat(phrase))
        if words:
            parts.append(r"\W+".join(re.escape(word) for word in words))
    return r"(?<![^\W_])(?:" + "|".join(parts) + r")(?![^\W_])"


@dataclass(frozen=True, slots=True)
class _Patterns:
    duration: re.Pattern[str]
    vague: tuple[tuple[str, re.Pattern[str]], ...]
    failed: re.Pattern[str]
    intensity: re.Pattern[str]
    ages: tuple[re.Pattern[str], ...]
    numbers: dict[str, int]


# An age is a number with its unit ("12 ans", "45 years old"), or a bare number closing its clause
# ("my son, 12", "ma fille (9)"), and not followed by what shows it is not an age ("12 ans de
# migraines", "8 sur 10", "3 enfants").
_NOT_AN_AGE_AFTER = (
    r"(?!\s*(?:/|de\s|d'|que|qu'|of\s|sur\s|out\s|mois|months?|semaines?|weeks?|jours?|days?))"
)
_AGE_UNIT = r"(?:\s*(?:ans|an|years?\s+old|years?|yo|y/o)(?![^\W_])|(?=\s*(?:[,.;:)]|$)))"


@cache
def _patterns() -> _Patterns:
    import tomli

    with _DATA.open("rb") as handle:
        data = tomli.load(handle)
    numbers = {_flat(word): value for word, value in data["numbers"].items()}
    words = "|".join(sorted(map(re.escape, numbers), key=len, reverse=True))
    units = "|".join(_DURATION_UNITS)
    half = r"(?P<half>\s+(?:et\s+demie?|and\s+a\s+half))?"
    duration = re.compile(
        # "depuis 18 mois", "for 3 weeks", "depuis un an et demi"
        _phrase_pattern(data["duration_cues"])
        + rf"\s+(?P<n>{_NUMBER}|{words})\s*(?P<unit>{units})(?![^\W_]){half}"
        # "18 mois que j'ai mal", "3 years of pain"
        + rf"|(?<![^\W_])(?P<n2>{_NUMBER}|{words})\s*(?P<unit2>{units})\s+(?:que|qu'|of\s+(?:pain|suffering))"
    )
    persons = _phrase_pattern(data["age"]["persons"])
    ages = (
        # "mon fils de 12 ans", "patiente de 67 ans", "ma fille (9 ans)", "my son, 12"
        re.compile(persons + rf"\W{{0,3}}(?:de\s+|d'|aged\s+|of\s+)?(?P<age>\d{{1,3}}){_AGE_UNIT}"
                   + _NOT_AN_AGE_AFTER),
        # "âgé de 45 ans", "aged 45", "âge : 45"
        re.compile(rf"(?<![^\W_])(?:agee?s?\s+de|aged|age\s*:)\s*(?P<age>\d{{1,3}}){_AGE_UNIT}(?![^\W_])"),
        # "45-year-old", "45 years old"
        re.compile(r"(?<![^\W_\-])(?P<age>\d{1,3})[\s-]*(?:year|yr)s?[\s-]*old(?![^\W_])"),
        # "j'ai 45 ans", "I am 45" (not "j'ai 2 ans de douleur")
        re.compile(r"(?<![^\W_])(?:j'ai|il\s+a|elle\s+a|i\s+am|i'm|he\s+is|she\s+is)\s+(?P<age>\d{1,3})"
                   + _AGE_UNIT + _NOT_AN_AGE_AFTER),
    )  # fmt: skip
    intensity = re.compile(
        # "7/10", "8 sur 10", "6 out of 10"; not a date "12/10/2023" nor "7,5/10"
        r"(?<![\w/.,])(?P<value>\d{1,2}(?:[.,]\d+)?)\s*(?:/|sur|out\s+of|over)\s*10(?![\w/]|[.,]\d)"
        # "EVA 6", "EVA à 7", "NRS: 8"
        r"|(?<![^\W_])(?:eva|nrs|vas|intensite)\s*(?:a|de|=|:)?\s*(?P<scale>\d{1,2})(?![\w/]|[.,]\d)"
    )
    vague = tuple(
        (code, re.compile(_phrase_pattern(phrases))) for code, phrases in data["vague_durations"].items()
    )
    return _Patterns(
        duration=duration,
        vague=vague,
        failed=re.compile(_phrase_pattern(data["treatments_failed"]["phrases"])),
        intensity=intensity,
        ages=ages,
        numbers=numbers,
    )


def _months(number: str, unit: str, half: bool, numbers: dict[str, int]) -> float | None:
    count = float(numbers[number]) if number in numbers else float(number.replace(",", "."))
    try:
        return answers.parse_months(f"{count + (0.5 if half else 0.0)} {unit}")
    except UsageError:
        return None


def find_hints(text: str) -> tuple[Hint, ...]:
    """The answers ``text`` already gives, in text order (several for one step: ask, do not choose)."""
    flat = _flat(text)
    patterns = _patterns()
    words = split_words(text)
    said = assertions(words)
    found: list[Hint] = []

    def add(step: str, code: str, value: float | int | bool | None, span: tuple[int, int]) -> None:
        if state_at(span[0], words, said) != NEGATED:
            found.append(Hint(step, code, value, span))

    for match in patterns.duration.finditer(flat):
        number, unit = match.group("n") or match.group("n2"), match.group("unit") or match.group("unit2")
        months = _months(number, unit, bool(match.group("half")), patterns.numbers)
        if months is not None:
            add("months", "months", months, match.span())
    for code, pattern in patterns.vague:
        for match in pattern.finditer(flat):
            add("months", code, None, match.span())
    for match in patterns.intensity.finditer(flat):
        raw = match.group("value") or match.group("scale")
        try:
            add("intensity", "intensity", answers.parse_intensity(raw.replace(",", ".")), match.span())
        except UsageError:
            continue  # "7,5/10", "12/10": not an answer the question accepts, so not proposed
    for match in patterns.failed.finditer(flat):
        add("refractory", "treatments_failed", True, match.span())
    ages: set[tuple[int, int]] = set()
    for pattern in patterns.ages:
        for match in pattern.finditer(flat):
            span = match.span("age")
            if span in ages:
                continue
            try:
                years = answers.parse_age(match.group("age"))
            except UsageError:
                continue
            ages.add(span)
            add("age", "age", years, match.span())
    return tuple(sorted(found, key=lambda hint: hint.span))
