"""The Textual assistant: the conversation, then the route, with export, help and a command palette.

The app is a thin face over the domain: :class:`finder.intake.dialogue.Dialogue` asks the questions,
:func:`finder.route.planning.plan_route` builds the route (planned again after every change of
an answer; a language switch only renders the same route again), and part b's widgets (``route_panel``,
``export_screen``, ``help_screen``, ``dialogs``) show it and act on it. Nothing is written to disk
except the file the user exports, and nothing goes over the network.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import ContentSwitcher, Footer, Header, Markdown, Static

from finder.errors import FinderError
from finder.i18n import LANGUAGES, get_language, set_language, tr
from finder.intake.dialogue import Dialogue, Places
from finder.tui.commands import FinderCommands
from finder.tui.conversation import Conversation

if TYPE_CHECKING:
    from finder.directory.catalog import Catalog
    from finder.model import Route
    from finder.tui.route_panel import RoutePanel

DARK_THEME, LIGHT_THEME = "textual-dark", "textual-light"
HEADER_ICON = "◊"
# Actions whose footer/help label comes from tui.toml (``tui.binding.<action>``).
TRANSLATED = frozenset(
    {"help", "new_patient", "go_back", "toggle_view", "export", "switch_language", "toggle_theme", "quit"}
)


class SourcesScreen(ModalScreen[None]):
    """Where the centre directory comes from: its folder, its size, skipped files, the route's sources."""

    BINDINGS: ClassVar[list[BindingType]] = [("escape", "dismiss", "")]

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="sources"):
            yield Markdown(self._text)
            yield Static(Content(tr("tui.sources.close")), classes="hint")

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)


class FinderApp(App[None]):
    """finder's assistant. ``directory`` and ``today`` are injectable for tests and snapshots."""

    CSS_PATH = "app.tcss"
    TITLE = "finder"
    COMMANDS = App.COMMANDS | {FinderCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "help"),
        # priority: acted on as soon as it is read, so the keys typed next are held for its question
        Binding("ctrl+n", "new_patient", "new_patient", priority=True),
        Binding("escape", "go_back", "go_back"),
        Binding("f2", "toggle_view", "toggle_view"),
        Binding("ctrl+s", "export", "export"),
        Binding("ctrl+l", "switch_language", "switch_language", show=False),
        Binding("ctrl+t", "toggle_theme", "toggle_theme", show=False),
    ]

    def __init__(
        self,
        directory: str | Path | None = None,
        *,
        language: str | None = None,
        today: date | None = None,
        places: Places | None = None,
        export_dir: Path | None = None,
    ) -> None:
        if language:
            set_language(language)
        super().__init__()
        self.directory = directory
        self.today = today
        self.export_dir = export_dir  # where exports go by default (None: documents, else home)
        self.dialogue = Dialogue(places)
        self.route: Route | None = None
        self._catalog: Catalog | None = None
        self._loaded_catalog: Catalog | None = None  # read ahead by the prewarm thread
        self._held: list[events.Key] | None = None  # keys typed while the main screen changes
        self.theme = DARK_THEME

    def compose(self) -> ComposeResult:
        # The header's icon must be in the browser face's font (textual-serve's Roboto Mono): Textual's
        # default "⭘" showed as an empty box in Chromium.
        yield Header(icon=HEADER_ICON)
        with ContentSwitcher(initial="conversation", id="views"):
            yield Conversation(self.dialogue, id="conversation")
            # the route panel is mounted with the first route: start-up only builds the conversation
        yield Footer()

    def on_mount(self) -> None:
        self._translate()
        # Once the first question is on screen: the reading ahead never delays it.
        self.call_after_refresh(
            self.run_worker, self._prewarm, thread=True, name="prewarm", exit_on_error=False
        )

    def _prewarm(self) -> None:
        """Build the gazetteer's indexes, read the centre directory and import the route's code while
        the user types the first answers, so that the town question and the route answer at once.
        The first question is already usable: this never delays it."""
        self.dialogue.suggest_places("a")
        from finder.directory.catalog import load_catalog
        from finder.route import planning  # noqa: F401  (imported now rather than after the last answer)
        from finder.tui import route_panel  # noqa: F401

        with contextlib.suppress(FinderError):  # said when the route is asked for (loaded again)
            self._loaded_catalog = load_catalog(self.directory, today=self.today, with_user=True)
        # The gazetteer and the directory are hundreds of thousands of long-lived objects: every full
        # garbage collection walked them all, and one fell in the middle of drawing the route (a
        # few hundred ms). Frozen, they are left out of the collections.
        gc.freeze()

    # --- keys typed during a screen change ------------------------------------------------------

    def hold_keys(self) -> None:
        """From now on, keys reaching the main screen wait for :meth:`release_keys`.

        A screen change (a new patient, the route appearing, another language) rebuilds what has the
        focus over several steps; keys typed meanwhile went to a widget about to vanish or were wiped
        with the old answer. Held, they are given to whatever has the focus once the change is done.
        """
        if self._held is None:
            self._held = []

    def release_keys(self) -> None:
        """Replay the held keys, in order, to the widget that has the focus once the change is done.

        Focusing is itself queued: the replay is queued after it, and keys still waiting in the queue
        before it are held too."""
        self.call_later(self._replay_held)

    def _replay_held(self) -> None:
        held, self._held = self._held or [], None
        for key in held:
            replayed = events.Key(key.key, key.character)
            replayed.time = key.time  # when it was typed: a key typed ahead stays typed ahead
            self.post_message(replayed)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            found = self.screen_stack[0].query(Conversation) if self.screen_stack else None
            conversation = found.first() if found else None
            if conversation is not None:
                conversation.type_ahead.saw(event.time)
            on_main = self.screen is self.screen_stack[0]  # a dialog still open (confirm) takes its keys
            if self._held is not None and on_main:
                self._held.append(event)
                return
            if self._held:  # typed after Ctrl+N, before its question was shown: for the question
                self._hand_held_to(self.screen)
            in_conversation = on_main and self.view == "conversation"
            if in_conversation and conversation is not None and conversation.swallow(event):
                return  # typed ahead into a checklist: never ticks, unticks or validates it
        await super().on_event(event)

    def _hand_held_to(self, dialog: Screen) -> None:
        """Keys held since Ctrl+N, typed before its question was shown, are given to the question
        (which keeps their text, never takes them for an answer); others' dialogs drop them."""
        if self.screen is not dialog or not self._held:
            return
        held, self._held = self._held, []
        keep = getattr(dialog, "keep_keys", None)
        if keep is not None:
            keep(held)

    # --- the route -----------------------------------------------------------------------------

    @property
    def catalog(self) -> Catalog:
        """The centre directory, loaded on first use (a FinderError when it is missing or empty)."""
        if self._catalog is None:
            from finder.directory.catalog import load_catalog

            loaded, self._loaded_catalog = self._loaded_catalog, None
            self._catalog = loaded or load_catalog(self.directory, today=self.today, with_user=True)
            if self._catalog.problems:
                self.notify(
                    tr("tui.directory_problems", count=len(self._catalog.problems)), severity="warning"
                )
        return self._catalog

    @property
    def view(self) -> str:
        return self.query_one("#views", ContentSwitcher).current or "conversation"

    async def on_conversation_last_question(self, _: Conversation.LastQuestion) -> None:
        """Build the (hidden) route panel while the last question is read, so that the route shows at
        once after the last answer; the questions with typing are over by then."""
        await self.route_panel()

    async def on_conversation_completed(self, _: Conversation.Completed) -> None:
        self.hold_keys()
        try:
            await self.show_route()
        finally:
            self.release_keys()

    async def route_panel(self) -> RoutePanel:
        """The route panel, mounted on first use."""
        from finder.tui.route_panel import RoutePanel

        panels = self.query(RoutePanel)
        if panels:
            return panels.first()
        panel = RoutePanel(id="route")
        panel.display = False  # until the switcher shows it (built ahead of the last answer)
        await self.query_one("#views", ContentSwitcher).mount(panel)
        return panel

    async def _drop_route_panel(self) -> None:
        """Forget the shown route (new patient), or rebuild it in another language."""
        from finder.tui.route_panel import RoutePanel

        await self.query(RoutePanel).remove()

    async def show_route(self, *, focus: bool = True) -> None:
        """Plan the route from the answers and show it; a directory problem is shown, not raised.

        ``focus``: switch to the route, its steps focused from the top (PageDown, Down, Home scroll)."""
        from finder.route.planning import plan_route

        try:
            self.route = plan_route(self.dialogue.intake(), self.catalog, today=self.today)
        except FinderError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)
            return
        panel = await self.route_panel()
        panel.show(self.route)
        if focus:
            self._show_view("route")
            panel.focus_steps()
        self.refresh_bindings()

    # --- actions -------------------------------------------------------------------------------

    def _show_view(self, view: str) -> None:
        """ "conversation" or "route"; the footer then names where F2 leads."""
        switcher = self.query_one("#views", ContentSwitcher)
        switcher.current = view
        switcher.get_child_by_id(view).display = True  # a panel rebuilt while current (language)
        self._translate()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("export", "toggle_view"):
            return self.route is not None and self.dialogue.complete
        if action == "new_patient":  # not over a dialog (a second Ctrl+N, or the export)
            return self.screen is self.screen_stack[0]
        if action == "go_back":  # greyed out on the first question
            return self.view == "route" or self.dialogue.complete or self.dialogue.progress()[0] > 1 or None
        return True

    def action_go_back(self) -> None:
        """One question back (Textual's own ``back`` navigates screens: not overridden)."""
        conversation = self.query_one(Conversation)
        if self.view == "route":
            self._show_view("conversation")
        conversation.back()

    async def action_toggle_view(self) -> None:
        if self.view == "route":
            self._show_view("conversation")
            self.query_one(Conversation).refresh_view()
        elif self.route is not None:
            self._show_view("route")
            (await self.route_panel()).focus_steps()

    def action_new_patient(self) -> None:
        """Ask first; what is typed while the question is shown is held, never an answer to it, and
        becomes the new patient's first answer after a yes (dropped after a no)."""
        from finder.tui.dialogs import ConfirmScreen

        dialog = ConfirmScreen(tr("tui.confirm_new_patient"), keep_typing=True)

        async def confirmed(yes: bool | None) -> None:
            try:
                if yes:
                    self.dialogue.reset()
                    self.route = None
                    await self._drop_route_panel()
                    self._show_view("conversation")
                    conversation = self.query_one(Conversation)
                    conversation.refresh_view()
                    conversation.start_with(dialog.typed)
                    self.refresh_bindings()
            finally:
                self.release_keys()  # what was typed after the answer follows, in order

        self.hold_keys()
        self.push_screen(dialog, confirmed)
        dialog.call_after_refresh(self._hand_held_to, dialog)

    async def action_export(self) -> None:
        from finder.tui.export_screen import ExportScreen

        if self.route is None:
            return

        def exported(path: str | None) -> None:
            if path:  # a file name may hold "[...]": never read as markup
                self.notify(tr("tui.delivered" if self.is_web else "tui.exported", path=path), markup=False)

        selected = (await self.route_panel()).selected_centre
        screen = ExportScreen(self.route, self.export_dir, centre_id=selected.id if selected else None)
        self.push_screen(screen, exported)

    def action_add_centre(self) -> None:
        """``finder directory new --user`` in the terminal (the app steps aside meanwhile); the new
        centre is in every route from then on."""
        from datetime import date

        from finder.directory.tools import Aborted, NewEntry
        from finder.directory.user import user_directory
        from finder.errors import FinderError

        def ask(prompt: str) -> str | None:
            try:
                return input(prompt)
            except EOFError:
                return None

        with self.suspend():
            try:
                path = NewEntry(
                    user_directory(), {}, interactive=True, ask=ask, say=print, today=date.today()
                ).run()
            except (Aborted, FinderError, FileExistsError) as error:
                print(tr("new.aborted") if isinstance(error, Aborted) else str(error))
                path = None
            input(tr("tui.add_centre.back") + " ")
        if path is not None:
            self._catalog = None  # read again, with the new centre
            self.notify(tr("tui.add_centre.added", path=str(path)))

    def action_help(self) -> None:
        from finder.tui.help_screen import HelpScreen
        from finder.tui.route_panel import RoutePanel

        if self.view == "route":
            self.push_screen(HelpScreen("route", extra_keys=RoutePanel.help_keys()))
        else:
            self.push_screen(HelpScreen("conversation"))

    async def action_switch_language(self) -> None:
        """French <-> English: the transcript, the question, the route and the footer all follow."""
        other = LANGUAGES[(LANGUAGES.index(get_language()) + 1) % len(LANGUAGES)]
        set_language(other)
        self.hold_keys()
        try:
            self._translate()
            self.query_one(Conversation).refresh_view(keep_input=True)
            # The route panel labels its tabs and columns when composed: a fresh one speaks the new
            # language.
            view = self.view
            await self._drop_route_panel()
            if self.route is not None:  # the same route, rendered again: a route holds codes, not words
                panel = await self.route_panel()
                panel.show(self.route)
                if view == "route":
                    panel.focus_steps()
            self._show_view(view)
        finally:
            self.release_keys()

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME

    def action_show_sources(self) -> None:
        try:
            catalog = self.catalog
        except FinderError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)
            return
        self.push_screen(SourcesScreen(self._sources_text(catalog)))

    def _sources_text(self, catalog: Catalog) -> str:
        from finder.directory.catalog import default_directory
        from finder.tui.route_panel import md_escape, md_url

        # every value from the directory (paths, messages, names) is shown literally, never as markup
        folder = Path(self.directory) if self.directory else default_directory()
        lines = [f"# {tr('tui.sources.title')}", "", tr("tui.sources.folder", folder=md_escape(str(folder)))]
        lines.append(tr("tui.sources.count", count=len(catalog.centres)))
        if catalog.problems:
            lines += ["", tr("tui.sources.skipped", count=len(catalog.problems)), ""]
            lines += [
                f"- {md_escape(f'{p.path}:{p.line}')} : {md_escape(p.message)}" for p in catalog.problems
            ]
        if self.route is not None:
            lines += ["", f"## {tr('tui.sources.route')}", ""]
            for routed in self.route.centres:
                centre = routed.centre
                never = tr("tui.sources.never")
                verified = centre.last_verified.isoformat() if centre.last_verified else never
                lines.append(f"- **{md_escape(centre.name)}** ({md_escape(centre.establishment)}), ")
                lines[-1] += f"{tr('tui.sources.verified')} {verified}"
                lines += [f"  - {md_url(source)}" for source in centre.sources]
        return "\n".join(lines)

    # --- language ------------------------------------------------------------------------------

    def _translate(self) -> None:
        """Titles and footer labels in the current language."""
        self.title = "finder"
        self.sub_title = tr("tui.subtitle")
        for key, bindings in self._bindings.key_to_bindings.items():
            self._bindings.key_to_bindings[key] = [
                replace(b, description=self._binding_label(b.action)) if b.action in TRANSLATED else b
                for b in bindings
            ]
        self.refresh_bindings()

    def _binding_label(self, action: str) -> str:
        if action == "toggle_view":  # names where F2 leads
            return tr(f"tui.binding.toggle_view.{'conversation' if self.view == 'route' else 'route'}")
        return tr(f"tui.binding.{action}")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Only quitting is left to Textual's own entries, translated; the rest is FinderCommands."""
        yield SystemCommand(tr("tui.command.quit.name"), tr("tui.command.quit.help"), self.action_quit)


def run_app(language: str | None, directory: str | None) -> int:
    """Run the assistant in the terminal; ``finder`` with no command lands here."""
    app = FinderApp(directory, language=language)
    app.run()
    return app.return_code or 0
