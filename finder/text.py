"""Text folding for matching French text typed by users against official names.

``fold`` is what every matcher in finder compares: "Saint-Étienne", "st etienne" and "ST-ÉTIENNE" all
fold to ``"saint etienne"``. The pipeline follows addok's (the engine behind the national address
base): lowercase, strip accents (NFKD, drop combining marks), fold the ligatures œ/æ/ß, turn every
character that is neither a letter nor a digit (hyphens, apostrophes, punctuation, control characters,
emoji) into a space, expand the abbreviations St/Ste/Sts/Stes, and squeeze spaces.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

# Ligatures and letters that NFKD leaves whole.
_LIGATURE_PAIRS = (("œ", "oe"), ("æ", "ae"), ("ß", "ss"), ("ø", "o"), ("đ", "d"), ("ł", "l"), ("ı", "i"))
_LIGATURES = str.maketrans(dict(_LIGATURE_PAIRS))

# addok-fr synonyms.txt: st => saint, ste => sainte (and their plurals).
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}

_NON_ALNUM = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """The matching form of ``text``: lowercase ASCII-ish words separated by single spaces."""
    if text.isascii():
        lowered = text.lower()
    else:
        lowered = unicodedata.normalize("NFKD", text.lower().translate(_LIGATURES))
        lowered = "".join(char for char in lowered if not unicodedata.combining(char))
    words = _NON_ALNUM.sub(" ", lowered).split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


def _match_key(text: str) -> str:
    return text.strip().casefold().replace("-", "_").replace(" ", "_")


def close_matches(value: str, choices: Iterable[str], *, limit: int = 3) -> list[str]:
    """The ``choices`` closest to ``value`` (a mistyped id, key or word), best first, at most ``limit``.

    One rule for every "did you mean" of finder: case, hyphens and spaces are ignored
    (``neuropathic-central`` finds ``neuropathic_central``), and a choice must share at least 60 %
    of its characters with ``value`` (``difflib``'s ratio, cutoff 0.6). Returns the choices as given.
    """
    by_key: dict[str, str] = {}
    for choice in choices:
        by_key.setdefault(_match_key(choice), choice)
    found = difflib.get_close_matches(_match_key(value), list(by_key), n=limit, cutoff=0.6)
    return [by_key[key] for key in found]


def format_number(value: float, decimal_mark: str = ".") -> str:
    """A number a user gave (months, km, a score) without a spurious ``.0``: ``12``, ``2.5``.

    ``decimal_mark`` is the language's (``","`` in French).
    """
    text = str(int(value)) if float(value).is_integer() else f"{value:g}"
    return text.replace(".", decimal_mark)
