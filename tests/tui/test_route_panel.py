"""RoutePanel and FranceMap in a tiny host app: what a GP or a helper sees once the route is planned."""

from __future__ import annotations

from dataclasses import replace

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Static, TabbedContent

from finder import i18n
from finder.model import Commune, RoutedCentre
from finder.route.render import note_text
from finder.tui.france_map import (
    CENTRE,
    PATIENT,
    RTMS_CENTRE,
    FranceMap,
    Marker,
    areas,
    compass_direction,
    draw,
)
from finder.tui.route_panel import MarkdownText, RoutePanel
from tests.test_export import SAINT_ETIENNE, centre, sample_route

SAINT_DENIS_974 = Commune(
    insee="97411",
    name="Saint-Denis",
    postcodes=("97400",),
    department="974",
    department_name="La Réunion",
    region="04",
    region_name="La Réunion",
    lat=-20.8823,
    lon=55.4504,
    population=153000,
)
NOUMEA = Commune(
    insee="98818",
    name="Nouméa",
    postcodes=("98800",),
    department="988",
    department_name="Nouvelle-Calédonie",
    region="988",
    region_name="Nouvelle-Calédonie",
    lat=-22.2758,
    lon=166.458,
    population=94000,
)


class Host(App[None]):
    def __init__(self, route) -> None:
        super().__init__()
        self.route = route

    def compose(self) -> ComposeResult:
        yield RoutePanel()

    def on_mount(self) -> None:
        self.query_one(RoutePanel).show(self.route)


def table_keys(app: App) -> list[str]:
    table = app.query_one("#route-centres", DataTable)
    return [row.key.value for row in table.ordered_rows]


def details_source(app: App) -> str:
    return app.query_one("#route-details", MarkdownText).source


async def test_the_steps_tab_lists_each_step_with_its_centres_and_the_warnings_first():
    app = Host(sample_route())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        steps = app.query_one("#route-steps", MarkdownText).source
        route = app.query_one(RoutePanel).route
        warning = note_text(route.warnings[0]).split(" :")[0]
        assert steps.index(warning) < steps.index("1. Avant d'adresser le patient")
        assert steps.index("1. Avant") < steps.index("2. Évaluation") < steps.index("3. rTMS")
        assert "Bilan étiologique initial réalisé" in steps
        # names are escaped, not interpreted as Markdown
        assert r"Hôpital \*Neuro\* \[Lyon\]" in steps
        assert "Cet outil oriente, il ne prescrit pas" in steps
        assert "Saint-Étienne (42)" in str(app.query_one("#route-summary", Static).render())


async def test_centres_keep_the_route_order_and_carry_their_marks():
    app = Host(sample_route())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert table_keys(app) == ["chu-near", "rtms-lyon", "far-away"]
        table = app.query_one("#route-centres", DataTable)
        status = [str(table.get_cell(key, "status")) for key in table_keys(app)]
        assert status[0] == "vérifiée"
        assert "ancienne" in status[1] and "2024-01-15" in status[1]
        assert "non vérifiée" in status[2] and "hors rayon" in status[2]
        assert [str(table.get_cell(key, "rtms")) for key in table_keys(app)] == ["—", "oui", "—"]
        assert app.query_one(TabbedContent).get_tab("route-tab-centres").label.plain == "2 Centres (3)"


async def test_moving_through_the_table_shows_the_selected_centre_with_its_sources():
    app = Host(sample_route())
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one(TabbedContent).active = "route-tab-centres"
        await pilot.pause()
        app.query_one("#route-centres", DataTable).focus()
        await pilot.pause()
        assert "Hôpital chu-near" in details_source(app)
        await pilot.press("down")
        await pilot.pause()
        details = details_source(app)
        assert "Hôpital \\*Neuro\\*" in details and "https://example.org/rtms-lyon" in details
        # the offer, never the maintainer's evidence text (rtms.evidence)
        assert "proposée (M1)" in details and "Unit page (2024)" not in details
        assert "Appelez le centre pour confirmer" in details
        assert "51 km au nord-est de Saint-Étienne" in details
        assert app.query_one(RoutePanel).selected_centre.id == "rtms-lyon"


async def test_a_new_route_replaces_the_previous_one():
    app = Host(sample_route())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        only = RoutedCentre(centre("solo", city="Roanne", lat=46.04, lon=4.07), 66.0, True)
        app.query_one(RoutePanel).show(sample_route(centres=(only,)))
        await pilot.pause()
        assert table_keys(app) == ["solo"]
        assert "Hôpital solo" in details_source(app)


async def test_at_80_columns_the_side_panels_go_below_and_the_table_still_navigates():
    app = Host(sample_route())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = app.query_one(RoutePanel)
        assert panel.has_class("-narrow")
        app.query_one(TabbedContent).active = "route-tab-centres"
        await pilot.pause()
        table = app.query_one("#route-centres", DataTable)
        details = app.query_one("#route-details-scroll")
        assert details.region.y >= table.region.bottom  # stacked, not squeezed beside
        table.focus()
        await pilot.press("down", "down")
        await pilot.pause()
        assert panel.selected_centre.id == "far-away"
        assert "Grenoble" in details_source(app)
    app = Host(sample_route())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not app.query_one(RoutePanel).has_class("-narrow")


async def test_the_map_shows_patient_and_centres_with_a_legend():
    app = Host(sample_route())
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one(TabbedContent).active = "route-tab-map"
        await pilot.pause()
        france_map = app.query_one(FranceMap)
        rendered = str(france_map.render())
        assert rendered.count(PATIENT) == 2  # the marker and its legend line
        assert RTMS_CENTRE in rendered and CENTRE in rendered
        assert "patient (Saint-Étienne)" in rendered and "centre proposant la rTMS" in rendered
        assert france_map.border_title == "France métropolitaine"
        assert any("\u2800" < char <= "\u28ff" for char in rendered)  # the land outline, in braille
        listing = str(app.query_one("#route-map-list", Static).render())
        assert "51 km nord-est — Lyon" in listing


def test_the_drawing_is_deterministic_and_puts_places_where_they_are():
    metro = areas()["metro"]
    paris, marseille, brest = (
        Marker(48.8566, 2.3522, "P"),
        Marker(43.2965, 5.3698, "M"),
        Marker(48.39, -4.49, "B"),
    )
    first = draw(metro, 40, 20, (paris, marseille, brest))
    draw.cache_clear()
    assert draw(metro, 40, 20, (paris, marseille, brest)) == first

    def position(glyph):
        return next((r, c) for r, row in enumerate(first) for c, cell in enumerate(row) if cell == glyph)

    (pr, pc), (mr, mc), (br, bc) = position("P"), position("M"), position("B")
    assert pr < mr and pc < mc  # Marseille is south-east of Paris
    assert bc < pc and abs(br - pr) <= 1  # Brest is west of Paris, about the same latitude


def test_compass_directions_between_real_towns():
    assert compass_direction((45.4339, 4.3917), (45.7640, 4.8357)) == "nord-est"  # Saint-Étienne -> Lyon
    assert compass_direction((48.8566, 2.3522), (43.2965, 5.3698)) == "sud"  # Paris -> Marseille
    assert compass_direction((48.8566, 2.3522), (48.5734, 7.7521)) == "est"  # Paris -> Strasbourg
    i18n.set_language("en")
    assert compass_direction((48.8566, 2.3522), (48.39, -4.49)) == "west"  # Paris -> Brest


async def test_an_overseas_patient_gets_their_territory_and_far_centres_are_counted_off_map():
    local = RoutedCentre(centre("chu-reunion", city="Saint-Denis", lat=-20.89, lon=55.46), 1.2, True)
    paris = RoutedCentre(centre("paris-rtms", city="Paris", lat=48.85, lon=2.35), 9300.0, False)
    app = Host(sample_route(place=SAINT_DENIS_974, centres=(local, paris)))
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one(TabbedContent).active = "route-tab-map"
        await pilot.pause()
        france_map = app.query_one(FranceMap)
        assert france_map.border_title == "La Réunion"
        assert "1 centre(s) hors de cette carte" in str(france_map.render())


async def test_a_territory_without_a_map_says_so_and_keeps_the_distances():
    far = RoutedCentre(centre("paris", city="Paris", lat=48.85, lon=2.35), 16700.0, False)
    app = Host(sample_route(place=NOUMEA, centres=(far,)))
    async with app.run_test(size=(100, 30)) as pilot:
        app.query_one(TabbedContent).active = "route-tab-map"
        await pilot.pause()
        assert "pas Nouméa" in str(app.query_one(FranceMap).render())
        assert "16700 km" in str(app.query_one("#route-map-list", Static).render())


async def test_the_panel_speaks_english_when_asked():
    i18n.set_language("en")
    route = replace(sample_route(), intake=replace(sample_route().intake, place=SAINT_ETIENNE))
    app = Host(route)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.query_one("#route-centres", DataTable)
        assert [str(column.label) for column in table.columns.values()][:3] == ["Distance", "rTMS", "Entry"]
        assert "unverified" in str(table.get_cell("far-away", "status"))


async def test_warning_signs_open_the_panel_with_a_banner_domain_a():
    """domain.md A: the urgent line is a banner above every tab, and the first thing in the steps."""
    from finder.clinical.alerts import urgent_line
    from finder.model import note

    opening = (note("alert.urgent"), note("alert.signs", ids=("motor_deficit",)))
    app = Host(replace(sample_route(), opening=opening))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        banner = app.query_one("#route-alert", Static)
        assert banner.display and urgent_line("fr")[:40] in str(banner.render())
        steps = app.query_one("#route-steps", MarkdownText).source
        assert steps.index(urgent_line("fr")[:30]) < steps.index("1. ")


async def test_no_warning_sign_no_banner():
    app = Host(sample_route())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not app.query_one("#route-alert", Static).display
