"""What each term of a query tests on an event: text containment, casualty ranges, dates, kinds, marks and
`has:` checks. The language that builds terms from text is query.py's."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Callable

from ..core.model import Event, Figure
from .texts import SEP, normal

NUMBER = re.compile(r"\d{1,9}")
DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
MONTH = re.compile(r"(\d{4})-(\d{2})")
WEEK = re.compile(r"(\d{4})-[Ww](\d{2})")

Test = Callable[[Event, dict[str, str]], bool]

RANGE_TESTS: dict[str, Callable[[Figure, int], bool]] = {
    ">": lambda figure, n: figure[1] > n,
    ">=": lambda figure, n: figure[1] >= n,
    "<": lambda figure, n: figure[0] < n,
    "<=": lambda figure, n: figure[0] <= n,
    "=": lambda figure, n: figure[0] <= n <= figure[1],
}
KIND_TESTS: dict[str, Test] = {
    "attack": lambda event, fields: not event.is_response,
    "response": lambda event, fields: event.is_response,
}
MARKS = ("new", "changed")
"""`is:new`, `is:changed`: against the revision the log is compared with (`--since-rev`); with none, no event is."""
IS_TESTS: dict[str, Test] = {mark: (lambda event, fields, mark=mark: fields.get("is") == mark) for mark in MARKS}
"""They read the mark the caller put in the event's fields (Query.matches' `marks`): whether an event is new is no
property of the event but of the comparison."""
HAS_TESTS: dict[str, Test] = {
    "sources": lambda event, fields: bool(event.cited),  # not `sources`: Source objects made for a yes or no
    "coords": lambda event, fields: event.point is not None,
    "casualties": lambda event, fields: event.casualties.killed is not None or event.casualties.injured is not None,
    "target": lambda event, fields: bool(event.target),
    "weapons": lambda event, fields: bool(event.weapons),
    "country": lambda event, fields: bool(event.country),
    "location": lambda event, fields: bool(event.location and event.location.name),
    "admin1": lambda event, fields: bool(event.location and event.location.admin1),
    "status": lambda event, fields: bool(event.status),
    "day": lambda event, fields: not event.month_only,
}


class QueryError(ValueError):
    """A query that cannot be read; [start, end) is the span of the bad part, for underlining it in place."""

    def __init__(self, message: str, start: int, end: int) -> None:
        super().__init__(message)
        self.message = message
        self.start = start
        self.end = end


def text_test(name: str, op: str, value: str) -> Test:
    needle = normal(value)
    if op == "=":
        needle = SEP + needle + SEP
    return lambda event, fields: needle in fields.get(name, SEP)


def figure_test(name: str, op: str, value: str, span: tuple[int, int]) -> Test:
    if op == ":" and value.lower() in ("?", "unknown"):
        return lambda event, fields: getattr(event.casualties, name) is None
    if not NUMBER.fullmatch(value):
        expected = "a whole number, ? or unknown" if op == ":" else "a whole number"
        raise QueryError(f"bad number '{value}' for {name}: expected {expected}", *span)
    number = int(value)
    within = RANGE_TESTS["=" if op == ":" else op]

    def test(event: Event, fields: dict[str, str]) -> bool:
        figure = getattr(event.casualties, name)
        return figure is not None and within(figure, number)

    return test


def date_test(name: str, value: str, span: tuple[int, int]) -> Test:
    if name == "week":
        match = WEEK.fullmatch(value)
        try:
            if not match:
                raise ValueError
            year, week = int(match.group(1)), int(match.group(2))
            dt.date.fromisocalendar(year, week, 1)
        except ValueError:
            raise QueryError(f"bad week '{value}' for week: expected YYYY-Www, as in week:2024-W03", *span) from None
        return lambda event, fields: not event.month_only and event.date.isocalendar()[:2] == (year, week)
    formats = {"after": (DAY, MONTH), "before": (DAY, MONTH), "on": (DAY,), "month": (MONTH,)}[name]
    match = next((m for m in (pattern.fullmatch(value) for pattern in formats) if m), None)
    if match is None:
        expected = " or ".join("YYYY-MM-DD" if pattern is DAY else "YYYY-MM" for pattern in formats)
        raise QueryError(f"bad date '{value}' for {name}: expected {expected}", *span)
    numbers = [int(part) for part in match.groups()]
    try:
        day = dt.date(numbers[0], numbers[1], numbers[2] if len(numbers) == 3 else 1)
    except ValueError:
        raise QueryError(f"bad date '{value}' for {name}: there is no such {'day' if len(numbers) == 3 else 'month'}", *span) from None
    if name == "after":
        return lambda event, fields: event.date >= day
    if name == "before":
        return lambda event, fields: last_day(event) < day
    if name == "on":
        return lambda event, fields: not event.month_only and event.date == day
    return lambda event, fields: event.date.year == day.year and event.date.month == day.month


def last_day(event: Event) -> dt.date:
    """The latest day the event can be on: the end of its month when only the month is known."""
    if not event.month_only:
        return event.date
    return event.date.replace(day=calendar.monthrange(event.date.year, event.date.month)[1])
