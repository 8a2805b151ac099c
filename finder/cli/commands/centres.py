"""``finder centres``: search the directory by name, place, kind, rTMS offer and pain category."""

from __future__ import annotations

import argparse
import json
from typing import Any

from finder.cli.argparse_fr import answer_type
from finder.errors import NoResult, UsageError
from finder.i18n import tr
from finder.intake.answers import parse_radius
from finder.model import STATUS_STATES, Centre


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="*", metavar="QUERY", help=tr("centres.option.query"))
    parser.add_argument("--near", metavar="PLACE", help=tr("centres.option.near"))
    parser.add_argument(
        "--radius", metavar="KM", type=answer_type(parse_radius), help=tr("centres.option.radius")
    )
    parser.add_argument("--rtms", action="store_true", help=tr("centres.option.rtms"))
    parser.add_argument("--kind", metavar="KIND", help=tr("centres.option.kind"))
    parser.add_argument("--pain", metavar="CATEGORY", help=tr("centres.option.pain"))
    parser.add_argument("--json", action="store_true", help=tr("cli.option.json"))
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument("--all", action="store_true", help=tr("centres.option.all"))
    shown.add_argument("--status", choices=STATUS_STATES, help=tr("centres.option.status"))


def run(args: argparse.Namespace) -> int:
    from finder.directory.catalog import (
        centre_to_dict,
        centres_for_pain,
        load_catalog,
        report_user_problems,
        search_centres,
    )
    from finder.directory.validate import did_you_mean
    from finder.model import CENTRE_KINDS, DEFAULT_RADIUS_KM
    from finder.places.distance import geodesic_km
    from finder.places.label import commune_label
    from finder.route.nearby import MAX_FALLBACK
    from finder.route.reach import MAX_REACH_KM

    if args.near is not None and not args.near.strip():  # an empty place is no place: never "everywhere"
        raise UsageError(tr("place.empty_query"))
    if args.radius is not None and not args.near:
        raise UsageError(tr("centres.radius_without_near"))
    if args.kind and args.kind not in CENTRE_KINDS:
        raise UsageError(
            tr(
                "centres.unknown_kind",
                value=args.kind,
                hint=did_you_mean(args.kind, CENTRE_KINDS),
                choices=", ".join(CENTRE_KINDS),
            )
        )
    query = " ".join(args.query)
    catalog = load_catalog(args.directory, with_user=True)
    report_user_problems(catalog)
    centres = list(catalog.centres)
    # closed and suspended structures only on request
    if args.status:
        centres = [c for c in centres if c.status == args.status]
    elif not args.all:
        centres = [c for c in centres if c.active]
    if args.pain:
        centres = list(centres_for_pain(centres, args.pain))
    if args.rtms:
        centres = [c for c in centres if c.offers_rtms]
    if args.kind:
        centres = [c for c in centres if c.kind == args.kind]
    ranked = search_centres(centres, query) if query.strip() else [(c, 100.0) for c in centres]
    if not args.pain and not query.strip():
        ranked.sort(key=lambda pair: (pair[0].region, pair[0].city, pair[0].name))
    origin_label = None
    beyond_radius = False  # nothing within the radius: the nearest centres are shown instead
    far_km: float | None = None  # even the nearest is out of reach (finder.route.reach)
    distances: dict[str, float] = {}
    if args.near:
        from finder.cli.commands.place import answered_place
        from finder.places.decide import decide
        from finder.places.gazetteer import load_gazetteer

        commune = answered_place(decide(load_gazetteer().resolve(args.near, limit=6)), args.near)
        origin_label = commune_label(commune)
        radius = args.radius or DEFAULT_RADIUS_KM
        for centre, _ in ranked:
            distances[centre.id] = geodesic_km((commune.lat, commune.lon), (centre.lat, centre.lon))
        within = [pair for pair in ranked if distances[pair[0].id] <= radius]
        if not within and ranked:  # as `finder route` does: the nearest ones, said to be farther
            nearest = sorted(ranked, key=lambda pair: distances[pair[0].id])[:MAX_FALLBACK]
            beyond_radius = True
            within = nearest
            if distances[nearest[0][0].id] > MAX_REACH_KM:  # another territory: none, and where to look
                far_km = distances[nearest[0][0].id]
                within = []
        ranked = sorted(within, key=lambda pair: distances[pair[0].id])
    radius_text = f"{args.radius or DEFAULT_RADIUS_KM:g}"
    if args.json:
        results = [centre_to_dict(c, distances.get(c.id)) for c, _ in ranked]
        for result in results:
            if args.near:
                result["within_radius"] = not beyond_radius
        document: dict[str, object] = {"results": results}
        if far_km is not None:
            document["out_of_reach"] = _out_of_reach(origin_label or "", far_km)
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 0 if results else 1
    if far_km is not None:
        far = _out_of_reach(origin_label or "", far_km)
        raise NoResult("\n".join([str(far["text"]), *(f"{p['name']} : {p['url']}" for p in far["pages"])]))
    if not ranked:
        raise NoResult(tr("centres.none"))
    if beyond_radius:
        print(tr("centres.near_none_within", place=origin_label, radius=radius_text, count=len(ranked)))
    elif origin_label:
        print(tr("centres.near_header", place=origin_label, radius=radius_text))
    for centre, _ in ranked:
        print(_text_block(centre, distances.get(centre.id)))
    print(tr("centres.footer", count=len(ranked)))
    if catalog.problems:
        print(tr("centres.skipped", count=len({p.path for p in catalog.problems})))
    return 0


def _out_of_reach(place: str, km: float) -> dict[str, Any]:
    """What ``--near`` says of a territory whose nearest centre is across an ocean: no centre, the
    official national lists (the route's "official pages")."""
    from finder.directory.official import NATIONAL, pages_for

    return {
        "km": round(km),
        "text": tr("route.warning.out_of_reach", place=place, km=round(km)),
        "pages": [{"name": page.name, "url": page.url} for page in pages_for(NATIONAL)],
    }


def _text_block(centre: Centre, distance_km: float | None) -> str:
    from finder.directory.contact import contact_line, contact_text
    from finder.i18n import pick

    flags = []
    if centre.origin == "user":
        flags.append(tr("directory.user.added_by_you"))
    if centre.offers_rtms:
        flags.append("rTMS")
    if centre.takes_children:
        flags.append(tr("centres.flag.children"))
    if centre.unverified:
        flags.append(tr("centres.flag.unverified"))
    elif centre.stale and centre.last_verified is not None:
        flags.append(tr("centres.flag.stale", date=centre.last_verified.isoformat()))
    distance = f" — {distance_km:.0f} km" if distance_km is not None else ""
    lines = [f"{centre.name}", f"  {centre.establishment}, {centre.city}{distance}"]
    lines.append(f"  {tr('centres.kind_label')} {centre.kind}" + (f"  [{', '.join(flags)}]" if flags else ""))
    if not centre.active:
        when = centre.status_date.isoformat() if centre.status_date else tr("centres.status_undated")
        status = tr("centres.status." + centre.status, date=when)
        lines.append(f"  {status} {centre.status_source or ''}".rstrip())
    if centre.description:
        lines.append(f"  {pick(centre.description)}")
    lines.append(f"  {contact_text(centre)}")
    for label, value in (("website", centre.website), ("email", centre.email)):
        if value and not (label == "website" and contact_line(centre)[0] == "none_website"):
            lines.append(f"  {tr('centres.' + label)} {value}")
    lines.append(f"  {tr('centres.id_label')} {centre.id}")
    return "\n".join(lines) + "\n"
