"""Rendering a route: the JSON contract of DESIGN.md, readable text and Markdown, the referral letter."""

from __future__ import annotations

import itertools
import json
from datetime import date

import pytest

from finder import i18n
from finder.errors import UsageError
from finder.model import Dn4Result
from finder.route.planning import plan_route
from finder.route.render import FORMATS, render, route_to_dict
from tests.route.test_routing import CETD, CONSULTATION, RTMS_UNIT, catalog, centre, intake

# The centre object of the DESIGN.md JSON contract, its keys in order (more keys may follow).
CENTRE_KEYS = (
    "id",
    "name",
    "establishment",
    "kind",
    "audience",
    "rtms",
    "distance_km",
    "city",
    "phone",
    "website",
    "last_verified",
    "stale",
    "unverified",
)


def route(**fields):
    return plan_route(intake(**fields), catalog(), today=date(2026, 3, 9))


def test_json_follows_the_design_contract():
    data = json.loads(render(route(place_score=100.0), "json"))
    assert {"place", "pain", "steps", "centres", "rtms", "reminders", "warnings"} <= set(data)
    assert {"insee", "name", "postcodes", "department", "lat", "lon", "score"} <= set(data["place"])
    assert data["place"]["insee"] == "42218" and data["place"]["score"] == 100.0
    assert data["pain"] == {
        "category": "neuropathic_central",
        "label": "Douleur neuropathique centrale (post-AVC, lésion médullaire, sclérose en plaques)",
        "score": 100.0,
    }
    assert [s["kind"] for s in data["steps"]] == ["preconditions", "sdc_evaluation", "rtms", "follow_up"]
    for s in data["steps"]:
        assert set(s) >= {"kind", "title", "detail", "centres", "code", "params", "notes"}
        assert s["code"] == f"step.{s['kind']}"
        assert [n["text"] for n in s["notes"]] and "\n".join(n["text"] for n in s["notes"]) == s["detail"]
        assert isinstance(s["centres"], list)
    for c in data["centres"]:
        assert set(c) >= set(CENTRE_KEYS)
        assert isinstance(c["distance_km"], float) and isinstance(c["rtms"], bool)
    ids = [c["id"] for c in data["centres"]]
    assert set(ids) == {cid for s in data["steps"] for cid in s["centres"]}
    assert {"indicated", "evidence_level", "reference", "blocked_by", "cautions"} <= set(data["rtms"])
    assert data["rtms"]["evidence_level"] == "A"
    assert all(isinstance(text, str) and text for text in data["reminders"])


def test_json_of_a_blocked_route_names_the_block_and_has_no_rtms_step():
    data = route_to_dict(route(contraindications=frozenset({"pacemaker", "syncope"})))
    assert "rtms" not in [s["kind"] for s in data["steps"]]
    assert data["rtms"]["blocked_by"] == ["pacemaker"]
    assert data["rtms"]["cautions"] == ["syncope"]
    assert data["rtms"]["indicated"] is False and data["rtms"]["reasons"]


def test_json_pain_score_is_the_match_score_for_free_text():
    data = route_to_dict(route(pain_text="douleur après AVC", pain_score=82.5))
    assert data["pain"]["score"] == 82.5


def test_text_shows_every_centre_with_distance_city_phone_website_and_call_to_confirm():
    stale = centre(
        "cetd-ancien", 45.44, 4.40, last_verified=date(2020, 5, 1), stale=True, city="Roche-la-Molière"
    )
    never = centre(
        "cetd-jamais",
        45.45,
        4.41,
        last_verified=None,
        unverified=True,
        phone="04 77 00 00 00",
        phone_kind="unit",
    )
    web = centre("cetd-web", 45.46, 4.42, website="https://chu.example.fr/douleur")
    text = render(plan_route(intake(), catalog(stale, never, web)), "text")
    assert "à revérifier (vérifiée le 2020-05-01)" in text
    assert "non vérifiée" in text
    assert "vérifiée le 2026-01-15" in text
    # the contact line says what finder knows: the unit's number, or that it has none and where to look
    assert "tél. de l'unité : 04 77 00 00 00" in text and "non publié" not in text
    flat = " ".join(text.split())  # lines are wrapped
    assert "téléphone non renseigné dans finder — voir le site : https://chu.example.fr/douleur" in flat
    assert "Roche-la-Molière" in text
    assert text.count("appeler pour confirmer") == 3
    assert " km" in text


def test_text_explains_why_rtms_is_not_a_step():
    text = render(route(refractory=False), "text")
    assert "La rTMS n'est pas une étape de ce parcours" in text
    assert "n'ont pas échoué" in text  # the reason's text under its heading


def test_text_marks_centres_beyond_the_radius():
    text = render(route(radius_km=0.1), "text")
    assert "hors rayon" in text
    assert "Aucune structure adaptée à moins de 0,1 km" in " ".join(text.split())  # wrapped lines


def test_markdown_has_a_heading_per_step_and_escapes_names():
    starred = centre("cetd-etoile", 45.44, 4.40, name="Centre *douleur* [test]")
    md = render(plan_route(intake(), catalog(starred, RTMS_UNIT)), "markdown")
    assert md.startswith("# Parcours d'orientation")
    assert "## 2. Évaluation en structure douleur chronique (SDC)" in md
    assert "## 3. rTMS" in md
    assert r"Centre \*douleur\* \[test\]" in md
    assert "- [ ] Bilan étiologique initial réalisé" in md


def test_markdown_separates_lists_from_paragraphs():
    md = render(route(), "markdown")
    lines = md.splitlines()
    for before, after in itertools.pairwise(lines):
        if after.startswith("- [ ]") and before and not before.startswith("- "):
            pytest.fail(f"a list must follow a blank line, not {before!r}")


def test_letter_is_addressed_to_the_nearest_pain_structure_with_blanks_for_identity():
    letter = render(
        route(
            age=47,
            intensity=7,
            dn4=Dn4Result(5, 10, True),
            has_criteria=frozenset({"major_impact"}),
            contraindications=frozenset({"syncope"}),
            treatments="prégabaline 300 mg, TENS",
            pain_text="brûlures du bras depuis l'AVC",
        ),
        "letter",
    )
    assert "À l'attention de l'équipe de :\nStructure cetd-nord\nHôpital cetd-nord" in letter
    assert "Nom ____" in letter and "Signature : ____" in letter
    assert "le 09/03/2026" in letter
    assert "Âge : 47 ans" in letter
    assert "- [x] Intensité, durée et répercussions majeures" in letter
    assert "Traitement antalgique de palier 3" not in letter  # only the ticked criterion
    assert "Durée : 12 mois" in letter and "7/10" in letter
    assert "DN4 : 5/10, positif" in letter
    assert "prégabaline 300 mg, TENS" in letter
    assert "brûlures du bras depuis l'AVC" in letter
    assert "syncope" in letter
    assert "niveau de preuve A" in letter
    assert all(len(line) <= 100 for line in letter.splitlines())


def test_letter_leaves_blanks_for_what_was_not_given():
    letter = render(route(months=None, refractory=None), "letter")
    assert "Durée : ______ mois" in letter
    assert "______/10" in letter
    assert "DN4 : non fait" in letter
    assert "transcrânienne : non renseigné." in " ".join(letter.split())  # wrapped lines
    assert "rTMS pourrait" not in letter  # not indicated: the letter does not suggest it
    assert letter.count("- [ ]") == 6  # no criterion ticked: all six offered


def test_letter_says_when_the_screening_found_no_yes_answer():
    letter = render(route(screened=True), "letter")
    assert "aucune réponse « oui » signalée" in " ".join(letter.split())


def test_letter_can_be_addressed_to_another_centre_of_the_route():
    planned = plan_route(intake(), catalog(CETD, CONSULTATION))
    letter = render(planned, "letter", centre_id="consultation-firminy")
    assert "Structure consultation-firminy" in letter and "Structure cetd-nord" not in letter
    with pytest.raises(UsageError, match="cetd-nord, consultation-firminy"):
        render(planned, "letter", centre_id="nowhere")


def test_the_default_addressee_is_the_nearest_structure_a_gp_can_reach():
    """A structure known only from a source page (no number, no website of its own) is never the
    default addressee, and the SDC step lists it after those a GP can reach; with none reachable,
    the first one stays (the GP is told to call before referring)."""
    unknown = centre("unknown-site", 45.4450, 4.3900, sources=("https://example.org/article",))
    phone = dict(phone="04 77 00 00 00", phone_kind="switchboard")
    reachable = centre("consultation-firminy", 45.3880, 4.2880, kind="sdc-consultation", **phone)
    planned = plan_route(intake(), catalog(unknown, reachable))
    sdc = next(step for step in planned.steps if step.kind == "sdc_evaluation")
    assert sdc.centres == ("consultation-firminy", "unknown-site")  # still listed, after the reachable
    letter = render(planned, "letter")
    assert "À l'attention de l'équipe de :\nStructure consultation-firminy" in letter
    website = centre("consultation-firminy", 45.3880, 4.2880, website="https://example.org/douleur")
    assert "Structure consultation-firminy" in render(
        plan_route(intake(), catalog(unknown, website)), "letter"
    )
    alone = render(plan_route(intake(), catalog(unknown)), "letter")
    assert "À l'attention de l'équipe de :\nStructure unknown-site" in alone


def test_letter_in_english():
    i18n.set_language("en")
    letter = render(route(), "letter")
    assert "Subject: request for evaluation in a chronic pain structure" in letter
    assert "2026-03-09" in letter


def test_unknown_format_is_a_usage_error():
    with pytest.raises(UsageError, match="letter"):
        render(route(), "pdf")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_a_route_with_no_centre(fmt):
    far = plan_route(intake(), catalog(centre("loin", -21.0, 55.5)))
    assert render(far, fmt).strip()


def test_distances_use_the_language_decimal_mark():
    assert " km · " in render(route(), "text")
    french = render(route(), "text")
    assert any(part.endswith(" km") and "," in part for part in french.split(" · "))
    i18n.set_language("en")
    english = render(route(), "text")
    assert any(part.endswith(" km") and "." in part for part in english.split(" · "))


def test_referral_requirements_of_a_centre_are_shown():
    strict = centre(
        "cetd-strict",
        45.44,
        4.40,
        gp_letter_required=True,
        referral_notes="Questionnaire envoyé par la poste.",
    )
    planned = plan_route(intake(), catalog(strict))
    text = render(planned, "text")
    assert "courrier du médecin demandé" in text and "Questionnaire envoyé par la poste." in text
    entry = route_to_dict(planned)["centres"][0]
    assert (
        entry["gp_letter_required"] is True
        and entry["referral_notes"] == "Questionnaire envoyé par la poste."
    )
