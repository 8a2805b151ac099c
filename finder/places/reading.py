"""Reading what a user typed for a place, before any lookup: the postal spellings made plain.

``read_query`` folds the text (``finder.text.fold``) and rewrites the forms that La Poste, address
labels and spreadsheets use for the same communes, each rewrite leaving a note (a code) so that the
answer can say what was read:

- "CEDEX" and "CEDEX nn" are dropped ("POITIERS CEDEX" is Poitiers); in Paris, Lyon and Marseille the
  CEDEX number is the arrondissement ("PARIS CEDEX 13" is Paris 13e);
- Roman numerals after those three cities are arrondissements ("Paris XIIIe", "Marseille Ier");
- a leading zero of an arrondissement number goes ("MARSEILLE 08" is Marseille 8e).

Codes (postcodes that lost their leading zero, CEDEX codes, former INSEE codes) are read by the
resolver's code steps, which know the gazetteer.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from finder.model import PlaceNote
from finder.places.keys import canonical
from finder.text import fold

MAX_QUERY = 200  # characters considered; no commune name is longer than about 50

_CITIES = r"(paris|lyon|marseille)"
_CEDEX = re.compile(r"(?:^|(?<= ))cedex ?(\d{1,3})?(?= |$)")
_CITY_CEDEX = re.compile(_CITIES + r" cedex ?(\d{1,2})(?= |$)")
_ROMAN = re.compile(r"\b" + _CITIES + r" ([ivx]{1,5})(?:e|er|ere|eme|ieme|em)?(?= |$)")
_LEADING_ZERO = re.compile(r"\b" + _CITIES + r" 0(\d)\b")
PARENTHESIZED = re.compile(r"\(\s*[^()]*?\s*\)\s*$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}
LAST_ARRONDISSEMENT = 20


class Query(NamedTuple):
    """A place query as read: ``key`` is what the indexes are searched with."""

    text: str  # as typed, cut to MAX_QUERY characters
    key: str  # folded, postal spellings rewritten, arrondissement spellings unified
    parenthesized: bool  # ends with "(...)": a department or postcode qualifier, never an arrondissement
    bare_number: bool  # ends with a number without ordinal ("marseille 13", not "13e")
    notes: tuple[PlaceNote, ...] = ()


def roman(numeral: str) -> int | None:
    """The value of a Roman numeral written with i, v and x, or None when it is not well formed."""
    total, previous = 0, 0
    for char in reversed(numeral):
        value = _ROMAN_VALUES[char]
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total if total > 0 and to_roman(total) == numeral else None


def to_roman(number: int) -> str:
    out = ""
    for value, letters in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while number >= value:
            out += letters
            number -= value
    return out


def _arabic(match: re.Match[str]) -> str:
    value = roman(match.group(2))
    if value is None or value > LAST_ARRONDISSEMENT:
        return match.group(0)
    return f"{match.group(1)} {value}"


def read_query(text: object) -> Query:
    """The query as the resolver searches it; never raises (a non-string reads as empty)."""
    raw = text[:MAX_QUERY] if isinstance(text, str) else ""
    folded = fold(raw)
    notes: list[PlaceNote] = []
    if "cedex" in folded:
        rewritten = _CITY_CEDEX.sub(r"\1 \2", folded)
        rewritten = " ".join(_CEDEX.sub(" ", rewritten).split())
        if rewritten != folded:
            notes.append(PlaceNote("cedex"))
            folded = rewritten
    folded = _ROMAN.sub(_arabic, folded)
    folded = _LEADING_ZERO.sub(r"\1 \2", folded)
    return Query(
        text=raw,
        key=canonical(folded),
        parenthesized=bool(PARENTHESIZED.search(raw)),
        bare_number=folded.rpartition(" ")[2].isdigit(),
        notes=tuple(notes),
    )
