"""Exporting a route takes any file name a user can type in the export dialog: the file is written
(whole, and only it), or a plain message says why not; an existing file is never replaced unasked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from finder.directory.catalog import load_catalog
from finder.errors import FinderError
from finder.model import Intake
from finder.places.gazetteer import load_gazetteer
from finder.route.export import FORMATS, ExportExists, export_route
from finder.route.planning import plan_route

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
