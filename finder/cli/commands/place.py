"""``finder place QUERY [--limit N] [--json] [--online]``: resolve a French commune."""

from __future__ import annotations

import argparse
import json
import re
from typing import TYPE_CHECKING

from finder.errors import NoResult, UsageError
from finder.i18n import tr
from finder.text import shown

if TYPE_CHECKING:
    from collections.abc import Sequence

    from finder.model import Commune, GeocodedAddress, PlaceMatch
    from finder.places.decide import PlaceDecision

MAX_LIMIT = 50
_CODE = re.compile(r"\s*(\d{5}|2[abAB]\d{3})\s*")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="+", metavar="QUERY", help=tr("place.option.query"))
    parser.add_argument("--limit", default="5", metavar="N", help=tr("place.option.limit"))
    parser.add_argument("--json", action="store_true", help=tr("cli.option.json"))
    parser.add_argument("--online", action="store_true", help=tr("place.option.online"))


def parse_limit(value: str) -> int:
    try:
        limit = int(str(value).strip())
    except ValueError:
        limit = 0
    if not 1 <= limit <= MAX_LIMIT:
        raise UsageError(tr("place.bad_limit", value=shown(str(value))))
    return limit


def run(args: argparse.Namespace) -> int:
    import sys

    from finder.model import PlaceMatch, PlaceResolution
    from finder.places import explain
    from finder.places.decide import decide
    from finder.places.gazetteer import load_gazetteer

    query = " ".join(args.query)
    limit = parse_limit(args.limit)
    if not query.strip():
        raise UsageError(tr("place.empty_query"))
    gazetteer = load_gazetteer()
    address = online_error = None
    if args.online:
        from finder.places.geocode import GeocodingError, geocode_address

        try:
            address = geocode_address(query)
        except GeocodingError as error:
            online_error = str(error)
            if not args.json:
                print(tr("place.online.failed", reason=online_error), file=sys.stderr)
        else:
            if address is None and not args.json:
                print(tr("place.online.none"), file=sys.stderr)
    commune = gazetteer.by_insee(address.insee) if address is not None and address.insee else None
    if commune is not None:
        resolution = PlaceResolution(query=query, matches=(PlaceMatch(commune, 100.0),), ambiguous=False)
    else:
        resolution = gazetteer.resolve(query, limit=limit)
    decision = decide(resolution)

    if args.json:
        document: dict[str, object] = {
            "query": query,
            "ambiguous": resolution.ambiguous,
            "decision": decision.action,
            "reason": decision.reason,
            "confidence": decision.confidence,
            "suggestion": decision.suggestion,
            "notes": [
                {"code": note.code, "params": dict(note.params), "text": explain.note_text(note, decision)}
                for note in decision.notes
            ],
            "results": [match_to_dict(match) for match in resolution.matches],
        }
        if args.online:
            document["address"] = None if address is None else address_to_dict(address)
            document["online_error"] = online_error
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        if address is not None:
            print(
                tr(
                    "place.online.result",
                    label=address.label,
                    lat=f"{address.lat:.5f}",
                    lon=f"{address.lon:.5f}",
                    score=f"{address.score:.2f}",
                )
            )
        if decision.action == "ask":
            print(explain.question(decision, query))
        if resolution.matches:
            print(format_table(resolution.matches))
        if decision.action != "refuse":  # a refusal says why on its own
            for text in explain.note_texts(decision):
                print(text)
        if decision.action == "ask":
            print()
            print(explain.syntax(decision))
    if decision.action == "refuse":
        refusal = explain.refusal(decision, query)
        if refusal is not None:
            raise NoResult(refusal)
        if _CODE.fullmatch(query):
            raise NoResult(tr("place.no_postcode", code=query.strip()))
        raise NoResult(tr("place.no_match", query=shown(query)))
    return 0


def match_to_dict(match: PlaceMatch) -> dict[str, object]:
    commune = match.commune
    return {
        "insee": commune.insee,
        "name": commune.name,
        "postcodes": list(commune.postcodes),
        "department": commune.department,
        "department_name": commune.department_name,
        "lat": commune.lat,
        "lon": commune.lon,
        "score": match.score,
        "why": match.why,
        "confidence": match.certainty,
        "former_name": match.matched_alias,
        "population": commune.population,
    }


def address_to_dict(address: GeocodedAddress) -> dict[str, object]:
    return {
        "label": address.label,
        "lat": address.lat,
        "lon": address.lon,
        "postcode": address.postcode,
        "city": address.city,
        "insee": address.insee,
        "score": address.score,
    }


def format_table(matches: Sequence[PlaceMatch]) -> str:
    """Aligned columns: name (and why it matched when that is not its name or postcode), postcodes,
    department name (code), score; French headers by default."""
    from finder.places import explain

    rows = [
        (
            tr("place.header.name"),
            tr("place.header.postcodes"),
            tr("place.header.department"),
            tr("place.header.score"),
        )
    ]
    for match in matches:
        commune = match.commune
        name = commune.name
        if match.matched_alias:
            name += " " + tr("place.former_name", alias=match.matched_alias, name=commune.name)
        elif match.why in explain.SHOWN_WHYS:
            name += f" ({explain.why_label(match.why)})"
        codes = commune.postcodes
        postcodes = ", ".join(codes[:3]) + (", …" if len(codes) > 3 else "")
        department = f"{commune.department_name} ({commune.department})"
        rows.append((name, postcodes, department, f"{match.score:.0f}"))
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = [
        f"{name:<{widths[0]}}  {postcodes:<{widths[1]}}  {department:<{widths[2]}}  {score:>5}".rstrip()
        for name, postcodes, department, score in rows
    ]
    return "\n".join(lines)


def answered_place(decision: PlaceDecision, query: str) -> Commune:
    """The commune of an ``answer`` (its notes go to stderr); an ``ask`` or a ``refuse`` is a
    UsageError (exit 2) listing the candidates with their departments and the syntax that names one:
    one rule for ``finder route --near`` and ``finder centres --near``."""
    import sys

    from finder.places import explain

    if decision.action == "answer" and decision.commune is not None:
        for text in explain.note_texts(decision):
            print(f"finder: {text}", file=sys.stderr)  # a note on how the place was read
        return decision.commune
    if decision.action == "ask":
        raise UsageError(
            tr(
                "route.error.place_ask",
                question=explain.question(decision, query),
                candidates="; ".join(explain.candidate_label(match) for match in decision.candidates),
                syntax=" ".join([*explain.note_texts(decision), explain.syntax(decision)]),
                example=decision.suggestion,
            )
        )
    raise UsageError(explain.refusal(decision, query) or tr("route.error.place_unknown", query=shown(query)))
