"""``finder`` with no subcommand: start the Textual assistant (the only path that imports Textual)."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    from finder.tui.app import run_app

    return run_app(language=args.lang, directory=args.directory)
