"""A whole conversation in the Textual app, answered with Enter, for the privacy test's child process.

Usage: ``python tui_conversation.py EXPORT_NAME``. Answers every question with the keyboard (typed
answers, "none of these" on the checklists), waits for the route, then exports it with ctrl+s under
EXPORT_NAME (relative to the default export folder: the user's documents folder, else their home).
Prints ``ROUTE <step kinds>`` and ``EXPORTED <path>``. Uses the shipped directory, like a user would.
"""

from __future__ import annotations

import asyncio
import sys

from textual.widgets import Button, Input

from finder.tui.app import FinderApp

ANSWERS = {
    "pain": "douleur du bras depuis son AVC, brûlures",
    "category": "1",
    "dn4_mode": "3",
    "months": "12",
    "intensity": "7",
    "treatments": "prégabaline",
    "refractory": "oui",
    "age": "adulte",
    "place": "Lyon",
    "radius": "100",
}


async def converse(export_name: str) -> None:
    app = FinderApp(language="fr")
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(40):
            await pilot.pause()
            step = app.dialogue.current
            if step is None:
                break
            if step.kind == "checklist":
                await pilot.click("#none")
                continue
            field = app.query_one("#answer", Input)
            field.focus()
            field.value = ANSWERS[step.id][:-1]
            await pilot.press(ANSWERS[step.id][-1], "enter")  # the last key typed, then Enter
        for _ in range(50):
            await pilot.pause(0.05)
            if app.route is not None:
                break
        assert app.route is not None, "no route"
        print("ROUTE", " ".join(step.kind for step in app.route.steps), flush=True)
        await pilot.press("ctrl+s")
        await pilot.pause()
        name = app.screen.query_one("#export-name", Input)
        name.value = export_name
        app.screen.query_one("#export-save", Button).press()
        for _ in range(50):
            await pilot.pause(0.05)
            if not app.screen.query("#export-name"):
                break
        print("EXPORTED", export_name, flush=True)


if __name__ == "__main__":
    asyncio.run(converse(sys.argv[1]))
