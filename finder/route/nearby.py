"""Which centres a route step shows: the wanted centres near the patient, by priority then distance.

Never a closed or suspended structure (``Centre.active``). Up to ``MAX_PER_STEP`` wanted centres
within the radius, by priority then geodesic distance; when none lies within the radius, the
``MAX_FALLBACK`` nearest wanted centres, whatever their distance, so that a patient far from every
centre still gets a truthful answer.

The way there: the haversine (:func:`~finder.places.distance.approx_km`) ranks candidates cheaply, then
``geodesic_km`` gives the distance of every centre shown and decides whether it lies within the
radius. ``select_centres`` finds the candidates through the catalogue's grid
(:mod:`finder.directory.spatial`), nearest cells first, and stops once the centres it holds are
nearer than anything it has not looked at, so a route costs milliseconds at any directory size.
``select_by_scan`` ranks every centre of the directory: it is the definition the grid must agree with
(a property test compares them on random directories; the route benchmark reports both).

A priority is a tuple of booleans, ``False`` first (e.g. "is algology" puts labelled SDC first).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from math import cos, inf, radians
from typing import TYPE_CHECKING

from finder.model import Centre, Intake, RoutedCentre
from finder.places.distance import approx_km, geodesic_km

if TYPE_CHECKING:
    from finder.directory.catalog import Catalog

MAX_PER_STEP = 5  # centres shown per step
MAX_FALLBACK = 3  # nearest centres shown when none lies within the radius
# Haversine on a sphere differs from the WGS-84 geodesic by well under 0.6 %: candidates within this
# slack of the radius are measured geodesically before being kept or dropped.
_APPROX_SLACK = 1.006
_RANK_MARGIN = 5  # extra candidates measured geodesically so that near-ties are ordered exactly

Wanted = Callable[[Centre], bool]
Priority = Callable[[Centre], tuple[bool, ...]]


def select_centres(
    catalog: Catalog, intake: Intake, *, wanted: Wanted, priority: Priority, beyond: bool = True
) -> tuple[RoutedCentre, ...]:
    """The centres of one step (see the module docstring), found through the catalogue's grid.

    ``beyond=False``: only centres within the radius (none rather than the nearest far away), for a
    list that keeps only those; it spares the search of the whole directory for a rare kind.
    """
    lat, lon = intake.origin
    limit = intake.radius_km * _APPROX_SLACK
    centres = catalog.centres
    inside = _box(lat, lon, limit)
    keep = MAX_PER_STEP + _RANK_MARGIN
    # (priority, haversine km, position in the catalogue): the scan's stable sort, as a total order
    near: list[tuple[tuple[bool, ...], float, int]] = []
    for groups, bound in catalog.grid.rings(lat, lon):
        for group in groups:  # centres at one point: one distance, positions in ascending order
            km = -1.0  # measured once, when the point holds a wanted centre
            first = 0
            for position in group:
                c = centres[position]
                if c.active and wanted(c):
                    if km < 0:
                        km = approx_km(lat, lon, c.lat, c.lon) if inside(c.lat, c.lon) else inf
                    if km > limit:
                        break  # the whole point is out of reach
                    prio = priority(c)
                    near.append((prio, km, position))
                    first += _first(prio)
                    if first == keep:
                        break  # the rest of this point comes after these
        if len(near) > keep:
            near = heapq.nsmallest(keep, near)
        if bound > limit:
            break  # every centre left is beyond the radius
        if len(near) == keep:
            prio, km, _ = max(near)
            if _first(prio) and km < bound:
                break  # nothing left can rank before the centres already found
    within = _measure(intake, sorted(near), centres)
    if within or not beyond:
        return tuple(RoutedCentre(c, km, True) for _, km, c in within[:MAX_PER_STEP])

    keep = MAX_FALLBACK + _RANK_MARGIN
    ranked: list[tuple[float, int]] = []  # (haversine km, position)
    for groups, bound in catalog.grid.rings(lat, lon):
        for group in groups:
            km = -1.0
            taken = 0
            for position in group:
                c = centres[position]
                if c.active and wanted(c):
                    if km < 0:
                        km = approx_km(lat, lon, c.lat, c.lon)
                    ranked.append((km, position))
                    taken += 1
                    if taken == keep:
                        break
        if len(ranked) >= keep:
            ranked = heapq.nsmallest(keep, ranked)
            if ranked[-1][0] < bound:
                break
    return _nearest(intake, [centres[p] for _, p in sorted(ranked)])


def select_by_scan(
    centres: Iterable[Centre], intake: Intake, *, wanted: Wanted, priority: Priority, beyond: bool = True
) -> tuple[RoutedCentre, ...]:
    """The centres of one step (see the module docstring), every centre of the directory ranked."""
    lat, lon = intake.origin
    radius = intake.radius_km
    candidates = [c for c in centres if c.active and wanted(c)]
    if not candidates:
        return ()
    inside = _box(lat, lon, radius * _APPROX_SLACK)
    near = []
    for position, c in enumerate(candidates):
        if inside(c.lat, c.lon):
            km = approx_km(lat, lon, c.lat, c.lon)
            if km <= radius * _APPROX_SLACK:
                near.append((priority(c), km, position))
    near.sort()
    within = _measure(intake, near, candidates)
    if within or not beyond:
        return tuple(RoutedCentre(c, km, True) for _, km, c in within[:MAX_PER_STEP])
    ranked = sorted(((approx_km(lat, lon, c.lat, c.lon), c) for c in candidates), key=lambda item: item[0])
    return _nearest(intake, [c for _, c in ranked])


def _measure(
    intake: Intake,
    near: list[tuple[tuple[bool, ...], float, int]],
    centres: tuple[Centre, ...] | list[Centre],
) -> list[tuple[tuple[bool, ...], float, Centre]]:
    """The first candidates (sorted) measured geodesically, those within the radius, ranked."""
    origin, radius = intake.origin, intake.radius_km
    measured = []
    for prio, _, position in near[: MAX_PER_STEP + _RANK_MARGIN]:
        c = centres[position]
        measured.append((prio, geodesic_km(origin, (c.lat, c.lon)), c))
    # ties (centres placed at the same commune point) break on the id, so that routes are reproducible
    return sorted(
        ((prio, km, c) for prio, km, c in measured if km <= radius), key=lambda item: (*item[:2], item[2].id)
    )


def _nearest(intake: Intake, ranked: list[Centre]) -> tuple[RoutedCentre, ...]:
    """The MAX_FALLBACK nearest of the first haversine-ranked centres, measured geodesically."""
    origin, radius = intake.origin, intake.radius_km
    nearest = sorted(
        ((geodesic_km(origin, (c.lat, c.lon)), c) for c in ranked[: MAX_FALLBACK + _RANK_MARGIN]),
        key=lambda item: (item[0], item[1].id),
    )
    return tuple(RoutedCentre(c, km, km <= radius) for km, c in nearest[:MAX_FALLBACK])


def _first(prio: tuple[bool, ...]) -> bool:
    """True when no priority can come before ``prio``: every element is the boolean False."""
    return all(element is False for element in prio)


def _box(lat: float, lon: float, km: float) -> Callable[[float, float], bool]:
    """A cheap test that is True for every point within ``km`` of (lat, lon), and for a few more.

    A degree of latitude is at least 110.5 km; a degree of longitude at least 110.5 km times the
    cosine of the box's most polar latitude. Longitudes compare across the 180th meridian (Wallis and
    Futuna, New Caledonia).
    """
    dlat = km / 110.5
    polar = abs(lat) + dlat
    if polar >= 89.0:  # near a pole every longitude may be close: latitude alone decides
        return lambda la, lo: abs(la - lat) <= dlat
    dlon = dlat / cos(radians(polar))

    def inside(la: float, lo: float) -> bool:
        if abs(la - lat) > dlat:
            return False
        gap = abs(lo - lon) % 360.0
        return min(gap, 360.0 - gap) <= dlon

    return inside
