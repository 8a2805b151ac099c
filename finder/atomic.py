"""Write a file atomically, as a text editor would, and clean up after an interrupted write.

The data goes to a hidden temporary file in the destination folder
(``.<name>.<pid>.<random>.finder-tmp``), is flushed to disk, gets its final mode, then takes the
destination's name: ``os.link`` when nothing may be overwritten (fails atomically if the name is
taken meanwhile; a move after a check where the file system has no hard links), ``os.replace``
otherwise. A failure leaves no partial file and the previous file, if any, intact.

- A new file gets the mode an editor gives it, ``0666`` less the umask (``mkstemp``'s ``0600`` would
  make the entry unreadable to other users and CI); a replaced file keeps its own mode.
- Only a regular file is ever replaced: a device (``/dev/null``), a pipe, a folder or a symbolic link
  at the destination raises :class:`NotRegularFile`.
- Temporary files left by a killed finder (its process is gone) are removed at the next write in the
  same folder; ``.gitignore`` ignores the suffix.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
from pathlib import Path

TEMP_SUFFIX = ".finder-tmp"
_TEMP_NAME = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}" + re.escape(TEMP_SUFFIX) + "$")
_NO_HARD_LINKS = (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS)


class NotRegularFile(OSError):
    """The destination exists and is not a regular file: it is never replaced."""


def umask() -> int:
    """The process umask, read without changing it where the system says it (Linux), else set back."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current


def write_atomically(target: Path, data: bytes, *, overwrite: bool) -> None:
    """Write ``data`` to ``target``. Raises ``FileExistsError`` when ``target`` exists and ``overwrite``
    is false, :class:`NotRegularFile` when it exists and is not a regular file, ``OSError`` otherwise."""
    folder = target.parent
    clean_stale_temporaries(folder)
    try:
        existing = os.lstat(target)
    except FileNotFoundError:
        existing = None
    if existing is not None:
        if not overwrite:
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))
        if not stat.S_ISREG(existing.st_mode):
            raise NotRegularFile(errno.EINVAL, "not a regular file", str(target))
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o666 & ~umask()
    temp = folder / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
    descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        if overwrite:
            os.replace(temp, target)
        else:
            _link_without_overwrite(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def _link_without_overwrite(temp: Path, target: Path) -> None:
    try:
        os.link(temp, target)
    except OSError as error:
        if isinstance(error, FileExistsError) or error.errno not in _NO_HARD_LINKS:
            raise
        # A file system without hard links (FAT, some network shares): check, then move.
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target)) from None
        os.replace(temp, target)


def clean_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files of finder processes that no longer run; returns those removed."""
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        match = _TEMP_NAME.match(name)
        if match is None or _running(int(match.group(1))):
            continue
        path = folder / name
        try:
            if stat.S_ISREG(os.lstat(path).st_mode):
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # another user's process: not ours to judge
    return True
