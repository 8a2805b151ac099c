"""``build_parser(argv)`` configures only the command ``argv`` names, and reads it as the whole parser does.

A ``finder route`` process then imports and translates one command's options instead of six. Whatever
the command line (options before the command in any spelling argparse accepts, help, errors, unknown
or misspelt commands), the lazy parser must give the same namespace, the same output and the same
exit code as the parser of every command.
"""

from __future__ import annotations

import argparse
import contextlib
import io

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from finder import i18n
from finder.cli.argparse_fr import use_language
from finder.cli.main import COMMANDS, build_parser, named_command

TOKENS = [
    *COMMANDS, "tui", "rout", "Route", "--lang", "--lang=en", "--lang=xx", "--la", "--l=fr", "en", "fr",
    "xx", "--directory", "--dir", "--d", "--dir=/tmp/x", "--directory=", "/tmp/x", "-d", "--help", "-h",
    "--he", "--version", "--v", "--", "--bogus", "-x", "-5", "--pain", "neuropathic_central", "--near",
    "Lyon", "--format", "json", "--json", "validate", "lint", "st etienne",
]  # fmt: skip


def outcome(parser: argparse.ArgumentParser, argv: list[str]) -> tuple[object, str, str]:
    """(the namespace's values or the exit code, stdout, stderr) of ``parser.parse_args(argv)``."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            result: object = vars(parser.parse_args(argv))
        except SystemExit as exit_:
            result = ("exit", exit_.code)
    return result, out.getvalue(), err.getvalue()


@pytest.fixture(params=["fr", "en"])
def language(request, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(argparse, "_", argparse._)  # type: ignore[attr-defined]
    previous = i18n.get_language()
    i18n.set_language(request.param)
    use_language(request.param)
    yield request.param
    i18n.set_language(previous)


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["route", "--near", "Lyon"], "route"),
        (["--lang", "en", "place", "x"], "place"),
        (["--lang=en", "--directory", "route", "pain"], "pain"),  # "route" is the folder's name here
        (["--dir", "/x", "--la=fr", "centres"], "centres"),
        (["--d=/x", "directory", "validate"], "directory"),
        ([], None),
        (["--help"], None),
        (["-h", "route"], None),
        (["--version"], None),
        (["rout"], None),  # misspelt: argparse's "invalid choice" lists them all
        (["--bogus", "route"], None),
        (["--", "route"], None),
        (["-d", "x", "route"], None),
        (["--lang"], None),
    ],
)
def test_the_named_command_is_the_one_argparse_reads(argv, command):
    assert named_command(argv) == command


@pytest.mark.parametrize("command", COMMANDS)
def test_a_named_command_alone_is_configured(command):
    assert configured(build_parser([command])) == [command]
    assert configured(build_parser(["--lang", "en", command, "--help"])) == [command]
    assert configured(build_parser()) == configured(build_parser(["--help"])) == list(COMMANDS)


def configured(parser: argparse.ArgumentParser) -> list[str]:
    (subparsers,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return list(subparsers.choices)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(argv=st.lists(st.sampled_from(TOKENS), max_size=6))
@example(argv=["route", "--help"])
@example(argv=["--lang", "en", "route", "--bogus"])
@example(argv=["place"])
@example(argv=["directory", "--help"])
@example(argv=["rout", "--near", "Lyon"])
def test_the_lazy_parser_reads_every_command_line_as_the_whole_parser(language, argv):
    assert outcome(build_parser(argv), argv) == outcome(build_parser(), argv)
