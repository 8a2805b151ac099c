"""What the commands print reaches the terminal inert and in the terminal's encoding.

:func:`safe_output` puts a :class:`SafeStream` in front of ``sys.stdout`` and ``sys.stderr`` while a
command runs: every text written goes through :func:`finder.text.neutralise` (a directory value, a
server's reply or a typed answer cannot send an escape sequence to the terminal), and characters the
output encoding cannot carry (``LC_ALL=C``, ``PYTHONIOENCODING=ascii``, cp850, iso8859-15) are
transliterated ("é" -> "e", "—" -> "-", "«" -> '"'), or "?" for what has no equivalent, instead of
stopping the command with a UnicodeEncodeError.
"""

from __future__ import annotations

import codecs
import contextlib
import sys
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from finder.errors import FinderError
from finder.text import neutralise

# the output could not be written (a full disk): what Python itself returns when it cannot flush at exit
EXIT_OUTPUT = 120

ERRORS = "finder-transliterate"

# Characters NFKD leaves whole that have a plain ASCII equivalent.
_PLAIN = {
    "—": "-",
    "–": "-",
    "‑": "-",
    "−": "-",
    "·": "-",
    "•": "*",
    "«": '"',
    "»": '"',
    "“": '"',
    "”": '"',
    "„": '"',
    "‘": "'",
    "’": "'",
    "→": "->",
    "←": "<-",
    "≥": ">=",
    "≤": "<=",
    "⚠": "!",
    "✓": "v",
    "×": "x",
    "œ": "oe",
    "Œ": "OE",
    "æ": "ae",
    "Æ": "AE",
    "ß": "ss",
    "€": "EUR",
    "°": "o",
}


def transliterate(char: str, encoding: str) -> str:
    """The closest text to ``char`` that ``encoding`` can carry ("?" when there is none)."""
    for candidate in (
        _PLAIN.get(char),
        "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)),
    ):
        if candidate:
            try:
                candidate.encode(encoding)
            except (UnicodeEncodeError, LookupError):
                continue
            return candidate
    return "?"


def _handler(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    encoding = error.encoding or "ascii"
    text = "".join(transliterate(char, encoding) for char in error.object[error.start : error.end])
    return text, error.end


codecs.register_error(ERRORS, _handler)


class OutputError(FinderError):
    """The output could not be written (a full disk, a file too large, an I/O error): the command's
    result is incomplete. A reader that went away (``BrokenPipeError``) is not one."""

    exit_code = EXIT_OUTPUT


def _output_error(error: OSError) -> OutputError:
    from finder.i18n import tr

    return OutputError(tr("cli.output_failed", error=error.strerror or type(error).__name__))


class SafeStream:
    """A text stream that neutralises control characters and never fails on an unencodable one."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        safe = neutralise(text)
        encoding = getattr(self.stream, "encoding", None)
        if encoding:
            try:
                safe.encode(encoding)
            except UnicodeEncodeError:
                safe = safe.encode(encoding, ERRORS).decode(encoding)
            except LookupError:
                pass
        try:
            self.stream.write(safe)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise _output_error(error) from error
        return len(text)

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise _output_error(error) from error

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self.stream, "encoding", "utf-8")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextmanager
def safe_output() -> Iterator[None]:
    """``sys.stdout`` and ``sys.stderr`` as :class:`SafeStream` for the duration of the block."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(sys.stdout), SafeStream(sys.stderr)
    _tolerant_input()
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError, OutputError):  # reported by the command
                stream.flush()
        sys.stdout, sys.stderr = saved


def _tolerant_input() -> None:
    """Typed text the input encoding cannot decode becomes U+FFFD instead of a UnicodeDecodeError."""
    stdin = sys.stdin
    if getattr(stdin, "errors", None) == "strict" and hasattr(stdin, "reconfigure"):
        with contextlib.suppress(ValueError, OSError, AttributeError):
            stdin.reconfigure(errors="replace")


def command_line_argument(argument: str) -> str:
    """An argument as typed: bytes a non-UTF-8 locale (``LC_ALL=C``) decoded as surrogates are read
    again as UTF-8, what terminals send ("Saint-\\udcc3\\udc89tienne" -> "Saint-Étienne")."""
    if not any("\udc80" <= char <= "\udcff" for char in argument):
        return argument
    import os

    return os.fsencode(argument).decode("utf-8", "replace")


@contextmanager
def raw_output() -> Iterator[None]:
    """The real streams again (the Textual app draws with escape sequences of its own)."""
    saved = sys.stdout, sys.stderr
    sys.stdout = getattr(sys.stdout, "stream", sys.stdout)
    sys.stderr = getattr(sys.stderr, "stream", sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
