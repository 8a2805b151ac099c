"""``finder directory check-links``: is every website and source of the directory still there?

The links are ``contact.website``, ``status.source`` and ``provenance.sources``.

Opt-in network, for maintainers. Each distinct URL is fetched once with aiohttp (already installed
with textual-serve, asyncio-native, so a bounded number of requests run at once without threads):
HEAD first, then GET when HEAD is refused or when the page must be read; redirects are followed.
Findings are warnings located at the URL in its file (``path:line:col``), with codes:

- N001 the link is dead (an HTTP error status, after GET too);
- N002 the host cannot be reached (name not found, connection refused or reset);
- N003 no answer within the timeout;
- N004 TLS (https) error: bad certificate or handshake;
- N005 the link now redirects to another host (the page may have moved, or been replaced);
- N006 the page no longer mentions pain ("douleur");
- N007 a local or private address (localhost, 10.x, 192.168.x...): not fetched unless asked.

Network replies are hostile input: at most ``MAX_BODY`` bytes of a page are read, only text pages
are searched, and what is printed is the URL as finder normalised it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from finder.directory.validate import WARNING, Problem, display_path

if TYPE_CHECKING:
    import aiohttp

MAX_BODY = 2_000_000
PAIN_WORD = "douleur"
PER_HOST = 2  # requests at once to one host: polite to small hospital sites


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    path: Path
    line: int
    col: int
    field: str  # contact.website | provenance.sources[0] ...


@dataclass(frozen=True, slots=True)
class Outcome:
    """What fetching one URL found: ``code`` None when all is well."""

    code: str | None
    status: int | None = None
    final_url: str | None = None
    detail: str = ""


def collect(files: Iterable[Path]) -> tuple[list[Link], list[Path]]:
    """The links of the entry files (website and sources), and the files that could not be read."""
    import tomli

    from finder.directory.toml_positions import locate

    links: list[Link] = []
    unreadable: list[Path] = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
            data = tomli.loads(text)
        except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError):
            unreadable.append(path)
            continue
        positions = None
        found: list[tuple[tuple[str | int, ...], str, str]] = []
        contact = data.get("contact")
        website = contact.get("website") if isinstance(contact, dict) else None
        if isinstance(website, str):
            found.append((("contact", "website"), website, "contact.website"))
        status = data.get("status")
        status_source = status.get("source") if isinstance(status, dict) else None
        if isinstance(status_source, str):
            found.append((("status", "source"), status_source, "status.source"))
        provenance = data.get("provenance")
        sources = provenance.get("sources") if isinstance(provenance, dict) else None
        for index, source in enumerate(sources if isinstance(sources, list) else []):
            if isinstance(source, str):
                found.append((("provenance", "sources", index), source, f"provenance.sources[{index}]"))
        for where, url, field in found:
            positions = positions or locate(text)
            line, col = positions.value(where)
            links.append(Link(url, path, line, col, field))
    return links, unreadable


def is_local(url: str) -> bool:
    """A link to this machine or a private network: never fetched without ``allow_local``."""
    host = (urlsplit(url).hostname or "").lower()
    if host in ("localhost", "") or host.endswith(".localhost") or host.endswith(".local"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local or address.is_reserved


def same_site(first: str, second: str) -> bool:
    def host(url: str) -> str:
        return (urlsplit(url).hostname or "").lower().removeprefix("www.")

    return host(first) == host(second)


async def fetch(session: aiohttp.ClientSession, url: str, timeout: float) -> Outcome:
    import aiohttp

    limit = aiohttp.ClientTimeout(total=timeout)
    try:
        async with session.head(url, allow_redirects=True, timeout=limit) as reply:
            status, final, kind = reply.status, str(reply.url), reply.content_type
        if status < 400 and not kind.startswith("text/"):
            return _judged(url, status, final, None)
        async with session.get(url, allow_redirects=True, timeout=limit) as reply:
            status, final = reply.status, str(reply.url)
            body = None
            if status < 400 and reply.content_type.startswith("text/"):
                raw = await reply.content.read(MAX_BODY)
                body = raw.decode(reply.charset or "utf-8", errors="replace")
        return _judged(url, status, final, body)
    except TimeoutError:
        return Outcome("N003")
    except (aiohttp.ClientSSLError, ssl.SSLError) as error:
        return Outcome("N004", detail=type(error).__name__)
    except aiohttp.ClientConnectorError as error:
        if isinstance(error.os_error, ssl.SSLError):
            return Outcome("N004", detail=type(error.os_error).__name__)
        return Outcome("N002", detail=type(error).__name__)
    except (aiohttp.ClientError, OSError, ValueError) as error:
        return Outcome("N002", detail=type(error).__name__)


def _judged(url: str, status: int, final: str, body: str | None) -> Outcome:
    if status >= 400:
        return Outcome("N001", status, final)
    if not same_site(url, final):
        return Outcome("N005", status, final)
    if body is not None and PAIN_WORD not in body.lower():
        return Outcome("N006", status, final)
    return Outcome(None, status, final)


async def check_urls(
    urls: Iterable[str], *, timeout: float, concurrency: int, user_agent: str, allow_local: bool = False
) -> dict[str, Outcome]:
    """Fetch each URL once, ``concurrency`` at a time (``PER_HOST`` per host)."""
    import aiohttp

    unique = list(dict.fromkeys(urls))
    outcomes: dict[str, Outcome] = {}
    fetched = []
    for url in unique:
        if not allow_local and is_local(url):
            outcomes[url] = Outcome("N007")
        else:
            fetched.append(url)
    gate = asyncio.Semaphore(concurrency)
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=PER_HOST)
    headers = {"User-Agent": user_agent, "Accept-Language": "fr"}
    async with aiohttp.ClientSession(connector=connector, headers=headers) as session:

        async def one(url: str) -> None:
            async with gate:
                outcomes[url] = await fetch(session, url, timeout)

        await asyncio.gather(*(one(url) for url in fetched))
    return outcomes


def problems(links: Iterable[Link], outcomes: dict[str, Outcome]) -> list[Problem]:
    """One warning per link whose URL has a finding, sorted by file and line."""
    from finder.i18n import tr
    from finder.text import neutralise

    found = []
    for link in links:
        outcome = outcomes.get(link.url)
        if outcome is None or outcome.code is None:
            continue
        message = neutralise(
            tr(
                f"links.{outcome.code}",
                field=link.field,
                url=link.url,
                status=outcome.status or "",
                final=outcome.final_url or "",
                detail=outcome.detail,
            )
        )
        found.append(Problem(display_path(link.path), link.line, link.col, WARNING, outcome.code, message))
    return sorted(found, key=lambda p: (p.path, p.line, p.col))
