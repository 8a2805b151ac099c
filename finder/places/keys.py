"""Matching keys: the folded form under which names are indexed and queries looked up.

``canonical(fold(name))`` is the key of an official name ("Paris 13e Arrondissement" -> "paris 13").
The data file stores the key of every name that the cheap bulk fold ``quick_fold_many`` would get
wrong, so that loading never runs the full ``fold`` over 35,000 names.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from finder.places.columns import searchable

ARTICLES = ("le", "la", "les", "l")
STOPWORDS = frozenset((*ARTICLES, "de", "du", "des", "d", "en", "sur", "sous", "et", "aux", "au", "a", "lez"))
ARTICLE_STARTS = tuple(f"{article} " for article in ARTICLES)

# "13e", "1er", "3eme", "2ème" (folded) -> the number; "arrondissement" and its abbreviations dropped.
_ORDINAL = re.compile(r"\b(\d{1,2}) ?(?:er|ere|e|eme|ieme|em)\b")
_ARRONDISSEMENT_WORD = re.compile(r" (?:arrondissement|arrondissements|arrond|arrdt|arrt|arr)\b")
_GLUED_NUMBER = re.compile(r"^(paris|lyon|marseille)(\d)")
_DIGIT = re.compile(r"\d")

# quick_fold_many: ASCII bytes that are not letters or digits become spaces, other bytes stay.
_QUICK_TABLE = bytes(c if (chr(c).isalnum() or c == 10) else 32 for c in range(128)) + bytes(range(128, 256))


def quick_fold_many(texts: list[str]) -> list[str]:
    """A bulk fold that is right for most official names and costs a few milliseconds for all of them.

    Lowercase, and every ASCII character that is neither a letter nor a digit becomes a space: that is
    ``canonical(fold(name))`` for a plain ASCII name with single separators ("Saint-Denis"). The data
    file stores the matching key of every other name (accents, "L'Haÿ", arrondissements), so that the
    full ``fold`` never runs over the 35,000 names at load time. Texts must not contain newlines.
    """
    if not texts:
        return []
    joined = "\n".join(texts).lower().encode("utf-8", "surrogatepass").translate(_QUICK_TABLE)
    return joined.decode("utf-8", "surrogatepass").split("\n")


def stored_keys(texts: list[str], keys: list[str]) -> list[str]:
    """Keys as the data file stores them: "" where ``quick_fold_many`` already gives the key."""
    return ["" if quick == key else key for quick, key in zip(quick_fold_many(texts), keys, strict=True)]


def unstored_keys(texts: list[str], stored: list[str]) -> list[str]:
    """The inverse of ``stored_keys``."""
    return [key or quick for key, quick in zip(stored, quick_fold_many(texts), strict=True)]


def canonical(key: str) -> str:
    """A folded text with arrondissement spellings unified: "paris 13e arrondissement" -> "paris 13"."""
    if not _DIGIT.search(key):
        return key
    key = _GLUED_NUMBER.sub(r"\1 \2", key)
    key = _ORDINAL.sub(r"\1", key)
    return _ARRONDISSEMENT_WORD.sub("", key).strip()


def prefix_span(keys: Sequence[str], prefix: str) -> tuple[int, int]:
    """(start, end): where the sorted ``keys`` starting with ``prefix`` are (keys are folded text, below
    "\x7f")."""
    keys = searchable(keys)
    start = bisect_left(keys, prefix)
    return start, bisect_left(keys, prefix + "\x7f", lo=start)


def strip_article(key: str) -> str:
    """ "le puy en velay" -> "puy en velay"; a key that is only an article stays as it is."""
    head, _, rest = key.partition(" ")
    return rest if head in ARTICLES and rest else key


def words(key: str) -> set[str]:
    """The words of a key that carry meaning (no articles, prepositions or numbers)."""
    return {word for word in key.split() if word not in STOPWORDS and not word.isdigit()}
