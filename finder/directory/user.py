"""The user's own centres: a directory in the platform's per-user data folder.

A GP or an association adds the pain consultation they know (``finder directory new --user``); its
entries have the shipped directory's format and validator, are merged into every route and search,
and are marked as added by the user (``Centre.origin == "user"``). These files hold centres, never
patients. ``FINDER_USER_DIRECTORY`` selects another folder (as ``--directory`` or
``FINDER_DIRECTORY`` select another shipped directory).

Sharing: :func:`export_user` writes the user's entries to a zip of ``<region>/<id>.toml`` files;
:func:`read_import` checks such a file (names, sizes, then the validator) before anything is written.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # loading a route reads only the folders' names: no validator, no zip
    from finder.directory.validate import CheckedFile, Problem

if TYPE_CHECKING:
    from finder.places.lookup import PlaceLookup

USER_DIRECTORY_VARIABLE = "FINDER_USER_DIRECTORY"
DIRECTORY_VARIABLE = "FINDER_DIRECTORY"
MAX_IMPORT_FILES = 500
MAX_IMPORT_BYTES = 1_000_000  # per entry, as the validator's limit
# a pattern, compiled by re on its first use (exports and imports only, not every route)
_MEMBER = r"^([a-z0-9]+(?:-[a-z0-9]+)*)/([a-z0-9]+(?:-[a-z0-9]+)*)\.toml$"


def user_directory() -> Path:
    """``FINDER_USER_DIRECTORY``, else ``<user data dir>/finder/directory`` (platformdirs)."""
    chosen = os.environ.get(USER_DIRECTORY_VARIABLE, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_data_path

    return user_data_path("finder", appauthor=False) / "directory"


class ImportCheck:
    """What an import file holds: valid entries (relative path -> text) and the problems of the rest."""

    __slots__ = ("bad_members", "entries", "problems")

    def __init__(self) -> None:
        self.entries: dict[str, str] = {}
        self.problems: list[Problem] = []
        self.bad_members: list[str] = []  # names that are not <region>/<id>.toml


def export_user(source: Path, target: Path) -> int:
    """Write every ``<region>/<id>.toml`` of ``source`` into the zip ``target`` with
    :func:`finder.atomic.write_atomically`: a replaced file keeps its mode, only a regular file is
    replaced (never a device such as ``/dev/null``), and a folder that cannot be written is a
    :class:`FinderError` naming it."""
    import io
    import zipfile

    from finder.atomic import NotRegularFile, write_atomically
    from finder.errors import FinderError
    from finder.i18n import tr

    files = sorted(p for p in source.glob("*/*.toml") if re.match(_MEMBER, p.relative_to(source).as_posix()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            archive.writestr(path.relative_to(source).as_posix(), path.read_bytes())
    try:
        if not target.parent.is_dir():
            target.parent.mkdir(parents=True)
        write_atomically(target, buffer.getvalue(), overwrite=True)
    except NotRegularFile:
        raise FinderError(tr("route_view.export.not_regular", path=str(target))) from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise FinderError(
            tr("route_view.export.cannot_write", folder=str(target.parent), reason=reason)
        ) from None
    return len(files)


def read_import(path: Path, *, gazetteer: PlaceLookup, today: date) -> ImportCheck:
    """Check an export file: each member named ``<region>/<id>.toml``, small, and valid.

    Problems are located as ``FILE:region/id.toml:line:col`` so that the bad entry can be found.
    Raises ``zipfile.BadZipFile`` when the file is not a zip.
    """
    import tempfile
    import zipfile

    from finder.directory.validate import Problem, check_file, known_regions

    result = ImportCheck()
    regions = known_regions(gazetteer)
    with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as folder:
        members = [m for m in archive.infolist() if not m.is_dir()][: MAX_IMPORT_FILES + 1]
        for member in members[:MAX_IMPORT_FILES]:
            name = member.filename
            if not re.match(_MEMBER, name) or member.file_size > MAX_IMPORT_BYTES:
                result.bad_members.append(name)
                continue
            probe = Path(folder) / name
            probe.parent.mkdir(parents=True, exist_ok=True)
            probe.write_bytes(archive.read(member))
            checked: CheckedFile = check_file(probe, gazetteer=gazetteer, today=today, regions=regions)
            errors = [p for p in checked.problems if p.severity == "error"]
            if errors:
                for problem in errors:
                    result.problems.append(
                        Problem(f"{path}:{name}", problem.line, problem.col, problem.severity, problem.code,
                                problem.message)
                    )  # fmt: skip
                continue
            result.entries[name] = probe.read_text(encoding="utf-8")
        if len(members) > MAX_IMPORT_FILES:
            result.bad_members.append(f"(> {MAX_IMPORT_FILES} files)")
    return result
