"""Where the events happened, as plain data for the map pane.

A projection fitted to the events, country borders rasterised in braille, events
binned to character cells, and labels placed without overlaps. The map widget
only turns the rows returned by `draw` into strips, so all of this is testable
without a terminal, and the data layer stays free of Textual and Rich.
"""

from __future__ import annotations

import heapq
import json
import math
import unicodedata
from array import array
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import compress
from pathlib import Path
from typing import Iterable, Sequence

from .describe import printable
from .model import Event

BORDERS_PATH = Path(__file__).parent / "data" / "borders.json"

CELL_ASPECT = 2.0
"""A terminal cell is about twice as tall as it is wide; a braille dot (2x4 per cell) is then square."""
DOT_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
"""The bit of the braille dot at [dot row][dot column] of a cell (U+2800 plus the bits)."""
MIN_SPAN = 0.5
"""Degrees: a fit to one place still shows its surroundings."""
MIN_PER_ROW, MAX_PER_ROW = 0.002, 30.0
"""Zoom limits, degrees of latitude per row: about 200 m, and most of a hemisphere."""
MARGIN = 0.15
"""Share of the width and height left free on each side of a fit, room for labels."""
STRIDE = 1 << 20
"""Row multiplier of a cell key; the zoom limits keep |column| far below it, so keys never alias."""
MARKERS = ("•", "●", "●", "●", "◉")
"""Glyph by the number of events in a cell: 1, 2 to 4, 5 or more."""
LABEL_LIMIT = 32
SCALE_STEPS_KM = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000)
KM_PER_DEGREE = 111.32

Cell = tuple[int, int]
"""(column, row) of a character cell, from the top left."""
Run = tuple[str, str]
"""Text and its kind: space-separated words the widget maps to `map--<word>` component styles."""


@dataclass(frozen=True)
class Line:
    lons: tuple[float, ...]
    lats: tuple[float, ...]
    west: float
    south: float
    east: float
    north: float


@dataclass(frozen=True)
class Country:
    name: str
    anchors: tuple[tuple[float, float, float], ...]
    """Label points (lon, lat, depth in degrees to the nearest border), deepest first."""


@dataclass(frozen=True)
class Borders:
    lines: tuple[Line, ...]
    countries: tuple[Country, ...]
    region: tuple[float, float, float, float]
    """West, south, east, north of the cut: the data ends there."""


@lru_cache(maxsize=4)
def load_borders(path: Path = BORDERS_PATH) -> Borders:
    """Lines are stored as integer hundredths of a degree, delta-encoded: lon0, lat0, dlon1, dlat1, ..."""
    data = json.loads(path.read_text(encoding="utf-8"))
    scale = data["scale"]
    lines = []
    for coded in data["lines"]:
        lon = lat = 0
        lons, lats = [], []
        for index in range(0, len(coded), 2):
            lon += coded[index]
            lat += coded[index + 1]
            lons.append(lon / scale)
            lats.append(lat / scale)
        lines.append(Line(tuple(lons), tuple(lats), min(lons), min(lats), max(lons), max(lats)))
    countries = tuple(Country(name, tuple(tuple(anchor) for anchor in anchors)) for name, anchors in data["countries"])
    return Borders(tuple(lines), countries, tuple(data["region"]))


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
        if location is None or location.lat is None or location.lon is None:
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


def marker(count: int) -> str:
    return MARKERS[min(count, 5) - 1]


def raster(borders: Borders, view: Viewport) -> bytearray:
    """Braille dot bits per cell (row-major) of every border line in view."""
    width, height = view.width, view.height
    bits = bytearray(width * height)
    dots_x, dots_y = 2 * width, 4 * height
    x_scale, y_scale = 2 / view.per_col, 4 / view.per_row
    west, east, south, north = view.west, view.east, view.south, view.north
    for line in borders.lines:
        if line.east < west or line.west > east or line.north < south or line.south > north:
            continue
        xs = [(lon - west) * x_scale for lon in line.lons]
        ys = [(north - lat) * y_scale for lat in line.lats]
        for index in range(len(xs) - 1):
            segment = clip(xs[index], ys[index], xs[index + 1], ys[index + 1], dots_x, dots_y)
            if segment is None:
                continue
            x0, y0, x1, y1 = segment
            steps = int(max(abs(x1 - x0), abs(y1 - y0))) + 1
            step_x, step_y = (x1 - x0) / steps, (y1 - y0) / steps
            for step in range(steps + 1):
                x = int(x0 + step_x * step)
                y = int(y0 + step_y * step)
                bits[(y >> 2) * width + (x >> 1)] |= DOT_BITS[y & 3][x & 1]
    return bits


def clip(x0: float, y0: float, x1: float, y1: float, width: int, height: int) -> tuple[float, float, float, float] | None:
    """Liang-Barsky: the part of a segment inside [0, width) x [0, height), so a zoomed-in view never walks off-screen dots."""
    right, bottom = width - 1e-6, height - 1e-6
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0), (dx, right - x0), (-dy, y0), (dy, bottom - y0)):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return None
    return x0 + low * dx, y0 + low * dy, x0 + high * dx, y0 + high * dy


def cell_text(text: str) -> list[str]:
    """Text cut into what each terminal cell shows: a wide character takes two (the second empty), a combining mark none."""
    cells: list[str] = []
    for char in printable(text):
        if cells and (unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf")):
            cells[-1] += char
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            cells += [char, ""]
        else:
            cells.append(char)
    return cells


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


@dataclass(frozen=True)
class Label:
    column: int
    row: int
    text: str
    width: int


class Grid:
    """Character cells of one frame, each with its kind; later writes win."""

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self.chars = [" "] * (width * height)
        self.kinds = [""] * (width * height)
        self.taken = bytearray(width * height)
        """1 under a marker, 2 under text: what labels must not cover."""

    def put(self, column: int, row: int, cells: list[str], kind: str, taken: int = 2) -> None:
        start = row * self.width
        for offset, char in enumerate(cells):
            if 0 <= column + offset < self.width:
                self.chars[start + column + offset] = char
                self.kinds[start + column + offset] = kind
                self.taken[start + column + offset] = taken

    def free(self, column: int, row: int, width: int, own: Cell | None = None) -> bool:
        """Room for text: inside the grid, off markers, with a cell on each side free of other text and of
        any marker but its own, so a name never reads as another marker's."""
        if not (0 <= row < self.height and 0 <= column and column + width <= self.width):
            return False
        start = row * self.width
        if any(self.taken[start + column : start + column + width]):
            return False
        for side in (column - 1, column + width):
            if 0 <= side < self.width and self.taken[start + side] and (side, row) != own:
                return False
        return True

    def runs(self) -> list[list[Run]]:
        rows = []
        for row in range(self.height):
            runs: list[Run] = []
            start = row * self.width
            for index in range(start, start + self.width):
                char, kind = self.chars[index], self.kinds[index]
                if runs and runs[-1][1] == kind:
                    runs[-1] = (runs[-1][0] + char, kind)
                else:
                    runs.append((char, kind))
            rows.append(runs)
        return rows


def place_labels(plot: Plot, bins: Bins, grid: Grid, limit: int) -> list[Label]:
    """Names of the busiest cells, beside their markers, never over another marker or label.

    A cell is named after the place most of its events give (on a tie, the
    northernmost, then the first given). Only the cells that may get a label are counted, in C-level
    passes over the keys, so the cost stays one set lookup per event.
    """
    busiest = heapq.nsmallest(limit * 2, bins.cells, key=lambda cell: (-bins.cells[cell][0], cell[1], cell[0]))
    wanted = {bins.key(cell) for cell in busiest}
    members = list(compress(range(len(bins.keys)), map(wanted.__contains__, bins.keys)))
    pairs = Counter(zip(map(bins.keys.__getitem__, members), map(plot.names.__getitem__, members)))
    best: dict[int, tuple[int, str]] = {}
    for (key, name), count in pairs.items():
        if name and count > best.get(key, (0, ""))[0]:
            best[key] = (count, name)
    labels: list[Label] = []
    for column, row in busiest:
        if len(labels) == limit:
            break
        if bins.key((column, row)) not in best:
            continue
        name = best[bins.key((column, row))][1]
        cells = cell_text(name)
        width = len(cells)
        for start, line in (
            (column + 2, row),
            (column - 1 - width, row),
            (column + 1, row - 1),
            (column + 1, row + 1),
            (column - width, row - 1),
            (column - width, row + 1),
        ):
            if grid.free(start, line, width, own=(column, row)):
                grid.put(start, line, cells, "label")
                if line == row:  # clear the cell between marker and name, so a border dot cannot join them
                    grid.put(start - 1 if start > column else start + width, line, [" "], "")
                labels.append(Label(start, line, name, width))
                break
    return labels


def place_countries(borders: Borders, view: Viewport, grid: Grid) -> None:
    """Country names, dim, at the deepest anchor in view, when the name fits inside the country at this zoom."""
    for country in borders.countries:
        cells = cell_text(country.name.upper())
        width = len(cells)
        half_width = width / 2 * view.per_col * view.cos_lat
        for lon, lat, depth in country.anchors:
            if half_width > depth * 1.5 or view.per_row / 2 > depth:
                break
            cell = view.cell(lon, lat)
            if cell and grid.free(cell[0] - width // 2, cell[1], width):
                grid.put(cell[0] - width // 2, cell[1], cells, "country")
                break


def scale_bar(view: Viewport, room: int) -> list[Run]:
    """The longest round distance that fits in about a quarter of the room, as `├───┤ 100 km`."""
    km_per_column = view.per_col * view.cos_lat * KM_PER_DEGREE
    fitting = [km for km in SCALE_STEPS_KM if 3 <= km / km_per_column <= max(3, room // 4)]
    if not fitting:
        return []
    km = fitting[-1]
    columns = round(km / km_per_column)
    return [("├" + "─" * (columns - 2) + "┤", "note"), (f" {km} km", "note")]


def legend() -> list[list[Run]]:
    """Pieces of the legend, most useful first, dropped from the end when the line is short."""
    return [
        [(marker(1), "marker"), (" 1 ", "note"), (marker(2), "marker"), (" 2–4 ", "note"), (marker(5), "marker"), (" 5+", "note")],
        [("attack", "attack"), (" ", "note"), ("response", "response"), (" ", "note"), ("both", "both")],
    ]


def cursor_text(plot: Plot, bins: Bins, cell: Cell) -> str:
    indices = bins.indices(cell)
    responses = sum(plot.responses[index] for index in indices)
    attacks = len(indices) - responses
    names = Counter(plot.names[index] for index in indices)
    parts = [f"{attacks} attack{'s' if attacks != 1 else ''}"] if attacks else []
    if responses:
        parts.append(f"{responses} response{'s' if responses != 1 else ''}")
    name = names.most_common(1)[0][0] if names else ""
    more = f" and {len(names) - 1} more" if len(names) > 1 else ""
    return f"▸ {name}{more}: {', '.join(parts)}"


def note_line(width: int, left: list[Run], right_pieces: list[list[Run]]) -> list[Run]:
    """One line of notes: left-aligned text, then as many right-aligned pieces as fit."""
    used = sum(len(cell_text(text)) for text, _ in left)
    right: list[Run] = []
    for piece in right_pieces:
        size = sum(len(cell_text(text)) for text, _ in piece)
        if used + size + 3 + sum(len(cell_text(text)) for text, _ in right) > width:
            break
        right += ([("   ", "note")] if right else []) + piece
    right_size = sum(len(cell_text(text)) for text, _ in right)
    runs = [(text, kind) for text, kind in left]
    gap = width - used - right_size
    if gap > 0:
        runs.append((" " * gap, "note"))
    return runs + right


def draw(
    plot: Plot,
    bins: Bins,
    border_bits: bytearray,
    borders: Borders,
    cursor: Cell | None = None,
    selected: Cell | None = None,
    label_limit: int | None = None,
) -> list[list[Run]]:
    """The map rows of one frame: braille borders, markers, then labels where there is room.

    The cursor and the selected cell add `cursor` and `selected` to their marker's
    kind, so the widget can style the two apart or together.
    """
    view = bins.view
    grid = Grid(view.width, view.height)
    for index, bits in enumerate(border_bits):
        if bits:
            grid.chars[index] = chr(0x2800 + bits)
            grid.kinds[index] = "border"
    width = view.width
    for (column, row), (count, responses) in bins.cells.items():
        index = row * width + column
        grid.chars[index] = marker(count)
        grid.kinds[index] = "marker attack" if not responses else "marker response" if responses == count else "marker both"
        grid.taken[index] = 1
    for cell, modifier in ((selected, " selected"), (cursor, " cursor")):
        if cell in bins.cells:
            grid.kinds[cell[1] * width + cell[0]] += modifier
    limit = label_limit if label_limit is not None else max(12, view.width * view.height // 200)
    place_labels(plot, bins, grid, limit)
    place_countries(borders, view, grid)
    return grid.runs()


def notes(plot: Plot, bins: Bins, cursor: Cell | None, width: int, unplaced: bool = False) -> tuple[list[Run], list[Run]]:
    """The line above the map (what is under the cursor, the legend) and below it (what is not shown, the scale).

    `unplaced` says the selected event has no coordinates, so no marker lights up for it.
    """
    top_left = []
    if cursor in bins.cells:
        top_left = [(cursor_text(plot, bins, cursor), "note")]
    elif unplaced:
        top_left = [("the selected event has no coordinates", "note")]
    bottom_left = []
    if plot.without_coordinates:
        count = plot.without_coordinates
        bottom_left = [(f"{count} event{'s' if count != 1 else ''} without coordinates", "note")]
    elif not plot.events:
        bottom_left = [("no events to place", "note")]
    top = note_line(width, top_left, legend())
    bottom = note_line(width, bottom_left, [scale_bar(bins.view, width)])
    return top, bottom
