"""Counts and sums over a set of events: the numbers the tallies pane and `sitrep stats` show."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from typing import Iterable, Sequence

from ..core.model import Event, Figure

DIMENSIONS = ("type", "actor", "target", "country", "weapon", "month", "week")
UNKNOWN = "(not given)"


def month_key(date: dt.date) -> str:
    return f"{date.year:04d}-{date.month:02d}"


def week_key(date: dt.date) -> str:
    year, week, _ = date.isocalendar()
    return f"{year}-W{week:02d}"


def keys_for(event: Event, dimension: str) -> tuple[str, ...]:
    """The groups an event falls in; an event with several weapons counts once under each."""
    if dimension == "weapon":
        return event.weapons or (UNKNOWN,)
    if dimension == "month":
        return (month_key(event.date),)
    if dimension == "week":
        return (UNKNOWN,) if event.month_only else (week_key(event.date),)
    value = event.country if dimension == "country" else getattr(event, dimension)
    return (value or UNKNOWN,)


@dataclass(frozen=True)
class TallyRow:
    key: str
    count: int
    share: float


def tally(events: Sequence[Event], dimension: str, by: str = "count") -> list[TallyRow]:
    """Rows by count (largest first) or by name; shares are of the events, so weapons may add past 100%."""
    counts = Counter(key for event in events for key in keys_for(event, dimension))
    total = len(events) or 1
    return ordered([TallyRow(key, count, count / total) for key, count in counts.items()], dimension, by)


def ordered(rows: Iterable[TallyRow], dimension: str, by: str) -> list[TallyRow]:
    """Months and weeks in time order; other keys by count (largest first) or by name; unknown last."""
    if dimension in ("month", "week"):
        return sorted(rows, key=lambda row: (row.key == UNKNOWN, row.key))
    if by == "name":
        return sorted(rows, key=lambda row: (row.key == UNKNOWN, row.key.casefold(), row.key))
    return sorted(rows, key=lambda row: (-row.count, row.key == UNKNOWN, row.key.casefold()))


@dataclass(frozen=True)
class FigureSum:
    """A casualty total: the sum of lows and of highs over events that give the figure, and how many do not."""

    low: int = 0
    high: int = 0
    unknown: int = 0
    reported: int = 0

    def __str__(self) -> str:
        return self.total + (f" (+{self.unknown} unknown)" if self.unknown else "")

    @property
    def total(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"

    def short(self) -> str:
        """`6–7 +3?`: for tight places; `?` counts the events that give no figure."""
        if self.unknown and not self.reported:
            return "?"
        return self.total + (f" +{self.unknown}?" if self.unknown else "")


def sum_figures(figures: Iterable[Figure | None]) -> FigureSum:
    low = high = unknown = reported = 0
    for figure in figures:
        if figure is None:
            unknown += 1
        else:
            reported += 1
            low += figure[0]
            high += figure[1]
    return FigureSum(low, high, unknown, reported)


@dataclass(frozen=True)
class Totals:
    events: int
    attacks: int
    responses: int
    killed: FigureSum
    injured: FigureSum
    response_killed: FigureSum


def totals(events: Sequence[Event]) -> Totals:
    """Casualties of attacks and of responses are kept apart: they fall on different sides."""
    attacks = [event for event in events if not event.is_response]
    responses = [event for event in events if event.is_response]
    return Totals(
        events=len(events),
        attacks=len(attacks),
        responses=len(responses),
        killed=sum_figures(event.casualties.killed for event in attacks),
        injured=sum_figures(event.casualties.injured for event in attacks),
        response_killed=sum_figures(event.casualties.killed for event in responses),
    )


def per_day(events: Sequence[Event], first: dt.date | None = None, last: dt.date | None = None) -> list[int]:
    """Events per calendar day from first to last, zeros included, for the time strip."""
    dated = [event.date for event in events if not event.month_only]
    if not dated:
        return []
    first = first or min(dated)
    last = last or max(dated)
    counts = [0] * ((last - first).days + 1)
    for day in dated:
        if first <= day <= last:
            counts[(day - first).days] += 1
    return counts


def day_runs(events: Sequence[Event]) -> list[tuple[dt.date, bool, int]]:
    """(date, month only, count) of each day's run of events, in order: the chronology's separators
    (LogIndex.day_groups gives the same for a mask without walking the events)."""
    return [(date, month_only, sum(1 for _ in run)) for (date, month_only), run in groupby(events, key=lambda e: (e.date, e.month_only))]
