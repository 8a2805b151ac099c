"""A yes/no question in a modal dialog (after frogmouth's YesNoDialog).

Only deliberate keys answer it: Enter on the focused button, Escape (no), a click; the arrows and Tab
move between the buttons. Letters never answer: "lombalgie" typed just after Ctrl+N must not have its
"o" taken for "oui", nor "névralgie" its "n" for "non". "No" has the focus when the dialog opens: a
stray Enter must never replace a file or drop answers. With ``keep_typing``, what is typed while the
dialog is shown is kept and shown (:attr:`ConfirmScreen.typed`), for the caller to use after a yes.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from finder.i18n import tr


class ConfirmScreen(ModalScreen[bool]):
    """Asks ``question``; dismisses with True for yes, False for no (Escape, or the No button)."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > #confirm-dialog {
        width: 90%; min-width: 40; max-width: 84; height: auto;
        padding: 1 2; border: thick $warning 60%; background: $surface;
    }
    /* the whole question and the kept text, wrapped: at 80 columns neither may be cut */
    ConfirmScreen #confirm-question { width: 100%; margin-bottom: 1; }
    ConfirmScreen #confirm-typed { width: 100%; margin-bottom: 1; color: $text-muted; }
    ConfirmScreen #confirm-buttons { width: 100%; height: auto; align-horizontal: right; }
    ConfirmScreen Button { margin-left: 2; }
    """

    # Priority bindings answer as soon as the key is read, before the next keys are dispatched: what
    # is typed right after the answer then goes to the screen underneath, not to this closing dialog.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(False)", show=False, priority=True),
        Binding("enter", "choose", show=False, priority=True),
        # the choice is kept here, not read from the focus (which moves a moment later): "Tab Enter"
        # typed at once says yes
        Binding("left,right,tab,shift+tab", "switch", show=False, priority=True),
    ]

    def __init__(self, question: str, *, keep_typing: bool = False) -> None:
        super().__init__()
        self.question = question
        self.keep_typing = keep_typing
        self.typed = ""  # kept while the dialog is shown (keep_typing), never an answer to it
        self._enter_says_yes = False  # the button Enter presses: "no" until the user moves to "yes"

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Label(self.question, id="confirm-question", markup=False)
            yield Label(id="confirm-typed", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button(tr("route_view.confirm.yes"), id="confirm-yes", variant="warning")
                yield Button(tr("route_view.confirm.no"), id="confirm-no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#confirm-typed", Label).display = False
        self.query_one("#confirm-no", Button).focus()

    async def _on_key(self, event: events.Key) -> None:
        """Letters and spaces never answer: kept (keep_typing) and shown, or only said to be ignored."""
        if self._keep(event):
            event.stop()
            event.prevent_default()

    def keep_keys(self, keys: list[events.Key]) -> None:
        """Keys typed after the question was asked, before it was shown: only their text is kept
        (an Enter or a Tab typed before the question could be seen never answers it)."""
        for key in keys:
            self._keep(key)

    def _keep(self, key: events.Key) -> bool:
        if key.is_printable and key.character:
            self._typed(self.typed + key.character)
            return True
        if key.key == "backspace" and self.typed:
            self._typed(self.typed[:-1])
            return True
        return False

    def _typed(self, text: str) -> None:
        self.typed = text if self.keep_typing else ""
        label = self.query_one("#confirm-typed", Label)
        if self.keep_typing:
            label.update(Content(tr("tui.confirm_typed_kept", typed=text)) if text else "")
            label.display = bool(text)
        else:
            label.update(Content(tr("tui.confirm_letters")))
            label.display = True

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def action_switch(self) -> None:
        self._enter_says_yes = not self._enter_says_yes
        self.query_one("#confirm-yes" if self._enter_says_yes else "#confirm-no", Button).focus()

    def action_choose(self) -> None:
        """Enter: the chosen button's answer (No unless Yes was chosen with the arrows or Tab)."""
        self.dismiss(self._enter_says_yes)
