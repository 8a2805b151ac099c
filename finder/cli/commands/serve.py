"""``finder serve``: the same assistant in a web browser, through textual-serve."""

from __future__ import annotations

import argparse
import sys

from finder.errors import UsageError
from finder.i18n import get_language, tr

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_SESSIONS = 4  # each session is a Python process of about 70 MiB


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=DEFAULT_HOST, help=tr("serve.option.host"))
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=tr("serve.option.port"))
    parser.add_argument(
        "--max-sessions",
        type=int,
        default=DEFAULT_MAX_SESSIONS,
        metavar="N",
        help=tr("serve.option.max_sessions"),
    )
    parser.add_argument("--no-token", action="store_true", help=tr("serve.option.no_token"))


def is_loopback(host: str) -> bool:
    import ipaddress  # here, not at the top: every command builds the parser, which imports this module

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def app_command(language: str, directory: str | None) -> str:
    """The shell command textual-serve starts for each browser session."""
    import shlex

    parts = [sys.executable, "-m", "finder", "--lang", language]
    if directory:
        parts += ["--directory", directory]
    return shlex.join(parts)


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise UsageError(tr("serve.bad_port", port=args.port))
    if args.max_sessions < 1:
        raise UsageError(tr("serve.bad_max_sessions", value=args.max_sessions))
    if not is_loopback(args.host):
        print(tr("serve.no_auth_warning", host=args.host), file=sys.stderr)
    import secrets

    token = None if args.no_token else secrets.token_urlsafe(24)
    if token is None:
        print(tr("serve.no_token_warning"), file=sys.stderr)
    from finder.tui.serve import serve

    command = app_command(args.lang or get_language(), args.directory)
    serve(command, args.host, args.port, token=token, max_sessions=args.max_sessions)
    return 0
