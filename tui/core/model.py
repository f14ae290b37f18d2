"""The event log as immutable values: what the loader builds and every other layer reads."""

from __future__ import annotations

import datetime as dt
import re
import weakref
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Iterable, Literal

from .vocabulary import EMPTY, Vocabulary

Severity = Literal["error", "warning", "info"]
"""info: worth knowing, not wrong (a vocabulary entry no event uses)."""
Figure = tuple[int, int]
"""A casualty figure as (low, high); an exact figure has low == high."""

QUALIFIER_SIGNS = {"exact": "", "about": "~", "at-least": "≥", "more-than": ">"}
STATUSES = ("confirmed", "claimed", "disputed", "unverified")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    url: str | None = None
    published: str | None = None


FIELD, SOURCE, NONE = "\x1f", "\x1e", "\x1d"
"""Separators of packed sources, and a None field: characters no loader leaves in a value (reading.text.decode
repairs control characters; a value holding one anyway is kept as Source objects)."""
SEPARATORS = re.compile("[\x1d-\x1f]")


def cite(rows: Iterable[tuple]) -> str | tuple[Source, ...]:
    """An event's sources as it keeps them, from (title, url, published) rows (three values each): one string, where a
    tuple, Source objects and a string per value cost about 145 bytes more an event (a million events: 145 MB); ()
    for none. Rows whose values are not all text, or hold a separator, are kept as Source objects."""
    rows = tuple(rows)
    if not rows:
        return ()
    values = [value for row in rows for value in row if value is not None]
    if not all(type(value) is str for value in values) or SEPARATORS.search("".join(values)):
        return tuple(Source(*row) for row in rows)
    return SOURCE.join(FIELD.join(NONE if value is None else value for value in row) for row in rows)


def cite_sources(sources: Iterable[Source]) -> str | tuple[Source, ...]:
    return cite((source.title, source.url, source.published) for source in sources)


def cited_rows(cited: str | tuple[Source, ...]) -> list[tuple[str, str | None, str | None]]:
    """The (title, url, published) of each source cite() kept, without making Source objects."""
    if type(cited) is not str:
        return [(source.title, source.url, source.published) for source in cited]
    return [tuple([None if value == NONE else value for value in row.split(FIELD)]) for row in cited.split(SOURCE)]


def cited_sources(cited: str | tuple[Source, ...]) -> tuple[Source, ...]:
    """The Source objects of what cite() kept."""
    if type(cited) is not str:
        return cited
    return tuple(Source(*row) for row in cited_rows(cited))


@dataclass(frozen=True, slots=True)
class Location:
    name: str | None = None
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None

    def label(self) -> str:
        return ", ".join(part for part in (self.name, self.admin1, self.country) if part)


@dataclass(frozen=True, slots=True)
class Casualties:
    """Absent figures are unknown: None, never zero."""

    killed: Figure | None = None
    injured: Figure | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """Slots, not a __dict__ per event: a 100,000-event log is 100 MB smaller and every pass over it faster."""

    id: str
    date: dt.date
    type: str
    actor: str
    line: int
    file: str = ""
    month_only: bool = False
    time: str | None = None
    utc_offset: str | None = None
    target: str | None = None
    location: Location | None = None
    weapons: tuple[str, ...] = ()
    casualties: Casualties = Casualties()
    status: str | None = None
    summary: str | None = None
    cited: str | tuple[Source, ...] = ()
    """The sources as kept (cite()): read them as `sources`."""
    responds_to: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    extra: tuple[tuple[str, Any], ...] = ()
    is_response: bool = False

    @property
    def sources(self) -> tuple[Source, ...]:
        return cited_sources(self.cited)

    @property
    def source_rows(self) -> list[tuple[str, str | None, str | None]]:
        """The (title, url, published) of each source: for passes over every event, which need no Source objects."""
        return cited_rows(self.cited)

    @property
    def date_text(self) -> str:
        return self.date.strftime("%Y-%m") if self.month_only else self.date.isoformat()

    @property
    def country(self) -> str | None:
        return self.location.country if self.location else None

    @property
    def point(self) -> tuple[float, float] | None:
        """(lon, lat) where the event has both coordinates: what the map, GeoJSON and `has:coords` place."""
        location = self.location
        if location is None or location.lat is None or location.lon is None:
            return None
        return location.lon, location.lat

    @property
    def sort_key(self) -> tuple[dt.date, str, int]:
        return (self.date, self.time or "", self.line)


@dataclass(frozen=True)
class ReportedCount:
    as_of: dt.date
    count: int
    qualifier: str = "exact"
    scope: str | None = None
    source: Source | None = None
    note: str | None = None
    line: int = 0

    def figure(self) -> str:
        """`>151`, `~170`: the count with the sign of its qualifier."""
        return f"{QUALIFIER_SIGNS.get(self.qualifier, '')}{self.count}"

    def label(self) -> str:
        return f"{self.figure()} as of {self.as_of.isoformat()}"


@dataclass(frozen=True)
class Growth:
    """A log that is another one plus events appended to its file: that log's events, the same objects in the same
    order, with the added ones at `positions` (ascending) of this log's order; at its end, where the added events
    come after every other in time (a new event, an export's next rows). What lets a reload after an append extend
    what was computed for the log before (changed ids, indexes, replies) rather than compute it again."""

    before: weakref.ref
    positions: tuple[int, ...]

    def of(self, log: EventLog) -> bool:
        """Whether `log` is the log this one grew from (held weakly: a grown log does not keep its past alive)."""
        return self.before() is log


@dataclass(frozen=True)
class EventLog:
    path: str
    title: str | None = None
    events: tuple[Event, ...] = ()
    reported_counts: tuple[ReportedCount, ...] = ()
    problems: tuple[Problem, ...] = ()
    response_actors: tuple[str, ...] = ()
    by_id: dict[str, Event] = field(default_factory=dict, compare=False, repr=False)
    vocabulary: Vocabulary = EMPTY
    grown: Growth | None = field(default=None, compare=False, repr=False)

    def growth_from(self, log: EventLog) -> Growth | None:
        """How this log grew from `log` by an append, if it did; else None."""
        grown = self.grown
        return grown if grown is not None and grown.of(log) else None

    def added_since(self, log: EventLog) -> tuple[Event, ...] | None:
        """The events appended since `log`, in this log's order, when this log grew from it by an append; else None."""
        grown = self.growth_from(log)
        return None if grown is None else tuple(map(self.events.__getitem__, grown.positions))

    @cached_property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    def latest_reported(self) -> ReportedCount | None:
        return max(self.reported_counts, key=lambda r: r.as_of, default=None)

    @cached_property
    def first_date(self) -> dt.date | None:
        """Day 1 of the log (the chronology's `day N`), whatever a filter shows."""
        return min(self.days_since_growth(lambda log: log.first_date), default=None)

    @cached_property
    def last_date(self) -> dt.date | None:
        """The log's last day: with first_date, the time strip's axis whatever a filter shows."""
        return max(self.days_since_growth(lambda log: log.last_date), default=None)

    def days_since_growth(self, known: Callable[[EventLog], dt.date | None]) -> Iterable[dt.date]:
        """The days of the events with one; after an append, the log before's answer and the added events' days."""
        before = self.grown.before() if self.grown else None
        if before is None:
            return (event.date for event in self.events if not event.month_only)
        added = (self.events[at].date for at in self.grown.positions if not self.events[at].month_only)
        day = known(before)
        return added if day is None else (day, *added)


def first_by_id(events: Iterable[Event]) -> dict[str, Event]:
    """Each id's event; where a file repeats an id, the first in the file (the lowest line) is the one links reach.

    The one rule for every reader (reference, fast, cache, preview); several files are joined by merge, in the order given.
    """
    by_id: dict[str, Event] = {}
    for event in events:
        first = by_id.get(event.id)
        if first is None or (event.file == first.file and event.line < first.line):
            by_id[event.id] = event
    return by_id
