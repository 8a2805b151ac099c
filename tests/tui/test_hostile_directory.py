"""The assistant survives a hostile directory: the route is shown, the bad files are counted."""

from __future__ import annotations

import os
import shutil

from finder.tui.app import FinderApp

from .conftest import ADULT_CENTRAL, FIXED_TODAY, prefill


async def test_the_route_is_shown_despite_deep_nesting_a_fifo_and_dev_zero(directory, tmp_path):
    own = tmp_path / "directory"
    shutil.copytree(directory, own)
    region = own / "auvergne-rhone-alpes"
    (region / "deep.toml").write_text("x = " + "[" * 402 + "]" * 402 + "\n", encoding="utf-8")
    os.mkfifo(region / "fifo.toml")
    (region / "zero.toml").symlink_to("/dev/zero")
    app = FinderApp(str(own), today=FIXED_TODAY, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await prefill(pilot, ADULT_CENTRAL)
        assert app.route is not None and app.view == "route"
        names = {p.path.rsplit("/", 1)[-1] for p in app.catalog.problems}
        assert names == {"deep.toml", "fifo.toml", "zero.toml"}
