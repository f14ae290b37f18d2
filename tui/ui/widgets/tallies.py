"""Counts of the shown events grouped by one dimension, with share and a bar."""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual import work
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable

from ..actions import TALLIES, bindings
from ...core.describe import distinct_labels, printable
from ...ask.pivot import Pivot
from ...ask.tally import PERIODS, SORTS, TallyRow, dimensions_for

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
PADDING = 2
"""A DataTable cell's padding, both sides."""
BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(share: float, width: int) -> str:
    eighths = round(share * width * 8)
    full, rest = divmod(eighths, 8)
    return ("█" * full + (BLOCKS[rest] if rest else "")).ljust(width)


class Tallies(DataTable, inherit_bindings=True):
    BINDINGS = bindings(TALLIES)

    class Chosen(Message):
        """The user asked to see only the events of one group (of a pivot's cell: of two, `then` the second)."""

        def __init__(self, dimension: str, key: str, then: tuple[str, str] | None = None) -> None:
            super().__init__()
            self.dimension = dimension
            self.key = key
            self.then = then

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.dimensions: tuple[str, ...] = dimensions_for()
        self.dimension = self.dimensions[0]
        self.sort_by = "count"
        self._rows_for: Callable[[str, str], list[TallyRow]] = lambda dimension, by: []
        self._pivot_for: Callable[[str, str], Pivot] | None = None
        self._counted: Callable[[str], bool] = lambda dimension: True
        """Whether rows_for answers a dimension at once; if not, it is counted by a worker and shown when done."""
        self.then: str | None = None
        """The pivot's second dimension (its columns), or None: a plain tally."""
        self._full: dict[str, str] = {}
        """Row key -> the label in full, for the rows whose label is cut."""

    def on_resize(self) -> None:
        self.show()

    def show(
        self, rows_for: Callable[[str, str], list[TallyRow]] | None = None, dimension: str | None = None,
        dimensions: tuple[str, ...] | None = None, pivot_for: Callable[[str, str], Pivot] | None = None,
        counted: Callable[[str], bool] | None = None,
    ) -> None:
        """rows_for(dimension, by): the rows of the shown events (LogIndex.tally over the shown mask, or a preview's),
        kept for the next dimension or order; None: the same ones again. `dimensions`: those the log has.
        `counted(dimension)`: whether rows_for answers at once (LogIndex.counted); by default it does."""
        if rows_for is not None:
            self._rows_for = rows_for
            self._pivot_for = pivot_for
            self._counted = counted or (lambda dimension: True)
        if dimensions is not None:
            self.dimensions = dimensions
        self.dimension = dimension or self.dimension
        if self.dimension not in self.dimensions:
            self.dimension = self.dimensions[0]
        if self.then in (self.dimension, None) or self.then not in self.dimensions or self._pivot_for is None:
            self.then = None
        self.clear(columns=True)
        if self.then is not None:
            self.show_pivot(self._pivot_for(self.dimension, self.then))
            return
        self.cursor_type = "row"
        self.fixed_columns = 0
        if not self._counted(self.dimension):
            # A big log's dimension the warm-up has not reached: counting it takes a few tenths of a second at a
            # million events, which the key must not wait for.
            self.border_title = f"Tallies · {self.dimension}"
            self.border_subtitle = "counting…"
            self.count_in_background(self._rows_for, self.dimension, self.sort_by)
            return
        rows = self._rows_for(self.dimension, self.sort_by)
        count_width = max((len(str(row.count)) for row in rows), default=1)
        share_width = max((len(f"{row.share:.0%}") for row in rows), default=1)
        # Label and bar share what the count and share columns leave; the sums below are the table's real widths,
        # so a narrow pane (28 cells at 80 and 120 columns) never scrolls sideways.
        room = max(0, self.size.width - SCROLLBAR_WIDTH - (count_width + PADDING) - (share_width + PADDING) - 2 * PADDING)
        killed = [row.killed.short() if row.killed else "" for row in rows]
        injured = [row.injured.short() if row.injured else "" for row in rows]
        casualty_width = max(map(len, ["k", *killed])) + max(map(len, ["i", *injured])) + 2 * PADDING
        with_casualties = any(killed) and room - casualty_width >= MIN_KEY_WIDTH + 4
        if with_casualties:
            room -= casualty_width
        longest = max((len(row.key) for row in rows), default=0)
        # Labels whole where they fit, the bar the rest (up to MAX_BAR): a wide pane is not left empty. Where a bar
        # would squeeze the labels below MIN_KEY_WIDTH, the labels get its room instead.
        with_bar = room >= MIN_KEY_WIDTH + 4
        key_width = max(MIN_KEY_WIDTH, min(longest, room - 4)) if with_bar else max(4, room + PADDING)
        bar_width = max(4, min(MAX_BAR, room - key_width))
        labels = distinct_labels([printable(row.key) for row in rows], key_width)
        self._full = {row.key: printable(row.key) for row, label in zip(rows, labels) if label != printable(row.key)}
        self.add_column("group", key="group", width=key_width)
        self.add_column("n", key="count")
        self.add_column("%", key="share")
        if with_bar:
            self.add_column("", key="bar", width=bar_width)
        if with_casualties:
            self.add_column("k", key="killed")
            self.add_column("i", key="injured")
        for row, label, k, i in zip(rows, labels, killed, injured):
            cells = [
                Text(label, no_wrap=True),
                Text(str(row.count), justify="right"),
                Text(f"{row.share:.0%}", justify="right"),
            ]
            if with_bar:
                cells.append(Text(bar(row.share, bar_width), style="bold"))
            if with_casualties:
                cells += [Text(k, justify="right"), Text(i, justify="right")]
            self.add_row(*cells, key=row.key)
        order = "by time" if self.dimension in PERIODS else f"by {self.sort_by}"
        self.border_title = f"Tallies · {self.dimension}"
        self.border_subtitle = f"{len(rows)} group{'s' if len(rows) != 1 else ''} · {order}"

    @work(thread=True, exclusive=True, group="tally", exit_on_error=False)
    def count_in_background(self, rows_for: Callable[[str, str], list[TallyRow]], dimension: str, by: str) -> None:
        rows_for(dimension, by)
        self.app.call_from_thread(self.show_counted, rows_for, dimension, by)

    def show_counted(self, rows_for: Callable[[str, str], list[TallyRow]], dimension: str, by: str) -> None:
        if (rows_for, dimension, by) == (self._rows_for, self.dimension, self.sort_by) and self.then is None:
            self.show()

    def show_pivot(self, table: Pivot) -> None:
        """The first dimension by the second, with totals; wider than the pane, it scrolls sideways."""
        self.cursor_type = "cell"
        self.fixed_columns = 1  # the labels stay in view while it scrolls sideways
        names = [printable(row) for row in table.rows]
        room = max(0, self.size.width - FIXED_COLUMNS_WIDTH)
        width = min(PIVOT_LABEL_WIDTH, max(map(len, names), default=5), max(MIN_KEY_WIDTH, room - 10))  # leave room for a column
        labels = distinct_labels(names, width)
        self._full = {row: printable(row) for row, label in zip(table.rows, labels) if label != printable(row)}
        self.add_column(f"{self.dimension} / {self.then}", key="group")
        for column in table.columns:
            self.add_column(Text(printable(column), no_wrap=True), key=column)
        self.add_column("total", key=TOTAL)
        for row, label in zip(table.rows, labels):
            counts = [Text(str(table.count(row, column) or "·"), justify="right") for column in table.columns]
            self.add_row(Text(label, no_wrap=True), *counts, Text(str(table.row_totals[row]), justify="right", style="bold"), key=row)
        totals = [Text(str(table.column_totals[column]), justify="right", style="bold") for column in table.columns]
        self.add_row(Text("total", style="bold"), *totals, Text(str(table.total), justify="right", style="bold"), key=TOTAL)
        self.border_title = f"Tallies · {self.dimension} by {self.then}"
        self.border_subtitle = f"{len(table.rows)} × {len(table.columns)} · P next column dimension"

    def on_data_table_row_highlighted(self, highlighted: DataTable.RowHighlighted) -> None:
        if self.then is not None:
            return
        full = self._full.get(highlighted.row_key.value) if highlighted.row_key else None
        order = "by time" if self.dimension in PERIODS else f"by {self.sort_by}"
        self.border_subtitle = Content(full) if full else f"{self.row_count} group{'s' if self.row_count != 1 else ''} · {order}"

    def cycle(self, step: int = 1) -> None:
        index = (self.dimensions.index(self.dimension) + step) % len(self.dimensions)
        self.show(dimension=self.dimensions[index])

    def action_pivot(self) -> None:
        """By each other dimension in turn, then back to the plain tally."""
        if self._pivot_for is None:
            self.notify("The pivot comes once the log is loaded", timeout=3)
            return
        others = [name for name in self.dimensions if name != self.dimension]
        following = others.index(self.then) + 1 if self.then in others else 0
        self.then = others[following] if following < len(others) else None
        self.show()

    def action_toggle_sort(self) -> None:
        self.sort_by = SORTS[(SORTS.index(self.sort_by) + 1) % len(SORTS)]
        self.show()

    def action_choose(self) -> None:
        if not self.row_count:
            return
        cell = self.coordinate_to_cell_key(self.cursor_coordinate)
        row, column = cell.row_key.value, cell.column_key.value
        if self.then is None:
            self.post_message(self.Chosen(self.dimension, row))
        elif row != TOTAL or column not in ("group", TOTAL):
            # A cell filters by both; a total by its one dimension; the corner changes nothing.
            if row == TOTAL:
                self.post_message(self.Chosen(self.then, column))
            elif column in ("group", TOTAL):
                self.post_message(self.Chosen(self.dimension, row))
            else:
                self.post_message(self.Chosen(self.dimension, row, (self.then, column)))
