"""Serve the Textual app in a browser with textual-serve, without any third-party request.

textual-serve's page template links a web font from a public CDN; finder keeps every byte on the
machine, so the page is served from the same template with that link removed (the terminal falls back
to the browser's monospace font).
"""

from __future__ import annotations

import re
from importlib.resources import files

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.server import Server

_REMOTE_STYLESHEET = re.compile(r"<link\s+rel=\"stylesheet\"\s+href=\"https?://[^\"]*\"\s*/>", re.S)


def offline_template() -> str:
    template = files("textual_serve").joinpath("templates/app_index.html").read_text(encoding="utf-8")
    return _REMOTE_STYLESHEET.sub("", template)


class OfflineServer(Server):
    """A textual-serve server whose page loads nothing from outside this machine."""

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        aiohttp_jinja2.setup(app, loader=jinja2.DictLoader({"app_index.html": offline_template()}))
        return app


def serve(command: str, host: str, port: int) -> None:
    OfflineServer(command, host=host, port=port, title="finder").serve()
