"""The pain categories and their rTMS evidence, against domain.md Part 1 "Pain categories"."""

from __future__ import annotations

import pytest

from finder import i18n
from finder.clinical.pain import categories, get_category
from finder.errors import UsageError

# domain.md Part 1, table "Pain categories": id -> (evidence level, neuropathic).
EXPECTED = {
    "neuropathic_peripheral": ("A", True),
    "neuropathic_central": ("A", True),
    "neuropathic_facial": ("A", True),
    "fibromyalgia": ("B", False),
    "crps": (None, False),
    "migraine": (None, False),
    "low_back": (None, False),
    "musculoskeletal": (None, False),
    "cancer": (None, False),
    "pelvic_visceral": (None, False),
}


def test_exactly_the_ten_ids_in_domain_order_with_levels_and_neuropathic_flag():
    assert [(c.id, c.evidence_level, c.neuropathic) for c in categories()] == [
        (cid, level, neuro) for cid, (level, neuro) in EXPECTED.items()
    ]


@pytest.mark.parametrize(
    ("cid", "level"), [("fibromyalgia", "B"), ("crps", None), ("neuropathic_central", "A")]
)
def test_examples_of_the_brief(cid, level):
    assert get_category(cid).evidence_level == level


def test_levels_cite_lefaucheur_2020_and_none_has_no_reference():
    for category in categories():
        if category.evidence_level:
            assert "Lefaucheur" in category.reference and "2020" in category.reference
        else:
            assert category.reference is None
            assert "Aucun niveau de recommandation établi" in category.evidence_text


def test_evidence_texts_name_the_target():
    assert "M1" in get_category("neuropathic_peripheral").evidence_text
    assert "face" in get_category("neuropathic_facial").evidence_text
    i18n.set_language("en")
    fibro = get_category("fibromyalgia").evidence_text
    assert "left" in fibro and "DLPFC" in fibro and "M1" in fibro
    assert "no level confirmed" in get_category("crps").evidence_text
    assert "no level confirmed" in get_category("migraine").evidence_text
    assert get_category("low_back").evidence_text == "No recommendation level established"


def test_labels_follow_the_language():
    assert get_category("crps").label.startswith("Syndrome douloureux régional complexe")
    assert get_category("neuropathic_peripheral").short_label == "Douleur neuropathique périphérique"
    i18n.set_language("en")
    assert get_category("crps").label == "Complex regional pain syndrome"


def test_an_unknown_id_is_a_usage_error_with_did_you_mean():
    with pytest.raises(UsageError, match="fibromyalgia"):
        get_category("fibromyalgie")
    with pytest.raises(UsageError, match="low_back"):
        get_category("lowback")
    with pytest.raises(UsageError, match="neuropathic_peripheral"):
        get_category("zzz")
