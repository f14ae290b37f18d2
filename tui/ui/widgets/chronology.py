"""Every event in date order, one line each, under a separator per day.

Built on the Line API: only the rows on screen are drawn, and the rows are laid out per day (DayLayout),
so showing 100,000 events costs what showing their days costs. (Keeping the selection across a filter
still looks for its id among the shown events.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from bisect import bisect_right
from itertools import accumulate
from typing import Mapping, Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..actions import CHRONOLOGY, bindings
from ...ask.changes import CHANGED, NEW
from ...ask.hits import Hits
from ...ask.tally import DayGroups, day_runs
from ...core.describe import casualty_text, day_phrase, place_text, printable, who_text
from ...core.model import Event


class DayLayout:
    """The chronology's rows, a separator above each day's run of events, without an object per row: a filter
    that keeps 100,000 events lays out its 5,000 days, and a row is found by bisecting them."""

    def __init__(self, groups: Sequence[tuple[dt.date, bool, int]], first_day: dt.date | None = None) -> None:
        """`first_day`: day 1 of the log, so a filter does not restart the count (default: the first group's)."""
        self.groups = groups
        self.first_day = first_day or (groups[0][0] if groups else None)
        counts = groups.counts if isinstance(groups, DayGroups) else [count for _, _, count in groups]
        self.first_event = [0, *accumulate(counts)][:-1]
        """Position of each day's first event."""
        self.separator_row = [first + day for day, first in enumerate(self.first_event)]
        self.rows = sum(counts) + len(groups)

    def row_of(self, position: int) -> int:
        """The row of the event at `position`."""
        return position + bisect_right(self.first_event, position)

    def at(self, row: int) -> tuple[int, int | None]:
        """(day, position of the event) on a row; the position is None on the day's separator."""
        day = bisect_right(self.separator_row, row) - 1
        offset = row - self.separator_row[day]
        return day, (self.first_event[day] + offset - 1 if offset else None)

    def label(self, day: int) -> str:
        date, month_only, count = self.groups[day]
        shown = f"{date.isoformat()} {date.strftime('%a')} · {day_phrase(date, False, self.first_day)}" if not month_only else f"{date.strftime('%Y-%m')} (day unknown)"
        return f"{shown} · {count} event{'s' if count > 1 else ''}"


class Chronology(ScrollView, can_focus=True):
    BINDINGS = bindings(CHRONOLOGY)
    COMPONENT_CLASSES = {
        "chronology--day",
        "chronology--cursor",
        "chronology--attack",
        "chronology--response",
        "chronology--killed",
        "chronology--injured",
        "chronology--dim",
        "chronology--fresh",
        "chronology--since",
        "chronology--hit",
    }

    class Selected(Message):
        """The cursor moved to an event (or to none, when the list is empty)."""

        def __init__(self, event: Event | None) -> None:
            super().__init__()
            self.event = event

    class Opened(Message):
        """The user asked to read the event under the cursor."""

    events: reactive[tuple[Event, ...]] = reactive((), always_update=True)
    cursor = reactive(0, repaint=False)
    """Repainted by watch_cursor: only the two rows that change, unless the pane scrolled."""
    hits: reactive[Hits] = reactive(Hits())
    """Positions of the events that match the search."""
    fresh: reactive[Mapping[str, str]] = reactive(dict)
    """Events that a reload brought in or changed (id -> `new` or `changed`), marked for a while."""
    since: reactive[Mapping[str, str]] = reactive(dict)
    """Events added or changed since the revision the log is compared with (`--since-rev`), marked while it is."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._layout = DayLayout(())
        self._groups = None
        self._first_day: dt.date | None = None
        self._keep: int | None = None
        self._widest: tuple[tuple, tuple[int, int]] = ((), (0, 0))
        """(layout, top row, height) -> the widest place and figures on those rows, for one drawing of the screen."""

    def show(self, events, groups, keep: int | None = None, first_day: dt.date | None = None) -> None:
        """events, with their day runs already counted (LogIndex.day_groups): no walk over every event. The cursor
        goes on the event at `keep` (LogIndex.position_in), else on the first; either way one Selected is posted.
        `first_day`: the log's day 1, which the separators count from."""
        self._groups = groups
        self._first_day = first_day
        self._keep = keep
        self.events = events

    def watch_events(self, events: tuple[Event, ...]) -> None:
        groups, self._groups = self._groups, None
        keep, self._keep = self._keep, None
        self._layout = DayLayout(groups if groups is not None else day_runs(events), self._first_day)
        self.virtual_size = Size(self.size.width, self._layout.rows)
        self.border_subtitle = f"{len(events)} events"
        self.set_reactive(Chronology.cursor, keep or 0)
        self._scroll_to_cursor()
        self.refresh()
        self._announce()

    @property
    def current(self) -> Event | None:
        return self.events[self.cursor] if self.events else None

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self.events) - 1))

    def watch_cursor(self, before: int, cursor: int) -> None:
        if self.events:
            top = self.scroll_offset.y
            self._scroll_to_cursor()
            if self.scroll_offset.y == top and before < len(self.events):
                # Not scrolled: only the rows the cursor left and reached change (a whole pane is ~40 rows of work).
                self.refresh_line(self._layout.row_of(before))
                self.refresh_line(self._layout.row_of(cursor))
            else:
                self.refresh()
            self._announce()

    def title_day(self, day: str) -> None:
        """`Chronology · day N` on the border; set only when it changes: setting a border title repaints the whole pane."""
        title = f"Chronology · {day}"
        if self.border_title != title:
            self.border_title = title

    def show_cursor(self) -> None:
        """Scroll the selected event into view (after the pane changed size: zoomed, or given back)."""
        self._scroll_to_cursor()
        self.refresh()

    def _scroll_to_cursor(self) -> None:
        if self.events:
            row = self._layout.row_of(self.cursor)
            top = row - 1 if self._layout.at(row - 1)[1] is None else row  # the day's first event: its separator too
            self.scroll_to_region(Region(0, top, 1, row - top + 1), animate=False, immediate=True)

    def _announce(self) -> None:
        self.post_message(self.Selected(self.current))

    def action_move(self, step: int) -> None:
        self.cursor += step

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.scrollable_content_region.height - 2)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.events) - 1

    def action_open(self) -> None:
        if self.events:
            self.post_message(self.Opened())

    def on_click(self, click) -> None:
        row = self.scroll_offset.y + click.y
        if 0 <= row < self._layout.rows:
            position = self._layout.at(row)[1]
            if position is not None:
                self.cursor = position

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row_index = self.scroll_offset.y + y
        if row_index >= self._layout.rows:
            return Strip.blank(width, self.rich_style)
        day, row = self._layout.at(row_index)
        if row is None:
            style = self.get_component_rich_style("chronology--day")
            label = f"── {self._layout.label(day)} "
            return Strip([Segment(printable(label) + "─" * max(0, width - len(label)), style)]).crop(0, width)
        cursor = self.get_component_rich_style("chronology--cursor", partial=True) if row == self.cursor else Style()
        base = self.rich_style + cursor
        return Strip(self._event_segments(self.events[row], row, cursor, width)).crop(0, width).extend_cell_length(width, base)

    def _event_segments(self, event: Event, position: int, cursor: Style, width: int) -> list[Segment]:
        """Fixed columns at both ends (mark, time, side; place, casualties) and the free text between them, cut
        with … so the figures never fall off the edge. The cursor's style goes on top, as in a DataTable; the
        ▲/▼ glyph still tells attack from response."""

        def styled(text: str, component: str | None = None) -> Segment:
            # Full component styles, so translucent theme colours ($text-muted) are blended with the background.
            style = self.get_component_rich_style(component) if component else self.rich_style
            return Segment(text, style + cursor)

        kind = "chronology--response" if event.is_response else "chronology--attack"
        fresh, since = self.fresh.get(event.id), self.since.get(event.id)
        if fresh:
            mark = styled(MARKS[fresh], "chronology--fresh")
        elif position in self.hits:
            mark = styled("›", "chronology--hit")
        elif since:
            mark = styled(MARKS[since], "chronology--since")
        else:
            mark = styled(" ")
        columns = row_columns(width, *self._widest_on_screen())
        free = width - LEAD - columns.place - columns.casualties
        kind_text = fit(printable(event.type), free, pad=False)
        segments = [
            mark,
            styled(f"{event.time or '     '} ", "chronology--dim"),
            styled("▼ " if event.is_response else "▲ ", kind),
            styled(kind_text, kind),
            styled(fit("  " + printable(who_text(event)), free - cell_len(kind_text))),
        ]
        if columns.place:
            segments.append(styled(" " + fit(printable(shown_place(event)), columns.place - 1), "chronology--dim"))
        if columns.casualties:
            figures = fit(casualty_text(event.casualties), columns.casualties - 1, pad=False)
            segments.append(styled(" " * (columns.casualties - cell_len(figures))))
            for index, part in enumerate(figures.split(" ")):
                segments.append(styled(("" if index == 0 else " ") + part, "chronology--killed" if part[:1] == "k" else "chronology--injured"))
        return segments


    def _widest_on_screen(self) -> tuple[int, int]:
        """The widest place and figures of the events on screen: their columns take no more, so short figures
        leave the actor its room. Counted once per drawing (every row asks), from the rows in view alone."""
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        key = (self._layout, top, height)
        if self._widest[0] != key:
            rows = (self._layout.at(row)[1] for row in range(top, min(top + height, self._layout.rows)))
            shown = [self.events[position] for position in rows if position is not None]
            place = max((cell_len(printable(shown_place(event))) for event in shown), default=0)
            figures = max((cell_len(casualty_text(event.casualties)) for event in shown), default=0)
            self._widest = (key, (place, figures))
        return self._widest[1]


def shown_place(event: Event) -> str:
    """The place a row names: none where it is the target, which the row already names."""
    place = place_text(event)
    return place if place and place != event.target else ""


MARKS = {NEW: "+", CHANGED: "~"}
"""The same two marks for a reload (bold, for a while) and for a revision compared with (steady)."""
LEAD = 9
"""Mark, time and side glyph: `›05:45 ▲ `."""


@dataclass(frozen=True)
class Columns:
    place: int
    casualties: int


def row_columns(width: int, place: int = 20, figures: int = 13) -> Columns:
    """The fixed columns a row of `width` cells has room for: the casualties first, then the place, each no wider
    than its widest text (`place`, `figures`) and a space before it needs."""
    casualties = 0 if width < LEAD + 11 + 12 or not figures else min(11 if width < 56 else 14, figures + 1)
    room = min(20, (width - LEAD - casualties) // 4, place + 1 if place else 0) if width >= 64 else 0
    return Columns(room, casualties)


def fit(text: str, width: int, pad: bool = True) -> str:
    """`text` in `width` cells: cut with … when longer, padded with spaces (with `pad`) when shorter."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width) if pad else text
