"""``finder directory check-links`` against a local HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web

from finder.cli.main import main
from finder.directory.links import collect, is_local, same_site

SLOW = 3.0  # seconds the slow page waits; the tests' timeout is much shorter
seen_agents: list[str] = []


def app() -> web.Application:
    async def page(request: web.Request) -> web.Response:
        seen_agents.append(request.headers.get("User-Agent", ""))
        return web.Response(text="<h1>Consultation douleur chronique</h1>", content_type="text/html")

    async def missing(request: web.Request) -> web.Response:
        return web.Response(status=404, text="not here")

    async def moved(request: web.Request) -> web.Response:
        port = request.url.port
        raise web.HTTPMovedPermanently(f"http://localhost:{port}/ok")

    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(SLOW)
        return web.Response(text="douleur", content_type="text/html")

    async def without_word(request: web.Request) -> web.Response:
        return web.Response(text="<h1>Cardiologie</h1>", content_type="text/html")

    async def no_head(request: web.Request) -> web.Response:
        if request.method == "HEAD":
            return web.Response(status=405)
        return web.Response(text="Centre de la douleur", content_type="text/html")

    async def pdf(request: web.Request) -> web.Response:
        return web.Response(body=b"%PDF-1.4 no word here", content_type="application/pdf")

    application = web.Application()
    for route, handler in (
        ("/ok", page),
        ("/missing", missing),
        ("/moved", moved),
        ("/slow", slow),
        ("/plain", without_word),
        ("/nohead", no_head),
        ("/doc.pdf", pdf),
    ):
        application.router.add_route("*", route, handler)
    return application


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app())
    loop.run_until_complete(runner.setup())
    site = web.TCPSite(runner, "127.0.0.1", 0)
    loop.run_until_complete(site.start())
    port = runner.addresses[0][1]
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{port}"
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)
    loop.run_until_complete(runner.cleanup())
    loop.close()


def write_entry(folder: Path, name: str, website: str, sources: list[str]) -> Path:
    path = folder / "bretagne" / f"{name}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    listed = ", ".join(f'"{s}"' for s in sources)
    path.write_text(
        f'name = "Consultation douleur"\nestablishment = "CH"\nkind = "sdc"\n\n[address]\ncity = "Rennes"\n\n'
        f'[contact]\nwebsite = "{website}"\n\n[provenance]\nsources = [{listed}]\n',
        encoding="utf-8",
    )
    return path


def check(folder: Path, *extra: str) -> int:
    return main(["--lang", "en", "directory", "check-links", "--directory", str(folder), "--timeout", "1",
                 "--allow-local", *extra])  # fmt: skip


def test_each_case_gives_its_code_at_the_url_line(tmp_path, server, capsys):
    write_entry(tmp_path, "a", f"http://{server}/ok", [f"http://{server}/missing", f"http://{server}/moved"])
    write_entry(tmp_path, "b", f"http://{server}/slow", [f"https://{server}/ok", f"http://{server}/plain"])
    write_entry(tmp_path, "c", f"http://{server}/nohead", [f"http://{server}/doc.pdf", f"http://{server}/ok"])
    assert check(tmp_path) == 1
    out = capsys.readouterr().out
    found = re.findall(r"^(\S+?):(\d+):(\d+): warning: .* \[(N\d{3})\]$", out, flags=re.M)
    rows = [(Path(path).name, int(line), code) for path, line, _col, code in found]
    assert rows == [
        ("a.toml", 12, "N001"),  # 404
        ("a.toml", 12, "N005"),  # 301 to another host
        ("b.toml", 9, "N003"),  # timeout
        ("b.toml", 12, "N004"),  # TLS error (https to a plain HTTP server)
        ("b.toml", 12, "N006"),  # a page without the word
    ]
    assert out.strip().splitlines()[-1] == "8 addresses checked (9 links), 5 warnings"


def test_all_good_exits_zero_with_a_polite_user_agent(tmp_path, server, capsys):
    import finder

    seen_agents.clear()
    write_entry(tmp_path, "a", f"http://{server}/ok", [f"http://{server}/nohead"])
    assert check(tmp_path) == 0
    assert "0 warnings" in capsys.readouterr().out
    assert seen_agents and set(seen_agents) == {f"finder/{finder.__version__}"}


def test_local_addresses_are_not_fetched_unless_allowed(tmp_path, server, capsys):
    write_entry(tmp_path, "a", f"http://{server}/ok", ["https://www.example.org/douleur"])
    assert main(["--lang", "en", "directory", "check-links", "--directory", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "[N007]" in out and "www.example.org" not in out.split("[N007]")[0].splitlines()[-1]
    assert is_local("http://192.168.1.10/") and is_local("http://localhost:8000/")
    assert not is_local("https://www.chu-rennes.fr/")


def test_a_www_prefix_is_the_same_site():
    assert same_site("https://chu.fr/a", "https://www.chu.fr/b")
    assert not same_site("https://chu.fr/a", "https://annuaire.example.org/chu")


def test_links_are_located_at_their_value(tmp_path):
    path = write_entry(tmp_path, "a", "https://x.org/a", ["https://x.org/s1", "https://x.org/s2"])
    links, unreadable = collect([path])
    assert [(link.field, link.line) for link in links] == [
        ("contact.website", 9),
        ("provenance.sources[0]", 12),
        ("provenance.sources[1]", 12),
    ]
    assert [link.col for link in links] == [11, 12, 32] and unreadable == []


def test_bad_numbers_are_usage_errors(tmp_path, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--lang", "en", "directory", "check-links", "--directory", str(tmp_path), "--concurrency", "0"])
    assert caught.value.code == 2
    assert "expected a positive number" in capsys.readouterr().err


def test_every_check_links_code_is_documented_and_translated():
    from finder.directory.catalog import default_directory
    from finder.directory.validate import CODES
    from finder.i18n import catalogue

    guide = (default_directory() / "README.md").read_text(encoding="utf-8")
    network = sorted(code for code in CODES if code.startswith("N"))
    assert network == [f"N00{n}" for n in range(1, 8)]
    for code in network:
        assert f"| {code} |" in guide and f"links.{code}" in catalogue()


def test_escape_sequences_from_a_file_are_not_printed(tmp_path, capsys):
    write_entry(tmp_path, "a", "http://localhost/\\u001b[2Jx", ["https://192.168.0.1/\\u001b]0;t\\u0007"])
    assert main(["--lang", "en", "directory", "check-links", "--directory", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert out.count("[N007]") == 2 and "\x1b" not in out and "\x07" not in out
    assert "http://localhost/\\u001b[2Jx" in out


def test_the_status_source_is_checked_too(tmp_path):
    path = write_entry(tmp_path, "a", "https://x.org/a", ["https://x.org/s1"])
    path.write_text(
        path.read_text(encoding="utf-8")
        + '\n[status]\nstate = "closed"\nsource = "https://x.org/closed"\ndate = 2026-01-01\n',
        encoding="utf-8",
    )
    links, _unreadable = collect([path])
    assert [link.field for link in links] == ["contact.website", "status.source", "provenance.sources[0]"]
