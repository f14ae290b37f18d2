"""Finding the event a user means by a date or a line: the jump to a date, and the event a problem is in."""

from __future__ import annotations

import datetime as dt
from typing import Sequence

from ..core.model import Event, Problem


def nearest_by_date(events: Sequence[Event], day: dt.date) -> int | None:
    """The position of the event closest to `day` (the first of equals), None when there are none."""
    if not events:
        return None
    return min(range(len(events)), key=lambda i: (abs((events[i].date - day).days), i))


LOST = (" skipped", "YAML syntax", "unresolved git merge conflict")
"""Words of the readers' messages for an entry that was not loaded (the readers share these messages)."""


def event_of_problem(events: Sequence[Event], problem: Problem) -> Event | None:
    """The loaded event whose entry holds the problem's line; None for a problem that cost its entry, or one in
    the file's header, so the user is told instead of being put on a neighbouring event."""
    if any(word in problem.message for word in LOST):
        return None
    before = [event for event in events if event.file == problem.file and event.line <= problem.line]
    return max(before, key=lambda e: e.line) if before else None
