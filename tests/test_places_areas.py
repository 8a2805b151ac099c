"""Regions, departments, overseas territories and countries typed for a commune; typos and partial
names never answered as certain (issue 10, reviewer's faults of 2026-11-30)."""

from __future__ import annotations

import json

import pytest

from finder.cli.main import main
from finder.places.decide import decide
from finder.places.gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def decision(gaz, query: str, limit: int = 6):
    return decide(gaz.resolve(query, limit=limit))


def insees(result) -> list[str]:
    return [m.commune.insee for m in result.candidates]


def departments(result) -> set[str]:
    return {m.commune.department for m in result.candidates}


# (query, department the largest communes are in, a commune that must be offered)
AREAS = [
    ("Réunion", "974", "97411"),  # the sample: never La Réunion (47) silently; Saint-Denis
    ("La Réunion", "974", "97411"),  # the sample of --near
    ("ile de la Réunion", "974", "97411"),  # the sample: never Petite-Île silently
    ("Île de la Réunion", "974", "97411"),
    ("Guadeloupe", "971", "97101"),  # Les Abymes
    ("Martinique", "972", "97209"),  # Fort-de-France
    ("Guyane", "973", "97302"),  # Cayenne
    ("Mayotte", "976", "97611"),  # Mamoudzou (was a typo question on Mayot, 02)
    ("French Guiana", "973", "97302"),  # CLDR's English name of a French territory
    ("Polynésie française", "987", "98735"),  # Papeete
    ("Nouvelle-Calédonie", "988", "98818"),  # Nouméa
    ("département de la Guadeloupe", "971", "97101"),
    ("Savoie", "73", "73065"),  # Chambéry
    ("Nord", "59", "59350"),  # Lille
]


@pytest.mark.parametrize(("query", "department", "offered"), AREAS)
def test_an_area_is_asked_about_with_its_largest_communes(gaz, query, department, offered):
    result = decision(gaz, query)
    assert result.action == "ask" and result.reason == "area"
    assert result.suggestion is not None and result.suggestion.endswith(f"({department})")
    assert offered in insees(result)
    assert department in departments(result)
    assert any(note.code == "area" for note in result.notes)


@pytest.mark.parametrize(("query", "namesake"), [("Réunion", "47222"), ("Bretagne", "90019")])
def test_a_commune_named_like_an_area_elsewhere_is_offered_not_answered(gaz, query, namesake):
    result = decision(gaz, query)
    assert result.action == "ask" and result.reason == "area"
    assert namesake in insees(result)


@pytest.mark.parametrize(
    ("query", "region_departments"), [("Corse", {"2A", "2B"}), ("Bretagne", {"29", "35"})]
)
def test_a_region_offers_communes_of_its_departments(gaz, query, region_departments):
    result = decision(gaz, query)
    assert result.reason == "area" and region_departments <= departments(result)


@pytest.mark.parametrize(("query", "insee"), [("Paris", "75056"), ("Corrèze", "19062"), ("Mayenne", "53147")])
def test_a_commune_that_bears_its_own_area_name_is_answered(gaz, query, insee):
    result = decision(gaz, query)
    assert result.action == "answer" and insees(result) == [insee]


# countries: refused, or asked when French communes bear the name
@pytest.mark.parametrize(("query", "country"), [("Allemagne", "DE"), ("Andorre", "AD"), ("Suisse", "CH")])
def test_a_country_that_a_french_commune_names_is_asked_never_answered(gaz, query, country):
    result = decision(gaz, query)
    assert result.action == "ask" and result.reason == "foreign"
    note = next(note for note in result.notes if note.code == "foreign")
    assert note.params["country"] == country
    assert all(m.why != "near_foreign" for m in result.candidates[:1])


@pytest.mark.parametrize(("query", "country"), [("Belgique", "BE"), ("Italie", "IT"), ("Espagne", "ES")])
def test_a_country_no_commune_names_is_refused(gaz, query, country):
    result = decision(gaz, query)
    assert result.action in ("refuse", "ask") and result.reason == "foreign"
    assert result.commune is None
    if result.action == "ask":  # Espagne: Robert-Espagne contains it
        assert all(m.why in ("prefix", "tokens", "exact") for m in result.candidates)


@pytest.mark.parametrize("query", ["Tahiti", "Moorea", "Corsee", "Guadeloup"])
def test_a_typo_landing_on_a_village_is_asked(gaz, query):
    result = decision(gaz, query)
    assert result.action != "answer" or result.reason != "certain"
    if result.candidates and result.candidates[0].why == "fuzzy":
        assert result.action == "ask" and result.reason == "weak"


def test_tahiti_is_never_aiti(gaz):
    result = decision(gaz, "Tahiti")
    assert result.action == "ask" and result.commune is None


@pytest.mark.parametrize("query", ["Bordaux", "Montpelier", "Tahiti", "Grenobel", "Strasbourgh"])
def test_a_typo_is_never_certain(gaz, query):
    result = decision(gaz, query)
    if result.action == "answer":
        assert result.reason == "typo"
        assert any(note.code == "typo" for note in result.notes)


@pytest.mark.parametrize(
    "query",
    ["Andorre", "Allemagne", "Provence", "Normandie", "Charleville", "Espagne", "Aix"],
)
def test_a_part_of_a_longer_name_is_asked(gaz, query):
    result = decision(gaz, query)
    assert result.action != "answer"


@pytest.mark.parametrize("query", ["Bruxelles", "London", "Londres", "Madrid", "Monaco", "Genève", "Bâle"])
def test_every_foreign_place_is_refused_the_same_way(gaz, query):
    result = decision(gaz, query)
    assert result.action == "refuse" and result.reason == "foreign"
    assert all(m.why == "near_foreign" for m in result.candidates)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_place_json_of_reunion_is_a_question_not_lot_et_garonne(capsys):
    code, out, _ = run(capsys, "place", "--json", "Réunion")
    document = json.loads(out)
    assert code == 0 and document["decision"] == "ask" and document["reason"] == "area"
    assert {"974", "47"} <= {r["department"] for r in document["results"]}


def test_route_near_an_area_asks(capsys):
    code, _, err = run(
        capsys, "route", "--pain", "neuropathic_central", "--months", "12", "--near", "La Réunion"
    )
    assert code == 2 and "974" in err


@pytest.mark.parametrize("query", ["Monaco", "Bruxelles"])
def test_place_refuses_every_foreign_place_with_exit_1(capsys, query):
    code, _, err = run(capsys, "place", query)
    assert code == 1 and "(" in err


def test_the_refusal_lists_the_nearest_french_communes(capsys):
    code, _, err = run(capsys, "place", "--lang", "en", "Monaco")
    assert code == 1 and "Beausoleil (06)" in err


def test_fr_and_en_area_questions_are_rendered(capsys):
    for lang in ("fr", "en"):
        code, out, _ = run(capsys, "place", "--lang", lang, "Guadeloupe")
        assert code == 0 and "971" in out.splitlines()[0]


ROUTE = ["route", "--pain", "neuropathic_central", "--months", "12", "--format", "json"]


@pytest.mark.parametrize(
    ("query", "shown"),
    [("Tahiti", "Aiti (2B)"), ("Andorre", "(09)"), ("Allemagne", "(04)"), ("Réunion", "Saint-Denis (974)")],
)
def test_route_asks_instead_of_routing_from_a_guess(capsys, query, shown):
    code, out, err = run(capsys, *ROUTE, "--near", query)
    assert code == 2 and out == "" and shown in err


def test_route_near_a_typo_of_a_large_town_routes_and_says_what_was_read(capsys):
    code, out, err = run(capsys, *ROUTE, "--near", "Montpelier")
    assert code == 0 and json.loads(out)["place"]["insee"] == "34172"
    assert "Montpellier (34)" in err


@pytest.mark.parametrize(("query", "status"), [("Réunion", "needs_choice"), ("Bruxelles", "error")])
def test_the_conversation_asks_about_an_area_and_refuses_a_far_city(query, status):
    from finder.intake.dialogue import Dialogue
    from tests.test_places_decide_commands import _answer_place

    outcome = _answer_place(Dialogue(load_gazetteer()), query)
    assert outcome.status == status
    if status == "needs_choice":
        assert any("(974" in choice.detail for choice in outcome.choices)
