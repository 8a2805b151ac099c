"""Exporting a route takes any file name a user can type in the export dialog: the file is written
(whole, and only it), or a plain message says why not; an existing file is never replaced unasked."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from finder.directory.catalog import load_catalog
from finder.errors import FinderError
from finder.model import Intake
from finder.places.gazetteer import load_gazetteer
from finder.route.export import FORMATS, ExportExists, export_route
from finder.route.planning import plan_route
from finder.route.render import render
from finder.text import neutralise
from tests.directory.test_properties_directory import DANGEROUS, HOSTILE_TEXT, UNSAFE
from tests.route.test_export import sample_route

ODD_NAMES = ["", ".", "..", "sub/", "missing/route.md", "a\x00b.md", "x" * 300 + ".md", " ", "route.md"]
ODD_NAMES += ["route.md/", "~", "é.md", "CON", "nul.txt", ".hidden", "a:b?.md", "line\nbreak.md", "sub"]
NAMES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            ".",
            "..",
            "sub/",
            "missing/route.md",
            "a\x00b.md",
            "x" * 300 + ".md",
            " ",
            "route.md",
            "route.md/",
            "~",
            "é.md",
            "CON",
            "nul.txt",
            ".hidden",
            "a:b?.md",
            "line\nbreak.md",
        ]
    ),
).filter(lambda name: not name.startswith(("/", "~")) and ".." not in name.split("/"))


@pytest.fixture(scope="module")
def route():
    lyon = load_gazetteer().resolve("Lyon").best.commune
    return plan_route(Intake(place=lyon, pain_category="neuropathic_central", months=12), load_catalog())


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("exports")
    (base / "sub").mkdir()
    (base / "route.md").write_text("the user's own notes\n", encoding="utf-8")
    return base


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=NAMES, fmt=st.sampled_from(FORMATS))
@example(name="a\x00b.md", fmt="markdown")
@example(name="x" * 300 + ".md", fmt="text")
@example(name="route.md", fmt="json")
def test_any_file_name_is_written_or_refused_with_a_message(route, folder, name, fmt):
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*")}
    try:
        written = export_route(route, fmt, folder / name)
    except ExportExists as exists:
        assert Path(exists.path).exists()
    except FinderError as error:
        assert str(error).strip()
    else:
        assert written.is_file() and written.is_relative_to(folder)
        assert written.read_bytes().endswith(b"\n")
        os.remove(written)  # the next example starts from the same folder
    after = {p: p.stat().st_mtime_ns for p in folder.rglob("*")}
    assert after == before, "an export changed or left other files"
    assert (folder / "route.md").read_text(encoding="utf-8") == "the user's own notes\n"


# --- any text in a centre: inert in every format, and in its place in Markdown ----------------------


MARKDOWN_SYNTAX = st.sampled_from(["\n", "\n---\n", "\n1. ", "\n# ", "\n> ", "\n- ", "\n===\n", "- ", "1) "])
# (a blank value never passes the validator: E008)
CENTRE_TEXT = (
    st.lists(st.one_of(HOSTILE_TEXT, DANGEROUS, MARKDOWN_SYNTAX), min_size=1, max_size=6)
    .map("".join)
    .filter(lambda text: any(line.strip() for line in text.splitlines()))
)


def hostile(name: str, notes: str):
    route = sample_route()
    first = route.centres[0]
    centre = replace(first.centre, name=name, establishment=name, city=name, referral_notes=notes)
    return replace(route, centres=(replace(first, centre=centre), *route.centres[1:]))


def block_structure(markdown: str) -> list[str]:
    return [
        t.type for t in MarkdownIt("commonmark").parse(markdown) if t.type.endswith("_open") or t.type == "hr"
    ]


@settings(max_examples=60)
@given(name=CENTRE_TEXT, notes=CENTRE_TEXT)
def test_any_centre_text_is_inert_and_stays_in_its_place(name, notes):
    route = hostile(name, notes)
    for fmt in ("text", "markdown", "letter", "json"):
        out = render(route, fmt, centre_id=route.centres[0].centre.id)
        assert UNSAFE.search(out) is None, fmt
    document = json.loads(render(route, "json"))
    assert document["centres"][0]["name"] == name  # inert, yet the same value
    plain = hostile("Centre", "Note")
    assert block_structure(render(route, "markdown")) == block_structure(render(plain, "markdown"))


@given(text=st.text())
def test_neutralise_is_idempotent_and_leaves_safe_text_alone(text):
    once = neutralise(text)
    assert neutralise(once) == once and UNSAFE.search(once) is None
    if UNSAFE.search(text) is None:
        assert once == text
