"""The command palette (Ctrl+P): the app's main actions, found by typing part of their name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from finder.i18n import tr

# (action name on FinderApp, message key of its palette entry)
PALETTE_ACTIONS = (
    ("new_patient", "tui.command.new_patient"),
    ("export", "tui.command.export"),
    ("switch_language", "tui.command.switch_language"),
    ("toggle_theme", "tui.command.toggle_theme"),
    ("show_sources", "tui.command.show_sources"),
    ("toggle_view", "tui.command.toggle_view"),
    ("help", "tui.command.help"),
    ("add_centre", "tui.command.add_centre"),
)


class FinderCommands(Provider):
    """One hit per action the app currently allows (export only once a route exists)."""

    def _commands(self) -> list[tuple[str, str, str]]:
        app = self.app
        return [
            (action, tr(f"{key}.name"), tr(f"{key}.help"))
            for action, key in PALETTE_ACTIONS
            if app.check_action(action, ()) is not False
        ]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for action, name, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                command = partial(self.app.run_action, action)
                yield Hit(score, matcher.highlight(name), command, help=help_text)

    async def discover(self) -> Hits:
        for action, name, help_text in self._commands():
            yield DiscoveryHit(name, partial(self.app.run_action, action), help=help_text)
