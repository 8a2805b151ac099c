"""Route -> text (terminal), Markdown, JSON (the DESIGN.md contract) or a referral letter.

Renderers only present: every decision (which centres, whether rTMS is a step, why not) is already in
the :class:`~finder.model.Route`. Labels come from ``finder/locale/route.toml`` in the current language.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

from finder.clinical import texts as clinical_text
from finder.directory.contact import contact_line, contact_text
from finder.directory.coverage import OfficialLookup
from finder.errors import UsageError
from finder.i18n import pick, tr
from finder.model import Route, RoutedCentre

FORMATS = ("text", "markdown", "json", "letter")
WIDTH = 100  # text output wraps here; terminals are rarely narrower for this kind of tool


def render(route: Route, fmt: str, *, centre_id: str | None = None) -> str:
    """The route in ``fmt`` ("text", "markdown", "json" or "letter").

    ``centre_id`` picks the structure a letter is addressed to (default: the first of the SDC step).
    """
    if fmt == "text":
        return render_text(route)
    if fmt == "markdown":
        return render_markdown(route)
    if fmt == "json":
        return json.dumps(route_to_dict(route), ensure_ascii=False, indent=2) + "\n"
    if fmt == "letter":
        return render_letter(route, centre_id=centre_id)
    raise UsageError(tr("route.render.unknown_format", fmt=fmt, choices=", ".join(FORMATS)))


# --- JSON ------------------------------------------------------------------------------------------


def route_to_dict(route: Route) -> dict[str, Any]:
    """The JSON shape of DESIGN.md ("finder route --format json"), plus "reasons" and "disclaimer"."""
    from finder.directory.catalog import centre_to_dict

    intake = route.intake
    place = intake.place
    within = {rc.centre.id: rc.within_radius for rc in route.centres}
    centres = []
    for rc in route.centres:
        entry = centre_to_dict(rc.centre, distance_km=rc.distance_km)
        entry["within_radius"] = within[rc.centre.id]
        entry["gp_letter_required"] = rc.centre.gp_letter_required
        entry["referral_notes"] = rc.centre.referral_notes
        centres.append(entry)
    return {
        "place": {
            "insee": place.insee,
            "name": place.name,
            "postcodes": list(place.postcodes),
            "department": place.department,
            "department_name": place.department_name,
            "lat": place.lat,
            "lon": place.lon,
            "score": intake.place_score,
            "point": list(intake.point) if intake.point else None,
        },
        "pain": {
            "category": intake.pain_category,
            "label": route.category_label,
            # An explicit category id is a certain match; free text carries its match score.
            "score": 100.0 if intake.pain_score is None else intake.pain_score,
        },
        "radius_km": intake.radius_km,
        "steps": [
            {"kind": s.kind, "title": s.title, "detail": s.detail, "centres": list(s.centres)}
            for s in route.steps
        ],
        "centres": centres,
        "rtms": {
            "indicated": route.rtms.indicated,
            "evidence_level": route.rtms.evidence_level,
            "reference": route.rtms.reference,
            "blocked_by": list(route.rtms.blocked_by),
            "cautions": list(route.rtms.cautions),
            "reasons": list(route.rtms.reasons),
            "screened": route.rtms.screened,
        },
        "reminders": list(route.reminders),
        "warnings": list(route.warnings),
        "official_pages": official_to_dict(route),
        "disclaimer": clinical_text.centre_confirms(),
        "language": route.language,
        "date": route.created.isoformat() if route.created else None,
    }


def official_lines(route: Route) -> tuple[str, ...]:
    """Why to look at the official lists, then one line per page (name: URL); none when not needed."""
    lookup = route.official
    if not isinstance(lookup, OfficialLookup):
        return ()
    return (
        tr(f"directory.official.{lookup.code}", **lookup.params),
        *(f"{page.name} : {page.url}" for page in lookup.pages),
    )


def official_to_dict(route: Route) -> dict[str, Any] | None:
    lookup = route.official
    if not isinstance(lookup, OfficialLookup):
        return None
    return {
        "code": lookup.code,
        "params": dict(lookup.params),
        "text": tr(f"directory.official.{lookup.code}", **lookup.params),
        "pages": [{"name": p.name, "url": p.url, "scope": p.scope, "source": p.source} for p in lookup.pages],
    }


# --- text and Markdown -------------------------------------------------------------------------------


def _summary(route: Route) -> tuple[str, str]:
    """The place line and the pain line shared by the text and Markdown headers."""
    intake = route.intake
    place = intake.place
    place_line = (
        f"{place.name} ({place.department}) · {tr('route.render.radius', radius=_num(intake.radius_km))}"
    )
    pain = [route.category_label]
    if intake.months is not None:
        pain.append(tr("route.render.months", months=_num(intake.months)))
    if intake.intensity is not None:
        pain.append(tr("route.render.intensity", intensity=intake.intensity))
    if intake.is_child:
        pain.append(tr("route.render.child", age=intake.age))
    return place_line, " · ".join(pain)


def _status(rc: RoutedCentre) -> str:
    """Verification mark + "call to confirm": printed for every centre, whatever its state."""
    centre = rc.centre
    if centre.unverified or centre.last_verified is None:
        mark = tr("route.render.unverified")
    elif centre.stale:
        mark = tr("route.render.stale", date=centre.last_verified.isoformat())
    else:
        mark = tr("route.render.verified", date=centre.last_verified.isoformat())
    return f"{mark} · {tr('route.render.call_to_confirm')}"


def _centre_facts(rc: RoutedCentre) -> list[str]:
    centre = rc.centre
    km = f"{rc.distance_km:.1f}".replace(".", tr("route.render.decimal_point"))
    distance = tr("route.render.distance", km=km)
    if not rc.within_radius:
        distance += f" ({tr('route.render.beyond')})"
    facts = [centre.city, distance, contact_text(centre)]
    if centre.website and contact_line(centre)[0] != "none_website":
        facts.append(centre.website)
    tags = []
    if centre.origin == "user":
        tags.append(tr("directory.user.added_by_you"))
    if centre.offers_rtms:
        tags.append(tr("route.render.rtms_offered"))
    if centre.takes_children:
        tags.append(tr("route.render.children"))
    if centre.gp_letter_required:
        tags.append(tr("route.render.letter_required"))
    lines = [" · ".join(facts)]
    if tags:
        lines.append(" · ".join(tags))
    if centre.description:
        lines.append(pick(centre.description))
    if centre.referral_notes:
        lines.append(centre.referral_notes.strip())
    return [*lines, _status(rc)]


def _wrap(line: str, indent: str) -> list[str]:
    """Wrap one line; "- " and "* " bullets keep a hanging indent; hyphenated names and URLs stay whole."""
    hang = indent + ("  " if line.startswith(("- ", "* ")) else "")
    wrapped = textwrap.wrap(
        line,
        WIDTH,
        initial_indent=indent,
        subsequent_indent=hang,
        break_on_hyphens=False,
        break_long_words=False,
    )
    return wrapped or [indent]


def render_text(route: Route) -> str:
    by_id = {rc.centre.id: rc for rc in route.centres}
    place_line, pain_line = _summary(route)
    out = [
        tr("route.render.title"),
        "=" * len(tr("route.render.title")),
        f"{tr('route.render.place')} {place_line}",
        f"{tr('route.render.pain')} {pain_line}",
    ]
    for number, step in enumerate(route.steps, 1):
        out += ["", f"{number}. {step.title}"]
        for line in step.detail.splitlines():
            out += _wrap(line, "   ")
        for cid in step.centres:
            rc = by_id[cid]
            out += _wrap(f"* {rc.centre.name} — {rc.centre.establishment}", "   ")
            for fact in _centre_facts(rc):
                out += _wrap(fact, "     ")
    out += _closing(route, markdown=False)
    return "\n".join(out) + "\n"


def render_markdown(route: Route) -> str:
    by_id = {rc.centre.id: rc for rc in route.centres}
    place_line, pain_line = _summary(route)
    out = [
        f"# {tr('route.render.title')}",
        "",
        f"- **{tr('route.render.place')}** {_md(place_line)}",
        f"- **{tr('route.render.pain')}** {_md(pain_line)}",
    ]
    for number, step in enumerate(route.steps, 1):
        out += ["", f"## {number}. {_md(step.title)}", ""]
        out += _md_detail(step.detail)
        if step.centres:
            out.append("")
        for cid in step.centres:
            rc = by_id[cid]
            out.append(f"- **{_md(rc.centre.name)}** — {_md(rc.centre.establishment)}  ")
            facts = _centre_facts(rc)
            out += [f"  {_md(fact)}  " for fact in facts[:-1]] + [f"  {_md(facts[-1])}"]
    out += _closing(route, markdown=True)
    return "\n".join(out) + "\n"


def _closing(route: Route, *, markdown: bool) -> list[str]:
    """Why rTMS is not a step, warnings and reminders: the same sections in text and Markdown."""
    out: list[str] = []
    for title, items in (
        (tr("route.render.no_rtms_step"), route.rtms.reasons),
        (tr("route.render.warnings"), route.warnings),
        (tr("directory.official.title"), official_lines(route)),
        (tr("route.render.reminders"), route.reminders),
    ):
        if not items:
            continue
        if markdown:
            out += ["", f"## {_md(title)}", "", *(f"- {_md(item)}" for item in items)]
        else:
            out += ["", title]
            for item in items:
                out += _wrap(f"- {item}", "")
    return out


_MD_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>#|"})


def _md(text: str) -> str:
    """Escape the characters Markdown would read as markup in a centre name or a sentence."""
    return text.translate(_MD_SPECIAL)


def _md_detail(detail: str) -> list[str]:
    """Detail lines as Markdown: "- " bullets and "- [ ]" checkboxes stay lists, other lines are
    paragraphs (hard line breaks), with a blank line wherever one kind follows the other."""
    out: list[str] = []
    previous_bullet: bool | None = None
    for line in detail.splitlines():
        prefix = next((p for p in ("- [ ] ", "- [x] ", "- ") if line.startswith(p)), None)
        bullet = prefix is not None
        if previous_bullet is not None and bullet != previous_bullet:
            out.append("")
        out.append(prefix + _md(line[len(prefix) :]) if prefix else _md(line) + "  ")
        previous_bullet = bullet
    return out


def _num(value: float) -> str:
    """A user-given number (months, km) without a spurious ".0", with the language's decimal mark."""
    text = str(int(value)) if float(value).is_integer() else f"{value:g}"
    return text.replace(".", tr("route.render.decimal_point"))


# --- the referral letter -----------------------------------------------------------------------------


def render_letter(route: Route, *, centre_id: str | None = None) -> str:
    """A referral letter (courrier d'adressage) to one structure of the route.

    Structured on the HAS 2008 first-line evaluation items (domain.md 2.1 b-e). finder never asks for
    the patient's identity: the letter leaves blanks for it and for the GP's signature.
    """
    from finder.clinical.criteria import HAS_CRITERIA
    from finder.clinical.screening import get_contraindication
    from finder.i18n import pick
    from finder.route.planning import dn4_summary

    rc = _letter_recipient(route, centre_id)
    intake = route.intake
    when = route.created.strftime(tr("route.letter.date_format")) if route.created else "___/___/______"
    out = [tr("route.letter.made_at", date=when), "", tr("route.letter.sender"), ""]
    if rc is not None:
        centre = rc.centre
        address = " ".join(part for part in (centre.postcode, centre.city) if part)
        out += [tr("route.letter.to"), centre.name, centre.establishment]
        out += [line for line in (centre.street, address) if line]
        out.append(contact_text(centre))
        out.append("")
    out += [tr("route.letter.subject"), "", tr("route.letter.greeting"), "", tr("route.letter.intro"), ""]
    out.append(tr("route.letter.patient"))
    if intake.age is not None:
        out.append(tr("route.letter.age", age=intake.age))

    ticked = [c for c in HAS_CRITERIA if c.id in intake.has_criteria]
    out += ["", f"1. {tr('route.letter.reason')}"]
    if ticked:
        out += [f"   - [x] {pick(c.text)}" for c in ticked]
    else:
        out += [f"   - [ ] {pick(c.text)}" for c in HAS_CRITERIA]

    out += [
        "",
        f"2. {tr('route.letter.pain')}",
        "   " + tr("route.letter.category", label=route.category_label),
    ]
    words = intake.pain_text.strip()
    out.append("   " + (tr("route.letter.words", text=words) if words else tr("route.letter.words_blank")))
    out.append("   " + tr("route.letter.site"))
    out.append(
        "   "
        + (
            tr("route.letter.duration", months=_num(intake.months))
            if intake.months is not None
            else tr("route.letter.duration_blank")
        )
    )
    out.append(
        "   "
        + (
            tr("route.letter.intensity", intensity=intake.intensity)
            if intake.intensity is not None
            else tr("route.letter.intensity_blank")
        )
    )
    out.append("   " + (dn4_summary(intake.dn4) if intake.dn4 else tr("route.letter.dn4_blank")))

    out += ["", f"3. {tr('route.letter.history')}", "", f"4. {tr('route.letter.treatments')}"]
    out.append("   " + (intake.treatments.strip() or tr("route.letter.treatments_blank")))
    refractory = {True: "yes", False: "no", None: "unknown"}[intake.refractory]
    out.append("   " + tr(f"route.letter.refractory_{refractory}"))

    out += ["", f"5. {tr('route.letter.impact')}", "", f"6. {tr('route.letter.psych')}", ""]
    answered = (*route.rtms.blocked_by, *route.rtms.cautions)
    if answered:
        out.append(f"7. {tr('route.letter.screening')}")
        out += [f"   - {get_contraindication(cid).question}" for cid in answered]
    elif route.rtms.screened:
        out.append(f"7. {tr('route.letter.screening_none')}")
    else:
        out.append(f"7. {tr('route.letter.screening_not_done')}")
    if route.rtms.indicated:
        out.append(
            "   "
            + tr("route.letter.rtms", level=route.rtms.evidence_level, reference=route.rtms.reference or "")
        )
    out += ["", tr("route.letter.informed"), "", tr("route.letter.closing"), "", tr("route.letter.signature")]
    return "\n".join(line for block in out for line in _wrap_letter(block)) + "\n"


def _letter_recipient(route: Route, centre_id: str | None) -> RoutedCentre | None:
    """The chosen centre, else the first structure of the SDC evaluation step (None if it has none)."""
    by_id = {rc.centre.id: rc for rc in route.centres}
    if centre_id is not None:
        if centre_id not in by_id:
            choices = ", ".join(sorted(by_id)) or "-"
            raise UsageError(tr("route.render.unknown_centre", centre=centre_id, choices=choices))
        return by_id[centre_id]
    for step in route.steps:
        if step.kind == "sdc_evaluation" and step.centres:
            return by_id[step.centres[0]]
    return None


def _wrap_letter(line: str) -> list[str]:
    """Wrap a long letter line under its own text: after "- " bullets and "1. " headings."""
    if len(line) <= WIDTH:
        return [line]
    body = line.lstrip()
    indent = line[: len(line) - len(body)]
    hang = indent + ("  " if body.startswith("- ") else "   " if body[:1].isdigit() else "")
    return textwrap.wrap(line, WIDTH, subsequent_indent=hang, break_on_hyphens=False, break_long_words=False)
