"""The situation report's content: every figure, list and chart value of a period, computed once by the code that
computes them for `sitrep stats` and the dashboard (ask/), for the Markdown and HTML writers to lay out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby
from typing import Sequence

from ..ask.chain import gap_text
from ..ask.changes import LogChanges
from ..ask.lags import link_gaps
from ..ask.query import parse_query
from ..ask.reported import Point, reported_against_logged
from ..ask.tally import TallyRow, Totals, per_day, tally, totals, week_key
from ..core.model import Event, EventLog

TOP = 5
"""Rows of each top-groups table."""
TOP_DIMENSIONS = ("type", "actor", "target")
DAYS_CHARTED = 62
"""Up to this many days the chart has a bar per day, beyond it a bar per ISO week."""
DEFAULT_DAYS = 7


@dataclass(frozen=True)
class Period:
    """Days since..until, `until` excluded: `after:SINCE before:UNTIL` in the query language, which selects them."""

    since: dt.date
    until: dt.date

    @property
    def days(self) -> int:
        return (self.until - self.since).days

    @property
    def last(self) -> dt.date:
        return self.until - dt.timedelta(days=1)

    @property
    def previous(self) -> Period:
        return Period(self.since - dt.timedelta(days=self.days), self.since)

    @property
    def where(self) -> str:
        return f"after:{self.since.isoformat()} before:{self.until.isoformat()}"

    def span(self) -> str:
        return f"{self.since.isoformat()} to {self.last.isoformat()}"

    def label(self) -> str:
        return f"{self.span()} ({self.days} day{'' if self.days == 1 else 's'})"


def period_for(events: Sequence[Event], since: dt.date | None, until: dt.date | None) -> Period:
    """The days asked for; without `until`, up to the last event's day; without `since`, the week before `until`."""
    if until is None:
        last = max((event.date for event in events if not event.month_only), default=dt.date.today())
        until = max(last, since or last) + dt.timedelta(days=1)
    if since is None:
        since = until - dt.timedelta(days=DEFAULT_DAYS)
    return Period(since, until)


def first_changed_day(changes: LogChanges) -> dt.date | None:
    """Where a report since a revision starts: the log's dates are the events', not the commits', so the day of the
    earliest event the revision did not have, or had otherwise."""
    changed = (*changes.added, *(change.after for change in changes.changed))
    return min((event.date for event in changed if not event.month_only), default=None)


@dataclass(frozen=True)
class HeadlineRow:
    """A headline row: what it counts, this period's value and the previous period's, as the header shows them."""

    label: str
    now: str
    before: str
    change: str = ""


@dataclass(frozen=True)
class Bar:
    label: str
    attacks: int
    responses: int


@dataclass(frozen=True)
class Link:
    attack: Event
    response: Event
    lag: str


@dataclass(frozen=True)
class Brief:
    title: str
    path: str
    where: str
    period: Period
    figures: tuple[HeadlineRow, ...]
    reported: Point | None
    events: tuple[Event, ...]
    days: tuple[tuple[str, tuple[Event, ...]], ...]
    top: tuple[tuple[str, tuple[TallyRow, ...]], ...]
    links: tuple[Link, ...]
    bars: tuple[Bar, ...]
    per: str
    """`day` or `week`: what a bar of the chart counts."""
    changes: LogChanges | None = None
    since_revision: str = ""
    """The revision `changes` are counted from, as `abc1234 2024-02-01 Name: subject`."""

    @property
    def stats_where(self) -> str:
        """The query `sitrep stats --where` takes for the same events: the figures match it."""
        return f"{self.where} {self.period.where}".strip()


def figure_rows(now: Totals, before: Totals) -> tuple[HeadlineRow, ...]:
    """Counts with their change; casualty sums as `sitrep stats` writes them: `6–7 (+2 unknown)` is a range where
    sources differ, and two events that give no figure, never counted as zero."""
    rows = [HeadlineRow(label, str(a), str(b), f"{a - b:+d}") for label, a, b in (
        ("events", now.events, before.events), ("attacks", now.attacks, before.attacks), ("responses", now.responses, before.responses),
    )]
    previous = {side: dict(figures) for side, _, figures in before.sides()}
    for side, _, figures in now.sides():
        for name, figure in figures:
            earlier = previous[side].get(name)
            rows.append(HeadlineRow(f"{side}: {name}", str(figure), str(earlier) if earlier else "not given"))
    return tuple(rows)


def chart_bars(events: Sequence[Event], period: Period) -> tuple[tuple[Bar, ...], str]:
    attacks = per_day([event for event in events if not event.is_response], period.since, period.last)
    responses = per_day([event for event in events if event.is_response], period.since, period.last)
    days = [period.since + dt.timedelta(days=n) for n in range(period.days)]
    attacks = attacks or [0] * len(days)
    responses = responses or [0] * len(days)
    if period.days <= DAYS_CHARTED:
        return tuple(Bar(day.isoformat(), a, r) for day, a, r in zip(days, attacks, responses)), "day"
    bars = []
    for week, run in groupby(zip(days, attacks, responses), key=lambda item: week_key(item[0])):
        counted = list(run)
        bars.append(Bar(week, sum(a for _, a, _ in counted), sum(r for _, _, r in counted)))
    return tuple(bars), "week"


def build(
    log: EventLog, events: Sequence[Event] | None = None, where: str = "", since: dt.date | None = None, until: dt.date | None = None,
    changes: LogChanges | None = None, since_revision: str = "",
) -> Brief:
    """The brief of `events` (the log's that `where` selects: the caller selects them), over the period.

    The period's events are those `sitrep stats --where 'WHERE after:SINCE before:UNTIL'` counts, picked by the same
    query; the previous period is as long and ends where this one starts."""
    chosen = log.events if events is None else events
    period = period_for(chosen, since, until)
    shown = parse_query(period.where).filter(chosen, log.vocabulary)
    earlier = parse_query(period.previous.where).filter(chosen, log.vocabulary)
    points = [point for point in reported_against_logged(log, chosen) if point.count.as_of < period.until]
    bars, per = chart_bars(shown, period)
    in_period = {event.id for event in shown}
    links = tuple(
        Link(attack, response, gap_text(lag))
        for attack, response, lag in link_gaps(log)
        if attack.id in in_period or response.id in in_period
    )
    return Brief(
        title=log.title or log.path,
        path=log.path,
        where=where.strip(),
        period=period,
        figures=figure_rows(totals(shown), totals(earlier)),
        reported=max(points, key=lambda point: point.count.as_of, default=None),
        events=shown,
        days=tuple((day_label(run[0]), run) for run in days_of(shown)),
        top=tuple((dimension, tuple(tally(shown, dimension, vocabulary=log.vocabulary)[:TOP])) for dimension in TOP_DIMENSIONS),
        links=links,
        bars=bars,
        per=per,
        changes=changes,
        since_revision=since_revision,
    )


def days_of(events: Sequence[Event]) -> list[tuple[Event, ...]]:
    return [tuple(run) for _, run in groupby(events, key=lambda event: (event.date, event.month_only))]


def day_label(event: Event) -> str:
    return f"{event.date_text} (day unknown)" if event.month_only else f"{event.date.isoformat()} {event.date.strftime('%a')}"
