"""Issue 11: closed structures, the contact line, coverage against official counts, official pages."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from finder import i18n
from finder.cli.main import main
from finder.directory.catalog import Catalog, centre_to_dict, load_catalog
from finder.directory.contact import contact_line
from finder.directory.coverage import WELL_BELOW, coverage, official_lookup
from finder.directory.official import pages_for, region_count
from finder.model import Centre, Commune, Intake, RtmsOffer
from finder.places.gazetteer import load_gazetteer
from finder.route.planning import plan_route
from finder.route.render import render, route_to_dict
from tests.test_routing import ALL, SAINT_DENIS_REUNION, SAINT_ETIENNE, centre

ROUTE_FIXTURES = Path(__file__).parent / "fixtures" / "route_directory"
TOURS = Commune(
    "37261", "Tours", ("37000", "37100", "37200"), "37", "Indre-et-Loire", "24", "Centre-Val de Loire",
    47.3936, 0.6848, 136000,
)  # fmt: skip


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run_finder(capsys, monkeypatch):
    """``finder ARGS`` in process (``main(argv)``), in French."""
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")

    def run(*args: str) -> Ran:
        code = main(list(args))
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return run


def catalog(*centres: Centre) -> Catalog:
    return Catalog(centres=centres, problems=(), path=Path("test-directory"))


def intake(place: Commune = SAINT_ETIENNE, **fields) -> Intake:
    return Intake(place=place, pain_category="neuropathic_central", months=12, refractory=True, **fields)


# --- closed and suspended structures ------------------------------------------------------------------


@pytest.mark.parametrize("state", ["closed", "suspended"])
def test_a_closed_or_suspended_structure_is_never_routed_to_even_when_nearest(state):
    # the nearest SDC, offering rTMS for this very category, but closed: never in any step
    shut = centre(
        "cetd-ferme", 45.4350, 4.3900, rtms=RtmsOffer(True, ("M1",), ("neuropathic_central",)), status=state
    )
    route = plan_route(intake(), catalog(shut, *ALL), today=date(2026, 3, 1))
    assert route.rtms.indicated
    assert all("cetd-ferme" not in step.centres for step in route.steps)
    assert "cetd-ferme" not in {rc.centre.id for rc in route.centres}
    # alone in the directory: still never proposed, the route says none is known
    alone = plan_route(intake(), catalog(shut), today=date(2026, 3, 1))
    assert not alone.centres


def test_finder_centres_shows_a_closed_structure_only_on_request(run_finder):
    hidden = run_finder("centres", "pontarlier", "--json")
    assert json.loads(hidden.stdout)["results"] == []
    for flags in (["--all"], ["--status", "closed"]):
        shown = run_finder("centres", "pontarlier", "--json", *flags)
        (result,) = json.loads(shown.stdout)["results"]
        assert result["status"] == "closed" and result["status_source"].startswith("https://")
    text = run_finder("centres", "pontarlier", "--all").stdout
    assert "FERMÉE" in text


def test_shipped_statuses_of_the_recheck():
    shipped = load_catalog()
    pontarlier = shipped.by_id("centre-hospitalier-intercommunal-haute-comte-pontarlier-douleur")
    aurillac = shipped.by_id("centre-hospitalier-aurillac-douleur")
    assert pontarlier.status == "closed" and not pontarlier.active
    assert aurillac.active and aurillac.status_date == date(2024, 12, 16)
    research = shipped.by_id("hospices-civils-lyon-hopital-neurologique-lyon-neurologie")
    assert research.rtms_trial and not research.offers_rtms
    assert "chu-poitiers.fr/" in shipped.by_id("chu-poitiers-douleur").website
    assert "lxwhpre" not in shipped.by_id("chu-poitiers-douleur").website
    assert shipped.by_id("centre-leon-berard-lyon-douleur").population == ("cancer",)
    assert shipped.by_id("gustave-roussy-villejuif-douleur").population == ("cancer",)
    for entry in shipped.centres:
        assert not entry.phone or entry.phone_kind in ("unit", "appointments", "switchboard")
        assert entry.postcode is None or entry.postcode[:2] != "00"


# --- the contact line -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"phone": "04 77 82 83 91", "phone_kind": "unit"}, "unit"),
        ({"phone": "04 77 82 83 91", "phone_kind": "appointments"}, "appointments"),
        ({"phone": "04 77 82 83 91", "phone_kind": "switchboard"}, "switchboard"),
        ({"website": "https://chu.example.fr/douleur"}, "none_website"),
        ({"sources": ("https://example.org/source",)}, "none_source"),
        ({}, "none"),
    ],
)
def test_the_contact_line_says_what_the_number_is_or_where_to_look(fields, code):
    entry = centre("c", 45.0, 4.0, **fields)
    assert contact_line(entry)[0] == code
    data = centre_to_dict(entry)["contact"]
    assert data["code"] == code and "non publié" not in data["text"]
    if code == "switchboard":
        assert "demander la consultation douleur" in data["text"]
    if code.startswith("none"):
        assert "non renseigné dans finder" in data["text"]
        i18n.set_language("en")
        assert "not in finder" in centre_to_dict(entry)["contact"]["text"]


def test_the_source_page_of_the_contact_line_is_the_status_source_then_the_freshest():
    """An entry whose status changed points to the page of its current status (Aurillac: the
    reopening, not the older article about the suspension)."""
    old, news = "https://example.org/suspended", "https://example.org/reopened"
    entry = centre("c", 45.0, 4.0, sources=(old, news), status_source=news)
    assert contact_line(entry) == ("none_source", {"url": news})
    shipped = load_catalog(Path(__file__).parent.parent / "directory").by_id(
        "centre-hospitalier-aurillac-douleur"
    )
    assert contact_line(shipped)[1]["url"] == shipped.status_source == shipped.sources[0]
    assert "nouveau-fonctionnel" in shipped.sources[0]


# --- coverage ---------------------------------------------------------------------------------------------


def test_coverage_counts_a_fixture_directory_per_region():
    fixture = load_catalog(ROUTE_FIXTURES, today=date(2026, 11, 30))
    rows = {row.region: row for row in coverage(fixture.centres, load_gazetteer())}
    ara = rows["auvergne-rhone-alpes"]
    assert ara.by_kind == {"sdc-centre": 3, "sdc-consultation": 2, "algology": 1, "reference-centre": 1}
    assert ara.labelled == 5 and ara.official is None and not ara.well_below
    assert rows["bretagne"].by_kind == {"sdc-centre": 1}
    assert rows["ile-de-france"].by_kind == {"sdc-centre": 2}
    assert rows["centre-val-de-loire"].by_kind == {} and rows["centre-val-de-loire"].well_below
    # prefectures with no labelled structure within 100 km: all of Corsica, none around Lyon or Paris
    assert {code for code, _, _ in rows["corse"].uncovered["adult"]} == {"2A", "2B"}
    assert "69" not in {code for code, _, _ in ara.uncovered["adult"]}
    assert "69" not in {code for code, _, _ in ara.uncovered["child"]}  # the Lyon children's structure
    assert "75" not in {code for code, _, _ in rows["ile-de-france"].uncovered["adult"]}
    assert {code for code, _, _ in rows["la-reunion"].uncovered["adult"]} == {"974"}


def uncovered_codes(centres: list[Centre], region: str, audience: str) -> set[str]:
    rows = {row.region: row for row in coverage(centres, load_gazetteer())}
    return {code for code, _, _ in rows[region].uncovered[audience]}


def test_coverage_is_per_audience_and_counts_only_structures_open_to_all():
    """A children-only structure covers its prefecture for children, never for adults; a structure
    dedicated to cancer or psychiatry covers nobody's prefecture (Toulouse: CHU children only)."""
    toulouse = dict(lat=43.6047, lon=1.4442, region="occitanie")
    children = centre("chu-toulouse-enfants", audience=("child",), **toulouse)
    assert "31" in uncovered_codes([children], "occitanie", "adult")
    assert "31" not in uncovered_codes([children], "occitanie", "child")
    both = centre("toulouse-both", audience=("adult", "child"), **toulouse)
    assert "31" not in uncovered_codes([both], "occitanie", "adult") | uncovered_codes(
        [both], "occitanie", "child"
    )
    cancer = centre("toulouse-cancer", population=("cancer",), **toulouse)
    assert "31" in uncovered_codes([cancer], "occitanie", "adult")
    closed = centre("toulouse-closed", status="closed", **toulouse)
    assert "31" in uncovered_codes([closed], "occitanie", "adult")


def test_coverage_command_json_on_a_fixture_directory(run_finder):
    result = run_finder("directory", "coverage", "--json", "--directory", str(ROUTE_FIXTURES))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    regions = {row["region"]: row for row in data["regions"]}
    assert data["entries"] == 10 and data["prefecture_km"] == 100
    assert regions["centre-val-de-loire"]["official"]["labelled"] == 10
    assert regions["centre-val-de-loire"]["well_below"] is True
    corse = {(d["code"], d["audience"]) for d in regions["corse"]["uncovered_departments"]}
    assert corse == {("2A", "adult"), ("2B", "adult"), ("2A", "child"), ("2B", "child")}
    text = run_finder("directory", "coverage", "--directory", str(ROUTE_FIXTURES)).stdout
    assert "Centre-Val de Loire" in text and "décompte officiel : 10" in text
    assert "adultes : départements" in text and "enfants : départements" in text


# --- official places to look -----------------------------------------------------------------------------


def test_official_pages_are_data_with_sources():
    assert [p.scope for p in pages_for("centre-val-de-loire")] == ["centre-val-de-loire"]
    national = pages_for("bretagne")  # no ARS page in the data: the national ones
    assert {p.scope for p in national} == {"france"} and len(national) == 2
    assert all(p.url.startswith("https://") and p.source for p in national)
    assert region_count("centre-val-de-loire").labelled == 10
    assert region_count("nouvelle-aquitaine") is None  # the Limousin count covers only a part of it


def test_official_page_names_follow_the_route_language():
    """Each official page has its title in French and English; a route shows its language's."""
    from finder.directory.official import pages

    for page in pages():
        assert set(page.name) == {"fr", "en"} and page.name["fr"] != page.name["en"]
    far = plan_route(intake(SAINT_DENIS_REUNION), catalog(*ALL), today=date(2026, 3, 1))
    french, english = (" ".join(render(far, "text", language=lang).split()) for lang in ("fr", "en"))
    for page in far.official.pages:
        assert f"{page.name['fr']} : {page.url}" in french and page.name["en"] not in french
        assert page.name["en"] in english and page.name["fr"] not in english
    data = route_to_dict(far, language="en")["official_pages"]["pages"]
    assert [p["name"] for p in data] == [p.name["en"] for p in far.official.pages]


def tours_centres(count: int) -> list[Centre]:
    return [centre(f"sdc-tours-{n}", 47.39, 0.68, region="centre-val-de-loire") for n in range(count)]


def test_the_official_line_appears_exactly_when_its_conditions_hold():
    # Saint-Étienne: structures within the radius, no official count for the region: no line
    quiet = plan_route(intake(), catalog(*ALL), today=date(2026, 3, 1))
    assert quiet.official is None and route_to_dict(quiet)["official_pages"] is None
    assert "Où chercher d'autres structures" not in render(quiet, "text")
    # La Réunion with only mainland structures: none within reach (across an ocean): the national pages
    far = plan_route(intake(SAINT_DENIS_REUNION), catalog(*ALL), today=date(2026, 3, 1))
    assert far.official.code == "out_of_reach" and far.centres == ()
    assert {p.scope for p in far.official.pages} == {"france"}
    # Tours: centres within the radius but far fewer than the region's official count: the ARS page
    few = plan_route(intake(TOURS), catalog(*tours_centres(3)), today=date(2026, 3, 1))
    assert few.official.code == "below_official"
    assert few.official.params["known"] == 3 and few.official.params["official"] == 10
    data = route_to_dict(few)["official_pages"]
    assert data["code"] == "below_official" and data["pages"][0]["scope"] == "centre-val-de-loire"
    assert "https://www.centre-val-de-loire.ars.sante.fr" in render(few, "text")
    # enough of them: no line
    enough = int(WELL_BELOW * 10 + 0.999)
    full = plan_route(intake(TOURS), catalog(*tours_centres(enough)), today=date(2026, 3, 1))
    assert full.official is None
    # closed structures do not count as known
    shut = [
        centre(f"ferme-{n}", 47.39, 0.68, region="centre-val-de-loire", status="closed") for n in range(9)
    ]
    assert official_lookup(shut, "centre-val-de-loire", "Centre-Val de Loire", none_within=False) is not None


# --- structures dedicated to a population (issue 9 G, data side) ------------------------------------


def test_a_structure_dedicated_to_another_population_ranks_after_the_general_ones():
    cancer = centre("douleur-cancer", 45.4350, 4.3900, population=("cancer",))  # nearest
    psychiatry = centre("douleur-psy", 45.4360, 4.3910, population=("psychiatry",))
    general = centre("cetd-general", 45.6000, 4.5000)  # about 20 km
    route = plan_route(intake(), catalog(cancer, psychiatry, general), today=date(2026, 3, 1))
    (sdc,) = [s for s in route.steps if s.kind == "sdc_evaluation"]
    assert sdc.centres[0] == "cetd-general" and set(sdc.centres[1:]) == {"douleur-cancer", "douleur-psy"}
    # cancer pain: the cancer centre's structure is not "another population"
    cancer_pain = Intake(place=SAINT_ETIENNE, pain_category="cancer", months=12)
    route = plan_route(cancer_pain, catalog(cancer, psychiatry, general), today=date(2026, 3, 1))
    (sdc,) = [s for s in route.steps if s.kind == "sdc_evaluation"]
    assert sdc.centres[0] == "douleur-cancer" and sdc.centres[-1] == "douleur-psy"
