"""The assistant survives what real terminals and real users do: a 40x12 window, resizes at any
moment, a 100,000-character paste, and keys pressed faster than it can answer.

``run_test`` re-raises any exception the app meets, so each test fails on a crash; each also checks
the app still answers afterwards.
"""

from __future__ import annotations

import random
import time

from textual import events
from textual.widgets import Button, Input

from finder import i18n
from finder.tui.conversation import TYPE_AHEAD_PAUSE

from .conftest import ADULT_CENTRAL, converse, prefill, type_answer

TINY = (40, 12)
SIZES = [(40, 12), (200, 60), (41, 13), (80, 24), (120, 12), (40, 50), (100, 30)]


async def test_a_whole_conversation_in_a_40x12_terminal(make_app):
    app = make_app()
    async with app.run_test(size=TINY) as pilot:
        await converse(pilot, ADULT_CENTRAL, until="screening")
        none = app.query_one("#none", Button)  # by keyboard: at 40x12 the button may be scrolled away
        none.focus()
        await pilot.pause(TYPE_AHEAD_PAUSE)  # read first: keys of the same run are typed ahead
        await pilot.press("enter")
        await pilot.pause()
        assert app.dialogue.complete and app.view == "route"
        for key in ("f2", "f2", "f1", "escape", "ctrl+s", "escape", "ctrl+l", "ctrl+t"):
            await pilot.press(key)
            await pilot.pause()
        assert app.route is not None and app.is_running


async def test_resizing_at_every_step_and_on_the_route(make_app):
    app = make_app()
    sizes = iter(SIZES * 10)
    async with app.run_test(size=(100, 30)) as pilot:
        dialogue = app.dialogue
        for _ in range(20):
            await pilot.resize_terminal(*next(sizes))
            step = dialogue.current
            if step is None:
                break
            await prefill(pilot, ADULT_CENTRAL, until=_next_step_after(dialogue, step.id))
        assert app.view == "route"
        for size in SIZES:  # the route panel and its map, at every size
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.press("f2")
        await pilot.resize_terminal(*TINY)
        await pilot.pause()
        assert app.is_running


def _next_step_after(dialogue, step_id: str) -> str | None:
    ids = [step.id for step in dialogue.steps]
    index = ids.index(step_id)
    return ids[index + 1] if index + 1 < len(ids) else None


async def test_a_100000_character_paste_into_each_kind_of_question(make_app):
    pasted = ("brûlures aux pieds depuis des années, [bold]pas[/] de <script> ; " * 1600)[:100_000]
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        answer = app.query_one("#answer", Input)
        started = time.perf_counter()
        answer.focus()
        answer.post_message(events.Paste(pasted))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.dialogue.raw("pain"), "the pasted description was not taken"
        assert app.dialogue.current.id == "alerts"
        await prefill(pilot, ADULT_CENTRAL, until="place")
        answer.focus()
        answer.post_message(events.Paste(pasted))  # live town suggestions on a huge text
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.dialogue.current.id == "place", "a pasted letter is not a town"
        await type_answer(pilot, "Lyon")
        assert app.dialogue.current.id == "radius"
        assert time.perf_counter() - started < 20, "the app froze on the paste"


async def test_keys_pressed_faster_than_the_app_answers(make_app):
    keys = [
        *"abc123",
        "enter",
        "escape",
        "tab",
        "shift+tab",
        "up",
        "down",
        "space",
        "backspace",
        "f1",
        "f2",
        "ctrl+n",
        "ctrl+s",
        "ctrl+l",
        "home",
        "end",
        "pageup",
        "pagedown",
    ]
    chooser = random.Random(20261129)  # fixed: a failure is reproducible
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*[chooser.choice(keys) for _ in range(80)])  # no pause between keys
        await pilot.pause()
        for _ in range(4):  # close whatever is open (help, export, palette)
            await pilot.press("escape")
        await pilot.press("ctrl+n")
        await pilot.pause()
        # still usable: a whole conversation goes through after the storm
        if i18n.get_language() != "fr":  # the storm may have switched to English (ctrl+l)
            await app.action_switch_language()
            await pilot.pause()
        assert i18n.get_language() == "fr"
        app.dialogue.reset()
        await prefill(pilot, ADULT_CENTRAL)
        assert app.route is not None and app.is_running


async def test_a_file_name_the_system_refuses_gets_a_message_in_the_export_dialog(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await prefill(pilot, ADULT_CENTRAL)
        await pilot.press("ctrl+s")
        await pilot.pause()
        for name in ("x" * 300 + ".md", "a\x00b.md"):
            field = app.screen.query_one("#export-name", Input)
            field.value = name
            field.focus()
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen.query("#export-message"), "the dialog closed"
            assert "-error" in app.screen.query_one("#export-message").classes
        assert list(tmp_path.iterdir()) == []
