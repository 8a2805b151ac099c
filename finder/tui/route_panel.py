"""The finished route: its steps to read, its centres to compare, the chosen centre's card, the map.

Three tabs keep it usable at 80x24 as well as at 120x40: "Steps" (the route as Markdown), "Centres"
(a keyboard-navigable table beside the selected centre's full details and sources; stacked when the
panel is narrow) and "Map" (the map beside the centres' distances and directions; stacked when
narrow). Stale and unverified entries are marked in every place a centre appears.
"""

from __future__ import annotations

import re
from typing import ClassVar

from rich.cells import cell_len
from rich.markdown import Markdown as RichMarkdown
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from finder.directory.catalog import centre_description
from finder.directory.contact import contact_text
from finder.i18n import get_language, tr
from finder.model import Centre, Route, RoutedCentre
from finder.route.render import category_label, centre_tags, note_text, opening_lines, step_detail, step_title
from finder.text import neutralise
from finder.tui.france_map import CENTRE, PATIENT, RTMS_CENTRE, FranceMap, compass_direction

# Columns: under this width the centre's card goes under the table (beside it, the table would keep
# too few columns for the names).
NARROW_BELOW = 120
# The smallest terminal where the braille map can be read (side by side with the list); below it the
# Map tab shows the list of centres with distances, and says how to get the map.
MAP_MIN_SIZE = (100, 30)
TAB_KEYS = (("1", "steps"), ("2", "centres"), ("3", "map"))  # keys that open the route's tabs
WIDE_COLUMNS = ("distance", "rtms", "status", "city", "phone", "centre", "kind")
COMPACT_COLUMNS = ("distance", "rtms", "status", "centre")
DETAILS_WIDTH = 44  # the centre's card beside the table (CSS below)
MIN_NAME_WIDTH = 16
_TAB_FOCUS = {"steps": "#route-steps-scroll", "centres": "#route-centres", "map": "#route-map-list-scroll"}
# no link can form without [ ], and an escaped ":" keeps a URL in a name from becoming a link
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|~]|:(?=//)|(?<=mailto):)", re.IGNORECASE)
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
    elif centre.stale and centre.last_verified is not None:
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
        if trials:  # research protocols, apart from routine care (rule G: research is not care)
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
    line += f" — {md_escape(contact_text(centre))}"
    if centre.origin == "user":
        line += f" — {md_escape(tr('directory.user.added_by_you'))}"
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
        ("directory.field.origin", tr("directory.user.added_by_you") if centre.origin == "user" else None),
        ("route_view.field.phone", contact_text(centre)),
        ("route_view.field.website", centre.website and md_url(centre.website)),
        ("route_view.field.email", centre.email),
        ("route_view.field.description", centre_description(centre)),
        ("route_view.field.tags", ", ".join(centre_tags(centre, get_language(), rtms=False))),
        ("route_view.field.rtms", _rtms_text(centre)),
        ("route_view.field.gp_letter", _yes_no(centre.gp_letter_required)),
        ("route_view.field.referral_notes", centre.referral_notes),
        ("route_view.field.finess", centre.finess),
        ("route_view.field.last_verified", _verified_text(centre)),
    ]  # maintainers' provenance notes are never shown to users
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
    """The localized offer only: ``rtms.evidence`` is a maintainer's justification (often an English
    citation), never shown to users."""
    if centre.rtms is None:
        return tr("route_view.rtms.unknown")
    if not centre.rtms.offered:
        return tr("route_view.rtms.not_offered")
    if not centre.rtms.routine:
        return tr("route.render.rtms_trial")
    text = tr("route_view.rtms.offered")
    if centre.rtms.targets:
        text += f" ({', '.join(centre.rtms.targets)})"
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


def tab_label(tab: str, label: str) -> str:
    """A tab's label with the key that opens it: "1 Parcours"."""
    return f"{dict((t, k) for k, t in TAB_KEYS)[tab]} {label}"


class MarkdownText(Static):
    """Markdown drawn as one widget (Rich's renderer): much lighter than Textual's ``Markdown``, which
    mounts a widget per block, so a route shows at once. ``source`` is the Markdown last shown."""

    DEFAULT_CSS = "MarkdownText { height: auto; }"

    source = ""

    def update_markdown(self, source: str) -> None:
        self.source = source
        self.update(RichMarkdown(source, hyperlinks=False))


class RoutePanel(Widget):
    """Shows a :class:`Route`; call :meth:`show` with each new route (a re-plan replaces everything).

    Keys 1, 2 and 3 open the tabs (their labels carry the key) and put the focus in them, so that the
    arrows, Page Up/Down and Home scroll what is shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(key, f"show_tab('{tab}')", show=False) for key, tab in TAB_KEYS
    ]

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
        width: 44; height: 1fr; padding: 0 1; border-left: vkey $primary 40%;  /* DETAILS_WIDTH */
    }
    RoutePanel #route-map { width: 1fr; }
    RoutePanel #route-map-list-scroll { width: 1fr; height: 1fr; padding: 0 1; }
    RoutePanel.-narrow #route-centres-body { layout: vertical; }
    RoutePanel.-narrow #route-details-scroll { width: 1fr; height: 1fr; }
    /* the map, when shown (100 columns or more), always stands beside the list */
    RoutePanel.-no-map #route-map-list-scroll { width: 1fr; height: 1fr; }
    RoutePanel.-narrow #route-centres { width: 1fr; height: auto; max-height: 50%; }
    RoutePanel.-narrow #route-details-scroll { border-left: none; border-top: hkey $primary 40%; }
    RoutePanel #route-map-hint { display: none; padding: 0 1; color: $text-muted; text-style: italic; }
    RoutePanel.-no-map #route-map { display: none; }
    RoutePanel.-no-map #route-map-hint { display: block; }
    """

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.route: Route | None = None
        self._table_for_width: int | None = None  # the panel width the centres table was laid out for

    def compose(self) -> ComposeResult:
        yield Static(id="route-alert")  # the urgent line (warning signs), above every tab
        yield Static(id="route-summary")
        with TabbedContent(id="route-tabs"):
            with (
                TabPane(tab_label("steps", tr("route_view.tab.steps")), id="route-tab-steps"),
                VerticalScroll(id="route-steps-scroll"),
            ):
                yield MarkdownText(id="route-steps")
            with (
                TabPane(tab_label("centres", tr("route_view.tab.centres", count=0)), id="route-tab-centres"),
                Horizontal(id="route-centres-body"),
            ):
                yield DataTable(id="route-centres", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(id="route-details-scroll"):
                    yield MarkdownText(id="route-details")
            with TabPane(tab_label("map", tr("route_view.tab.map")), id="route-tab-map"):
                yield Static(
                    tr("route_view.map.enlarge", columns=MAP_MIN_SIZE[0], rows=MAP_MIN_SIZE[1]),
                    id="route-map-hint",
                )
                with Horizontal(id="route-map-body"):
                    yield FranceMap(id="route-map")
                    with VerticalScroll(id="route-map-list-scroll"):
                        yield Static(id="route-map-list")

    def on_mount(self) -> None:
        if self.route is not None:
            self._fill(self.route)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW_BELOW, "-narrow")
        terminal = self.app.size
        self.set_class(terminal.width < MAP_MIN_SIZE[0] or terminal.height < MAP_MIN_SIZE[1], "-no-map")
        if self.route is not None and event.size.width != self._table_for_width:
            self._table_for_width = event.size.width
            self._fill_table(self.route)  # the names wrap in the width left to them

    @property
    def map_shown(self) -> bool:
        """False when the terminal is too small for a readable map: the list of centres replaces it."""
        return not self.has_class("-no-map")

    def action_show_tab(self, tab: str) -> None:
        """Open ``tab`` ("steps", "centres", "map") and focus what it shows."""
        self.query_one("#route-tabs", TabbedContent).active = f"route-tab-{tab}"
        self.query_one(_TAB_FOCUS[tab]).focus()

    def focus_steps(self) -> None:
        """The route as it appears: its steps from the top, focused so that the keys scroll them."""
        self.action_show_tab("steps")
        self.query_one("#route-steps-scroll", VerticalScroll).scroll_home(animate=False)

    @staticmethod
    def help_keys() -> list[tuple[str, str]]:
        """(key, what it does) of the tab keys, for F1."""
        labels = {
            "steps": tr("route_view.tab.steps"),
            "centres": tr("route_view.tab.centres_plain"),
            "map": tr("route_view.tab.map"),
        }
        return [(key, tr("route_view.tab_key", tab=labels[tab])) for key, tab in TAB_KEYS]

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
        self.query_one("#route-steps", MarkdownText).update_markdown(steps_markdown(route))
        tabs = self.query_one("#route-tabs", TabbedContent)
        tabs.get_tab("route-tab-centres").label = tab_label(
            "centres", tr("route_view.tab.centres", count=len(route.centres))
        )
        self._fill_table(route)
        self.query_one("#route-map", FranceMap).show(route)
        self.query_one("#route-map-list", Static).update(map_list_text(route))
        self._show_details(route.centres[0] if route.centres else None)

    def _fill_table(self, route: Route) -> None:
        """The centres table. When every column fits: short, decisive columns first, the long
        establishment name last. Otherwise (80 columns, or 100 beside the card): distance, rTMS and
        status, then the establishment and its town wrapped in the width left, never cut; the phone
        and the kind are in the centre's card."""
        table = self.query_one("#route-centres", DataTable)
        cursor = table.cursor_row
        rows = [self._cells(item) for item in route.centres]

        def width(key: str) -> int:  # a column's width with its cell padding
            cells = (cell_len(str(row[key])) for row in rows)
            return max(cell_len(tr(f"route_view.col.{key}")), *cells, 1) + 2

        available = self.size.width - (0 if self.has_class("-narrow") else DETAILS_WIDTH + 1) - 2
        compact = bool(rows) and sum(width(key) for key in WIDE_COLUMNS) > available
        keys = COMPACT_COLUMNS if compact else WIDE_COLUMNS
        table.clear(columns=True)
        name_width = max(MIN_NAME_WIDTH, available - sum(width(key) for key in keys[:-1]) - 2)
        for key in keys:  # explicit widths: a table rebuilt on resize keeps its header in line
            column_width = name_width if compact and key == "centre" else width(key) - 2
            table.add_column(tr(f"route_view.col.{key}"), key=key, width=column_width)
        for item, row in zip(route.centres, rows, strict=True):
            cells = [row[key] for key in keys]
            if compact:
                cells[-1] = Text.assemble(item.centre.establishment, ("\n" + item.centre.city, "dim"))
            table.add_row(*cells, key=item.centre.id, height=None if compact else 1)
        if route.centres:
            table.move_cursor(row=min(cursor, len(route.centres) - 1))

    @staticmethod
    def _cells(item: RoutedCentre) -> dict[str, str | Text]:
        centre = item.centre
        marks = status_marks(item)
        return {
            "distance": Text(distance_label(item.distance_km), justify="right"),
            "rtms": tr("route_view.yes") if centre.offers_rtms else "—",
            "status": Text("⚠ " + ", ".join(marks), style="bold")
            if marks
            else Text(tr("route_view.mark.verified")),
            "city": centre.city,
            "phone": f"{centre.phone} ({tr('directory.phone_kind_short.' + centre.phone_kind)})"
            if centre.phone and centre.phone_kind
            else "—",
            "centre": centre.establishment,
            "kind": kind_label(centre.kind),
        }

    @on(DataTable.RowHighlighted, "#route-centres")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.route is None or event.row_key.value is None:
            return
        by_id = {item.centre.id: item for item in self.route.centres}
        self._show_details(by_id.get(event.row_key.value))

    def _show_details(self, item: RoutedCentre | None) -> None:
        details = self.query_one("#route-details", MarkdownText)
        if item is None or self.route is None:
            details.update_markdown(tr("route_view.no_centres"))
        else:
            details.update_markdown(centre_markdown(item, self.route))

    @property
    def selected_centre(self) -> Centre | None:
        """The centre under the table's cursor, if any."""
        if self.route is None or not self.route.centres:
            return None
        table = self.query_one("#route-centres", DataTable)
        row = min(table.cursor_row, len(self.route.centres) - 1)
        return self.route.centres[row].centre
