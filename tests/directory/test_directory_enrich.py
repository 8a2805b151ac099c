"""``finder directory enrich``: the FINESS extract reader, the matching, the review table and --apply."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import tomli

from finder.cli.main import main
from finder.directory import enrich
from finder.directory.finess import ExtractError, insee_code, projection, read_extract
from finder.directory.schema import FINESS_FIELDS

pytest.importorskip("pyproj")

FIXTURES = Path(__file__).parents[1] / "fixtures" / "finess"
EXTRACT = FIXTURES / "etalab-cs1100507-stock-20261115-0400.csv"
# Copies of shipped entries as they were before enrichment (so the tests do not follow later edits)
ENTRIES_DIR = FIXTURES / "directory"
TODAY = "2026-11-30"
# the entries the tests copy: matched by legal entity, ambiguous, by name, elsewhere, overseas
ENTRIES = (
    "bourgogne-franche-comte/chu-dijon-bourgogne-douleur.toml",
    "auvergne-rhone-alpes/chu-clermont-ferrand-douleur.toml",
    "auvergne-rhone-alpes/hospices-civils-lyon-hopital-neurologique-lyon-neurologie.toml",
    "hauts-de-france/centre-hospitalier-lens-douleur.toml",
    "grand-est/chu-nancy-hopital-enfants-enfants.toml",
    "la-reunion/chu-reunion-chu-nord-saint-denis-douleur.toml",
    "ile-de-france/ap-hp-hopital-rothschild-paris-douleur.toml",
    "ile-de-france/ap-hp-hopital-henri-mondor-creteil-rtms.toml",
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for relative in ENTRIES:
        target = tmp_path / "directory" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ENTRIES_DIR / relative, target)
    return tmp_path / "directory"


def run(folder: Path, *args: str, extract: Path = EXTRACT) -> int:
    return main(["--lang", "en", "directory", "enrich", "--directory", str(folder), "--finess", str(extract),
                 "--today", TODAY, *args])  # fmt: skip


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.toml"))}


def entry(folder: Path, relative: str) -> dict:
    return tomli.loads((folder / relative).read_text(encoding="utf-8"))


# --- the reader -------------------------------------------------------------------------------------


def test_reads_the_published_format_and_keeps_only_what_is_asked():
    extract = read_extract(EXTRACT, lambda site: site.legal == "210780581")
    assert extract.extract_date == date(2026, 11, 15) and extract.encoding == "windows-1252"
    assert list(extract.sites) == ["210999011"]
    dijon = extract.sites["210999011"]
    assert (dijon.insee, dijon.routing_line, dijon.phone) == ("21231", "21000 DIJON", "0380293031")
    assert extract.positions["210999011"].epsg == 2154


def test_utf8_and_latin1_copies_read_the_same(tmp_path: Path):
    utf8 = tmp_path / "utf8.csv"
    utf8.write_bytes(EXTRACT.read_bytes().decode("cp1252").encode("utf-8"))
    latin, unicode = (read_extract(p, lambda s: True) for p in (EXTRACT, utf8))
    assert unicode.encoding == "utf-8" and latin.sites == unicode.sites
    assert latin.sites["010000024"].category.startswith("Centre Hospitalier")


def test_overseas_codes_and_projections():
    assert insee_code("9D", "411") == "97411" and insee_code("2A", "004") == "2A004"
    assert insee_code("9J", "613") == "98613" and insee_code("01", "451") == "01451"
    assert projection("1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93") == 2154
    assert projection("1,ATLASANTE,96,BAN,EPSG:5490 RGAF09/UTM Zone 20N (Antilles)") == 5490
    assert projection("1,ATLASANTE,100,IGN,BD_ADRESSE,V2.1,UTM_S40") == 2975
    assert projection("EPSG:3857 Web Mercator") is None


def damaged(tmp_path: Path, transform) -> Path:
    lines = EXTRACT.read_bytes().split(b"\r\n")
    path = tmp_path / "etalab-cs1100507-stock-damaged.csv"
    path.write_bytes(b"\r\n".join(transform(lines)))
    return path


@pytest.mark.parametrize(
    ("transform", "problem", "line"),
    [
        (lambda lines: [b"name;city", *lines[1:]], "first_line", 1),
        (lambda lines: [*lines[:5], lines[5][:60], *lines[6:]], "truncated", 6),
        (lambda lines: [*lines[:8], lines[3], *lines[8:]], "duplicate", 9),
        (lambda lines: [*lines[:4], b"autre;1;2", *lines[4:]], "section", 5),
        (lambda lines: [*lines[:3], lines[3].replace(b"630999012", b"63099901X"), *lines[4:]], "number", 4),
        (lambda lines: [b"\xff\xfe", *lines], "encoding", 1),
        (
            lambda lines: [*lines[:4], lines[4].decode("cp1252").encode(), *lines[5:]],
            "mixed",
            5,
        ),  # UTF-8 in Latin-1
        (lambda lines: [line.decode("cp1252").encode() for line in lines[:9]] + lines[9:], "mixed", 10),
        (lambda lines: [*lines[:6], lines[6].replace(b";CHU", b';"CHU', 1)], "quotes", 7),
        (
            lambda lines: [*lines[:-3], lines[-3].replace(b"686481.1", b"68x481.1"), *lines[-2:]],
            "coordinates",
            66,
        ),
    ],
)
def test_a_damaged_extract_is_refused_with_its_line(tmp_path, transform, problem, line):
    with pytest.raises(ExtractError) as caught:
        read_extract(damaged(tmp_path, transform), lambda s: True)
    assert (caught.value.problem, caught.value.line) == (problem, line)
    assert f", line {line}:" in str(caught.value) or f", ligne {line} :" in str(caught.value)


def test_a_damaged_extract_writes_nothing(tmp_path, folder, capsys):
    before = snapshot(folder)
    bad = damaged(tmp_path, lambda lines: [*lines[:5], lines[5][:60], *lines[6:]])
    assert run(folder, "--apply", extract=bad) == 1
    assert "line 6" in capsys.readouterr().err
    assert snapshot(folder) == before


# --- matching and the review table --------------------------------------------------------------------


def plans(folder: Path, picks: dict[str, str] | None = None, force: set[str] | None = None):
    from finder.directory.validate import validate_paths
    from finder.places.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    files = [c for c in validate_paths([folder], gazetteer=gazetteer).files if c.ok]
    numbers, legals, communes = enrich.wanted(files, gazetteer)
    extract = read_extract(EXTRACT, lambda s: s.number in numbers or s.legal in legals or s.insee in communes)
    return {p.checked.id: p for p in enrich.plan_all(files, extract, gazetteer, picks or {}, force or set())}


def test_each_entry_is_matched_or_told_why_not(folder):
    found = plans(folder)
    outcome = {key: (p.match.method, p.match.problem) for key, p in found.items()}
    assert outcome == {
        "chu-dijon-bourgogne-douleur": ("legal", None),
        "chu-clermont-ferrand-douleur": (None, "ambiguous"),  # two CHU sites in the city: no guess
        "hospices-civils-lyon-hopital-neurologique-lyon-neurologie": (None, "elsewhere"),  # in Bron
        "centre-hospitalier-lens-douleur": ("name", None),  # no FINESS number in the entry
        "chu-nancy-hopital-enfants-enfants": (None, "weak"),
        "chu-reunion-chu-nord-saint-denis-douleur": ("legal", None),
        "ap-hp-hopital-rothschild-paris-douleur": ("legal", None),  # Paris vs its 12th arrondissement
        "ap-hp-hopital-henri-mondor-creteil-rtms": ("legal", None),
    }
    clermont = found["chu-clermont-ferrand-douleur"].match
    assert {c.site.number for c in clermont.candidates} == {"630999011", "630999012"}


def test_proposals_of_a_matched_site(folder):
    dijon = {c.field: (c.proposed, c.action) for c in plans(folder)["chu-dijon-bourgogne-douleur"].changes}
    assert dijon == {
        "finess": ("210999011", "add"),
        "street": ("14 rue Paul Gaffarel", "add"),
        "postcode": ("21000", "add"),
        "lat": (pytest.approx(47.32, abs=1e-5), "add"),
        "lon": (pytest.approx(5.06944, abs=1e-5), "add"),
        "phone": ("03 80 29 30 31", "add"),
    }


def test_cedex_postcodes_are_not_proposed_and_same_values_are_left(folder):
    mondor = {c.field: c for c in plans(folder)["ap-hp-hopital-henri-mondor-creteil-rtms"].changes}
    assert (mondor["postcode"].action, mondor["postcode"].reason) == ("skipped", "cedex")
    rothschild = {c.field: c.action for c in plans(folder)["ap-hp-hopital-rothschild-paris-douleur"].changes}
    assert rothschild["street"] == "same" and rothschild["postcode"] == "same"


def test_overseas_coordinates_come_from_their_utm_zone(folder):
    reunion = {c.field: c.proposed for c in plans(folder)["chu-reunion-chu-nord-saint-denis-douleur"].changes}
    assert reunion["lat"] == pytest.approx(-20.889, abs=1e-4)
    assert reunion["lon"] == pytest.approx(55.445, abs=1e-4)


def test_pick_resolves_an_ambiguous_entry(folder):
    picked = plans(folder, picks={"chu-clermont-ferrand-douleur": "630999011"})[
        "chu-clermont-ferrand-douleur"
    ]
    assert picked.match.method == "pick"
    street = next(c for c in picked.changes if c.field == "street")
    assert street.action == "kept"  # the entry's street was written by hand


def test_review_table_by_default_writes_nothing(folder, capsys):
    before = snapshot(folder)
    assert run(folder) == 0
    out = capsys.readouterr().out
    assert "chu-dijon-bourgogne-douleur: 210999011 CHU DIJON BOURGOGNE" in out
    assert "--pick chu-clermont-ferrand-douleur=NUMBER" in out
    assert out.strip().splitlines()[-1].startswith("Review the table")
    assert snapshot(folder) == before


# --- applying -----------------------------------------------------------------------------------------


def test_apply_writes_valid_entries_keeping_comments_and_is_idempotent(folder, capsys):
    relative = "bourgogne-franche-comte/chu-dijon-bourgogne-douleur.toml"
    original = (folder / relative).read_text(encoding="utf-8")
    assert run(folder, "--apply") == 0
    text = (folder / relative).read_text(encoding="utf-8")
    assert text.startswith(original.split("\n\n")[0])  # the header comment is kept
    data = tomli.loads(text)
    assert data["contact"] == {"phone": "03 80 29 30 31", "phone_kind": "switchboard"}
    assert data["provenance"]["from_finess"] == {name: date(2026, 11, 15) for name in FINESS_FIELDS}
    assert enrich.DATASET_URL in data["provenance"]["sources"]
    assert main(["directory", "validate", str(folder), "--today", TODAY]) == 0
    capsys.readouterr()
    after = snapshot(folder)
    assert run(folder, "--apply") == 0
    assert snapshot(folder) == after
    assert " 0 changes in 0 files" in capsys.readouterr().out


def test_a_value_written_by_hand_is_replaced_only_with_force(folder):
    relative = "auvergne-rhone-alpes/chu-clermont-ferrand-douleur.toml"
    pick = "chu-clermont-ferrand-douleur=630999011"
    assert run(folder, "--apply", "--pick", pick) == 0
    assert entry(folder, relative)["address"]["street"] == "Hôpital Gabriel-Montpied, bâtiment 3C, BP 69"
    assert run(folder, "--apply", "--pick", pick, "--force", "street") == 0
    data = entry(folder, relative)
    assert data["address"]["street"] == "58 rue Montalembert"
    assert data["provenance"]["from_finess"]["street"] == date(2026, 11, 15)


def test_a_value_from_an_earlier_extract_is_updated(folder):
    relative = "bourgogne-franche-comte/chu-dijon-bourgogne-douleur.toml"
    path = folder / relative
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'kind = "sdc-centre"\n', 'kind = "sdc-centre"\nfiness = "210999099"\n'
        )
        + "\n[provenance.from_finess]\nfiness = 2025-01-01\n",
        encoding="utf-8",
    )
    found = plans(folder, picks={"chu-dijon-bourgogne-douleur": "210999011"})["chu-dijon-bourgogne-douleur"]
    assert next(c for c in found.changes if c.field == "finess").action == "update"


def test_field_tables_cover_the_schema_fields():
    assert sorted(enrich.FIELD_TABLES) == sorted(FINESS_FIELDS)


def test_an_unknown_pick_gets_a_did_you_mean(folder, capsys):
    assert run(folder, "--pick", "chu-dijon-douleur=210999011") == 2
    assert "chu-dijon-bourgogne-douleur" in capsys.readouterr().err


def test_without_pyproj_the_command_says_how_to_install_it(folder, capsys, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "pyproj" else real(name, *a)
    )
    assert run(folder) == 1
    assert "pip install 'finder[maintain]'" in capsys.readouterr().err


def test_control_characters_of_the_extract_are_not_printed(tmp_path, folder, capsys):
    hostile = damaged(
        tmp_path,
        lambda lines: [line.replace(b"CHU DIJON BOURGOGNE;", b"CHU DIJON\x1b[2J;") for line in lines],
    )
    assert run(folder, extract=hostile) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "210999011 CHU DIJON\\u001b[2J (21000 DIJON)" in out


def test_an_international_form_of_the_same_phone_is_the_same():
    assert enrich._same("phone", "+33 3 80 29 30 31", "03 80 29 30 31")
    assert not enrich._same("phone", "+33 3 80 29 30 32", "03 80 29 30 31")
    assert enrich._same("street", "14 rue Paul-Gaffarel", "14 Rue Paul Gaffarel")
