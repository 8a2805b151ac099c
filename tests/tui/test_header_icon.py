"""The header's icon is drawn by the browser face's font: Textual's default "⭘" showed as an empty box
in Chromium through ``finder serve`` (issue 13, item 11)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import textual_serve

from finder.tui.app import HEADER_ICON

FONT = Path(textual_serve.__file__).parent / "static" / "fonts" / "RobotoMono-VariableFont_wght.ttf"


def covered(font: Path) -> set[int]:
    """The code points ``font`` draws, read with fontconfig's ``fc-query``."""
    charset = subprocess.run(
        ["fc-query", "--format=%{charset}\n", str(font)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[0]  # a variable font lists each of its instances: the first is enough
    points: set[int] = set()
    for part in charset.split():
        first, _, last = part.partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return points


@pytest.mark.skipif(shutil.which("fc-query") is None, reason="fontconfig's fc-query is not installed")
def test_the_header_icon_is_in_the_served_font():
    points = covered(FONT)
    assert 0x2B58 not in points  # Textual's default icon: the empty box seen in Chromium
    assert ord(HEADER_ICON) in points


async def test_the_app_shows_that_icon(make_app):
    from textual.widgets import Header

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.query_one(Header).icon == HEADER_ICON
