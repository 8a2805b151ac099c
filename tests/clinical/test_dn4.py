"""DN4 and DN4-interview scoring, against domain.md 3.1 (Bouhassira 2005; cut-offs 4/10 and 3/7)."""

from __future__ import annotations

import pytest

from finder import i18n
from finder.clinical import dn4
from finder.errors import UsageError

INTERVIEW = [
    "burning",
    "painful_cold",
    "electric_shocks",
    "tingling",
    "pins_and_needles",
    "numbness",
    "itching",
]
EXAMINATION = ["hypoaesthesia_touch", "hypoaesthesia_pinprick", "brushing"]


def test_the_form_has_ten_items_seven_of_them_interview_in_form_order():
    assert [item.number for item in dn4.DN4_ITEMS] == list(range(1, 11))
    assert [item.id for item in dn4.DN4_ITEMS] == INTERVIEW + EXAMINATION
    assert [item.part for item in dn4.DN4_ITEMS] == ["interview"] * 7 + ["examination"] * 3
    assert [item.group for item in dn4.DN4_ITEMS] == ["q1"] * 3 + ["q2"] * 4 + ["q3"] * 2 + ["q4"]


def test_wording_is_the_forms_in_both_languages():
    first, last = dn4.DN4_ITEMS[0], dn4.DN4_ITEMS[-1]
    assert (first.label, last.label) == ("Brûlure", "Le frottement")
    assert first.question == "La douleur présente-t-elle une ou plusieurs des caractéristiques suivantes ?"
    assert dn4.DN4_ITEMS[7].label == "Hypoesthésie au tact"
    i18n.set_language("en")
    assert [item.label for item in dn4.DN4_ITEMS[:3]] == ["Burning", "Painful cold", "Electric shocks"]
    assert dn4.DN4_ITEMS[4].label == "Pins and needles"
    assert last.label == "Brushing"
    assert last.question == "Is the pain caused or increased by:"


@pytest.mark.parametrize(("yes", "positive"), [(3, False), (4, True), (10, True), (0, False)])
def test_full_dn4_is_positive_from_four_out_of_ten(yes, positive):
    result = dn4.score_dn4((INTERVIEW + EXAMINATION)[:yes])
    assert (result.score, result.out_of, result.positive) == (yes, 10, positive)
    assert not result.interview_only


@pytest.mark.parametrize(("yes", "positive"), [(2, False), (3, True), (7, True)])
def test_interview_is_positive_from_three_out_of_seven(yes, positive):
    result = dn4.score_dn4_interview(INTERVIEW[:yes])
    assert (result.score, result.out_of, result.positive) == (yes, 7, positive)
    assert result.interview_only


def test_answers_are_counted_once_and_kept_in_form_order():
    result = dn4.score_dn4(["brushing", "burning", "burning", " tingling "])
    assert result.score == 3
    assert result.yes == ("burning", "tingling", "brushing")


def test_an_examination_item_is_refused_in_the_interview_with_the_reason():
    with pytest.raises(UsageError, match="examen"):
        dn4.score_dn4_interview(["burning", "brushing"])


def test_an_unknown_item_suggests_the_closest():
    with pytest.raises(UsageError, match="burning"):
        dn4.score_dn4(["burnign"])


def test_a_total_typed_by_a_clinician_uses_the_same_cutoffs():
    assert dn4.dn4_from_score(4).positive and not dn4.dn4_from_score(3).positive
    assert dn4.dn4_from_score(3, out_of=7).positive and dn4.dn4_from_score(3, out_of=7).interview_only
    with pytest.raises(UsageError):
        dn4.dn4_from_score(11)
    with pytest.raises(UsageError):
        dn4.dn4_from_score(2, out_of=9)


def test_only_a_positive_result_supports_a_neuropathic_category():
    assert dn4.supports_neuropathic(dn4.score_dn4(INTERVIEW[:4]))
    assert not dn4.supports_neuropathic(dn4.score_dn4(INTERVIEW[:3]))
    assert not dn4.supports_neuropathic(None)


def test_the_interview_result_carries_the_to_be_confirmed_caveat():
    lines = dn4.caveats(dn4.score_dn4_interview(INTERVIEW[:3]))
    assert any("à confirmer par l'examen" in line for line in lines)
    full = dn4.caveats(dn4.score_dn4(INTERVIEW[:4]))
    assert not any("à confirmer" in line for line in full)
    assert any("ne remplace jamais" in line for line in full)
