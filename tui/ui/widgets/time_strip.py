"""Events per day as a sparkline over the log's whole span, with a caret under the selected event's day."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Sparkline, Static



MAX_POINTS = 8192
"""Days drawn as they are (22 years); a longer span (a date mistyped centuries off) is drawn from the busiest day of
each stretch of days: the sparkline keeps the busiest of what falls in a column anyway, and measures every point it
holds at each repaint (2.6 million for an event dated 9000)."""


def peaks(counts: list[int]) -> list[int]:
    if len(counts) <= MAX_POINTS:
        return counts
    step = -(-len(counts) // MAX_POINTS)
    return [max(counts[at : at + step]) for at in range(0, len(counts), step)]


class TimeStrip(Vertical):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._first: dt.date | None = None
        self._days = 0
        self._selected: dt.date | None = None

    def compose(self) -> ComposeResult:
        yield Sparkline([], id="spark")
        yield Static("", id="strip-axis", markup=False)

    def show_counts(self, counts: list[int], first: dt.date | None) -> None:
        """counts: the shown events per day from `first` on (LogIndex.per_day over the log's whole span), so a
        filter shows where its events fall on the log's time axis instead of stretching them over the width."""
        self._first = first
        self._days = len(counts)
        spark = self.query_one(Sparkline)
        spark.data = peaks(counts)
        spark.tooltip = f"events per day, busiest day {max(counts, default=0)}"
        self._draw_axis()

    def mark(self, day: dt.date | None) -> None:
        self._selected = day
        self._draw_axis()

    def on_resize(self) -> None:
        self._draw_axis()

    def _draw_axis(self) -> None:
        axis = self.query_one("#strip-axis", Static)
        width = axis.size.width
        if not self._first or width < 10:
            axis.update("")
            return
        last = self._first + dt.timedelta(days=self._days - 1)
        line = [" "] * width
        marker = range(0)
        if self._selected and self._first <= self._selected <= last:
            column = min(width - 1, (self._selected - self._first).days * width // self._days)
            label = f"▲ {self._selected.isoformat()}"
            start = column
            if column + len(label) > width:
                label = f"{self._selected.isoformat()} ▲"
                start = column - len(label) + 1
            marker = range(start - 1, start + len(label) + 1)
            line[start: start + len(label)] = label
        for text, start in ((self._first.isoformat(), 0), (last.isoformat(), width - len(last.isoformat()))):
            if start not in marker and start + len(text) - 1 not in marker:
                line[start: start + len(text)] = text
        axis.update("".join(line))
