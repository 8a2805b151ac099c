"""Answers already given in the pain description, proposed for the later questions (issue 13 item 8):
codes and values with the words they came from, never a sentence, never a guess."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from finder.intake.dialogue import STEP_IDS
from finder.intake.hints import find_hints


def _found(text: str) -> list[tuple[str, str, object, str]]:
    return [(h.step, h.code, h.value, text[h.span[0] : h.span[1]]) for h in find_hints(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # durations, in months, with the words they came from
        ("mal au dos depuis 18 mois", [("months", "months", 18.0, "depuis 18 mois")]),
        ("depuis 2 ans", [("months", "months", 24.0, "depuis 2 ans")]),
        ("ça fait 18 mois que j'ai mal", [("months", "months", 18.0, "ça fait 18 mois")]),
        ("depuis un an et demi", [("months", "months", 18.0, "depuis un an et demi")]),
        ("burning feet for 3 weeks", [("months", "months", 0.69, "for 3 weeks")]),
        ("back pain for about a year", [("months", "months", 12.0, "for about a year")]),
        ("3 years of pain", [("months", "months", 36.0, "3 years of pain")]),
        # a duration without a number is reported as such, never as a number
        ("migraines depuis des années", [("months", "years_unknown", None, "depuis des années")]),
        ("for years", [("months", "years_unknown", None, "for years")]),
        ("depuis des mois", [("months", "months_unknown", None, "depuis des mois")]),
        ("depuis toujours", [("months", "long_unknown", None, "depuis toujours")]),
        # intensity on the 0-10 scale
        ("douleur à 7/10", [("intensity", "intensity", 7, "7/10")]),
        ("8 sur 10", [("intensity", "intensity", 8, "8 sur 10")]),
        ("6 out of 10", [("intensity", "intensity", 6, "6 out of 10")]),
        ("EVA à 5", [("intensity", "intensity", 5, "EVA à 5")]),
        # usual treatments failed
        ("sans soulagement", [("refractory", "treatments_failed", True, "sans soulagement")]),
        ("rien ne marche", [("refractory", "treatments_failed", True, "rien ne marche")]),
        ("le tramadol ne soulage pas", [("refractory", "treatments_failed", True, "ne soulage pas")]),
        ("nothing helps", [("refractory", "treatments_failed", True, "nothing helps")]),
        # age, when stated
        ("mon fils de 12 ans a mal au ventre", [("age", "age", 12, "fils de 12 ans")]),
        ("patiente de 67 ans", [("age", "age", 67, "patiente de 67 ans")]),
        ("ma fille (9 ans) a mal", [("age", "age", 9, "fille (9 ans")]),
        ("j'ai 45 ans", [("age", "age", 45, "j'ai 45 ans")]),
        ("a 45-year-old man", [("age", "age", 45, "45-year-old")]),
        ("my son, 12, has headaches", [("age", "age", 12, "son, 12")]),
    ],
)
def test_each_kind_of_answer_is_proposed_with_its_words(text, expected):
    assert _found(text) == expected


def test_a_whole_description_gives_every_answer_in_text_order():
    text = "Mon fils de 12 ans a mal au ventre depuis 18 mois, 7/10, sans soulagement."
    assert [(h.step, h.value) for h in find_hints(text)] == [
        ("age", 12),
        ("months", 18.0),
        ("intensity", 7),
        ("refractory", True),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # negations: nothing to propose
        "pas de douleur depuis 2 ans",
        "no pain for 3 weeks",
        # numbers that are not durations, intensities or ages
        "radiculopathie L5, 2 comprimés par jour",
        "consultation le 12/10/2023",
        "depuis 2019",  # a year, not a number of months
        "douleur 24h/24 7j/7",
        "12 ans de migraines",
        "il a 12 ans de migraine",
        "elle a 3 enfants",
        "depuis mes 12 ans",
        "perte de 8 kg",
        "il y a 2 ans",  # dates an event, not the start of the pain
        "en 2 jours",
        # answers the questions would refuse are not proposed
        "7,5/10",
        "12/10",
        "depuis 2000 ans",
        # "ne marche plus" is about walking
        "il ne marche plus depuis l'AVC",
        "soulagé par le paracétamol",
        "",
    ],
)
def test_negations_and_other_numbers_propose_nothing(text):
    assert [
        h for h in find_hints(text) if h.code in ("months", "intensity", "age", "treatments_failed")
    ] == []


def test_two_durations_are_both_returned_so_that_the_conversation_asks():
    hints = find_hints("opéré depuis 2 ans, douleur depuis 6 mois")
    assert [(h.code, h.value) for h in hints] == [("months", 24.0), ("months", 6.0)]


@given(st.text(max_size=200))
def test_any_text_gives_valid_proposals_for_known_questions(text):
    for hint in find_hints(text):
        assert hint.step in STEP_IDS
        start, end = hint.span
        assert 0 <= start < end <= len(text)
        if hint.code == "months":
            assert isinstance(hint.value, float) and 0 <= hint.value <= 1200
        elif hint.code == "intensity":
            assert isinstance(hint.value, int) and 0 <= hint.value <= 10
        elif hint.code == "age":
            assert isinstance(hint.value, int) and 0 <= hint.value <= 120
        else:
            assert hint.value in (None, True)


def test_a_pasted_100000_character_text_is_read_quickly():
    import time

    text = "depuis 18 mois, 7/10, sans soulagement, mon fils de 12 ans, pas de douleur depuis 2 ans. " * 1100
    started = time.perf_counter()
    hints = find_hints(text)
    assert time.perf_counter() - started < 3.0
    assert len(hints) == 4 * 1100
