"""ExportScreen: pick a format with keys or mouse, save atomically, confirm overwrites, copy."""

from __future__ import annotations

import json

from textual.app import App
from textual.widgets import Input, Static

from finder.i18n import tr
from finder.tui.dialogs import ConfirmScreen
from finder.tui.export_screen import ExportScreen
from tests.route.test_export import sample_route


class Host(App[None]):
    def __init__(self, folder) -> None:
        super().__init__()
        self.folder = folder
        self.results: list[str | None] = []

    def on_mount(self) -> None:
        self.push_screen(ExportScreen(sample_route(), default_dir=self.folder), self.results.append)


def message(app: App) -> str:
    return str(app.screen.query_one("#export-message", Static).render())


async def test_markdown_is_suggested_and_saved_with_enter(tmp_path):
    app = Host(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#export-name", Input).value == "parcours-saint-etienne.md"
        app.screen.query_one("#export-name", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
    written = tmp_path / "parcours-saint-etienne.md"
    assert app.results == [str(written)]
    assert "Saint-Priest-en-Jarez" in written.read_text(encoding="utf-8")


async def test_each_format_chosen_with_the_keyboard_changes_the_name_and_the_content(tmp_path):
    expected = {
        1: "parcours-saint-etienne.txt",
        2: "parcours-saint-etienne.json",
        3: "parcours-saint-etienne-courrier.txt",
    }
    for downs, name in expected.items():
        app = Host(tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press(*["down"] * downs, "space")  # the format list has the focus first
            await pilot.pause()
            assert app.screen.query_one("#export-name", Input).value == name
            await pilot.click("#export-save")
            await pilot.pause()
        assert app.results == [str(tmp_path / name)]
    assert (
        json.loads((tmp_path / expected[2]).read_text(encoding="utf-8"))["steps"][0]["kind"]
        == "preconditions"
    )
    assert tr("route.letter.greeting") in (tmp_path / expected[3]).read_text(encoding="utf-8")


async def test_a_format_clicked_with_the_mouse_is_used(tmp_path):
    app = Host(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.click("#fmt-json")
        await pilot.pause()
        assert app.screen.fmt == "json"
        await pilot.click("#export-save")
        await pilot.pause()
    assert json.loads((tmp_path / "parcours-saint-etienne.json").read_text(encoding="utf-8"))


async def test_a_typed_name_is_kept_when_the_format_changes(tmp_path):
    app = Host(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        name = app.screen.query_one("#export-name", Input)
        name.value = "pour-le-centre.md"
        await pilot.click("#fmt-text")
        await pilot.pause()
        assert name.value == "pour-le-centre.md"


async def test_overwriting_asks_first_and_no_keeps_the_old_file(tmp_path):
    existing = tmp_path / "parcours-saint-etienne.md"
    existing.write_text("mes notes", encoding="utf-8")
    app = Host(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.click("#export-save")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert str(existing) in app.screen.question
        await pilot.press("o", "n")  # letters never answer
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert "conservé" in message(app)
        assert app.results == []
    assert existing.read_text(encoding="utf-8") == "mes notes"


async def test_overwriting_with_yes_replaces_the_file(tmp_path):
    existing = tmp_path / "parcours-saint-etienne.md"
    existing.write_text("mes notes", encoding="utf-8")
    app = Host(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.click("#export-save")
        await pilot.pause()
        await pilot.click("#confirm-yes")
        await pilot.pause()
    assert app.results == [str(existing)]
    assert "Saint-Étienne" in existing.read_text(encoding="utf-8")


async def test_a_missing_folder_is_reported_in_the_dialog_which_stays_open(tmp_path):
    app = Host(tmp_path / "absent")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.click("#export-save")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert "n'existe pas" in message(app)
        assert app.screen.query_one("#export-message").has_class("-error")
        # fixed by typing a full path into an existing folder
        name = app.screen.query_one("#export-name", Input)
        name.value = str(tmp_path / "ici.md")
        name.focus()
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [str(tmp_path / "ici.md")]


async def test_an_empty_name_is_refused(tmp_path):
    app = Host(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen.query_one("#export-name", Input).value = "  "
        await pilot.click("#export-save")
        await pilot.pause()
        assert "nom de fichier" in message(app)
    assert list(tmp_path.iterdir()) == []


async def test_copy_puts_the_chosen_format_on_the_clipboard_and_writes_nothing(tmp_path):
    app = Host(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.click("#fmt-json")
        await pilot.click("#export-copy")
        await pilot.pause()
        assert json.loads(app.clipboard)["place"]["name"] == "Saint-Étienne"
        assert "presse-papiers" in message(app)
        assert isinstance(app.screen, ExportScreen)
    assert list(tmp_path.iterdir()) == []


async def test_escape_cancels_without_writing(tmp_path):
    app = Host(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]
    assert list(tmp_path.iterdir()) == []


async def test_without_a_folder_the_export_goes_to_documents_or_home_and_shows_the_full_path(
    tmp_path, monkeypatch
):
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr("platformdirs.user_documents_dir", lambda: str(documents))
    monkeypatch.chdir(tmp_path)  # the current folder is never the default
    app = Host(None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        shown = str(app.screen.query_one("#export-target", Static).render())
        assert str(documents / "parcours-saint-etienne.md") in shown
        app.screen.query_one("#export-name", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [str(documents / "parcours-saint-etienne.md")]
    assert not (tmp_path / "parcours-saint-etienne.md").exists()


async def test_without_a_documents_folder_the_export_goes_home(tmp_path, monkeypatch):
    monkeypatch.setattr("platformdirs.user_documents_dir", lambda: str(tmp_path / "missing"))
    monkeypatch.setenv("HOME", str(tmp_path))
    app = Host(None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        shown = str(app.screen.query_one("#export-target", Static).render())
        assert str(tmp_path / "parcours-saint-etienne.md") in shown.replace("\n", "")


class ServedHost(Host):
    """The export dialog as a served session (``finder serve``) shows it: the file goes to the browser."""

    def __init__(self, folder) -> None:
        super().__init__(folder)
        self.delivered: list[tuple[str, str, str | None]] = []

    @property
    def is_web(self) -> bool:
        return True

    def deliver_text(self, path_or_file, *, save_filename=None, mime_type=None, **options):  # type: ignore[override]
        self.delivered.append((save_filename, path_or_file.read(), mime_type))
        return "key"


async def test_a_served_session_sends_the_file_to_the_browser_and_writes_nothing(tmp_path):
    app = ServedHost(tmp_path)
    target = tmp_path / "authorized_keys"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        name = app.screen.query_one("#export-name", Input)
        name.value = str(target)  # an absolute path on the server: only its last part is kept
        name.focus()
        await pilot.press("enter")
        await pilot.pause()
    assert [(n, mime) for n, _, mime in app.delivered] == [("authorized_keys.md", "text/markdown")]
    assert "Saint-Priest-en-Jarez" in app.delivered[0][1]
    assert app.results == ["authorized_keys.md"]
    assert list(tmp_path.iterdir()) == []  # nothing on the server's disk


async def test_a_served_session_refuses_an_empty_name(tmp_path):
    app = ServedHost(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#export-name", Input).value = "../"
        await pilot.click("#export-save")
        await pilot.pause()
        assert app.delivered == [] and app.screen.query_one("#export-message").has_class("-error")
