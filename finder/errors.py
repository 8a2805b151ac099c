"""Errors that reach the user as a clear message and an exit code, never as a traceback."""

from __future__ import annotations

EXIT_OK = 0
EXIT_NO_RESULT = 1  # nothing matched, or validation errors
EXIT_USAGE = 2  # the command line or an option value is wrong
EXIT_INTERRUPTED = 130  # ended by Ctrl-C: the shell's code for it (128 + SIGINT)


class FinderError(Exception):
    """A problem the user can fix; ``str(error)`` is the already translated message."""

    exit_code = EXIT_NO_RESULT

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(FinderError):
    """An option value is out of range or unknown (exit 2, like argparse's own errors)."""

    exit_code = EXIT_USAGE


class NoResult(FinderError):
    """The query was valid but nothing matched (exit 1)."""

    exit_code = EXIT_NO_RESULT
