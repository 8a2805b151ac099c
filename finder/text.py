"""Text folding for matching French text typed by users against official names.

``fold`` is what every matcher in finder compares: "Saint-Étienne", "st etienne" and "ST-ÉTIENNE" all
fold to ``"saint etienne"``. The pipeline follows addok's (the engine behind the national address
base): lowercase, strip accents (NFKD, drop combining marks), fold the ligatures œ/æ/ß, turn every
character that is neither a letter nor a digit (hyphens, apostrophes, punctuation, control characters,
emoji) into a space, expand the abbreviations St/Ste/Sts/Stes, and squeeze spaces.
"""

from __future__ import annotations

import re
import unicodedata

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
