"""Run ``finder.cli.main`` in-process for property tests, so that hypothesis sees real exceptions.

``main`` turns an unexpected exception into a short "internal error" message (the user never sees a
traceback); with ``FINDER_DEBUG=1`` it re-raises instead, so a crash fails the property test with
its traceback, while a ``FinderError`` or an argparse usage error stays a clean, expected outcome.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from dataclasses import dataclass

from finder.cli.main import main


@dataclass(frozen=True)
class CliResult:
    argv: list[str]
    code: int
    stdout: str
    stderr: str

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


def run_cli(argv: list[str], stdin: str = "") -> CliResult:
    """``finder ARGV`` in this process, reading ``stdin`` (a pipe, not a terminal)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    previous = os.environ.get("FINDER_DEBUG")
    os.environ["FINDER_DEBUG"] = "1"
    try:
        with (
            contextlib.redirect_stdout(stdout),
            contextlib.redirect_stderr(stderr),
            _stdin(io.StringIO(stdin)),
        ):
            try:
                code = main(argv)
            except SystemExit as exit_:  # argparse: --help (0) or a usage error (2)
                code = exit_.code if isinstance(exit_.code, int) else 2
    finally:
        if previous is None:
            os.environ.pop("FINDER_DEBUG", None)
        else:
            os.environ["FINDER_DEBUG"] = previous
    return CliResult(argv, code, stdout.getvalue(), stderr.getvalue())


@contextlib.contextmanager
def _stdin(replacement: io.StringIO):
    saved, sys.stdin = sys.stdin, replacement
    try:
        yield
    finally:
        sys.stdin = saved
