"""``finder route``: read the patient's answers from options, plan the route, print it.

Every bad value (an unknown id, an out-of-range number, a place that does not resolve or is
ambiguous) ends as a :class:`UsageError` naming the option and what was expected: exit 2, no traceback.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from finder.cli.argparse_fr import answer_type
from finder.errors import UsageError
from finder.i18n import tr
from finder.intake import answers
from finder.text import format_number

if TYPE_CHECKING:
    from finder.model import Commune, Dn4Result, Intake

FORMATS = ("text", "markdown", "json", "letter")
NO_CONTRAINDICATION = "none"  # --contraindication none: screened, no yes answer


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pain", metavar="TEXT", help=tr("route.option.pain"))
    parser.add_argument("--near", metavar="PLACE", help=tr("route.option.near"))
    parser.add_argument(
        "--radius", metavar="KM", type=answer_type(answers.parse_radius), help=tr("route.option.radius")
    )
    parser.add_argument(
        "--age", metavar="N", type=answer_type(answers.parse_age), help=tr("route.option.age")
    )
    parser.add_argument(
        "--months", metavar="N", type=answer_type(answers.parse_months), help=tr("route.option.months")
    )
    parser.add_argument(
        "--intensity",
        metavar="0-10",
        type=answer_type(answers.parse_intensity),
        help=tr("route.option.intensity"),
    )
    parser.add_argument(
        "--refractory",
        metavar="yes|no",
        type=answer_type(answers.parse_yes_no),
        help=tr("route.option.refractory"),
    )
    parser.add_argument(
        "--dn4", metavar="N", type=answer_type(answers.parse_dn4), help=tr("route.option.dn4")
    )
    parser.add_argument(
        "--dn4-interview",
        metavar="N",
        type=answer_type(answers.parse_dn4_interview),
        help=tr("route.option.dn4_interview"),
    )
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
    parser.add_argument(
        "--tried", metavar="ID", nargs="+", action="extend", default=[], help=tr("route.option.tried")
    )
    parser.add_argument(
        "--alert", metavar="ID", nargs="+", action="extend", default=[], help=tr("route.option.alert")
    )
    parser.add_argument("--online", action="store_true", help=tr("route.option.online"))
    parser.add_argument("--format", choices=FORMATS, default="text", help=tr("route.option.format"))
    parser.add_argument("--centre", metavar="ID", help=tr("route.option.centre"))


def run(args: argparse.Namespace) -> int:
    from finder.directory.catalog import load_catalog, report_user_problems
    from finder.route.planning import plan_route
    from finder.route.render import render

    _ask_missing(args)
    _check_consistency(args)
    intake = build_intake(args)
    catalog = load_catalog(args.directory, with_user=True)
    report_user_problems(catalog)
    route = plan_route(intake, catalog)
    if args.centre:
        from finder.route.addressee import with_addressee  # only then: it imports the validator

        route = with_addressee(route, catalog, args.centre)
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


def _check_consistency(args: argparse.Namespace) -> None:
    """Checks across options (each option's own bounds are checked by its parser)."""
    if args.dn4 is not None and args.dn4_interview is not None:
        raise UsageError(tr("route.error.two_dn4"))
    if args.age is not None and args.months is not None and args.months > (args.age + 1) * 12:
        raise UsageError(tr("route.error.longer_than_life", months=format_number(args.months), age=args.age))


def build_intake(args: argparse.Namespace) -> Intake:
    """The Intake the options describe; every id and place is checked here, with a clear message.

    The cheap checks (ids) run before the place lookup, which loads the gazetteer.
    """
    from finder.clinical.pain_reading import read_pain
    from finder.model import DEFAULT_RADIUS_KM, Intake

    alerts = _alerts(args.alert)  # never guessed from --pain: only what the user states
    tried = _tried(args.tried)
    reading = read_pain(args.pain)
    category, pain_score = reading.category, reading.score
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
        treatments_tried=tried,
        alerts=alerts,
        alerts_asked=bool(args.alert),
    )


def _resolve_place(query: str, *, online: bool) -> tuple[Commune, tuple[float, float] | None, float]:
    """(commune, geocoded point or None, score) for ``--near``; ambiguous or unknown: UsageError.

    With ``--online`` the text is first geocoded as a street address (BAN); when the service fails or
    does not know the address, a note goes to stderr and the offline gazetteer decides, as for
    ``finder place --online``.
    """
    from finder.cli.commands.place import answered_place
    from finder.places.decide import decide
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
            if found is not None and commune is not None:
                return commune, (found.lat, found.lon), round(found.score * 100, 1)
            print(tr("route.online.none"), file=sys.stderr)
    decision = decide(gazetteer.resolve(query, limit=6))
    return answered_place(decision, query), None, decision.confidence


def _alerts(ids: list[str]) -> tuple[str, ...]:
    """--alert, checked (none given: nothing to check, the warning signs' table is not even loaded)."""
    if not ids:
        return ()
    from finder.clinical.alerts import check_alerts

    return check_alerts(ids)


def _tried(ids: list[str]) -> tuple[str, ...]:
    """--tried, checked (none given: nothing to check, the treatments' table is not even loaded)."""
    if not ids:
        return ()
    from finder.clinical.treatments import check_treatments

    return check_treatments(ids)


def _dn4(args: argparse.Namespace) -> Dn4Result | None:
    if args.dn4 is None and args.dn4_interview is None:
        return None
    from finder.clinical.dn4 import FULL_OUT_OF, INTERVIEW_OUT_OF, dn4_from_score

    if args.dn4 is not None:
        return dn4_from_score(args.dn4, FULL_OUT_OF)
    return dn4_from_score(args.dn4_interview, INTERVIEW_OUT_OF)


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
