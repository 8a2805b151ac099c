""" "Did you mean" names the nearest meaningful ids, never the whole list when something is close; a
drug name of the first- and second-line list (Moisset 2024, finder/data/clinical/treatments.toml) is
its class."""

from __future__ import annotations

import pytest

from finder.clinical.criteria import HAS_CRITERIA_IDS, get_criterion
from finder.clinical.treatments import TREATMENT_IDS, check_treatments, get_treatment
from finder.errors import UsageError
from finder.text import close_matches


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("duloxetine", "snri"),
        ("Duloxétine", "snri"),
        ("venlafaxine", "snri"),
        ("amitriptyline", "tricyclic"),
        ("imipramine", "tricyclic"),
        ("clomipramine", "tricyclic"),
        ("gabapentine", "gabapentin"),
        ("prégabaline", "pregabalin"),
        ("capsaïcine", "capsaicin_patch"),
        ("toxine botulique", "botulinum_toxin"),
        ("lidocaïne", "lidocaine_topical"),
        ("snri", "snri"),
    ],
)
def test_a_drug_name_of_the_list_is_its_class(typed: str, expected: str) -> None:
    assert get_treatment(typed).id == expected


def test_several_drugs_of_one_class_give_the_class_once() -> None:
    assert check_treatments(["duloxetine", "venlafaxine", "pregabalin"]) == ("snri", "pregabalin")


@pytest.mark.parametrize(
    ("get", "typed", "close", "every"),
    [
        (get_treatment, "duloxetin", {"snri"}, TREATMENT_IDS),
        (get_treatment, "amitriptylin", {"tricyclic"}, TREATMENT_IDS),
        (get_treatment, "pregabalime", {"pregabalin"}, TREATMENT_IDS),
        (get_criterion, "opioids_long_term", {"long_term_opioids"}, HAS_CRITERIA_IDS),
        (get_criterion, "withdrawal_difficult", {"difficult_withdrawal"}, HAS_CRITERIA_IDS),
    ],
)
def test_a_near_miss_names_only_the_near_ids(get, typed, close, every) -> None:
    with pytest.raises(UsageError) as error:
        get(typed)
    message = str(error.value)
    named = {i for i in every if i in message}
    assert close <= named and len(named) < len(every) and len(named) <= 3


@pytest.mark.parametrize(
    ("get", "every"), [(get_treatment, TREATMENT_IDS), (get_criterion, HAS_CRITERIA_IDS)]
)
def test_only_when_nothing_is_close_every_id_is_listed(get, every) -> None:
    with pytest.raises(UsageError) as error:
        get("xyzzy")
    assert all(i in str(error.value) for i in every)


def test_close_matches_ignores_the_order_of_the_words_of_an_id() -> None:
    assert close_matches("opioids_long_term", HAS_CRITERIA_IDS) == ["long_term_opioids"]
    ids = ["neuropathic_central", "low_back"]
    assert close_matches("neuropathic-central", ids) == ["neuropathic_central"]
