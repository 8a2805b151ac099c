"""The finished route: its steps to read, its centres to compare, the chosen centre's card, the map.

Three tabs keep it usable at 80x24 as well as at 120x40: "Steps" (the route as Markdown), "Centres"
(a keyboard-navigable table beside the selected centre's full details and sources; stacked when the
panel is narrow) and "Map" (the map beside the centres' distances and directions; stacked when
narrow). Stale and unverified entries are marked in every place a centre appears.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import DataTable, Markdown, Static, TabbedContent, TabPane

from finder.directory.catalog import centre_description
from finder.i18n import get_language, tr
from finder.model import Centre, Route, RoutedCentre
from finder.route.render import category_label, centre_tags, note_text, opening_lines, step_detail, step_title
from finder.text import neutralise
from finder.tui.france_map import CENTRE, PATIENT, RTMS_CENTRE, FranceMap, compass_direction

NARROW_BELOW = 100  # columns: under this width the side panels go under the table and the map
# no link can form without [ ], and an escaped ":" keeps a URL in a name from becoming a link
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|~:])")
_AUTOLINK = re.compile(r"https?://[^\s<>]+")
NO_DIRECTION_BELOW_KM = 1.0  # a centre placed at the commune's own point has no meaningful direction


def md_escape(text: str) -> str:
    """``text`` shown literally by a Markdown widget (names may hold * _ [ ] and the like), on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", neutralise(" ".join(text.splitlines())))


def kind_label(kind: str) -> str:
    return tr(f"route_view.kind.{kind}")


def distance_label(distance_km: float) -> str:
    """Whole kilometres beyond 10 km, one decimal below: the precision a helper reads out."""
    value = f"{distance_km:.0f}" if distance_km >= 10 else f"{distance_km:.1f}"
    return tr("route_view.distance", km=value.replace(".", tr("route.render.decimal_point")))


def direction_label(origin: tuple[float, float], item: RoutedCentre) -> str:
    """The compass direction of a centre, or nothing when it stands at the patient's commune point."""
    if item.distance_km < NO_DIRECTION_BELOW_KM:
        return ""
    return compass_direction(origin, (item.centre.lat, item.centre.lon))


def md_url(url: str) -> str:
    """A URL as a Markdown autolink (escaping would show backslashes inside it), else literal text."""
    if _AUTOLINK.fullmatch(url):
        return f"<{url}>"
    return md_escape(url)


def status_marks(item: RoutedCentre) -> list[str]:
    """The warnings attached to a centre: stale, unverified, beyond the search radius."""
    centre = item.centre
    marks = []
    if centre.unverified or centre.last_verified is None:
        marks.append(tr("route_view.mark.unverified"))
    elif centre.stale:
        marks.append(tr("route_view.mark.stale", date=centre.last_verified.isoformat()))
    if not item.within_radius:
        marks.append(tr("route_view.mark.beyond_radius"))
    return marks


def steps_markdown(route: Route) -> str:
    """The route's steps, rTMS decision, warnings and reminders, as Markdown.

    Every text comes from :mod:`finder.route.render` in the current language: switching language
    renders the same route again, it never plans it again.
    """
    by_id = {item.centre.id: item for item in route.centres}
    parts: list[str] = [f"> 🚨 **{md_escape(line)}**" for line in opening_lines(route)]
    for warning in route.warnings:
        parts.append(f"> ⚠ {md_escape(note_text(warning))}")
    for number, step in enumerate(route.steps, 1):
        parts.append(f"## {number}. {md_escape(step_title(step))}")
        parts.append(_detail_markdown(step_detail(step)))
        listed = [by_id[cid] for cid in step.centres if cid in by_id]
        if listed:
            parts.append("\n".join(f"- {_centre_line(item)}" for item in listed))
        trials = [by_id[cid] for cid in step.trials if cid in by_id]
        if trials:  # research protocols, apart from routine care (domain.md G)
            parts.append(md_escape(tr("route.render.trials")))
            parts.append("\n".join(f"- {_centre_line(item)}" for item in trials))
    if not route.rtms.indicated and route.rtms.reasons:
        parts.append(f"## {tr('route_view.rtms_not_in_route')}")
        parts.append("\n".join(f"- {md_escape(note_text(reason))}" for reason in route.rtms.reasons))
    if route.reminders:
        parts.append(f"## {tr('route_view.reminders')}")
        parts.append("\n".join(f"- {md_escape(note_text(reminder))}" for reminder in route.reminders))
    return "\n\n".join(parts) + "\n"


def _detail_markdown(detail: str) -> str:
    """A step's plain text: "- " lines stay bullets, other lines become paragraphs."""
    blocks: list[str] = []
    for line in detail.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("- "):
            bullet = f"- {md_escape(stripped[2:])}"
            if blocks and blocks[-1].startswith("- "):
                blocks[-1] += "\n" + bullet
            else:
                blocks.append(bullet)
        else:
            blocks.append(md_escape(stripped))
    return "\n\n".join(blocks)


def _centre_line(item: RoutedCentre) -> str:
    centre = item.centre
    glyph = RTMS_CENTRE if centre.offers_rtms else CENTRE
    line = f"{glyph} **{md_escape(centre.establishment)}**, {md_escape(centre.name)} — "
    line += f"{md_escape(centre.city)}, {distance_label(item.distance_km)}"
    if centre.phone:
        line += f" — {md_escape(centre.phone)}"
    marks = status_marks(item)
    if marks:
        line += f" (⚠ {md_escape(', '.join(marks))})"
    return line


def centre_markdown(item: RoutedCentre, route: Route) -> str:
    """Everything the directory knows about one centre, with its sources and how fresh it is."""
    centre = item.centre
    lines = [f"## {md_escape(centre.establishment)}", f"**{md_escape(centre.name)}**", ""]
    marks = status_marks(item)
    if marks:
        lines += [f"> ⚠ {md_escape(', '.join(marks))}. {tr('route_view.call_to_confirm')}", ""]
    fields: list[tuple[str, str | None]] = [
        ("route_view.field.kind", kind_label(centre.kind)),
        ("route_view.field.audience", ", ".join(tr(f"route_view.audience.{a}") for a in centre.audience)),
        ("route_view.field.distance", _distance_and_direction(item, route)),
        ("route_view.field.address", _address(centre)),
        ("route_view.field.phone", centre.phone),
        ("route_view.field.website", centre.website and md_url(centre.website)),
        ("route_view.field.email", centre.email),
        ("route_view.field.description", centre_description(centre)),
        ("route_view.field.tags", ", ".join(centre_tags(centre, get_language(), rtms=False))),
        ("route_view.field.rtms", _rtms_text(centre)),
        ("route_view.field.gp_letter", _yes_no(centre.gp_letter_required)),
        ("route_view.field.referral_notes", centre.referral_notes),
        ("route_view.field.finess", centre.finess),
        ("route_view.field.last_verified", _verified_text(centre)),
    ]  # maintainers' provenance notes are never shown to users (domain.md G)
    lines += [
        f"- **{tr(key)}** : {value if key == 'route_view.field.website' else md_escape(value)}"
        for key, value in fields
        if value
    ]
    steps = [step_title(step) for step in route.steps if centre.id in step.centres]
    if steps:
        lines += ["", f"**{tr('route_view.field.steps')}**", *(f"- {md_escape(title)}" for title in steps)]
    if centre.sources:
        lines += ["", f"**{tr('route_view.field.sources')}**", *(f"- {md_url(s)}" for s in centre.sources)]
    return "\n".join(lines) + "\n"


def _distance_and_direction(item: RoutedCentre, route: Route) -> str:
    direction = direction_label(route.intake.origin, item)
    if not direction:
        return distance_label(item.distance_km)
    return tr(
        "route_view.distance_from",
        distance=distance_label(item.distance_km),
        direction=direction,
        place=route.intake.place.name,
    )


def _address(centre: Centre) -> str:
    town = " ".join(part for part in (centre.postcode, centre.city) if part)
    return ", ".join(part for part in (centre.street, town) if part)


def _rtms_text(centre: Centre) -> str | None:
    if centre.rtms is None:
        return tr("route_view.rtms.unknown")
    if not centre.rtms.offered:
        return tr("route_view.rtms.not_offered")
    if not centre.rtms.routine:
        return tr("route.render.rtms_trial")
    text = tr("route_view.rtms.offered")
    if centre.rtms.targets:
        text += f" ({', '.join(centre.rtms.targets)})"
    if centre.rtms.evidence:
        text += f". {centre.rtms.evidence}"
    return text


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else tr("route_view.yes" if value else "route_view.no")


def _verified_text(centre: Centre) -> str:
    if centre.last_verified is None:
        return tr("route_view.mark.unverified")
    return centre.last_verified.isoformat()


def map_list_text(route: Route) -> Text:
    """The centres as the map shows them: glyph, distance, direction, town and name, nearest first."""
    text = Text()
    origin = route.intake.origin
    text.append(f"{PATIENT} {route.intake.place.name}\n", "bold")
    for index, item in enumerate(route.centres, 1):
        centre = item.centre
        direction = direction_label(origin, item)
        glyph = RTMS_CENTRE if centre.offers_rtms else CENTRE
        text.append(f"{index}. {glyph} ")
        text.append(f"{distance_label(item.distance_km)} {direction}".rstrip(), "bold")
        text.append(f" — {centre.city} — {centre.establishment}")
        marks = status_marks(item)
        if marks:
            text.append(f" (⚠ {', '.join(marks)})", "italic")
        text.append("\n")
    if not route.centres:
        text.append(tr("route_view.no_centres"))
    return text


class RoutePanel(Widget):
    """Shows a :class:`Route`; call :meth:`show` with each new route (a re-plan replaces everything)."""

    DEFAULT_CSS = """
    RoutePanel { height: 1fr; }
    RoutePanel #route-summary { padding: 0 1; background: $boost; color: $text; text-style: bold; }
    RoutePanel #route-alert { padding: 0 1; background: $error; color: $text; text-style: bold; }
    RoutePanel TabbedContent, RoutePanel TabPane { height: 1fr; }
    RoutePanel TabPane { padding: 0; }
    RoutePanel #route-steps-scroll { height: 1fr; padding: 0 1; }
    RoutePanel #route-centres-body, RoutePanel #route-map-body { height: 1fr; }
    RoutePanel #route-centres { width: 1fr; height: 1fr; }
    RoutePanel #route-details-scroll {
        width: 44; height: 1fr; padding: 0 1; border-left: vkey $primary 40%;
    }
    RoutePanel #route-map { width: 1fr; }
    RoutePanel #route-map-list-scroll { width: 1fr; height: 1fr; padding: 0 1; }
    RoutePanel.-narrow #route-centres-body, RoutePanel.-narrow #route-map-body { layout: vertical; }
    RoutePanel.-narrow #route-details-scroll,
    RoutePanel.-narrow #route-map, RoutePanel.-narrow #route-map-list-scroll { width: 1fr; height: 1fr; }
    RoutePanel.-narrow #route-centres { width: 1fr; height: auto; max-height: 50%; }
    RoutePanel.-narrow #route-details-scroll { border-left: none; border-top: hkey $primary 40%; }
    """

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.route: Route | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="route-alert")  # the urgent line (warning signs), above every tab
        yield Static(id="route-summary")
        with TabbedContent(id="route-tabs"):
            with (
                TabPane(tr("route_view.tab.steps"), id="route-tab-steps"),
                VerticalScroll(id="route-steps-scroll"),
            ):
                yield Markdown(id="route-steps")
            with (
                TabPane(tr("route_view.tab.centres", count=0), id="route-tab-centres"),
                Horizontal(id="route-centres-body"),
            ):
                yield DataTable(id="route-centres", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(id="route-details-scroll"):
                    yield Markdown(id="route-details")
            with TabPane(tr("route_view.tab.map"), id="route-tab-map"), Horizontal(id="route-map-body"):
                yield FranceMap(id="route-map")
                with VerticalScroll(id="route-map-list-scroll"):
                    yield Static(id="route-map-list")

    def on_mount(self) -> None:
        table = self.query_one("#route-centres", DataTable)
        # short, decisive columns first: at 80-120 columns the long establishment name comes last
        for key in ("distance", "rtms", "status", "city", "phone", "centre", "kind"):
            table.add_column(tr(f"route_view.col.{key}"), key=key)
        if self.route is not None:
            self._fill(self.route)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW_BELOW, "-narrow")

    def show(self, route: Route) -> None:
        """Display ``route``: steps, centres (in the route's order), the first centre's details, the map."""
        self.route = route
        if self.is_mounted:
            self._fill(route)

    def _fill(self, route: Route) -> None:
        banner = self.query_one("#route-alert", Static)
        opening = opening_lines(route)
        banner.update(Content("⚠ " + "\n".join(opening)) if opening else "")
        banner.display = bool(opening)
        place = route.intake.place
        self.query_one("#route-summary", Static).update(
            tr(
                "route_view.summary",
                category=category_label(route.intake.pain_category),
                place=place.name,
                department=place.department,
                radius=f"{route.intake.radius_km:.0f}",
                count=len(route.centres),
            )
        )
        self.query_one("#route-steps", Markdown).update(steps_markdown(route))
        tabs = self.query_one("#route-tabs", TabbedContent)
        tabs.get_tab("route-tab-centres").label = tr("route_view.tab.centres", count=len(route.centres))
        table = self.query_one("#route-centres", DataTable)
        table.clear()
        for item in route.centres:
            table.add_row(*self._row(item), key=item.centre.id)
        self.query_one("#route-map", FranceMap).show(route)
        self.query_one("#route-map-list", Static).update(map_list_text(route))
        self._show_details(route.centres[0] if route.centres else None)

    @staticmethod
    def _row(item: RoutedCentre) -> tuple[str | Text, ...]:
        centre = item.centre
        marks = status_marks(item)
        return (
            Text(distance_label(item.distance_km), justify="right"),
            tr("route_view.yes") if centre.offers_rtms else "—",
            Text("⚠ " + ", ".join(marks), style="bold") if marks else Text(tr("route_view.mark.verified")),
            centre.city,
            centre.phone or "—",
            centre.establishment,
            kind_label(centre.kind),
        )

    @on(DataTable.RowHighlighted, "#route-centres")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.route is None or event.row_key.value is None:
            return
        by_id = {item.centre.id: item for item in self.route.centres}
        self._show_details(by_id.get(event.row_key.value))

    def _show_details(self, item: RoutedCentre | None) -> None:
        details = self.query_one("#route-details", Markdown)
        if item is None or self.route is None:
            details.update(tr("route_view.no_centres"))
        else:
            details.update(centre_markdown(item, self.route))

    @property
    def selected_centre(self) -> Centre | None:
        """The centre under the table's cursor, if any."""
        if self.route is None or not self.route.centres:
            return None
        table = self.query_one("#route-centres", DataTable)
        row = min(table.cursor_row, len(self.route.centres) - 1)
        return self.route.centres[row].centre
