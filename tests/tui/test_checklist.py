"""Multi-select lists (TMS safety screening, DN4): one box per item on its first line, at any width;
and "Confirm" with nothing ticked is never taken for "none of these"."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from finder.tui.conversation import UNBREAKABLE_BLANK, Checklist

from .conftest import ADULT_CENTRAL, prefill

BOX = "▐X▌"  # ticked
EMPTY_BOX = "▐ ▌"  # not ticked: told apart without colour (NO_COLOR, TERM=xterm-mono)
WIDTHS = [
    pytest.param((40, 24), id="40x24"),
    pytest.param((80, 24), id="80x24"),
    pytest.param((100, 30), id="100x30"),
]


def rows(checklist: Checklist) -> list[tuple[str, int | None, bool]]:
    """Every line of the list (scrolled or not): its text, the item its box belongs to (None: no box),
    and whether that box is drawn ticked."""
    ticked_styles = {
        checklist.get_component_rich_style(f"selection-list--button-selected{suffix}").clear_meta_and_links()
        for suffix in ("", "-highlighted")
    }
    scrolled = int(checklist.scroll_offset.y)
    lines = []
    for line_number in range(len(checklist._lines)):
        segments = list(checklist.render_line(line_number - scrolled))
        text = "".join(segment.text for segment in segments)
        if text.startswith((BOX, EMPTY_BOX)):
            box = segments[1].style
            lines.append((text, box.meta.get("option"), box.clear_meta_and_links() in ticked_styles))
        else:
            lines.append((text, None, False))
    return lines


def check_one_box_per_item(checklist: Checklist) -> None:
    lines = rows(checklist)
    first_lines = {}
    for line_number, (option_index, line_offset) in enumerate(checklist._lines):
        option = checklist.get_option_at_index(option_index)
        text, boxed_option, _ = lines[line_number]
        if line_offset == 0 and not option.disabled:
            assert boxed_option == option_index, f"line {line_number} {text!r}: box of item {boxed_option}"
            first_lines[option_index] = text
        else:
            assert boxed_option is None, f"line {line_number} {text!r} has a box"
    items = [i for i in range(checklist.option_count) if not checklist.get_option_at_index(i).disabled]
    assert sorted(first_lines) == items


@pytest.mark.parametrize("size", WIDTHS)
async def test_a_ticked_screening_item_lights_its_own_first_line(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="screening")
        await pilot.press("down", "down", "down", "space")  # the 4th question: pacemaker
        await pilot.pause()
        checklist = app.query_one("#checklist", Checklist)
        assert checklist.selected == ["pacemaker"]
        check_one_box_per_item(checklist)
        ticked = [(text, option) for text, option, is_ticked in rows(checklist) if is_ticked]
        assert len(ticked) == 1
        assert ticked[0][1] == 3
        assert ticked[0][0].removeprefix(BOX).strip().startswith("Stimulateur")


@pytest.mark.parametrize("size", WIDTHS)
async def test_a_ticked_box_differs_from_an_empty_one_without_colour(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="screening")
        await pilot.press("down", "space", "down", "down", "space")
        await pilot.pause()
        checklist = app.query_one("#checklist", Checklist)
        assert len(checklist.selected) == 2
        boxed = [(text, is_ticked) for text, option, is_ticked in rows(checklist) if option is not None]
        assert [text.startswith(BOX) for text, _ in boxed] == [is_ticked for _, is_ticked in boxed]
        assert sum(text.startswith(BOX) for text, _ in boxed) == 2
        assert all(text.startswith(EMPTY_BOX) for text, is_ticked in boxed if not is_ticked)


@pytest.mark.parametrize("size", WIDTHS)
async def test_dn4_questions_shown_as_headings_have_no_box(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await prefill(pilot, {**ADULT_CENTRAL, "dn4_mode": "full"}, until="dn4")
        checklist = app.query_one("#checklist", Checklist)
        headings = [i for i in range(checklist.option_count) if checklist.get_option_at_index(i).disabled]
        assert headings  # the DN4 questions
        check_one_box_per_item(checklist)


async def test_confirm_with_nothing_ticked_asks_instead_of_recording_none(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="screening")
        await pilot.click("#confirm")
        await pilot.pause()
        assert not app.dialogue.is_answered("screening")
        assert app.dialogue.current.id == "screening"
        error = str(app.query_one("#error", Static).render()).replace(UNBREAKABLE_BLANK, " ")
        assert "Aucune de ces situations" in error
        await pilot.click("#none")  # said explicitly: recorded as screened, nothing present
        await pilot.pause()
        assert app.dialogue.raw("screening") == ()
