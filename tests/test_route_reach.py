"""A territory whose nearest structure is across an ocean: no centre listed, the official lists
instead (route and centres --near); the threshold holds for every mainland prefecture."""

from __future__ import annotations

import json

import pytest

from finder.cli.main import main
from finder.directory.catalog import load_catalog
from finder.directory.official import prefectures
from finder.places.distance import geodesic_km
from finder.places.gazetteer import load_gazetteer
from finder.route.reach import MAX_REACH_KM

ROUTE = ["route", "--pain", "neuropathic_central", "--months", "12", "--format", "json"]
FAR = ["Nouméa", "Papeete", "98600", "Saint-Pierre (975)"]  # 98600: Uvea, Wallis-et-Futuna


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("place", FAR)
def test_a_route_from_a_territory_without_structure_lists_none_and_points_to_official_lists(capsys, place):
    code, out, err = run(capsys, *ROUTE, "--near", place)
    assert code == 0, err
    route = json.loads(out)
    assert route["centres"] == []
    assert route["official_pages"]["code"] == "out_of_reach"
    assert route["official_pages"]["pages"]
    assert route["official_pages"]["params"]["km"] > MAX_REACH_KM


@pytest.mark.parametrize("place", ["Brest", "Ajaccio", "Strasbourg", "Fort-de-France"])
def test_a_route_within_reach_still_lists_centres(capsys, place):
    code, out, _ = run(capsys, *ROUTE, "--near", place, "--radius", "5")
    route = json.loads(out)
    assert code == 0 and route["centres"]
    assert (route["official_pages"] or {}).get("code") != "out_of_reach"


@pytest.mark.parametrize("place", ["Nouméa", "Papeete"])
def test_centres_near_a_far_territory_lists_none_and_the_official_pages(capsys, place):
    code, _, err = run(capsys, "centres", "--near", place)
    assert code == 1 and "https://" in err
    code, out, _ = run(capsys, "centres", "--near", place, "--json")
    document = json.loads(out)
    assert code == 1 and document["results"] == [] and document["out_of_reach"]["pages"]


def test_every_mainland_and_corsican_prefecture_is_within_reach_of_a_structure():
    """The threshold never hides a structure from a mainland patient (the shipped directory)."""
    gazetteer = load_gazetteer()
    centres = [c for c in load_catalog().centres if c.active and c.kind.startswith("sdc")]
    for code, name, insee in prefectures():
        if code.startswith("97"):
            continue
        town = gazetteer.by_insee(insee)
        nearest = min(geodesic_km((town.lat, town.lon), (c.lat, c.lon)) for c in centres)
        assert nearest < MAX_REACH_KM / 2, (code, name, nearest)


@pytest.mark.parametrize("near", ["", "   "])
def test_an_empty_near_is_a_usage_error(capsys, near):
    code, out, err = run(capsys, "centres", "--near", near)
    assert code == 2 and out == "" and err


@pytest.mark.parametrize(("city", "country"), [("Genève", "CH"), ("Bruxelles", "BE"), ("Monaco", "MC")])
def test_directory_new_refuses_a_foreign_city_as_not_french(capsys, tmp_path, city, country):
    code, _, err = run(
        capsys,
        "--lang", "en", "directory", "new", "--no-input", "--today", "2026-01-15", "--name", "Centre",
        "--establishment", "Hôpital", "--kind", "sdc-centre", "--city", city,
        "--sources", "https://example.org/a", "--id", "x", "--directory", str(tmp_path),
    )  # fmt: skip
    assert code == 2 and "not a French commune" in err and country in err
    assert not list(tmp_path.rglob("*.toml"))
