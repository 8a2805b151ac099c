"""Run finder in a child process that cannot reach the network and whose every write is seen.

The child gets a temporary HOME (with the XDG folders and TMPDIR inside it) and a temporary working
directory, ``PYTHONDONTWRITEBYTECODE=1`` (so Python itself writes no ``__pycache__``), and this
folder first on ``PYTHONPATH`` so that ``sitecustomize.py`` installs the privacy guard (see there).

Two independent witnesses of writes: the guard's audit log (every write the child asks for, wherever
it is) and a before/after listing (path, size, mtime) of the temporary HOME, the working directory,
the repository checkout and the installed package folder.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import finder

GUARD_DIR = Path(__file__).resolve().parent
REPO = GUARD_DIR.parents[1]
PACKAGE = Path(finder.__file__).resolve().parent
MARK = "FINDER-GUARD "

# Never part of a listing: caches of the tools running the tests, not of finder.
SKIPPED_DIRS = frozenset(
    {".git", "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache", ".venv", "venv", "artifacts"}
)
# Written by the interpreter or the terminal, never a file of the user's.
HARMLESS_PREFIXES = ("/dev/", "/proc/")


@dataclass(frozen=True)
class Sandbox:
    root: Path

    @property
    def home(self) -> Path:
        return self.root / "home"

    @property
    def cwd(self) -> Path:
        return self.root / "work"

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        home = self.home
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("XDG_", "PYTHON", "FINDER_", "TEXTUAL"))
        }
        env.update(
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_CACHE_HOME=str(home / ".cache"),
            XDG_DATA_HOME=str(home / ".local" / "share"),
            XDG_STATE_HOME=str(home / ".local" / "state"),
            XDG_RUNTIME_DIR=str(home / "run"),
            TMPDIR=str(home / "tmp"),
            PYTHONPATH=os.pathsep.join(filter(None, [str(GUARD_DIR), os.environ.get("PYTHONPATH")])),
            PYTHONDONTWRITEBYTECODE="1",
            FINDER_PRIVACY_GUARD="1",
            LANG="C.UTF-8",
            COLUMNS="100",
        )
        env.update(extra or {})
        return env


def make_sandbox(root: Path) -> Sandbox:
    sandbox = Sandbox(root)
    for folder in ("home/.config", "home/.cache", "home/.local/share", "home/.local/state", "home/run"):
        (root / folder).mkdir(parents=True)
    (sandbox.home / "tmp").mkdir()
    sandbox.cwd.mkdir()
    return sandbox


@dataclass
class GuardedRun:
    argv: list[str]
    returncode: int
    stdout: str
    stderr: str  # without the guard's lines
    network: list[str] = field(default_factory=list)
    writes: list[str] = field(default_factory=list)  # absolute paths the child opened for writing
    spawns: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return (
            f"finder {' '.join(self.argv)} -> exit {self.returncode}\n"
            f"stdout: {self.stdout[-1500:]}\nstderr: {self.stderr[-1500:]}\n"
            f"network: {self.network}\nwrites: {self.writes}\nspawns: {self.spawns}"
        )


def run_guarded(
    argv: list[str],
    sandbox: Sandbox,
    *,
    stdin: str | None = None,
    prefix: Sequence[str] = ("-m", "finder"),
    timeout: float = 90,
    env: dict[str, str] | None = None,
) -> GuardedRun:
    """``python -m finder ARGV`` (or ``python PREFIX ARGV``) under the guard, in the sandbox."""
    completed = subprocess.run(
        [sys.executable, *prefix, *argv],
        cwd=sandbox.cwd,
        env=sandbox.env(env),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    run = GuardedRun(argv, completed.returncode, completed.stdout, "")
    kept = []
    for line in completed.stderr.splitlines(keepends=True):
        if not line.startswith(MARK):
            kept.append(line)
            continue
        kind, _, detail = line.removeprefix(MARK).strip().partition(" ")
        if kind == "network":
            run.network.append(detail)
        elif kind == "spawn":
            run.spawns.append(detail)
        elif kind == "write":
            run.writes.extend(_written_paths(detail, sandbox.cwd))
    run.stderr = "".join(kept)
    return run


def _written_paths(detail: str, cwd: Path) -> list[str]:
    value = ast.literal_eval(detail)
    paths = value if isinstance(value, tuple) else (value,)
    found = []
    for path in paths:
        if not isinstance(path, str):
            continue
        absolute = os.path.normpath(os.path.join(cwd, path))
        if not absolute.startswith(HARMLESS_PREFIXES):
            found.append(absolute)
    return found


Listing = dict[str, tuple[int, int]]


def snapshot(root: Path) -> Listing:
    """Every file and folder under ``root`` (symbolic links not followed) with its size and mtime."""
    listing: Listing = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.endswith(".egg-info")]
        for name in [*dirs, *files]:
            path = os.path.join(folder, name)
            try:
                stat = os.lstat(path)
            except FileNotFoundError:  # removed while we walk: someone else's temporary file
                continue
            listing[path] = (stat.st_size, stat.st_mtime_ns if name in files else 0)
    return listing


def changes(before: Listing, after: Listing) -> list[str]:
    created = [f"created {p}" for p in sorted(after.keys() - before.keys())]
    deleted = [f"deleted {p}" for p in sorted(before.keys() - after.keys())]
    modified = [f"modified {p}" for p in sorted(before.keys() & after.keys()) if before[p] != after[p]]
    return created + deleted + modified


def watched_roots(sandbox: Sandbox) -> list[Path]:
    """The folders finder could write to, which a run must leave as they were (minus asked exports).

    The home folder (and the XDG folders under it), the working folder, the package's own folder and
    the shipped directory of centres. The rest of the checkout is not watched: an editor's or a type
    checker's cache there is not finder's doing.
    """
    roots = [sandbox.home, sandbox.cwd, PACKAGE]
    shipped = REPO / "directory"
    if shipped.is_dir() and not shipped.is_relative_to(PACKAGE):
        roots.append(shipped)
    return roots
