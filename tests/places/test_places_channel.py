"""The typo search: the names in reach of a typo, and which of them the typo likelier came from."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import DamerauLevenshtein

from finder.places.channel import letters, mistyped
from finder.places.indexes import closest

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


@given(KEYS, st.lists(KEYS, max_size=30), st.integers(min_value=0, max_value=2))
def test_the_typo_search_finds_exactly_the_names_within_its_edits(key, names, max_edits):
    """The fast bound (insertions and deletions, at most twice the edits) drops no name in reach."""
    found = closest(key, names, max_edits)
    expected = [
        (name, DamerauLevenshtein.distance(key, name), at)
        for at, name in enumerate(names)
        if DamerauLevenshtein.distance(key, name) <= max_edits
    ]
    assert sorted(found, key=lambda row: row[2]) == expected
