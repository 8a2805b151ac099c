"""Derived data kept in the user's cache folder, so that a start reads one file instead of parsing many.

Parsing finder's own data files (the gazetteer, the message catalogues, the clinical tables) costs more
than everything else a ``finder route`` process does. What is derived from them depends only on their
bytes and on finder's code, so it is kept as a marshal file, keyed on:

- the cache format, finder's and Python's versions (marshal's format follows Python's);
- the size, modification and change times and inode of every file it is derived from, and of the
  modules that derive it (a source checkout being edited rebuilds too).

Anything that differs rebuilds the entry. What is stored is finder's own public data, never anything
about a patient. Where: ``platformdirs.user_cache_dir("finder")/<area>/<name>.marshal``, never in the
checkout. ``FINDER_NO_CACHE=1`` turns every cache off (the test suite does, but for the tests of the
caches themselves). An entry is written atomically (:mod:`finder.atomic`); one that cannot be read,
decoded or trusted is ignored and rebuilt, and so is one whose value does not have the shape its
reader expects (each caller passes a ``check``): one that cannot be written is skipped: a cache only
saves time, it never changes an answer. The checks are of shape and types, not of content: a file
crafted with the right shapes but other values is trusted, as a ``__pycache__`` file would be.

marshal is Python's own format for its bytecode caches: it builds only plain values (no code runs on
reading), and it is trusted as ``__pycache__`` files are, in a folder of the user's.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import finder

FORMAT = 1
SUFFIX = ".marshal"
MARSHAL_VERSION = 4
DISABLE = "FINDER_NO_CACHE"

T = TypeVar("T")
# what a ``check`` raises on a value of the wrong shape
SHAPE_ERRORS = (ValueError, TypeError, KeyError, IndexError, AttributeError)


def enabled() -> bool:
    """False when ``FINDER_NO_CACHE`` is set to anything but "" or "0"."""
    return os.environ.get(DISABLE, "").strip() in ("", "0")


def folder(area: str) -> Path:
    """The cache folder of one area ("directories", "data"), created on the first write."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("finder", appauthor=False)) / area


def entry_name(stem: str, *sources: Path) -> str:
    """``<stem>-<CRC-32 of the sources' resolved paths, one per line>``: two installs (a checkout and
    its worktrees, two virtual environments) each keep their own entry, instead of rebuilding the
    other's at every turn."""
    import zlib

    paths = "\n".join(str(source.resolve()) for source in sources)
    return f"{stem}-{zlib.crc32(paths.encode('utf-8', 'surrogatepass')):08x}"


def fingerprint(paths: Iterable[str | Path], root: str | Path | None = None) -> list[list[object]]:
    """[path, size, mtime_ns, ctime_ns, inode] of each file, any write changing at least one of them
    ([path, -1, 0, 0, 0] when it is missing). ``root``: the paths are relative to it, and named so."""
    rows: list[list[object]] = []
    for path in paths:
        try:
            info = os.stat(path if root is None else os.path.join(root, path))
        except OSError:
            rows.append([str(path), -1, 0, 0, 0])
            continue
        rows.append([str(path), info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino])
    return rows


def base_key() -> dict[str, Any]:
    """What every entry's key holds: the cache format, finder's and Python's versions."""
    return {"format": FORMAT, "finder": finder.__version__, "python": list(sys.version_info[:2])}


def read_entry(path: Path) -> bytes:
    """The bytes of the entry file ``path``; ``OSError`` when it is missing or not a regular file (a
    named pipe there would block the reading process for ever, a device would never end)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with open(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(f"{path}: not a regular file")
        return handle.read()  # marshal.load would read the file in small pieces


def read(path: Path, key: object) -> Any | None:
    """The value stored at ``path`` under ``key``, or None (missing, damaged, another key)."""
    try:
        stored = marshal.loads(read_entry(path))
        if not isinstance(stored, dict) or stored.get("key") != key:
            return None
        return stored.get("value")
    except (OSError, EOFError, ValueError, TypeError):
        return None


def write(path: Path, key: object, value: object) -> bool:
    """Store ``value`` (plain values only) under ``key`` at ``path``; never raises. True when written."""
    from finder.atomic import write_atomically  # only when writing: it loads secrets

    try:
        data = marshal.dumps({"key": key, "value": value}, MARSHAL_VERSION)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomically(path, data, overwrite=True)
    except (OSError, ValueError, TypeError):
        return False
    return True


def cached(
    area: str,
    name: str,
    sources: Iterable[Path],
    build: Callable[[], T],
    check: Callable[[Any], object],
    *,
    rebuild: bool = False,
) -> T:
    """``build()``, or its value read back from the cache while ``sources`` are unchanged.

    ``sources``: the files the value is derived from, with the modules deriving it. ``build`` must
    return plain values (dict, list, tuple, str, bytes, int, float, bool, None) that marshal keeps
    exactly. ``check(value)`` raises one of :data:`SHAPE_ERRORS` when a stored value does not have the
    shape and types ``build`` gives: such an entry (damaged, or written by hand) is rebuilt and
    rewritten, never returned. ``rebuild``: build and rewrite whatever the entry holds (a reader that
    found the stored value lacking something its sources hold).
    """
    if not enabled():
        return build()
    key = {**base_key(), "sources": fingerprint(sources)}
    path = folder(area) / f"{name}{SUFFIX}"
    value = None if rebuild else read(path, key)
    if value is not None:
        try:
            check(value)
        except SHAPE_ERRORS:
            value = None
    if value is None:
        value = build()
        write(path, key, value)
    return value


def require(condition: bool, what: str) -> None:
    """For a ``check``: raise ``ValueError`` naming ``what`` unless ``condition`` holds."""
    if not condition:
        raise ValueError(f"cache entry: {what}")
