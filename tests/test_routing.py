"""plan_route: which steps, which centres in which order, and why rTMS is or is not a step.

The centres are built here (real places, illustrative entries) so that these rules are tested apart
from the shipped directory.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finder import i18n
from finder.directory.catalog import Catalog
from finder.directory.validate import Problem
from finder.model import Centre, Commune, Dn4Result, Intake, RtmsOffer
from finder.places.distance import geodesic_km
from finder.route.nearby import MAX_FALLBACK, MAX_PER_STEP
from finder.route.planning import plan_route

SAINT_ETIENNE = Commune(
    "42218",
    "Saint-Étienne",
    ("42000", "42100"),
    "42",
    "Loire",
    "84",
    "Auvergne-Rhône-Alpes",
    45.4347,
    4.3903,
    170000,
)
SAINT_DENIS_REUNION = Commune(
    "97411",
    "Saint-Denis",
    ("97400", "97490"),
    "974",
    "La Réunion",
    "04",
    "La Réunion",
    -20.8823,
    55.4504,
    150000,
)


def centre(cid: str, lat: float, lon: float, kind: str = "sdc-centre", **fields) -> Centre:
    values = {
        "region": "test",
        "path": f"test/{cid}.toml",
        "name": f"Structure {cid}",
        "establishment": f"Hôpital {cid}",
        "audience": ("adult",),
        "city": "Ville",
        "last_verified": date(2026, 1, 15),
        "unverified": False,
    }
    values.update(fields)
    return Centre(id=cid, kind=kind, lat=lat, lon=lon, **values)


def rtms(*indications: str) -> RtmsOffer:
    return RtmsOffer(offered=True, targets=("M1",), indications=indications)


# Around Saint-Étienne: a CETD with rTMS (4 km), a consultation (about 12 km), an algology consultation
# closer than both, an rTMS unit in Lyon (about 50 km) naming central pain, a child structure in Lyon.
CETD = centre("cetd-nord", 45.4695, 4.3790, rtms=rtms("neuropathic_peripheral"))
CONSULTATION = centre("consultation-firminy", 45.3880, 4.2880, kind="sdc-consultation")
ALGOLOGY = centre("algologie-centre", 45.4380, 4.3880, kind="algology")
RTMS_UNIT = centre(
    "unite-rtms-lyon", 45.7450, 4.8790, kind="reference-centre", rtms=rtms("neuropathic_central")
)
CHILD_SDC = centre("sdc-enfant-lyon", 45.7520, 4.8560, kind="sdc-consultation", audience=("child",))
NEUROLOGY = centre("neurologie-roanne", 46.0360, 4.0680, kind="neurology")
PARIS_SDC = centre("cetd-paris", 48.8400, 2.3600)

ALL = (CETD, CONSULTATION, ALGOLOGY, RTMS_UNIT, CHILD_SDC, NEUROLOGY, PARIS_SDC)


def catalog(*centres: Centre, problems=()) -> Catalog:
    return Catalog(centres=centres or ALL, problems=problems, path=Path("test-directory"))


def intake(**fields) -> Intake:
    values = {
        "place": SAINT_ETIENNE,
        "pain_category": "neuropathic_central",
        "months": 12,
        "refractory": True,
    }
    values.update(fields)
    return Intake(**values)


def step(route, kind):
    found = [s for s in route.steps if s.kind == kind]
    return found[0] if found else None


def kinds(route) -> list[str]:
    return [s.kind for s in route.steps]


def test_chronic_refractory_neuropathic_pain_gets_an_rtms_step_with_level_a():
    route = plan_route(intake(), catalog(), today=date(2026, 3, 1))
    assert kinds(route) == ["preconditions", "sdc_evaluation", "rtms", "follow_up"]
    assert route.rtms.indicated and route.rtms.evidence_level == "A"
    assert "Lefaucheur" in route.rtms.reference
    assert route.rtms.reasons == ()
    assert route.created == date(2026, 3, 1)


def test_the_rtms_step_lists_centres_naming_the_category_first_even_when_farther():
    route = plan_route(intake(), catalog())
    assert step(route, "rtms").centres == ("unite-rtms-lyon", "cetd-nord")


def test_the_sdc_step_lists_labelled_structures_by_distance_then_algology():
    route = plan_route(intake(), catalog())
    # neurology and rTMS-only units are not pain structures; a children-only structure is not for adults
    assert step(route, "sdc_evaluation").centres == ("cetd-nord", "consultation-firminy", "algologie-centre")


def test_every_distance_is_geodesic_from_the_commune_and_centres_are_nearest_first():
    route = plan_route(intake(), catalog())
    for rc in route.centres:
        expected = geodesic_km((SAINT_ETIENNE.lat, SAINT_ETIENNE.lon), (rc.centre.lat, rc.centre.lon))
        assert rc.distance_km == pytest.approx(expected, abs=1e-9)
        assert rc.within_radius
    distances = [rc.distance_km for rc in route.centres]
    assert distances == sorted(distances)
    named = {cid for s in route.steps for cid in s.centres}
    assert named == {rc.centre.id for rc in route.centres}


def test_a_geocoded_point_replaces_the_commune_as_origin():
    point = (45.7450, 4.8790)  # next to the Lyon rTMS unit
    route = plan_route(intake(point=point), catalog())
    nearest = min(route.centres, key=lambda rc: rc.distance_km)
    assert nearest.centre.id == "unite-rtms-lyon" and nearest.distance_km < 0.1


def test_a_blocking_answer_removes_the_rtms_step_and_is_named_for_the_team():
    route = plan_route(intake(contraindications=frozenset({"pacemaker"})), catalog())
    assert "rtms" not in kinds(route)
    assert not route.rtms.indicated
    assert route.rtms.blocked_by == ("pacemaker",)
    assert route.rtms.evidence_level == "A"  # the evidence is still reported
    sdc = step(route, "sdc_evaluation")
    assert "stimulateur ou défibrillateur cardiaque" in sdc.detail.lower()
    assert any("stimulateur" in reason.lower() for reason in route.rtms.reasons)


def test_a_caution_keeps_the_rtms_step_and_spells_the_caution_out():
    route = plan_route(intake(contraindications=frozenset({"syncope", "hearing"})), catalog())
    assert route.rtms.indicated
    assert route.rtms.cautions == ("syncope", "hearing")
    detail = step(route, "rtms").detail
    assert "syncope" in detail and "audition" in detail
    assert "exclusion automatique" in detail


def test_blocks_and_cautions_together_keep_both_lists():
    route = plan_route(intake(contraindications=frozenset({"epilepsy", "pregnancy"})), catalog())
    assert route.rtms.blocked_by == ("epilepsy",)
    assert route.rtms.cautions == ("pregnancy",)
    assert "rtms" not in kinds(route)


def test_fibromyalgia_has_level_b():
    route = plan_route(intake(pain_category="fibromyalgia"), catalog())
    assert route.rtms.indicated and route.rtms.evidence_level == "B"
    assert "DLPFC" in step(route, "rtms").detail


@pytest.mark.parametrize("category", ["low_back", "crps", "migraine", "cancer"])
def test_no_established_level_means_no_rtms_step_and_says_so(category):
    route = plan_route(intake(pain_category=category), catalog())
    assert "rtms" not in kinds(route)
    assert route.rtms.evidence_level is None
    assert any("Aucun niveau de recommandation" in reason for reason in route.rtms.reasons)
    assert step(route, "sdc_evaluation").centres  # the SDC step is still there


def test_not_refractory_and_unknown_refractory_give_their_own_reason():
    not_failed = plan_route(intake(refractory=False), catalog())
    unknown = plan_route(intake(refractory=None), catalog())
    assert "rtms" not in kinds(not_failed) and "rtms" not in kinds(unknown)
    assert any("n'ont pas échoué" in r for r in not_failed.rtms.reasons)
    assert any("pas encore si les traitements" in r for r in unknown.rtms.reasons)


@pytest.mark.parametrize(("months", "chronic"), [(3, False), (3.5, True), (2, False)])
def test_adults_are_chronic_after_more_than_three_months(months, chronic):
    route = plan_route(intake(months=months), catalog())
    assert route.rtms.indicated is chronic
    assert ("sdc_evaluation" in kinds(route)) is True
    if not chronic:
        assert "plus de 3 mois" in step(route, "sdc_evaluation").detail


def test_children_are_chronic_after_more_than_one_month():
    route = plan_route(intake(age=12, months=2), catalog())
    assert not any("chronique" in r for r in route.rtms.reasons)


def test_unknown_duration_means_chronicity_not_established():
    route = plan_route(intake(months=None), catalog())
    assert "rtms" not in kinds(route)
    assert any("durée de la douleur inconnue" in r for r in route.rtms.reasons)
    assert "Durée de la douleur non renseignée" in step(route, "sdc_evaluation").detail


def test_every_failing_condition_is_a_reason():
    route = plan_route(
        intake(
            pain_category="low_back", months=1, refractory=False, contraindications=frozenset({"metal_head"})
        ),
        catalog(),
    )
    assert len(route.rtms.reasons) == 4


def test_a_child_sees_structures_taking_children_first():
    route = plan_route(intake(age=9, months=2), catalog())
    sdc = step(route, "sdc_evaluation")
    assert sdc.centres[0] == "sdc-enfant-lyon"
    assert "moins de 18 ans" in sdc.detail


def test_a_child_with_no_child_structure_nearby_is_told_to_call():
    route = plan_route(intake(age=9, months=2), catalog(CETD, CONSULTATION))
    assert "Aucune structure accueillant les enfants" in step(route, "sdc_evaluation").detail


def test_an_overseas_patient_far_from_every_centre_gets_the_nearest_ones_with_a_warning():
    route = plan_route(intake(place=SAINT_DENIS_REUNION), catalog())
    sdc = step(route, "sdc_evaluation")
    assert len(sdc.centres) == MAX_FALLBACK
    assert all(not rc.within_radius and rc.distance_km > 8000 for rc in route.centres)
    assert any("Aucune structure adaptée à moins de 100 km de Saint-Denis" in w for w in route.warnings)
    assert any("Aucun centre rTMS" in w for w in route.warnings)
    # beyond the radius the nearest come first whatever their kind: the route does not claim otherwise
    assert "labellisées" not in sdc.detail
    assert "listés en premier" not in step(route, "rtms").detail


def test_a_larger_radius_brings_far_centres_within_it():
    route = plan_route(intake(place=SAINT_DENIS_REUNION, radius_km=20000), catalog())
    assert all(rc.within_radius for rc in route.centres)
    assert not any("moins de" in w for w in route.warnings)


def test_no_more_than_five_centres_per_step():
    many = tuple(centre(f"sdc-{n:02d}", 45.40 + n * 0.01, 4.39) for n in range(12))
    route = plan_route(intake(), catalog(*many))
    assert len(step(route, "sdc_evaluation").centres) == MAX_PER_STEP
    assert step(route, "sdc_evaluation").centres[0] in ("sdc-03", "sdc-04")


def test_a_directory_without_rtms_centres_says_so_in_the_rtms_step():
    route = plan_route(intake(), catalog(CONSULTATION))
    assert step(route, "rtms").centres == ()
    assert "aucun centre proposant la rTMS" in step(route, "rtms").detail


def test_unverified_and_stale_centres_trigger_a_call_warning():
    old = centre("cetd-ancien", 45.44, 4.39, last_verified=date(2020, 1, 1), stale=True)
    never = centre("cetd-jamais", 45.45, 4.39, last_verified=None, unverified=True)
    route = plan_route(intake(), catalog(old, never))
    assert any("2 centre(s)" in w for w in route.warnings)
    fresh = plan_route(intake(), catalog(CETD))
    assert not any("vérifiés" in w for w in fresh.warnings)


def test_directory_problems_become_a_warning():
    problems = tuple(
        Problem(path, 1, 1, "error", "E004", "bad kind") for path in ("a.toml", "a.toml", "b.toml")
    )
    route = plan_route(intake(), catalog(CETD, problems=problems))
    assert any("2 fiche(s)" in w and "finder directory validate" in w for w in route.warnings)  # 2 files


def test_preconditions_list_the_ticked_criteria_or_every_criterion():
    ticked = plan_route(intake(has_criteria=frozenset({"long_term_opioids"})), catalog())
    detail = step(ticked, "preconditions").detail
    assert "- [x] Traitement antalgique de palier 3" in detail
    assert "Sevrage" not in detail
    assert "Bilan étiologique initial" in detail
    untouched = step(plan_route(intake(), catalog()), "preconditions").detail
    assert untouched.count("- [ ]") == 3 + 6


def test_dn4_results_are_reported_with_their_caveats():
    full = plan_route(intake(dn4=Dn4Result(5, 10, True)), catalog())
    assert "DN4 : 5/10, positif" in step(full, "sdc_evaluation").detail
    interview = plan_route(intake(pain_category="low_back", dn4=Dn4Result(4, 7, True)), catalog())
    detail = step(interview, "sdc_evaluation").detail
    assert "4/7" in detail and "à confirmer par l'examen" in detail
    assert interview.intake.pain_category == "low_back"  # never overrides the chosen category


def test_reminders_always_say_the_centre_confirms_and_rtms_is_not_reimbursed():
    for route in (plan_route(intake(), catalog()), plan_route(intake(pain_category="cancer"), catalog())):
        text = " ".join(route.reminders)
        assert "confirme toujours l'indication" in text
        assert "n'est pas remboursée" in text
        assert "Appelez le centre" in text


def test_texts_follow_the_current_language():
    i18n.set_language("en")
    route = plan_route(intake(contraindications=frozenset({"pacemaker"})), catalog())
    assert route.language == "en"
    assert step(route, "sdc_evaluation").title == "Evaluation in a chronic pain structure (SDC)"
    assert any("pacemaker" in reason.lower() for reason in route.rtms.reasons)
    assert route.category_label == "Central neuropathic pain"


def test_a_category_inferred_with_moderate_confidence_is_flagged():
    guessed = plan_route(intake(pain_category="neuropathic_peripheral", pain_score=45.0), catalog())
    assert any("confiance moyenne (45/100)" in w for w in guessed.warnings)
    sure = plan_route(intake(pain_score=80.0), catalog())
    assert not any("confiance" in w for w in sure.warnings)


def test_french_numbers_use_a_decimal_comma():
    route = plan_route(intake(months=2.5), catalog())
    assert any("2,5 mois" in r for r in route.rtms.reasons)


# --- the fast selection agrees with measuring every centre geodesically -----------------------------

_lat = st.floats(min_value=-60, max_value=70, allow_nan=False)
_lon = st.floats(min_value=-180, max_value=180, allow_nan=False)


def _brute_force(origin, centres, radius, child):
    """Every centre measured with geodesic_km, ranked like the SDC step."""
    wanted = [c for c in centres if child or "adult" in c.audience]
    measured = [(geodesic_km(origin, (c.lat, c.lon)), c) for c in wanted]
    within = [(km, c) for km, c in measured if km <= radius]
    if within:
        key = (
            (lambda kc: (not kc[1].takes_children, kc[0], kc[1].id))
            if child
            else (lambda kc: (kc[0], kc[1].id))
        )
        return [c.id for _, c in sorted(within, key=key)[:MAX_PER_STEP]]
    return [c.id for _, c in sorted(measured, key=lambda kc: (kc[0], kc[1].id))[:MAX_FALLBACK]]


@settings(max_examples=60, deadline=None)
@given(
    origin=st.tuples(_lat, _lon),
    points=st.lists(st.tuples(_lat, _lon, st.booleans()), min_size=1, max_size=25),
    radius=st.sampled_from([5.0, 50.0, 100.0, 500.0, 3000.0]),
    child=st.booleans(),
    near=st.lists(st.tuples(st.floats(-1.5, 1.5), st.floats(-1.5, 1.5)), max_size=10),
)
def test_selection_matches_a_brute_force_geodesic_ranking(origin, points, radius, child, near):
    # points scattered worldwide, plus some within about 150 km of the origin (across the 180th meridian too)
    spots = [(la, lo, kids) for la, lo, kids in points]
    spots += [(origin[0] + dla, ((origin[1] + dlo + 180) % 360) - 180, False) for dla, dlo in near]
    centres = tuple(
        centre(f"c{n:02d}", la, lo, audience=("adult", "child") if kids else ("adult",))
        for n, (la, lo, kids) in enumerate(spots)
    )
    commune = dataclasses.replace(SAINT_ETIENNE, lat=origin[0], lon=origin[1])
    route = plan_route(intake(place=commune, radius_km=radius, age=9 if child else None), catalog(*centres))
    assert list(step(route, "sdc_evaluation").centres) == _brute_force(origin, centres, radius, child)


def test_cautions_are_passed_on_even_without_an_rtms_step():
    route = plan_route(
        intake(pain_category="low_back", contraindications=frozenset({"pregnancy"})), catalog()
    )
    assert "rtms" not in kinds(route)
    assert route.rtms.cautions == ("pregnancy",)
    assert "Grossesse" in step(route, "sdc_evaluation").detail
    with_step = plan_route(intake(contraindications=frozenset({"pregnancy"})), catalog())
    assert "Grossesse" not in step(with_step, "sdc_evaluation").detail  # told once, in the rTMS step
    assert "Grossesse" in step(with_step, "rtms").detail


def test_an_unanswered_safety_screening_is_listed_in_the_rtms_step_and_reminded():
    route = plan_route(intake(), catalog())
    assert not route.rtms.screened
    detail = step(route, "rtms").detail
    assert "Dépistage de sécurité" in detail
    assert "Stimulateur ou défibrillateur cardiaque, ou sonde intracardiaque ?" in detail  # a blocks question
    assert "Grossesse en cours ou possible ?" not in detail  # cautions are not listed as blocking
    assert any("questionnaire de sécurité TMS n'a pas été renseigné" in r for r in route.reminders)


def test_a_screening_with_no_yes_answer_is_not_reminded():
    route = plan_route(intake(screened=True), catalog())
    assert route.rtms.screened
    assert "Dépistage de sécurité" not in step(route, "rtms").detail
    assert not any("n'a pas été renseigné" in r for r in route.reminders)
