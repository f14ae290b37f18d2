"""Where the events happened: borders in braille, a marker per cell, the busiest places named.

The geography lives in `tui.geo`, `tui.borders` and `tui.cartography`; this widget keeps the view and the cursor,
caches what a view costs to compute (bins, border raster, strips) and paints
the rows `cartography.draw` returns. A keystroke that only moves the cursor reuses the
bins, so panning and stepping through markers stay quick on 100,000 events.
"""

from __future__ import annotations

from typing import Sequence

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from ..actions import MAP, bindings
from ...geo import borders, cartography, plot as geo
from ...core.model import Event

ZOOM_STEP = 2.0
PAN_SHARE = 0.25
"""An arrow key moves the map by a quarter of its width or height."""


class MapView(Widget, can_focus=True):
    BINDINGS = bindings(MAP)
    COMPONENT_CLASSES = {
        "map--border",
        "map--marker",
        "map--attack",
        "map--response",
        "map--both",
        "map--selected",
        "map--cursor",
        "map--label",
        "map--country",
        "map--note",
    }

    class Selected(Message):
        """Enter (or a click) on a marker: the ids of every event in its cell, in the order `show` was given them."""

        def __init__(self, event_ids: tuple[str, ...]) -> None:
            super().__init__()
            self.event_ids = event_ids

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._plot = geo.plot(())
        self._view: geo.Viewport | None = None
        self._fitted = True
        """Follow the size of the widget with a fresh fit until the user zooms or pans."""
        self._anchor: tuple[float, float] | None = None
        """Where the cursor is, as (lon, lat) of an event, so it stays on its marker through zoom and pan."""
        self._selected: Event | None = None
        self._bins: geo.Bins | None = None
        self._bits: tuple[geo.Viewport, bytearray] | None = None
        self._strips: tuple[tuple, list[Strip]] | None = None
        self._styles: dict[str, Style] = {}

    def show(self, events: Sequence[Event]) -> None:
        """Draw these events (the filtered set), fitted to their extent."""
        self._plot = geo.plot(events)
        self._bins = None
        self._strips = None
        self.action_fit()

    def mark(self, event: Event | None) -> None:
        """Highlight the event's marker and put the cursor on it, bringing it into view if it is off the map.

        An event without coordinates takes the cursor away, so the top note can say why nothing lights up.
        """
        self._selected = event
        point = self._point(event)
        self._anchor = point
        if point and self.size.width and self.size.height:  # a hidden pane has no view worth moving
            view = self.viewport
            if view.cell(*point) is None:
                self._set_view(view.centre(*point))
        self.refresh()

    @property
    def viewport(self) -> geo.Viewport:
        """The current view, refitted or resized to the widget as needed."""
        width, height = self._map_size()
        view = self._view
        if view is None or (self._fitted and (view.width, view.height) != (width, height)):
            view = geo.fit(self._plot.points(), width, height, borders.load_borders().region)
        elif (view.width, view.height) != (width, height):
            view = view.resize(width, height)
        self._view = view
        return view

    @property
    def bins(self) -> geo.Bins:
        view = self.viewport
        if self._bins is None or self._bins.view != view:
            self._bins = geo.bin_events(self._plot, view)
        return self._bins

    @property
    def cursor(self) -> geo.Cell | None:
        """The cell of the marker under the cursor, if it is in view."""
        if self._anchor is None:
            return None
        cell = self.viewport.cell(*self._anchor)
        return cell if cell in self.bins.cells else None

    def action_zoom(self, direction: int) -> None:
        """Zooms about the cursor's marker when there is one, so the place being looked at stays put."""
        factor = ZOOM_STEP if direction > 0 else 1 / ZOOM_STEP
        anchor = self._anchor if self.cursor else None
        self._set_view(self.viewport.zoom(factor, *(anchor or (None, None))))

    def action_pan(self, columns: int, rows: int) -> None:
        view = self.viewport
        self._set_view(view.pan(columns * view.width * PAN_SHARE, rows * view.height * PAN_SHARE))

    def action_fit(self) -> None:
        self._fitted = True
        self._view = None
        self.refresh()

    def action_step(self, step: int) -> None:
        """Moves the cursor to the next marker in reading order (left to right, top to bottom), wrapping around."""
        cells = sorted(self.bins.cells, key=lambda cell: (cell[1], cell[0]))
        if not cells:
            return
        current = self.cursor
        if current is None:
            target = cells[0] if step > 0 else cells[-1]
        else:
            target = cells[(cells.index(current) + step) % len(cells)]
        self._cursor_to(target)

    def action_select(self) -> None:
        cell = self.cursor
        if cell is not None:
            indices = sorted(self.bins.indices(cell), key=self._plot.positions.__getitem__)
            self.post_message(self.Selected(tuple(self._plot.events[index].id for index in indices)))

    def on_click(self, click: events.Click) -> None:
        offset = click.get_content_offset(self)
        if offset is None:
            return
        cell = (offset.x, offset.y - self._top_rows())
        if cell in self.bins.cells:
            self._cursor_to(cell)
            self.action_select()

    def _cursor_to(self, cell: geo.Cell) -> None:
        bins = self.bins
        index = bins.keys.index(bins.key(cell))
        self._anchor = (self._plot.lons[index], self._plot.lats[index])
        self.refresh()

    def _set_view(self, view: geo.Viewport) -> None:
        self._fitted = False
        self._view = view
        self.refresh()

    def _top_rows(self) -> int:
        """Rows above the map: one for the cursor note and legend, when the widget is tall enough for notes."""
        return 1 if self.size.height >= 3 else 0

    def _map_size(self) -> tuple[int, int]:
        return self.size.width, self.size.height - 2 * self._top_rows()

    @staticmethod
    def _point(event: Event | None) -> tuple[float, float] | None:
        return event.point if event else None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips = None

    def _style(self, kind: str) -> Style:
        style = self._styles.get(kind)
        if style is None:
            words = kind.split()
            # The first in full, so a translucent theme colour ($text-muted) is blended with the background.
            style = self.get_component_rich_style(f"map--{words[0]}") if words else self.rich_style
            for word in words[1:]:
                style += self.get_component_rich_style(f"map--{word}", partial=True)
            self._styles[kind] = style
        return style

    def _frame(self) -> list[Strip]:
        view = self.viewport
        bins = self.bins
        cursor = self.cursor
        point = self._point(self._selected)
        selected = view.cell(*point) if point else None
        unplaced = self._selected is not None and point is None
        key = (view, cursor, selected, unplaced, self.has_focus, self.size)
        if self._strips is not None and self._strips[0] == key:
            return self._strips[1]
        if self._bits is None or self._bits[0] != view:
            self._bits = (view, borders.raster(borders.load_borders(), view))
        rows = cartography.draw(self._plot, bins, self._bits[1], borders.load_borders(), cursor, selected)
        if self._top_rows():
            top, bottom = cartography.notes(self._plot, bins, cursor, view.width, unplaced)
            rows = [top, *rows, bottom]
        width, base = self.size.width, self.rich_style
        strips = [
            Strip([Segment(text, self._style(kind)) for text, kind in row]).adjust_cell_length(width, base) for row in rows
        ]
        self._strips = (key, strips)
        return strips

    def render_line(self, y: int) -> Strip:
        strips = self._frame()
        return strips[y] if y < len(strips) else Strip.blank(self.size.width, self.rich_style)
