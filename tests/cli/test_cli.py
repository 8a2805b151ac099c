"""The command line as a user meets it: version, help in both languages, exit codes.

Every test runs ``main(argv)`` in this process (:func:`tests.privacy.cli_harness.run_cli`), except
``test_python_m_finder_smoke``: one real ``python -m finder`` per command's ``--help``, to prove the
package's entry point, its start-up imports and the process exit code, which no in-process call sees.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import os
import subprocess
import sys

import pytest

from finder import __version__, i18n
from finder.cli.main import COMMANDS
from tests.privacy.cli_harness import run_cli


def test_version():
    completed = run_cli(["--version"])
    assert completed.code == 0
    assert completed.stdout.strip() == f"finder {__version__}"


def test_help_is_french_by_default_and_english_on_request():
    french = run_cli(["--help"])
    english = run_cli(["--lang", "en", "--help"])
    assert french.code == english.code == 0
    assert "afficher cette aide" in french.stdout
    assert "route" in french.stdout and "directory" in french.stdout
    assert "show this help message" in english.stdout
    assert "interactive assistant" in english.stdout


@pytest.mark.parametrize(
    "argv",
    [["--la", "en", "--help"], ["--lan=en", "route", "--help"], ["route", "--la", "en", "--help"]],
)
def test_an_abbreviated_lang_option_selects_english_as_argparse_reads_it(argv):
    result = run_cli(argv)
    assert result.code == 0 and "show this help message" in result.stdout


def test_lang_environment_variable_selects_english():
    env = {"LANG": "en_GB.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}
    assert "show this help message" in run_cli(["--help"], env=env).stdout


def test_an_in_process_run_leaves_the_process_as_it_found_it(tmp_path):
    """The harness these tests share: ``--lang en``, ``env`` and ``cwd`` do not leak into the next test."""
    gettext, cwd, lang = argparse._, os.getcwd(), os.environ.get("LANG")  # type: ignore[attr-defined]
    english = run_cli(["--lang", "en", "--help"], env={"LANG": "en_GB.UTF-8"}, cwd=tmp_path)
    assert "show this help message" in english.stdout
    assert i18n.get_language() == "fr" and i18n.tr("cli.commands") == i18n.tr("cli.commands", "fr")
    assert argparse._ is gettext  # type: ignore[attr-defined]
    assert os.getcwd() == cwd and os.environ.get("LANG") == lang
    assert sys.stdout is not None and not isinstance(sys.stdout, io.StringIO)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_subcommand_has_its_own_help(command):
    completed = run_cli([command, "--help"])
    assert completed.code == 0, completed.stderr
    assert f"finder {command}" in completed.stdout
    assert "--lang" in completed.stdout


def test_unknown_option_is_a_usage_error_in_french():
    completed = run_cli(["--bogus"])
    assert completed.code == 2
    assert "arguments non reconnus" in completed.stderr
    assert "Traceback" not in completed.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_python_m_finder_smoke(command):
    """The real entry point, in its own process: ``python -m finder COMMAND --help`` exits 0."""
    completed = subprocess.run(
        [sys.executable, "-m", "finder", command, "--help"], capture_output=True, text=True, timeout=60
    )
    assert completed.returncode == 0, completed.stderr
    assert f"finder {command}" in completed.stdout


def test_an_unmatched_paste_is_not_echoed_whole():
    """A 30,000-character description that matches nothing is quoted in one short line, not echoed."""
    from tests.privacy.cli_harness import run_cli

    result = run_cli(["pain", "xyzzy " * 5000])
    assert result.code == 1
    assert len(result.stderr) < 2000 and "…" in result.stderr


@pytest.mark.parametrize(("argv", "collecting"), [(["place", "Lyon"], False), (["directory", "lint"], True)])
def test_one_shot_commands_run_without_the_cyclic_collector_and_give_it_back(monkeypatch, argv, collecting):
    """route, place, pain, centres pause Python's cyclic garbage collector (start-up time); the
    directory's maintenance commands, the TUI and serve keep it; either way it is on again after."""
    module = importlib.import_module(f"finder.cli.commands.{argv[0]}")
    seen = []
    monkeypatch.setattr(module, "run", lambda args: seen.append(gc.isenabled()) or 0)
    assert run_cli(argv).code == 0
    assert seen == [collecting]
    assert gc.isenabled()


@pytest.mark.parametrize(("argv", "ends"), [(["route", "--near", "Lyon"], True), (["serve"], False)])
def test_the_process_entry_point_ends_a_one_shot_command_at_once(monkeypatch, argv, ends):
    """``finder`` (console script, ``python -m finder``) ends with the process: a one-shot command
    flushes its output and ends the process with its exit code (collector off, no teardown); other
    commands return to the caller with the collector on."""
    from finder.cli import main as cli_main

    module = importlib.import_module(f"finder.cli.commands.{argv[0]}")
    monkeypatch.setattr(module, "run", lambda args: 3)
    monkeypatch.setattr(sys, "argv", ["finder", *argv])
    monkeypatch.setattr(argparse, "_", argparse._)  # type: ignore[attr-defined]  # main translates it
    ended = []

    def end(code):
        ended.append((code, gc.isenabled()))
        raise SystemExit(code)

    monkeypatch.setattr(cli_main.os, "_exit", end)
    try:
        if ends:
            with pytest.raises(SystemExit):
                cli_main.entry()
            assert ended == [(3, False)]
        else:
            assert cli_main.entry() == 3 and ended == [] and gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["route", "--pain", "low_back", "--near", "Brest", "--format", "json"], 0),
        (["place", "Lyon"], 0),
        (["place", "zzzzqqq"], None),  # refused: the command's own exit code, not 0
    ],
)
def test_a_one_shot_process_writes_its_whole_output_and_its_exit_code(argv, code):
    expected = subprocess.run(
        [sys.executable, "-c", "import sys; from finder.cli.main import main; sys.exit(main())", *argv],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "finder", *argv], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        expected.returncode,
        expected.stdout,
        expected.stderr,
    )
    assert done.stdout.strip() or done.stderr.strip()
    if code is not None:
        assert done.returncode == code
    else:
        assert done.returncode != 0


def test_a_one_shot_process_whose_reader_goes_away_ends_quietly():
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before a byte is written: every write fails (EPIPE)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "finder", "place", "Lyon"],
            stdout=write_end, stderr=subprocess.PIPE, text=True, check=False,
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert done.returncode == 0 and done.stderr == ""


@pytest.mark.parametrize("stage", ["build_parser", "handler"])
def test_ctrl_c_at_any_stage_of_a_command_ends_it_with_130_and_no_traceback(monkeypatch, capsys, stage):
    from finder.cli import main as cli_main

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    if stage == "build_parser":  # Ctrl-C while the messages are read (or written to the cache)
        monkeypatch.setattr(cli_main, "build_parser", interrupted)
    else:
        from finder.cli.commands import place

        monkeypatch.setattr(place, "run", interrupted)
    assert cli_main.main(["place", "lyon"]) == 130
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_ctrl_c_while_finder_loads_ends_with_130_and_no_traceback(monkeypatch, capsys):
    """The console script and ``python -m finder`` start in finder.cli.launch, which holds nothing but
    the import of the command line: a Ctrl-C during that import is the usual quiet 130."""
    import builtins

    from finder.cli import launch

    real_import = builtins.__import__

    def interrupted(name, *args, **kwargs):
        if name == "finder.cli.main":
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", interrupted)
    assert launch.entry() == 130
    assert capsys.readouterr() == ("", "")


def test_the_installed_command_starts_in_the_launcher():
    """pyproject's console script goes through finder.cli.launch:entry (python -m finder too: its
    __main__ imports it)."""
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    scripts = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"finder": "finder.cli.launch:entry"}
    assert "from finder.cli.launch import entry" in (root / "finder" / "__main__.py").read_text(
        encoding="utf-8"
    )
