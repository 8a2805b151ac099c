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
from finder.route.reach import MAX_REACH_KM
from finder.route.render import note_text, step_detail, step_title

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


def codes(notes) -> list[str]:
    return [n.code for n in notes]


def line(found_step, code):
    """The note ``code`` of a step (None when absent)."""
    return next((n for n in found_step.lines if n.code == code), None)


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
    assert line(sdc, "sdc.for_team").params["ids"] == ("pacemaker",)
    blocked = [r for r in route.rtms.reasons if r.code == "reason.blocked"]
    assert blocked and blocked[0].params["ids"] == ("pacemaker",)


def test_a_caution_keeps_the_rtms_step_and_spells_the_caution_out():
    route = plan_route(intake(contraindications=frozenset({"syncope", "hearing"})), catalog())
    assert route.rtms.indicated
    assert route.rtms.cautions == ("syncope", "hearing")
    rtms_step = step(route, "rtms")
    assert line(rtms_step, "rtms.cautions").params["ids"] == ("syncope", "hearing")
    assert "clinical.screening_not_exclusion" in codes(rtms_step.lines)


def test_blocks_and_cautions_together_keep_both_lists():
    route = plan_route(intake(contraindications=frozenset({"epilepsy", "pregnancy"})), catalog())
    assert route.rtms.blocked_by == ("epilepsy",)
    assert route.rtms.cautions == ("pregnancy",)
    assert "rtms" not in kinds(route)


def test_fibromyalgia_has_level_b():
    route = plan_route(intake(pain_category="fibromyalgia"), catalog())
    assert route.rtms.indicated and route.rtms.evidence_level == "B"
    assert line(step(route, "rtms"), "rtms.evidence").params == {"category": "fibromyalgia"}


@pytest.mark.parametrize("category", ["low_back", "crps", "migraine"])
def test_no_established_level_means_no_rtms_step_and_says_so(category):
    route = plan_route(intake(pain_category=category), catalog())
    assert "rtms" not in kinds(route)
    assert route.rtms.evidence_level is None
    assert "clinical.no_evidence_level" in codes(route.rtms.reasons)
    assert step(route, "sdc_evaluation").centres  # the SDC step is still there


def test_not_refractory_and_unknown_refractory_give_their_own_reason():
    not_failed = plan_route(intake(refractory=False), catalog())
    unknown = plan_route(intake(refractory=None), catalog())
    assert "rtms" not in kinds(not_failed) and "rtms" not in kinds(unknown)
    # domain.md E: for neuropathic pain, refractory means first- and second-line treatments failed
    assert codes(not_failed.rtms.reasons) == ["reason.not_refractory_lines"]
    assert codes(unknown.rtms.reasons) == ["reason.refractory_unknown_lines"]
    fibromyalgia = plan_route(intake(pain_category="fibromyalgia", refractory=False), catalog())
    assert codes(fibromyalgia.rtms.reasons) == ["reason.not_refractory"]


@pytest.mark.parametrize(("months", "chronic"), [(3, False), (3.5, True), (2, False)])
def test_adults_are_chronic_after_more_than_three_months(months, chronic):
    route = plan_route(intake(months=months), catalog())
    assert route.rtms.indicated is chronic
    assert ("sdc_evaluation" in kinds(route)) is True
    if not chronic:
        assert line(step(route, "sdc_evaluation"), "sdc.not_chronic").params == {
            "months": months,
            "threshold": 3,
        }
        assert route.rtms.reasons[0].params == {"months": months, "threshold": 3}


def test_children_are_chronic_after_more_than_one_month():
    route = plan_route(intake(age=12, months=2), catalog())
    assert not {"reason.not_chronic", "reason.duration_unknown"} & set(codes(route.rtms.reasons))


def test_unknown_duration_means_chronicity_not_established():
    route = plan_route(intake(months=None), catalog())
    assert "rtms" not in kinds(route)
    assert "reason.duration_unknown" in codes(route.rtms.reasons)
    assert line(step(route, "sdc_evaluation"), "sdc.duration_unknown").params == {"threshold": 3}


def test_every_failing_condition_is_a_reason():
    route = plan_route(
        intake(
            pain_category="low_back", months=1, refractory=False, contraindications=frozenset({"metal_head"})
        ),
        catalog(),
    )
    assert codes(route.rtms.reasons) == [
        "clinical.no_evidence_level",
        "reason.not_chronic",
        "reason.not_refractory",
        "reason.blocked",
        "clinical.screening_conservative",  # domain.md F: the blocks are finder's own rule
    ]


def test_a_child_sees_structures_taking_children_first():
    route = plan_route(intake(age=9, months=2), catalog())
    sdc = step(route, "sdc_evaluation")
    assert sdc.centres[0] == "sdc-enfant-lyon"
    assert "sdc.child_first" in codes(sdc.lines)


def test_a_child_with_no_child_structure_nearby_is_told_to_call():
    route = plan_route(intake(age=9, months=2), catalog(CETD, CONSULTATION))
    assert "sdc.child_none" in codes(step(route, "sdc_evaluation").lines)


def test_an_overseas_patient_far_from_every_centre_gets_no_centre_but_the_official_lists():
    """The fixture's centres are all in mainland France, 9,000 km from La Réunion: listing them would
    be absurd (the reviewer's Nouméa case): none listed, a warning, the national official pages."""
    route = plan_route(intake(place=SAINT_DENIS_REUNION), catalog())
    sdc = step(route, "sdc_evaluation")
    assert sdc.centres == () and route.centres == ()
    far = [w for w in route.warnings if w.code == "warning.out_of_reach"]
    assert far and far[0].params["place"] == "Saint-Denis" and far[0].params["km"] > MAX_REACH_KM
    assert "warning.none_within" not in codes(route.warnings)
    assert route.official is not None and route.official.code == "out_of_reach" and route.official.pages
    assert "sdc.no_centre" in codes(sdc.lines)


def test_a_patient_beyond_the_radius_but_within_reach_still_gets_the_nearest_with_a_warning():
    far_west = dataclasses.replace(SAINT_ETIENNE, lat=48.39, lon=-4.49)  # Brest, about 600 km away
    route = plan_route(intake(place=far_west), catalog())
    assert step(route, "sdc_evaluation").centres
    assert all(not rc.within_radius for rc in route.centres)
    assert "warning.none_within" in codes(route.warnings)
    assert "warning.out_of_reach" not in codes(route.warnings)


def test_a_larger_radius_brings_far_centres_within_it():
    route = plan_route(intake(place=SAINT_DENIS_REUNION, radius_km=20000), catalog())
    assert all(rc.within_radius for rc in route.centres)
    assert not {"warning.none_within", "warning.no_rtms_within"} & set(codes(route.warnings))


def test_no_more_than_five_centres_per_step():
    many = tuple(centre(f"sdc-{n:02d}", 45.40 + n * 0.01, 4.39) for n in range(12))
    route = plan_route(intake(), catalog(*many))
    assert len(step(route, "sdc_evaluation").centres) == MAX_PER_STEP
    assert step(route, "sdc_evaluation").centres[0] in ("sdc-03", "sdc-04")


def test_a_directory_without_rtms_centres_says_so_in_the_rtms_step():
    route = plan_route(intake(), catalog(CONSULTATION))
    assert step(route, "rtms").centres == ()
    assert "rtms.no_centre" in codes(step(route, "rtms").lines)


def test_unverified_and_stale_centres_trigger_a_call_warning():
    old = centre("cetd-ancien", 45.44, 4.39, last_verified=date(2020, 1, 1), stale=True)
    never = centre("cetd-jamais", 45.45, 4.39, last_verified=None, unverified=True)
    route = plan_route(intake(), catalog(old, never))
    assert [w.params for w in route.warnings if w.code == "warning.stale"] == [{"count": 2}]
    fresh = plan_route(intake(), catalog(CETD))
    assert "warning.stale" not in codes(fresh.warnings)


def test_directory_problems_become_a_warning():
    problems = tuple(
        Problem(path, 1, 1, "error", "E004", "bad kind") for path in ("a.toml", "a.toml", "b.toml")
    )
    route = plan_route(intake(), catalog(CETD, problems=problems))
    found = [w.params for w in route.warnings if w.code == "warning.directory_problems"]
    assert found == [{"count": 2}]  # 2 files


def test_preconditions_list_the_ticked_criteria_or_every_criterion():
    ticked = plan_route(intake(has_criteria=frozenset({"long_term_opioids"})), catalog())
    preconditions = step(ticked, "preconditions")
    assert line(preconditions, "criteria.ticked").params["ids"] == ("long_term_opioids",)
    assert line(preconditions, "criteria.none") is None
    assert "aetiological_workup" in line(preconditions, "preconditions.checklist").params["ids"]
    untouched = step(plan_route(intake(), catalog()), "preconditions")
    assert len(line(untouched, "criteria.none").params["ids"]) == 6
    assert step_detail(untouched, "fr").count("- [ ]") == 3 + 6


def test_dn4_results_are_reported_with_their_caveats():
    full = plan_route(intake(dn4=Dn4Result(5, 10, True)), catalog())
    result = line(step(full, "sdc_evaluation"), "dn4.result")
    assert result.params == {"score": 5, "out_of": 10, "positive": True, "interview": False}
    assert "clinical.dn4_positive" in codes(step(full, "sdc_evaluation").lines)
    interview = plan_route(intake(pain_category="low_back", dn4=Dn4Result(4, 7, True)), catalog())
    lines = step(interview, "sdc_evaluation").lines
    assert line(step(interview, "sdc_evaluation"), "dn4.result").params["interview"] is True
    assert "clinical.dn4_interview_caveat" in codes(lines)
    assert interview.intake.pain_category == "low_back"  # never overrides the chosen category


def test_reminders_always_say_the_centre_confirms_and_rtms_is_not_reimbursed():
    for route in (plan_route(intake(), catalog()), plan_route(intake(pain_category="low_back"), catalog())):
        assert {"clinical.centre_confirms", "reminder.call"} <= set(codes(route.reminders))


def test_planning_does_not_depend_on_the_language_and_render_chooses_it():
    french = plan_route(intake(contraindications=frozenset({"pacemaker"})), catalog(), today=date(2026, 3, 1))
    i18n.set_language("en")
    english = plan_route(
        intake(contraindications=frozenset({"pacemaker"})), catalog(), today=date(2026, 3, 1)
    )
    assert french == english  # codes, not words
    sdc = step(english, "sdc_evaluation")
    assert step_title(sdc) == "Evaluation in a chronic pain structure (SDC)"
    assert step_title(sdc, "fr") == "Évaluation en structure douleur chronique (SDC)"
    blocked = next(r for r in english.rtms.reasons if r.code == "reason.blocked")
    assert "pacemaker" in note_text(blocked).lower()
    assert "stimulateur" in note_text(blocked, "fr").lower()


def test_a_category_inferred_with_moderate_confidence_is_flagged():
    guessed = plan_route(intake(pain_category="neuropathic_peripheral", pain_score=45.0), catalog())
    assert guessed.warnings[0].code == "warning.pain_guess"
    assert guessed.warnings[0].params == {"score": 45, "category": "neuropathic_peripheral"}
    sure = plan_route(intake(pain_score=80.0), catalog())
    assert "warning.pain_guess" not in codes(sure.warnings)


def test_french_numbers_use_a_decimal_comma():
    route = plan_route(intake(months=2.5), catalog())
    assert route.rtms.reasons[0].params == {"months": 2.5, "threshold": 3}
    assert "2,5" in note_text(route.rtms.reasons[0], "fr") and "2.5" in note_text(route.rtms.reasons[0], "en")


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
        shown = sorted(within, key=key)[:MAX_PER_STEP]
    else:
        shown = sorted(measured, key=lambda kc: (kc[0], kc[1].id))[:MAX_FALLBACK]
    if shown and min(km for km, _ in shown) > MAX_REACH_KM:  # another territory: none (finder.route.reach),
        return []  # even inside a radius wider than the reach
    return [c.id for _, c in shown]


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
    assert line(step(route, "sdc_evaluation"), "sdc.for_team").params["ids"] == ("pregnancy",)
    with_step = plan_route(intake(contraindications=frozenset({"pregnancy"})), catalog())
    assert line(step(with_step, "sdc_evaluation"), "sdc.for_team") is None  # told once, in the rTMS step
    assert line(step(with_step, "rtms"), "rtms.cautions").params["ids"] == ("pregnancy",)


def test_an_unanswered_safety_screening_is_listed_in_the_rtms_step_and_reminded():
    route = plan_route(intake(), catalog())
    assert not route.rtms.screened
    listed = line(step(route, "rtms"), "rtms.screening_not_done").params["ids"]
    assert "pacemaker" in listed  # a blocks question
    assert "pregnancy" not in listed  # cautions are not listed as blocking
    assert "reminder.screening_not_done" in codes(route.reminders)


def test_a_screening_with_no_yes_answer_is_not_reminded():
    route = plan_route(intake(screened=True), catalog())
    assert route.rtms.screened
    assert line(step(route, "rtms"), "rtms.screening_not_done") is None
    assert "reminder.screening_not_done" not in codes(route.reminders)
