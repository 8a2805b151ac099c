"""The safety amendments of domain.md Part 1 (2026-11-30), one table per rule, A to G.

Each case plans a route from an intake on an illustrative catalogue and checks the route's codes and
structure in JSON (``route_to_dict``) and that the text rendering carries the same elements. The ids
name the domain.md item they check. Texts are asserted through their codes, never as long sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from finder.clinical.alerts import SIGN_IDS, check_alerts, urgent_line
from finder.clinical.texts import text as clinical_text
from finder.errors import UsageError
from finder.model import Dn4Result, RtmsOffer
from finder.route.planning import plan_route
from finder.route.render import render, route_to_dict
from tests.clinical.test_alert_detect import DOMAIN_IDS
from tests.route.test_routing import ALL, catalog, centre, intake

TODAY = date(2026, 11, 30)


def plan(centres=ALL, **fields: Any):
    return plan_route(intake(alerts_asked=True, **fields), catalog(*centres), today=TODAY)


def codes(notes: list[dict[str, Any]]) -> list[str]:
    return [n["code"] for n in notes]


def step_of(data: dict[str, Any], kind: str) -> dict[str, Any] | None:
    return next((s for s in data["steps"] if s["kind"] == kind), None)


def all_codes(data: dict[str, Any]) -> set[str]:
    """Every note code of a JSON route: opening, step titles and lines, reasons, warnings, reminders."""
    found = set(codes(data["opening_notes"]) + codes(data["warning_notes"]) + codes(data["reminder_notes"]))
    found |= set(codes(data["rtms"]["reason_notes"]))
    for s in data["steps"]:
        found.add(s["code"])
        found |= set(codes(s["notes"]))
    return found


@dataclass(frozen=True)
class Case:
    id: str
    fields: dict[str, Any]
    present: tuple[str, ...] = ()  # note codes the route must hold
    absent: tuple[str, ...] = ()  # note codes it must not hold
    kinds: tuple[str, ...] | None = None  # the step kinds, in order
    extra: dict[str, Any] = field(default_factory=dict)  # other JSON facts: {"alerts": [...]}


RTMS_WORDS = ("clinical.rtms_status", "step.rtms", "clinical.sdc_first", "reminder.screening_not_done")

CASES = [
    # A. Warning signs come before any pain structure.
    Case(
        "A-any-sign-opens-the-route-and-the-sdc-step-waits-for-the-emergency",
        {"pain_category": "migraine", "alerts": ("thunderclap_headache",)},
        present=("alert.urgent", "alert.signs", "step.sdc_evaluation_after_emergency"),
        absent=("step.sdc_evaluation",),
        extra={"alerts": ["thunderclap_headache"]},
    ),
    Case(
        "A-no-sign-no-urgent-line",
        {"pain_category": "low_back"},
        present=("step.sdc_evaluation",),
        absent=("alert.urgent", "warning.alerts_not_asked"),
        extra={"alerts": []},
    ),
    Case(
        "A-adult-under-one-month-reads-sdc-do-not-treat-acute-pain-first",
        {"pain_category": "low_back", "months": 0.5},
        present=("clinical.sdc_not_acute",),
        absent=("alert.urgent",),
    ),
    Case(
        "A-a-child-under-one-month-is-not-called-acute-by-the-adult-rule",
        {"pain_category": "low_back", "months": 0.5, "age": 10},
        absent=("clinical.sdc_not_acute",),
    ),
    # B. No rTMS step under 18.
    Case(
        "B-child-with-level-a-pain-gets-no-rtms-step-and-the-stated-reason",
        {"pain_category": "neuropathic_central", "age": 15},
        present=("clinical.children_no_rtms", "sdc.child_first"),
        absent=RTMS_WORDS,
        kinds=("preconditions", "sdc_evaluation", "follow_up"),
    ),
    Case(
        "B-dn4-under-8-gets-the-pediadol-caveat-not-a-verdict",
        {"pain_category": "neuropathic_peripheral", "age": 4, "dn4": Dn4Result(6, 10, True)},
        present=("dn4.not_interpreted", "clinical.dn4_child_under_8"),
        absent=("dn4.result", "clinical.dn4_positive"),
    ),
    Case(
        "B-dn4-at-8-is-scored",
        {"pain_category": "neuropathic_peripheral", "age": 8, "dn4": Dn4Result(6, 10, True)},
        present=("dn4.result",),
        absent=("dn4.not_interpreted",),
    ),
    # C. Cancer pain has its own route.
    Case(
        "C-cancer-pain-oncology-first-no-rtms-text-no-palier-3-hors-cancer",
        {"pain_category": "cancer"},
        present=("step.oncology", "clinical.oncology_first"),
        absent=(*RTMS_WORDS, "clinical.no_evidence_level", "clinical.screening_not_exclusion"),
        kinds=("preconditions", "oncology", "sdc_evaluation", "follow_up"),
    ),
    # D. Opioid safety.
    Case(
        "D-opioid-criterion-brings-the-has-2022-reminder",
        {"pain_category": "low_back", "has_criteria": frozenset({"long_term_opioids"})},
        present=("clinical.opioids_has_2022",),
    ),
    Case(
        "D-difficult-withdrawal-brings-the-reminder",
        {"pain_category": "migraine", "has_criteria": frozenset({"difficult_withdrawal"})},
        present=("clinical.opioids_has_2022",),
    ),
    Case(
        "D-tramadol-ticked-brings-the-reminder",
        {"pain_category": "neuropathic_peripheral", "treatments_tried": ("tramadol",)},
        present=("clinical.opioids_has_2022",),
    ),
    Case(
        "D-an-opioid-named-in-free-text-brings-the-reminder",
        {"pain_category": "low_back", "treatments": "paracétamol, Oxycodone 10 mg"},
        present=("clinical.opioids_has_2022",),
    ),
    Case(
        "D-no-opioid-no-reminder",
        {"pain_category": "low_back", "treatments": "paracétamol, kinésithérapie"},
        absent=("clinical.opioids_has_2022",),
    ),
    # E. What the GP reads about rTMS.
    Case(
        "E-level-a-route-carries-the-status-text",
        {"pain_category": "neuropathic_central"},
        present=("clinical.rtms_status", "step.rtms"),
        absent=("clinical.facial_level_inferred",),
    ),
    Case(
        "E-no-level-no-status-text",
        {"pain_category": "crps"},
        present=("clinical.no_evidence_level",),
        absent=("clinical.rtms_status", "step.rtms"),
    ),
    Case(
        "E-facial-pain-says-its-level-is-inferred-and-gives-trigeminal-first-steps",
        {"pain_category": "neuropathic_facial"},
        present=("clinical.facial_level_inferred", "clinical.trigeminal_first_line", "clinical.rtms_status"),
    ),
    # F. Screening tiers are finder's own conservative rule.
    Case(
        "F-a-blocking-answer-is-named-as-finders-conservative-rule",
        {"pain_category": "neuropathic_central", "contraindications": frozenset({"pacemaker"})},
        present=("reason.blocked", "clinical.screening_conservative", "sdc.for_team"),
        absent=("step.rtms", "clinical.screening_not_exclusion"),
    ),
    Case(
        "F-pregnancy-caution-adds-its-text",
        {"pain_category": "neuropathic_central", "contraindications": frozenset({"pregnancy"})},
        present=("rtms.cautions", "clinical.pregnancy_caution"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_safety_rule(case: Case) -> None:
    route = plan(**case.fields)
    data = route_to_dict(route, "fr")
    found = all_codes(data)
    missing = [c for c in case.present if c not in found]
    assert not missing, f"{case.id}: missing {missing}"
    unwanted = [c for c in case.absent if c in found]
    assert not unwanted, f"{case.id}: should not hold {unwanted}"
    if case.kinds is not None:
        assert tuple(s["kind"] for s in data["steps"]) == case.kinds
    for key, value in case.extra.items():
        assert data[key] == value
    # the text rendering carries the same elements: every opening line before step 1
    text = render(route, "text", language="en")
    opening = route_to_dict(route, "en")["opening"]
    flat = " ".join(text.split())
    for line in opening:
        assert " ".join(line.split()) in flat
        assert flat.index(" ".join(line.split())[:40]) < flat.index("1. ")


def test_a_the_urgent_line_comes_before_step_1_in_every_format() -> None:
    """domain.md A: text, Markdown, JSON (alerts), the letter all open with the urgent line."""
    route = plan(pain_category="low_back", alerts=("cauda_equina", "motor_deficit"))
    for fmt in ("text", "markdown", "letter"):
        for language in ("fr", "en"):
            out = " ".join(render(route, fmt, language=language).replace("\\", "").split())
            first_words = urgent_line(language)[:50]
            assert first_words in out, (fmt, language)
            marker = {"text": "1. ", "markdown": "## 1. ", "letter": "1. "}[fmt]
            assert out.index(first_words) < out.index(marker), (fmt, language)
    data = route_to_dict(route, "en")
    assert data["alerts"] == ["cauda_equina", "motor_deficit"]
    assert codes(data["opening_notes"]) == ["alert.urgent", "alert.signs"]
    assert data["opening_notes"][1]["params"] == {"ids": ["cauda_equina", "motor_deficit"]}


def test_a_signs_never_asked_are_a_warning_not_none() -> None:
    """domain.md A: a route whose signs were not asked says so; it never reads as "no sign"."""
    route = plan_route(intake(pain_category="low_back"), catalog(), today=TODAY)
    data = route_to_dict(route, "fr")
    assert data["alerts_asked"] is False and data["alerts"] == []
    assert "warning.alerts_not_asked" in codes(data["warning_notes"])


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (["none"], ()),
        (["fever", "thunderclap_headache"], ("thunderclap_headache", "fever")),  # domain.md order
        (["Cauda-Equina"], ("cauda_equina",)),
    ],
)
def test_a_alert_ids_are_checked(given, expected) -> None:
    assert check_alerts(given) == expected


@pytest.mark.parametrize(
    ("given", "fragment"), [(["thunderclap"], "thunderclap_headache"), (["none", "fever"], "none")]
)
def test_a_bad_alert_ids_are_refused_with_a_hint(given, fragment) -> None:
    with pytest.raises(UsageError) as refused:
        check_alerts(given)
    assert fragment in str(refused.value)


def test_a_the_nine_signs_of_domain_md_exist_in_both_languages() -> None:
    from finder.clinical.alerts import SIGNS

    assert SIGN_IDS == DOMAIN_IDS
    for sign in SIGNS:
        assert sign.label("fr") != sign.label("en") and sign.source


def test_b_the_letter_of_a_child_has_no_rtms_line() -> None:
    """domain.md B: no rTMS line in the letter under 18 (the adult letter has one)."""
    child = plan(pain_category="neuropathic_central", age=15, contraindications=frozenset())
    adult = plan(pain_category="neuropathic_central", screened=True)
    assert adult.rtms.indicated
    assert "rTMS" in render(adult, "letter", language="en")
    assert "rTMS" not in render(child, "letter", language="en")
    assert "stimulation magnétique" not in render(child, "letter", language="fr")


def test_b_paediatric_structures_first_geriatric_never() -> None:
    """domain.md B and G: for a child, child-only structures first, geriatric structures never."""
    geriatric = centre("geriatrie-st-etienne", 45.4350, 4.3900, audience=("adult", "child"))
    geriatric = geriatric.__class__(**{**_fields(geriatric), "population": ("geriatrics",)})
    mixed = centre("mixte-st-etienne", 45.4360, 4.3910, audience=("adult", "child"))
    paediatric = centre("pediatrie-lyon", 45.75, 4.85, kind="sdc-consultation", audience=("child",))
    route = plan(centres=(geriatric, mixed, paediatric), pain_category="low_back", age=6)
    sdc = step_of(route_to_dict(route, "fr"), "sdc_evaluation")
    assert sdc["centres"] == ["pediatrie-lyon", "mixte-st-etienne"]


def _fields(c) -> dict[str, Any]:
    return {name: getattr(c, name) for name in c.__slots__}


def dedicated(cid: str, lat: float, lon: float, *population: str, **fields: Any):
    base = centre(cid, lat, lon, **fields)
    return base.__class__(**{**_fields(base), "population": population})


def test_c_cancer_pain_goes_to_cancer_centre_pain_structures_first() -> None:
    """domain.md C: pain structures of cancer centres first for cancer pain; last for anyone else (G)."""
    cancer_centre = dedicated("cetd-oncologie", 45.60, 4.60, "cancer")  # farther than the general one
    general = centre("cetd-general", 45.44, 4.39)
    for_cancer = route_to_dict(plan(centres=(general, cancer_centre), pain_category="cancer"), "fr")
    assert step_of(for_cancer, "sdc_evaluation")["centres"] == ["cetd-oncologie", "cetd-general"]
    assert "clinical.cancer_structures_first" in codes(step_of(for_cancer, "sdc_evaluation")["notes"])
    for_others = route_to_dict(plan(centres=(cancer_centre, general), pain_category="low_back"), "fr")
    assert step_of(for_others, "sdc_evaluation")["centres"] == ["cetd-general", "cetd-oncologie"]
    assert "sdc.dedicated_last" in codes(step_of(for_others, "sdc_evaluation")["notes"])
    text = render(plan(centres=(general, cancer_centre), pain_category="cancer"), "text", language="en")
    assert "dedicated to cancer patients" in text


def test_c_cancer_route_hides_the_palier_3_hors_cancer_criterion() -> None:
    data = route_to_dict(plan(pain_category="cancer"), "fr")
    criteria = next(n for n in step_of(data, "preconditions")["notes"] if n["code"] == "criteria.none")
    assert "long_term_opioids" not in criteria["params"]["ids"] and len(criteria["params"]["ids"]) == 5
    letter = render(plan(pain_category="cancer"), "letter", language="fr")
    assert "hors cancer" not in letter and "rTMS" not in letter


def test_e_the_letter_names_the_first_and_second_line_treatments_tried() -> None:
    route = plan(pain_category="neuropathic_peripheral", treatments_tried=("gabapentin", "pregabalin"))
    letter = render(route, "letter", language="en")
    assert "Gabapentin; Pregabalin" in letter
    assert "Gabapentine" not in letter  # the user's language only
    assert "Gabapentine ; Prégabaline" in render(route, "letter", language="fr")


def test_e_status_text_is_the_new_sourced_wording() -> None:
    """domain.md E: third line (Moisset 2024), modest effect (Cochrane 2018), not reimbursed."""
    for language, words in (
        ("fr", ("3e intention", "Cochrane 2018", "non remboursée")),
        ("en", ("third-line", "Cochrane 2018", "not reimbursed")),
    ):
        status = clinical_text("rtms_status", language)
        assert all(word in status for word in words)


def test_f_the_conservative_rule_is_also_said_where_the_screening_is_not_done() -> None:
    data = route_to_dict(plan(pain_category="neuropathic_central"), "fr")
    notes = codes(step_of(data, "rtms")["notes"])
    assert notes.index("rtms.screening_not_done") + 1 == notes.index("clinical.screening_conservative")


def trial_unit(cid: str = "essai-rtms-lyon"):
    base = centre(cid, 45.7450, 4.8790, kind="neurology")
    offer = RtmsOffer(True, ("M1",), ("neuropathic_central",), routine=False)
    return base.__class__(**{**_fields(base), "rtms": offer})


def test_g_a_trial_is_listed_apart_and_never_offers_rtms() -> None:
    """domain.md G: a research protocol is never "offers rTMS": it is listed apart, as a trial."""
    trial = trial_unit()
    routine = centre("cetd-rtms", 45.47, 4.38, rtms=RtmsOffer(True, ("M1",), ("neuropathic_central",)))
    route = plan(centres=(routine, trial), pain_category="neuropathic_central")
    data = route_to_dict(route, "en")
    rtms_step = step_of(data, "rtms")
    assert rtms_step["centres"] == ["cetd-rtms"] and rtms_step["trials"] == ["essai-rtms-lyon"]
    by_id = {c["id"]: c for c in data["centres"]}
    assert by_id["essai-rtms-lyon"]["rtms"] is False and by_id["essai-rtms-lyon"]["rtms_trial"] is True
    text = render(route, "text", language="en")
    trial_block = text[text.index("Research protocols") :]
    assert "rTMS within a research protocol" in trial_block
    assert "offers rTMS" not in trial_block


def test_g_descriptions_in_the_users_language_and_no_provenance_notes() -> None:
    base = centre("cetd-decrit", 45.44, 4.39)
    described = base.__class__(
        **{
            **_fields(base),
            "description": {"fr": "Centre de recours régional.", "en": "Regional referral centre."},
            "provenance_notes": "Review: as spelled in source",
        }
    )
    route = plan(centres=(described,), pain_category="low_back")
    for language, shown, hidden in (("fr", "Centre de recours", "Regional"), ("en", "Regional", "recours")):
        for fmt in ("text", "markdown", "json"):
            out = render(route, fmt, language=language)
            assert shown in out and hidden not in out
            assert "as spelled in source" not in out


def test_a_signs_found_in_the_description_are_proposed_not_applied_without_alert() -> None:
    """domain.md A: `finder route` without --alert never applies detected signs; it asks first."""
    text = "mal de tête brutal, le pire de ma vie, avec fièvre et raideur de nuque"
    route = plan_route(intake(pain_category="migraine", pain_text=text), catalog(), today=TODAY)
    data = route_to_dict(route, "fr")
    assert data["alerts"] == [] and data["alerts_asked"] is False
    assert codes(data["opening_notes"])[0] == "warning.alerts_detected"
    assert "thunderclap_headache" in data["opening_notes"][0]["params"]["ids"]
    assert "alert.urgent" not in codes(data["opening_notes"])
    assert step_of(data, "sdc_evaluation")["code"] == "step.sdc_evaluation"
    confirmed = plan_route(
        intake(pain_category="migraine", pain_text=text, alerts=("thunderclap_headache",), alerts_asked=True),
        catalog(),
        today=TODAY,
    )
    assert codes(route_to_dict(confirmed, "fr")["opening_notes"]) == ["alert.urgent", "alert.signs"]


def test_e_central_pain_says_a_stroke_is_not_a_contraindication() -> None:
    """domain.md Part 1 screening note: printed where rTMS is discussed for central pain."""
    data = route_to_dict(plan(pain_category="neuropathic_central"), "fr")
    assert "clinical.stroke_not_contraindication" in codes(step_of(data, "rtms")["notes"])
    other = route_to_dict(plan(pain_category="neuropathic_peripheral"), "fr")
    assert "clinical.stroke_not_contraindication" not in all_codes(other)


def test_b_a_child_of_8_or_more_has_the_dn4_children_caveat() -> None:
    """domain.md B and 3.1: from 8 years the DN4 is scored, with the Pediadol note on how to ask it."""
    data = route_to_dict(plan(pain_category="low_back", age=12, dn4=Dn4Result(5, 10, True)), "fr")
    assert {"dn4.result", "clinical.dn4_children"} <= all_codes(data)
    adult = route_to_dict(plan(pain_category="low_back", dn4=Dn4Result(5, 10, True)), "fr")
    assert "clinical.dn4_children" not in all_codes(adult)
