"""Issue 11 part 3: the GP's own centres, merged into every route and search, shared by export/import."""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from finder.cli.main import main
from finder.directory.user import user_directory

BREST = """name = "Consultation douleur chronique"
establishment = "CHU de Brest"
kind = "sdc-consultation"
audience = ["adult", "child"]

[address]
city = "Brest"

[contact]
phone = "02 98 00 00 00"
phone_kind = "appointments"

[provenance]
sources = ["https://example.org/brest"]
"""
BROKEN = BREST.replace('city = "Brest"', 'city = "Brestt"')  # line 7: a city that does not exist
ROUTE = ["route", "--pain", "low_back", "--near", "Brest", "--months", "12", "--refractory", "yes"]


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run_finder(capsys, monkeypatch):
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")

    def run(*args: str, stdin: str = "") -> Ran:
        import io
        import sys

        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(args))
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return run


def write_user(name: str, text: str) -> Path:
    path = user_directory() / "bretagne" / f"{name}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_user_directory_is_per_user_and_chosen_by_an_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("FINDER_USER_DIRECTORY", str(tmp_path / "mine"))
    assert user_directory() == tmp_path / "mine"
    monkeypatch.delenv("FINDER_USER_DIRECTORY")
    assert user_directory().parts[-2:] == ("finder", "directory")


def test_a_user_entry_appears_in_the_route_and_in_json_with_its_origin(run_finder):
    write_user("chu-brest-douleur", BREST)
    data = json.loads(run_finder(*ROUTE, "--format", "json").stdout)
    mine = [c for c in data["centres"] if c["id"] == "chu-brest-douleur"]
    assert mine and mine[0]["origin"] == "user" and mine[0]["contact"]["code"] == "appointments"
    assert all(c["origin"] == "shipped" for c in data["centres"] if c["id"] != "chu-brest-douleur")
    text = run_finder(*ROUTE).stdout
    assert "ajouté par vous" in text and "prise de rendez-vous : 02 98 00 00 00" in text
    assert "ajouté par vous" in run_finder(*ROUTE, "--format", "markdown").stdout
    assert "ajouté par vous" in run_finder("centres", "brest").stdout
    english = run_finder("--lang", "en", *ROUTE).stdout
    assert "added by you" in english


def test_an_invalid_user_entry_is_named_with_its_line_and_the_route_goes_on(run_finder):
    bad = write_user("mauvaise-fiche", BROKEN)
    result = run_finder(*ROUTE, "--format", "json")
    assert result.returncode == 0
    assert f"{bad.name}:7:" in result.stderr and "[E011]" in result.stderr
    assert "mauvaise-fiche" not in {c["id"] for c in json.loads(result.stdout)["centres"]}


def test_new_user_writes_to_the_user_directory(run_finder):
    args = ["directory", "new", "--user", "--no-input", "--name", "Consultation douleur"]
    args += ["--establishment", "CHU de Brest", "--city", "Brest", "--sources", "https://example.org/b"]
    args += ["--phone", "02 98 00 00 00", "--phone-kind", "switchboard"]
    result = run_finder(*args)
    assert result.returncode == 0, result.stderr
    (path,) = user_directory().rglob("*.toml")
    assert path.parent.name == "bretagne" and 'phone_kind = "switchboard"' in path.read_text("utf-8")


def test_export_then_import_keeps_the_good_entries_and_names_the_bad(run_finder, tmp_path):
    write_user("chu-brest-douleur", BREST)
    shared = tmp_path / "centres.zip"
    assert run_finder("directory", "export-user", str(shared)).returncode == 0
    # the export is never overwritten without asking: "no" keeps it
    before = shared.read_bytes()
    assert run_finder("directory", "export-user", str(shared), stdin="n\n").returncode == 1
    assert shared.read_bytes() == before
    # a colleague's file: the good entry, a broken one, and a name that tries to leave the folder
    colleague = tmp_path / "colleague.zip"
    with zipfile.ZipFile(colleague, "w") as archive:
        archive.writestr("bretagne/chu-brest-douleur.toml", BREST)
        archive.writestr("bretagne/hopital-morlaix-douleur.toml", BROKEN)
        archive.writestr("../../evil.toml", BREST)
    for path in user_directory().rglob("*.toml"):
        path.unlink()
    result = run_finder("directory", "import-user", str(colleague), "--no-input")
    assert result.returncode == 1  # something was refused
    assert "colleague.zip:bretagne/hopital-morlaix-douleur.toml:7:" in result.stderr
    assert "../../evil.toml" in result.stderr
    kept = sorted(p.relative_to(user_directory()).as_posix() for p in user_directory().rglob("*.toml"))
    assert kept == ["bretagne/chu-brest-douleur.toml"]
    assert not (tmp_path / "evil.toml").exists()


def test_import_never_replaces_a_different_entry_without_asking(run_finder, tmp_path):
    mine = write_user("chu-brest-douleur", BREST.replace("02 98 00 00 00", "02 98 11 11 11"))
    colleague = tmp_path / "colleague.zip"
    with zipfile.ZipFile(colleague, "w") as archive:
        archive.writestr("bretagne/chu-brest-douleur.toml", BREST)
    run_finder("directory", "import-user", str(colleague), stdin="n\n")
    assert "02 98 11 11 11" in mine.read_text("utf-8")
    run_finder("directory", "import-user", str(colleague), stdin="o\n")
    assert "02 98 00 00 00" in mine.read_text("utf-8")


def test_the_tui_palette_offers_to_add_a_centre_to_the_users_directory():
    from finder.i18n import tr
    from finder.tui.app import FinderApp
    from finder.tui.commands import PALETTE_ACTIONS

    assert ("add_centre", "tui.command.add_centre") in PALETTE_ACTIONS
    assert callable(FinderApp.action_add_centre)
    assert "annuaire personnel" in tr("tui.command.add_centre.help")


def test_another_shipped_directory_by_environment_variable_still_merges_the_users(run_finder, monkeypatch):
    fixture = Path(__file__).parents[1] / "fixtures" / "route_directory"
    monkeypatch.setenv("FINDER_DIRECTORY", str(fixture))
    write_user("chu-brest-douleur", BREST)
    ids = {c["id"] for c in json.loads(run_finder("centres", "--json").stdout)["results"]}
    assert "cetd-chu-rennes" in ids and "chu-brest-douleur" in ids and "chu-nantes-douleur" not in ids


def test_new_writes_population_and_a_public_description_in_both_languages(run_finder, tmp_path):
    args = ["directory", "new", "--directory", str(tmp_path), "--no-input", "--name", "Unité douleur"]
    args += [
        "--establishment",
        "Centre anticancéreux",
        "--city",
        "Lyon",
        "--sources",
        "https://example.org/x",
    ]
    described = [*args, "--population", "cancer", "--description-fr", "Pour les patients atteints de cancer."]
    assert run_finder(*described, "--description-en", "For patients with cancer.").returncode == 0
    (path,) = tmp_path.rglob("*.toml")
    text = path.read_text("utf-8")
    assert 'population = ["cancer"]' in text
    assert (
        'description = { fr = "Pour les patients atteints de cancer.", en = "For patients with cancer." }'
        in text
    )
    assert run_finder("directory", "validate", str(tmp_path)).returncode == 0
    # one language only is refused, nothing written
    half = run_finder(*args, "--id", "autre", "--description-en", "English only.")
    assert half.returncode == 2 and "français et en anglais" in half.stderr
    assert [p.name for p in tmp_path.rglob("*.toml")] == [path.name]
