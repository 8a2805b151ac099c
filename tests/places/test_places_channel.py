"""Which name a typo likelier came from: a dropped or swapped letter is one outcome, a typed one of 25."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import DamerauLevenshtein

from finder.places.channel import letters, mistyped

KEYS = st.text(alphabet="abcdeils ", max_size=12)


@pytest.mark.parametrize(
    ("name", "typed", "lacked"),
    [
        ("chambles", "chambles", 0),
        ("chambles", "cambles", 0),  # a letter dropped
        ("villerbon", "villerobn", 0),  # two neighbours swapped
        ("meilhaud", "mielhud", 0),  # a swap and a drop
        ("cambes", "cambles", 1),  # a letter typed in
        ("milhaud", "milhaux", 1),  # a wrong letter
        ("milhaud", "mielhud", 1),  # an "e" typed in and a drop
        ("ars", "arss", 1),  # a repeat the name lacks
        ("", "ab", 2),
    ],
)
def test_a_name_lacks_the_letters_typed_by_mistake(name, typed, lacked):
    assert mistyped(name, letters(typed)) == lacked


@given(KEYS, KEYS)
def test_no_more_letters_are_mistyped_than_there_are_edits(name, typed):
    assert mistyped(name, letters(typed)) <= DamerauLevenshtein.distance(name, typed)


@given(KEYS, st.lists(st.tuples(st.booleans(), st.integers(min_value=0)), max_size=3))
def test_a_typo_that_only_drops_or_swaps_letters_mistypes_none(name, slips):
    typed = list(name)
    for drop, at in slips:
        if len(typed) < 2:
            break
        at %= len(typed) - 1
        if drop:
            del typed[at]
        else:
            typed[at], typed[at + 1] = typed[at + 1], typed[at]
    assert mistyped(name, letters("".join(typed))) == 0
