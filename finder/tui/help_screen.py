"""F1 help: what to do on the current screen, and the keys that work there right now.

The text comes from the catalogue (one topic per screen); the key table is read from the bindings active
on the screen underneath when help opens, so it never lists a key that does not work or misses one.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from finder.i18n import tr

TOPICS = ("conversation", "route", "export")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


class HelpScreen(ModalScreen[None]):
    """Help for ``topic`` ("conversation", "route" or "export"); Escape, F1 or q closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > #help-dialog {
        width: 90%; max-width: 100; height: 90%;
        padding: 0 1; border: thick $primary 60%; background: $surface;
        border-title-color: $text;
    }
    HelpScreen #help-close { color: $text-muted; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "close", show=False)]

    def __init__(self, topic: str, *, extra_keys: list[tuple[str, str]] | None = None) -> None:
        """``extra_keys``: (key, description) of keys that work on that screen without a place in the
        footer (the route's tab keys), listed after the footer's."""
        if topic not in TOPICS:
            raise ValueError(tr("route_view.help.unknown_topic", topic=topic, topics=", ".join(TOPICS)))
        super().__init__()
        self.topic = topic
        self.extra_keys = list(extra_keys or ())

    def compose(self) -> ComposeResult:
        dialog = VerticalScroll(id="help-dialog")
        dialog.border_title = tr("route_view.help.title")
        with dialog:
            yield Markdown(self._text(), id="help-text")
            yield Static(tr("route_view.help.close"), id="help-close")

    def _text(self) -> str:
        text = tr(f"route_view.help.topic.{self.topic}").strip()
        keys = self._keys() + self.extra_keys
        if keys:
            rows = "\n".join(f"| `{_cell(key)}` | {_cell(description)} |" for key, description in keys)
            text += (
                f"\n\n## {tr('route_view.help.keys')}\n\n"
                f"| {tr('route_view.help.key_column')} | {tr('route_view.help.action_column')} |\n"
                f"|---|---|\n{rows}\n"
            )
        return text

    def _keys(self) -> list[tuple[str, str]]:
        """(key, description) of the bindings shown on the screen below this one, in their order."""
        stack = self.app.screen_stack
        below = stack[-1] if stack and stack[-1] is not self else (stack[-2] if len(stack) > 1 else None)
        if below is None:
            return []
        seen: dict[str, tuple[str, str]] = {}
        for active in below.active_bindings.values():
            binding = active.binding
            if binding.show and binding.description and active.enabled:
                key = self.app.get_key_display(binding)
                seen.setdefault(f"{key}{binding.description}", (key, binding.description))
        return list(seen.values())

    def action_close(self) -> None:
        self.dismiss(None)
