"""finder in the environments GPs and CI really have: a C locale, an ASCII or a legacy code page
terminal, no terminal at all. Every command runs in a child process with that environment.

These stay subprocesses on purpose (issue 14): the encoding of stdout/stderr, the locale and
``PYTHONIOENCODING`` are fixed when Python starts, and "stdin is not a terminal" must be a real
file descriptor, so no in-process call can reproduce them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
ROUTE_DIRECTORY = Path(__file__).parents[1] / "fixtures" / "route_directory"
ENVIRONMENTS = {
    "C locale": {"LC_ALL": "C", "PYTHONUTF8": "0"},
    "ascii": {"PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0"},
    "cp850": {"PYTHONIOENCODING": "cp850", "PYTHONUTF8": "0"},
    "iso8859-15": {"PYTHONIOENCODING": "iso8859-15", "PYTHONUTF8": "0"},
}
ROUTE = [
    "route",
    "--directory",
    str(ROUTE_DIRECTORY),
    "--pain",
    "neuropathic_central",
    "--near",
    "Saint-Étienne",
]
ROUTE += ["--months", "12", "--refractory", "yes"]
COMMANDS = {
    "place": ["place", "Saint-Étienne", "--limit", "2"],
    "pain": ["pain", "brûlures au bras après un AVC"],
    "route text": [*ROUTE, "--format", "text"],
    "route letter": [*ROUTE, "--format", "letter"],
    "route json": [*ROUTE, "--format", "json"],
    "centres": ["centres", "--directory", str(ROUTE_DIRECTORY), "--near", "Lyon"],
    "usage error": ["route", "--format", "pdf"],
    "help": ["--help"],
}


def finder(args: list[str], extra_env: dict[str, str], **options) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIO", "PYTHONUTF8"))}
    env.update(extra_env)
    if "stdout" not in options:
        options["capture_output"] = True
    return subprocess.run(
        [sys.executable, "-m", "finder", "--lang", "fr", *args], env=env, timeout=120, **options
    )


@pytest.mark.parametrize("environment", ENVIRONMENTS)
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_writes_what_the_encoding_carries(environment, command):
    extra = ENVIRONMENTS[environment]
    result = finder(COMMANDS[command], extra)
    encoding = extra.get("PYTHONIOENCODING", "ascii")
    out, err = result.stdout.decode(encoding), result.stderr.decode(encoding)  # strict: carried only
    assert result.returncode in (0, 1, 2), err
    assert "erreur interne" not in err and "Traceback" not in err
    if command != "usage error":
        assert result.returncode == 0, err
        assert out.strip()
    if command == "place":
        expected = "Saint-Étienne" if encoding in ("cp850", "iso8859-15") else "Saint-Etienne"
        assert expected in out


def test_a_c_locale_still_reads_accented_arguments():
    result = finder(["place", "Saint-Étienne", "--limit", "1", "--json"], ENVIRONMENTS["C locale"])
    assert result.returncode == 0, result.stderr
    assert b'"insee": "42218"' in result.stdout


def test_the_assistant_without_a_terminal_says_so_and_exits_2():
    result = finder([], {}, stdin=subprocess.DEVNULL)  # before: escape codes into the pipe, no end
    assert result.returncode == 2
    assert b"terminal" in result.stderr
    assert b"\x1b[" not in result.stdout + result.stderr  # no escape codes into the pipe


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (a disk that is always full)")
@pytest.mark.parametrize("command", ["place", "pain", "route text", "route json", "centres", "help"])
def test_an_output_that_cannot_be_written_is_reported_without_a_traceback(command):
    with open("/dev/full", "wb") as full:
        result = finder(COMMANDS[command], {}, stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 120  # as Python itself when it cannot flush its output
    message = result.stderr.decode("utf-8")
    assert message.startswith("finder: ") and "(No space left on device)" in message
    assert "Traceback" not in message and "OSError" not in message and message.count("\n") == 1
