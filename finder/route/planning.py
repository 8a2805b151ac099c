"""Intake + Catalog -> Route: which structures, in which order, and whether rTMS is a step.

The rules, with their source in ``domain.md`` (Part 1 fixes them, Part 2 gives the references):

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

Centre selection: a latitude/longitude box, then ``approx_km`` (haversine), rank the candidates
cheaply; ``geodesic_km`` then gives the distance of every centre shown and decides whether it lies
within the radius (a property test checks the result against measuring every centre geodesically).
Adults are sent only to centres taking adults; children to structures taking children first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from math import cos, radians
from typing import TYPE_CHECKING

from finder.clinical import texts as clinical_text
from finder.clinical.criteria import HAS_CRITERIA, PRECONDITIONS, chronic_threshold_months
from finder.clinical.dn4 import caveats as dn4_caveats
from finder.clinical.pain import HIGH_CONFIDENCE, PainCategory, get_category
from finder.clinical.screening import SCREENING_QUESTIONS, get_contraindication, split_tiers
from finder.directory.coverage import official_lookup
from finder.directory.validate import region_slug
from finder.i18n import get_language, pick, tr
from finder.model import Centre, Dn4Result, Intake, Route, RoutedCentre, RouteStep, RtmsDecision
from finder.places.distance import approx_km, geodesic_km

if TYPE_CHECKING:
    from finder.directory.catalog import Catalog

# Structures for the SDC evaluation step, best first (DESIGN.md "Ids"; route brief): the labelled SDC
# kinds, then algology consultations. Neurology and rTMS reference units are not SDC.
SDC_KINDS = ("sdc-centre", "sdc-consultation", "sdc")
ALGOLOGY = "algology"
CONFIRMED_LEVELS = ("A", "B")  # Lefaucheur 2020, domain.md 4.1; anything else: no rTMS step

MAX_PER_STEP = 5  # centres shown per step
MAX_FALLBACK = 3  # nearest centres shown when none lies within the radius
# Haversine on a sphere differs from the WGS-84 geodesic by well under 0.6 %: candidates within this
# slack of the radius are measured geodesically before being kept or dropped.
_APPROX_SLACK = 1.006
_RANK_MARGIN = 5  # extra candidates measured geodesically so that near-ties are ordered exactly


def is_chronic(intake: Intake) -> bool | None:
    """More than the adult or child threshold (``finder.clinical.criteria``).

    ``None`` when the duration is unknown.
    """
    if intake.months is None:
        return True if intake.long_duration else None  # "for years" exceeds every threshold
    return intake.months > chronic_threshold(intake)


def chronic_threshold(intake: Intake) -> int:
    return chronic_threshold_months(intake.age)


def plan_route(intake: Intake, catalog: Catalog, today: date | None = None) -> Route:
    """The referral route for ``intake``, its texts in the current language.

    ``today`` dates the route (the letter prints it); it defaults to the system date.
    """
    category = get_category(intake.pain_category)
    blocks, cautions = split_tiers(intake.contraindications)
    rtms = decide_rtms(intake, category, blocks, cautions)
    place = intake.place.name
    warnings: list[str] = []

    sdc_centres = _select(
        catalog.centres,
        intake,
        wanted=lambda c: (c.kind in SDC_KINDS or c.kind == ALGOLOGY) and _sees(c, intake),
        priority=_sdc_priority(intake),
    )
    none_within = not any(rc.within_radius for rc in sdc_centres)
    if sdc_centres and none_within:
        warnings.append(tr("route.warning.none_within", radius=_km(intake.radius_km), place=place))
    region = intake.place.region_name
    official = official_lookup(catalog.centres, region_slug(region), region, none_within=none_within)

    steps = [
        RouteStep("preconditions", tr("route.step.preconditions"), _preconditions_detail(intake)),
        RouteStep(
            "sdc_evaluation",
            tr("route.step.sdc_evaluation"),
            # every yes answer is named here unless the rTMS step spells the cautions out itself
            _sdc_detail(intake, blocks if rtms.indicated else blocks + cautions, sdc_centres),
            tuple(rc.centre.id for rc in sdc_centres),
        ),
    ]
    rtms_centres: tuple[RoutedCentre, ...] = ()
    if rtms.indicated:
        rtms_centres = _select(
            catalog.centres,
            intake,
            wanted=lambda c: c.offers_rtms and _sees(c, intake),
            priority=lambda c: (category.id not in c.rtms.indications,) if c.rtms else (True,),
        )
        if rtms_centres and not any(rc.within_radius for rc in rtms_centres):
            warnings.append(tr("route.warning.no_rtms_within", radius=_km(intake.radius_km), place=place))
        steps.append(
            RouteStep(
                "rtms",
                tr("route.step.rtms"),
                _rtms_detail(category, cautions, rtms_centres, screened=intake.screened),
                tuple(rc.centre.id for rc in rtms_centres),
            )
        )
    steps.append(RouteStep("follow_up", tr("route.step.follow_up"), clinical_text.sdc_outcomes()))

    if intake.pain_score is not None and intake.pain_score < HIGH_CONFIDENCE:
        warnings.insert(
            0, tr("route.warning.pain_guess", score=_number(round(intake.pain_score)), label=category.label)
        )
    centres = _merge(sdc_centres, rtms_centres)
    unchecked = sum(1 for rc in centres if rc.centre.stale or rc.centre.unverified)
    if unchecked:
        warnings.append(tr("route.warning.stale", count=unchecked))
    skipped = len({problem.path for problem in catalog.problems})  # files, not problems
    if skipped:
        warnings.append(tr("route.warning.directory_problems", count=skipped))

    return Route(
        intake=intake,
        category_label=category.label,
        steps=tuple(steps),
        centres=centres,
        rtms=rtms,
        reminders=_reminders(intake),
        warnings=tuple(warnings),
        language=get_language(),
        created=today or date.today(),
        official=official,
    )


def decide_rtms(
    intake: Intake, category: PainCategory, blocks: Iterable[str], cautions: Iterable[str]
) -> RtmsDecision:
    """Whether rTMS is a step of the route, and every reason why not (see the module docstring)."""
    blocks, cautions = tuple(blocks), tuple(cautions)
    level = category.evidence_level if category.evidence_level in CONFIRMED_LEVELS else None
    reasons: list[str] = []
    if level is None:
        reasons.append(clinical_text.no_evidence_level())
    chronic = is_chronic(intake)
    threshold = chronic_threshold(intake)
    if chronic is None:
        reasons.append(tr("route.reason.duration_unknown", threshold=threshold))
    elif not chronic:
        reasons.append(tr("route.reason.not_chronic", months=_number(intake.months), threshold=threshold))
    if intake.refractory is None:
        reasons.append(tr("route.reason.refractory_unknown"))
    elif not intake.refractory:
        reasons.append(tr("route.reason.not_refractory"))
    if blocks:
        reasons.append(tr("route.reason.blocked", items="; ".join(_question(cid) for cid in blocks)))
    return RtmsDecision(
        indicated=not reasons,
        evidence_level=level,
        reference=category.reference,
        blocked_by=blocks,
        cautions=cautions,
        reasons=tuple(reasons),
        screened=intake.screened,
    )


# --- centre selection ------------------------------------------------------------------------------


def _sees(centre: Centre, intake: Intake) -> bool:
    """Adults go only to centres taking adults; children to any (those taking children rank first)."""
    return intake.is_child or "adult" in centre.audience


def _sdc_priority(intake: Intake) -> Callable[[Centre], tuple[bool, ...]]:
    """Children: structures taking children first; then labelled SDC before algology."""
    if intake.is_child:
        return lambda c: (not c.takes_children, c.kind == ALGOLOGY)
    return lambda c: (c.kind == ALGOLOGY,)


def _select(
    centres: Iterable[Centre],
    intake: Intake,
    *,
    wanted: Callable[[Centre], bool],
    priority: Callable[[Centre], tuple[bool, ...]],
) -> tuple[RoutedCentre, ...]:
    """Up to MAX_PER_STEP wanted centres within the radius, by priority then geodesic distance.

    When none lies within the radius, the MAX_FALLBACK nearest wanted centres, whatever their distance:
    a patient far from every centre still gets a truthful answer.
    """
    lat, lon = origin = intake.origin
    radius = intake.radius_km
    candidates = [c for c in centres if c.active and wanted(c)]  # never a closed or suspended structure
    if not candidates:
        return ()
    inside = _box(lat, lon, radius * _APPROX_SLACK)
    near = []
    for c in candidates:
        if inside(c.lat, c.lon):
            km = approx_km(lat, lon, c.lat, c.lon)
            if km <= radius * _APPROX_SLACK:
                near.append((priority(c), km, c))
    near.sort(key=lambda item: (item[0], item[1]))
    measured = [
        (prio, geodesic_km(origin, (c.lat, c.lon)), c) for prio, _, c in near[: MAX_PER_STEP + _RANK_MARGIN]
    ]
    # ties (centres placed at the same commune point) break on the id, so that routes are reproducible
    within = sorted(
        ((prio, km, c) for prio, km, c in measured if km <= radius), key=lambda item: (*item[:2], item[2].id)
    )
    if within:
        return tuple(RoutedCentre(c, km, True) for _, km, c in within[:MAX_PER_STEP])
    ranked = sorted(((approx_km(lat, lon, c.lat, c.lon), c) for c in candidates), key=lambda item: item[0])
    nearest = sorted(
        ((geodesic_km(origin, (c.lat, c.lon)), c) for _, c in ranked[: MAX_FALLBACK + _RANK_MARGIN]),
        key=lambda item: (item[0], item[1].id),
    )
    return tuple(RoutedCentre(c, km, km <= radius) for km, c in nearest[:MAX_FALLBACK])


def _box(lat: float, lon: float, km: float) -> Callable[[float, float], bool]:
    """A cheap test that is True for every point within ``km`` of (lat, lon), and for a few more.

    A degree of latitude is at least 110.5 km; a degree of longitude at least 110.5 km times the
    cosine of the box's most polar latitude. Longitudes compare across the 180th meridian (Wallis and
    Futuna, New Caledonia).
    """
    dlat = km / 110.5
    polar = abs(lat) + dlat
    if polar >= 89.0:  # near a pole every longitude may be close: latitude alone decides
        return lambda la, lo: abs(la - lat) <= dlat
    dlon = dlat / cos(radians(polar))

    def inside(la: float, lo: float) -> bool:
        if abs(la - lat) > dlat:
            return False
        gap = abs(lo - lon) % 360.0
        return min(gap, 360.0 - gap) <= dlon

    return inside


def _merge(*groups: Iterable[RoutedCentre]) -> tuple[RoutedCentre, ...]:
    """Every centre a step names, once, nearest first."""
    seen: dict[str, RoutedCentre] = {}
    for group in groups:
        for rc in group:
            seen.setdefault(rc.centre.id, rc)
    return tuple(sorted(seen.values(), key=lambda rc: (rc.distance_km, rc.centre.id)))


# --- texts ---------------------------------------------------------------------------------------


def _preconditions_detail(intake: Intake) -> str:
    lines = [tr("route.preconditions.checklist")]
    lines += [f"- [ ] {pick(p.text)}" for p in PRECONDITIONS]
    ticked = [c for c in HAS_CRITERIA if c.id in intake.has_criteria]
    if ticked:
        lines.append(tr("route.criteria.ticked"))
        lines += [f"- [x] {pick(c.text)}" for c in ticked]
    else:
        lines.append(tr("route.criteria.none"))
        lines += [f"- [ ] {pick(c.text)}" for c in HAS_CRITERIA]
    return "\n".join(lines)


def _sdc_detail(intake: Intake, for_team: tuple[str, ...], centres: tuple[RoutedCentre, ...]) -> str:
    """The SDC step: evaluation first, duration and age notes, DN4, and the screening answers to pass on."""
    lines = [clinical_text.sdc_first()]
    if any(
        rc.within_radius for rc in centres
    ):  # beyond the radius, the nearest come first, whatever their kind
        lines.append(tr("route.sdc.kinds"))
    chronic = is_chronic(intake)
    if chronic is None:
        lines.append(tr("route.sdc.duration_unknown", threshold=chronic_threshold(intake)))
    elif not chronic:
        lines.append(
            tr("route.sdc.not_chronic", months=_number(intake.months), threshold=chronic_threshold(intake))
        )
    if intake.is_child:
        children = any(rc.centre.takes_children for rc in centres)
        lines.append(tr("route.sdc.child_first" if children else "route.sdc.child_none"))
    if intake.dn4 is not None:
        lines.append(dn4_summary(intake.dn4))
        lines += dn4_caveats(intake.dn4)
    if for_team:
        lines.append(tr("route.sdc.for_team"))
        lines += [f"- {_question(cid)}" for cid in for_team]
        lines.append(clinical_text.screening_weighed())
    if not centres:
        lines.append(tr("route.sdc.no_centre"))
    return "\n".join(lines)


def dn4_summary(dn4: Dn4Result) -> str:
    """One line: score, scale and verdict; a positive DN4-interview is only "probable" (domain 3.1)."""
    if dn4.interview_only:
        verdict = tr("route.dn4.probable") if dn4.positive else tr("route.dn4.negative")
        return tr("route.sdc.dn4_interview", score=dn4.score, out_of=dn4.out_of, verdict=verdict)
    verdict = tr("route.dn4.positive") if dn4.positive else tr("route.dn4.negative")
    return tr("route.sdc.dn4", score=dn4.score, out_of=dn4.out_of, verdict=verdict)


def _rtms_detail(
    category: PainCategory,
    cautions: tuple[str, ...],
    centres: tuple[RoutedCentre, ...],
    *,
    screened: bool,
) -> str:
    lines = [
        tr("route.rtms.evidence", reference=category.reference or "", text=category.evidence_text),
        clinical_text.rtms_status(),
        clinical_text.rtms_course(),
    ]
    if not screened:
        lines.append(tr("route.rtms.screening_not_done"))
        lines += [f"- {question.question}" for question in SCREENING_QUESTIONS if question.tier == "blocks"]
    if cautions:
        lines.append(tr("route.rtms.cautions"))
        lines += [f"- {_question(cid)}" for cid in cautions]
        lines.append(clinical_text.screening_weighed())
    if not centres:
        lines.append(tr("route.rtms.no_centre"))
    elif any(
        rc.within_radius and rc.centre.rtms and category.id in rc.centre.rtms.indications for rc in centres
    ):
        lines.append(tr("route.rtms.indications_first"))
    return "\n".join(lines)


def _reminders(intake: Intake) -> tuple[str, ...]:
    screening = () if intake.screened else (tr("route.reminder.screening_not_done"),)
    return (
        clinical_text.centre_confirms(),
        tr("route.reminder.call"),
        clinical_text.rtms_status(),
        *screening,
        clinical_text.screening_weighed(),
    )


def _question(cid: str) -> str:
    return get_contraindication(cid).question


def _number(value: float | None) -> str:
    """Months and kilometres without a spurious ``.0``."""
    if value is None:
        return "?"
    text = str(int(value)) if float(value).is_integer() else f"{value:g}"
    return text.replace(".", tr("route.render.decimal_point"))


_km = _number
