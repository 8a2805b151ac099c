"""Distances between points given as (latitude, longitude) in degrees.

Every distance shown to a user is geodesic on the WGS-84 ellipsoid (``geodesic_km``), computed by
geographiclib, the library geopy itself uses for ``geopy.distance.geodesic``: the same ellipsoid in
kilometres and the same call, so the figures are those geopy gives, without importing geopy (and every
geocoder it loads) on each start. geopy stays for the opt-in online geocoder (``finder.places.geocode``).
Ranking many points may use the cheaper spherical ``approx_km`` first, as long as displayed kilometres
come from ``geodesic_km``.
"""

from __future__ import annotations

from functools import cache
from math import asin, cos, radians, sin, sqrt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geographiclib.geodesic import Geodesic

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG), the best single sphere for the haversine
# WGS-84 in kilometres: semi-major axis and flattening, as geopy.distance.ELLIPSOIDS["WGS-84"] gives them
WGS84_A_KM = 6378.137
WGS84_F = 1 / 298.257223563


def geodesic_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The geodesic distance in kilometres between two (lat, lon) points, for display."""
    geod = _wgs84()
    return float(geod.Inverse(a[0], a[1], b[0], b[1], geod.DISTANCE)["s12"])


@cache
def _wgs84() -> Geodesic:
    from geographiclib.geodesic import Geodesic

    return Geodesic(WGS84_A_KM, WGS84_F)


def approx_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in kilometres: within about 0.5 % of the geodesic, for prefilters."""
    phi1, phi2 = radians(lat1), radians(lat2)
    h = sin((phi2 - phi1) / 2) ** 2 + cos(phi1) * cos(phi2) * sin(radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(h)))
