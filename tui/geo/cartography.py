"""A map frame as rows of (text, kind) runs: markers, place and country labels without overlaps, notes, legend and scale."""

from __future__ import annotations

import heapq
import unicodedata
from collections import Counter
from dataclasses import dataclass
from itertools import compress

from ..core.describe import printable
from .borders import Borders
from .plot import Bins, Cell, Plot, Run, Viewport


MARKERS = ("•", "●", "●", "●", "◉")
"""Glyph by the number of events in a cell: 1, 2 to 4, 5 or more."""
SCALE_STEPS_KM = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000)
KM_PER_DEGREE = 111.32

def marker(count: int) -> str:
    return MARKERS[min(count, 5) - 1]


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
    return f"▸ {printable(name)}{more}: {', '.join(parts)}"


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
