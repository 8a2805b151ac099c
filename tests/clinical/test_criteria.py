"""HAS 2008 orientation criteria, preconditions and the chronic threshold, against domain.md 1.1 and 2.1."""

from __future__ import annotations

import pytest

from finder import i18n
from finder.clinical import texts as clinical_text
from finder.clinical.criteria import (
    HAS_CRITERIA,
    PRECONDITIONS,
    check_criteria,
    chronic_threshold_months,
    get_criterion,
    is_chronic,
)
from finder.errors import UsageError
from finder.i18n import pick


def test_six_orientation_criteria_and_three_preconditions_of_has_2008():
    assert [c.id for c in HAS_CRITERIA] == [
        "major_impact",
        "treatment_review",
        "long_term_opioids",
        "difficult_withdrawal",
        "interdisciplinary",
        "specific_procedure",
    ]
    assert [p.id for p in PRECONDITIONS] == ["referral_letter", "aetiological_workup", "patient_informed"]


def test_texts_are_the_annexe_items_in_french_and_translated_in_english():
    assert (
        pick(get_criterion("long_term_opioids").text)
        == "Traitement antalgique de palier 3 au long cours, hors cancer"
    )
    assert pick(get_criterion("specific_procedure").text) == "Geste thérapeutique spécifique"
    i18n.set_language("en")
    assert get_criterion("difficult_withdrawal").label == "Difficult withdrawal from the treatment"
    assert all(pick(p.text) and p.text["fr"] != p.text["en"] for p in PRECONDITIONS)


def test_unknown_criterion_suggests_the_closest():
    with pytest.raises(UsageError, match="long_term_opioids"):
        check_criteria(["major_impact", "long_term_opiods"])
    assert check_criteria(["major_impact", "major_impact"]) == frozenset({"major_impact"})


@pytest.mark.parametrize(
    ("months", "age", "chronic"),
    [
        (3, None, False),
        (3.5, None, True),
        (3, 40, False),
        (4, 40, True),
        (1, 10, False),
        (1.5, 10, True),
        (2, 17, True),
        (2, 18, False),
    ],
)
def test_chronic_means_more_than_3_months_or_more_than_1_month_under_18(months, age, chronic):
    assert is_chronic(months, age) is chronic


def test_threshold_by_age():
    assert chronic_threshold_months(None) == 3
    assert chronic_threshold_months(17) == 1
    assert chronic_threshold_months(18) == 3


def test_route_sentences_exist_in_both_languages_with_a_source():
    for key in clinical_text.sentence_keys():
        assert clinical_text.text(key, "fr") != clinical_text.text(key, "en")
        assert clinical_text.source(key) and "domain.md" not in clinical_text.source(key)
    assert "non remboursée" in clinical_text.text("rtms_status") and "HAS" in clinical_text.text(
        "rtms_status"
    )
    assert "20 à 45 minutes" in clinical_text.text("rtms_course")
    assert "automatique" in clinical_text.text("screening_not_exclusion")
    i18n.set_language("en")
    assert "not reimbursed" in clinical_text.text("rtms_status")
    assert "one to four weeks" in clinical_text.text("rtms_course")
    assert "more than 3 months" in clinical_text.text("chronic_definition")
    assert "more than one month" in clinical_text.text("chronic_definition_child")
    assert "since 2014" not in " ".join(clinical_text.text(k) for k in clinical_text.sentence_keys())
