"""Intake + Catalog -> Route: which structures, in which order, and whether rTMS is a step.

The rules, each with its source (cited in the clinical data files):

- Chronic pain means more than 3 months for an adult and more than 1 month for a child under 18
  (Part 1 "Chronic pain and referral"; HAS 2008, section 1.1; paediatric white paper, 1.1). When the
  duration is unknown, chronicity is *not established*: the SDC step stays (the SDC team evaluates
  anyway) but rTMS is not offered as a step, and the route says the duration is missing.
- The SDC evaluates first; rTMS is proposed, if at all, by the specialist team after that evaluation
  (Part 1). So the SDC step is always present, and the rTMS step only follows it.
- The rTMS step appears only when all of these hold (Part 1 "What a route always contains", item 3;
  section 7): the pain category has a confirmed evidence level (A or B, Lefaucheur 2020, 4.1); the pain
  is chronic; usual treatments failed (refractory is ``True``; ``None`` is "not yet known" and does not
  qualify); and no screening answer of the "blocks" tier is yes (Part 1 "TMS safety screening").
  Every failing condition becomes a reason, so the specialist reading the route sees all of them.
- No yes answer is ever dropped: a "blocks" answer is named in the SDC step for the specialist team
  and in ``RtmsDecision.blocked_by``; "cautions" answers are spelled out in the rTMS step, or in the
  SDC step when there is none (IFCN: a yes is weighed by the team, never an automatic exclusion, 5.1).
- A positive DN4 supports a neuropathic category but never overrides the category chosen (Part 1).

Safety rules of 2026-11-30, A to G (sources in finder/data/clinical: Moisset 2018 and HAS 2019 for
warning signs, Cochrane 2018 and Lefaucheur 2020 for children and rTMS, HAS 2022 for opioids, Moisset
2024 for the place of rTMS, Rossi 2021 for screening):

- A. Any warning sign opens the route with the urgent line (``Route.opening``), before step 1; the SDC
  step then reads "once the emergency is ruled out". An adult in pain for under a month reads first
  that pain structures do not treat acute pain. Signs never asked are a warning, never "none".
- B. Under 18: no rTMS step and the stated reason; paediatric structures first; geriatric structures
  never; a DN4 under 8 years is not interpreted (Pediadol caveat).
- C. Cancer pain: the oncology team first (its own step), pain structures of cancer centres first, no
  rTMS text at all (``RtmsDecision.considered`` is False), no "palier 3 hors cancer" criterion.
- D. The HAS 2022 opioid reminder when the opioid or withdrawal criterion is ticked or an opioid was tried.
- E. The rTMS status only on routes whose category has level A or B; facial pain says its level is
  inferred, and lists the trigeminal-neuralgia first steps.
- F. "Blocks" answers are named as finder's conservative rule; a pregnancy caution adds its own text.
- G. A research protocol is never an rTMS offer: it is listed apart, as a trial; a structure dedicated
  to a population ranks after general ones for other patients.

Centre selection (``finder.route.nearby``): the nearest wanted centres by priority then geodesic
distance, found through the catalogue's grid (a property test checks the result against measuring
every centre geodesically, another against ranking every centre). Adults are sent only to centres
taking adults; children to structures taking children first.
"""
# The spatial part (grid, haversine, geodesic) lives in ``finder.route.nearby``, apart from the
# clinical rules above.

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING

from finder.clinical.criteria import CHILD_AGE, HAS_CRITERIA, PRECONDITIONS, chronic_threshold_months
from finder.clinical.pain import HIGH_CONFIDENCE, PainCategory, get_category
from finder.clinical.screening import SCREENING_QUESTIONS, get_contraindication, split_tiers
from finder.directory.contact import reachable
from finder.directory.coverage import official_lookup
from finder.directory.files import region_slug
from finder.model import (
    Centre,
    Dn4Result,
    Intake,
    Note,
    Route,
    RoutedCentre,
    RouteStep,
    RtmsDecision,
    note,
)
from finder.route.nearby import select_centres
from finder.route.reach import nearest_km, out_of_reach_lookup, within_reach

if TYPE_CHECKING:
    from finder.directory.catalog import Catalog

# Structures for the SDC evaluation step, best first (DESIGN.md "Ids"; route brief): the labelled SDC
# kinds, then algology consultations. Neurology and rTMS reference units are not SDC.
SDC_KINDS = ("sdc-centre", "sdc-consultation", "sdc")
ALGOLOGY = "algology"
CONFIRMED_LEVELS = ("A", "B")  # Lefaucheur 2020; anything else: no rTMS step


def is_chronic(intake: Intake) -> bool | None:
    """More than the adult or child threshold (``finder.clinical.criteria``).

    ``None`` when the duration is unknown.
    """
    if intake.months is None:
        return True if intake.long_duration else None  # "for years" exceeds every threshold
    return intake.months > chronic_threshold(intake)


def chronic_threshold(intake: Intake) -> int:
    return chronic_threshold_months(intake.age)


CANCER = "cancer"
FACIAL = "neuropathic_facial"
CENTRAL = "neuropathic_central"
PAEDIATRIC_DN4_AGE = 8  # DN4 is used from about 8-10 years (Pediadol): younger, no verdict
ACUTE_MONTHS = 1  # an adult in pain for less than this reads "SDC do not treat acute pain" first
OPIOID_CRITERIA = frozenset({"long_term_opioids", "difficult_withdrawal"})
NOT_FOR_CANCER = frozenset({"long_term_opioids"})  # "palier 3 au long cours, hors cancer"
MAX_TRIALS = 3


def plan_route(intake: Intake, catalog: Catalog, today: date | None = None) -> Route:
    """The referral route for ``intake``, as codes (see :class:`finder.model.Note`).

    ``today`` dates the route (the letter prints it); it defaults to the system date. Nothing here
    depends on the display language: :mod:`finder.route.render` gives the route its words.
    """
    category = get_category(intake.pain_category)
    blocks, cautions = split_tiers(intake.contraindications)
    rtms = decide_rtms(intake, category, blocks, cautions)
    place = intake.place.name
    warnings: list[Note] = []
    cancer = category.id == CANCER

    found = select_centres(
        catalog,
        intake,
        wanted=lambda c: (c.kind in SDC_KINDS or c.kind == ALGOLOGY) and _sees(c, intake),
        priority=_sdc_priority(intake, category.id),
    )
    sdc_centres = within_reach(found)  # none in another territory, across an ocean (finder.route.reach)
    none_within = not any(rc.within_radius for rc in sdc_centres)
    if sdc_centres and none_within:
        warnings.append(note("warning.none_within", radius=intake.radius_km, place=place))
    region = intake.place.region_name
    official = official_lookup(catalog.centres, region_slug(region), region, none_within=none_within)
    if found and not sdc_centres:
        official = out_of_reach_lookup(region, nearest_km(found) or 0.0)
        warnings.append(note("warning.out_of_reach", place=place, km=official.params["km"]))

    steps = [RouteStep("preconditions", note("step.preconditions"), _preconditions_lines(intake, category))]
    if cancer:
        steps.append(RouteStep("oncology", note("step.oncology"), (note("clinical.oncology_first"),)))
    steps.append(
        RouteStep(
            "sdc_evaluation",
            note("step.sdc_evaluation_after_emergency" if intake.alerts else "step.sdc_evaluation"),
            # every yes answer is named here unless the rTMS step spells the cautions out itself
            _sdc_lines(intake, category, blocks, () if rtms.indicated else cautions, sdc_centres),
            tuple(rc.centre.id for rc in sdc_centres),
        )
    )
    rtms_centres: tuple[RoutedCentre, ...] = ()
    trials: tuple[RoutedCentre, ...] = ()
    if rtms.indicated:
        rtms_centres = within_reach(
            select_centres(
                catalog.rtms_offers,
                intake,
                wanted=lambda c: c.offers_rtms and _sees(c, intake),
                priority=lambda c: (bool(c.population), not (c.rtms and category.id in c.rtms.indications)),
            )
        )
        trials = tuple(
            rc
            for rc in select_centres(
                catalog.rtms_offers,
                intake,
                wanted=lambda c: c.rtms_trial and _sees(c, intake),
                priority=lambda c: (not (c.rtms and category.id in c.rtms.indications),),
                beyond=False,
            )
            if rc.within_radius
        )[:MAX_TRIALS]
        if rtms_centres and not any(rc.within_radius for rc in rtms_centres):
            warnings.append(note("warning.no_rtms_within", radius=intake.radius_km, place=place))
        steps.append(
            RouteStep(
                "rtms",
                note("step.rtms"),
                _rtms_lines(category, cautions, rtms_centres, trials, screened=intake.screened),
                tuple(rc.centre.id for rc in rtms_centres),
                tuple(rc.centre.id for rc in trials),
            )
        )
    steps.append(RouteStep("follow_up", note("step.follow_up"), (note("clinical.sdc_outcomes"),)))

    if not intake.alerts_asked and not _detected_alerts(intake):
        warnings.insert(0, note("warning.alerts_not_asked"))  # A: signs never asked are never "none"
    if intake.pain_score is not None and intake.pain_score < HIGH_CONFIDENCE:
        warnings.insert(0, note("warning.pain_guess", score=round(intake.pain_score), category=category.id))
    centres = _merge(sdc_centres, rtms_centres, trials)
    unchecked = sum(1 for rc in centres if rc.centre.stale or rc.centre.unverified)
    if unchecked:
        warnings.append(note("warning.stale", count=unchecked))
    skipped = len({problem.path for problem in catalog.problems})  # files, not problems
    if skipped:
        warnings.append(note("warning.directory_problems", count=skipped))

    return Route(
        intake=intake,
        steps=tuple(steps),
        centres=centres,
        rtms=rtms,
        reminders=_reminders(intake, category, rtms_step=rtms.indicated),
        warnings=tuple(warnings),
        opening=_opening(intake),
        created=today or date.today(),
        official=official,
    )


def _detected_alerts(intake: Intake) -> tuple[str, ...]:
    """Signs the description seems to name, when the signs were not asked: proposed, never applied."""
    if intake.alerts_asked or not intake.pain_text:
        return ()
    from finder.clinical.alert_detect import detect_alerts  # only for a description in words

    return detect_alerts(intake.pain_text)


def _opening(intake: Intake) -> tuple[Note, ...]:
    """What the route says before step 1 (A): the urgent line and the signs; or "not acute pain".

    Signs found in the description but not confirmed (``finder route`` without ``--alert``) are read
    first too, as a question to the user with the urgent advice (which already says that pain
    structures do not treat acute pain): they do not change the route until confirmed.
    """
    lines: list[Note] = []
    detected = _detected_alerts(intake)
    if detected:
        lines.append(note("warning.alerts_detected", ids=detected))
    if intake.alerts:
        lines += [note("alert.urgent"), note("alert.signs", ids=intake.alerts)]
    elif not detected and not intake.is_child and intake.months is not None and intake.months < ACUTE_MONTHS:
        lines.append(note("clinical.sdc_not_acute"))
    return tuple(lines)


def rtms_discussed(intake: Intake, category: PainCategory) -> bool:
    """Whether the route speaks of rTMS at all (E, B, C): an adult, a category with level A or B."""
    return not intake.is_child and category.evidence_level in CONFIRMED_LEVELS


def decide_rtms(
    intake: Intake, category: PainCategory, blocks: Iterable[str], cautions: Iterable[str]
) -> RtmsDecision:
    """Whether rTMS is a step of the route, and every reason why not (see the module docstring)."""
    blocks, cautions = tuple(blocks), tuple(cautions)
    level = category.evidence_level if category.evidence_level in CONFIRMED_LEVELS else None
    if category.id == CANCER:  # C: no rTMS text at all on a cancer-pain route
        return RtmsDecision(
            False, None, category.reference, blocks, cautions, screened=intake.screened, considered=False
        )
    if intake.is_child:  # B: the evidence is adult-only; the one reason a child's route gives
        reason = (note("clinical.children_no_rtms"),)
        return RtmsDecision(
            False,
            level,
            category.reference,
            blocks,
            cautions,
            reasons=reason,
            screened=intake.screened,
            considered=False,
        )
    reasons: list[Note] = []
    if level is None:
        reasons.append(note("clinical.no_evidence_level"))
    chronic = is_chronic(intake)
    threshold = chronic_threshold(intake)
    if chronic is None:
        reasons.append(note("reason.duration_unknown", threshold=threshold))
    elif not chronic:
        reasons.append(note("reason.not_chronic", months=intake.months, threshold=threshold))
    # E: for neuropathic pain "refractory" means first- and second-line treatments failed (Moisset 2024)
    lines = "_lines" if category.neuropathic else ""
    if intake.refractory is None:
        reasons.append(note(f"reason.refractory_unknown{lines}"))
    elif not intake.refractory:
        reasons.append(note(f"reason.not_refractory{lines}"))
    if blocks:
        reasons.append(note("reason.blocked", ids=blocks))
        reasons.append(note("clinical.screening_conservative"))  # F
    return RtmsDecision(
        indicated=not reasons,
        evidence_level=level,
        reasons=tuple(reasons),
        screened=intake.screened,
        reference=category.reference,
        blocked_by=blocks,
        cautions=cautions,
    )


# --- centre selection ------------------------------------------------------------------------------


def _sees(centre: Centre, intake: Intake) -> bool:
    """Adults go only to centres taking adults; children to any but geriatric structures (G)."""
    if intake.is_child:
        return "geriatrics" not in centre.population
    return "adult" in centre.audience


def _sdc_priority(intake: Intake, category_id: str) -> Callable[[Centre], tuple[bool, ...]]:
    """Best first: children go to structures taking children, paediatric ones first (B); cancer pain to
    the pain structures of cancer centres first (C); a structure dedicated to another population ranks
    after the general ones (G); labelled SDC before algology; a structure finder holds no way to reach
    (no phone, no website of its own) after those a GP can call."""
    if intake.is_child:
        return lambda c: (
            not c.paediatric,
            bool(c.population),
            not c.takes_children,
            c.kind == ALGOLOGY,
            not reachable(c),
        )
    if category_id == CANCER:
        return lambda c: (
            CANCER not in c.population,
            bool(set(c.population) - {CANCER}),
            c.kind == ALGOLOGY,
            not reachable(c),
        )
    return lambda c: (bool(c.population), c.kind == ALGOLOGY, not reachable(c))


def _merge(*groups: Iterable[RoutedCentre]) -> tuple[RoutedCentre, ...]:
    """Every centre a step names, once, nearest first."""
    seen: dict[str, RoutedCentre] = {}
    for group in groups:
        for rc in group:
            seen.setdefault(rc.centre.id, rc)
    return tuple(sorted(seen.values(), key=lambda rc: (rc.distance_km, rc.centre.id)))


# --- contents, as codes -------------------------------------------------------------------------


def _preconditions_lines(intake: Intake, category: PainCategory) -> tuple[Note, ...]:
    lines = [note("preconditions.checklist", ids=tuple(p.id for p in PRECONDITIONS))]
    shown = tuple(c.id for c in HAS_CRITERIA if not (category.id == CANCER and c.id in NOT_FOR_CANCER))
    ticked = tuple(cid for cid in shown if cid in intake.has_criteria)
    if ticked:
        lines.append(note("criteria.ticked", ids=ticked))
    else:
        lines.append(note("criteria.none", ids=shown))
    if opioid_reminder(intake):
        lines.append(note("clinical.opioids_has_2022"))
    if category.id == FACIAL:
        lines.append(note("clinical.trigeminal_first_line"))
    return tuple(lines)


def opioid_reminder(intake: Intake) -> bool:
    """D: the opioid or difficult-withdrawal criterion is ticked, or an opioid was tried."""
    if intake.has_criteria & OPIOID_CRITERIA:
        return True
    if not intake.treatments_tried and not intake.treatments.strip():
        return False  # no treatment named, so no opioid (and no need to load the treatments' table)
    from finder.clinical.treatments import any_opioid

    return any_opioid(intake.treatments_tried, intake.treatments)


def _sdc_lines(
    intake: Intake,
    category: PainCategory,
    blocks: tuple[str, ...],
    cautions: tuple[str, ...],
    centres: tuple[RoutedCentre, ...],
) -> tuple[Note, ...]:
    """The SDC step: evaluation first, duration and age notes, DN4, and the screening answers to pass on."""
    discussed = rtms_discussed(intake, category)
    lines = [note("clinical.sdc_first")] if discussed else []
    within = [rc for rc in centres if rc.within_radius]
    if category.id == CANCER and any(CANCER in rc.centre.population for rc in within):
        lines.append(note("clinical.cancer_structures_first"))
    elif within and category.id != CANCER and not intake.is_child:  # beyond the radius: nearest first
        lines.append(note("sdc.kinds"))
    chronic = is_chronic(intake)
    if chronic is None:
        lines.append(note("sdc.duration_unknown", threshold=chronic_threshold(intake)))
    elif not chronic:
        lines.append(note("sdc.not_chronic", months=intake.months, threshold=chronic_threshold(intake)))
    if not chronic:  # the definition the threshold comes from (HAS 2008; children: Livre blanc)
        lines.append(
            note("clinical.chronic_definition_child" if intake.is_child else "clinical.chronic_definition")
        )
    if intake.is_child:
        children = any(rc.centre.takes_children for rc in centres)
        lines.append(note("sdc.child_first" if children else "sdc.child_none"))
    if any(rc.centre.population and CANCER not in rc.centre.population for rc in within) or (
        category.id != CANCER and any(rc.centre.population for rc in within)
    ):  # G: say why a nearer structure may come later
        lines.append(note("sdc.dedicated_last"))
    if intake.dn4 is not None:
        lines += dn4_lines(intake.dn4, intake.age)
    for_team = blocks + cautions
    if for_team and category.id != CANCER:
        lines.append(note("sdc.for_team", ids=for_team))
        if "pregnancy" in cautions:
            lines.append(note("clinical.pregnancy_caution"))
        if not blocks:  # with a block, the reasons say it is finder's conservative rule (F), once
            lines.append(note("clinical.screening_not_exclusion"))
    if not centres:
        lines.append(note("sdc.no_centre"))
    return tuple(lines)


def dn4_lines(dn4: Dn4Result, age: int | None = None) -> tuple[Note, ...]:
    """The DN4 result (a positive DN4-interview is only "probable", domain 3.1) and its caveats.

    Under 8 years the DN4 is not interpreted (B): the score, then the Pediadol caveat, no verdict.
    """
    if age is not None and age < PAEDIATRIC_DN4_AGE:
        return (
            note("dn4.not_interpreted", score=dn4.score, out_of=dn4.out_of, age=age),
            note("clinical.dn4_child_under_8"),
        )
    result = note(
        "dn4.result", score=dn4.score, out_of=dn4.out_of, positive=dn4.positive, interview=dn4.interview_only
    )
    child = (note("clinical.dn4_children"),) if age is not None and age < CHILD_AGE else ()
    from finder.clinical.dn4 import caveat_keys  # only with a DN4: a route without one skips its table

    return (result, *(note(f"clinical.{key}") for key in caveat_keys(dn4)), *child)


def _rtms_status(category: PainCategory) -> tuple[Note, ...]:
    """E: the status of rTMS for pain; facial pain says that its level is inferred."""
    facial = (note("clinical.facial_level_inferred"),) if category.id == FACIAL else ()
    return (note("clinical.rtms_status"), *facial)


def _rtms_lines(
    category: PainCategory,
    cautions: tuple[str, ...],
    centres: tuple[RoutedCentre, ...],
    trials: tuple[RoutedCentre, ...],
    *,
    screened: bool,
) -> tuple[Note, ...]:
    lines = [
        note("rtms.evidence", category=category.id),
        *_rtms_status(category),
        note("clinical.rtms_course"),
    ]
    if category.id == CENTRAL:  # post-stroke pain: a stroke is not a contraindication by itself
        lines.append(note("clinical.stroke_not_contraindication"))
    if not screened:
        blocking = tuple(q.id for q in SCREENING_QUESTIONS if q.blocks)
        lines += [note("rtms.screening_not_done", ids=blocking), note("clinical.screening_conservative")]
    if cautions:
        lines.append(note("rtms.cautions", ids=cautions))
        if "pregnancy" in cautions:
            lines.append(note("clinical.pregnancy_caution"))
        lines.append(note("clinical.screening_not_exclusion"))
    if not centres:
        lines.append(note("rtms.no_centre"))
    elif any(
        rc.within_radius and rc.centre.rtms and category.id in rc.centre.rtms.indications for rc in centres
    ):
        lines.append(note("rtms.indications_first"))
    return tuple(lines)


def _reminders(intake: Intake, category: PainCategory, *, rtms_step: bool) -> tuple[Note, ...]:
    """Always: the receiving team confirms, call first. rTMS reminders only where rTMS is discussed (E),
    its status once: in the rTMS step when there is one, else here."""
    always = (note("clinical.centre_confirms"), note("reminder.call"))
    if not rtms_discussed(intake, category):
        return always
    screening = () if intake.screened else (note("reminder.screening_not_done"),)
    blocked = any(get_contraindication(cid).blocks for cid in intake.contraindications)
    weighed = () if blocked else (note("clinical.screening_not_exclusion"),)  # F says it when blocked
    status = () if rtms_step else _rtms_status(category)
    return (*always, *status, *screening, *weighed)
