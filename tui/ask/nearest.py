"""Finding the event a user means by a date or a line: the jump to a date, and the jump to a problem."""

from __future__ import annotations

import datetime as dt
from typing import Sequence

from ..core.model import Event


def nearest_by_date(events: Sequence[Event], day: dt.date) -> int | None:
    """The position of the event closest to `day` (the first of equals), None when there are none."""
    if not events:
        return None
    return min(range(len(events)), key=lambda i: (abs((events[i].date - day).days), i))


def event_at_line(events: Sequence[Event], line: int) -> Event | None:
    """The event whose entry holds `line`: the last one starting at or before it, else the first in the file."""
    if not events:
        return None
    before = [event for event in events if event.line <= line]
    return max(before, key=lambda e: e.line) if before else min(events, key=lambda e: e.line)
