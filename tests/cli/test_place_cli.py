"""``finder place``: table, JSON, exit codes and messages, through the real command line."""

from __future__ import annotations

import json
import socket

import pytest

from finder.cli.main import main


def run(capsys, *argv):
    code = main(["place", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_table_with_french_headers_and_aligned_columns(capsys):
    code, out, err = run(capsys, "st etienne", "--limit", "3")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["commune", "codes", "postaux", "département", "score"]
    assert lines[1].startswith("Saint-Étienne ") and "42000, 42100, 42230" in lines[1]
    assert "Loire (42)" in lines[1] and lines[1].endswith("100")
    assert len(lines) == 4
    # columns line up: every row's department starts at the header's column
    column = lines[0].index("département")
    assert all(line[column - 2 : column] == "  " for line in lines[1:])


def test_english_headers(capsys):
    code, out, _ = run(capsys, "lyon", "--lang", "en", "--limit", "1")
    assert code == 0
    assert out.splitlines()[0].split() == ["commune", "postcodes", "department", "score"]


def test_words_need_no_quotes(capsys):
    code, out, _ = run(capsys, "puy", "en", "velay", "--limit", "1")
    assert code == 0 and "Le Puy-en-Velay" in out


def test_ambiguous_name_asks_for_the_department(capsys):
    code, out, _ = run(capsys, "Saint-Denis")
    assert code == 0
    assert "La Réunion (974)" in out and "Seine-Saint-Denis (93)" in out
    assert "Précisez la commune avec son département entre parenthèses" in out
    assert "« Saint-Denis (974) »" in out  # the syntax finder route accepts too


def test_former_commune_is_explained(capsys):
    code, out, _ = run(capsys, "Louhans", "--limit", "1")
    assert code == 0
    assert "(ancienne commune Louhans, aujourd'hui Louhans-Châteaurenaud)" in out


def test_json_document(capsys):
    code, out, err = run(capsys, "Valence", "--json", "--limit", "2")
    assert code == 0 and err == ""
    document = json.loads(out)
    assert document["query"] == "Valence"
    assert document["ambiguous"] is True
    first = document["results"][0]
    assert {k: first[k] for k in ("insee", "name", "postcodes", "department", "department_name")} == {
        "insee": "26362",
        "name": "Valence",
        "postcodes": ["26000"],
        "department": "26",
        "department_name": "Drôme",
    }
    assert isinstance(first["lat"], float) and isinstance(first["lon"], float)
    assert first["score"] == 100.0
    assert len(document["results"]) == 2


def test_no_match_exits_1_with_a_helpful_message(capsys):
    code, out, err = run(capsys, "xyzzyqq")
    assert code == 1 and out == ""
    assert (
        err.strip() == "finder: aucune commune française ne correspond à « xyzzyqq » ; essayez un code postal"
    )


def test_no_match_in_english(capsys):
    code, _, err = run(capsys, "xyzzyqq", "--lang", "en")
    assert code == 1
    assert err.strip() == "finder: no French commune matches 'xyzzyqq'; try a postcode"


@pytest.mark.parametrize("postcode", ["99999", "00000"])
def test_unknown_postcode(capsys, postcode):
    code, out, err = run(capsys, postcode)
    assert code == 1 and out == ""
    assert f"« {postcode} »" in err and "code postal" in err


def test_no_match_json_is_still_one_document(capsys):
    code, out, _ = run(capsys, "xyzzyqq", "--json")
    assert code == 1
    document = json.loads(out)
    assert {key: document[key] for key in ("query", "ambiguous", "results", "decision", "reason")} == {
        "query": "xyzzyqq",
        "ambiguous": False,
        "results": [],
        "decision": "refuse",
        "reason": "not_found",
    }


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_empty_query_is_a_usage_error(capsys, query):
    code, out, err = run(capsys, query)
    assert code == 2 and out == ""
    assert "requête est vide" in err


@pytest.mark.parametrize(
    "query",
    ["x" * 10_000, "\x00\x07\x1b[2J", "😀🏥", "abc123def", "paris\x00lyon", "12345678"],
)
def test_odd_input_gives_a_clean_message_never_a_traceback(capsys, query):
    code, _, err = run(capsys, query)
    assert code in (0, 1)
    assert "Traceback" not in err and "erreur interne" not in err
    if code == 1:
        assert err.startswith("finder: ") and len(err) < 300
        assert "\x1b" not in err and "\x00" not in err


@pytest.mark.parametrize("limit", ["0", "51", "-3", "abc", "2.5"])
def test_limit_out_of_range_exits_2(capsys, limit):
    code, out, err = run(capsys, "lyon", "--limit", limit)
    assert code == 2 and out == ""
    assert "--limit" in err and "1" in err and "50" in err


def test_limit_50_is_accepted(capsys):
    code, out, _ = run(capsys, "saint", "--limit", "50")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("Plusieurs communes correspondent")  # asked
    assert lines[1].startswith("commune") and all(line for line in lines[2:52]) and lines[52] == ""


def test_online_without_network_says_so_then_shows_offline_results(capsys, monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("FINDER_BAN_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("NO_PROXY", "*")
    code, out, err = run(capsys, "Grenoble", "--online", "--limit", "1")
    assert code == 0
    assert "géocodage en ligne impossible" in err and "résultats hors ligne" in err
    assert "Grenoble" in out


def test_online_json_reports_the_failure(capsys, monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("FINDER_BAN_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("NO_PROXY", "*")
    code, out, _ = run(capsys, "Grenoble", "--online", "--json", "--limit", "1")
    assert code == 0
    document = json.loads(out)
    assert document["address"] is None and "injoignable" in document["online_error"]
    assert document["results"][0]["insee"] == "38185"


def test_online_address_resolves_to_its_commune(capsys, monkeypatch):
    import threading
    from http.server import ThreadingHTTPServer

    from tests.places.test_geocode import BanHandler

    server = ThreadingHTTPServer(("127.0.0.1", 0), BanHandler)
    server.requests = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        host, port = server.server_address
        monkeypatch.setenv("FINDER_BAN_URL", f"http://{host}:{port}")
        monkeypatch.setenv("NO_PROXY", "*")
        code, out, _ = run(capsys, "10 rue de la paix saint etienne", "--online", "--json")
    finally:
        server.shutdown()
        server.server_close()
    assert code == 0
    document = json.loads(out)
    assert document["address"]["label"] == "10 Rue de la Paix 42000 Saint-Étienne"
    assert [r["insee"] for r in document["results"]] == ["42218"]


def test_without_online_nothing_touches_the_network(capsys, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network used without --online")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    code, out, _ = run(capsys, "10 rue de la paix 42000 saint etienne")
    assert code == 0 and "Saint-Étienne" in out
