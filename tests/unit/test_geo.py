"""The map's data layer: projection, binning, border raster, labels, and the GeoJSON export."""

from __future__ import annotations

import datetime as dt
import json
import math
import random

import pytest

from sitrep.geo import borders, cartography, plot as geo
from sitrep.export.geojson import to_geojson
from sitrep.reading import load
from sitrep.core.model import Casualties, Event, Location
from paths import ROOT

AIN_AL_ASAD = (42.4411, 33.7856)
AL_TANF = (38.61778, 33.50583)
TOWER_22 = (38.70333, 33.31417)
ERBIL = (43.96306, 36.2375)

# per_col = 0.25 / 2 / 0.8 = 0.15625; west = 40 - 40 * 0.15625 = 33.75; north = 34 + 20 * 0.25 = 39
VIEW = geo.Viewport(lon=40.0, lat=34.0, per_row=0.25, cos_lat=0.8, width=80, height=40)


@pytest.fixture(scope="module")
def log():
    return load(ROOT / "events.yaml")


def event(index: int, lon: float | None, lat: float | None, name: str = "somewhere", response: bool = False) -> Event:
    return Event(
        id=f"e{index}",
        date=dt.date(2024, 1, 1),
        type="drone attack",
        actor="someone",
        line=index,
        location=Location(name=name, lat=lat, lon=lon),
        is_response=response,
    )


def test_viewport_edges() -> None:
    assert VIEW.per_col == 0.15625
    assert (VIEW.west, VIEW.east, VIEW.north, VIEW.south) == (33.75, 46.25, 39.0, 29.0)


@pytest.mark.parametrize(
    ("point", "cell"),
    [
        (AIN_AL_ASAD, (55, 20)),  # (42.4411 - 33.75) / 0.15625 = 55.6, (39 - 33.7856) / 0.25 = 20.9
        (AL_TANF, (31, 21)),  # 31.2, 22.0 minus a hair
        (TOWER_22, (31, 22)),  # 31.7, 22.7: the row below al-Tanf
        (ERBIL, (65, 11)),  # 65.4, 11.05
        ((33.75, 39.0), (0, 0)),  # the north-west corner belongs to the first cell
        ((46.2499, 29.0001), (79, 39)),
    ],
)
def test_known_coordinates_land_in_known_cells(point: tuple[float, float], cell: tuple[int, int]) -> None:
    assert VIEW.cell(*point) == cell


@pytest.mark.parametrize("point", [(33.74, 34.0), (46.25, 34.0), (40.0, 39.01), (40.0, 29.0)])
def test_points_outside_the_view_have_no_cell(point: tuple[float, float]) -> None:
    """Just west or north of the view must not be truncated into column or row 0."""
    assert VIEW.cell(*point) is None


def test_binning_counts_per_cell_and_kind(log) -> None:
    plot = geo.plot(log.events)
    bins = geo.bin_events(plot, VIEW)
    # nineteen attacks on Ain al-Asad and the disputed 8 Jan strike on a launcher near it (placed at the base)
    assert bins.cells[(55, 20)] == (20, 1)
    assert bins.cells[(31, 21)] == (9, 0)  # al-Tanf
    assert bins.cells[(31, 22)] == (1, 0)  # Tower 22
    # the view ends at 29 N: the 15 Red Sea and Yemen events (6 of them responses) fall outside it
    south = [response for lat, response in zip(plot.lats, plot.responses) if lat < VIEW.south]
    assert (len(plot.events), len(south), sum(south)) == (86, 15, 6)
    assert sum(count for count, _ in bins.cells.values()) == len(plot.events) - len(south) == 71
    assert sum(responses for _, responses in bins.cells.values()) == sum(plot.responses) - sum(south) == 7


def test_events_without_coordinates_are_counted_not_placed(log) -> None:
    plot = geo.plot(log.events)
    assert plot.without_coordinates == 60
    assert all(event.location.lat is not None for event in plot.events)
    # al-Harir Air Base (9 Nov) has a name but no coordinates: it is not placed from a name
    assert "2023-11-09-al-harir-drones" not in {event.id for event in plot.events}


def test_binning_agrees_with_the_viewport_and_a_naive_floor() -> None:
    rng = random.Random(3)
    events = [event(index, rng.uniform(30, 50), rng.uniform(25, 42), response=index % 3 == 0) for index in range(3000)]
    plot = geo.plot(events)
    for _ in range(20):
        view = geo.Viewport(rng.uniform(35, 45), rng.uniform(30, 38), rng.uniform(0.05, 1), rng.uniform(0.7, 0.9), rng.randint(5, 130), rng.randint(3, 50))
        bins = geo.bin_events(plot, view)
        expected: dict[tuple[int, int], list[int]] = {}
        for lon, lat, response in zip(plot.lons, plot.lats, plot.responses):
            column, row = math.floor((lon - view.west) / view.per_col), math.floor((view.north - lat) / view.per_row)
            if 0 <= column < view.width and 0 <= row < view.height:
                assert view.cell(lon, lat) == (column, row)
                counts = expected.setdefault((column, row), [0, 0])
                counts[0] += 1
                counts[1] += response
        assert bins.cells == {cell: tuple(counts) for cell, counts in expected.items()}


def test_cell_indices_and_plot_order(log) -> None:
    plot = geo.plot(log.events)
    bins = geo.bin_events(plot, VIEW)
    ids = sorted((plot.events[index].id for index in bins.indices((55, 20))), key=[e.id for e in log.events].index)
    assert ids == [
        "2023-10-18-ain-al-asad-drones", "2023-10-21-ain-al-asad-drones", "2023-10-22-ain-al-asad-rockets",
        "2023-10-27-ain-al-asad-drone", "2023-10-30-ain-al-asad-rockets", "2023-10-31-ain-al-asad-drones",
        "2023-11-05-ain-al-asad-drones-1", "2023-11-05-ain-al-asad-drones-2", "2023-11-05-ain-al-asad-drones-3",
        "2023-11-09-ain-al-asad-drone", "2023-11-17-ain-al-asad-drone", "2023-11-20-ain-al-asad-crbm",
        "2023-11-23-ain-al-asad-drones", "2023-12-11-ain-al-asad-drone", "2023-12-15-ain-al-asad-drones",
        "2023-12-20-ain-al-asad-rocket", "2024-01-08-ain-al-asad-rocket-launcher-strike", "2024-01-20-ain-al-asad-missiles",
        "2024-01-23-ain-al-asad-drones", "2024-01-24-ain-al-asad-drone",
    ]
    assert list(plot.lats) == sorted(plot.lats, reverse=True)
    assert [log.events[position] for position in plot.positions] == list(plot.events)


def test_fit_shows_every_event_with_a_margin(log) -> None:
    plot = geo.plot(log.events)
    view = geo.fit(plot.points(), 120, 38)
    cells = [view.cell(lon, lat) for lon, lat in plot.points()]
    assert None not in cells
    columns, rows = [cell[0] for cell in cells], [cell[1] for cell in cells]
    assert min(columns) >= 0.15 * 120 - 1 and max(columns) <= 0.85 * 120
    assert min(rows) >= 0.15 * 38 - 1 and max(rows) <= 0.85 * 38
    # the latitude span (Mosul Dam to the Bab el-Mandeb) is the tighter one: it fills the usable height
    assert view.per_row == pytest.approx((36.63 - 12.5833) / (38 * 0.7))
    # west: al-Tanf; east: the Gulf of Aden south-east of Aden
    assert (view.lon, view.lat) == pytest.approx(((38.61778 + 45.033) / 2, (12.5833 + 36.63) / 2))
    # real places keep their real arrangement; Aden's Gulf lies south-east of them all
    tanf, asad, erbil, aden = (view.cell(*point) for point in (AL_TANF, AIN_AL_ASAD, ERBIL, (45.033, 12.8)))
    assert asad[0] > tanf[0] and erbil[0] > asad[0] and erbil[1] < asad[1] and aden[1] > asad[1] and aden[0] > erbil[0]
    # without the Red Sea the span is small enough to part Tower 22 from al-Tanf, 20 km north of it
    land = geo.plot([event for event in log.events if "red-sea" not in event.tags])
    land_view = geo.fit(land.points(), 120, 38)
    tanf, tower, asad, erbil = (land_view.cell(*point) for point in (AL_TANF, TOWER_22, AIN_AL_ASAD, ERBIL))
    assert tower[1] > tanf[1] and asad[0] > tanf[0] and erbil[0] > asad[0] and erbil[1] < asad[1]


def test_fit_of_one_place_and_of_nothing() -> None:
    view = geo.fit([(42.0, 33.0)], 40, 20)
    assert view.cell(42.0, 33.0) == (20, 10)
    assert view.per_row == pytest.approx(geo.MIN_SPAN / (20 * 0.7))
    region = (20.0, 10.0, 65.0, 45.0)
    empty = geo.fit([], 40, 20, region)
    assert (empty.lon, empty.lat) == (42.5, 27.5)


def test_zoom_keeps_the_centre_or_the_given_point() -> None:
    zoomed = VIEW.zoom(2)
    assert (zoomed.lon, zoomed.lat, zoomed.per_row) == (40.0, 34.0, 0.125)
    assert zoomed.zoom(0.5) == VIEW
    about = VIEW.zoom(2, *AIN_AL_ASAD)
    before = ((AIN_AL_ASAD[0] - VIEW.west) / VIEW.per_col, (VIEW.north - AIN_AL_ASAD[1]) / VIEW.per_row)
    after = ((AIN_AL_ASAD[0] - about.west) / about.per_col, (about.north - AIN_AL_ASAD[1]) / about.per_row)
    assert after == pytest.approx(before)


def test_zoom_is_bounded() -> None:
    view = VIEW
    for _ in range(40):
        view = view.zoom(2)
    assert view.per_row == geo.MIN_PER_ROW
    for _ in range(80):
        view = view.zoom(0.5)
    assert view.per_row == geo.MAX_PER_ROW


def test_pan_moves_by_whole_cells() -> None:
    panned = VIEW.pan(4, -2)  # four columns east, two rows north
    assert (panned.lon, panned.lat, panned.per_row) == (40.625, 34.5, 0.25)
    assert panned.cell(*AIN_AL_ASAD) == (55 - 4, 20 + 2)
    assert VIEW.pan(4, -2).pan(-4, 2) == VIEW


def test_resize_keeps_centre_and_scale() -> None:
    resized = VIEW.resize(40, 10)
    assert (resized.lon, resized.lat, resized.per_row, resized.width, resized.height) == (40.0, 34.0, 0.25, 40, 10)


def test_borders_cover_the_region_and_stay_small() -> None:
    path = borders.BORDERS_PATH
    assert path.stat().st_size < 150_000
    shipped = borders.load_borders()
    assert shipped.region == (20.0, 10.0, 65.0, 45.0)
    names = {country.name for country in shipped.countries}
    assert {"Iraq", "Syria", "Jordan", "Iran", "Saudi Arabia", "Turkey"} <= names
    west = min(line.west for line in shipped.lines)
    east = max(line.east for line in shipped.lines)
    assert 19 < west < 20.5 and 64.5 < east < 66


def test_raster_draws_a_line_in_braille() -> None:
    line = borders.Line((33.8, 46.2), (34.1, 34.1), 33.8, 34.1, 46.2, 34.1)
    one_line = borders.Borders((line,), (), (0, 0, 0, 0))
    bits = borders.raster(one_line, VIEW)
    # lat 34.1 is (39 - 34.1) / 0.25 = 19.6 rows down: row 19, dot row 2 of 4 (bits 0x04 and 0x20)
    row = [bits[19 * 80 + column] for column in range(80)]
    assert row == [0x04 | 0x20] * 80
    assert sum(bits) == sum(row)


def test_raster_clips_long_segments_of_a_deep_zoom() -> None:
    line = borders.Line((-100.0, 100.0), (34.0, 34.0), -100.0, 34.0, 100.0, 34.0)
    view = geo.Viewport(40.0, 34.001, geo.MIN_PER_ROW, 0.8, 30, 10)
    bits = borders.raster(borders.Borders((line,), (), (0, 0, 0, 0)), view)
    assert sum(1 for cell in bits if cell) == 30


def test_markers_and_kinds(log) -> None:
    plot = geo.plot(log.events)
    bins = geo.bin_events(plot, VIEW)
    rows = cartography.draw(plot, bins, bytearray(80 * 40), borders.Borders((), (), (0, 0, 0, 0)), cursor=(31, 21), selected=(55, 20))
    cells = [(char, kind) for row in rows for text, kind in row for char in text]
    assert cells[20 * 80 + 55] == ("◉", "marker both selected")  # 19 attacks and a strike at Ain al-Asad
    assert cells[21 * 80 + 31] == ("◉", "marker attack cursor")  # 9 attacks at al-Tanf
    assert [cartography.marker(count) for count in (1, 2, 4, 5, 500)] == ["•", "●", "●", "◉", "◉"]


def test_busiest_places_are_labelled_beside_their_markers(log) -> None:
    plot = geo.plot(log.events)
    bins = geo.bin_events(plot, VIEW)
    grid = cartography.Grid(80, 40)
    for column, row in bins.cells:
        grid.put(column, row, ["•"], "marker", taken=1)
    labels = cartography.place_labels(plot, bins, grid, limit=20)
    by_text = {label.text: label for label in labels}
    assert by_text["Ain al-Asad Air Base"] == cartography.Label(57, 20, "Ain al-Asad Air Base", 20)
    assert by_text["al-Tanf Garrison"].row == 21
    assert "Tower 22 logistics support base" in by_text
    assert labels[0].text == "Ain al-Asad Air Base"  # the busiest goes first


def test_labels_never_overlap_markers_or_each_other() -> None:
    rng = random.Random(5)
    names = ["Ain al-Asad Air Base", "al-Tanf Garrison", "Erbil Air Base", "Tower 22", "Kirkuk", "Abu Kamal", "Hilla"]
    events = [event(index, rng.gauss(41, 1.5), rng.gauss(34, 1), rng.choice(names) + f" {index % 40}") for index in range(200)]
    plot = geo.plot(events)
    view = geo.fit(plot.points(), 100, 30)
    bins = geo.bin_events(plot, view)
    grid = cartography.Grid(view.width, view.height)
    for column, row in bins.cells:
        grid.put(column, row, ["•"], "marker", taken=1)
    labels = cartography.place_labels(plot, bins, grid, limit=25)
    assert len(labels) > 5
    spans = set()
    for label in labels:
        cells = {(column, label.row) for column in range(label.column - 1, label.column + label.width + 1)}
        assert not cells & spans, f"{label.text} overlaps another label"
        spans |= cells
        assert not any((column, label.row) in bins.cells for column in range(label.column, label.column + label.width))
        assert 0 <= label.column and label.column + label.width <= view.width


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Ain al-Asad Air Base", "Ain al-Asad Air Base"),
        ("two facilities near Abu Kamal (Al-Bukamal)", "Abu Kamal"),
        ("three Kataib Hezbollah facilities: Jurf al-Sakhar (Babil)", "three Kataib Hezbollah…"),
        ("Tower 22 logistics support base, Rukban area, north-east Jordan", "Tower 22 logistics support base"),
        ("a" * 40, "a" * 31 + "…"),
        ("Erbil\x1b[31m", "Erbil\x1b[31m"),
    ],
)
def test_short_names(name: str, short: str) -> None:
    assert geo.short_name(name) == short


def test_cell_text_keeps_one_string_per_terminal_cell() -> None:
    assert cartography.cell_text("ab") == ["a", "b"]
    assert cartography.cell_text("京a") == ["京", "", "a"]
    assert cartography.cell_text("e\u0301x") == ["e\u0301", "x"]
    assert cartography.cell_text("\x1b") != ["\x1b"]  # control characters are made inert


def test_notes_count_the_unplaced_and_describe_the_cursor(log) -> None:
    plot = geo.plot(log.events)
    bins = geo.bin_events(plot, VIEW)
    top, bottom = cartography.notes(plot, bins, (55, 20), 80)
    top_text, bottom_text = "".join(text for text, _ in top), "".join(text for text, _ in bottom)
    assert top_text.startswith("▸ Ain al-Asad Air Base and 2 more: 19 attacks, 1 response")
    assert bottom_text.startswith("60 events without coordinates")
    assert bottom_text.rstrip().endswith(" km")
    assert len(top_text) == len(bottom_text) == 80
    top, _ = cartography.notes(plot, bins, None, 80, unplaced=True)
    assert "".join(text for text, _ in top).startswith("the selected event has no coordinates")


def test_geojson_points(log) -> None:
    collection = to_geojson(log.events)
    assert collection["type"] == "FeatureCollection"
    assert collection["without_coordinates"] == 60
    features = {feature["id"]: feature for feature in collection["features"]}
    assert len(features) == 86
    tower = features["2024-01-28-tower-22-drone"]
    assert tower["geometry"] == {"type": "Point", "coordinates": [38.70333, 33.31417]}
    properties = tower["properties"]
    assert properties["date"] == "2024-01-28"
    assert properties["country"] == "Jordan"
    assert properties["killed"] == [3, 3]
    assert properties["injured"] == [41, 47]
    assert properties["response"] is False
    json.dumps(collection)  # plain JSON all through


def test_geojson_unknown_figures_are_null() -> None:
    bare = Event(id="x", date=dt.date(2024, 2, 1), type="rocket attack", actor="a", line=1, month_only=True,
                 location=Location(lat=1.5, lon=2.5), casualties=Casualties(injured=(2, 2)))
    feature = to_geojson([bare, event(2, None, None)])["features"][0]
    assert feature["geometry"]["coordinates"] == [2.5, 1.5]
    assert feature["properties"]["killed"] is None
    assert feature["properties"]["injured"] == [2, 2]
    assert feature["properties"]["date"] == "2024-02"
    assert feature["properties"]["location"] is None
