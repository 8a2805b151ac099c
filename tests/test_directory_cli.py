"""``finder directory validate|new|lint`` through the real command line (subprocesses)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from finder.directory.catalog import default_directory

FIXTURES = Path(__file__).parent / "fixtures" / "directory"


def finder(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "LANG": "fr_FR.UTF-8"}
    env.pop("FINDER_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "finder", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=60,
    )


def test_shipped_directory_validates_clean():
    result = finder("directory", "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("fichiers, 0 erreurs, 0 avertissements")


def test_all_problems_of_all_files_sorted_then_a_summary(tmp_path):
    region = tmp_path / "bretagne"
    region.mkdir()
    (region / "latin.toml").write_bytes('name = "Hôpital"\n'.encode("latin-1"))
    (region / "empty.toml").write_bytes(b"")
    kind = tmp_path / "auvergne-rhone-alpes" / "e004-kind.toml"
    kind.parent.mkdir()
    shutil.copy(FIXTURES / "errors" / "auvergne-rhone-alpes" / "e004-kind.toml", kind)
    result = finder("directory", "validate", "bretagne", str(kind), "--today", "2026-01-15", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "auvergne-rhone-alpes/e004-kind.toml:4:8: error: kind « clinic » ne fait pas partie de : sdc-centre, "
        "sdc-consultation, sdc, neurology, algology, reference-centre [E004]",
        "bretagne/empty.toml:1:1: error: le fichier est vide ; une fiche demande au moins name, "
        "establishment, kind, [address] et [provenance] (voir directory/README.md) [E003]",
        "bretagne/latin.toml:1:10: error: le fichier n'est pas du texte UTF-8 (octet 0xf4 invalide à la "
        "position 9) ; enregistrez-le en UTF-8 [E002]",
        "3 fichiers, 3 erreurs, 0 avertissements",
    ]
    assert result.stderr == ""


def test_warnings_fail_only_with_strict():
    relaxed = finder(
        "--lang", "en", "directory", "validate", str(FIXTURES / "warnings"), "--today", "2026-01-15"
    )
    assert relaxed.returncode == 0 and "warning:" in relaxed.stdout and "[W001]" in relaxed.stdout
    assert relaxed.stdout.strip().endswith("1 files, 0 errors, 1 warnings")
    strict = finder("directory", "validate", "--strict", str(FIXTURES / "warnings"), "--today", "2026-01-15")
    assert strict.returncode == 1


def test_missing_path_is_a_usage_error():
    result = finder("directory", "validate", "/nonexistent/folder")
    assert result.returncode == 2 and "n'existe pas" in result.stderr


def test_lint_flags_unverified_entries_and_missing_contact():
    result = finder("directory", "lint")
    assert result.returncode == 0
    assert "[L002]" in result.stdout and "[L005]" in result.stdout
    shipped = len(list(default_directory().resolve().rglob("*.toml")))
    assert result.stdout.strip().splitlines()[-1].startswith(f"{shipped} fiches, ")


ANSWER_LINES = [
    "Consultation douleur chronique",  # name
    "Centre hospitalier de Roanne",  # establishment
    "clinic",  # kind: refused, asked again
    "2",  # kind: sdc-consultation
    "",  # audience: default adult
    "",  # population: none (every patient)
    "",  # public description: none
    "Roane",  # city: a typo, the gazetteer proposes Roanne
    "o",  # confirm Roanne
    "",  # postcode: default (Roanne has one)
    "",  # street
    "12",  # phone refused
    "04 77 44 30 00",  # phone
    "4",  # phone kind: refused (three choices), asked again
    "switchboard",  # phone kind
    "",  # website
    "",  # email
    "n",  # rTMS
    "leaflet",  # sources refused
    "https://example.org/roanne",  # sources
    "",  # last_verified
    "",  # notes
    "",  # id: the proposed one
    "o",  # write
]
ANSWERS = "\n".join(ANSWER_LINES) + "\n"


def test_new_asks_each_field_validates_and_writes_the_entry(tmp_path):
    result = finder("directory", "new", "--directory", str(tmp_path), "--today", "2026-01-15", stdin=ANSWERS)
    assert result.returncode == 0, result.stdout + result.stderr
    written = list(tmp_path.rglob("*.toml"))
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        "auvergne-rhone-alpes/centre-hospitalier-roanne-douleur.toml"
    ]
    text = written[0].read_text(encoding="utf-8")
    assert 'kind = "sdc-consultation"' in text and 'city = "Roanne"' in text and 'postcode = "42300"' in text
    assert 'phone = "04 77 44 30 00"' in text and "last_verified" not in text and "[rtms]" not in text
    assert 'phone_kind = "switchboard"' in text and "population" not in text and "description" not in text
    assert "« clinic » ne fait pas partie de" in result.stdout
    check = finder("directory", "validate", str(tmp_path))
    assert check.returncode == 0, check.stdout
    # the same answers again: the id is taken, so another is proposed and nothing is overwritten
    again = finder("directory", "new", "--directory", str(tmp_path), "--today", "2026-01-15", stdin=ANSWERS)
    assert again.returncode == 0
    assert written[0].read_text(encoding="utf-8") == text
    assert (tmp_path / "auvergne-rhone-alpes" / "centre-hospitalier-roanne-douleur-2.toml").exists()


def test_new_refuses_an_id_already_used_and_ends_cleanly_on_eof(tmp_path):
    existing = tmp_path / "bretagne" / "taken-id.toml"
    existing.parent.mkdir()
    existing.write_text("# kept\n", encoding="utf-8")
    answers = "\n".join([*ANSWER_LINES[:22], "taken-id"]) + "\n"  # a used id, then the input ends
    result = finder("directory", "new", "--directory", str(tmp_path), "--today", "2026-01-15", stdin=answers)
    assert result.returncode == 1
    assert "déjà utilisé" in result.stdout
    assert "rien n'a été écrit" in result.stderr
    assert existing.read_text(encoding="utf-8") == "# kept\n"
    assert [p.name for p in tmp_path.rglob("*.toml")] == ["taken-id.toml"]


def test_new_without_prompts_for_scripts(tmp_path):
    args = [
        "directory",
        "new",
        "--directory",
        str(tmp_path),
        "--no-input",
        "--today",
        "2026-01-15",
        "--name",
        "Centre de la douleur",
        "--establishment",
        "CHU de Nantes",
        "--kind",
        "sdc-centre",
        "--city",
        "Nantes",
        "--rtms",
        "--targets",
        "M1",
        "--indications",
        "neuropathic_central",
        "--evidence",
        "Hospital page.",
        "--sources",
        "https://example.org/a",
        "--id",
        "chu-nantes-test",
    ]
    result = finder(*args)
    assert result.returncode == 0, result.stderr
    assert "Entrée vide" not in result.stdout + result.stderr  # no interactive intro without prompts
    path = tmp_path / "pays-de-la-loire" / "chu-nantes-test.toml"
    assert 'indications = ["neuropathic_central"]' in path.read_text(encoding="utf-8")
    again = finder(*args)
    assert again.returncode == 2 and "déjà utilisé" in again.stderr
    bad = finder(*[a if a != "sdc-centre" else "clinic" for a in args[:-2]], "--id", "other")
    assert bad.returncode == 2 and "--kind" in bad.stderr and "clinic" in bad.stderr


@pytest.mark.parametrize("flag", ["--name", "--sources"])
def test_new_without_prompts_needs_the_required_flags(tmp_path, flag):
    args = [
        "directory",
        "new",
        "--directory",
        str(tmp_path),
        "--no-input",
        "--name",
        "x",
        "--establishment",
        "y",
        "--city",
        "Nantes",
        "--sources",
        "https://example.org",
    ]
    index = args.index(flag)
    result = finder(*(args[:index] + args[index + 2 :]))
    assert result.returncode == 2 and flag in result.stderr
    assert not list(tmp_path.rglob("*.toml"))


def test_every_new_flag_has_a_help_and_the_schema_choices():
    """``finder directory new --help``: each flag the schema declares is explained, with its allowed
    values when it has choices (taken from the schema table, so they cannot drift)."""
    import argparse

    from finder.cli.commands.directory import _new_flag_help
    from finder.directory.schema import FIELDS

    for field in (f for f in FIELDS if f.flag):
        metavar, help_text = _new_flag_help(field.flag)
        assert help_text.strip() and metavar
        for value in field.allowed() or ():
            assert value in help_text, (field.flag, value)
    out = " ".join(finder("--lang", "en", "directory", "new", "--help").stdout.split())
    assert "--phone-kind VALUE what the number reaches" in out
    assert "values: unit, appointments, switchboard" in out
    assert "--kind VALUE" in out and "reference-centre" in out.replace(
        "reference- centre", "reference-centre"
    )
    parser = argparse.ArgumentParser()
    from finder.cli.commands import directory

    directory.configure(parser)
    new = next(a for a in parser._subparsers._group_actions[0].choices.values() if a.prog.endswith("new"))
    assert all(action.help for action in new._actions), [a.dest for a in new._actions if not a.help]


def test_directory_help_lists_every_action():
    import argparse

    from finder.cli.commands import directory

    parser = argparse.ArgumentParser()
    directory.configure(parser)
    actions = set(parser._subparsers._group_actions[0].choices)
    assert {"export-user", "import-user", "coverage", "enrich", "check-links", "verify"} <= actions
    out = finder("directory", "--help").stdout
    assert all(f"    {name} " in out for name in actions), out
