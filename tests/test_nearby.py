"""Centre selection through the grid (finder.route.nearby, finder.directory.spatial) equals the scan.

``select_by_scan`` ranks every centre: it is the definition. The grid must give the same centres, in
the same order, with the same distances, on any directory and any place: clustered centres (many at
one commune point, so ties), centres spread over the globe, places near the 180th meridian and the
poles, radii from 1 km to half the Earth.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from finder.directory.catalog import Catalog
from finder.directory.spatial import GridIndex
from finder.model import Centre, Commune, Intake, RtmsOffer
from finder.places.distance import approx_km
from finder.route import nearby, planning
from finder.route.planning import SDC_KINDS, plan_route

KINDS = (*SDC_KINDS, "algology", "neurology", "reference-centre")
CATEGORIES = ("neuropathic_central", "neuropathic_peripheral", "fibromyalgia")

latitudes = st.floats(min_value=-90, max_value=90, allow_nan=False)
longitudes = st.floats(min_value=-180, max_value=180, allow_nan=False)
offsets = st.floats(min_value=-2.0, max_value=2.0, allow_nan=False)


def commune(lat: float, lon: float) -> Commune:
    return Commune("42218", "Ici", ("42000",), "42", "Loire", "84", "Auvergne-Rhône-Alpes", lat, lon, 1000)


@st.composite
def directories(draw) -> tuple[tuple[float, float], tuple[Centre, ...]]:
    """A place and centres: some spread anywhere, most in clusters around points near the place."""
    origin = (draw(latitudes), draw(longitudes))
    points = draw(st.lists(st.tuples(latitudes, longitudes), max_size=15))
    kinds: list[str | None] = [None] * len(points)
    for _ in range(draw(st.integers(0, 6))):
        base = (origin[0] + draw(offsets), origin[1] + draw(offsets))
        spread = draw(st.sampled_from([0.0, 0.02, 0.3]))  # 0.0: every centre at one commune point
        kind = draw(st.sampled_from((None, *KINDS)))  # a cluster of one kind, or of mixed kinds
        for _ in range(draw(st.integers(1, 12))):
            kinds.append(kind)
            lat = min(90.0, max(-90.0, base[0] + draw(st.floats(-1, 1, width=16)) * spread))
            lon = ((base[1] + draw(st.floats(-1, 1, width=16)) * spread + 180.0) % 360.0) - 180.0
            points.append((lat, lon))
    # a lattice around the place: enough occupied cells for the grid to look ring by ring
    step, side = draw(st.sampled_from([0.05, 0.13, 0.5])), draw(st.integers(0, 20))
    for row in range(side):
        for column in range(side):
            lat = min(90.0, max(-90.0, origin[0] + (row - side / 2) * step))
            points.append((lat, ((origin[1] + (column - side / 2) * step + 180.0) % 360.0) - 180.0))
            kinds.append(None)
    rnd = draw(st.randoms(use_true_random=False))  # the attributes of many centres, cheaply
    centres = []
    for n, (lat, lon) in enumerate(points):
        rtms = None
        if rnd.random() < 0.25:
            indications = tuple(rnd.sample(CATEGORIES, rnd.randint(0, 2)))
            routine = rnd.random() < 0.8  # else a research protocol: listed apart, as a trial
            rtms = RtmsOffer(offered=rnd.random() < 0.7, indications=indications, routine=routine)
        centres.append(
            Centre(
                id=f"c{rnd.randint(0, 999):03d}-{n}",  # ids in no particular order
                region="test",
                path=f"test/c{n}.toml",
                name=f"Structure {n}",
                establishment="Hôpital",
                kind=kinds[n] or rnd.choice(KINDS),
                audience=rnd.choice([("adult",), ("child",), ("adult", "child")]),
                city="Ville",
                lat=lat,
                lon=lon,
                rtms=rtms,
                status=rnd.choice(("active",) * 8 + ("suspended", "closed")),  # never routed to
            )
        )
    return origin, tuple(centres)


def steps(intake: Intake):
    """The two selections a route makes, with plan_route's own rules."""
    sees = (lambda c: True) if intake.is_child else (lambda c: "adult" in c.audience)
    yield (
        lambda c: c.kind in (*SDC_KINDS, "algology") and sees(c),
        (lambda c: (not c.takes_children, c.kind == "algology"))
        if intake.is_child
        else (lambda c: (c.kind == "algology",)),
    )
    yield (
        lambda c: c.offers_rtms and sees(c),
        lambda c: (intake.pain_category not in c.rtms.indications,) if c.rtms else (True,),
    )


@settings(deadline=None)
@given(
    directory=directories(),
    radius=st.sampled_from([1.0, 5.0, 30.0, 100.0, 500.0, 3000.0, 20000.0]),
    child=st.booleans(),
    category=st.sampled_from(CATEGORIES),
    beyond=st.booleans(),
)
@example(directory=((-17.0, 179.99), ()), radius=100.0, child=False, category=CATEGORIES[0], beyond=True)
def test_the_grid_selects_what_the_scan_selects(directory, radius, child, category, beyond):
    origin, centres = directory
    catalog = Catalog(centres=centres, problems=(), path=Path("test"))
    intake = Intake(
        place=commune(*origin), pain_category=category, radius_km=radius, age=9 if child else None
    )
    for wanted, priority in steps(intake):
        by_grid = nearby.select_centres(catalog, intake, wanted=wanted, priority=priority, beyond=beyond)
        by_scan = nearby.select_by_scan(centres, intake, wanted=wanted, priority=priority, beyond=beyond)
        assert by_grid == by_scan
        if not beyond:  # only centres within the radius, never the nearest far away
            assert all(rc.within_radius for rc in by_grid)


@settings(deadline=None)
@given(
    origin=st.tuples(latitudes, longitudes),
    points=st.lists(st.tuples(latitudes, longitudes), min_size=1, max_size=60),
    near=st.lists(st.tuples(offsets, offsets), max_size=40),
)
def test_each_ring_bound_is_below_every_point_not_yet_given(origin, points, near):
    points = points + [
        (min(90.0, max(-90.0, origin[0] + dla)), ((origin[1] + dlo + 180.0) % 360.0) - 180.0)
        for dla, dlo in near
    ]
    grid = GridIndex(points)
    left = set(range(len(points)))
    for groups, bound in grid.rings(*origin):
        positions = [p for group in groups for p in group]
        assert left >= set(positions) and len(positions) == len(set(positions))  # each point once
        assert all(group == sorted(group) and len({points[p] for p in group}) == 1 for group in groups)
        left -= set(positions)
        assert all(approx_km(*origin, *points[p]) >= bound for p in left)
    assert not left  # every point given in the end


TRIAL_BESIDE_A_STRUCTURE = (
    (45.0, 4.0),
    (
        Centre(
            id="trial", region="test", path="x", name="S", establishment="H", kind="reference-centre",
            audience=("adult",), city="Ville", lat=45.0, lon=4.0,
            rtms=RtmsOffer(offered=True, indications=("neuropathic_central",), routine=False),
        ),
        Centre(
            id="sdc", region="test", path="x", name="S", establishment="H", kind="sdc-centre",
            audience=("adult",), city="Ville", lat=45.0, lon=4.0,
        ),
    ),
)  # fmt: skip


@given(
    directory=directories(),
    radius=st.sampled_from([5.0, 100.0, 3000.0]),
    age=st.sampled_from([None, 9]),
    category=st.sampled_from(CATEGORIES),
)
@example(directory=TRIAL_BESIDE_A_STRUCTURE, radius=100.0, age=None, category="neuropathic_central")
def test_a_route_through_the_grid_is_the_route_of_a_scan(directory, radius, age, category):
    # plan_route looks among the rTMS offers only for its rTMS steps: the same route as ranking them all
    origin, centres = directory
    catalog = Catalog(centres=centres, problems=(), path=Path("test"))
    intake = Intake(place=commune(*origin), pain_category=category, radius_km=radius, age=age, months=12)
    intake = dataclasses.replace(intake, refractory=True)
    by_grid = plan_route(intake, catalog, today=date(2026, 1, 15))

    def scan(_catalog, intake, **options):
        return nearby.select_by_scan(centres, intake, **options)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(planning, "select_centres", scan)
        assert plan_route(intake, catalog, today=date(2026, 1, 15)) == by_grid


def structure(cid: str, lat: float, lon: float, kind: str = "sdc-centre") -> Centre:
    return Centre(
        id=cid, region="test", path="x", name="S", establishment="H", kind=kind, audience=("adult",),
        city="Ville", lat=lat, lon=lon,
    )  # fmt: skip


def test_a_labelled_structure_further_away_comes_before_nearer_algology_consultations():
    elsewhere = [(44.0 + 0.1 * (n // 20), 2.0 + 0.1 * (n % 20)) for n in range(400)]  # cells to look in
    centres = (
        *(structure(f"a{n:02d}", 45.0, 4.0, "algology") for n in range(12)),
        structure("sdc", 45.5, 4.0),
        *(structure(f"n{n:03d}", lat, lon, "neurology") for n, (lat, lon) in enumerate(elsewhere)),
    )
    catalog = Catalog(centres=centres, problems=(), path=Path("test"))
    intake = Intake(place=commune(45.0, 4.0), pain_category=CATEGORIES[0], radius_km=100.0)
    route = plan_route(intake, catalog)
    assert route.steps[1].centres[0] == "sdc"
    assert len(route.steps[1].centres) == nearby.MAX_PER_STEP


def test_a_route_on_a_large_directory_looks_at_few_centres():
    # 20,000 centres on a 200 x 100 lattice over France: a Lyon route must not call its filter on all
    points = [(42.0 + 0.04 * (n // 200), -4.0 + 0.06 * (n % 200)) for n in range(20_000)]
    centres = tuple(structure(f"c{n:05d}", lat, lon) for n, (lat, lon) in enumerate(points))
    catalog = Catalog(centres=centres, problems=(), path=Path("test"))
    seen = []

    def wanted(centre: Centre) -> bool:
        seen.append(centre.id)
        return True

    def first(centre: Centre) -> tuple[bool, ...]:
        return (False,)

    intake = Intake(place=commune(45.76, 4.83), pain_category=CATEGORIES[0], radius_km=100.0)
    chosen = nearby.select_centres(catalog, intake, wanted=wanted, priority=first)
    assert chosen == nearby.select_by_scan(centres, intake, wanted=lambda c: True, priority=first)
    assert len(chosen) == nearby.MAX_PER_STEP and all(rc.within_radius for rc in chosen)
    assert len(seen) < 200  # a few rings of cells, not 20,000 centres
    route = plan_route(intake, catalog)
    assert [rc.centre.id for rc in route.centres] == [rc.centre.id for rc in chosen]
