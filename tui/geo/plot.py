"""Where the events happened, as plain data for the map pane: a projection fitted to the events, and events binned to character cells.

Borders are in `borders.py`, the drawing of a frame (markers, labels, notes) in `cartography.py`; the map
widget only turns rows of text into strips, so all of it is testable without a terminal.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, replace
from itertools import compress
from typing import Iterable, Sequence

from ..core.model import Event


CELL_ASPECT = 2.0
"""A terminal cell is about twice as tall as it is wide; a braille dot (2x4 per cell) is then square."""
MIN_SPAN = 0.5
"""Degrees: a fit to one place still shows its surroundings."""
MIN_PER_ROW, MAX_PER_ROW = 0.002, 30.0
"""Zoom limits, degrees of latitude per row: about 200 m, and most of a hemisphere."""
MARGIN = 0.15
"""Share of the width and height left free on each side of a fit, room for labels."""
STRIDE = 1 << 20
"""Row multiplier of a cell key; the zoom limits keep |column| far below it, so keys never alias."""
LABEL_LIMIT = 32

Cell = tuple[int, int]
"""(column, row) of a character cell, from the top left."""
Run = tuple[str, str]
"""Text and its kind: space-separated words the widget maps to `map--<word>` component styles."""


@dataclass(frozen=True)
class Viewport:
    """An equirectangular view of width x height cells centred on (lon, lat)."""

    lon: float
    lat: float
    per_row: float
    """Degrees of latitude per character row."""
    cos_lat: float
    """Shrink of a degree of longitude, fixed at the fit so that panning north or south does not stretch the map."""
    width: int
    height: int

    @property
    def per_col(self) -> float:
        return self.per_row / CELL_ASPECT / self.cos_lat

    @property
    def west(self) -> float:
        return self.lon - self.width / 2 * self.per_col

    @property
    def east(self) -> float:
        return self.lon + self.width / 2 * self.per_col

    @property
    def north(self) -> float:
        return self.lat + self.height / 2 * self.per_row

    @property
    def south(self) -> float:
        return self.lat - self.height / 2 * self.per_row

    def shifted_column(self, lon: float) -> int:
        """Column plus one, truncated: 1..width in view. The shift keeps int()'s rounding towards zero
        from pulling points just west of the view into it; `bin_events` uses the very same arithmetic,
        so a point and its marker never disagree by a rounding."""
        return int(lon * (1 / self.per_col) + (1.0 - self.west / self.per_col))

    def shifted_row(self, lat: float) -> int:
        return int((1.0 + self.north / self.per_row) - lat * (1 / self.per_row))

    def cell(self, lon: float, lat: float) -> Cell | None:
        column, row = self.shifted_column(lon), self.shifted_row(lat)
        return (column - 1, row - 1) if 1 <= column <= self.width and 1 <= row <= self.height else None

    def zoom(self, factor: float, lon: float | None = None, lat: float | None = None) -> Viewport:
        """Magnified by factor (> 1 zooms in) about (lon, lat), which stays where it is on screen."""
        per_row = min(MAX_PER_ROW, max(MIN_PER_ROW, self.per_row / factor))
        if lon is None or lat is None:
            return replace(self, per_row=per_row)
        shrink = per_row / self.per_row
        return self._moved(lon + (self.lon - lon) * shrink, lat + (self.lat - lat) * shrink, per_row)

    def pan(self, columns: float, rows: float) -> Viewport:
        """Moved by a number of cells: positive columns go east, positive rows go south."""
        return self._moved(self.lon + columns * self.per_col, self.lat - rows * self.per_row, self.per_row)

    def centre(self, lon: float, lat: float) -> Viewport:
        return self._moved(lon, lat, self.per_row)

    def resize(self, width: int, height: int) -> Viewport:
        return replace(self, width=max(1, width), height=max(1, height))

    def _moved(self, lon: float, lat: float, per_row: float) -> Viewport:
        return replace(self, lon=min(180.0, max(-180.0, lon)), lat=min(85.0, max(-85.0, lat)), per_row=per_row)


def fit(points: Iterable[tuple[float, float]], width: int, height: int, default: Sequence[float] | None = None) -> Viewport:
    """The closest view that shows every (lon, lat) with a margin; `default` (west, south, east, north) when there are none."""
    lons, lats = [], []
    for lon, lat in points:
        lons.append(lon)
        lats.append(lat)
    if lons:
        west, south, east, north = min(lons), min(lats), max(lons), max(lats)
    else:
        west, south, east, north = default or (-180.0, -60.0, 180.0, 75.0)
    width, height = max(1, width), max(1, height)
    lon, lat = (west + east) / 2, (south + north) / 2
    cos_lat = max(0.1, math.cos(math.radians(lat)))
    usable_width = max(1.0, width * (1 - 2 * MARGIN))
    usable_height = max(1.0, height * (1 - 2 * MARGIN))
    per_row = max(max(north - south, MIN_SPAN) / usable_height, max(east - west, MIN_SPAN) * CELL_ASPECT * cos_lat / usable_width)
    return Viewport(lon, lat, min(MAX_PER_ROW, max(MIN_PER_ROW, per_row)), cos_lat, width, height)


@dataclass(frozen=True)
class Plot:
    """The events that have coordinates, north to south, as columns ready to bin, and how many had none.

    Coordinates are packed in arrays of doubles: binning walks them in memory
    order instead of chasing each event's scattered float objects, which made
    it twice as slow.
    """

    events: tuple[Event, ...]
    lons: array[float]
    lats: array[float]
    responses: tuple[bool, ...]
    names: tuple[str, ...]
    """Label text of each event's place."""
    positions: tuple[int, ...]
    """Where each event was in the sequence given to `plot`, to hand events back in that order."""
    without_coordinates: int

    def points(self) -> Iterable[tuple[float, float]]:
        return zip(self.lons, self.lats)


def plot(events: Iterable[Event]) -> Plot:
    """A location name alone never places an event: only lat and lon do.

    Sorting north to south (stable, so events at one spot keep their order)
    makes every map row a slice, found by bisection in `bin_events`.
    """
    kept: list[Event] = []
    lons: list[float] = []
    lats: list[float] = []
    responses: list[bool] = []
    names: list[str] = []
    positions: list[int] = []
    short: dict[str, str] = {}
    missing = 0
    for position, event in enumerate(events):
        location = event.location
        if event.point is None:
            missing += 1
            continue
        kept.append(event)
        lons.append(location.lon)
        lats.append(location.lat)
        responses.append(event.is_response)
        positions.append(position)
        name = location.name or location.admin1 or location.country or ""
        if name not in short:
            short[name] = short_name(name)
        names.append(short[name])
    order = sorted(range(len(kept)), key=lats.__getitem__, reverse=True)
    return Plot(
        tuple(map(kept.__getitem__, order)),
        array("d", map(lons.__getitem__, order)),
        array("d", map(lats.__getitem__, order)),
        tuple(map(responses.__getitem__, order)),
        tuple(map(names.__getitem__, order)),
        tuple(map(positions.__getitem__, order)),
        missing,
    )


@dataclass(frozen=True)
class Bins:
    """Events per cell for one view."""

    view: Viewport
    keys: list[int]
    """The cell key of each plotted event: (row + 1) * STRIDE + column + 1, meaningful only when the cell is in view."""
    cells: dict[Cell, tuple[int, int]]
    """Cells in view that hold events: (events, of which responses)."""

    def key(self, cell: Cell) -> int:
        return (cell[1] + 1) * STRIDE + cell[0] + 1

    def indices(self, cell: Cell) -> list[int]:
        """Positions in the plot of the events in a cell."""
        return list(compress(range(len(self.keys)), map(self.key(cell).__eq__, self.keys)))


def bin_events(plot: Plot, view: Viewport) -> Bins:
    """Events per cell, in one C-level Counter over a key per event.

    Rows come from bisecting the north-to-south plot with the view's own row
    arithmetic (monotonic, so exact), leaving one multiply and one int() per
    event in view for its column; events north or south of the view get key 0.
    """
    column_scale, column_shift = 1 / view.per_col, 1.0 - view.west / view.per_col
    lons, lats = plot.lons, plot.lats
    starts = [bisect_left(lats, row, key=view.shifted_row) for row in range(1, view.height + 2)]
    keys = [0] * starts[0]
    for row in range(1, view.height + 1):
        base = row * STRIDE
        keys += [base + int(lon * column_scale + column_shift) for lon in lons[starts[row - 1] : starts[row]]]
    keys += [0] * (len(lons) - starts[-1])
    counts = Counter(keys)
    responses = Counter(compress(keys, plot.responses))
    cells = {}
    for key, count in counts.items():
        row, column = divmod(key, STRIDE)
        if 1 <= column <= view.width and 1 <= row <= view.height:
            cells[(column - 1, row - 1)] = (count, responses.get(key, 0))
    return Bins(view, keys, cells)

def short_name(name: str) -> str:
    """A place's name up to its first bracket, comma or colon, and after "near" when it says near."""
    for stop in ("(", ",", ":", ";", "/"):
        name = name.split(stop, 1)[0]
    if " near " in f" {name}":
        name = f" {name}".split(" near ", 1)[1]
    name = " ".join(name.split())
    if len(name) <= LABEL_LIMIT:
        return name
    cut = name[: LABEL_LIMIT - 1]
    if " " in cut[LABEL_LIMIT // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"
