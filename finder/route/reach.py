"""Whether the nearest structures a route found are within any patient's reach.

When no structure lies within the radius, a route lists the nearest ones "beyond the radius". For a
patient in an overseas territory without a structure in finder's directory (Nouvelle-Calédonie,
Polynésie française, Wallis-et-Futuna), the nearest one is on another continent (Saint-Denis de La
Réunion, 11,133 km from Nouméa): listing it would be absurd. Beyond ``MAX_REACH_KM``, the route says
plainly that finder has no structure for that territory and points to the official lists instead.

``MAX_REACH_KM``: mainland France spans about 1,000 km (Dunkirk-Perpignan 880 km, Brest-Strasbourg
870 km); in the shipped directory the prefecture farthest from its nearest active pain structure is
Quimper (180 km) in mainland France, Fort-de-France (183 km) overseas. Farther than 1,000 km, the
structure is across a sea or an ocean, in another territory (Mayotte to La Réunion 1,404 km, Cayenne
to the Antilles 1,603 km). Decisions only: words are in the renderers.
"""

from __future__ import annotations

from finder.directory.official import NATIONAL, pages_for
from finder.model import OfficialLookup, RoutedCentre

MAX_REACH_KM = 1_000.0
OUT_OF_REACH = "out_of_reach"  # the OfficialLookup code (directory.official.out_of_reach)


def nearest_km(centres: tuple[RoutedCentre, ...]) -> float | None:
    return min((rc.distance_km for rc in centres), default=None)


def out_of_reach(centres: tuple[RoutedCentre, ...]) -> bool:
    """Whether even the nearest of ``centres`` lies beyond ``MAX_REACH_KM`` (none: not out of reach)."""
    nearest = nearest_km(centres)
    return nearest is not None and nearest > MAX_REACH_KM


def within_reach(centres: tuple[RoutedCentre, ...]) -> tuple[RoutedCentre, ...]:
    """``centres``, or none when even the nearest is out of reach."""
    return () if out_of_reach(centres) else centres


def out_of_reach_lookup(region_name: str, km: float) -> OfficialLookup:
    """The official national lists, for a territory with no structure within reach in the directory."""
    return OfficialLookup(OUT_OF_REACH, {"region": region_name, "km": round(km)}, pages_for(NATIONAL))
