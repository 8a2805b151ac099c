"""The entry writer and the linter, on in-memory centres."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
import tomli

from finder.directory.toml_edit import render_entry, write_atomic
from finder.directory.tools import lint, propose_id
from finder.model import Centre, RtmsOffer

BASE = Centre(
    id="a",
    region="bretagne",
    path="directory/bretagne/a.toml",
    name="Centre d'évaluation et de traitement de la douleur",
    establishment="CHU de Rennes",
    kind="sdc-centre",
    audience=("adult",),
    city="Rennes",
    lat=48.1,
    lon=-1.7,
    insee="35238",
    phone="02 99 00 00 00",
    sources=("https://example.org",),
    last_verified=date(2025, 6, 1),
    unverified=False,
)
TODAY = date(2026, 1, 15)


def codes(centres) -> list[tuple[str, str]]:
    return [(p.path.rsplit("/", 1)[-1], p.code) for p in lint(centres, today=TODAY)]


def test_a_complete_recent_entry_has_no_warning():
    assert codes([BASE]) == []


def test_stale_unverified_no_contact_and_rtms_without_evidence():
    stale = replace(BASE, id="s", path="s.toml", last_verified=date(2024, 12, 1), insee="1")
    unverified = replace(BASE, id="u", path="u.toml", last_verified=None, insee="2")
    silent = replace(BASE, id="n", path="n.toml", phone=None, insee="3")
    bare_rtms = replace(BASE, id="r", path="r.toml", rtms=RtmsOffer(offered=True), insee="4")
    assert sorted(codes([stale, unverified, silent, bare_rtms])) == [
        ("n.toml", "L005"),
        ("r.toml", "L004"),
        ("s.toml", "L001"),
        ("u.toml", "L002"),
    ]


def test_probable_duplicates_in_one_commune_name_each_other():
    same = replace(BASE, id="b", path="directory/bretagne/b.toml", name="Consultation douleur")
    child = replace(BASE, id="c", path="directory/bretagne/c.toml", audience=("child",), name="CETD enfants")
    problems = [p for p in lint([BASE, same, child], today=TODAY) if p.code == "L003"]
    assert sorted(p.path.rsplit("/", 1)[-1] for p in problems) == ["a.toml", "b.toml"]
    assert "b.toml" in problems[0].message or "b.toml" in problems[1].message


def test_rendered_entry_parses_back_with_quotes_and_escapes():
    entry = {
        "": {
            "name": 'Centre "Nord" \\ douleur',
            "establishment": "CHU",
            "kind": "sdc",
            "audience": ["child"],
        },
        "address": {"city": "Rennes", "postcode": None},
        "rtms": {"offered": True, "indications": ["fibromyalgia"]},
        "provenance": {"sources": ["https://example.org/" + "x" * 100], "last_verified": date(2025, 1, 2)},
    }
    data = tomli.loads(render_entry(entry, header="generated"))
    assert data["name"] == 'Centre "Nord" \\ douleur' and data["audience"] == ["child"]
    assert "postcode" not in data["address"] and "contact" not in data
    assert data["provenance"]["last_verified"] == date(2025, 1, 2)


def test_a_new_entry_never_replaces_a_file(tmp_path):
    path = tmp_path / "bretagne" / "x.toml"
    write_atomic(path, "first\n", expected=None)
    with pytest.raises(FileExistsError):
        write_atomic(path, "second\n", expected=None)
    assert path.read_text(encoding="utf-8") == "first\n"
    assert [p.name for p in path.parent.iterdir()] == ["x.toml"]  # no temporary file left


def test_proposed_id_is_readable_and_unused():
    assert propose_id("CHU de Saint-Étienne", "Saint-Étienne", "sdc-centre", ["adult"], set()) == (
        "chu-saint-etienne-douleur"
    )
    taken = {"centre-hospitalier-roanne-douleur"}
    assert propose_id("Centre hospitalier de Roanne", "Roanne", "sdc", ["adult"], taken).endswith("-2")
    assert propose_id("CHU de Nancy", "Nancy", "sdc", ["child"], set()) == "chu-nancy-enfants"
