"""Run ``finder.cli.main`` in-process: the property tests and most CLI tests go through :func:`run_cli`.

``main`` turns an unexpected exception into a short "internal error" message (the user never sees a
traceback); with ``FINDER_DEBUG=1`` (the default here) it re-raises instead, so a crash fails the test
with its traceback, while a ``FinderError`` or an argparse usage error stays a clean, expected outcome.

One run leaves nothing behind for the next (tests pass in any order, and with pytest-xdist): the
language set by ``--lang`` (``finder.i18n``), argparse's translated words (``finder.cli.argparse_fr``),
the environment variables given in ``env``, the working directory, ``sys.stdin``/``stdout``/``stderr``
are all put back as they were.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from finder import i18n
from finder.cli.main import main


@dataclass(frozen=True)
class CliResult:
    argv: list[str]
    code: int
    stdout: str
    stderr: str

    @property
    def returncode(self) -> int:  # the name subprocess.CompletedProcess uses
        return self.code

    def assert_clean(self) -> None:
        """A result (exit 0) or a clean, specific error: exit 1 or 2 with a message on stderr (or, for
        "no result" with ``--json``, exit 1 with the JSON document)."""
        context = (
            f"finder {self.argv!r} -> {self.code}\nstdout: {self.stdout[-800:]}\nstderr: {self.stderr[-800:]}"
        )
        assert self.code in (0, 1, 2), context
        assert "Traceback" not in self.stderr, context
        if self.code == 1 and not self.stderr.strip():  # "no result" told in the asked --json document
            self.json()
        elif self.code != 0:
            assert self.stderr.strip(), context
            assert self.stderr.startswith(("finder", "usage")), context

    def json(self) -> object:
        return json.loads(self.stdout)


# A user with no preference: French, whatever the machine running the tests says; help text wrapped at
# 80 columns, as in a process whose output is a pipe.
FRENCH_USER = {"LANG": "fr_FR.UTF-8", "LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "COLUMNS": "80"}


def run_cli(
    argv: list[str],
    stdin: str = "",
    *,
    env: Mapping[str, str | None] | None = None,
    cwd: Path | str | None = None,
    debug: bool = True,
) -> CliResult:
    """``finder ARGV`` in this process, reading ``stdin`` (a pipe, not a terminal).

    ``env`` sets (a string) or removes (``None``) environment variables for this run only; ``cwd`` is
    the working directory for this run only; ``debug=False`` shows what a user sees on a crash.
    """
    stdout, stderr = io.StringIO(), io.StringIO()
    changes: dict[str, str | None] = {**FRENCH_USER, **(env or {}), "FINDER_DEBUG": "1" if debug else None}
    with (
        _environment(changes),
        _working_directory(cwd),
        _language_state(),
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
        _stdin(io.StringIO(stdin)),
    ):
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse: --help (0) or a usage error (2)
            code = exit_.code if isinstance(exit_.code, int) else 2
    return CliResult(list(argv), code, stdout.getvalue(), stderr.getvalue())


@contextlib.contextmanager
def _environment(changes: Mapping[str, str | None]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in changes}
    try:
        for name, value in changes.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def _working_directory(cwd: Path | str | None) -> Iterator[None]:
    saved = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        yield
    finally:
        os.chdir(saved)


@contextlib.contextmanager
def _language_state() -> Iterator[None]:
    """``--lang`` sets finder's language and argparse's words for the process: put both back."""
    saved_language, saved_gettext = i18n.get_language(), argparse._  # type: ignore[attr-defined]
    try:
        yield
    finally:
        i18n.set_language(saved_language)
        argparse._ = saved_gettext  # type: ignore[attr-defined]


@contextlib.contextmanager
def _stdin(replacement: io.StringIO) -> Iterator[None]:
    saved, sys.stdin = sys.stdin, replacement
    try:
        yield
    finally:
        sys.stdin = saved
