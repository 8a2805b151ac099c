"""Which of several names as many edits away a typo more likely came from (a noisy channel).

Dropping a letter, or swapping two neighbours, has one outcome; typing a wrong letter, or an extra one,
is one outcome among the 25 other letters. So among names as many edits from what was typed, a name
that has every typed letter (the slips only dropped or swapped letters) is about 25 times likelier than
a name that lacks one of them (a letter was typed by mistake), and 625 times likelier than a name that
lacks two. This is the noisy-channel model of spelling correction (M. D. Kernighan, K. W. Church,
W. A. Gale, "A spelling correction program based on a noisy channel model", COLING 1990), without its
letter-confusion tables, which were counted on English newswire and do not carry over to French place
names. finder only uses the order this gives: fewer mistyped letters first.
"""

from __future__ import annotations

from collections import Counter


def letters(key: str) -> Counter[str]:
    """The letters of a folded key, with their repeats (spaces count as letters: a typed space is a
    slip like any other)."""
    return Counter(key)


def mistyped(name: str, typed: Counter[str]) -> int:
    """How many of the ``typed`` letters (``letters(typed_key)``) the ``name`` lacks, repeats counted:
    each was a wrong or an extra letter. 0 when the typo only dropped or swapped the name's letters."""
    return (typed - Counter(name)).total()


__all__ = ["letters", "mistyped"]
