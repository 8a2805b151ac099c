"""Text from a directory file, a server or a user cannot reach the terminal or a document as commands.

Each output path is tried with an OSC 52 sequence (writes the clipboard), a C1 CSI, a right-to-left
override and a multi-line value that would break out of its Markdown list item.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from markdown_it import MarkdownIt

from finder.cli.main import main
from finder.cli.output import safe_output
from finder.route.render import render
from finder.text import describe_character, is_invisible, neutralise, unsafe_characters
from tests.route.test_export import centre, sample_route

HOSTILE = "Centre \x1b]52;c;aGk=\x07 \x9b2J \u202eevil\u202c \x00\x7f end"
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
INJECTED_NOTES = "a\n---\n1. b\n# title\n> quote"


def hostile_route():
    route = sample_route()
    first = route.centres[0]
    bad = replace(first.centre, name=HOSTILE, establishment="Hôpital \x1b[2J", referral_notes=INJECTED_NOTES)
    return replace(route, centres=(replace(first, centre=bad), *route.centres[1:]))


def test_neutralise_shows_each_dangerous_character_as_inert_text():
    assert neutralise("a\x1bb\u202e\tc\nd") == "a\\u001bb\\u202e\tc\nd"
    assert neutralise("a\nb\tc", newlines=False) == "a\\u000ab\\u0009c"
    assert UNSAFE.search(neutralise(HOSTILE)) is None
    assert unsafe_characters("a\r\nb", newlines=True) == []
    assert unsafe_characters("a\r\nb") == ["\r", "\n"]
    assert is_invisible("\u200b\u3164 ") and not is_invisible("a\u200b")
    assert describe_character("\x9b") == "U+009B (CONTROL SEQUENCE INTRODUCER)"


@pytest.mark.parametrize("fmt", ["text", "markdown", "letter", "json"])
def test_every_route_format_is_inert(fmt):
    route = hostile_route()
    out = render(route, fmt, centre_id=route.centres[0].centre.id)
    assert UNSAFE.search(out) is None
    assert "\\u001b" in out and "\\u202e" in out


def test_json_keeps_the_exact_value_while_being_inert():
    document = json.loads(render(hostile_route(), "json"))
    assert document["centres"][0]["name"] == HOSTILE


def test_a_multi_line_value_stays_in_its_markdown_list_item():
    out = render(hostile_route(), "markdown")
    lines = out.splitlines()
    assert "---" not in lines and not any(line.startswith(("1. b", "# title", "> quote")) for line in lines)
    tokens = [t.type for t in MarkdownIt("commonmark").parse(out)]
    assert "hr" not in tokens and "ordered_list_open" not in tokens and "blockquote_open" not in tokens


def test_the_command_line_prints_nothing_raw(capsys):
    with safe_output():
        print(HOSTILE)
        print(HOSTILE, file=__import__("sys").stderr)
    captured = capsys.readouterr()
    for stream in (captured.out, captured.err):
        assert UNSAFE.search(stream) is None and "\\u001b]52;c;aGk=\\u0007" in stream


def test_validate_never_echoes_a_control_character(tmp_path, capsys):
    from tests.directory.test_validate import write_entry

    path = write_entry(tmp_path, '\n[contact]\nphone = "\\u001b]0;pwned\\u0007"\nwebsite = "\\u009b2J"\n')
    assert main(["directory", "validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "[E015]" in out and "[E028]" in out and "[E016]" in out
    assert UNSAFE.search(out) is None


def test_tui_markdown_escaping_makes_no_link_and_no_action():
    from finder.tui.route_panel import md_escape

    parser = MarkdownIt("gfm-like")
    names = ["Centre https://evil.example/x", "[@click=app.quit]x[/]", "[a](https://evil.example)"]
    for name in [*names, "mailto:x@evil.example", "rTMS : à discuter"]:
        tokens = parser.parseInline(md_escape(name))[0].children
        assert [t.type for t in tokens] == ["text"], name
        assert tokens[0].content == name
    assert UNSAFE.search(md_escape(HOSTILE)) is None


def test_a_plain_centre_is_unchanged():
    plain = centre("x", name="Centre d'évaluation — douleur")
    assert neutralise(plain.name) == plain.name
