"""Fixtures for the Textual tests: a small directory of fictitious centres, a fixed date, helpers.

The centres are test data (illustrative names, no real contact details) written to a temporary folder,
so the tests do not depend on the shipped directory's content changing. ``today`` is fixed so that
stale/unverified marks, hence snapshots, never depend on the day the tests run.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, OptionList, SelectionList

from finder.tui.app import FinderApp
from finder.tui.conversation import TYPE_AHEAD_PAUSE

FIXED_TODAY = date(2026, 11, 1)

_ENTRY = """\
name = "{name}"
establishment = "{establishment}"
kind = "{kind}"
audience = {audience}

[address]
city = "{city}"
postcode = "{postcode}"
{rtms}
[provenance]
sources = ["https://example.org/{slug}"]
{verified}
"""
_RTMS = """
[rtms]
offered = true
targets = ["M1"]
indications = ["neuropathic_central", "neuropathic_peripheral"]
evidence = "Test entry: rTMS unit page."
"""
CENTRES = (
    # slug, region, name, establishment, kind, audience, city, postcode, rtms, last_verified
    (
        "lyon-cetd",
        "auvergne-rhone-alpes",
        "Centre douleur test",
        "Hôpital Test Lyon",
        "sdc-centre",
        '["adult"]',
        "Lyon",
        "69003",
        True,
        "2026-06-01",
    ),
    (
        "lyon-enfants",
        "auvergne-rhone-alpes",
        "Consultation douleur enfant test",
        "Hôpital Test Enfants",
        "sdc-consultation",
        '["child"]',
        "Lyon",
        "69005",
        False,
        "2026-09-15",
    ),
    (
        "brest-sdc",
        "bretagne",
        "Consultation douleur test",
        "Hôpital Test Brest",
        "sdc-consultation",
        '["adult"]',
        "Brest",
        "29200",
        False,
        "2024-01-10",
    ),
)


@pytest.fixture(scope="session")
def directory(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("directory")
    for slug, region, name, establishment, kind, audience, city, postcode, rtms, verified in CENTRES:
        folder = root / region
        folder.mkdir(exist_ok=True)
        (folder / f"{slug}.toml").write_text(
            _ENTRY.format(
                name=name,
                establishment=establishment,
                kind=kind,
                audience=audience,
                city=city,
                postcode=postcode,
                slug=slug,
                rtms=_RTMS if rtms else "",
                verified=f"last_verified = {verified}" if verified else "",
            ),
            encoding="utf-8",
        )
    return root


@pytest.fixture
def make_app(directory, tmp_path):
    def make(**options) -> FinderApp:
        return FinderApp(directory, today=FIXED_TODAY, export_dir=tmp_path, **options)

    return make


# One whole conversation: what is typed (str) or ticked (tuple of item ids) at each step.
ADULT_CENTRAL = {
    "pain": "douleur du bras depuis son AVC, brûlures",
    "alerts": (),
    "category": "1",
    "dn4_mode": "3",
    "months": "12",
    "intensity": "7",
    "treatments_tried": (),
    "treatments": "prégabaline",
    "refractory": "oui",
    "age": "adulte",
    "place": "Lyon",
    "radius": "100",
    "screening": (),
}


async def type_answer(pilot: Pilot, text: str) -> None:
    """Type into the answer field and press Enter, as a user would."""
    field = pilot.app.query_one("#answer", Input)
    field.focus()
    field.value = text
    await pilot.press("enter")
    await pilot.pause()


async def tick(pilot: Pilot, ids: tuple[str, ...]) -> None:
    """Tick checklist items with the keyboard, then confirm (or "none of these" when nothing).

    First a pause, as a user reads the list: keys of the run that answered the previous question
    would be typed ahead, never taken by a checklist."""
    await pilot.pause(TYPE_AHEAD_PAUSE)
    checklist = pilot.app.query_one("#checklist", SelectionList)
    checklist.focus()
    values = [checklist.get_option_at_index(i).value for i in range(checklist.option_count)]
    for item in ids:
        checklist.highlighted = values.index(item)
        await pilot.press("space")
    # by keyboard: in a small terminal the button may be scrolled out of sight
    pilot.app.query_one("#confirm" if ids else "#none", Button).focus()
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def converse(pilot: Pilot, answers: dict[str, object], *, until: str | None = None) -> None:
    """Answer every question the app asks from ``answers`` (stopping before ``until``)."""
    dialogue = pilot.app.dialogue
    for _ in range(30):
        step = dialogue.current
        if step is None or step.id == until:
            break
        value = answers[step.id]
        if step.kind == "checklist":
            await tick(pilot, value)  # type: ignore[arg-type]
        else:
            await type_answer(pilot, str(value))
        assert pilot.app.dialogue.current != step or step.kind == "place", f"{step.id} refused {value!r}"
    await pilot.pause()


def option_prompts(pilot: Pilot) -> list[str]:
    replies = pilot.app.query_one("#replies", OptionList)
    return [str(replies.get_option_at_index(i).prompt) for i in range(replies.option_count)]


async def prefill(pilot: Pilot, answers: dict[str, object], *, until: str | None = None) -> None:
    """Give the answers straight to the dialogue (fast), then let the app show where that leads.

    For tests about what happens *after* the answers (route, export, language); the conversation
    itself is driven key by key in the tests about it."""
    from finder.tui.conversation import Conversation

    app = pilot.app
    dialogue = app.dialogue
    while dialogue.current is not None and dialogue.current.id != until:
        value = answers[dialogue.current.id]
        if value == () and dialogue.current.kind == "checklist":
            value = "none"  # the "none" button: for warning signs nothing ticked is not "none"
        outcome = dialogue.answer(dialogue.current.id, value)
        assert outcome.accepted, outcome
    app.query_one(Conversation).refresh_view()
    if dialogue.complete:
        await app.show_route()
    await pilot.pause()
