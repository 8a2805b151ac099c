"""The HAS 2022 opioid reminder (domain.md Part 1, Safety amendments D) follows what the treatments
answer says: an opioid named by its substance or its brand brings it; a negated one ("pas de morphine",
"jamais eu d'opioïdes") does not. Negation is read as for the pain description (finder.clinical.negation).
"""

from __future__ import annotations

import pytest

from finder.clinical.treatments import names_an_opioid
from finder.route.render import route_to_dict
from tests.test_safety_rules import all_codes, plan


@pytest.mark.parametrize(
    "text",
    [
        "Actiskenan 5 mg",
        "Skenan LP 30",
        "Moscontin",
        "Oxynorm puis Oxycontin",
        "patch de Durogesic",
        "Abstral",
        "Instanyl",
        "Sophidone",
        "Palexia",
        "Topalgic",
        "Zaldiar",
        "Dafalgan codéiné",
        "Codoliprane",
        "Lamaline",
        "buprénorphine",
        "méthadone",
        "tramadol 50 mg",
        "morphine arrêtée le mois dernier",
        "paracétamol, pas de morphine, Actiskenan",
        "oxycodone",
        "fentanyl",
    ],
)
def test_an_opioid_named_by_substance_or_brand_is_found(text: str) -> None:
    assert names_an_opioid(text)


@pytest.mark.parametrize(
    "text",
    [
        "pas de morphine",
        "jamais eu d'opioïdes",
        "sans tramadol",
        "aucun opioïde",
        "never took opioids",
        "paracétamol, ibuprofène",
        "kinésithérapie",
        "",
    ],
)
def test_a_negated_opioid_or_none_brings_nothing(text: str) -> None:
    assert not names_an_opioid(text)


@pytest.mark.parametrize(
    ("treatments", "reminder"),
    [("pas de morphine", False), ("jamais eu d'opioïdes", False), ("Actiskenan", True), ("Palexia 50", True)],
)
def test_the_route_reminder_follows_the_treatments_answer(treatments: str, reminder: bool) -> None:
    data = route_to_dict(plan(pain_category="low_back", treatments=treatments), "fr")
    assert ("clinical.opioids_has_2022" in all_codes(data)) is reminder
