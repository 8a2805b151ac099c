"""Distances between points given as (latitude, longitude) in degrees.

Every distance shown to a user is geodesic (``geopy.distance.geodesic``, WGS-84 ellipsoid). Ranking many
points may use the cheaper spherical ``approx_km`` first, as long as displayed kilometres come from
``geodesic_km``. geopy is imported on first use, see ``_geodesic``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cache
from math import asin, cos, radians, sin, sqrt

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG), the best single sphere for the haversine


def geodesic_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The geodesic distance in kilometres between two (lat, lon) points, for display."""
    return _geodesic()(a, b).km


@cache
def _geodesic() -> Callable:
    """``geopy.distance.geodesic``, imported without the aiohttp adapter.

    Importing any part of geopy runs its package ``__init__``, which imports every geocoder; its
    adapters module then imports aiohttp when it is installed (textual-serve brings it), about 130 ms of
    every ``finder route`` start for a distance formula. aiohttp is hidden while geopy loads, so geopy
    picks its standard-library adapter, which is all the opt-in geocoder (``finder.places.geocode``) needs.
    """
    hide = "aiohttp" not in sys.modules
    if hide:
        sys.modules["aiohttp"] = None  # type: ignore[assignment]  # makes ``import aiohttp`` fail fast
    try:
        from geopy.distance import geodesic
    finally:
        if hide:
            del sys.modules["aiohttp"]
    return geodesic


def approx_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in kilometres: within about 0.5 % of the geodesic, for prefilters."""
    phi1, phi2 = radians(lat1), radians(lat2)
    h = sin((phi2 - phi1) / 2) ** 2 + cos(phi1) * cos(phi2) * sin(radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(h)))
