"""Counts and sums over a set of events: the numbers the tallies pane and `sitrep stats` show."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from typing import Iterable, Mapping, Sequence

from ..core.model import Event, Figure
from ..core.vocabulary import EMPTY, GROUPED, NO_GROUP, Vocabulary

DIMENSIONS = (
    "type", "type-group", "actor", "actor-group", "target", "target-group", "place", "admin1", "country",
    "weapon", "weapon-group", "status", "month", "week",
)
"""Every tally dimension; a `-group` one only where the log's vocabulary gives that field groups (dimensions_for)."""
UNKNOWN = "(not given)"
PERIODS = ("month", "week")


def dimensions_for(vocabulary: Vocabulary = EMPTY) -> tuple[str, ...]:
    return tuple(name for name in DIMENSIONS if name not in GROUPED or vocabulary.has_groups(GROUPED[name]))


def month_key(date: dt.date) -> str:
    return f"{date.year:04d}-{date.month:02d}"


def week_key(date: dt.date) -> str:
    year, week, _ = date.isocalendar()
    return f"{year}-W{week:02d}"


def key_of(event: Event, dimension: str, vocabulary: Vocabulary = EMPTY) -> str | tuple[str, ...]:
    """The group an event falls in (for weapon: a tuple, an event with several weapons counting once under each).
    Values a vocabulary covers count under their canonical value; a `-group` dimension under the value's group."""
    if dimension in GROUPED:
        name = GROUPED[dimension]
        if name == "weapons":
            return tuple(dict.fromkeys(vocabulary.group(name, weapon) or NO_GROUP for weapon in event.weapons)) or (UNKNOWN,)
        written = getattr(event, name)
        return (vocabulary.group(name, written) or NO_GROUP) if written else UNKNOWN
    if dimension == "weapon":
        return tuple(dict.fromkeys(vocabulary.canonical("weapons", weapon) for weapon in event.weapons)) or (UNKNOWN,)
    if dimension == "month":
        return month_key(event.date)
    if dimension == "week":
        return UNKNOWN if event.month_only else week_key(event.date)
    if dimension in ("type", "actor", "target"):
        return vocabulary.canonical(dimension, getattr(event, dimension)) or UNKNOWN
    location = event.location
    if dimension == "place":
        return (location.name if location else None) or UNKNOWN
    if dimension == "admin1":
        return (location.admin1 if location else None) or UNKNOWN
    if dimension == "country":
        return event.country or UNKNOWN
    if dimension == "status":
        return event.status or UNKNOWN
    raise ValueError(f"unknown dimension {dimension!r}")


def keys_for(event: Event, dimension: str, vocabulary: Vocabulary = EMPTY) -> tuple[str, ...]:
    key = key_of(event, dimension, vocabulary)
    return key if isinstance(key, tuple) else (key,)


@dataclass(frozen=True)
class TallyRow:
    key: str
    count: int
    share: float
    killed: FigureSum | None = None
    injured: FigureSum | None = None
    """Casualty sums of the row's events (None where not computed, as in a cached preview)."""


SORTS = ("count", "name", "killed", "injured")


def tally(events: Sequence[Event], dimension: str, by: str = "count", vocabulary: Vocabulary = EMPTY) -> list[TallyRow]:
    """Rows by count (largest first), name, killed or injured; shares are of the events, so weapons may add past 100%."""
    groups: dict[str, list[Event]] = {}
    for event in events:
        for key in keys_for(event, dimension, vocabulary):
            groups.setdefault(key, []).append(event)
    total = len(events) or 1
    rows = [
        TallyRow(key, len(members), len(members) / total, sum_figures(e.casualties.killed for e in members),
                 sum_figures(e.casualties.injured for e in members))
        for key, members in groups.items()
    ]
    return ordered(rows, dimension, by)


def periods(first: str, last: str, dimension: str) -> list[str]:
    """Every month or ISO week from first to last (keys as month_key and week_key write them)."""
    if dimension == "month":
        year, month = map(int, first.split("-"))
        keys = [first]
        while keys[-1] < last:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            keys.append(f"{year:04d}-{month:02d}")
        return keys
    start = dt.date.fromisocalendar(int(first[:4]), int(first[6:]), 1)
    keys = [first]
    while keys[-1] < last:
        start += dt.timedelta(days=7)
        keys.append(week_key(start))
    return keys


MAX_FILLED = 10_000
"""Most periods a month or week tally fills with zero rows: 190 years of weeks. Past it (a date mistyped centuries
off: 364,000 weeks from 2023 to 9024, seconds to build and show) only the periods with events are rows."""


def span(first: str, last: str, dimension: str) -> int:
    """How many months or weeks run from first to last, both counted."""
    if dimension == "month":
        return int(last[:4]) * 12 + int(last[5:7]) - int(first[:4]) * 12 - int(first[5:7]) + 1
    monday = dt.date.fromisocalendar(int(first[:4]), int(first[6:]), 1)
    return (dt.date.fromisocalendar(int(last[:4]), int(last[6:]), 1) - monday).days // 7 + 1


def zero_filled(rows: list[TallyRow], dimension: str) -> list[TallyRow]:
    """Months and weeks: every period between the first and the last, the quiet ones as zero rows (up to MAX_FILLED
    periods)."""
    known = {row.key: row for row in rows if row.key != UNKNOWN}
    if not known or span(min(known), max(known), dimension) > MAX_FILLED:
        return rows
    empty = FigureSum() if any(row.killed is not None for row in rows) else None
    filled = [known.get(key) or TallyRow(key, 0, 0.0, empty, empty) for key in periods(min(known), max(known), dimension)]
    return filled + [row for row in rows if row.key == UNKNOWN]


def ordered(rows: Iterable[TallyRow], dimension: str, by: str) -> list[TallyRow]:
    """Months and weeks in time order, zeros included; other keys by count, killed or injured (largest first),
    or by name; unknown last."""
    rows = list(rows)
    if dimension in PERIODS:
        return zero_filled(sorted(rows, key=lambda row: (row.key == UNKNOWN, row.key)), dimension)
    if by == "name":
        return sorted(rows, key=lambda row: (row.key in (UNKNOWN, NO_GROUP), row.key.casefold(), row.key))
    if by in ("killed", "injured"):
        def figure(row: TallyRow) -> tuple[int, int]:
            value = getattr(row, by)
            return (value.high, value.low) if value else (0, 0)
        return sorted(rows, key=lambda row: (row.key in (UNKNOWN, NO_GROUP), tuple(-n for n in figure(row)), -row.count, row.key.casefold()))
    return sorted(rows, key=lambda row: (-row.count, row.key in (UNKNOWN, NO_GROUP), row.key.casefold()))


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


def summed(counts: Mapping[Figure | None, int]) -> FigureSum:
    """A FigureSum from how many events give each figure (None: not given); the one sum every count goes through."""
    low = high = unknown = reported = 0
    for figure, n in counts.items():
        if figure is None:
            unknown += n
        else:
            reported += n
            low += figure[0] * n
            high += figure[1] * n
    return FigureSum(low, high, unknown, reported)


def sum_figures(figures: Iterable[Figure | None]) -> FigureSum:
    return summed(Counter(figures))


@dataclass(frozen=True)
class Totals:
    events: int
    attacks: int
    responses: int
    killed: FigureSum
    injured: FigureSum
    response_killed: FigureSum
    response_injured: FigureSum = FigureSum()

    def sides(self) -> list[tuple[str, int, list[tuple[str, FigureSum]]]]:
        """(side, events shown, its figures): the figures the header and `stats` print for attacks and responses.
        A response's injured are listed only when some response gives them."""
        response_figures = [("killed", self.response_killed)]
        if self.response_injured.reported:
            response_figures.append(("injured", self.response_injured))
        return [("attacks", self.attacks, [("killed", self.killed), ("injured", self.injured)]),
                ("responses", self.responses, response_figures)]


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
        response_injured=sum_figures(event.casualties.injured for event in responses),
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


class DayGroups(Sequence[tuple[dt.date, bool, int]]):
    """What day_runs gives, kept as two lists of numbers (each day as ordinal * 2 + month only, and its count): a
    date is made only for a group asked for. The chronology asks for the days on screen, where making every date
    took 100 ms on each filter of a million events over 50,000 days."""

    __slots__ = ("keys", "counts")

    def __init__(self, keys: list[int], counts: list[int]) -> None:
        self.keys = keys
        self.counts = counts

    def __len__(self) -> int:
        return len(self.counts)

    def __getitem__(self, at: int) -> tuple[dt.date, bool, int]:  # type: ignore[override]
        key = self.keys[at]
        return dt.date.fromordinal(key >> 1), bool(key & 1), self.counts[at]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DayGroups):
            return self.keys == other.keys and self.counts == other.counts
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]
