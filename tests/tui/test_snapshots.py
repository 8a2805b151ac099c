"""Snapshots of the assistant at 80x24 and 120x40: welcome, quick replies, town suggestions, route.

Deterministic: fixed date and test directory (conftest), no cursor blink, background work awaited.
Update after a deliberate visual change with ``pytest tests/tui/test_snapshots.py --snapshot-update``
and review the SVG files in ``__snapshots__``.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from .conftest import ADULT_CENTRAL, prefill

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def steady(pilot: Pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    for field in pilot.app.query(Input):
        field.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_welcome(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=steady)


@pytest.mark.parametrize("size", SIZES)
def test_question_with_quick_replies(snap_compare, make_app, size):
    async def at_intensity(pilot: Pilot) -> None:
        await prefill(pilot, ADULT_CENTRAL, until="intensity")
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=at_intensity)


@pytest.mark.parametrize("size", SIZES)
def test_town_suggestions(snap_compare, make_app, size):
    async def typing_a_town(pilot: Pilot) -> None:
        await prefill(pilot, ADULT_CENTRAL, until="place")
        await pilot.press(*"saint eti")
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=typing_a_town)


@pytest.mark.parametrize("size", SIZES)
def test_route(snap_compare, make_app, size):
    async def route_shown(pilot: Pilot) -> None:
        await prefill(pilot, ADULT_CENTRAL)
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=route_shown)


# Issue 13: what a GP sees at the two usual terminal sizes.
GP_SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((100, 30), id="100x30")]


@pytest.mark.parametrize("size", GP_SIZES)
def test_screening_with_a_wrapped_item_ticked(snap_compare, make_app, size):
    async def pacemaker_ticked(pilot: Pilot) -> None:
        await prefill(pilot, ADULT_CENTRAL, until="screening")
        await pilot.press("down", "down", "down", "space")
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=pacemaker_ticked)


@pytest.mark.parametrize("size", GP_SIZES)
def test_route_scrolled_by_page_down_as_it_appears(snap_compare, make_app, size):
    async def paged(pilot: Pilot) -> None:
        await prefill(pilot, ADULT_CENTRAL)
        await pilot.press("pagedown")
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=paged)


@pytest.mark.parametrize("size", GP_SIZES)
@pytest.mark.parametrize("key", [pytest.param("2", id="centres"), pytest.param("3", id="map")])
def test_route_tabs_opened_by_their_key(snap_compare, make_app, size, key):
    async def tab(pilot: Pilot) -> None:
        await prefill(pilot, ADULT_CENTRAL)
        await pilot.press(key)
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=tab)
