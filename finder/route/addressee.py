"""The centre a referral letter is addressed to, even when it is not among the route's nearest."""

from __future__ import annotations

import dataclasses

from finder.directory.catalog import Catalog
from finder.directory.validate import did_you_mean
from finder.errors import UsageError
from finder.i18n import tr
from finder.model import Route, RoutedCentre
from finder.places.distance import geodesic_km


def with_addressee(route: Route, catalog: Catalog, centre_id: str) -> Route:
    """``route`` with the centre ``centre_id`` among its centres (geodesic distance in km from the
    patient's point, flagged within the radius or not), so that a letter can be addressed to it.

    Raises :class:`UsageError` with a "did you mean" when no centre has that id.
    """
    if any(rc.centre.id == centre_id for rc in route.centres):
        return route
    centre = catalog.by_id(centre_id)
    if centre is None:
        ids = tuple(c.id for c in catalog.centres)
        raise UsageError(tr("route.error.centre_unknown", value=centre_id, hint=did_you_mean(centre_id, ids)))
    km = geodesic_km(route.intake.origin, (centre.lat, centre.lon))
    extra = RoutedCentre(centre, km, km <= route.intake.radius_km)
    return dataclasses.replace(route, centres=(*route.centres, extra))
