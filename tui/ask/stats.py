"""`sitrep stats`: the tallies as plain text."""

from __future__ import annotations

from typing import Sequence

from ..core.model import Event, EventLog
from .tally import DIMENSIONS, tally, totals


def counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def headline(log: EventLog, events=None, summary=None) -> str:
    """`logged 29 attacks, 3 responses · reported >151 as of 2024-01-22`: the log's own count beside the official one.

    `summary`: totals(events) when already known (LogIndex.totals), so they are not counted again."""
    events = log.events if events is None else events
    summary = summary or totals(events)
    text = f"logged {counted(summary.attacks, 'attack')}, {counted(summary.responses, 'response')}"
    latest = log.latest_reported()
    if latest:
        text += f" · reported {latest.label()}"
    return text


def stats_text(log: EventLog, top: int = 10, events: Sequence[Event] | None = None, where: str = "") -> str:
    """The tallies of `events` (default: the whole log); `where` is the query that selected them, if any."""
    events = log.events if events is None else events
    summary = totals(events)
    lines = [log.title or log.path]
    if where:
        lines.append(f"where {where}: {len(events)} of {len(log.events)} events")
    lines += [
        headline(log, events, summary),
        f"attacks: killed {summary.killed} · injured {summary.injured}",
        f"responses: killed {summary.response_killed}",
    ]
    if log.problems:
        lines.append(f"{len(log.problems)} problems (run `sitrep check {log.path}`)")
    for dimension in DIMENSIONS:
        if dimension == "week":
            continue
        rows = tally(events, dimension)
        lines += ["", f"by {dimension}:"]
        width = max((len(row.key) for row in rows[:top]), default=0)
        for row in rows[:top]:
            lines.append(f"  {row.key:<{width}}  {row.count:>5}  {row.share:>4.0%}")
        if len(rows) > top:
            lines.append(f"  … {len(rows) - top} more")
    return "\n".join(lines)
