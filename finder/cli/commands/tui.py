"""``finder`` with no subcommand: start the Textual assistant (the only path that imports Textual)."""

from __future__ import annotations

import argparse
import os
import sys

from finder.errors import UsageError
from finder.i18n import tr


def run(args: argparse.Namespace) -> int:
    # textual-serve starts each browser session with pipes and its own driver: that is a terminal too
    served = bool(os.environ.get("TEXTUAL_DRIVER"))
    if not served and not (_is_terminal(sys.stdin) and _is_terminal(sys.stdout)):
        raise UsageError(tr("tui.needs_terminal"))
    from finder.tui.app import run_app

    return run_app(language=args.lang, directory=args.directory)


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):
        return False
