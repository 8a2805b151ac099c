"""``finder serve``: the same assistant in a web browser, through textual-serve."""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys

from finder.errors import UsageError
from finder.i18n import get_language, tr

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=DEFAULT_HOST, help=tr("serve.option.host"))
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=tr("serve.option.port"))


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def app_command(language: str, directory: str | None) -> str:
    """The shell command textual-serve starts for each browser session."""
    parts = [sys.executable, "-m", "finder", "--lang", language]
    if directory:
        parts += ["--directory", directory]
    return shlex.join(parts)


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise UsageError(tr("serve.bad_port", port=args.port))
    if not is_loopback(args.host):
        print(tr("serve.no_auth_warning", host=args.host), file=sys.stderr)
    from finder.tui.serve import serve

    serve(app_command(args.lang or get_language(), args.directory), args.host, args.port)
    return 0
