"""What the tally pane shows, as a grid: its columns, their widths and the text of any one cell, for a tally (a
row per group) and for a pivot (a row per group of one dimension, a column per group of another, with totals).

A cell's text is made when its row is drawn: a week tally of four decades is 2,000 rows, of which the pane shows
forty, and a pivot by week as many columns, of which it shows a few.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate
from operator import attrgetter
from typing import Sequence

from rich.cells import cell_len

from ...ask.pivot import Pivot
from ...ask.tally import TallyRow
from ...core.describe import distinct_labels, printable

MAX_BAR = 40
"""Cells of the longest bar."""
MIN_KEY_WIDTH = 14
PIVOT_LABEL_WIDTH = 30
"""A pivot scrolls sideways: its labels keep up to this much, leaving a column in view beside them."""
TOTAL = "\x00total"
"""The key of the pivot's total row and column: no group can be named so."""
FIXED_COLUMNS_WIDTH = 3 + 4 + 4 * 2 + 3
"""Count and share columns, cell padding, border and scrollbar."""
SCROLLBAR_WIDTH = 1
PADDING = 1
"""Blank cells either side of a column's text."""
BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(share: float, width: int) -> str:
    eighths = round(share * width * 8)
    full, rest = divmod(eighths, 8)
    return ("█" * full + (BLOCKS[rest] if rest else "")).ljust(width)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    """Its header."""
    width: int
    """Cells of its text, the padding apart."""
    right: bool = False
    """Figures stand right-aligned."""


class Grid:
    """Columns, rows and cells. `fixed`: how many columns on the left stay in view while the rest scrolls sideways."""

    fixed = 0

    def __init__(self, columns: Sequence[Column], height: int, full: dict[int, str]) -> None:
        self.columns = tuple(columns)
        self.height = height
        """Rows, the header apart."""
        self.full = full
        """Row -> its label in full, for the rows whose label is cut."""
        self.edges = [0, *accumulate(column.width + 2 * PADDING for column in self.columns)]
        """Where each column starts, in cells, and (last) where the grid ends."""

    @property
    def width(self) -> int:
        return self.edges[-1]

    def key(self, row: int) -> str:
        raise NotImplementedError

    def cell(self, row: int, column: int) -> tuple[str, bool]:
        """The text of a cell and whether it is bold."""
        raise NotImplementedError


def one_line(key: str) -> str:
    """A group's name as a cell shows it: control characters made visible, a line break a space."""
    return printable(key).replace("\n", " ")


class TallyGrid(Grid):
    def __init__(self, rows: Sequence[TallyRow], pane_width: int) -> None:
        """Label and bar share what the count and share columns leave; the sums are the grid's real widths, so a
        narrow pane (28 cells at 80 and 120 columns) never scrolls sideways.

        Nothing here makes a string per row: a week tally zero-filled up to an event dated in the far future has
        hundreds of thousands of rows. A quiet period's row (count 0) is never the widest, so the casualty columns
        are measured on the others; the labels are cut only when some name is longer than their column."""
        self.rows = rows
        counted = list(filter(attrgetter("count"), rows))
        count_width = len(str(max((row.count for row in counted), default=0)))
        share_width = len(f"{max(row.share for row in counted):.0%}") if counted else 1
        room = max(0, pane_width - SCROLLBAR_WIDTH - (count_width + 2 * PADDING) - (share_width + 2 * PADDING) - 4 * PADDING)
        killed = [row.killed.short() for row in counted if row.killed]
        injured = [row.injured.short() for row in counted if row.injured]
        killed_width, injured_width = max(map(cell_len, ["k", *killed])), max(map(cell_len, ["i", *injured]))
        casualty_width = killed_width + injured_width + 4 * PADDING
        self.with_casualties = bool(killed) and room - casualty_width >= MIN_KEY_WIDTH + 4
        if self.with_casualties:
            room -= casualty_width
        longest = max(map(len, map(attrgetter("key"), rows)), default=0)
        # Labels whole where they fit, the bar the rest (up to MAX_BAR): a wide pane is not left empty. Where a bar
        # would squeeze the labels below MIN_KEY_WIDTH, the labels get its room instead.
        self.with_bar = room >= MIN_KEY_WIDTH + 4
        key_width = max(MIN_KEY_WIDTH, min(longest, room - 4)) if self.with_bar else max(4, room + 2 * PADDING)
        self.bar_width = max(4, min(MAX_BAR, room - key_width))
        full: dict[int, str] = {}
        self.labels: list[str] | None = None
        """The labels as cut, where some name is too long for the column; else each row's name whole."""
        if longest > key_width:
            names = [one_line(row.key) for row in rows]
            self.labels = distinct_labels(names, key_width)
            full = {n: name for n, (name, label) in enumerate(zip(names, self.labels)) if label != name}
        columns = [
            Column("group", "group", key_width),
            Column("count", "n", count_width, right=True),
            Column("share", "%", share_width, right=True),
        ]
        if self.with_bar:
            columns.append(Column("bar", "", self.bar_width))
        if self.with_casualties:
            columns += [Column("killed", "k", killed_width, right=True), Column("injured", "i", injured_width, right=True)]
        super().__init__(columns, len(rows), full)

    def key(self, row: int) -> str:
        return self.rows[row].key

    def cell(self, row: int, column: int) -> tuple[str, bool]:
        shown = self.rows[row]
        key = self.columns[column].key
        if key == "group":
            return (self.labels[row] if self.labels is not None else one_line(shown.key)), False
        if key == "count":
            return str(shown.count), False
        if key == "share":
            return f"{shown.share:.0%}", False
        if key == "bar":
            return bar(shown.share, self.bar_width), True
        figures = shown.killed if key == "killed" else shown.injured
        return (figures.short() if figures else ""), False


class PivotGrid(Grid):
    """The first dimension by the second: a label column kept in view, a column per group of the second, the row
    totals; a last row of column totals."""

    fixed = 1

    def __init__(self, table: Pivot, pane_width: int, heading: str) -> None:
        self.table = table
        names = [one_line(row) for row in table.rows]
        room = max(0, pane_width - FIXED_COLUMNS_WIDTH)
        width = min(PIVOT_LABEL_WIDTH, max(map(len, names), default=5), max(MIN_KEY_WIDTH, room - 10))  # leave room for a column
        self.labels = distinct_labels(names, width)
        widest: dict[str, int] = {}
        for (_, column), count in table.cells.items():
            widest[column] = max(widest.get(column, 1), len(str(count)))
        label_width = max(map(cell_len, [heading, "total", *self.labels]))
        columns = [Column("group", heading, label_width)]
        columns += [
            Column(column, one_line(column), max(cell_len(one_line(column)), widest.get(column, 1), len(str(table.column_totals[column]))), right=True)
            for column in table.columns
        ]
        columns.append(Column(TOTAL, "total", max(len("total"), len(str(table.total)), *(len(str(n)) for n in table.row_totals.values())), right=True))
        super().__init__(columns, len(table.rows) + 1, {n: name for n, (name, label) in enumerate(zip(names, self.labels)) if label != name})

    def key(self, row: int) -> str:
        return self.table.rows[row] if row < len(self.table.rows) else TOTAL

    def cell(self, row: int, column: int) -> tuple[str, bool]:
        table = self.table
        total_row = row == len(table.rows)
        if column == 0:
            return ("total", True) if total_row else (self.labels[row], False)
        if column == len(self.columns) - 1:
            return str(table.total if total_row else table.row_totals[table.rows[row]]), True
        key = table.columns[column - 1]
        if total_row:
            return str(table.column_totals[key]), True
        return str(table.count(table.rows[row], key) or "·"), False
