"""domain.md G (and B, C) read from directory files: population, description and rtms.routine.

The entries of ``tests/fixtures/population_directory`` are illustrative, validated like shipped ones,
and go through ``load_catalog`` and ``finder route`` so that the whole path from TOML to route is tested.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from finder.cli.main import main
from finder.directory.catalog import centre_to_dict, load_catalog

FIXTURES = Path(__file__).parents[1] / "fixtures" / "population_directory"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(FIXTURES, today=date(2026, 11, 30))


def test_the_catalogue_reads_population_description_and_routine(catalog):
    """G: the new schema fields reach the model, with defaults when absent."""
    assert not catalog.problems
    cancer = catalog.by_id("douleur-cancer-lyon")
    assert cancer.population == ("cancer",)
    assert cancer.description == {
        "fr": "Structure douleur des patients suivis pour un cancer.",
        "en": "Pain structure for patients treated for cancer.",
    }
    trial = catalog.by_id("neurologie-essai-rtms-lyon")
    assert trial.rtms.routine is False and trial.rtms_trial and not trial.offers_rtms
    general = catalog.by_id("cetd-general-saint-etienne")
    assert general.population == () and general.description is None and general.offers_rtms


def test_centre_json_never_carries_maintainers_notes_and_speaks_the_users_language(catalog):
    """G: provenance notes stay out; the description follows the language asked for."""
    for cid in ("cetd-general-saint-etienne", "douleur-cancer-lyon"):
        data = centre_to_dict(catalog.by_id(cid), language="en")
        assert "as spelled" not in json.dumps(data) and "80%" not in json.dumps(data)
    assert centre_to_dict(catalog.by_id("douleur-cancer-lyon"), language="en")["description"].startswith(
        "Pain"
    )


def route(capsys, *options: str) -> dict:
    argv = ["route", "--directory", str(FIXTURES), "--near", "Saint-Étienne", "--format", "json", *options]
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def sdc_ids(data: dict) -> list[str]:
    return next(s for s in data["steps"] if s["kind"] == "sdc_evaluation")["centres"]


def test_g_dedicated_structures_rank_after_general_ones_for_other_patients(capsys):
    data = route(capsys, "--pain", "low_back", "--months", "6", "--alert", "none")
    ids = sdc_ids(data)
    assert ids[0] == "cetd-general-saint-etienne"
    assert ids.index("consultation-geriatrie-saint-etienne") > 0 and ids.index("douleur-cancer-lyon") > 0


def test_c_cancer_pain_goes_to_the_cancer_centre_first(capsys):
    data = route(capsys, "--pain", "cancer", "--months", "2", "--alert", "none")
    assert sdc_ids(data)[0] == "douleur-cancer-lyon"
    assert [s["kind"] for s in data["steps"]][:2] == ["preconditions", "oncology"]


def test_b_a_child_goes_to_the_paediatric_structure_and_never_to_geriatrics(capsys):
    data = route(capsys, "--pain", "low_back", "--months", "2", "--age", "6", "--alert", "none")
    ids = sdc_ids(data)
    assert ids[0] == "douleur-enfant-lyon"
    assert "consultation-geriatrie-saint-etienne" not in ids


def test_g_the_research_protocol_is_apart_and_never_an_rtms_offer(capsys):
    data = route(
        capsys,
        "--pain",
        "neuropathic_central",
        "--months",
        "12",
        "--refractory",
        "yes",
        "--contraindication",
        "none",
        "--alert",
        "none",
        "--radius",
        "150",
    )
    rtms = next(s for s in data["steps"] if s["kind"] == "rtms")
    assert "neurologie-essai-rtms-lyon" not in rtms["centres"]
    assert rtms["trials"] == ["neurologie-essai-rtms-lyon"]
    trial = next(c for c in data["centres"] if c["id"] == "neurologie-essai-rtms-lyon")
    assert trial["rtms"] is False and trial["rtms_trial"] is True
