"""HelpScreen (F1) and ConfirmScreen (yes/no) in a tiny host app."""

from __future__ import annotations

from typing import ClassVar

import pytest
from textual.app import App
from textual.binding import Binding, BindingType
from textual.widgets import Button, Markdown

from finder import i18n
from finder.tui.dialogs import ConfirmScreen
from finder.tui.help_screen import HelpScreen


class Host(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "noop", "Exporter"),
        Binding("ctrl+x", "noop", "caché", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[bool] = []

    def action_noop(self) -> None:
        pass

    def ask(self, question: str = "Remplacer le fichier ?") -> None:
        self.push_screen(ConfirmScreen(question), self.answers.append)


@pytest.mark.parametrize("topic", ["conversation", "route", "export"])
async def test_help_opens_on_its_topic_with_the_live_keys_and_closes_with_escape(topic):
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(HelpScreen(topic))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help-text", Markdown).source
        assert text.startswith(i18n.tr(f"route_view.help.topic.{topic}").strip()[:40])
        assert "Touches de cet écran" in text
        assert "| `^s` | Exporter |" in text
        assert "caché" not in text  # a hidden binding is not advertised
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_help_closes_with_f1_too_and_speaks_english():
    i18n.set_language("en")
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(HelpScreen("route"))
        await pilot.pause()
        assert "Reading the route" in app.screen.query_one("#help-text", Markdown).source
        await pilot.press("f1")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


@pytest.mark.parametrize(("language", "words"), [("fr", ("Espace", "Échap")), ("en", ("Space", "Escape"))])
async def test_the_conversation_help_says_how_lists_and_the_new_patient_question_are_answered(
    language, words
):
    i18n.set_language(language)
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(HelpScreen("conversation"))
        await pilot.pause()
        text = app.screen.query_one("#help-text", Markdown).source
        assert all(f"**{word}**" in text for word in words) and "Ctrl+N" in text


def test_an_unknown_help_topic_names_the_known_ones():
    with pytest.raises(ValueError, match="conversation, route, export"):
        HelpScreen("carte")


@pytest.mark.parametrize(
    ("keys", "answer"),
    [(["escape"], False), (["enter"], False), (["tab", "enter"], True), (["o", "y", "n", "escape"], False)],
    ids=["escape", "enter-on-default", "tab-enter", "letters-then-escape"],
)
async def test_confirm_answers_from_the_keyboard_and_defaults_to_no(keys, answer):
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        app.ask()
        await pilot.pause()
        assert app.focused is app.screen.query_one("#confirm-no", Button)
        await pilot.press(*keys)
        await pilot.pause()
        assert app.answers == [answer]
        assert not isinstance(app.screen, ConfirmScreen)


async def test_confirm_letters_never_answer_and_say_which_keys_do():
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        app.ask()
        await pilot.pause()
        await pilot.press("o", "y", "n")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and app.answers == []
        assert app.screen.typed == ""  # kept only when the caller asks for it
        assert "Échap" in str(app.screen.query_one("#confirm-typed").render())


@pytest.mark.parametrize(("button", "answer"), [("#confirm-yes", True), ("#confirm-no", False)])
async def test_confirm_answers_from_the_mouse(button, answer):
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        app.ask("Commencer un nouveau patient ? Les réponses en cours seront effacées.")
        await pilot.pause()
        assert "nouveau patient" in str(app.screen.query_one("#confirm-question").render())
        await pilot.click(button)
        await pilot.pause()
        assert app.answers == [answer]


async def test_confirm_arrow_then_enter_says_yes():
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        app.ask()
        await pilot.pause()
        await pilot.press("left", "enter")
        await pilot.pause()
        assert app.answers == [True]
