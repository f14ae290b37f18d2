"""How long each response took: from every attack it answers (`responds_to`) to the response, by responding actor."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import Mapping

from ..core.model import Event, EventLog
from .chain import gap


@dataclass(frozen=True)
class Lags:
    actor: str
    gaps: tuple[dt.timedelta, ...]
    unknown: int
    """Links whose gap cannot be told (an event dated by month only)."""

    @property
    def median(self) -> dt.timedelta:
        return statistics.median(self.gaps)


def link_gaps(log: EventLog, by_id: Mapping[str, Event] | None = None) -> list[tuple[Event, Event, dt.timedelta | None]]:
    """(attack, response, gap) for every link of a response to an attack the log holds."""
    by_id = log.by_id if by_id is None else by_id
    return [
        (by_id[answered], event, gap(by_id[answered], event))
        for event in log.events
        if event.is_response
        for answered in event.responds_to
        if answered in by_id
    ]


def lags_by_actor(log: EventLog) -> list[Lags]:
    found: dict[str, list[dt.timedelta | None]] = {}
    for _, response, lag in link_gaps(log):
        found.setdefault(response.actor, []).append(lag)
    return [
        Lags(actor, tuple(sorted(lag for lag in lags if lag is not None)), sum(lag is None for lag in lags))
        for actor, lags in sorted(found.items())
    ]
