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
    (``neuropathic-central`` finds ``neuropathic_central``), so is the order of the words of an id
    (``opioids_long_term`` finds ``long_term_opioids``), and a choice must share at least 60 % of its
    characters with ``value`` (``difflib``'s ratio, cutoff 0.6). Returns the choices as given.
    """
    import difflib  # here: only a mistyped value needs it, not every start

    by_key: dict[str, str] = {}
    for choice in choices:
        by_key.setdefault(_match_key(choice), choice)
    wanted = _match_key(value)
    wanted_sorted = _sorted_words(wanted)
    scored: list[tuple[float, int, str]] = []
    for rank, key in enumerate(by_key):
        score = difflib.SequenceMatcher(None, wanted, key).ratio()
        if wanted_sorted != wanted or _sorted_words(key) != key:
            score = max(score, difflib.SequenceMatcher(None, wanted_sorted, _sorted_words(key)).ratio())
        if score >= 0.6:
            scored.append((-score, rank, key))
    return [by_key[key] for _, _, key in sorted(scored)[:limit]]


def _sorted_words(key: str) -> str:
    return "_".join(sorted(word for word in key.split("_") if word))


def format_number(value: float, decimal_mark: str = ".") -> str:
    """A number a user gave (months, km, a score) without a spurious ``.0``: ``12``, ``2.5``.

    ``decimal_mark`` is the language's (``","`` in French).
    """
    text = str(int(value)) if float(value).is_integer() else f"{value:g}"
    return text.replace(".", decimal_mark)


# --- characters that must never reach a terminal or a document raw -----------------------------------

# C0 controls but tab and line feed, DEL and C1 controls, and the Unicode marks that reorder or hide
# text (bidi embeddings, overrides and isolates: "Trojan Source"; line/paragraph separators).
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = f"\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\u2028\u2029"
_UNSAFE = re.compile(f"[{_CONTROL}]")
_UNSAFE_OR_NEWLINE = re.compile(f"[{_CONTROL}\t\n]")
# Characters a reader cannot see: format characters, spaces, marks with nothing to sit on, and the
# "filler" letters some fonts draw blank.
_BLANK_LETTERS = frozenset("\u115f\u1160\u2800\u3164\uffa0\u180e")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def neutralise(text: str, *, newlines: bool = True) -> str:
    """``text`` with every control, bidi or separator character shown as ``\\uXXXX`` (visible, inert).

    The last line of defence of every output (terminal, Markdown, letter, JSON, messages): an escape
    sequence (``ESC ] 52`` writes the clipboard, ``ESC ] 0`` the title) then reaches the reader as
    text. Tab and line feed are kept unless ``newlines`` is false. In JSON text the ``\\uXXXX`` form is
    the same value the string held.
    """
    return (_UNSAFE if newlines else _UNSAFE_OR_NEWLINE).sub(_escape, text)


def unsafe_characters(text: str, *, newlines: bool = False) -> list[str]:
    """The control, bidi and separator characters ``text`` holds (line feed and tab allowed when
    ``newlines``; a CR LF pair counts as a line feed), each once, in order."""
    if newlines:
        text = text.replace("\r\n", "\n")
    pattern = _UNSAFE if newlines else _UNSAFE_OR_NEWLINE
    return list(dict.fromkeys(pattern.findall(text)))


def is_invisible(text: str) -> bool:
    """Whether ``text`` has no character a reader can see (empty, spaces, zero-width, fillers...)."""
    return all(
        char.isspace()
        or char in _BLANK_LETTERS
        or unicodedata.category(char) in ("Cc", "Cf", "Mn", "Me", "Zs")
        for char in text
    )


def describe_character(char: str) -> str:
    """``U+001B (ESCAPE)``: how a message names a character without printing it."""
    name = unicodedata.name(char, "")
    if not name and unicodedata.category(char) == "Cc":
        name = _C0_NAMES.get(ord(char), "CONTROL")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


_C0_NAMES = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x09: "TAB",
    0x0A: "LINE FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x9B: "CONTROL SEQUENCE INTRODUCER",
    0x9D: "OPERATING SYSTEM COMMAND",
}


def shown(text: str, width: int = 60) -> str:
    """A user's text made safe to quote in a message: no control characters, one line, at most ``width``
    characters (an ellipsis marks the cut). A 100,000-character paste is never echoed whole."""
    text = "".join(" " if unicodedata.category(char).startswith("C") else char for char in text[: width * 4])
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
