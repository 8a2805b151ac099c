"""Privacy guard for the child processes of the privacy tests (this folder goes first on PYTHONPATH).

Python imports ``sitecustomize`` at start-up, before any finder code runs. When the environment sets
``FINDER_PRIVACY_GUARD=1``, this installs an audit hook (PEP 578): unlike a monkeypatch, no later code
can remove it or go around it, since every socket, ``open``, rename or spawn in CPython raises its
audit event first. The hook

- makes network access impossible: creating an internet socket, resolving a name or connecting
  anywhere but a Unix socket raises ``PermissionError``; each attempt is reported as a
  ``FINDER-GUARD network`` line on stderr, so a program that catches the error cannot hide it;
- reports every write to the file system (``open`` for writing, mkdir, rename/replace, remove, ...)
  and every process spawned, as ``FINDER-GUARD write`` / ``FINDER-GUARD spawn`` lines on stderr.

The test parses those lines; without the variable this module does nothing.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys

MARK = "FINDER-GUARD"

_NETWORK_EVENTS = frozenset(
    {
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyname_ex",
        "socket.gethostbyaddr",
        "socket.getnameinfo",
    }
)
_SOCKET_ADDRESS_EVENTS = frozenset({"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"})
# Write events -> positions of (path, dir_fd) pairs in their arguments (PEP 578 audit table).
_WRITE_EVENTS: dict[str, tuple[tuple[int, int | None], ...]] = {
    "os.mkdir": ((0, 2),),
    "os.rename": ((0, 2), (1, 3)),  # os.replace raises it too
    "os.remove": ((0, 1),),
    "os.rmdir": ((0, 1),),
    "os.symlink": ((1, 2),),
    "os.link": ((0, 2), (1, 3)),
    "os.truncate": ((0, None),),
    "os.chmod": ((0, 2),),
    "os.chown": ((0, 3),),
    "os.utime": ((0, 3),),
    "shutil.copyfile": ((1, None),),
    "shutil.copytree": ((1, None),),
    "shutil.rmtree": ((0, None),),
    "shutil.move": ((0, None), (1, None)),
}
_SPAWN_EVENTS = frozenset({"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn"})
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
_UNIX = getattr(socket, "AF_UNIX", None)


def _report(kind: str, detail: object) -> None:
    # os.write on the inherited descriptor: no ``open`` event, no buffering to lose at exit.
    line = f"{MARK} {kind} {detail!r}\n".replace("\n", " ").rstrip() + "\n"
    with contextlib.suppress(OSError):
        os.write(2, line.encode("utf-8", "backslashreplace"))


def _absolute(path: str, dir_fd: object) -> str:
    """A path relative to a directory descriptor (as shutil.rmtree uses) made absolute."""
    if isinstance(dir_fd, int) and dir_fd >= 0 and not os.path.isabs(path):
        with contextlib.suppress(OSError):
            return os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), path)
    return path


def _opens_for_writing(mode: object, flags: object) -> bool:
    if isinstance(mode, str) and any(letter in mode for letter in "wax+"):
        return True
    return isinstance(flags, int) and bool(flags & _WRITE_FLAGS)


def _hook(event: str, args: tuple) -> None:
    if event == "socket.__new__":
        _sock, family, *_ = args
        if family != _UNIX:
            _report("network", (event, int(family)))
            raise PermissionError("finder privacy guard: network access is blocked in this test")
    elif event in _NETWORK_EVENTS:
        _report("network", (event, args[0] if args else None))
        raise PermissionError("finder privacy guard: network access is blocked in this test")
    elif event in _SOCKET_ADDRESS_EVENTS:
        if args[0].family != _UNIX:
            _report("network", (event, args[1] if len(args) > 1 else None))
            raise PermissionError("finder privacy guard: network access is blocked in this test")
    elif event == "open":
        path, mode, flags = args
        if isinstance(path, int) or not _opens_for_writing(mode, flags):
            return
        _report("write", os.fsdecode(path))
    elif event in _WRITE_EVENTS:
        paths = []
        for path_at, dir_fd_at in _WRITE_EVENTS[event]:
            if path_at < len(args) and isinstance(args[path_at], str | bytes | os.PathLike):
                dir_fd = args[dir_fd_at] if dir_fd_at is not None and dir_fd_at < len(args) else None
                paths.append(_absolute(os.fsdecode(args[path_at]), dir_fd))
        _report("write", tuple(paths))
    elif event in _SPAWN_EVENTS:
        _report("spawn", args[:2])


if os.environ.get("FINDER_PRIVACY_GUARD") == "1":
    sys.addaudithook(_hook)
