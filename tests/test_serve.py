"""``finder serve``: loopback by default, a clear warning otherwise, a page that loads nothing remote."""

from __future__ import annotations

import argparse
import re
import shlex
import sys

import pytest

from finder.cli.commands import serve as serve_command
from finder.cli.main import build_parser
from finder.errors import UsageError
from finder.i18n import set_language


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.1", "::1", "[::1]", "localhost", "LOCALHOST"])
def test_loopback_addresses(host):
    assert serve_command.is_loopback(host)


@pytest.mark.parametrize(
    "host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "fe80::1", "example.org", "", "127.0.0.1.nip.io"]
)
def test_other_addresses_are_not_loopback(host):
    assert not serve_command.is_loopback(host)


def test_defaults_are_loopback_and_port_8000():
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)
    assert serve_command.is_loopback(args.host)


@pytest.fixture
def served(monkeypatch) -> list[tuple[str, str, int]]:
    """Replace the real server: record what would be served instead of listening."""
    import finder.tui.serve

    calls: list[tuple[str, str, int]] = []

    def record(command: str, host: str, port: int, *, token: str | None, max_sessions: int) -> None:
        calls.append((command, host, port))
        tokens.append(token)

    tokens: list[str | None] = []
    monkeypatch.setattr(finder.tui.serve, "serve", record)
    monkeypatch.setattr(finder.tui.serve, "tokens", tokens, raising=False)
    return calls


def namespace(**overrides) -> argparse.Namespace:
    values = {
        "host": "127.0.0.1",
        "port": 8000,
        "lang": None,
        "directory": None,
        "max_sessions": 4,
        "no_token": False,
        **overrides,
    }
    return argparse.Namespace(**values)


def test_loopback_serves_without_warning(served, capsys):
    assert serve_command.run(namespace()) == 0
    assert capsys.readouterr().err == ""
    assert served[0][1:] == ("127.0.0.1", 8000)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_another_address_warns_about_authentication_and_patient_answers(served, capsys, language):
    set_language(language)
    assert serve_command.run(namespace(host="0.0.0.0", port=8123)) == 0
    warning = " ".join(capsys.readouterr().err.split())  # the message is wrapped for the terminal
    assert "0.0.0.0" in warning
    # the token protects the sessions, but nothing is encrypted: it says so, not "no authentication"
    if language == "fr":
        assert "HTTPS" in warning and "en clair" in warning and "réponses sur le patient" in warning
        assert "authentification" not in warning
    else:
        assert "HTTPS" in warning and "in clear" in warning and "patient's answers" in warning
        assert "cross the network" in warning and "no authentication" not in warning
    assert "127.0.0.1" in warning  # says what to use instead
    assert served == [(served[0][0], "0.0.0.0", 8123)]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_token_on_another_address_says_anyone_on_the_network_can_connect(served, capsys, language):
    set_language(language)
    assert serve_command.run(namespace(host="0.0.0.0", no_token=True)) == 0
    warning = " ".join(capsys.readouterr().err.split())
    assert "--no-token" in warning
    assert ("réseau" in warning) if language == "fr" else ("network" in warning)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_help_says_what_protects_the_served_assistant(capsys, language):
    from finder.cli.main import main

    with pytest.raises(SystemExit):
        main(["--lang", language, "serve", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for word in ("Host", "Origin", "--no-token", "127.0.0.1", "HTTPS"):
        assert word in text
    assert ("jeton" in text) if language == "fr" else ("token" in text)
    assert "pas d'authentification" not in text and "no authentication" not in text


@pytest.mark.parametrize("port", [0, -1, 65536, 99999])
def test_out_of_range_port_is_a_usage_error_before_serving(served, port):
    with pytest.raises(UsageError, match=str(port)):
        serve_command.run(namespace(port=port))
    assert served == []


def test_the_served_command_runs_this_interpreter_with_language_and_directory(served):
    serve_command.run(namespace(lang="en", directory="/tmp/my centres"))
    argv = shlex.split(served[0][0])
    assert argv[:3] == [sys.executable, "-m", "finder"]
    assert argv[argv.index("--lang") + 1] == "en"
    assert argv[argv.index("--directory") + 1] == "/tmp/my centres"


def test_the_served_command_defaults_to_the_current_language(served):
    set_language("fr")
    serve_command.run(namespace())
    argv = shlex.split(served[0][0])
    assert argv[argv.index("--lang") + 1] == "fr"
    assert "--directory" not in argv


def test_the_page_links_no_remote_stylesheet_or_script():
    from finder.tui.serve import offline_template

    page = offline_template()
    assert "<html" in page.lower()
    remote = re.findall(r"""(?:href|src)\s*=\s*["'](?:https?:)?//""", page)
    assert remote == [], remote


def test_each_launch_has_its_own_secret_token(served, capsys):
    import finder.tui.serve

    serve_command.run(namespace())
    serve_command.run(namespace())
    first, second = finder.tui.serve.tokens
    assert first and second and first != second and len(first) >= 24
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_token_serves_without_one_and_warns(served, capsys, language):
    import finder.tui.serve

    set_language(language)
    assert serve_command.run(namespace(no_token=True)) == 0
    assert finder.tui.serve.tokens == [None]
    warning = capsys.readouterr().err
    assert "--no-token" in warning and ("ATTENTION" in warning or "WARNING" in warning)


@pytest.mark.parametrize("value", [0, -3])
def test_max_sessions_below_one_is_a_usage_error(served, value):
    with pytest.raises(UsageError, match="--max-sessions"):
        serve_command.run(namespace(max_sessions=value))
    assert served == []


def test_the_printed_address_holds_the_token_and_brackets_ipv6(capsys):
    from finder.tui.serve import GuardedServer

    server = GuardedServer("x", "::1", 8124, token="abc", max_sessions=2)
    server.announce("aiohttp's own line")
    assert "http://[::1]:8124/?token=abc" in capsys.readouterr().out
