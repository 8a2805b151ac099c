"""``finder directory enrich|check-links|verify``: the maintainers' tools that complete the directory."""

from __future__ import annotations

import argparse
import importlib.util
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from finder.errors import EXIT_NO_RESULT, FinderError, UsageError
from finder.i18n import tr

if TYPE_CHECKING:
    from finder.places.lookup import PlaceLookup

ACTIONS = ("enrich", "check-links", "verify")
INSTALL_HINT = "pip install 'finder[maintain]'"


def configure(actions: Any, common: argparse.ArgumentParser, today_type: Any) -> None:
    from finder.directory.schema import FINESS_FIELDS as FORCEABLE  # what enrich may force (enrich.FORCEABLE)

    enrich = actions.add_parser("enrich", parents=[common], help=tr("enrich.cmd"))
    enrich.add_argument("--finess", required=True, metavar="FILE", help=tr("enrich.option.finess"))
    enrich.add_argument("--apply", action="store_true", help=tr("enrich.option.apply"))
    enrich.add_argument(
        "--force",
        action="append",
        default=[],
        choices=FORCEABLE,
        metavar="FIELD",
        help=tr("enrich.option.force", fields=", ".join(FORCEABLE)),
    )
    enrich.add_argument(
        "--pick", action="append", default=[], metavar="ID=NUMBER", help=tr("enrich.option.pick")
    )
    enrich.add_argument("--today", type=today_type, metavar="YYYY-MM-DD", help=tr("directory.option.today"))

    links = actions.add_parser("check-links", parents=[common], help=tr("links.cmd"))
    links.add_argument(
        "--timeout", type=_positive(float), default=10.0, metavar="S", help=tr("links.option.timeout")
    )
    links.add_argument(
        "--concurrency", type=_positive(int), default=8, metavar="N", help=tr("links.option.concurrency")
    )
    links.add_argument("--allow-local", action="store_true", help=tr("links.option.allow_local"))

    verify = actions.add_parser("verify", parents=[common], help=tr("verify.cmd"))
    verify.add_argument("id", metavar="ID", help=tr("verify.option.id"))
    verify.add_argument("--note", metavar="TEXT", help=tr("verify.option.note"))
    verify.add_argument("--date", type=today_type, metavar="YYYY-MM-DD", help=tr("verify.option.date"))
    verify.add_argument("--today", type=today_type, metavar="YYYY-MM-DD", help=tr("directory.option.today"))


def _positive(kind: Any) -> Any:
    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or value <= 0 or value != value:
            raise argparse.ArgumentTypeError(tr("links.bad_number", value=text))
        return value

    return parse


def run(args: argparse.Namespace, directory: Path) -> int:
    if args.action == "enrich":
        return _enrich(args, directory)
    if args.action == "check-links":
        return _check_links(args, directory)
    if args.action == "verify":
        return _verify(args, directory)
    raise UsageError(tr("directory.cmd.missing"))


# --- enrich ----------------------------------------------------------------------------------------


def _enrich(args: argparse.Namespace, directory: Path) -> int:
    from finder.directory import enrich
    from finder.directory.finess import read_extract
    from finder.directory.validate import did_you_mean, validate_paths
    from finder.places.gazetteer import load_gazetteer

    if importlib.util.find_spec("pyproj") is None:
        raise FinderError(tr("enrich.needs_pyproj", command=INSTALL_HINT))
    try:
        picks = enrich.parse_picks(args.pick)
    except ValueError as error:
        raise UsageError(tr("enrich.bad_pick", value=error.args[0])) from None
    path = Path(args.finess)
    if not path.is_file():
        raise UsageError(tr("directory.missing_path", path=path))
    if not directory.is_dir():
        raise FinderError(tr("directory.not_a_directory", path=directory))
    today = args.today or date.today()
    gazetteer = load_gazetteer()
    report = validate_paths([directory], today=today, gazetteer=gazetteer)
    files = [checked for checked in report.files if checked.ok]
    ids = [checked.id for checked in files]
    for entry_id in picks:
        if entry_id not in ids:
            raise UsageError(tr("verify.unknown_id", id=entry_id, hint=did_you_mean(entry_id, ids)))
    numbers, legals, communes = enrich.wanted(files, gazetteer)
    numbers |= set(picks.values())
    extract = read_extract(path, lambda s: s.number in numbers or s.legal in legals or s.insee in communes)
    if extract.extract_date > today:
        raise FinderError(tr("enrich.future_extract", date=extract.extract_date.isoformat()))
    plans = enrich.plan_all(files, extract, gazetteer, picks, set(args.force))
    for line in review_lines(plans):
        print(line)
    skipped = len(report.files) - len(files)
    if skipped:
        print(tr("enrich.skipped_invalid", count=skipped))
    writes = [plan for plan in plans if plan.writes]
    print(
        tr(
            "enrich.summary",
            entries=len(plans),
            matched=sum(1 for p in plans if p.match.site is not None),
            files=len(writes),
            changes=sum(len(p.writes) for p in plans),
            date=extract.extract_date.isoformat(),
            lines=extract.lines,
            encoding=extract.encoding,
        )
    )
    if not args.apply:
        if writes:
            print(tr("enrich.review_then_apply"))
        return 0
    return _apply(writes, extract.extract_date, gazetteer, today)


def _apply(plans: list[Any], extract_date: date, gazetteer: PlaceLookup, today: date) -> int:
    from finder.directory import enrich, entry_checks, toml_edit
    from finder.directory.schema import layout
    from finder.directory.validate import display_path

    prepared: list[tuple[Path, bytes, str]] = []
    failures: list[str] = []
    for plan in plans:
        path = plan.checked.path
        original = path.read_bytes()
        text = enrich.apply_plan(original.decode("utf-8"), plan, extract_date, layout())
        problems = entry_checks.validation_errors(path, text, gazetteer, today)
        if problems:
            failures.append(tr("enrich.would_break", path=display_path(path), problems=problems))
        prepared.append((path, original, text))
    if failures:
        for failure in failures:
            print(failure)
        raise FinderError(tr("enrich.nothing_written"))
    for path, original, text in prepared:
        try:
            toml_edit.write_atomic(path, text, expected=original)
        except toml_edit.ChangedMeanwhile:
            raise FinderError(tr("edit.changed_meanwhile", path=display_path(path))) from None
        print(tr("enrich.written", path=display_path(path)))
    return 0


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _site_label(site: Any) -> str:
    return f"{site.number} {site.name} ({site.routing_line})"


def review_lines(plans: list[Any]) -> list[str]:
    """The review table: per entry its match (or candidates) and per field what would change.

    Names and values come from the extract and the entries (hostile input): printed without their
    control characters."""
    from finder.text import neutralise

    return [neutralise(line) for line in _review(plans)]


def _review(plans: list[Any]) -> list[str]:
    lines: list[str] = []
    for plan in sorted(plans, key=lambda p: p.checked.id):
        match = plan.match
        if match.site is None:
            lines.append(f"{plan.checked.id}: {tr('enrich.problem_' + (match.problem or 'none'))}")
            for candidate in match.candidates:
                where = "" if candidate.same_commune else " " + tr("enrich.other_commune")
                lines.append(f"    {_site_label(candidate.site)}  {candidate.score:.0f}{where}")
            if match.candidates:
                lines.append("    " + tr("enrich.pick_hint", id=plan.checked.id))
            continue
        method = tr("enrich.method." + match.method)
        lines.append(f"{plan.checked.id}: {_site_label(match.site)} [{method}, {match.score:.0f}]")
        for change in plan.changes:
            action = tr("enrich.action." + change.action)
            if change.reason:
                action += f" ({tr('enrich.reason.' + change.reason)})"
            current, proposed = _shown(change.current), _shown(change.proposed)
            lines.append(f"    {change.field:<9} {current:<32} → {proposed:<32} {action}")  # never cut
    return lines


# --- check-links -----------------------------------------------------------------------------------


def _check_links(args: argparse.Namespace, directory: Path) -> int:
    import asyncio

    import finder
    from finder.directory import links
    from finder.directory.validate import collect_files, display_path

    if not directory.is_dir():
        raise FinderError(tr("directory.not_a_directory", path=directory))
    found, unreadable = links.collect(collect_files([directory]))
    urls = {link.url for link in found}
    print(
        tr(
            "links.start",
            urls=len(urls),
            links=len(found),
            timeout=args.timeout,
            concurrency=args.concurrency,
        )
    )
    outcomes = asyncio.run(
        links.check_urls(
            urls,
            timeout=args.timeout,
            concurrency=args.concurrency,
            user_agent=f"finder/{finder.__version__}",
            allow_local=args.allow_local,
        )
    )
    problems = links.problems(found, outcomes)
    for problem in problems:
        print(problem.format())
    for path in unreadable:
        print(tr("links.unreadable", path=display_path(path)))
    print(tr("links.summary", urls=len(urls), links=len(found), warnings=len(problems)))
    return EXIT_NO_RESULT if problems or unreadable else 0


# --- verify ----------------------------------------------------------------------------------------


def _verify(args: argparse.Namespace, directory: Path) -> int:
    from finder.directory import entry_checks, toml_edit
    from finder.directory.schema import layout
    from finder.directory.validate import display_path
    from finder.directory.verify import find_entry, verified
    from finder.places.gazetteer import load_gazetteer

    if not directory.is_dir():
        raise FinderError(tr("directory.not_a_directory", path=directory))
    today = args.today or date.today()
    when = args.date or today
    path = find_entry(directory, args.id)
    original = path.read_bytes()
    try:
        text = original.decode("utf-8")
    except UnicodeDecodeError:
        raise FinderError(tr("verify.not_utf8", path=display_path(path))) from None
    new = verified(text, when, args.note, today, layout())
    problems = entry_checks.validation_errors(path, new, load_gazetteer(), today)
    if problems:
        raise FinderError(tr("verify.invalid", path=display_path(path), problems=problems))
    try:
        toml_edit.write_atomic(path, new, expected=original)
    except toml_edit.ChangedMeanwhile:
        raise FinderError(tr("edit.changed_meanwhile", path=display_path(path))) from None
    print(tr("verify.done", path=display_path(path), date=when.isoformat()))
    return 0
