"""Write a route to a file the user named, atomically, and never over an existing file unasked.

The route is rendered in full first, then written with :func:`finder.atomic.write_atomically` (a
temporary file in the destination folder moved into place; only a regular file is ever replaced, and
it keeps its mode). A failure at any point leaves no partial file behind and the previous file, if
any, intact. Nothing else about the patient is written anywhere.
"""

from __future__ import annotations

import errno
import os
import unicodedata
from pathlib import Path

from finder.errors import FinderError, UsageError
from finder.i18n import tr
from finder.model import Route
from finder.text import close_matches

FORMATS = ("markdown", "text", "json", "letter")
EXTENSIONS = {"markdown": ".md", "text": ".txt", "json": ".json", "letter": ".txt"}


class ExportExists(FinderError):
    """The destination file exists and the caller did not allow overwriting it."""

    def __init__(self, path: Path) -> None:
        super().__init__(tr("route_view.export.exists", path=str(path)))
        self.path = path


def check_format(fmt: str) -> str:
    """``fmt`` itself when it is an export format, else a UsageError naming the closest one."""
    if fmt in FORMATS:
        return fmt
    close = close_matches(fmt, FORMATS, limit=1)
    hint = tr("route_view.export.did_you_mean", suggestion=close[0]) if close else ""
    raise UsageError(tr("route_view.export.bad_format", format=fmt, formats=", ".join(FORMATS)) + hint)


def suggested_filename(route: Route, fmt: str) -> str:
    """``parcours-<commune>.<ext>``: the town only, nothing that identifies the patient."""
    check_format(fmt)
    folded = unicodedata.normalize("NFKD", route.intake.place.name.lower())
    ascii_name = "".join(
        c if c.isascii() and c.isalnum() else "-" for c in folded if not unicodedata.combining(c)
    )
    slug = "-".join(part for part in ascii_name.split("-") if part) or "commune"
    stem = tr("route_view.export.file_stem")
    suffix = tr("route_view.export.letter_suffix") if fmt == "letter" else ""
    return f"{stem}-{slug}{suffix}{EXTENSIONS[fmt]}"


def export_route(
    route: Route, fmt: str, path: str | Path, *, overwrite: bool = False, centre_id: str | None = None
) -> Path:
    """Render ``route`` as ``fmt`` and write it to ``path``; returns the absolute path written.

    ``centre_id`` chooses the centre a referral letter is addressed to (default: the route's choice).

    Raises ``ExportExists`` when the file exists and ``overwrite`` is false, and ``FinderError`` with a
    plain message when the folder is missing, is not a folder, or cannot be written.
    """
    from finder.route.render import render

    check_format(fmt)
    target = Path(path).expanduser().absolute()
    folder = target.parent
    try:  # a name the system refuses (too long, a NUL byte) or a folder it may not look into
        if "\x00" in str(target):
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        for probe in (folder.is_dir, target.is_dir, target.exists):
            probe()
    except OSError as error:
        reason = _reason(error)
        raise FinderError(tr("route_view.export.cannot_write", folder=str(folder), reason=reason)) from None
    if not folder.is_dir():
        key = "route_view.export.not_a_folder" if folder.exists() else "route_view.export.no_folder"
        raise FinderError(tr(key, folder=str(folder)))
    if target.is_dir():
        raise FinderError(tr("route_view.export.is_a_folder", path=str(target)))
    if target.exists() and not overwrite:
        raise ExportExists(target)
    text = render(route, fmt, centre_id=centre_id)
    if not text.endswith("\n"):
        text += "\n"
    _write_atomically(target, text.encode("utf-8"), overwrite=overwrite)
    return target


def _write_atomically(target: Path, data: bytes, *, overwrite: bool) -> None:
    from finder.atomic import NotRegularFile, write_atomically

    try:
        write_atomically(target, data, overwrite=overwrite)
    except FileExistsError:
        raise ExportExists(target) from None
    except NotRegularFile:
        raise FinderError(tr("route_view.export.not_regular", path=str(target))) from None
    except OSError as error:
        raise FinderError(
            tr("route_view.export.cannot_write", folder=str(target.parent), reason=_reason(error))
        ) from error


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__
