"""The command line as a user meets it: version, help in both languages, exit codes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from finder import __version__
from finder.cli.main import COMMANDS


def finder(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "finder", *argv], capture_output=True, text=True, timeout=60, env=env
    )


def test_version():
    completed = finder("--version")
    assert completed.returncode == 0
    assert completed.stdout.strip() == f"finder {__version__}"


def test_help_is_french_by_default_and_english_on_request():
    french = finder("--help")
    english = finder("--lang", "en", "--help")
    assert french.returncode == english.returncode == 0
    assert "afficher cette aide" in french.stdout
    assert "route" in french.stdout and "directory" in french.stdout
    assert "show this help message" in english.stdout
    assert "interactive assistant" in english.stdout


def test_lang_environment_variable_selects_english():
    import os

    env = {**os.environ, "LANG": "en_GB.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}
    assert "show this help message" in finder("--help", env=env).stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_subcommand_has_its_own_help(command):
    completed = finder(command, "--help")
    assert completed.returncode == 0, completed.stderr
    assert f"finder {command}" in completed.stdout
    assert "--lang" in completed.stdout


def test_unknown_option_is_a_usage_error_in_french():
    completed = finder("--bogus")
    assert completed.returncode == 2
    assert "arguments non reconnus" in completed.stderr
    assert "Traceback" not in completed.stderr
