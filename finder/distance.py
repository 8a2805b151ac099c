"""Distances between points given as (latitude, longitude) in degrees.

Every distance shown to a user is geodesic (``geopy.distance.geodesic``, WGS-84 ellipsoid). Ranking many
points may use the cheaper spherical ``approx_km`` first, as long as displayed kilometres come from
``geodesic_km``. geopy is imported on first use: its package import pulls its geocoders and costs about
0.2 s, which commands that show no distance should not pay.
"""

from __future__ import annotations

from math import asin, cos, radians, sin, sqrt

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG), the best single sphere for the haversine


def geodesic_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The geodesic distance in kilometres between two (lat, lon) points, for display."""
    from geopy.distance import geodesic

    return geodesic(a, b).km


def approx_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in kilometres: within about 0.5 % of the geodesic, for prefilters."""
    phi1, phi2 = radians(lat1), radians(lat2)
    h = sin((phi2 - phi1) / 2) ** 2 + cos(phi1) * cos(phi2) * sin(radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(h)))
