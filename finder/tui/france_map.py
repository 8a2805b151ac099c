"""A small braille map of France with the patient's town and the centres of a route.

"A helper on the phone reads a map faster than coordinates": the map answers "where, roughly, and
which is closest", nothing more. The land is a silhouette drawn from the commune points of the gazetteer
(``finder/data/france_outline.json``, rebuilt by ``france_outline.py`` beside it); distances shown to the
user come from the route (geodesic), never from this drawing. Rendering is a pure function of the route
and the widget size, so snapshots are deterministic.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.widget import Widget

from finder.i18n import tr
from finder.model import Route

OUTLINE_PATH = Path(__file__).resolve().parent.parent / "data" / "france_outline.json"

PATIENT, CENTRE, RTMS_CENTRE = "◆", "●", "▲"
# Braille dot bits, indexed [row 0-3][column 0-1] within one terminal cell (2 dots wide, 4 high).
_BRAILLE_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
_COMPASS = ("n", "ne", "e", "se", "s", "sw", "w", "nw")


@dataclass(frozen=True)
class Area:
    """One land mask: a grid of ``cell``-degree cells, row 0 to the south."""

    key: str
    south: float
    west: float
    cell: float
    cols: int
    land: tuple[int, ...]  # one bit mask per row; bit (cols - 1 - c) is column c

    @property
    def north(self) -> float:
        return self.south + len(self.land) * self.cell

    @property
    def east(self) -> float:
        return self.west + self.cols * self.cell

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east


@cache
def areas() -> dict[str, Area]:
    """The shipped land masks: ``metro`` (with Corsica) and the overseas departments 971-976."""
    with OUTLINE_PATH.open(encoding="utf-8") as handle:
        raw = json.load(handle)["areas"]
    return {
        key: Area(
            key,
            a["south"],
            a["west"],
            a["cell"],
            a["cols"],
            tuple(int(row, 16) if row else 0 for row in a["rows"]),
        )
        for key, a in raw.items()
    }


def area_for_department(department: str) -> Area | None:
    """The area that shows a department; None for the overseas collectivities the map does not cover."""
    if department.startswith(("97", "98")):
        return areas().get(department)
    return areas()["metro"]


def compass_direction(origin: tuple[float, float], target: tuple[float, float]) -> str:
    """The 8-point compass direction of ``target`` seen from ``origin`` (initial great-circle bearing)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*origin, *target))
    y = math.sin(lon2 - lon1) * math.cos(lat2)
    x = math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(lon2 - lon1)
    bearing = (math.degrees(math.atan2(y, x)) + 360) % 360
    return tr(f"route_view.compass.{_COMPASS[round(bearing / 45) % 8]}")


@dataclass(frozen=True)
class Marker:
    lat: float
    lon: float
    glyph: str


@lru_cache(maxsize=16)
def draw(area: Area, width: int, height: int, markers: tuple[Marker, ...]) -> tuple[tuple[str, ...], ...]:
    """The map as ``height`` rows of ``width`` characters; markers outside the area are left out.

    The area is fitted into the braille dot grid keeping its proportions (longitudes shrunk by the
    cosine of the mean latitude); only the land's edge is drawn, so markers stay readable. Markers later
    in the list are drawn over earlier ones.
    """
    dots_w, dots_h = width * 2, height * 4
    squeeze = math.cos(math.radians((area.south + area.north) / 2))
    span_x, span_y = (area.east - area.west) * squeeze, area.north - area.south
    scale = min(dots_w / span_x, dots_h / span_y)
    pad_x, pad_y = (dots_w - span_x * scale) / 2, (dots_h - span_y * scale) / 2

    def to_dot(lat: float, lon: float) -> tuple[float, float]:
        return (lon - area.west) * squeeze * scale + pad_x, (area.north - lat) * scale + pad_y

    # A dot is land when any mask cell under it is: OR the rows under each dot row, then test the
    # columns under each dot against that merged row.
    def cell_span(start: float, stop: float, count: int) -> tuple[int, int]:
        first = min(count - 1, max(0, math.floor(start)))
        return first, min(count - 1, max(first, math.ceil(stop) - 1))

    column_masks = []
    for x in range(dots_w):
        lon_west = area.west + (x - pad_x) / (squeeze * scale)
        c0, c1 = cell_span(
            (lon_west - area.west) / area.cell,
            (lon_west - area.west) / area.cell + 1 / (squeeze * scale * area.cell),
            area.cols,
        )
        inside = pad_x <= x + 0.5 <= dots_w - pad_x
        column_masks.append(((1 << (c1 - c0 + 1)) - 1) << (area.cols - 1 - c1) if inside else 0)
    land = []
    for y in range(dots_h):
        lat_north = area.north - (y - pad_y) / scale
        r_top = (area.north - lat_north) / area.cell
        r0, r1 = cell_span(r_top, r_top + 1 / (scale * area.cell), len(area.land))
        merged = 0
        if pad_y <= y + 0.5 <= dots_h - pad_y:
            for r in range(r0, r1 + 1):
                merged |= area.land[len(area.land) - 1 - r]
        land.append([bool(merged & mask) for mask in column_masks])

    def is_land(x: int, y: int) -> bool:
        return 0 <= x < dots_w and 0 <= y < dots_h and land[y][x]

    grid = [[0] * width for _ in range(height)]
    for y in range(dots_h):
        for x in range(dots_w):
            edge = land[y][x] and not (
                is_land(x - 1, y) and is_land(x + 1, y) and is_land(x, y - 1) and is_land(x, y + 1)
            )
            if edge:
                grid[y // 4][x // 2] |= _BRAILLE_BITS[y % 4][x % 2]
    cells = [[chr(0x2800 + bits) if bits else " " for bits in row] for row in grid]

    for marker in markers:
        if not area.contains(marker.lat, marker.lon):
            continue
        dot_x, dot_y = to_dot(marker.lat, marker.lon)
        column, row = min(width - 1, int(dot_x) // 2), min(height - 1, int(dot_y) // 4)
        cells[row][column] = marker.glyph
    return tuple(tuple(row) for row in cells)


class FranceMap(Widget):
    """The patient's town and a route's centres on a map of their area, with a legend."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "france-map--land",
        "france-map--patient",
        "france-map--centre",
        "france-map--rtms",
    }

    DEFAULT_CSS = """
    FranceMap {
        height: 1fr;
        min-height: 8;
        padding: 0 1;
        border: round $primary 40%;
        border-title-color: $text-muted;
    }
    FranceMap > .france-map--land { color: $foreground 45%; }
    FranceMap > .france-map--patient { color: $error; text-style: bold; }
    FranceMap > .france-map--centre { color: $primary; text-style: bold; }
    FranceMap > .france-map--rtms { color: $warning; text-style: bold; }
    """

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._route: Route | None = None

    def show(self, route: Route) -> None:
        self._route = route
        area = area_for_department(route.intake.place.department)
        self.border_title = tr(f"route_view.map.area.{area.key}") if area else tr("route_view.map.title")
        self.refresh()

    def render(self) -> Text:
        route = self._route
        if route is None:
            return Text(tr("route_view.map.empty"))
        place = route.intake.place
        area = area_for_department(place.department)
        if area is None:
            return Text(tr("route_view.map.not_covered", place=place.name), style="italic")
        legend = self._legend(route, area)
        width, height = self.content_size.width, self.content_size.height - len(legend)
        if width < 8 or height < 4:
            return Text(tr("route_view.map.too_small"), style="italic")
        markers = (
            *(
                Marker(item.centre.lat, item.centre.lon, RTMS_CENTRE if item.centre.offers_rtms else CENTRE)
                for item in reversed(route.centres)  # the nearest drawn last, on top
            ),
            Marker(*route.intake.origin, PATIENT),
        )
        cells = draw(area, width, height, markers)
        styles = {
            PATIENT: self.get_component_rich_style("france-map--patient"),
            CENTRE: self.get_component_rich_style("france-map--centre"),
            RTMS_CENTRE: self.get_component_rich_style("france-map--rtms"),
        }
        land_style = self.get_component_rich_style("france-map--land")
        text = Text(no_wrap=True, overflow="crop")
        for row in cells:
            for cell in row:
                text.append(cell, styles.get(cell, land_style))
            text.append("\n")
        for index, (glyph, label) in enumerate(legend):
            if glyph:
                text.append(glyph + " ", styles[glyph])
            text.append(label, "" if glyph else "italic")
            if index < len(legend) - 1:
                text.append("\n")
        return text

    @staticmethod
    def _legend(route: Route, area: Area) -> list[tuple[str, str]]:
        """(glyph, label) lines under the map: only the kinds of marker drawn, then what is off the map."""
        centres = [item.centre for item in route.centres]
        lines = [(PATIENT, tr("route_view.map.legend.patient", place=route.intake.place.name))]
        if any(not centre.offers_rtms for centre in centres):
            lines.append((CENTRE, tr("route_view.map.legend.centre")))
        if any(centre.offers_rtms for centre in centres):
            lines.append((RTMS_CENTRE, tr("route_view.map.legend.rtms")))
        outside = sum(not area.contains(centre.lat, centre.lon) for centre in centres)
        if outside:
            lines.append(("", tr("route_view.map.outside", count=outside)))
        return lines
