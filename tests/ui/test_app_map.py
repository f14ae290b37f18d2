"""The map inside the dashboard: it follows the filtered set and the selection, and selects events itself."""

from __future__ import annotations


from textual.widgets import ContentSwitcher

from paths import ROOT
from sitrep.ui.app import SitrepApp
from sitrep.ui.widgets.chronology import Chronology
from sitrep.ui.widgets.map import MapView



async def loaded(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def marked_rows(view: MapView) -> list[str]:
    return [view.render_line(y).text for y in range(view.size.height)]


async def test_m_swaps_the_map_in_for_the_tallies_and_back() -> None:
    app = SitrepApp(ROOT / "events.yaml")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("m")
        assert app.query_one(ContentSwitcher).current == "map"
        assert app.focused is app.query_one(MapView)
        assert "60 events without coordinates" in "\n".join(marked_rows(app.query_one(MapView)))
        await pilot.press("m")
        assert app.query_one(ContentSwitcher).current == "tallies"


async def test_enter_on_a_marker_selects_its_event_in_the_chronology() -> None:
    app = SitrepApp(ROOT / "events.yaml")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("m", "n", "enter")
        view = app.query_one(MapView)
        selected = app.query_one(Chronology).current
        cell = view.viewport.cell(selected.location.lon, selected.location.lat)
        assert view.cursor == cell


async def test_the_map_follows_filters_and_the_chronology_cursor() -> None:
    app = SitrepApp(ROOT / "events.yaml")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("m", "colon", *"country:jordan", "enter")
        view = app.query_one(MapView)
        text = "\n".join(marked_rows(view))
        assert "Tower 22" in text and "al-Tanf" not in text
        await pilot.press("escape", "d", *"2024-01-20", "enter")
        selected = app.query_one(Chronology).current
        assert selected.id == "2024-01-20-ain-al-asad-missiles"
        assert view.cursor == view.viewport.cell(selected.location.lon, selected.location.lat)
        assert "Ain al-Asad" in view.render_line(0).text
