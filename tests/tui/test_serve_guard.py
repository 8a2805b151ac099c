"""``finder serve`` as an attacker finds it: another web page, a rebound DNS name, no token, too many tabs.

A real aiohttp server on 127.0.0.1 (aiohttp's test server on a free port) runs finder's guarded
textual-serve application; the session command is a small Python process that waits on its input, so
the WebSocket handshake is real without starting the whole assistant.
"""

from __future__ import annotations

import shlex
import socket
import sys

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from finder.cli.main import main
from finder.i18n import set_language, tr
from finder.tui.serve import AddressGuard, GuardedServer, url_host

TOKEN = "s3cret-token-for-tests"
IDLE_SESSION = shlex.join([sys.executable, "-c", "import sys; sys.stdin.buffer.read()"])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
async def client():
    """A client of a guarded server on 127.0.0.1:<port>, the Host header it sends naming that address."""
    port = free_port()
    server = GuardedServer(IDLE_SESSION, "127.0.0.1", port, token=TOKEN, max_sessions=1)
    test_server = TestServer(await server._make_app(), host="127.0.0.1", port=port)
    async with TestClient(test_server) as test_client:
        test_client.finder = server  # type: ignore[attr-defined]
        yield test_client


def here(client) -> str:
    return f"http://127.0.0.1:{client.finder.port}"


async def test_the_page_with_the_token_is_served_and_sets_the_cookie(client):
    response = await client.get("/", params={"token": TOKEN})
    assert response.status == 200
    page = await response.text()
    assert f'data-session-websocket-url="ws://127.0.0.1:{client.finder.port}/ws"' in page
    assert response.cookies[client.finder.cookie].value == TOKEN
    assert response.cookies[client.finder.cookie]["samesite"] == "Strict"
    assert response.headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("token", [None, "", "wrong", TOKEN + "x"])
async def test_the_page_without_the_right_token_is_refused(client, token):
    params = {} if token is None else {"token": token}
    response = await client.get("/", params=params)
    assert response.status == 403
    assert "jeton" in await response.text() or "token" in await response.text()


async def test_a_websocket_without_the_token_is_refused(client):
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", headers={"Origin": here(client)})
    assert refused.value.status == 403


@pytest.mark.parametrize(
    "origin",
    ["http://evil.example", "http://127.0.0.1:1", "https://127.0.0.1", "null", "http://localhost.evil"],
)
async def test_a_websocket_from_a_foreign_origin_is_refused_even_with_the_token(client, origin):
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", params={"token": TOKEN}, headers={"Origin": origin})
    assert refused.value.status == 403


@pytest.mark.parametrize(
    "host", ["evil.example:{port}", "127.0.0.1.nip.io:{port}", "127.0.0.1:1", "", "[::2]"]
)
async def test_a_rebound_dns_name_in_host_is_refused(client, host):
    """DNS rebinding: the attacker's name resolves to 127.0.0.1, so the browser sends that name as Host."""
    headers = {"Host": host.format(port=client.finder.port)}
    response = await client.get("/", params={"token": TOKEN}, headers=headers)
    assert response.status == 421
    with pytest.raises(aiohttp.WSServerHandshakeError):
        await client.ws_connect("/ws", params={"token": TOKEN}, headers=headers)


async def test_localhost_names_the_loopback_server(client):
    response = await client.get(
        "/", params={"token": TOKEN}, headers={"Host": f"localhost:{client.finder.port}"}
    )
    assert response.status == 200


async def test_the_token_opens_the_websocket_and_the_cap_is_said_when_reached(client):
    set_language("en")
    first = await client.ws_connect("/ws", params={"token": TOKEN}, headers={"Origin": here(client)})
    try:
        assert not first.closed
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect("/ws", params={"token": TOKEN}, headers={"Origin": here(client)})
        assert refused.value.status == 503
        page = await client.get("/", params={"token": TOKEN})
        assert page.status == 503
        assert "1 session" in await page.text() and "--max-sessions" in await page.text()
    finally:
        await first.close()


async def test_the_cookie_set_by_the_page_opens_the_websocket(client):
    await client.get("/", params={"token": TOKEN})  # the session cookie is kept by the client
    ws = await client.ws_connect("/ws", headers={"Origin": here(client)})
    await ws.close()


async def test_downloads_need_the_token_too(client):
    response = await client.get("/download/0123456789abcdef")
    assert response.status == 403
    with_token = await client.get("/download/0123456789abcdef", params={"token": TOKEN})
    assert with_token.status == 404  # past the guard: no such download


async def test_static_files_need_no_token_but_the_right_host(client):
    assert (await client.get("/static/css/xterm.css")).status == 200
    assert (await client.get("/static/css/xterm.css", headers={"Host": "evil.example"})).status == 421


def test_ipv6_hosts_are_bracketed_in_urls():
    server = GuardedServer("x", "::1", 8124, token=None)
    assert server.public_url == "http://[::1]:8124"
    assert url_host("[::1]") == "[::1]" and url_host("127.0.0.1") == "127.0.0.1"
    guard = AddressGuard("::1", 8124)
    assert guard.host_allowed("[::1]:8124") and guard.origin_allowed("http://[::1]:8124")
    assert not guard.host_allowed("::1:8124")


def test_a_wildcard_address_accepts_ip_literals_but_no_foreign_names():
    guard = AddressGuard("0.0.0.0", 8000)
    assert guard.host_allowed("192.168.1.20:8000")
    assert not guard.host_allowed("evil.example:8000")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_busy_port_is_a_clear_usage_error_naming_port(capsys, language):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["--lang", language, "serve", "--port", str(port)])
    err = capsys.readouterr().err
    assert code == 2
    assert "--port" in err and str(port) in err
    assert tr("cli.internal_error", language=language, error="OSError") not in err
