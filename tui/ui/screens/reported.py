"""Reported against logged: the officials' cumulative counts and the log's cumulative attacks on one time axis."""

from __future__ import annotations


from typing import Sequence

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..actions import REPORTED, bindings
from ...ask.reported import Point, logged_by_day
from ...core.describe import printable
from ...core.model import Event, EventLog

CHART_ROWS = 12


def chart(log: EventLog, points: list[Point], width: int, events: Sequence[Event]) -> Content:
    """Logged attacks (·, cumulative, one column per span of days) and reported counts (◆ at their dates), scaled to
    the larger; the y axis labelled with the top and half values, the x axis with the first and last dates."""
    dated = [event.date for event in events] or [event.date for event in log.events]
    first = min([*dated, *(point.count.as_of for point in points)])
    last = max([*dated, *(point.count.as_of for point in points)])
    width = max(10, width - 8)
    span = max(1, -(-((last - first).days + 1) // width))
    logged = logged_by_day(log, first, last, events)
    columns = [logged[min(len(logged) - 1, n * span + span - 1)] for n in range(-(-len(logged) // span))]
    top = max([*columns, *(point.count.count for point in points), 1])
    grid = [[" "] * len(columns) for _ in range(CHART_ROWS)]

    def row_of(value: int) -> int:
        return CHART_ROWS - 1 - round(value / top * (CHART_ROWS - 1))

    for x, value in enumerate(columns):
        grid[row_of(value)][x] = "·"
    for point in points:
        grid[row_of(point.count.count)][min(len(columns) - 1, (point.count.as_of - first).days // span)] = "◆"
    parts: list = []
    for y, row in enumerate(grid):
        label = str(top) if y == 0 else str(top // 2) if y == row_of(top // 2) else ""
        parts.append(f"{label:>6} │")
        for char in row:
            parts.append((char, "$text-warning bold") if char == "◆" else (char, "$text-accent") if char == "·" else char)
        parts.append("\n")
    parts.append(f"{'0':>6} └" + "─" * len(columns) + "\n")
    axis = first.isoformat() + " " * max(1, len(columns) - 20) + last.isoformat()
    parts.append(" " * 8 + axis + "\n")
    parts += [("  ◆", "$text-warning bold"), " reported (cumulative, as officials gave it)   ", ("·", "$text-accent"),
              f" logged attacks by then · one column = {span} day{'s' if span > 1 else ''}\n"]
    return Content.assemble(*parts)


def table(points: list[Point]) -> Content:
    parts: list = [("\n  as of        reported   logged      gap   source\n", "bold")]
    for point in points:
        source = point.count.source.title if point.count.source and point.count.source.title else ""
        parts.append(f"  {point.count.as_of.isoformat()}  {point.count.figure():>9}  {point.logged:>7}  {point.gap:>+7}   ")
        parts.append(printable(source) + "\n")
    return Content.assemble(*parts)


class ReportedScreen(ModalScreen[None]):
    BINDINGS = bindings(REPORTED)

    def __init__(self, log: EventLog, points: list[Point], events: Sequence[Event], filtered: bool) -> None:
        """`points` and the chart count the `events` shown: an official count's scope (Iraq and Syria, say) is
        matched by filtering to it (`-tag:red-sea`) before pressing R."""
        super().__init__()
        self.event_log = log
        self.points = points
        self.events = events
        self.filtered = filtered

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="reported-body") as body:
            body.border_title = "Reported against logged · Esc closes"
            body.border_subtitle = (
                f"logged: the {len(self.events)} events shown" if self.filtered
                else "logged: every event of the log; filter first to match a count's scope"
            )
            if not self.points:
                yield Static("The log holds no reported_counts: nothing to set the logged attacks against.", markup=False)
                return
            yield Static(id="reported-chart", markup=False)
            yield Static(table(self.points), id="reported-table", markup=False)

    def on_mount(self) -> None:
        if self.points:
            self.query_one("#reported-chart", Static).update(chart(self.event_log, self.points, self.size.width - 4, self.events))

    def on_resize(self) -> None:
        self.on_mount()


