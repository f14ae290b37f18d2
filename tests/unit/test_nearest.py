"""The event meant by a date (jump to date) or by a line (jump to a problem)."""

from __future__ import annotations

import datetime as dt

from sitrep.ask.nearest import event_at_line, nearest_by_date
from sitrep.core.model import Event


def event(id: str, day: str, line: int) -> Event:
    return Event(id=id, date=dt.date.fromisoformat(day), type="t", actor="A", line=line)


EVENTS = (event("a", "2024-01-01", 3), event("b", "2024-01-05", 9), event("c", "2024-01-09", 15))


def test_nearest_by_date_takes_the_closest_and_the_first_of_a_tie() -> None:
    assert nearest_by_date(EVENTS, dt.date(2024, 1, 6)) == 1
    assert nearest_by_date(EVENTS, dt.date(2024, 1, 3)) == 0  # two days from a and from b: the first
    assert nearest_by_date(EVENTS, dt.date(2030, 1, 1)) == 2
    assert nearest_by_date((), dt.date(2024, 1, 1)) is None


def test_event_at_line_is_the_entry_holding_it() -> None:
    assert event_at_line(EVENTS, 12).id == "b"
    assert event_at_line(EVENTS, 15).id == "c"
    assert event_at_line(EVENTS, 1).id == "a"  # the header: the first entry
    assert event_at_line((), 5) is None
