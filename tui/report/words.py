"""Phrases both report formats and `sitrep diff` use: an event in a line, its casualties, which links are safe."""

from __future__ import annotations

from typing import Callable

from ..ask.changes import EventChange, LogChanges
from ..ask.reported import Point
from ..core.describe import figure_text, one_line, printable
from ..core.model import Event


def casualty_words(event: Event) -> str:
    """`killed 0, injured 2–4`; a figure no source gives is `?`, never 0; neither given: `casualties not given`."""
    killed, injured = event.casualties.killed, event.casualties.injured
    if killed is None and injured is None:
        return "casualties not given"
    return f"killed {figure_text(killed)}, injured {figure_text(injured)}"


def event_line(event: Event) -> str:
    """`2024-01-20 missile attack: IRI → Ain al-Asad Air Base · Al Anbar (id)`, one line of plain text."""
    return " ".join(f"{printable(one_line(event))} ({printable(event.id)})".split())


def change_summary(change: EventChange) -> str:
    """`casualties.injured: 3 → [3, 5]; sources: +1`."""
    return " ".join("; ".join(printable(field.text()) for field in change.fields).split())


def counts_line(changes: LogChanges) -> str:
    return f"{len(changes.added)} added, {len(changes.removed)} removed, {len(changes.changed)} changed"


HEADLINE_COLUMNS = ["", "this period", "previous period", "change"]


def reported_sentence(point: Point | None, strong: Callable[[str], str], cite: Callable[[str, str | None], str], escape: Callable[[str], str]) -> str:
    """The latest official count against the attacks logged by its date, with the markup of a format."""
    if point is None:
        return "No official count was reported by the end of the period."
    source = point.count.source
    cited = f" ({cite(source.title, source.url)})" if source else ""
    return (f"Latest official count: {strong(escape(point.count.label()))}{cited}; attacks logged by then: {strong(str(point.logged))}; "
            f"gap: {strong(f'{point.gap:+d}')}.")
