"""The map pane driven by keys, in a small host app (not the dashboard) on the real events.yaml's Iraq, Syria and Jordan
events: the Red Sea thread lies 2,000 km south and would shrink them to a few cells (tests/ui/test_app_map.py opens the
whole log)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult

from paths import ROOT
import sitrep.ui
from sitrep.geo import plot as geo
from sitrep.reading import load
from sitrep.core.model import Event
from sitrep.ui.widgets.map import MapView

FULL = load(ROOT / "events.yaml")
LAND = tuple(event for event in FULL.events if "red-sea" not in event.tags)
BY_ID = {event.id: event for event in LAND}
AIN_AL_ASAD_IDS = (
    "2023-10-18-ain-al-asad-drones", "2023-10-21-ain-al-asad-drones", "2023-10-22-ain-al-asad-rockets",
    "2023-10-27-ain-al-asad-drone", "2023-10-30-ain-al-asad-rockets", "2023-10-31-ain-al-asad-drones",
    "2023-11-05-ain-al-asad-drones-1", "2023-11-05-ain-al-asad-drones-2", "2023-11-05-ain-al-asad-drones-3",
    "2023-11-09-ain-al-asad-drone", "2023-11-17-ain-al-asad-drone", "2023-11-20-ain-al-asad-crbm",
    "2023-11-23-ain-al-asad-drones", "2023-12-11-ain-al-asad-drone", "2023-12-15-ain-al-asad-drones",
    "2023-12-20-ain-al-asad-rocket", "2024-01-08-ain-al-asad-rocket-launcher-strike", "2024-01-20-ain-al-asad-missiles",
    "2024-01-23-ain-al-asad-drones", "2024-01-24-ain-al-asad-drone",
)
AL_TANF_IDS = (
    "2023-10-18-al-tanf-drones", "2023-10-23-southwest-syria-drones", "2023-11-01-al-tanf-drone", "2023-11-05-al-tanf-drones",
    "2023-11-10-al-tanf-drone", "2023-12-13-al-tanf-drones", "2024-01-03-al-tanf-drone", "2024-01-06-al-tanf-drone",
    "2024-01-28-al-tanf-drone",
)


class MapHost(App):
    CSS_PATH = Path(sitrep.ui.__file__).parent / "app.tcss"

    def __init__(self, events: tuple[Event, ...] = LAND) -> None:
        super().__init__()
        self.events = events
        self.selections: list[tuple[str, ...]] = []

    def compose(self) -> ComposeResult:
        yield MapView()

    def on_mount(self) -> None:
        view = self.query_one(MapView)
        view.show(self.events)
        view.focus()

    def on_map_view_selected(self, message: MapView.Selected) -> None:
        self.selections.append(message.event_ids)


def lines(view: MapView) -> list[str]:
    return [view.render_line(y).text for y in range(view.size.height)]


def char_at(view: MapView, event_id: str) -> str:
    location = BY_ID[event_id].location
    column, row = view.viewport.cell(location.lon, location.lat)
    return lines(view)[row + 1][column]  # the first line holds the cursor note and legend


async def test_opens_fitted_with_markers_where_the_places_are() -> None:
    app = MapHost()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(MapView)
        assert (view.viewport.width, view.viewport.height) == (120, 38)
        for event_id in ("2023-10-18-ain-al-asad-drones", "2023-10-18-al-tanf-drones", "2023-12-25-erbil-drone"):
            assert char_at(view, event_id) == "◉"  # 20, 9 and 11 events at one spot
        assert char_at(view, "2024-01-28-tower-22-drone") == "•"
        text = "\n".join(lines(view))
        for country in ("IRAQ", "SYRIA", "JORDAN"):
            assert country in text
        for label in ("Ain al-Asad Air Base", "al-Tanf Garrison", "Erbil Air Base", "Tower 22 logistics support base"):
            assert label in text
        assert lines(view)[-1].startswith("32 events without coordinates")
        assert sum(count for count, _ in view.bins.cells.values()) == 71


async def test_zoom_in_and_out() -> None:
    app = MapHost()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(MapView)
        start = view.viewport
        await pilot.press("plus")
        assert view.viewport.per_row == start.per_row / 2
        assert (view.viewport.lon, view.viewport.lat) == (start.lon, start.lat)  # no cursor: about the centre
        await pilot.press("equals_sign", "minus", "minus")
        assert view.viewport.per_row == start.per_row


@pytest.mark.parametrize(("keys", "east", "south"), [(("right",), 1, 0), (("l", "l"), 2, 0), (("left",), -1, 0), (("h",), -1, 0), (("up",), 0, -1), (("k",), 0, -1), (("down", "j"), 0, 2)])
async def test_pan_by_a_quarter_of_the_map(keys: tuple[str, ...], east: int, south: int) -> None:
    app = MapHost()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(MapView)
        start = view.viewport
        await pilot.press(*keys)
        assert view.viewport.lon == pytest.approx(start.lon + east * 25 * start.per_col)
        assert view.viewport.lat == pytest.approx(start.lat - south * 7 * start.per_row)  # a quarter of 28 rows
        assert view.viewport.per_row == start.per_row


async def test_f_fits_all_events_again() -> None:
    app = MapHost()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(MapView)
        start = view.viewport
        await pilot.press("plus", "plus", "right", "down")
        assert view.viewport != start
        await pilot.press("f")
        assert view.viewport == start


async def test_n_and_enter_select_the_events_of_a_marker() -> None:
    """Markers are visited in reading order: the Mosul Dam IED is the northernmost, Hilla the southernmost."""
    app = MapHost()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n", "enter")
        await pilot.pause()
        assert app.selections == [("2023-11-09-mosul-dam-ied",)]
        assert lines(app.query_one(MapView))[0].startswith("▸ Mosul Dam: 1 attack ")
        await pilot.press("N", "enter")  # from the first marker back round to the last
        await pilot.pause()
        assert app.selections[-1] == ("2023-12-26-hilla-kataib-hezbollah-strikes",)


async def test_enter_on_a_busy_marker_selects_all_its_events_in_log_order() -> None:
    app = MapHost()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(MapView)
        view.mark(BY_ID["2024-01-20-ain-al-asad-missiles"])
        await pilot.press("enter")
        await pilot.pause()
        assert app.selections == [AIN_AL_ASAD_IDS]
        assert lines(view)[0].startswith("▸ Ain al-Asad Air Base and 2 more: 19 attacks, 1 response ")


async def test_mark_highlights_and_follows_the_selection() -> None:
    app = MapHost()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(MapView)
        tower = BY_ID["2024-01-28-tower-22-drone"].location
        view.mark(BY_ID["2024-01-28-tower-22-drone"])
        assert view.cursor == view.viewport.cell(tower.lon, tower.lat)
        # zooming keeps the cursor's marker in place, and pulls al-Tanf apart from Tower 22
        await pilot.press("plus", "plus", "plus")
        tanf = BY_ID["2023-10-18-al-tanf-drones"].location
        tower_cell, tanf_cell = view.viewport.cell(tower.lon, tower.lat), view.viewport.cell(tanf.lon, tanf.lat)
        assert tower_cell == view.cursor and tanf_cell is not None
        assert tower_cell[1] - tanf_cell[1] >= 4
        # a selection off the map brings it into view
        erbil = BY_ID["2023-12-25-erbil-drone"]
        assert view.viewport.cell(erbil.location.lon, erbil.location.lat) is None
        view.mark(erbil)
        assert view.viewport.cell(erbil.location.lon, erbil.location.lat) is not None
        assert view.cursor is not None


async def test_an_event_without_coordinates_is_said_so() -> None:
    app = MapHost()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(MapView)
        view.mark(BY_ID["2023-11-09-al-harir-drones"])
        await pilot.pause()
        assert view.cursor is None
        assert lines(view)[0].startswith("the selected event has no coordinates")


async def test_click_on_a_marker_selects_it() -> None:
    app = MapHost()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(MapView)
        location = BY_ID["2023-10-18-al-tanf-drones"].location
        column, row = view.viewport.cell(location.lon, location.lat)
        await pilot.click(MapView, offset=(column, row + 1))
        await pilot.pause()
        assert app.selections == [AL_TANF_IDS]


async def test_show_follows_the_filtered_set() -> None:
    iraq_only = tuple(event for event in LAND if event.country == "Iraq")
    app = MapHost(iraq_only)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(MapView)
        placed = [event for event in iraq_only if event.location.lat is not None]
        assert sum(count for count, _ in view.bins.cells.values()) == len(placed)
        assert view.viewport == geo.fit(((e.location.lon, e.location.lat) for e in placed), 100, 28)
        view.show(LAND)
        await pilot.pause()
        assert sum(count for count, _ in view.bins.cells.values()) == 71
        assert lines(view)[-1].startswith("32 events without coordinates")


async def test_resize_refits_until_the_user_moves_the_map() -> None:
    app = MapHost()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(MapView)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert view.viewport == geo.fit(geo.plot(LAND).points(), 80, 22)
        await pilot.press("right")
        moved = view.viewport
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert (view.viewport.lon, view.viewport.lat, view.viewport.per_row) == (moved.lon, moved.lat, moved.per_row)


def select_and_step(pilot_keys: tuple[str, ...]):
    async def run_before(pilot) -> None:
        await pilot.pause()
        pilot.app.query_one(MapView).mark(BY_ID["2024-01-20-ain-al-asad-missiles"])
        await pilot.press(*pilot_keys)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_map_snapshot(snap_compare, size: tuple[int, int]) -> None:
    """Ain al-Asad selected, the cursor on the next marker in reading order."""
    assert snap_compare(MapHost(), terminal_size=size, run_before=select_and_step(("n",)))
