"""The officials' cumulative counts against the attacks the log holds by the same dates: how far the log is from them."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass
from typing import Sequence

from ..core.model import Event, EventLog, ReportedCount


@dataclass(frozen=True)
class Point:
    count: ReportedCount
    logged: int
    """Attacks in the log dated on or before the count's date (an attack dated by month only: its month's first day)."""

    @property
    def gap(self) -> int:
        return self.count.count - self.logged


def reported_against_logged(log: EventLog, events: Sequence[Event] | None = None) -> list[Point]:
    days = sorted(event.date for event in (log.events if events is None else events) if not event.is_response)
    return [Point(count, bisect_right(days, count.as_of)) for count in log.reported_counts]


def logged_by_day(log: EventLog, first: dt.date, last: dt.date, events: Sequence[Event] | None = None) -> list[int]:
    """The cumulative number of logged attacks on each day from first to last."""
    days = sorted(event.date for event in (log.events if events is None else events) if not event.is_response)
    return [bisect_right(days, first + dt.timedelta(days=n)) for n in range((last - first).days + 1)]
