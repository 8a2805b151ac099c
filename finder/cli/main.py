"""The ``finder`` command line: argparse subcommands over the domain modules.

Start-up must stay fast: this module and ``finder.cli.commands.*`` import only the standard library at
module level. Each command imports what it needs inside ``run``; Textual is imported only when the
TUI (no subcommand) or ``finder serve`` starts.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress

from finder import __version__
from finder.cli.argparse_fr import use_language
from finder.cli.options import common_options
from finder.cli.output import EXIT_OUTPUT, command_line_argument, raw_output, safe_output
from finder.errors import EXIT_INTERRUPTED, EXIT_USAGE, FinderError
from finder.i18n import LANGUAGES, language_from_environment, set_language, tr

# Subcommand name -> module in finder.cli.commands exposing ``configure(parser)`` and ``run(args) -> int``.
COMMANDS = ("route", "place", "pain", "centres", "directory", "serve")
# Commands that load finder's data, answer once and end. The cyclic garbage collector would run some
# 40 times while their modules and data load (3-4 ms of a route) and find next to nothing to free
# before the process ends: it is paused while they run, and their process skips the interpreter's
# teardown (``entry``). The others (the TUI, serve, the directory's maintenance over many files) keep
# both.
ONE_SHOT = ("route", "place", "pain", "centres")


def _language_from_argv(argv: Sequence[str]) -> str:
    """Read ``--lang`` before building the parser, so that ``--help`` itself is translated.

    As argparse reads it: ``--lang en``, ``--lang=en``, or abbreviated (``--la en``, ``--lan=en``: no
    other option of finder starts with ``--la``)."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        name, equals, value = arg.partition("=")
        if not (name.startswith("--la") and "--lang".startswith(name)):
            continue
        if not equals:
            value = argv[index + 1] if index + 1 < len(argv) else ""
        if value in LANGUAGES:
            return value
    return language_from_environment()


# The top-level options that take a value, and every option the top-level parser knows (for argparse's
# abbreviations: ``--dir X`` is ``--directory X``).
_VALUED = ("--lang", "--directory")
_TOP_LEVEL = ("--help", "--version", *_VALUED)


def named_command(argv: Sequence[str]) -> str | None:
    """The sub-command ``argv`` names, as argparse will read it, or None when unsure.

    Only the top-level options that take a value (``--lang``, ``--directory``, in any spelling
    argparse accepts: ``--lang=en``, ``--dir X``) may come before it. Anything else (``--help``, an
    unknown option, ``--``, no command, an unknown or misspelt one) gives None: the whole parser is
    then built, so that help, errors and "did you mean" are argparse's own.
    """
    index = 0
    while index < len(argv):
        arg = argv[index]
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else None
        name, equals, _value = arg.partition("=")
        matches = (
            [option for option in _TOP_LEVEL if option.startswith(name)] if name.startswith("--") else []
        )
        if len(matches) != 1 or matches[0] not in _VALUED:
            return None
        index += 1 if equals else 2
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """finder's parser; with ``argv`` naming a command, only that command's sub-parser is configured.

    Configuring a command imports its module and translates its help: a ``finder route`` process
    need not pay for the five others. The parser then reads ``argv`` exactly as the whole one would
    (a test compares both on many command lines).
    """
    command = None if argv is None else named_command(argv)
    common = common_options(defaults=False)
    parser = argparse.ArgumentParser(
        prog="finder",
        description=tr("cli.description"),
        epilog=tr("cli.epilog"),
        parents=[common_options()],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"finder {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", title=tr("cli.commands"))
    for name in COMMANDS if command is None else (command,):
        module = importlib.import_module(f"finder.cli.commands.{name}")
        sub = subparsers.add_parser(
            name,
            parents=[common],
            help=tr(f"cli.{name}.help"),
            description=tr(f"cli.{name}.description"),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.configure(sub)
        sub.set_defaults(handler=module.run)
    return parser


def entry() -> int:
    """The ``finder`` command of a process (the console script, ``python -m finder``): :func:`main`.

    A :data:`ONE_SHOT` command ends the process as soon as its output is flushed: the collector paused
    for it is not given back, and the interpreter's teardown (freeing, one by one, every object and
    module the command loaded: 3-5 ms of a 75 ms route) is skipped, as the process frees it all at
    once. Such a command has closed every file it wrote by then (exports are written atomically).
    """
    if named_command(sys.argv[1:]) not in ONE_SHOT:
        return main()
    gc.disable()
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass  # the reader went away (``finder place paris | head -1``): not an error, as in _command
    except OSError:
        code = code or EXIT_OUTPUT  # what Python itself returns when it cannot flush at exit
    with suppress(OSError):
        sys.stderr.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; everything it prints goes through :func:`finder.cli.output.safe_output`.

    The process is left as it was found (for in-process callers such as the tests).
    """
    with safe_output():
        return _main(argv)


@contextmanager
def _collector_paused(command: str | None) -> Iterator[None]:
    """Python's cyclic garbage collector off while a :data:`ONE_SHOT` command runs, then as it was."""
    paused = command in ONE_SHOT and gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    args_list = [command_line_argument(arg) for arg in (sys.argv[1:] if argv is None else argv)]
    with _collector_paused(named_command(args_list)):
        try:
            return _command(args_list)
        except KeyboardInterrupt:  # Ctrl-C while the parser is built (its messages read or cached)
            return EXIT_INTERRUPTED


def _parse(parser: argparse.ArgumentParser, args_list: list[str]) -> argparse.Namespace:
    """``parser.parse_args``; the help, the version or the usage error argparse printed before it
    exits is flushed first, so that an output that cannot be written is reported (OutputError)."""
    try:
        return parser.parse_args(args_list)
    except SystemExit:
        sys.stdout.flush()
        raise


def _command(args_list: list[str]) -> int:
    language = _language_from_argv(args_list)
    set_language(language)
    use_language(language)
    parser = build_parser(args_list)
    try:
        args = _parse(parser, args_list)
        if getattr(args, "handler", None) is None:
            from finder.cli.commands.tui import run as run_tui

            with raw_output():
                return run_tui(args)
        code = int(args.handler(args) or 0)
        sys.stdout.flush()  # a full disk is reported here (OutputError), not lost at exit
        return code
    except FinderError as error:
        with suppress(FinderError, OSError):  # an error output that cannot be written either
            print(f"finder: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``finder place paris | head -1``): not an error for the user.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:  # last line of defence: a message, never a traceback
        if os.environ.get("FINDER_DEBUG"):
            raise
        print(tr("cli.internal_error", error=type(error).__name__), file=sys.stderr)
        return EXIT_USAGE + 1
