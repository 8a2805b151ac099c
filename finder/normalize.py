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


_COMBINING = re.compile(r"[\u0300-\u036f]+")
# ASCII bytes that are not letters or digits become spaces; newlines separate the texts of fold_many.
_ASCII_TABLE = bytes(c if (chr(c).isalnum() or c == 10) else 32 for c in range(128)) + bytes(range(128, 256))
_SPACES = re.compile(r" {2,}")
_LINE_EDGE_SPACES = re.compile(r" ?\n ?")
_ABBREVIATION_WORD = re.compile(r"(?<![^ \n])(?:sts?|stes?)(?![^ \n])")


def fold_many(texts: list[str]) -> list[str]:
    """``[fold(text) for text in texts]``, about twice as fast on many short names.

    It folds all texts as one string (one NFKD pass, one byte translation); when the result is not
    plain ASCII (a letter NFKD cannot reduce) or a text holds a newline, it falls back to ``fold``.
    """
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:
        return [fold(text) for text in texts]
    joined = joined.lower()
    for ligature, letters in _LIGATURE_PAIRS:
        if ligature in joined:
            joined = joined.replace(ligature, letters)
    joined = _COMBINING.sub("", unicodedata.normalize("NFKD", joined))
    if not joined.isascii():
        return [fold(text) for text in texts]
    joined = joined.encode("ascii").translate(_ASCII_TABLE).decode("ascii")
    joined = _ABBREVIATION_WORD.sub(lambda match: ABBREVIATIONS[match.group()], joined)
    joined = _LINE_EDGE_SPACES.sub("\n", _SPACES.sub(" ", joined)).strip(" ")
    return joined.split("\n")
