"""Route -> words: text (terminal), Markdown, JSON (the DESIGN.md contract), a referral letter, and the
pieces the TUI route panel shows.

The route is data (:class:`~finder.model.Note` codes with parameters, ids); this module is the one
place that gives it words, in the language asked for (default: the current one). A note's words come
from ``finder/locale/route.toml`` (key ``route.<code>``) or, for ``clinical.<key>`` codes, from the
sourced sentences of ``finder/data/clinical/texts.toml``. Renderers only present: every decision is
already in the :class:`~finder.model.Route`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from finder.clinical import texts as clinical_text
from finder.directory.catalog import centre_description
from finder.directory.contact import contact_line, contact_text, reachable
from finder.errors import UsageError
from finder.i18n import get_language, pick, tr
from finder.model import POPULATIONS, Centre, Note, Route, RoutedCentre, RouteStep
from finder.places.label import commune_label
from finder.text import neutralise

FORMATS = ("text", "markdown", "json", "letter")
WIDTH = 100  # text output wraps here; terminals are rarely narrower for this kind of tool


def render(route: Route, fmt: str, *, centre_id: str | None = None, language: str | None = None) -> str:
    """The route in ``fmt`` ("text", "markdown", "json" or "letter"), in ``language`` (default: current).

    ``centre_id`` picks the structure a letter is addressed to (default: the first of the SDC step).
    Control and bidi characters come out as inert ``\\uXXXX`` text (:func:`finder.text.neutralise`).
    """
    lang = language or get_language()
    if fmt == "text":
        return neutralise(render_text(route, lang))
    if fmt == "markdown":
        return neutralise(render_markdown(route, lang))
    if fmt == "json":
        return neutralise(json.dumps(route_to_dict(route, lang), ensure_ascii=False, indent=2) + "\n")
    if fmt == "letter":
        return neutralise(render_letter(route, centre_id=centre_id, language=lang))
    raise UsageError(tr("route.render.unknown_format", lang, fmt=fmt, choices=", ".join(FORMATS)))


# --- notes -> words ------------------------------------------------------------------------------


def num(value: float | None, language: str | None = None) -> str:
    """A number (months, km) without a spurious ".0", with the language's decimal mark."""
    if value is None:
        return "?"
    text = str(int(value)) if float(value).is_integer() else f"{value:g}"
    return text.replace(".", tr("route.render.decimal_point", language))


def category_label(category_id: str, language: str | None = None) -> str:
    from finder.clinical.pain import get_category

    category = get_category(category_id)
    return pick({"fr": category.label_fr, "en": category.label_en}, language)


def question_text(cid: str, language: str | None = None) -> str:
    """A TMS screening question in ``language``."""
    from finder.clinical.screening import get_contraindication

    question = get_contraindication(cid)
    return pick({"fr": question.question_fr, "en": question.question_en}, language)


def _criteria_texts(ids: tuple[str, ...], language: str) -> list[str]:
    from finder.clinical.criteria import HAS_CRITERIA, PRECONDITIONS

    by_id = {c.id: c for c in (*HAS_CRITERIA, *PRECONDITIONS)}
    return [pick(by_id[cid].text, language) for cid in ids]


def _heading_and_items(
    key: str, bullet: str, items: Callable[[Note, str], list[str]]
) -> Callable[[Note, str], str]:
    def render_it(n: Note, lang: str) -> str:
        return "\n".join([tr(key, lang), *(f"{bullet}{item}" for item in items(n, lang))])

    return render_it


def _questions(n: Note, lang: str) -> list[str]:
    return [question_text(cid, lang) for cid in n.params["ids"]]


def _criteria(n: Note, lang: str) -> list[str]:
    return _criteria_texts(tuple(n.params["ids"]), lang)


def _dn4_result(n: Note, lang: str) -> str:
    p = n.params
    if p["interview"]:
        verdict = tr("route.dn4.probable" if p["positive"] else "route.dn4.negative", lang)
        return tr("route.sdc.dn4_interview", lang, score=p["score"], out_of=p["out_of"], verdict=verdict)
    verdict = tr("route.dn4.positive" if p["positive"] else "route.dn4.negative", lang)
    return tr("route.sdc.dn4", lang, score=p["score"], out_of=p["out_of"], verdict=verdict)


def _rtms_evidence(n: Note, lang: str) -> str:
    from finder.clinical.pain import get_category

    category = get_category(n.params["category"])
    text = pick({"fr": category.evidence_fr, "en": category.evidence_en}, lang)
    return tr("route.rtms.evidence", lang, reference=category.reference or "", text=text)


def _pain_guess(n: Note, lang: str) -> str:
    label = category_label(n.params["category"], lang)
    return tr("route.warning.pain_guess", lang, score=n.params["score"], label=label)


def _alert_urgent(n: Note, lang: str) -> str:
    from finder.clinical.alerts import urgent_line

    return urgent_line(lang)


def _alert_signs(n: Note, lang: str) -> str:
    return tr("route.alert.signs", lang, signs=join(sign_labels(n.params["ids"], lang), lang))


def join(items: list[str], language: str | None = None) -> str:
    """Items of a list in a sentence, with the language's separator ("a ; b" in French)."""
    return tr("route.render.list_separator", language).join(items)


def sign_labels(ids: tuple[str, ...], language: str | None = None) -> list[str]:
    from finder.clinical.alerts import get_sign

    return [get_sign(sid).label(language) for sid in ids]


def _alerts_detected(n: Note, lang: str) -> str:
    from finder.clinical.alerts import urgent_line

    ids = n.params["ids"]
    signs = join(sign_labels(ids, lang), lang)
    return tr("route.warning.alerts_detected", lang, signs=signs, urgent=urgent_line(lang), ids=" ".join(ids))


def _opioids(n: Note, lang: str) -> str:
    return f"{tr('route.opioids.heading', lang)} {clinical_text.text('opioids_has_2022', lang)}"


def _rtms_status(n: Note, lang: str) -> str:
    return f"{tr('route.rtms.status_heading', lang)} {clinical_text.text('rtms_status', lang)}"


def _dn4_not_interpreted(n: Note, lang: str) -> str:
    return tr("route.dn4.not_interpreted", lang, **n.params)


def _blocked(n: Note, lang: str) -> str:
    return tr("route.reason.blocked", lang, items=join(_questions(n, lang), lang))


_SPECIAL: dict[str, Callable[[Note, str], str]] = {
    "preconditions.checklist": _heading_and_items("route.preconditions.checklist", "- [ ] ", _criteria),
    "criteria.ticked": _heading_and_items("route.criteria.ticked", "- [x] ", _criteria),
    "criteria.none": _heading_and_items("route.criteria.none", "- [ ] ", _criteria),
    "sdc.for_team": _heading_and_items("route.sdc.for_team", "- ", _questions),
    "rtms.screening_not_done": _heading_and_items("route.rtms.screening_not_done", "- ", _questions),
    "rtms.cautions": _heading_and_items("route.rtms.cautions", "- ", _questions),
    "dn4.result": _dn4_result,
    "dn4.not_interpreted": _dn4_not_interpreted,
    "alert.urgent": _alert_urgent,
    "alert.signs": _alert_signs,
    "warning.alerts_detected": _alerts_detected,
    "clinical.opioids_has_2022": _opioids,
    "clinical.rtms_status": _rtms_status,
    "rtms.evidence": _rtms_evidence,
    "warning.pain_guess": _pain_guess,
    "reason.blocked": _blocked,
}


def note_text(n: Note, language: str | None = None) -> str:
    """The words of one note; may hold several lines ("- " bullets under a heading)."""
    lang = language or get_language()
    special = _SPECIAL.get(n.code)
    if special is not None:
        return special(n, lang)
    if n.code.startswith("clinical."):
        return clinical_text.text(n.code.removeprefix("clinical."), lang)
    params = {k: num(v, lang) if isinstance(v, float) else v for k, v in n.params.items()}
    return tr(f"route.{n.code}", lang, **params)


def step_title(step: RouteStep, language: str | None = None) -> str:
    return note_text(step.title, language)


def step_detail(step: RouteStep, language: str | None = None) -> str:
    """A step's contents as plain text; may hold line breaks and "- " bullet lines."""
    return "\n".join(note_text(n, language) for n in step.lines)


def notes_dicts(notes: tuple[Note, ...], language: str) -> list[dict[str, Any]]:
    """Notes for JSON: code, params and the rendered text side by side."""
    return [{**n.to_dict(), "text": note_text(n, language)} for n in notes]


# --- JSON ------------------------------------------------------------------------------------------


def route_to_dict(route: Route, language: str | None = None) -> dict[str, Any]:
    """The JSON shape of DESIGN.md ("finder route --format json"), plus "reasons" and "disclaimer".

    Every rendered text keeps its key; its code and parameters stand beside it (``code``/``params``
    in steps, ``*_notes`` lists beside ``reasons``, ``warnings`` and ``reminders``)."""
    lang = language or get_language()
    from finder.directory.catalog import centre_to_dict

    intake = route.intake
    place = intake.place
    within = {rc.centre.id: rc.within_radius for rc in route.centres}
    centres = []
    for rc in route.centres:
        entry = centre_to_dict(rc.centre, distance_km=rc.distance_km, language=lang)
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
            "label": category_label(intake.pain_category, lang),
            # An explicit category id is a certain match; free text carries its match score.
            "score": 100.0 if intake.pain_score is None else intake.pain_score,
        },
        "radius_km": intake.radius_km,
        "steps": [
            {
                "kind": s.kind,
                "title": step_title(s, lang),
                "detail": step_detail(s, lang),
                "centres": list(s.centres),
                **s.title.to_dict(),
                "notes": notes_dicts(s.lines, lang),
                "trials": list(s.trials),
            }
            for s in route.steps
        ],
        "centres": centres,
        "rtms": {
            "indicated": route.rtms.indicated,
            "evidence_level": route.rtms.evidence_level,
            "reference": route.rtms.reference,
            "blocked_by": list(route.rtms.blocked_by),
            "cautions": list(route.rtms.cautions),
            "reasons": [note_text(n, lang) for n in route.rtms.reasons],
            "reason_notes": notes_dicts(route.rtms.reasons, lang),
            "screened": route.rtms.screened,
            "considered": route.rtms.considered,
        },
        "alerts": list(intake.alerts),
        "alerts_asked": intake.alerts_asked,
        "alerts_detected": detected_alerts(route),
        "opening": [note_text(n, lang) for n in route.opening],
        "opening_notes": notes_dicts(route.opening, lang),
        "reminders": [note_text(n, lang) for n in route.reminders],
        "reminder_notes": notes_dicts(route.reminders, lang),
        "warnings": [note_text(n, lang) for n in route.warnings],
        "warning_notes": notes_dicts(route.warnings, lang),
        "official_pages": official_to_dict(route, lang),
        "disclaimer": clinical_text.text("centre_confirms", lang),
        "language": lang,
        "date": route.created.isoformat() if route.created else None,
    }


def official_lines(route: Route, lang: str | None = None) -> tuple[str, ...]:
    """Why to look at the official lists, then one line per page (name: URL); none when not needed."""
    lookup = route.official
    if lookup is None:
        return ()
    lang = lang or get_language()
    return (
        tr(f"directory.official.{lookup.code}", lang, **lookup.params),
        *(tr("directory.official.page", lang, name=page.title(lang), url=page.url) for page in lookup.pages),
    )


def official_to_dict(route: Route, lang: str | None = None) -> dict[str, Any] | None:
    lookup = route.official
    if lookup is None:
        return None
    lang = lang or get_language()
    return {
        "code": lookup.code,
        "params": dict(lookup.params),
        "text": tr(f"directory.official.{lookup.code}", lang, **lookup.params),
        "pages": [
            {"name": p.title(lang), "names": dict(p.name), "url": p.url, "scope": p.scope, "source": p.source}
            for p in lookup.pages
        ],
    }


# --- text and Markdown -------------------------------------------------------------------------------


def _summary(route: Route, lang: str) -> tuple[str, str]:
    """The place line and the pain line shared by the text and Markdown headers."""
    intake = route.intake
    place = intake.place
    radius = tr("route.render.radius", lang, radius=num(intake.radius_km, lang))
    place_line = f"{commune_label(place)} · {radius}"
    pain = [category_label(intake.pain_category, lang)]
    if intake.months is not None:
        pain.append(tr("route.render.months", lang, months=num(intake.months, lang)))
    if intake.intensity is not None:
        pain.append(tr("route.render.intensity", lang, intensity=intake.intensity))
    if intake.is_child and intake.age is not None:
        key = "route.render.child_one" if intake.age <= 1 else "route.render.child"  # "1 an", "2 ans"
        pain.append(tr(key, lang, age=intake.age))
    return place_line, " · ".join(pain)


def _status(rc: RoutedCentre, lang: str) -> str:
    """Verification mark + "call to confirm": printed for every centre, whatever its state."""
    centre = rc.centre
    if centre.unverified or centre.last_verified is None:
        mark = tr("route.render.unverified", lang)
    elif centre.stale:
        mark = tr("route.render.stale", lang, date=centre.last_verified.isoformat())
    else:
        mark = tr("route.render.verified", lang, date=centre.last_verified.isoformat())
    return f"{mark} · {tr('route.render.call_to_confirm', lang)}"


def _centre_facts(rc: RoutedCentre, lang: str, *, rtms: bool = True) -> list[str]:
    centre = rc.centre
    km = f"{rc.distance_km:.1f}".replace(".", tr("route.render.decimal_point", lang))
    distance = tr("route.render.distance", lang, km=km)
    if not rc.within_radius:
        distance += f" ({tr('route.render.beyond', lang)})"
    facts = [centre.city, distance, contact_text(centre, lang)]
    if centre.website and contact_line(centre)[0] != "none_website":
        facts.append(centre.website)
    tags = centre_tags(centre, lang, rtms=rtms)
    if centre.gp_letter_required:
        tags.append(tr("route.render.letter_required", lang))
    lines = [" · ".join(facts)]
    if tags:
        lines.append(" · ".join(tags))
    description = centre_description(centre, lang)
    if description:
        lines.append(description)
    if centre.referral_notes:
        lines.append(centre.referral_notes.strip())
    return [*lines, _status(rc, lang)]


def centre_tags(centre: Centre, lang: str, *, rtms: bool = True) -> list[str]:
    """Short facts about a centre: its rTMS offer (routine or a research protocol, never confused), the
    population it is dedicated to, whether it takes children; "added by you" for the user's own entries."""
    tags = [tr("directory.user.added_by_you", lang)] if centre.origin == "user" else []
    if rtms and centre.offers_rtms:
        tags.append(tr("route.render.rtms_offered", lang))
    elif rtms and centre.rtms_trial:
        tags.append(tr("route.render.rtms_trial", lang))
    tags += [tr(f"route.render.dedicated.{p}", lang) for p in centre.population if p in POPULATIONS]
    if centre.paediatric:
        tags.append(tr("route.render.dedicated.children", lang))
    elif centre.takes_children:
        tags.append(tr("route.render.children", lang))
    return tags


def _wrap(line: str, indent: str) -> list[str]:
    """Wrap one line; "- " and "* " bullets keep a hanging indent; hyphenated names and URLs stay whole."""
    import textwrap  # here: JSON needs no wrapping

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


def render_text(route: Route, language: str | None = None) -> str:
    lang = language or get_language()
    by_id = {rc.centre.id: rc for rc in route.centres}
    place_line, pain_line = _summary(route, lang)
    out = [
        tr("route.render.title", lang),
        "=" * len(tr("route.render.title", lang)),
        f"{tr('route.render.place', lang)} {place_line}",
        f"{tr('route.render.pain', lang)} {pain_line}",
    ]
    for opening in opening_lines(route, lang):
        out += ["", *_wrap(f"⚠ {opening}", "")]
    for number, step in enumerate(route.steps, 1):
        out += ["", f"{number}. {step_title(step, lang)}"]
        for line in step_detail(step, lang).splitlines():
            out += _wrap(line, "   ")
        for heading, ids in _step_lists(step, lang):
            if heading:
                out += _wrap(heading, "   ")
            for cid in ids:
                rc = by_id[cid]
                out += _wrap(f"* {rc.centre.name} — {rc.centre.establishment}", "   ")
                for fact in _centre_facts(rc, lang, rtms=route.rtms.considered):
                    out += _wrap(fact, "     ")
    out += _closing(route, lang, markdown=False)
    return "\n".join(out) + "\n"


def render_markdown(route: Route, language: str | None = None) -> str:
    lang = language or get_language()
    by_id = {rc.centre.id: rc for rc in route.centres}
    place_line, pain_line = _summary(route, lang)
    out = [
        f"# {tr('route.render.title', lang)}",
        "",
        f"- **{tr('route.render.place', lang)}** {_md(place_line)}",
        f"- **{tr('route.render.pain', lang)}** {_md(pain_line)}",
    ]
    for opening in opening_lines(route, lang):
        out += ["", f"> ⚠ **{_md(opening)}**"]
    for number, step in enumerate(route.steps, 1):
        out += ["", f"## {number}. {_md(step_title(step, lang))}", ""]
        out += _md_detail(step_detail(step, lang))
        for heading, ids in _step_lists(step, lang):
            if heading:
                out += ["", _md(heading)]
            if ids:
                out.append("")
            for cid in ids:
                rc = by_id[cid]
                out.append(f"- **{_md(rc.centre.name)}** — {_md(rc.centre.establishment)}  ")
                facts = _centre_facts(rc, lang, rtms=route.rtms.considered)
                out += [f"  {_md(fact)}  " for fact in facts[:-1]] + [f"  {_md(facts[-1])}"]
    out += _closing(route, lang, markdown=True)
    return "\n".join(out) + "\n"


def detected_alerts(route: Route) -> list[str]:
    """The sign ids the description seems to mention, proposed and not confirmed (empty once asked)."""
    return [sid for n in route.opening if n.code == "warning.alerts_detected" for sid in n.params["ids"]]


def opening_lines(route: Route, language: str | None = None) -> list[str]:
    """What is read before step 1 (the urgent line and the signs; "not acute pain"), one per note."""
    return [note_text(n, language) for n in route.opening]


def _step_lists(step: RouteStep, lang: str) -> list[tuple[str, tuple[str, ...]]]:
    """The centres of a step, then its research protocols apart under their own heading (G)."""
    lists: list[tuple[str, tuple[str, ...]]] = [("", step.centres)]
    if step.trials:
        lists.append((tr("route.render.trials", lang), step.trials))
    return lists


def _closing(route: Route, lang: str, *, markdown: bool) -> list[str]:
    """Why rTMS is not a step, warnings and reminders: the same sections in text and Markdown."""
    out: list[str] = []
    for title, items in (
        (tr("route.render.no_rtms_step", lang), tuple(note_text(n, lang) for n in route.rtms.reasons)),
        (tr("route.render.warnings", lang), tuple(note_text(n, lang) for n in route.warnings)),
        (tr("directory.official.title", lang), official_lines(route, lang)),
        (tr("route.render.reminders", lang), tuple(note_text(n, lang) for n in route.reminders)),
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


@cache
def _md_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(what would start a list at the start of a line, an address): compiled for Markdown only."""
    line_start = re.compile(r"^(\s*)([-+=~]|\d+[.)])")
    # What a Markdown reader turns into a live link by itself (GFM autolinks, markdown-it's linkify): a
    # scheme with "//" (or mailto:, tel:, javascript:, data:, file:), "www.", an e-mail, a bare domain
    # ending with a common or two-letter top-level domain.
    address = re.compile(
        r"(?:\b[a-z][a-z0-9+.-]*://|\b(?:mailto|tel|javascript|data|file):|\bwww\.)[^\s]*"
        r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
        r"|\b(?:[\w-]+\.)+(?:[a-z]{2}|com|net|org|info|biz|edu|gov|pro|name|shop|museum|aero|asia|coop)"
        r"(?![\w-])(?:/[^\s]*)?",
        re.IGNORECASE,
    )
    return line_start, address


def _md(text: str) -> str:
    """Escape the characters Markdown would read as markup in a centre name or a sentence; a value on
    several lines is joined on one (it cannot leave its list item), and what would start a list, a
    heading underline or a rule at the start of a line is escaped. An address (URL, www., e-mail,
    domain) is shown as code: readable and copyable, never a live link (a centre file is hostile)."""
    line_start, address = _md_patterns()
    one_line = " ".join(text.splitlines())
    parts: list[str] = []
    done = 0
    for found in address.finditer(one_line):
        parts += [one_line[done : found.start()].translate(_MD_SPECIAL), _md_code(found.group())]
        done = found.end()
    parts.append(one_line[done:].translate(_MD_SPECIAL))
    return line_start.sub(_md_line_start, "".join(parts))


def _md_code(text: str) -> str:
    """``text`` as a Markdown code span, whatever backticks it holds."""
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_line_start(match: re.Match[str]) -> str:
    indent, marker = match.groups()
    return f"{indent}{marker[:-1]}\\{marker[-1]}"


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


# --- the referral letter -----------------------------------------------------------------------------


def render_letter(route: Route, *, centre_id: str | None = None, language: str | None = None) -> str:
    """A referral letter (courrier d'adressage) to one structure of the route.

    Structured on the HAS 2008 first-line evaluation items (annexe "Parcours du patient"). finder never
    asks for the patient's identity: the letter leaves blanks for it and for the GP's signature.
    """
    from finder.clinical.treatments import get_treatment
    from finder.route.planning import dn4_lines

    lang = language or get_language()
    rc = _letter_recipient(route, centre_id, lang)
    intake = route.intake
    when = route.created.strftime(tr("route.letter.date_format", lang)) if route.created else "___/___/______"
    out = [tr("route.letter.made_at", lang, date=when), "", tr("route.letter.sender", lang), ""]
    if rc is not None:
        centre = rc.centre
        address = " ".join(part for part in (centre.postcode, centre.city) if part)
        out += [tr("route.letter.to", lang), centre.name, centre.establishment]
        out += [line for line in (centre.street, address) if line]
        out.append(contact_text(centre, lang))
        out.append("")
    out += [
        tr("route.letter.subject", lang),
        "",
        *(line for opening in opening_lines(route, lang) for line in (f"⚠ {opening}", "")),
        tr("route.letter.greeting", lang),
        "",
        tr("route.letter.intro", lang),
        "",
    ]
    out.append(tr("route.letter.patient", lang))
    if intake.age is not None:
        out.append(tr("route.letter.age", lang, age=intake.age))

    out += ["", f"1. {tr('route.letter.reason', lang)}"]
    criteria = next(n for s in route.steps for n in s.lines if n.code in ("criteria.ticked", "criteria.none"))
    box = "[x]" if criteria.code == "criteria.ticked" else "[ ]"
    out += [f"   - {box} {text}" for text in _criteria(criteria, lang)]

    out += [
        "",
        f"2. {tr('route.letter.pain', lang)}",
        "   " + tr("route.letter.category", lang, label=category_label(intake.pain_category, lang)),
    ]
    words = intake.pain_text.strip()
    out.append(
        "   "
        + (tr("route.letter.words", lang, text=words) if words else tr("route.letter.words_blank", lang))
    )
    if intake.alerts:
        out.append(
            "   " + tr("route.letter.alerts", lang, signs=join(sign_labels(intake.alerts, lang), lang))
        )
    out.append("   " + tr("route.letter.site", lang))
    out.append(
        "   "
        + (
            tr("route.letter.duration", lang, months=num(intake.months, lang))
            if intake.months is not None
            else tr("route.letter.duration_blank", lang)
        )
    )
    out.append(
        "   "
        + (
            tr("route.letter.intensity", lang, intensity=intake.intensity)
            if intake.intensity is not None
            else tr("route.letter.intensity_blank", lang)
        )
    )
    dn4 = (
        note_text(dn4_lines(intake.dn4, intake.age)[0], lang)
        if intake.dn4
        else tr("route.letter.dn4_blank", lang)
    )
    out.append("   " + dn4)

    out += ["", f"3. {tr('route.letter.history', lang)}", "", f"4. {tr('route.letter.treatments', lang)}"]
    if intake.treatments_tried:
        items = join([get_treatment(t).label(lang) for t in intake.treatments_tried], lang)
        out.append("   " + tr("route.letter.treatments_tried", lang, items=items))
    if intake.treatments.strip() or not intake.treatments_tried:
        out.append("   " + (intake.treatments.strip() or tr("route.letter.treatments_blank", lang)))
    refractory = {True: "yes", False: "no", None: "unknown"}[intake.refractory]
    out.append("   " + tr(f"route.letter.refractory_{refractory}", lang))

    out += ["", f"5. {tr('route.letter.impact', lang)}", "", f"6. {tr('route.letter.psych', lang)}", ""]
    answered = (*route.rtms.blocked_by, *route.rtms.cautions)
    if answered:
        out.append(f"7. {tr('route.letter.screening', lang)}")
        out += [f"   - {question_text(cid, lang)}" for cid in answered]
    elif not route.rtms.considered:  # cancer pain, a child: no rTMS line in the letter (B, C)
        pass
    elif route.rtms.screened:
        out.append(f"7. {tr('route.letter.screening_none', lang)}")
    else:
        out.append(f"7. {tr('route.letter.screening_not_done', lang)}")
    if route.rtms.indicated:
        out.append(
            "   "
            + tr(
                "route.letter.rtms",
                lang,
                level=route.rtms.evidence_level,
                reference=route.rtms.reference or "",
            )
        )
    out += [
        "",
        tr("route.letter.informed", lang),
        "",
        tr("route.letter.closing", lang),
        "",
        tr("route.letter.signature", lang),
    ]
    return "\n".join(line for block in out for line in _wrap_letter(block)) + "\n"


def _letter_recipient(route: Route, centre_id: str | None, lang: str) -> RoutedCentre | None:
    """The chosen centre, else the first structure of the SDC evaluation step that a GP can reach
    (a number or its own website: :func:`finder.directory.contact.reachable`), else its first one
    (None if it has none)."""
    by_id = {rc.centre.id: rc for rc in route.centres}
    if centre_id is not None:
        if centre_id not in by_id:
            choices = ", ".join(sorted(by_id)) or "-"
            raise UsageError(tr("route.render.unknown_centre", lang, centre=centre_id, choices=choices))
        return by_id[centre_id]
    for step in route.steps:
        if step.kind == "sdc_evaluation" and step.centres:
            centres = [by_id[cid] for cid in step.centres]
            return next((rc for rc in centres if reachable(rc.centre)), centres[0])
    return None


def _wrap_letter(line: str) -> list[str]:
    """Wrap a long letter line under its own text: after "- " bullets and "1. " headings."""
    import textwrap  # here: JSON needs no wrapping

    if len(line) <= WIDTH:
        return [line]
    body = line.lstrip()
    indent = line[: len(line) - len(body)]
    hang = indent + ("  " if body.startswith("- ") else "   " if body[:1].isdigit() else "")
    return textwrap.wrap(line, WIDTH, subsequent_indent=hang, break_on_hyphens=False, break_long_words=False)
