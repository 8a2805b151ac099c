"""The route as it appears: focused and scrollable by keyboard, tabs on keys listed in F1, a map only
where it can be read, a centres table whose names are never cut."""

from __future__ import annotations

import pytest
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Markdown, TabbedContent

from finder.tui.help_screen import HelpScreen
from finder.tui.route_panel import RoutePanel

from .conftest import ADULT_CENTRAL, prefill

LONG_NAME = {"pain": "douleur du bras depuis son AVC, brûlures", "place": "Lyon"}


async def test_the_route_has_the_focus_when_it_appears_and_scrolls_with_the_keys(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await prefill(pilot, ADULT_CENTRAL)
        scroll = app.query_one("#route-steps-scroll", VerticalScroll)
        assert app.focused is scroll
        assert scroll.max_scroll_y > 0  # the steps are longer than the screen
        await pilot.press("pagedown")
        await pilot.pause()
        assert scroll.scroll_y > 0
        await pilot.press("home")
        await pilot.pause()
        assert scroll.scroll_y == 0
        await pilot.press("down")
        await pilot.pause()
        assert scroll.scroll_y > 0


@pytest.mark.parametrize(
    ("key", "tab", "focused"),
    [("2", "route-tab-centres", "#route-centres"), ("3", "route-tab-map", "#route-map-list-scroll")],
)
async def test_number_keys_open_the_tabs_and_focus_them(make_app, key, tab, focused):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await prefill(pilot, ADULT_CENTRAL)
        await pilot.press(key)
        await pilot.pause()
        tabs = app.query_one("#route-tabs", TabbedContent)
        assert tabs.active == tab
        assert app.focused is app.query_one(focused)
        assert tabs.get_tab(tab).label.plain.startswith(key + " ")
        await pilot.press("1")
        await pilot.pause()
        assert tabs.active == "route-tab-steps"
        assert app.focused is app.query_one("#route-steps-scroll")


async def test_f1_on_the_route_lists_the_tab_keys(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await prefill(pilot, ADULT_CENTRAL)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help-text", Markdown).source
        for key, label in (("1", "Parcours"), ("2", "Centres"), ("3", "Carte")):
            assert f"| `{key}` | Onglet « {label} » |" in text


@pytest.mark.parametrize(("size", "map_shown"), [((80, 24), False), ((100, 30), True), ((120, 40), True)])
async def test_a_map_too_small_to_read_gives_way_to_the_list_of_centres(make_app, size, map_shown):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await prefill(pilot, ADULT_CENTRAL)
        await pilot.press("3")
        await pilot.pause()
        panel = app.query_one(RoutePanel)
        assert panel.map_shown is map_shown
        assert app.query_one("#route-map").display is map_shown
        hint = app.query_one("#route-map-hint")
        assert hint.display is not map_shown
        assert "100" in str(hint.render()) and "30" in str(hint.render())
        listed = str(app.query_one("#route-map-list").render())
        assert all(item.centre.establishment in listed.replace("\n", " ") for item in app.route.centres)


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)])
async def test_the_centres_table_fits_its_width_and_shows_every_name_whole(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await prefill(pilot, {**ADULT_CENTRAL, **LONG_NAME})
        await pilot.press("2")
        await pilot.pause()
        table = app.query_one("#route-centres", DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        for item in app.route.centres:
            assert item.centre.establishment in str(table.get_cell(item.centre.id, "centre"))


async def test_the_route_stays_shown_and_focused_after_a_language_switch(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await prefill(pilot, ADULT_CENTRAL)
        await pilot.press("ctrl+l")
        await pilot.pause()
        panel = app.query_one(RoutePanel)
        assert app.view == "route" and panel.display
        assert panel.region.height > 0
        assert app.focused is app.query_one("#route-steps-scroll")
        assert app.query_one("#route-tabs", TabbedContent).get_tab("route-tab-map").label.plain == "3 Map"
