"""A yes/no question in a modal dialog (after frogmouth's YesNoDialog): Escape and "n" answer no.

"No" has the focus when the dialog opens: a stray Enter must never replace a file or drop answers.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from finder.i18n import tr


class ConfirmScreen(ModalScreen[bool]):
    """Asks ``question``; dismisses with True for yes, False for no (Escape, "n", or the No button)."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > #confirm-dialog {
        width: auto; min-width: 40; max-width: 80%; height: auto;
        padding: 1 2; border: thick $warning 60%; background: $surface;
    }
    ConfirmScreen #confirm-question { width: auto; max-width: 76; margin-bottom: 1; }
    ConfirmScreen #confirm-buttons { width: 100%; height: auto; align-horizontal: right; }
    ConfirmScreen Button { margin-left: 2; }
    """

    # Priority bindings answer as soon as the key is read, before the next keys are dispatched: what
    # is typed right after the answer then goes to the screen underneath, not to this closing dialog.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", show=False, priority=True),
        Binding("y,o", "answer(True)", show=False, priority=True),
        Binding("enter", "choose", show=False, priority=True),
        Binding("left,right", "app.focus_next", show=False),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Label(self.question, id="confirm-question", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button(tr("route_view.confirm.yes"), id="confirm-yes", variant="warning")
                yield Button(tr("route_view.confirm.no"), id="confirm-no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def action_choose(self) -> None:
        """Enter: the focused button's answer (No unless Yes was chosen with the arrows or Tab)."""
        self.dismiss(self.focused is self.query_one("#confirm-yes", Button))
