"""TMS safety screening ids, wording and tiers, against domain.md Part 1 "TMS safety screening"."""

from __future__ import annotations

import pytest

from finder import i18n
from finder.clinical.screening import SCREENING_QUESTIONS, get_contraindication, split_tiers
from finder.errors import UsageError

# domain.md Part 1, table "TMS safety screening", in its order.
EXPECTED_TIERS = {
    "metal_head": "blocks",
    "cochlear_implant": "blocks",
    "implanted_neurostimulator": "blocks",
    "pacemaker": "blocks",
    "medication_pump": "blocks",
    "epilepsy": "blocks",
    "syncope": "cautions",
    "head_trauma": "cautions",
    "pregnancy": "cautions",
    "hearing": "cautions",
    "seizure_threshold_drugs": "cautions",
    "previous_tms_problem": "cautions",
}


def test_the_twelve_questions_with_their_tiers_in_domain_order():
    assert [(q.id, q.tier) for q in SCREENING_QUESTIONS] == list(EXPECTED_TIERS.items())


@pytest.mark.parametrize(
    ("cid", "tier"), [("pacemaker", "blocks"), ("pregnancy", "cautions"), ("epilepsy", "blocks")]
)
def test_examples_of_domain_md(cid, tier):
    assert get_contraindication(cid).tier == tier


def test_exact_wording_in_both_languages():
    assert get_contraindication("cochlear_implant").question == "Implant cochléaire ?"
    assert get_contraindication("pregnancy").question == "Grossesse en cours ou possible ?"
    i18n.set_language("en")
    assert (
        get_contraindication("pacemaker").question
        == "Cardiac pacemaker, defibrillator or intracardiac lines?"
    )
    assert get_contraindication("hearing").question == "Hearing problems or tinnitus?"


def test_a_stroke_is_not_a_screening_item():
    assert not any("stroke" in q.id or "avc" in q.question_fr.lower() for q in SCREENING_QUESTIONS)


def test_split_keeps_questionnaire_order_and_drops_duplicates():
    blocks, cautions = split_tiers(["pregnancy", "pacemaker", "metal_head", "pregnancy", "hearing"])
    assert blocks == ("metal_head", "pacemaker")
    assert cautions == ("pregnancy", "hearing")
    assert split_tiers([]) == ((), ())


def test_an_unknown_id_suggests_the_closest_and_never_drops_it_silently():
    with pytest.raises(UsageError, match="pacemaker"):
        get_contraindication("pacemakr")
    with pytest.raises(UsageError, match="metal_head"):
        split_tiers(["pregnancy", "xyz"])
