"""Selecting events: by tally group, and along retaliation chains."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

from .model import Event, EventLog
from .tally import keys_for


@dataclass(frozen=True)
class GroupFilter:
    dimension: str
    key: str

    def __str__(self) -> str:
        return f"{self.dimension}: {self.key}"

    def matches(self, event: Event) -> bool:
        return self.key in keys_for(event, self.dimension)


def apply_filters(events: Sequence[Event], filters: Sequence[GroupFilter]) -> tuple[Event, ...]:
    return tuple(event for event in events if all(f.matches(event) for f in filters))


def responders(log: EventLog) -> dict[str, tuple[Event, ...]]:
    """For each event id, the events that answer it."""
    answered: dict[str, list[Event]] = defaultdict(list)
    for event in log.events:
        for target in event.responds_to:
            answered[target].append(event)
    return {key: tuple(value) for key, value in answered.items()}


def day_number(event: Event, first: Event) -> int:
    """Day 1 is the day of the first event."""
    return (event.date - first.date).days + 1
