"""Counts of the shown events grouped by one dimension, with share and a bar; or crossed with a second (a pivot).

Built on the Line API, as the chronology is: a header line, then only the rows on screen are drawn, each cell's
text made as its row is (tally_grid.py). A week tally of four decades (2,000 rows) costs what its forty rows in
view cost, where a DataTable measured and rendered every cell of every row on each refill.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Callable

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.color import Color
from textual.content import Content
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..actions import TALLIES, bindings
from ...ask.pivot import Pivot
from ...ask.tally import PERIODS, SORTS, TallyRow, dimensions_for
from .tally_grid import TOTAL, Grid, PivotGrid, TallyGrid

HEADER = 1
"""Lines above the rows: the columns' names, which stay in view."""
BOLD = Style(bold=True)


class Tallies(ScrollView, can_focus=True):
    BINDINGS = bindings(TALLIES)
    COMPONENT_CLASSES = {"tallies--header", "tallies--cursor", "tallies--fixed", "tallies--fixed-cursor"}

    class Chosen(Message):
        """The user asked to see only the events of one group (of a pivot's cell: of two, `then` the second)."""

        def __init__(self, dimension: str, key: str, then: tuple[str, str] | None = None) -> None:
            super().__init__()
            self.dimension = dimension
            self.key = key
            self.then = then

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.dimensions: tuple[str, ...] = dimensions_for()
        self.dimension = self.dimensions[0]
        self.sort_by = "count"
        self._rows_for: Callable[[str, str], list[TallyRow]] = lambda dimension, by: []
        self._pivot_for: Callable[[str, str], Pivot] | None = None
        self._counted: Callable[[str], bool] = lambda dimension: True
        """Whether rows_for answers a dimension at once; if not, it is counted by a worker and shown when done."""
        self.then: str | None = None
        """The pivot's second dimension (its columns), or None: a plain tally."""
        self._shown: list[TallyRow] | Pivot | None = None
        """The rows or the pivot on screen; None while counting."""
        self.grid: Grid | None = None
        """What the pane shows, laid out for its width."""
        self._subtitle_shown: str | Content = ""
        self.cursor_row = 0
        self.cursor_column = 0
        """In a pivot: the cell's column (0, the labels; the last, the totals). A tally's cursor is the whole row."""

    def on_resize(self) -> None:
        self._lay_out()
        self._scroll_to_cursor()
        self._subtitle()

    def show(
        self, rows_for: Callable[[str, str], list[TallyRow]] | None = None, dimension: str | None = None,
        dimensions: tuple[str, ...] | None = None, pivot_for: Callable[[str, str], Pivot] | None = None,
        counted: Callable[[str], bool] | None = None,
    ) -> None:
        """rows_for(dimension, by): the rows of the shown events (LogIndex.tally over the shown mask, or a preview's),
        kept for the next dimension or order; None: the same ones again. `dimensions`: those the log has.
        `counted(dimension)`: whether rows_for answers at once (LogIndex.counted); by default it does.
        The cursor goes back to the first row."""
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
        self.cursor_row = self.cursor_column = 0
        if self.then is not None:
            self._shown = self._pivot_for(self.dimension, self.then)
            self.border_title = f"Tallies · {self.dimension} by {self.then}"
            self._set_subtitle(self._pivot_subtitle())
        elif not self._counted(self.dimension):
            # A big log's dimension the warm-up has not reached: counting it takes a few tenths of a second at a
            # million events, which the key must not wait for.
            self._shown = None
            self.border_title = f"Tallies · {self.dimension}"
            self._set_subtitle("counting…")
            self.count_in_background(self._rows_for, self.dimension, self.sort_by)
        else:
            self._shown = self._rows_for(self.dimension, self.sort_by)
            self.border_title = f"Tallies · {self.dimension}"
        self._lay_out()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._subtitle()

    def _lay_out(self) -> None:
        """The grid for the pane's width (the labels and the bar take what the figures leave)."""
        shown, width = self._shown, self.size.width
        if shown is None:
            self.grid = None
        elif isinstance(shown, Pivot):
            self.grid = PivotGrid(shown, width, f"{self.dimension} / {self.then}")
        else:
            self.grid = TallyGrid(shown, width)
        self.virtual_size = Size(self.grid.width, self.grid.height + HEADER) if self.grid else Size(0, 0)
        self.refresh()

    @property
    def pivoted(self) -> bool:
        return isinstance(self.grid, PivotGrid)

    @work(thread=True, exclusive=True, group="tally", exit_on_error=False)
    def count_in_background(self, rows_for: Callable[[str, str], list[TallyRow]], dimension: str, by: str) -> None:
        rows_for(dimension, by)
        self.app.call_from_thread(self.show_counted, rows_for, dimension, by)

    def show_counted(self, rows_for: Callable[[str, str], list[TallyRow]], dimension: str, by: str) -> None:
        if (rows_for, dimension, by) == (self._rows_for, self.dimension, self.sort_by) and self.then is None:
            self.show()

    def _subtitle(self) -> None:
        """A tally's count of groups and order, or the label under the cursor in full where its row cuts it. Set
        only when it changes: setting it repaints the whole pane."""
        grid = self.grid
        if isinstance(grid, PivotGrid):
            cut = self._room_if_cut() is not None  # its heading then shown by its end
            self._set_subtitle(Content(grid.columns[self.cursor_column].label) if cut else self._pivot_subtitle())
            return
        if not isinstance(grid, TallyGrid):
            return
        full = grid.full.get(self.cursor_row)
        order = "by time" if self.dimension in PERIODS else f"by {self.sort_by}"
        self._set_subtitle(Content(full) if full else f"{grid.height} group{'s' if grid.height != 1 else ''} · {order}")

    def _pivot_subtitle(self) -> str:
        return f"{len(self._shown.rows)} × {len(self._shown.columns)} · P other columns"

    def _set_subtitle(self, subtitle: str | Content) -> None:
        if subtitle != self._subtitle_shown:
            self.border_subtitle = self._subtitle_shown = subtitle

    def move_cursor(self, row: int | None = None, column: int | None = None) -> None:
        """Move to a cell (a tally: a row), scrolled into view; only the lines that change are drawn again."""
        grid = self.grid
        if grid is None or not grid.height:
            return
        before = self.cursor_row
        self.cursor_row = max(0, min(self.cursor_row if row is None else row, grid.height - 1))
        if self.pivoted:
            self.cursor_column = max(0, min(self.cursor_column if column is None else column, len(grid.columns) - 1))
        if not self._scroll_to_cursor():
            self.refresh_line(before + HEADER)
            self.refresh_line(self.cursor_row + HEADER)
        self._subtitle()

    def _scroll_to_cursor(self) -> bool:
        """Scroll the cursor's cell into view beside the header and the fixed labels; whether the pane scrolled."""
        grid = self.grid
        if grid is None:
            return False
        fixed = grid.edges[grid.fixed]
        if self.pivoted:
            x, width = grid.edges[self.cursor_column], grid.edges[self.cursor_column + 1] - grid.edges[self.cursor_column]
            room = self._room_if_cut()
            if room is not None:  # a heading wider than the pane: show its figures, at its right end
                x, width = x + width - room, room
        else:
            x, width = int(self.scroll_x) + fixed, 1
        before = self.scroll_offset
        self.scroll_to_region(
            Region(x, self.cursor_row + HEADER, width, 1), spacing=Spacing(HEADER, 0, 0, fixed),
            animate=False, immediate=True, force=True,
        )
        return self.scroll_offset != before

    def _room_if_cut(self) -> int | None:
        """The room beside a pivot's labels, where the cursor's column is wider than it; else None."""
        grid, at = self.grid, self.cursor_column
        if not self.pivoted or at < grid.fixed:
            return None
        room = self.scrollable_content_region.width - grid.edges[grid.fixed]
        return room if 0 < room < grid.edges[at + 1] - grid.edges[at] else None

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style  # found through every ancestor's styles: once a line, not once a cell
        grid = self.grid
        row = self.scroll_offset.y + y - HEADER if y >= HEADER else -1
        if grid is None or row >= grid.height:
            return Strip.blank(width, base)
        # The columns kept in view, then those the scroll reaches: cells out of view are not made.
        fixed = grid.edges[grid.fixed]
        start, end = self.scroll_offset.x + fixed, self.scroll_offset.x + width
        first = bisect_right(grid.edges, start) - 1
        scrolled = []
        for column in range(first, len(grid.columns)):
            if grid.edges[column] >= end:
                break
            scrolled.append(self._cell(grid, row, column, base))
        last = grid.edges[first + len(scrolled)]
        if last < end:
            scrolled.append(Segment(" " * (end - last), self._beyond_style(row, base)))
            last = end
        line = Strip(scrolled, last - grid.edges[first])
        if start > grid.edges[first] or last > end:
            line = line.crop(start - grid.edges[first], end - grid.edges[first])
        if not fixed:
            return line
        return Strip([*(self._cell(grid, row, column, base) for column in range(grid.fixed)), *line], width)

    def _cell(self, grid: Grid, row: int, column: int, base: Style) -> Segment:
        shown = grid.columns[column]
        right = shown.right and row >= 0  # the header's names stand on the left, as a DataTable's did
        if row < 0:
            text, style = shown.label, self.get_component_rich_style("tallies--header")
        else:
            text, bold = grid.cell(row, column)
            fixed = column < grid.fixed
            style = self.get_component_rich_style("tallies--fixed") if fixed else base
            if row == self.cursor_row and (column == self.cursor_column or not self.pivoted):
                style += self.get_component_rich_style("tallies--cursor")
                if fixed:
                    style += self.get_component_rich_style("tallies--fixed-cursor")
            if bold:
                style += BOLD
        room = shown.width
        text = " " * (room - cell_len(text)) + text if right and cell_len(text) < room else set_cell_size(text, room)
        return Segment(f" {text} ", style)

    def _beyond_style(self, row: int, base: Style) -> Style:
        """Right of the last column: a tally's row goes on to the edge (the cursor's too); a pivot's header fades."""
        if row < 0:
            header = self.get_component_rich_style("tallies--header")
            if not self.pivoted or header.bgcolor is None:
                return header
            faded = Color.from_rich_color(header.bgcolor).blend(self.background_colors[1], 0.25)
            return Style.from_color(header.color, faded.rich_color)
        if row == self.cursor_row and not self.pivoted:
            return base + self.get_component_rich_style("tallies--cursor")
        return base

    def on_click(self, click: events.Click) -> None:
        """A click puts the cursor on the row (in a pivot, the cell); on the header or below the rows, nothing."""
        offset = click.get_content_offset(self)
        grid = self.grid
        if offset is None or grid is None or not HEADER <= offset.y < grid.height + HEADER - self.scroll_offset.y:
            return
        fixed = grid.edges[grid.fixed]
        x = offset.x if offset.x < fixed else self.scroll_offset.x + offset.x
        self.move_cursor(self.scroll_offset.y + offset.y - HEADER, min(bisect_right(grid.edges, x), len(grid.columns)) - 1)

    def cycle(self, step: int = 1) -> None:
        index = (self.dimensions.index(self.dimension) + step) % len(self.dimensions)
        self.show(dimension=self.dimensions[index])

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor_row + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor_row - 1)

    def action_cursor_right(self) -> None:
        if self.pivoted:
            self.move_cursor(column=self.cursor_column + 1)
        else:
            self.scroll_right(animate=False)

    def action_cursor_left(self) -> None:
        if self.pivoted:
            self.move_cursor(column=self.cursor_column - 1)
        else:
            self.scroll_left(animate=False)

    def action_scroll_top(self) -> None:
        self.move_cursor(0)

    def action_scroll_bottom(self) -> None:
        self.move_cursor(self.grid.height - 1 if self.grid else 0)

    def action_scroll_home(self) -> None:
        """Home: a pivot's label column, as a DataTable's Home was; a tally's first row."""
        if self.pivoted:
            self.move_cursor(column=0)
        else:
            self.move_cursor(0)

    def action_scroll_end(self) -> None:
        """End: a pivot's totals column; a tally's last row."""
        if self.pivoted:
            self.move_cursor(column=len(self.grid.columns) - 1)
        else:
            self.action_scroll_bottom()

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _page(self, direction: int) -> None:
        """The view a page on, and the cursor as far."""
        page = max(1, self.scrollable_content_region.height - HEADER)
        self.scroll_to(y=self.scroll_offset.y + direction * page, animate=False, immediate=True)
        self.move_cursor(self.cursor_row + direction * page)

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
        grid = self.grid
        if grid is None or not grid.height:
            return
        row = grid.key(self.cursor_row)
        if not isinstance(grid, PivotGrid):
            self.post_message(self.Chosen(self.dimension, row))
            return
        column = grid.columns[self.cursor_column].key
        # A cell filters by both; a total by its one dimension; the corner changes nothing.
        if row == TOTAL and column not in ("group", TOTAL):
            self.post_message(self.Chosen(self.then, column))
        elif row != TOTAL and column in ("group", TOTAL):
            self.post_message(self.Chosen(self.dimension, row))
        elif row != TOTAL:
            self.post_message(self.Chosen(self.dimension, row, (self.then, column)))
