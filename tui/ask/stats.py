"""`sitrep stats`: the tallies, the reported counts against the logged ones, and the response lags, as plain text
or as rows for the table writers (export/tables.py)."""

from __future__ import annotations

from typing import Any, Sequence

from ..core.describe import counted, distinct_labels
from ..core.model import Event, EventLog
from .chain import gap_text
from .lags import lags_by_actor
from .pivot import pivot
from .reported import reported_against_logged
from .tally import FigureSum, dimensions_for, tally, totals


def headline(log: EventLog, events=None, summary=None, total: bool = False) -> str:
    """`logged 29 attacks, 3 responses · reported >151 as of 2024-01-22`: the log's own count beside the official one.

    `summary`: totals(events) when already known (LogIndex.totals), so they are not counted again; `total`: the
    number of events first (`logged 32 events: 29 attacks, ...`), where the line has the room."""
    events = log.events if events is None else events
    summary = summary or totals(events)
    sides = f"{counted(summary.attacks, 'attack')}, {counted(summary.responses, 'response')}"
    text = f"logged {counted(len(events), 'event')}: {sides}" if total else f"logged {sides}"
    latest = log.latest_reported()
    if latest:
        text += f" · reported {latest.label()}"
    return text


def figure_fields(name: str, figure: FigureSum | None) -> dict[str, Any]:
    figure = figure or FigureSum()
    return {name: figure.short(), f"{name}_low": figure.low, f"{name}_high": figure.high, f"{name}_unknown": figure.unknown}


LABEL_WIDTH = 44
"""Labels of the text tables are cut here (with …); --format csv or json gives them whole."""


def rows_by(log: EventLog, events: Sequence[Event], by: Sequence[str]) -> list[dict[str, Any]]:
    """One `--by`: a row per group (group, count, share, killed, injured with their low, high and unknown);
    two: a row per pair of groups (group, column, count), the pivot."""
    if len(by) == 1:
        return [
            {"group": row.key, "count": row.count, "share": round(row.share, 4), **figure_fields("killed", row.killed),
             **figure_fields("injured", row.injured)}
            for row in tally(events, by[0], vocabulary=log.vocabulary)
        ]
    table = pivot(events, by[0], by[1], log.vocabulary)
    return [{"group": row, "column": column, "count": table.count(row, column)} for row in table.rows for column in table.columns]


def table_text(log: EventLog, events: Sequence[Event], by: Sequence[str]) -> str:
    if len(by) == 1:
        rows = tally(events, by[0], vocabulary=log.vocabulary)
        width = min(LABEL_WIDTH, max((len(row.key) for row in rows), default=5))
        lines = [f"{'group':<{width}}  {'n':>5}  {'%':>4}  {'killed':>10}  {'injured':>10}"]
        lines += [
            f"{label:<{width}}  {row.count:>5}  {row.share:>4.0%}  {row.killed.short():>10}  {row.injured.short():>10}"
            for row, label in zip(rows, distinct_labels([row.key for row in rows], width))
        ]
        return "\n".join(lines)
    table = pivot(events, by[0], by[1], log.vocabulary)
    width = min(LABEL_WIDTH, max((len(row) for row in (*table.rows, "total")), default=5))
    widths = [max(len(column), 3) for column in table.columns]
    lines = [f"{by[0] + ' / ' + by[1]:<{width}}  " + "  ".join(f"{c:>{w}}" for c, w in zip(table.columns, widths)) + "  total"]
    for row, label in zip(table.rows, distinct_labels(list(table.rows), width)):
        cells = "  ".join(f"{table.count(row, c):>{w}}" for c, w in zip(table.columns, widths))
        lines.append(f"{label:<{width}}  {cells}  {table.row_totals[row]:>5}")
    cells = "  ".join(f"{table.column_totals[c]:>{w}}" for c, w in zip(table.columns, widths))
    lines.append(f"{'total':<{width}}  {cells}  {table.total:>5}")
    return "\n".join(lines)


def stats_text(log: EventLog, top: int = 10, events: Sequence[Event] | None = None, where: str = "", every: bool = False) -> str:
    """The tallies of `events` (default: the whole log); `where` is the query that selected them, if any;
    `every`: each dimension's rows in full instead of the top ones."""
    events = log.events if events is None else events
    summary = totals(events)
    lines = [log.title or log.path]
    if where:
        lines.append(f"where {where}: {len(events)} of {len(log.events)} events")
    lines += [
        headline(log, events, summary, total=True),
        *(
            f"{side}: " + (" · ".join(f"{name} {figure}" for name, figure in figures) if count else f"no {side} shown")
            for side, count, figures in summary.sides()
        ),
    ]
    if log.problems:
        lines.append(f"{counted(len(log.problems), 'problem')} (run `sitrep check {log.path}`)")
    for dimension in dimensions_for(log.vocabulary):
        rows = tally(events, dimension, vocabulary=log.vocabulary)
        shown = rows if every else rows[:top]
        lines += ["", f"by {dimension}:"]
        width = min(LABEL_WIDTH, max((len(row.key) for row in shown), default=0))
        for row, label in zip(shown, distinct_labels([row.key for row in shown], width)):
            lines.append(f"  {label:<{width}}  {row.count:>5}  {row.share:>4.0%}  killed {row.killed.short():<8} injured {row.injured.short()}")
        if len(rows) > len(shown):
            lines.append(f"  … {len(rows) - len(shown)} more (--all lists them)")
    points = reported_against_logged(log, events)
    if points:
        lines += ["", "reported against logged attacks (date, reported, logged by then, gap, source):"]
        for point in points:
            source = point.count.source.title if point.count.source and point.count.source.title else ""
            lines.append(f"  {point.count.as_of}  {point.count.figure():>6}  {point.logged:>6}  {point.gap:>+6}  {source}".rstrip())
    lags = lags_by_actor(log)
    if lags:
        lines += ["", "response lag (attack to the response that answered it):"]
        for found in lags:
            if found.gaps:
                spread = f"median {gap_text(found.median)}, min {gap_text(found.gaps[0])}, max {gap_text(found.gaps[-1])}"
            else:
                spread = "no gap known"
            unknown = f", {found.unknown} unknown" if found.unknown else ""
            lines.append(f"  {found.actor}: {counted(len(found.gaps) + found.unknown, 'link')}, {spread}{unknown}")
    return "\n".join(lines)


