"""What the directory knows, region by region, against the official counts.

:func:`coverage` gives, per region: the active entries by kind, the closed or suspended ones, the
official count of labelled structures where the data has one, and, for adults and for children
apart (:data:`COVERAGE_AUDIENCES`), the departments whose prefecture has no active labelled structure
(SDC) within :data:`PREFECTURE_KM` in the directory that takes patients of that age and is open to all
of them (a structure dedicated to one population, cancer or psychiatry, does not cover a department).
:func:`official_lookup` decides when a route should name the official places to look: no suitable
structure within the radius, or a region whose entries are well below its official count
(:data:`WELL_BELOW`). Decisions only: words are in the renderers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from finder.directory.files import region_slug
from finder.directory.official import OfficialCount, pages_for, prefectures, region_count
from finder.model import Centre, OfficialLookup

if TYPE_CHECKING:
    from finder.places.lookup import PlaceLookup

LABELLED_KINDS = ("sdc-centre", "sdc-consultation", "sdc")  # labelled pain structures (SDC)
PREFECTURE_KM = 100.0
COVERAGE_AUDIENCES = ("adult", "child")
WELL_BELOW = 0.75  # fewer labelled entries than 75 % of the official count: "well below"


class RegionCoverage(NamedTuple):
    """What the directory holds in one region, against its official count and its prefectures."""

    region: str  # slug
    name: str
    by_kind: dict[str, int]  # active entries per kind
    inactive: int  # closed or suspended entries
    official: OfficialCount | None
    # per audience ("adult", "child"): (department code, name, nearest SDC km) of the prefectures with
    # no structure for that audience within PREFECTURE_KM
    uncovered: dict[str, tuple[tuple[str, str, float | None], ...]]

    @property
    def labelled(self) -> int:
        """Active labelled structures of the directory, counted as the official count counts them."""
        kinds = ("sdc-centre",) if self.official and self.official.kinds == "centres" else LABELLED_KINDS
        return sum(self.by_kind.get(kind, 0) for kind in kinds)

    @property
    def well_below(self) -> bool:
        return self.official is not None and self.labelled < WELL_BELOW * self.official.labelled


def coverage(centres: Iterable[Centre], gazetteer: PlaceLookup) -> tuple[RegionCoverage, ...]:
    """One row per region (every region with a department, entries or not), sorted by name."""
    from finder.places.distance import geodesic_km

    centres = list(centres)
    labelled = [c for c in centres if c.active and c.kind in LABELLED_KINDS and not c.population]
    serving = {audience: [c for c in labelled if audience in c.audience] for audience in COVERAGE_AUDIENCES}
    regions: dict[str, str] = {}
    uncovered: dict[str, dict[str, list[tuple[str, str, float | None]]]] = {}
    for code, name, insee in prefectures():
        town = gazetteer.by_insee(insee)
        if town is None:
            continue
        slug = region_slug(town.region_name)
        regions[slug] = town.region_name
        lists = uncovered.setdefault(slug, {audience: [] for audience in COVERAGE_AUDIENCES})
        for audience, near in serving.items():
            nearest = min((geodesic_km((town.lat, town.lon), (c.lat, c.lon)) for c in near), default=None)
            if nearest is None or nearest > PREFECTURE_KM:
                lists[audience].append((code, name, round(nearest, 1) if nearest is not None else None))
    rows = []
    for slug, name in regions.items():
        mine = [c for c in centres if c.region == slug]
        by_kind: dict[str, int] = {}
        for centre in mine:
            if centre.active:
                by_kind[centre.kind] = by_kind.get(centre.kind, 0) + 1
        rows.append(
            RegionCoverage(
                region=slug,
                name=name,
                by_kind=by_kind,
                inactive=sum(1 for c in mine if not c.active),
                official=region_count(slug),
                uncovered={audience: tuple(found) for audience, found in uncovered[slug].items()},
            )
        )
    return tuple(sorted(rows, key=lambda row: row.region))


def official_lookup(
    centres: Iterable[Centre], region: str, region_name: str, *, none_within: bool
) -> OfficialLookup | None:
    """The official places to look for a route in ``region``, or None when the directory suffices."""
    if none_within:
        return OfficialLookup("none_within", {"region": region_name}, pages_for(region))
    official = region_count(region)
    if official is None:
        return None
    kinds = ("sdc-centre",) if official.kinds == "centres" else LABELLED_KINDS
    known = sum(1 for c in centres if c.region == region and c.active and c.kind in kinds)
    if known >= WELL_BELOW * official.labelled:
        return None
    params: dict[str, object] = {
        "region": region_name,
        "known": known,
        "official": official.labelled,
        "year": official.year,
    }
    return OfficialLookup("below_official", params, pages_for(region))
