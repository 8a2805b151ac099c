"""A grid over the centres' points, visited ring by ring around a place: nearest first, without a scan.

The grid cuts latitude and longitude into cells of ``CELL_DEGREES``; each occupied cell keeps the
positions (in the catalogue's order) of the points it holds, grouped by exact point.
``GridIndex.rings`` yields, around a point, the groups of ring 0 (the point's own cell), then ring 1
(the eight cells around it), and so on, each with a lower bound of the haversine distance
(:func:`finder.places.distance.approx_km`) of every point not yet yielded. A caller looking for the
nearest points stops as soon as what it has found is nearer than that bound: the points it never saw
could not have changed its answer.

The bound of ring ``r`` holds on the sphere the haversine uses: a point outside the rings' latitude
band is at least its latitude gap away (a great circle is never shorter than the difference of
latitudes), and a point inside the band but outside the rings' longitudes is at least the great circle
that the smallest longitude gap makes at the band's most polar latitude. Longitudes wrap across the
180th meridian (Wallis and Futuna, New Caledonia). When a ring would hold more cells than the grid
has occupied ones, the rest of the grid is yielded at once, so a far-away query costs a scan at most.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from math import asin, cos, floor, inf, radians, sin, sqrt

from finder.places.distance import EARTH_RADIUS_KM

CELL_DEGREES = 0.1  # about 11 km by 8 km in mainland France
_COLUMNS = round(360 / CELL_DEGREES)
# The bound is lowered by this much (in km) to absorb floating-point rounding at cell edges.
_ROUNDING_KM = 1e-6


Group = list[int]  # the positions of the points at one exact (lat, lon), in ascending order


class GridIndex:
    """Positions of (lat, lon) points by grid cell, grouped by exact point; see the module docstring."""

    def __init__(self, points: Sequence[tuple[float, float]]) -> None:
        cells: dict[tuple[int, int], dict[tuple[float, float], Group]] = {}
        for position, (lat, lon) in enumerate(points):
            cells.setdefault(_cell(lat, lon), {}).setdefault((lat, lon), []).append(position)
        self._cells = {cell: list(groups.values()) for cell, groups in cells.items()}
        self.size = len(points)

    def rings(self, lat: float, lon: float) -> Iterator[tuple[list[Group], float]]:
        """(groups of one ring, lower bound in km of every point not yet yielded), nearest first.

        A group holds the positions of the points at one exact place, in ascending order (many
        centres share their commune's point): a caller may stop within a group once it has what it
        needs of that place. Groups come cell by cell, not in order. The last ring's bound is ``inf``:
        every position has been yielded. Looking up more cells than the grid holds would cost more
        than a scan: from there on, the rest of the grid comes at once.
        """
        row, column = _cell(lat, lon)
        offset = lon - floor(lon / CELL_DEGREES) * CELL_DEGREES  # where lon lies within its cell
        cells = self._cells
        looked_up = 0
        radius = 0
        while True:
            ring_size = 8 * radius if radius else 1
            if radius and looked_up + ring_size > len(cells):
                yield self._beyond(row, column, radius), inf
                return
            looked_up += ring_size
            groups: list[Group] = []
            for cell in _ring(row, column, radius):
                found = cells.get(cell)
                if found:
                    groups += found
            bound = _lower_bound(lat, offset, row, radius)
            yield groups, bound
            if bound == inf:
                return
            radius += 1

    def _beyond(self, row: int, column: int, radius: int) -> list[Group]:
        """Every group outside rings 0 to ``radius - 1``."""
        inner = radius - 1
        groups: list[Group] = []
        for (r, c), found in self._cells.items():
            if abs(r - row) > inner or _column_gap(c, column) > inner:
                groups += found
        return groups


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return floor(lat / CELL_DEGREES), floor(lon / CELL_DEGREES) % _COLUMNS


def _column_gap(a: int, b: int) -> int:
    gap = abs(a - b) % _COLUMNS
    return min(gap, _COLUMNS - gap)


def _ring(row: int, column: int, radius: int) -> Iterator[tuple[int, int]]:
    """The cells at Chebyshev distance ``radius`` from (row, column), columns wrapped, each once."""
    if radius == 0:
        yield row, column
        return
    columns = dict.fromkeys((column + dc) % _COLUMNS for dc in range(-radius, radius + 1))
    for c in columns:
        yield row - radius, c
        yield row + radius, c
    if radius > _COLUMNS // 2:  # no column is that far once longitudes wrap
        return
    sides = dict.fromkeys(((column - radius) % _COLUMNS, (column + radius) % _COLUMNS))
    for dr in range(-radius + 1, radius):
        for c in sides:
            yield row + dr, c


def _lower_bound(lat: float, offset: float, row: int, radius: int) -> float:
    """The least haversine distance from a point at ``lat`` (``offset`` degrees east of its cell's
    western edge) to any point outside rings 0 to ``radius``."""
    south = (row - radius) * CELL_DEGREES
    north = (row + radius + 1) * CELL_DEGREES
    bound = inf
    if south > -90.0:  # a point south of the rings' band
        bound = min(bound, EARTH_RADIUS_KM * radians(lat - south))
    if north <= 90.0:  # a point north of it
        bound = min(bound, EARTH_RADIUS_KM * radians(north - lat))
    if 2 * radius + 1 < _COLUMNS:  # a point within the band, east or west of the rings
        gap = radius * CELL_DEGREES + min(offset, CELL_DEGREES - offset)
        polar = min(90.0, max(abs(south), abs(north)))
        h = cos(radians(lat)) * cos(radians(polar)) * sin(radians(gap) / 2) ** 2
        bound = min(bound, 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(max(0.0, h)))))
    if bound == inf:
        return inf
    return max(0.0, bound * (1 - 1e-12) - _ROUNDING_KM)
