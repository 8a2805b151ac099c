"""The loader: typed centres from the shipped directory, flags, pain relevance, search, JSON shape."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from finder.directory.catalog import (
    centre_to_dict,
    centres_for_pain,
    default_directory,
    load_catalog,
    search_centres,
)
from finder.directory.validate import validate_paths
from finder.errors import FinderError, UsageError
from tests.route.test_render import CENTRE_KEYS

FIXTURES = Path(__file__).parents[1] / "fixtures" / "directory"
SHIPPED = sorted(default_directory().resolve().rglob("*.toml"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_shipped_entry_is_valid(path):
    problems = validate_paths([path]).problems
    assert problems == [], "\n".join(p.format() for p in problems)


def test_shipped_directory_validates_clean_as_a_whole():
    report = validate_paths([default_directory()])
    assert len(report.files) >= 60
    assert report.problems == []


def test_shipped_entries_are_unverified_and_cite_sources():
    catalog = load_catalog()
    assert len(catalog.centres) == len(SHIPPED)
    for centre in catalog.centres:
        assert centre.unverified and not centre.stale and centre.last_verified is None
        assert centre.sources and all(s.startswith(("http://", "https://")) for s in centre.sources)
        assert centre.finess is None  # the data holds only legal-entity (EJ) numbers
    rtms = [c for c in catalog.centres if c.offers_rtms]
    assert rtms and all(c.rtms.evidence for c in rtms)


def test_centre_is_typed_with_region_and_commune_point():
    centre = load_catalog().by_id("chu-saint-etienne-douleur")
    assert centre.region == "auvergne-rhone-alpes" and centre.kind == "sdc-centre"
    assert centre.insee == "42275"  # Hôpital Nord lies in Saint-Priest-en-Jarez
    assert 45.3 < centre.lat < 45.5 and 4.2 < centre.lon < 4.5
    assert centre.offers_rtms and "neuropathic_central" in centre.rtms.indications


def _copy(tmp_path: Path, text_patch: tuple[str, str] | None = None) -> Path:
    folder = tmp_path / "dir"
    shutil.copytree(FIXTURES / "valid", folder)
    if text_patch:
        path = folder / "auvergne-rhone-alpes" / "full-entry.toml"
        path.write_text(path.read_text(encoding="utf-8").replace(*text_patch), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("today", "stale"), [(date(2026, 10, 31), False), (date(2026, 11, 1), False), (date(2026, 11, 2), True)]
)
def test_stale_means_verified_more_than_twelve_months_before_today(tmp_path, today, stale):
    centre = load_catalog(_copy(tmp_path), today=today).by_id("full-entry")
    assert centre.last_verified == date(2025, 11, 1)
    assert centre.stale is stale and not centre.unverified


def test_entry_coordinates_win_over_the_commune_point(tmp_path):
    catalog = load_catalog(_copy(tmp_path), today=date(2026, 1, 15))
    assert (catalog.by_id("full-entry").lat, catalog.by_id("full-entry").lon) == (45.43, 4.39)
    roanne = catalog.by_id("minimal-entry")
    assert roanne.audience == ("adult",) and roanne.rtms is None and 45.9 < roanne.lat < 46.2


def test_invalid_file_is_skipped_and_reported(tmp_path):
    folder = _copy(tmp_path, ('kind = "sdc-centre"', 'kind = "clinic"'))
    catalog = load_catalog(folder, today=date(2026, 1, 15))
    assert [c.id for c in catalog.centres] == ["minimal-entry"]
    assert [p.code for p in catalog.problems] == ["E004"]


def test_missing_or_empty_directory_is_a_clear_error(tmp_path):
    with pytest.raises(FinderError, match="n'est pas un dossier"):
        load_catalog(tmp_path / "nowhere")
    with pytest.raises(FinderError, match="aucune fiche valide"):
        load_catalog(tmp_path)


def test_centre_json_object_has_the_contract_keys():
    centre = load_catalog().by_id("chu-nantes-douleur")
    data = centre_to_dict(centre, 12.345)
    assert list(data)[: len(CENTRE_KEYS)] == list(CENTRE_KEYS)  # the DESIGN.md contract, in order
    assert {"rtms_trial", "population", "description", "status", "origin", "contact"} <= set(data)
    assert data["distance_km"] == 12.3 and data["rtms"] is True and data["unverified"] is True
    assert data["origin"] == "shipped" and data["status"] == "active"
    assert centre_to_dict(centre)["distance_km"] is None


def test_pain_structures_serve_every_category_and_rtms_indications_come_first():
    centres = load_catalog().centres
    relevant = centres_for_pain(centres, "fibromyalgia")
    ids = [c.id for c in relevant]
    first_plain = next(
        i for i, c in enumerate(relevant) if not (c.offers_rtms and "fibromyalgia" in c.rtms.indications)
    )
    assert all(not (c.offers_rtms and "fibromyalgia" in c.rtms.indications) for c in relevant[first_plain:])
    assert "chu-montpellier-hopital-saint-eloi-douleur" in ids[:first_plain]
    # a reference centre whose indications do not name fibromyalgia is left out
    assert "ap-hp-hopital-henri-mondor-creteil-rtms" not in ids
    assert "ap-hp-hopital-henri-mondor-creteil-rtms" in [
        c.id for c in centres_for_pain(centres, "neuropathic_central")
    ]
    kinds = {c.kind for c in centres_for_pain(centres, "low_back")}
    assert kinds <= {"sdc-centre", "sdc-consultation", "sdc", "algology"}


def test_unknown_pain_category_suggests_the_close_one():
    with pytest.raises(UsageError, match="vouliez-vous dire « neuropathic_central »"):
        centres_for_pain((), "neuropatic_central")


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("st etienne", "chu-saint-etienne-douleur"),
        ("CHU Nantes", "chu-nantes-douleur"),
        ("hopital foch", "hopital-foch-suresnes-douleur"),
        ("cetd caen", "chu-caen-douleur"),
        ("henri mondor", "ap-hp-hopital-henri-mondor-creteil-rtms"),
        ("bethune", "centre-hospitalier-bethune-beuvry-douleur"),
    ],
)
def test_search_is_accent_insensitive_and_expands_abbreviations(query, expected_first):
    results = search_centres(load_catalog().centres, query)
    assert results and results[0][0].id == expected_first


def test_search_needs_every_word():
    results = search_centres(load_catalog().centres, "chu nantes")
    assert [c.id for c, _ in results] == ["chu-nantes-douleur"]
    assert search_centres(load_catalog().centres, "zzzz qqqq") == []
