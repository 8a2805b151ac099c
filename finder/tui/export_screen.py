"""Save the route to a file (Markdown, text, JSON, referral letter) or copy it to the clipboard.

The suggested name holds the town only. In a served session (``finder serve``, ``App.is_web``) nothing
is written on the server's disk: the file is sent to the browser, which downloads it; only the base of
the typed name is kept. In a terminal, writing goes through :func:`finder.route.export.export_route`
(atomic, never over an existing file unasked): an existing file opens a :class:`ConfirmScreen` first, and
any problem (missing folder, no permission) is shown in the dialog, which stays open to fix it.
"""

from __future__ import annotations

import io
from pathlib import Path, PurePath
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from finder.errors import FinderError
from finder.i18n import tr
from finder.model import Route
from finder.route.export import FORMATS, ExportExists, export_route, suggested_filename
from finder.tui.dialogs import ConfirmScreen


def default_export_folder() -> Path:
    """Where exports go unless told otherwise: the user's documents folder, else their home folder
    (never the current folder, which may be a source checkout or a shared place)."""
    from platformdirs import user_documents_dir

    documents = Path(user_documents_dir())
    return documents if documents.is_dir() else Path.home()


class ExportScreen(ModalScreen[str | None]):
    """Dismisses with the path written, or None when cancelled (Escape)."""

    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > #export-dialog {
        width: 80%; max-width: 90; min-width: 50; height: auto; max-height: 100%;
        padding: 0 1; border: thick $primary 60%; background: $surface;
        border-title-color: $text;
    }
    ExportScreen RadioSet { width: 100%; margin-bottom: 1; }
    ExportScreen Label { margin-top: 0; color: $text-muted; }
    ExportScreen #export-name { width: 100%; }
    ExportScreen #export-target { color: $text-muted; padding: 0 1; }
    ExportScreen #export-message { height: auto; min-height: 1; padding: 0 1; }
    ExportScreen #export-message.-error { color: $error; text-style: bold; }
    ExportScreen #export-message.-success { color: $success; }
    ExportScreen #export-buttons { height: auto; width: 100%; align-horizontal: right; }
    ExportScreen #export-buttons Button { margin-left: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", show=False)]

    def __init__(
        self, route: Route, default_dir: Path | None = None, *, centre_id: str | None = None
    ) -> None:
        """``centre_id``: the centre a referral letter is addressed to (default: the route's choice)."""
        super().__init__()
        self.route = route
        self.default_dir = Path(default_dir) if default_dir is not None else None
        self.centre_id = centre_id
        self.fmt = FORMATS[0]
        self._suggested = suggested_filename(route, self.fmt)

    def compose(self) -> ComposeResult:
        dialog = Vertical(id="export-dialog")
        dialog.border_title = tr("route_view.export.title")
        with dialog:
            yield Label(tr("route_view.export.format"))
            with RadioSet(id="export-format"):
                for fmt in FORMATS:
                    yield RadioButton(
                        tr(f"route_view.export.format_{fmt}"), value=fmt == self.fmt, id=f"fmt-{fmt}"
                    )
            if self.app.is_web:
                yield Label(tr("route_view.export.download_label"), markup=False)
            else:
                yield Label(tr("route_view.export.file_label", folder=str(self._folder())), markup=False)
            yield Input(self._suggested, id="export-name")
            if not self.app.is_web:  # the full path the file will be written to
                yield Static(id="export-target", markup=False)
            privacy = "route_view.export.download_privacy" if self.app.is_web else "route_view.export.privacy"
            yield Static(tr(privacy), id="export-message", markup=False)
            with Horizontal(id="export-buttons"):
                yield Button(tr("route_view.export.save"), id="export-save", variant="primary")
                yield Button(tr("route_view.export.copy"), id="export-copy")
                yield Button(tr("route_view.export.cancel"), id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export-format", RadioSet).focus()

    def _folder(self) -> Path:
        return self.default_dir or default_export_folder()

    @on(Input.Changed, "#export-name")
    def _show_target(self) -> None:
        """The full path the file will be written to, shown before anything is written."""
        if self.app.is_web:
            return  # a served session sends the file to the browser
        target = self.target()
        text = tr("route_view.export.target", path=str(target)) if target else ""
        self.query_one("#export-target", Static).update(text)

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        self.fmt = FORMATS[event.index]
        name = self.query_one("#export-name", Input)
        suggestion = suggested_filename(self.route, self.fmt)
        if name.value == self._suggested:  # the user has not typed a name of their own
            name.value = suggestion
        self._suggested = suggestion

    @on(Input.Submitted, "#export-name")
    @on(Button.Pressed, "#export-save")
    def _save_requested(self) -> None:
        self.save()

    @on(Button.Pressed, "#export-copy")
    def _copy_requested(self) -> None:
        self.copy()

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def target(self) -> Path | None:
        """The file the name field designates: relative names are taken in the default folder."""
        typed = self.query_one("#export-name", Input).value.strip()
        if not typed:
            return None
        path = Path(typed).expanduser()
        return path if path.is_absolute() else self._folder() / path

    def save(self) -> None:
        if self.app.is_web:
            self.deliver()
            return
        path = self.target()
        if path is None:
            self._message(tr("route_view.export.empty_name"), error=True)
            return
        try:
            written = export_route(self.route, self.fmt, path, centre_id=self.centre_id)
        except ExportExists as exists:
            self.app.push_screen(
                ConfirmScreen(tr("route_view.export.overwrite", path=str(exists.path))),
                lambda replace: self._overwrite(path) if replace else self._keep(),
            )
        except FinderError as error:
            self._message(str(error), error=True)
        else:
            self.dismiss(str(written))

    def deliver(self) -> None:
        """Send the file to the browser (served session): the server's disk is never written."""
        from finder.route.export import EXTENSIONS
        from finder.route.render import render

        typed = self.query_one("#export-name", Input).value.strip()
        name = PurePath(typed.replace("\\", "/")).name if typed else ""
        if not name or name in (".", ".."):
            self._message(tr("route_view.export.empty_name"), error=True)
            return
        if not name.endswith(EXTENSIONS[self.fmt]):
            name += EXTENSIONS[self.fmt]
        text = render(self.route, self.fmt, centre_id=self.centre_id)
        mime = {"json": "application/json", "markdown": "text/markdown"}.get(self.fmt, "text/plain")
        self.app.deliver_text(io.StringIO(text), save_filename=name, mime_type=mime, encoding="utf-8")
        self.dismiss(name)

    def _overwrite(self, path: Path) -> None:
        try:
            written = export_route(self.route, self.fmt, path, overwrite=True, centre_id=self.centre_id)
        except FinderError as error:
            self._message(str(error), error=True)
        else:
            self.dismiss(str(written))

    def _keep(self) -> None:
        self._message(tr("route_view.export.kept"), error=True)
        self.query_one("#export-name", Input).focus()

    def copy(self) -> None:
        """Put the route, in the chosen format, on the clipboard (OSC 52; kept in ``App.clipboard``)."""
        from finder.route.render import render

        self.app.copy_to_clipboard(render(self.route, self.fmt, centre_id=self.centre_id))
        label = tr(f"route_view.export.format_{self.fmt}")
        self._message(tr("route_view.export.copied", format=label), error=False)

    def _message(self, text: str, *, error: bool) -> None:
        message = self.query_one("#export-message", Static)
        message.update(text)
        message.set_class(error, "-error")
        message.set_class(not error, "-success")
