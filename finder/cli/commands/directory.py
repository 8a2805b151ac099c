"""``finder directory validate|new|lint``: the directory maintainers' tools."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from finder.directory.schema import flags
from finder.errors import EXIT_NO_RESULT, FinderError, UsageError
from finder.i18n import tr

# flag -> key of finder.directory.tools.NewEntry; each is asked when not given. The schema table
# (finder.directory.schema) declares which fields take a flag; "city" and "id" are the wizard's own.
NEW_FLAGS = (*flags(), "id")


def _today(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr("directory.option.bad_date", value=text)) from None


def _common() -> argparse.ArgumentParser:
    """``--lang`` and ``--directory`` also after the action (``finder directory lint --lang en``);
    suppressed defaults keep a value given before the action."""
    from finder.i18n import LANGUAGES

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=tr("cli.option.lang"))
    common.add_argument(
        "--directory", metavar="PATH", default=argparse.SUPPRESS, help=tr("cli.option.directory")
    )
    return common


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    common = _common()
    validate = actions.add_parser("validate", parents=[common], help=tr("directory.cmd.validate"))
    validate.add_argument("paths", nargs="*", metavar="PATH", help=tr("directory.option.paths"))
    validate.add_argument("--strict", action="store_true", help=tr("directory.option.strict"))
    validate.add_argument("--today", type=_today, metavar="YYYY-MM-DD", help=tr("directory.option.today"))

    lint = actions.add_parser("lint", parents=[common], help=tr("directory.cmd.lint"))
    lint.add_argument("--strict", action="store_true", help=tr("directory.option.strict"))
    lint.add_argument("--today", type=_today, metavar="YYYY-MM-DD", help=tr("directory.option.today"))

    new = actions.add_parser("new", parents=[common], help=tr("directory.cmd.new"))
    for name in NEW_FLAGS:
        new.add_argument("--" + name.replace("_", "-"), dest="new_" + name, metavar="TEXT")
    new.add_argument("--rtms", dest="new_rtms", action="store_true", default=None, help=tr("new.option.rtms"))
    new.add_argument("--no-rtms", dest="new_rtms", action="store_false", help=tr("new.option.no_rtms"))
    new.add_argument("--no-input", action="store_true", help=tr("new.option.no_input"))
    new.add_argument("--yes", action="store_true", help=tr("new.option.yes"))
    new.add_argument("--today", type=_today, metavar="YYYY-MM-DD", help=tr("directory.option.today"))

    from finder.cli.commands import directory_maintain

    directory_maintain.configure(actions, common, _today)


def run(args: argparse.Namespace) -> int:
    if args.action == "validate":
        return _validate(args)
    if args.action == "lint":
        return _lint(args)
    if args.action == "new":
        return _new(args)
    from finder.cli.commands import directory_maintain

    if args.action in directory_maintain.ACTIONS:
        return directory_maintain.run(args, _directory(args))
    raise UsageError(tr("directory.cmd.missing"))


def _directory(args: argparse.Namespace):
    from pathlib import Path

    from finder.directory.catalog import default_directory

    return Path(args.directory) if args.directory else default_directory()


def _validate(args: argparse.Namespace) -> int:
    from pathlib import Path

    from finder.directory.validate import collect_files, display_path, validate_paths

    paths = [Path(p) for p in args.paths] or [_directory(args)]
    for path in paths:
        if not path.exists():
            raise UsageError(tr("directory.missing_path", path=path))
    if not collect_files(paths):
        raise FinderError(tr("directory.no_files", paths=", ".join(display_path(p) for p in paths)))
    report = validate_paths(paths, today=args.today)
    for problem in report.problems:
        print(problem.format())
    print(tr("directory.summary", files=len(report.files), errors=report.errors, warnings=report.warnings))
    failed = report.errors or (args.strict and report.warnings)
    return EXIT_NO_RESULT if failed else 0


def _lint(args: argparse.Namespace) -> int:
    from finder.directory.catalog import load_catalog
    from finder.directory.tools import lint

    catalog = load_catalog(_directory(args), today=args.today)
    problems = lint(catalog.centres, today=args.today)
    for problem in problems:
        print(problem.format())
    if catalog.problems:
        print(tr("directory.lint_skipped", count=len({p.path for p in catalog.problems})))
    print(tr("directory.lint_summary", entries=len(catalog.centres), warnings=len(problems)))
    return EXIT_NO_RESULT if (args.strict and problems) or catalog.problems else 0


def _new(args: argparse.Namespace) -> int:
    from finder.directory.tools import Aborted, NewEntry

    given = {name: getattr(args, "new_" + name) for name in NEW_FLAGS if getattr(args, "new_" + name)}
    if args.new_rtms is not None:
        given["rtms"] = args.new_rtms

    def ask(prompt: str) -> str | None:
        sys.stdout.write(prompt)
        sys.stdout.flush()
        line = sys.stdin.readline()
        return line.rstrip("\n") if line else None

    wizard = NewEntry(
        _directory(args),
        given,
        interactive=not args.no_input,
        ask=ask,
        say=print,
        today=args.today or date.today(),
        assume_write=args.yes,
    )
    try:
        path = wizard.run()
    except Aborted:
        print()
        raise FinderError(tr("new.aborted")) from None
    except FileExistsError as error:
        raise FinderError(tr("new.exists", path=error.args[0])) from None
    return 0 if path else EXIT_NO_RESULT
