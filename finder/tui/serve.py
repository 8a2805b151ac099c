"""Serve the Textual app in a browser with textual-serve, so that no other web page can drive it.

Three guards sit in front of textual-serve's handlers (an aiohttp middleware):

- the ``Host`` header must name the served address (a DNS name pointing at 127.0.0.1 -- DNS
  rebinding -- is refused), and an ``Origin`` header, when a browser sends one, must be this server's;
- every request but the page's static files carries the per-launch secret token, in the URL
  (``?token=``, as notebook servers do) or in the cookie the page sets when it was opened with it;
- at most ``max_sessions`` conversations run at once (each is a Python process of about 70 MiB).

textual-serve's page template links a web font from a public CDN; finder keeps every byte on the
machine, so the page is served from the same template with that link removed (the terminal falls back
to the browser's monospace font).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hmac
import ipaddress
import re
import signal
import socket
import sys
from collections.abc import Awaitable, Callable
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.server import Server

from finder.errors import UsageError
from finder.i18n import tr

_REMOTE_STYLESHEET = re.compile(r"<link\s+rel=\"stylesheet\"\s+href=\"https?://[^\"]*\"\s*/>", re.S)
DEFAULT_MAX_SESSIONS = 4
_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


# Keys typed before any click must reach the assistant (the first answer was lost, and Enter then said
# the description was missing): the terminal takes the keyboard focus as soon as it exists.
FOCUS_ON_LOAD = """<script>
(function focusTerminal(tries) {
  var input = document.querySelector(".xterm-helper-textarea");
  if (input) { input.focus(); return; }
  if (tries > 0) { setTimeout(function () { focusTerminal(tries - 1); }, 100); }
})(200);
</script>
"""


def offline_template() -> str:
    """textual-serve's page, without the remote stylesheet and with the terminal focused on load."""
    template = files("textual_serve").joinpath("templates/app_index.html").read_text(encoding="utf-8")
    return _REMOTE_STYLESHEET.sub("", template).replace("</body>", FOCUS_ON_LOAD + "</body>", 1)


def url_host(host: str) -> str:
    """``host`` as it goes in a URL: IPv6 literals in brackets (``[::1]``), others unchanged."""
    bare = host.strip("[]")
    try:
        return f"[{bare}]" if ipaddress.ip_address(bare).version == 6 else bare
    except ValueError:
        return host


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _split_host_port(value: str) -> tuple[str, int | None] | None:
    """``("::1", 8000)`` from ``[::1]:8000``; None when the value is not a host[:port]."""
    try:
        parts = urlsplit(f"//{value}")
        return (parts.hostname or "").lower(), parts.port
    except ValueError:
        return None


class AddressGuard:
    """Which ``Host`` and ``Origin`` values name this server (and nothing a DNS answer can redirect)."""

    def __init__(self, host: str, port: int) -> None:
        self.port = port
        bare = host.strip("[]").lower()
        self.names = {bare}
        try:
            address = ipaddress.ip_address(bare)
        except ValueError:
            address = None
        if bare == "localhost" or (address is not None and address.is_loopback):
            self.names.update(_LOOPBACK_NAMES)
        # A wildcard address serves every interface: any IP literal names it (an IP is never
        # rebound), and so do this machine's own names; other DNS names do not.
        self.wildcard = address is not None and address.is_unspecified
        if self.wildcard:
            self.names.update({"localhost", socket.gethostname().lower(), socket.getfqdn().lower()})

    def host_allowed(self, value: str | None) -> bool:
        split = _split_host_port(value or "")
        if split is None or not split[0]:
            return False
        name, port = split
        if (port or 80) != self.port:
            return False
        return name in self.names or (self.wildcard and _is_ip(name))

    def origin_allowed(self, value: str) -> bool:
        try:
            parts = urlsplit(value)
        except ValueError:
            return False
        if parts.scheme != "http" or parts.path not in ("", "/"):
            return False
        return self.host_allowed(parts.netloc)


class GuardedServer(Server):
    """textual-serve behind the guards above, with a page that loads nothing from outside this machine."""

    def __init__(
        self,
        command: str,
        host: str,
        port: int,
        *,
        token: str | None,
        max_sessions: int = DEFAULT_MAX_SESSIONS,
    ) -> None:
        super().__init__(command, host=host.strip("[]"), port=port, title="finder")
        self.public_url = f"http://{url_host(host)}:{port}"
        self.token = token
        self.max_sessions = max_sessions
        self.sessions = 0
        self.guard = AddressGuard(host, port)
        self.cookie = f"finder_token_{port}"

    @property
    def url(self) -> str:
        """The address to open: with the token when there is one."""
        return f"{self.public_url}/?token={self.token}" if self.token else f"{self.public_url}/"

    def initialize_logging(self) -> None:
        """textual-serve's logging prints every request with rich; finder prints its own lines."""

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.middleware)
        aiohttp_jinja2.setup(app, loader=jinja2.DictLoader({"app_index.html": offline_template()}))
        return app

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints its banner here, before the port is bound: finder says nothing yet."""

    def announce(self, *_: object) -> None:
        """Called by aiohttp once listening: the address to open, with its token."""
        print(tr("serve.listening", url=self.url, sessions=self.max_sessions), flush=True)

    def serve(self, debug: bool = False) -> None:
        """textual-serve's ``serve``, announcing the address only once the port is bound."""
        self.debug = debug
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            print=self.announce,
        )

    def _token_ok(self, request: web.Request) -> bool:
        if self.token is None:
            return True
        given = request.query.get("token") or request.cookies.get(self.cookie) or ""
        return hmac.compare_digest(given.encode("utf-8", "replace"), self.token.encode())

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not self.guard.host_allowed(request.headers.get("Host")):
            return _refusal(421, tr("serve.refused.host"))
        origin = request.headers.get("Origin")
        if origin is not None and not self.guard.origin_allowed(origin):
            return _refusal(403, tr("serve.refused.origin"))
        if request.path.startswith("/static/"):
            return await handler(request)
        if not self._token_ok(request):
            return _refusal(403, tr("serve.refused.token"))
        if request.path in ("/", "/ws") and self.sessions >= self.max_sessions:
            print(tr("serve.full", sessions=self.max_sessions), file=sys.stderr, flush=True)
            return _refusal(503, tr("serve.full", sessions=self.max_sessions))
        response = await handler(request)
        if request.path == "/" and self.token is not None and request.query.get("token"):
            response.set_cookie(self.cookie, self.token, httponly=True, samesite="Strict", path="/")
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        self.sessions += 1
        try:
            return await super().handle_websocket(request)
        finally:
            self.sessions -= 1

    async def handle_index(self, request: web.Request) -> Any:
        response = await super().handle_index(request)
        response.headers["Referrer-Policy"] = "no-referrer"  # the token stays out of other sites' logs
        response.headers["Cache-Control"] = "no-store"
        return response


def _refusal(status: int, message: str) -> web.Response:
    return web.Response(status=status, text=message + "\n", content_type="text/plain", charset="utf-8")


def serve(command: str, host: str, port: int, *, token: str | None, max_sessions: int) -> None:
    """Listen until Ctrl+C; a port in use or refused is a UsageError that names ``--port``."""
    server = GuardedServer(command, host, port, token=token, max_sessions=max_sessions)
    try:
        server.serve()
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise UsageError(
                tr("serve.port_busy", port=port, other=port + 1 if port < 65535 else 8001)
            ) from None
        if error.errno == errno.EACCES:
            raise UsageError(tr("serve.port_denied", port=port)) from None
        if isinstance(error, socket.gaierror) or error.errno == errno.EADDRNOTAVAIL:
            raise UsageError(tr("serve.bad_host", host=host)) from None
        raise
