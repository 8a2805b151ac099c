"""Text from the user or the directory is shown literally: no Textual markup, no action, no link."""

from __future__ import annotations

import shutil

from textual.widgets import Input

from finder.tui.app import FinderApp
from finder.tui.export_screen import ExportScreen

from .conftest import ADULT_CENTRAL, FIXED_TODAY, prefill


async def test_the_export_toast_shows_a_path_with_brackets_literally(make_app, tmp_path):
    folder = tmp_path / "Dossiers [Cabinet X] [@click=app.quit]"
    folder.mkdir()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await prefill(pilot, ADULT_CENTRAL)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        name = app.screen.query_one("#export-name", Input)
        name.value = str(folder / "r.md")
        name.focus()
        await pilot.press("enter")
        await pilot.pause()
        notifications = list(app._notifications)
        assert notifications, "no toast"
        toast = notifications[-1]
        assert str(folder / "r.md") in toast.message
        assert toast.markup is False
        assert app.is_running  # the [@click=app.quit] in the name did nothing


async def test_the_sources_screen_escapes_names_paths_and_messages(directory, tmp_path):
    own = tmp_path / "directory"
    shutil.copytree(directory, own)  # the shared directory stays as it is
    (own / "auvergne-rhone-alpes" / "broken [@click=app.quit] https:x.toml").write_text(
        'name = "x [@click=app.quit] https://evil.example"\n', encoding="utf-8"
    )
    app = FinderApp(str(own), today=FIXED_TODAY, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await prefill(pilot, ADULT_CENTRAL)
        text = app._sources_text(app.catalog)
    from markdown_it import MarkdownIt

    tokens = [t for block in MarkdownIt("gfm-like").parse(text) if block.children for t in block.children]
    links = [t.attrs.get("href") for t in tokens if t.type == "link_open"]
    assert all(str(href).startswith("https://example.org") for href in links), links  # only the sources
    assert "[@click" in text.replace("\\[@click", "[@click")  # shown
    assert "[@click" not in text.replace("\\[@click", "")  # escaped


async def test_a_directory_error_naming_a_bracketed_folder_is_shown_literally(tmp_path):
    empty = tmp_path / "Annuaire [@click=app.quit] [b]"
    (empty / "bretagne").mkdir(parents=True)
    app = FinderApp(str(empty), today=FIXED_TODAY, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await prefill(pilot, ADULT_CENTRAL)
        toast = list(app._notifications)[-1]
        assert str(empty) in toast.message and toast.markup is False
        assert app.is_running
