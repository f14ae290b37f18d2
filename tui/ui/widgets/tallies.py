"""Counts of the shown events grouped by one dimension, with share and a bar."""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from ..actions import TALLIES, bindings
from ...core.describe import printable
from ...ask.tally import DIMENSIONS, TallyRow

MIN_KEY_WIDTH = 14
FIXED_COLUMNS_WIDTH = 3 + 4 + 4 * 2 + 3
"""Count and share columns, cell padding, border and scrollbar."""
BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(share: float, width: int) -> str:
    eighths = round(share * width * 8)
    full, rest = divmod(eighths, 8)
    return ("█" * full + (BLOCKS[rest] if rest else "")).ljust(width)


class Tallies(DataTable, inherit_bindings=True):
    BINDINGS = bindings(TALLIES)

    class Chosen(Message):
        """The user asked to see only the events of one group."""

        def __init__(self, dimension: str, key: str) -> None:
            super().__init__()
            self.dimension = dimension
            self.key = key

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.dimension = DIMENSIONS[0]
        self.sort_by = "count"
        self._rows_for: Callable[[str, str], list[TallyRow]] = lambda dimension, by: []

    def on_resize(self) -> None:
        self.show()

    def show(self, rows_for: Callable[[str, str], list[TallyRow]] | None = None, dimension: str | None = None) -> None:
        """rows_for(dimension, by): the rows of the shown events (LogIndex.tally over the shown mask, or a preview's),
        kept for the next dimension or order; None: the same ones again."""
        if rows_for is not None:
            self._rows_for = rows_for
        self.dimension = dimension or self.dimension
        self.clear(columns=True)
        rows = self._rows_for(self.dimension, self.sort_by)
        room = max(0, self.size.width - FIXED_COLUMNS_WIDTH)
        longest = max((len(row.key) for row in rows), default=0)
        bar_width = min(12, max(4, room - longest))
        self.add_column("group", key="group", width=max(MIN_KEY_WIDTH, room - bar_width))
        self.add_column("n", key="count")
        self.add_column("%", key="share")
        self.add_column("", key="bar", width=bar_width)
        for row in rows:
            self.add_row(
                Text(printable(row.key), no_wrap=True, overflow="ellipsis"),
                Text(str(row.count), justify="right"),
                Text(f"{row.share:.0%}", justify="right"),
                Text(bar(row.share, bar_width), style="bold"),
                key=row.key,
            )
        order = "by count" if self.sort_by == "count" or self.dimension in ("month", "week") else "by name"
        self.border_title = f"Tallies · {self.dimension}"
        self.border_subtitle = f"{len(rows)} group{'s' if len(rows) != 1 else ''} · {order}"

    def cycle(self, step: int = 1) -> None:
        index = (DIMENSIONS.index(self.dimension) + step) % len(DIMENSIONS)
        self.show(dimension=DIMENSIONS[index])

    def action_toggle_sort(self) -> None:
        self.sort_by = "name" if self.sort_by == "count" else "count"
        self.show()

    def action_choose(self) -> None:
        if self.row_count:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
            self.post_message(self.Chosen(self.dimension, key))
