"""``finder route``: read the patient's answers from options, plan the route, print it.

Every bad value (an unknown id, an out-of-range number, a place that does not resolve or is
ambiguous) ends as a :class:`UsageError` naming the option and what was expected: exit 2, no traceback.
"""

from __future__ import annotations

import argparse
import sys

from finder.errors import UsageError
from finder.i18n import tr

FORMATS = ("text", "markdown", "json", "letter")
MAX_AGE = 120
MAX_RADIUS_KM = 20000.0  # half the Earth's circumference: any larger radius means "everywhere" anyway
NO_CONTRAINDICATION = "none"  # --contraindication none: screened, no yes answer
PAIN_MARGIN = 10.0  # free text whose two best categories score closer than this is ambiguous


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pain", metavar="TEXT", help=tr("route.option.pain"))
    parser.add_argument("--near", metavar="PLACE", help=tr("route.option.near"))
    parser.add_argument("--radius", metavar="KM", type=float, help=tr("route.option.radius"))
    parser.add_argument("--age", metavar="N", type=int, help=tr("route.option.age"))
    parser.add_argument("--months", metavar="N", type=float, help=tr("route.option.months"))
    parser.add_argument("--intensity", metavar="0-10", type=int, help=tr("route.option.intensity"))
    parser.add_argument("--refractory", metavar="yes|no", type=_yes_no, help=tr("route.option.refractory"))
    parser.add_argument("--dn4", metavar="N", type=int, help=tr("route.option.dn4"))
    parser.add_argument("--dn4-interview", metavar="N", type=int, help=tr("route.option.dn4_interview"))
    parser.add_argument(
        "--contraindication",
        metavar="ID",
        nargs="+",
        action="extend",
        default=[],
        help=tr("route.option.contraindication"),
    )
    parser.add_argument(
        "--criterion", metavar="ID", nargs="+", action="extend", default=[], help=tr("route.option.criterion")
    )
    parser.add_argument("--treatments", metavar="TEXT", default="", help=tr("route.option.treatments"))
    parser.add_argument("--online", action="store_true", help=tr("route.option.online"))
    parser.add_argument("--format", choices=FORMATS, default="text", help=tr("route.option.format"))
    parser.add_argument("--centre", metavar="ID", help=tr("route.option.centre"))


def _yes_no(value: str) -> bool:
    folded = value.strip().lower()
    if folded in ("yes", "y", "oui", "o", "true", "1"):
        return True
    if folded in ("no", "n", "non", "false", "0"):
        return False
    raise argparse.ArgumentTypeError(tr("route.error.yes_no", value=value))


def run(args: argparse.Namespace) -> int:
    from finder.directory.catalog import load_catalog, report_user_problems
    from finder.route.planning import plan_route
    from finder.route.render import render

    _ask_missing(args)
    _check_ranges(args)
    intake = build_intake(args)
    catalog = load_catalog(args.directory, with_user=True)
    report_user_problems(catalog)
    route = plan_route(intake, catalog)
    if args.centre:
        route = _with_centre(route, catalog, args.centre)
    sys.stdout.write(render(route, args.format, centre_id=args.centre))
    return 0


# --- reading the answers ---------------------------------------------------------------------------


def _ask_missing(args: argparse.Namespace) -> None:
    """Ask for --pain and --near on a terminal; elsewhere (scripts, pipes) a missing one is an error."""
    missing = [name for name in ("pain", "near") if not (getattr(args, name) or "").strip()]
    if not missing:
        return
    if not sys.stdin.isatty():
        raise UsageError(tr("route.error.missing", options=", ".join(f"--{name}" for name in missing)))
    for name in missing:
        # The question goes to stderr so that stdout holds only the route (``--format json > file``).
        print(tr(f"route.ask.{name}"), end=" ", file=sys.stderr, flush=True)
        answer = sys.stdin.readline().strip()
        if not answer:
            raise UsageError(tr("route.error.missing", options=f"--{name}"))
        setattr(args, name, answer)


def _check_ranges(args: argparse.Namespace) -> None:
    checks = (
        ("--radius", args.radius, 0.0, MAX_RADIUS_KM, False),
        ("--age", args.age, 0, MAX_AGE, True),
        ("--months", args.months, 0, MAX_AGE * 12, True),
        ("--intensity", args.intensity, 0, 10, True),
        ("--dn4", args.dn4, 0, 10, True),
        ("--dn4-interview", args.dn4_interview, 0, 7, True),
    )
    for option, value, low, high, low_included in checks:
        if value is None:
            continue
        too_low = value < low if low_included else value <= low
        if too_low or value > high or value != value:  # NaN is never in range
            if low_included:
                raise UsageError(
                    tr("route.error.range", option=option, value=_show(value), low=low, high=_show(high))
                )
            raise UsageError(tr("route.error.positive", option=option, value=_show(value), high=_show(high)))
    if args.dn4 is not None and args.dn4_interview is not None:
        raise UsageError(tr("route.error.two_dn4"))
    if args.age is not None and args.months is not None and args.months > (args.age + 1) * 12:
        raise UsageError(tr("route.error.longer_than_life", months=_show(args.months), age=args.age))


def _show(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def build_intake(args: argparse.Namespace):
    """The Intake the options describe; every id and place is checked here, with a clear message.

    The cheap checks (ids) run before the place lookup, which loads the gazetteer.
    """
    from finder.model import DEFAULT_RADIUS_KM, Intake

    category, pain_score = _resolve_pain(args.pain)
    contraindications = frozenset(_contraindications(args.contraindication))
    criteria = _criteria(args.criterion)
    dn4 = _dn4(args)
    place, point, place_score = _resolve_place(args.near, online=args.online)
    return Intake(
        place=place,
        pain_category=category,
        pain_text="" if pain_score is None else args.pain.strip(),
        pain_score=pain_score,
        months=args.months,
        intensity=args.intensity,
        refractory=args.refractory,
        age=args.age,
        radius_km=DEFAULT_RADIUS_KM if args.radius is None else args.radius,
        dn4=dn4,
        contraindications=contraindications,
        screened=bool(args.contraindication),
        has_criteria=criteria,
        point=point,
        place_score=place_score,
        treatments=args.treatments.strip(),
    )


def _resolve_place(query: str, *, online: bool):
    """(commune, geocoded point or None, score) for ``--near``; ambiguous or unknown: UsageError.

    With ``--online`` the text is first geocoded as a street address (BAN); when the service fails or
    does not know the address, a note goes to stderr and the offline gazetteer decides, as for
    ``finder place --online``.
    """
    from finder.places.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    if online:
        from finder.places.geocode import GeocodingError, geocode_address

        try:
            found = geocode_address(query)
        except GeocodingError as error:
            print(tr("route.online.failed", reason=str(error)), file=sys.stderr)
        else:
            commune = gazetteer.by_insee(found.insee) if found is not None and found.insee else None
            if commune is not None:
                return commune, (found.lat, found.lon), round(found.score * 100, 1)
            print(tr("route.online.none"), file=sys.stderr)
    resolution = gazetteer.resolve(query, limit=6)
    if resolution.best is None:
        raise UsageError(tr("route.error.place_unknown", query=query))
    if resolution.ambiguous:
        candidates = "; ".join(
            f"{m.commune.name} ({m.commune.department}, {m.commune.department_name})"
            for m in resolution.matches
        )
        example = f"{resolution.matches[0].commune.name} ({resolution.matches[0].commune.department})"
        raise UsageError(
            tr("route.error.place_ambiguous", query=query, candidates=candidates, example=example)
        )
    return resolution.best.commune, None, resolution.best.score


def _resolve_pain(text: str) -> tuple[str, float | None]:
    """(category id, match score or None for an explicit id). Free text must match confidently."""
    from finder.clinical.pain import categories, get_category, match_pain

    cleaned = text.strip()
    ids = [c.id for c in categories()]
    if cleaned.lower().replace("-", "_") in ids:
        return get_category(cleaned).id, None
    if "_" in cleaned and " " not in cleaned:  # looks like an id: "did you mean" beats text matching
        get_category(cleaned)
    matches = match_pain(cleaned, limit=3)
    if not matches:
        raise UsageError(tr("route.error.pain_unknown", text=cleaned, ids=", ".join(ids)))
    best = matches[0]
    close = [m.category for m in matches if best.score - m.score < PAIN_MARGIN]
    if len(close) > 1:  # two readings about equally likely: the user chooses, the tool does not guess
        raise UsageError(tr("route.error.pain_tied", text=cleaned, tied=", ".join(close)))
    return best.category, best.score


def _dn4(args: argparse.Namespace):
    from finder.clinical.dn4 import FULL_OUT_OF, INTERVIEW_OUT_OF, dn4_from_score

    if args.dn4 is not None:
        return dn4_from_score(args.dn4, FULL_OUT_OF)
    if args.dn4_interview is not None:
        return dn4_from_score(args.dn4_interview, INTERVIEW_OUT_OF)
    return None


def _contraindications(ids: list[str]) -> list[str]:
    """The screening ids answered yes; ``none`` (alone) records a screening with no yes answer."""
    from finder.clinical.screening import get_contraindication

    if any(cid.strip().lower() == NO_CONTRAINDICATION for cid in ids):
        if len(ids) > 1:
            raise UsageError(tr("route.error.none_with_others"))
        return []
    return [get_contraindication(cid.strip()).id for cid in ids]


def _criteria(ids: list[str]) -> frozenset[str]:
    from finder.clinical.criteria import check_criteria

    return check_criteria(ids)


def _with_centre(route, catalog, centre_id: str):
    """The route with ``centre_id`` among its centres, so that a letter can be addressed to it."""
    import dataclasses

    from finder.directory.validate import did_you_mean
    from finder.model import RoutedCentre
    from finder.places.distance import geodesic_km

    if any(rc.centre.id == centre_id for rc in route.centres):
        return route
    centre = catalog.by_id(centre_id)
    if centre is None:
        ids = tuple(c.id for c in catalog.centres)
        raise UsageError(tr("route.error.centre_unknown", value=centre_id, hint=did_you_mean(centre_id, ids)))
    km = geodesic_km(route.intake.origin, (centre.lat, centre.lon))
    extra = RoutedCentre(centre, km, km <= route.intake.radius_km)
    return dataclasses.replace(route, centres=(*route.centres, extra))
