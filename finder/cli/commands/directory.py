"""``finder directory validate|new|lint``: the directory maintainers' tools."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from finder.directory.schema import flags
from finder.errors import EXIT_NO_RESULT, FinderError, UsageError
from finder.i18n import tr

if TYPE_CHECKING:
    from finder.directory.official import OfficialCount

# flag -> key of finder.directory.tools.NewEntry; each is asked when not given. The schema table
# (finder.directory.schema) declares which fields take a flag; "city" and "id" are the wizard's own.
NEW_FLAGS = (*flags(), "id")


def _today(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr("directory.option.bad_date", value=text)) from None


def _new_flag_help(name: str) -> tuple[str, str]:
    """(metavar, help) of a ``finder directory new`` flag, from the schema table: the question the
    wizard asks; for a field with choices, a short label and the allowed values (one, or several
    separated by commas), since the wizard's question lists them its own way."""
    from finder.directory.schema import FIELDS

    field = next((f for f in FIELDS if f.flag == name), None)
    if field is None:
        return "TEXT", tr(f"new.ask.{name}")
    allowed = field.allowed()
    if allowed:
        many = field.tag == "list[str]"
        values = tr("new.option.choices_many" if many else "new.option.choices", choices=", ".join(allowed))
        return ("VALUE,…" if many else "VALUE"), f"{tr(f'new.flag.{name}')} — {values}"
    metavar = {"date": "YYYY-MM-DD", "list[str]": "URL…"}.get(field.tag, "TEXT")
    return metavar, tr(f"new.ask.{name}")


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    from finder.cli.options import common_options

    common = common_options(defaults=False)
    validate = actions.add_parser("validate", parents=[common], help=tr("directory.cmd.validate"))
    validate.add_argument("paths", nargs="*", metavar="PATH", help=tr("directory.option.paths"))
    validate.add_argument("--strict", action="store_true", help=tr("directory.option.strict"))
    validate.add_argument("--today", type=_today, metavar="YYYY-MM-DD", help=tr("directory.option.today"))

    lint = actions.add_parser("lint", parents=[common], help=tr("directory.cmd.lint"))
    lint.add_argument("--strict", action="store_true", help=tr("directory.option.strict"))
    lint.add_argument("--today", type=_today, metavar="YYYY-MM-DD", help=tr("directory.option.today"))

    export = actions.add_parser("export-user", parents=[common], help=tr("directory.cmd.export_user"))
    export.add_argument("file", metavar="FILE", help=tr("directory.option.export_file"))
    export.add_argument("--yes", action="store_true", help=tr("directory.option.yes_overwrite"))
    imported = actions.add_parser("import-user", parents=[common], help=tr("directory.cmd.import_user"))
    imported.add_argument("file", metavar="FILE", help=tr("directory.option.import_file"))
    imported.add_argument("--yes", action="store_true", help=tr("directory.option.yes_overwrite"))
    imported.add_argument("--no-input", action="store_true", help=tr("directory.option.no_input_import"))

    coverage = actions.add_parser("coverage", parents=[common], help=tr("directory.cmd.coverage"))
    coverage.add_argument("--json", action="store_true", help=tr("cli.option.json"))

    new = actions.add_parser("new", parents=[common], help=tr("directory.cmd.new"))
    for name in NEW_FLAGS:
        metavar, help_text = _new_flag_help(name)
        new.add_argument("--" + name.replace("_", "-"), dest="new_" + name, metavar=metavar, help=help_text)
    new.add_argument("--rtms", dest="new_rtms", action="store_true", default=None, help=tr("new.option.rtms"))
    new.add_argument("--no-rtms", dest="new_rtms", action="store_false", help=tr("new.option.no_rtms"))
    new.add_argument("--user", action="store_true", help=tr("new.option.user"))
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
    if args.action == "coverage":
        return _coverage(args)
    if args.action == "export-user":
        return _export_user(args)
    if args.action == "import-user":
        return _import_user(args)
    from finder.cli.commands import directory_maintain

    if args.action in directory_maintain.ACTIONS:
        return directory_maintain.run(args, _directory(args))
    raise UsageError(tr("directory.cmd.missing"))


def _directory(args: argparse.Namespace) -> Path:
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

    from finder.directory.user import user_directory

    wizard = NewEntry(
        user_directory() if args.user else _directory(args),
        given,
        interactive=not args.no_input,
        ask=_ask,
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


def _coverage(args: argparse.Namespace) -> int:
    """Per region: entries by kind, closed or suspended, the official count, uncovered prefectures."""
    import json

    from finder.directory.catalog import load_catalog
    from finder.directory.coverage import LABELLED_KINDS, PREFECTURE_KM, coverage
    from finder.directory.official import national_count
    from finder.model import CENTRE_KINDS
    from finder.places.gazetteer import load_gazetteer

    catalog = load_catalog(_directory(args))
    rows = coverage(catalog.centres, load_gazetteer())
    national = national_count()
    if args.json:
        data = {
            "prefecture_km": PREFECTURE_KM,
            "entries": len(catalog.centres),
            "national": _official_dict(national),
            "regions": [
                {
                    "region": row.region,
                    "name": row.name,
                    "by_kind": row.by_kind,
                    "labelled": row.labelled,
                    "inactive": row.inactive,
                    "official": _official_dict(row.official),
                    "well_below": row.well_below,
                    "uncovered_departments": [
                        {"code": code, "name": name, "audience": audience, "nearest_km": km}
                        for audience, uncovered in row.uncovered.items()
                        for code, name, km in uncovered
                    ],
                }
                for row in rows
            ],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(tr("coverage.header", km=f"{PREFECTURE_KM:g}"))
    for row in rows:
        kinds = ", ".join(f"{kind} {row.by_kind[kind]}" for kind in CENTRE_KINDS if row.by_kind.get(kind))
        labelled = sum(row.by_kind.get(kind, 0) for kind in LABELLED_KINDS)
        line = tr("coverage.region", name=row.name, total=sum(row.by_kind.values()), labelled=labelled)
        print(line + (f" ({kinds})" if kinds else ""))
        if row.inactive:
            print("  " + tr("coverage.inactive", count=row.inactive))
        if row.official:
            official = row.official
            key = "coverage.official_below" if row.well_below else "coverage.official"
            print(
                "  "
                + tr(
                    key,
                    count=official.labelled,
                    what=tr(f"coverage.kinds.{official.kinds}"),
                    year=official.year or tr("coverage.undated"),
                    source=official.source,
                )
            )
        for audience, uncovered in row.uncovered.items():
            if uncovered:
                names = ", ".join(f"{name} ({code})" for code, name, _ in uncovered)
                print("  " + tr(f"coverage.uncovered.{audience}", km=f"{PREFECTURE_KM:g}", departments=names))
    if national:
        print(
            tr(
                "coverage.national",
                entries=len(catalog.centres),
                count=national.labelled,
                year=national.year or tr("coverage.undated"),
                source=national.source,
            )
        )
    return 0


def _official_dict(count: OfficialCount | None) -> dict[str, object] | None:
    if count is None:
        return None
    return {
        "labelled": count.labelled,
        "kinds": count.kinds,
        "centres": count.centres,
        "consultations": count.consultations,
        "year": count.year,
        "source": count.source,
        "note": count.note,
    }


def _ask(prompt: str) -> str | None:
    sys.stdout.write(prompt)
    sys.stdout.flush()
    line = sys.stdin.readline()
    return line.rstrip("\n") if line else None


def _confirm(prompt: str) -> bool:
    answer = _ask(f"{prompt} {tr('new.yes_no_default_no')} ")
    return (answer or "").strip().lower() in ("o", "oui", "y", "yes")


def _export_user(args: argparse.Namespace) -> int:
    """The user's entries into one zip file, never over an existing file without asking."""
    from pathlib import Path

    from finder.directory.user import export_user, user_directory

    source, target = user_directory(), Path(args.file)
    if not source.is_dir() or not any(source.glob("*/*.toml")):
        raise FinderError(tr("directory.user.nothing_to_export", path=source))
    if target.exists() and not args.yes and not _confirm(tr("directory.user.overwrite", path=target)):
        print(tr("new.not_written"))
        return EXIT_NO_RESULT
    count = export_user(source, target)
    print(tr("directory.user.exported", count=count, path=target))
    return 0


def _import_user(args: argparse.Namespace) -> int:
    """Entries of an export file into the user's directory: the valid ones, each bad one named."""
    import zipfile
    from pathlib import Path

    from finder.directory.toml_edit import ChangedMeanwhile, write_atomic
    from finder.directory.user import read_import, user_directory
    from finder.places.gazetteer import load_gazetteer

    source = Path(args.file)
    if not source.is_file():
        raise UsageError(tr("directory.missing_path", path=source))
    try:
        check = read_import(source, gazetteer=load_gazetteer(), today=date.today())
    except zipfile.BadZipFile:
        raise FinderError(tr("directory.user.not_an_export", path=source)) from None
    for problem in check.problems:
        print(problem.format(), file=sys.stderr)
    for name in check.bad_members:
        print(tr("directory.user.bad_member", name=name, path=source), file=sys.stderr)
    target = user_directory()
    written = skipped = 0
    for name, text in sorted(check.entries.items()):
        path = target / name
        current = path.read_bytes() if path.exists() else None
        if current is not None:
            if current == text.encode("utf-8"):
                continue
            replace = args.yes or (not args.no_input and _confirm(tr("directory.user.overwrite", path=path)))
            if not replace:
                skipped += 1
                continue
        try:
            write_atomic(path, text, expected=current)  # never replaces a file created or edited meanwhile
        except (ChangedMeanwhile, FileExistsError):
            raise FinderError(tr("edit.changed_meanwhile", path=path)) from None
        written += 1
    rejected = len({p.path for p in check.problems}) + len(check.bad_members)
    print(tr("directory.user.imported", written=written, skipped=skipped, rejected=rejected, path=target))
    return EXIT_NO_RESULT if rejected else 0
