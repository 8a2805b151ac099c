"""Online geocoding against a local server on 127.0.0.1 that answers like the BAN API (no mock)."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from finder.places.geocode import GeocodingError, geocode_address

# The shape of https://api-adresse.data.gouv.fr/search/?q=... (GeoJSON FeatureCollection).
BAN_ANSWER = {
    "type": "FeatureCollection",
    "version": "draft",
    "features": [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [4.387653, 45.434681]},
            "properties": {
                "label": "10 Rue de la Paix 42000 Saint-Étienne",
                "score": 0.9712,
                "housenumber": "10",
                "id": "42218_5180_00010",
                "name": "10 Rue de la Paix",
                "postcode": "42000",
                "citycode": "42218",
                "x": 808395.71,
                "y": 6482064.32,
                "city": "Saint-Étienne",
                "context": "42, Loire, Auvergne-Rhône-Alpes",
                "type": "housenumber",
                "importance": 0.68,
                "street": "Rue de la Paix",
            },
        }
    ],
    "attribution": "BAN",
    "licence": "ETALAB-2.0",
    "query": "10 rue de la paix saint etienne",
    "limit": 1,
}


class BanHandler(BaseHTTPRequestHandler):
    """Answers according to the query text, so each test picks a behaviour."""

    def do_GET(self):
        parts = urlsplit(self.path)
        query = parse_qs(parts.query).get("q", [""])[0]
        self.server.requests.append((parts.path, query))
        if "slow" in query:
            time.sleep(1.5)
        if "drip" in query:  # a byte every 0.3 s: no single read ever times out
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "100")
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                for _ in range(100):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.3)
            return
        if "hostile" in query:
            label = "10 Rue \u001b]52;c;aGk=\u0007\u009b2J\u202e Saint-\u00c9tienne"
            answer = json.loads(json.dumps(BAN_ANSWER))
            answer["features"][0]["properties"]["label"] = label
            self._send(200, json.dumps(answer).encode())
            return
        if "broken" in query:
            self._send(500, b'{"code": 500, "message": "internal error"}')
        elif "garbage" in query:
            self._send(200, b"<html>not json</html>", "text/html")
        elif "nowhere" in query:
            self._send(200, json.dumps({**BAN_ANSWER, "features": []}).encode())
        else:
            self._send(200, json.dumps(BAN_ANSWER).encode())

    def _send(self, status, body, content_type="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def ban_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), BanHandler)
    server.daemon_threads = True
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def local(server, **kwargs):
    host, port = server.server_address
    return {"domain": f"{host}:{port}", "scheme": "http", "proxies": {}, **kwargs}


def test_geocodes_a_street_address(ban_server):
    address = geocode_address("10 rue de la paix saint etienne", **local(ban_server))
    assert address.label == "10 Rue de la Paix 42000 Saint-Étienne"
    assert (address.lat, address.lon) == pytest.approx((45.434681, 4.387653))
    assert (address.postcode, address.city, address.insee) == ("42000", "Saint-Étienne", "42218")
    assert address.score == pytest.approx(0.9712)
    assert ban_server.requests[-1] == ("/search", "10 rue de la paix saint etienne")


def test_unknown_address_is_none(ban_server):
    assert geocode_address("nowhere street", **local(ban_server)) is None


def test_timeout_gives_a_clear_message(ban_server):
    with pytest.raises(GeocodingError, match=r"n'a pas répondu en 0\.3 s"):
        geocode_address("slow street", **local(ban_server, timeout=0.3))


def test_server_error_gives_a_clear_message(ban_server):
    with pytest.raises(GeocodingError, match="injoignable"):
        geocode_address("broken street", **local(ban_server))


def test_unreadable_answer_gives_a_clear_message(ban_server):
    with pytest.raises(GeocodingError, match="réponse illisible"):
        geocode_address("garbage street", **local(ban_server))


def test_closed_port_gives_a_clear_message():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(GeocodingError, match="injoignable"):
        geocode_address("1 rue x", domain=f"127.0.0.1:{port}", scheme="http", proxies={}, timeout=2)


def test_empty_address_is_refused_before_any_request(ban_server):
    before = len(ban_server.requests)
    with pytest.raises(GeocodingError):
        geocode_address("   ", **local(ban_server))
    assert len(ban_server.requests) == before


def test_server_from_the_environment(ban_server, monkeypatch):
    host, port = ban_server.server_address
    monkeypatch.setenv("FINDER_BAN_URL", f"http://{host}:{port}")
    address = geocode_address("10 rue de la paix saint etienne", proxies={})
    assert address.insee == "42218"


def test_english_messages(ban_server):
    from finder.i18n import set_language

    set_language("en")
    with pytest.raises(GeocodingError, match=r"did not answer within 0\.3 s"):
        geocode_address("slow street", **local(ban_server, timeout=0.3))


def test_the_whole_request_is_bounded_not_only_each_read(ban_server):
    """A server that sends a byte every 0.3 s never trips a 1 s read timeout; the total bound stops it."""
    started = time.monotonic()
    with pytest.raises(GeocodingError):
        geocode_address("drip rue", **local(ban_server, timeout=1.0))
    assert time.monotonic() - started < 3.0


def test_a_hostile_label_comes_back_inert(ban_server):
    address = geocode_address("hostile rue", **local(ban_server))
    assert "\x1b" not in address.label and "\x9b" not in address.label and "\u202e" not in address.label
    assert "\\u001b" in address.label and "Saint-Étienne" in address.label
