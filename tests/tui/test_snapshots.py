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
