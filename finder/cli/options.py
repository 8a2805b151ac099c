"""The options every command takes, defined once for the top level and every sub-command."""

from __future__ import annotations

import argparse

from finder.i18n import LANGUAGES, tr


def common_options(*, defaults: bool = True) -> argparse.ArgumentParser:
    """Options every command takes: ``--lang`` and ``--directory``, the one definition of both.

    They are accepted before and after the sub-command (``finder --directory X route`` and ``finder
    route --directory X``): only the top-level parser has defaults (``defaults``); a sub-command's
    copy is SUPPRESSed when absent, so it never overwrites the value given before the sub-command.
    """
    default = None if defaults else argparse.SUPPRESS
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=LANGUAGES, default=default, help=tr("cli.option.lang"))
    common.add_argument("--directory", metavar="PATH", default=default, help=tr("cli.option.directory"))
    return common
