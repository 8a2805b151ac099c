"""``--directory`` is honoured wherever it is written: before the sub-command, after it, and for
``directory`` between ``directory`` and the action. Each sub-command that reads the directory is tried
in each place, on a directory that gives a different answer from the shipped one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from finder.cli.main import main

FIXTURES = Path(__file__).parents[1] / "fixtures"
ROUTE_DIRECTORY = FIXTURES / "route_directory"
ROUTE_IDS = {path.stem for path in ROUTE_DIRECTORY.rglob("*.toml")}


def placed(where: str, command: list[str], directory: Path) -> list[str]:
    option = ["--directory", str(directory)]
    if where == "before":
        return [*option, *command]
    if where == "after":
        return [*command, *option]
    return [command[0], *option, *command[1:]]  # between "directory" and its action


WHERES = ["before", "after"]
DIRECTORY_WHERES = ["before", "between", "after"]


@pytest.mark.parametrize("where", DIRECTORY_WHERES)
def test_validate(where, tmp_path, capsys):
    region = tmp_path / "auvergne-rhone-alpes"
    region.mkdir()
    shutil.copy(FIXTURES / "directory/errors/auvergne-rhone-alpes/e015-phone.toml", region / "x.toml")
    assert main(placed(where, ["directory", "validate"], tmp_path)) == 1  # the shipped one is valid
    assert "[E015]" in capsys.readouterr().out


@pytest.mark.parametrize("where", DIRECTORY_WHERES)
def test_lint(where, tmp_path, capsys):
    shutil.copytree(FIXTURES / "directory/valid", tmp_path, dirs_exist_ok=True)
    assert main(placed(where, ["directory", "lint"], tmp_path)) == 0
    out = capsys.readouterr().out
    assert "minimal-entry.toml" in out and "[L005]" in out


@pytest.mark.parametrize("where", DIRECTORY_WHERES)
def test_new(where, tmp_path, capsys):
    command = ["directory", "new", "--no-input", "--today", "2026-01-15", "--name", "Centre de la douleur"]
    command += ["--establishment", "CHU de Nantes", "--kind", "sdc-centre", "--city", "Nantes"]
    command += ["--sources", "https://example.org/a", "--id", "option-test"]
    assert main(placed(where, command, tmp_path)) == 0, capsys.readouterr().err
    assert (tmp_path / "pays-de-la-loire" / "option-test.toml").is_file()


@pytest.mark.parametrize("where", WHERES)
def test_centres(where, capsys):
    assert main(placed(where, ["centres", "--json"], ROUTE_DIRECTORY)) == 0
    ids = {centre["id"] for centre in json.loads(capsys.readouterr().out)["results"]}
    assert ids == ROUTE_IDS


@pytest.mark.parametrize("where", WHERES)
def test_route(where, capsys):
    command = ["route", "--pain", "neuropathic_central", "--near", "Saint-Étienne", "--months", "12"]
    command += ["--refractory", "yes", "--format", "json"]
    assert main(placed(where, command, ROUTE_DIRECTORY)) == 0, capsys.readouterr().err
    ids = {centre["id"] for centre in json.loads(capsys.readouterr().out)["centres"]}
    assert ids and ids <= ROUTE_IDS


def test_the_value_after_the_sub_command_wins(tmp_path, capsys):
    command = ["--directory", str(tmp_path / "nowhere"), "centres", "--directory", str(ROUTE_DIRECTORY)]
    assert main(command) == 0
