"""``finder directory verify ID``: last_verified and a dated note, the rest of the file untouched."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import tomli

from finder.cli.main import main

ENTRIES = Path(__file__).parents[1] / "fixtures" / "finess" / "directory"
RELATIVE = "bourgogne-franche-comte/chu-dijon-bourgogne-douleur.toml"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "directory" / RELATIVE
    target.parent.mkdir(parents=True)
    shutil.copy(ENTRIES / RELATIVE, target)
    return tmp_path / "directory"


def verify(folder: Path, *args: str) -> int:
    return main(
        ["--lang", "en", "directory", "verify", "--directory", str(folder), "--today", "2026-11-30", *args]
    )


def test_sets_the_date_and_appends_a_dated_note_changing_nothing_else(folder, capsys):
    path = folder / RELATIVE
    before = path.read_text(encoding="utf-8")
    assert (
        verify(folder, "chu-dijon-bourgogne-douleur", "--note", "called the secretariat\nphone confirmed")
        == 0
    )
    after = path.read_text(encoding="utf-8")
    data = tomli.loads(after)
    assert data["provenance"]["last_verified"] == date(2026, 11, 30)
    assert data["provenance"]["notes"].endswith(" | 2026-11-30: called the secretariat phone confirmed")
    old_lines = before.splitlines()
    new_lines = after.splitlines()
    changed = [line for line in new_lines if line not in old_lines]
    assert changed[0] == "last_verified = 2026-11-30" and len(changed) == 2  # the date and the notes line
    sources = new_lines.index("sources = [")
    assert new_lines[sources - 1] == "[provenance]"  # last_verified goes after the sources, as in the schema
    assert "verified on 2026-11-30" in capsys.readouterr().out


def test_a_past_date_is_kept_but_never_a_future_one(folder, capsys):
    assert verify(folder, "chu-dijon-bourgogne-douleur", "--date", "2026-10-01") == 0
    assert verify(folder, "chu-dijon-bourgogne-douleur", "--date", "2026-12-01") == 2
    assert "2026-12-01" in capsys.readouterr().err
    data = tomli.loads((folder / RELATIVE).read_text(encoding="utf-8"))
    assert data["provenance"]["last_verified"] == date(2026, 10, 1)


def test_an_older_date_than_the_recorded_one_is_refused(folder, capsys):
    assert verify(folder, "chu-dijon-bourgogne-douleur", "--date", "2026-10-01") == 0
    before = (folder / RELATIVE).read_bytes()
    assert verify(folder, "chu-dijon-bourgogne-douleur", "--date", "2026-09-01") == 1
    assert "2026-10-01" in capsys.readouterr().err
    assert (folder / RELATIVE).read_bytes() == before


def test_an_unknown_id_gets_a_did_you_mean(folder, capsys):
    assert verify(folder, "chu-dijon-douleur") == 2
    assert '"chu-dijon-bourgogne-douleur"' in capsys.readouterr().err
