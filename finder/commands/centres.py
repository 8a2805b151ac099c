"""``finder centres``: placeholder until its issue lands."""

from __future__ import annotations

import argparse

from finder.errors import FinderError
from finder.i18n import tr


def configure(parser: argparse.ArgumentParser) -> None:
    """No options yet."""


def run(args: argparse.Namespace) -> int:
    raise FinderError(tr("cli.not_ready"))
