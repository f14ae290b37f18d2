"""What changed between two versions of a log: events added, removed and changed (matched by id, compared field by
field), reported counts and vocabulary. Pure data: `history/` reads the versions, `report/` writes the changes out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any, Iterable

from ..core.describe import figure_text
from ..core.model import Event, EventLog, ReportedCount
from ..core.vocabulary import Vocabulary

NEW = "new"
CHANGED = "changed"
FIGURES = ("casualties.killed", "casualties.injured")
"""Tuples that are one value, (low, high), not lists."""
NONE = "(none)"
"""How an absent value is shown: never as 0 or an empty string, which could be read as a value."""


CONTENT = attrgetter(*(field.name for field in fields(Event) if field.name not in ("line", "file")))
"""An event's content: where it stands (its line, its file's name) is no part of it."""


def same_event(before: Event, after: Event) -> bool:
    return before is after or CONTENT(before) == CONTENT(after)


@dataclass(frozen=True)
class FieldChange:
    """One field of an event, before and after. Lists (weapons, tags, sources...) say what went in and out."""

    name: str
    before: Any
    after: Any
    added: tuple = ()
    removed: tuple = ()

    @property
    def is_list(self) -> bool:
        return self.name not in FIGURES and isinstance(self.before, tuple) and isinstance(self.after, tuple)

    def text(self) -> str:
        """`casualties.injured: 3 → [3, 5]`, `sources: +1`, `tags: +red-sea −yemen`."""
        if not self.is_list:
            return f"{self.name}: {shown(self.name, self.before)} → {shown(self.name, self.after)}"
        if self.name == "sources":
            parts = [f"+{len(self.added)}" if self.added else "", f"−{len(self.removed)}" if self.removed else ""]
        else:
            parts = [*(f"+{item}" for item in self.added), *(f"−{item}" for item in self.removed)]
        return f"{self.name}: " + (" ".join(part for part in parts if part) or "reordered")


def shown(name: str, value: Any) -> str:
    if value is None:
        return NONE
    if name.startswith("casualties."):
        return figure_text(value) if value[0] == value[1] else f"[{value[0]}, {value[1]}]"
    return str(value)


@dataclass(frozen=True)
class EventChange:
    before: Event
    after: Event
    fields: tuple[FieldChange, ...]

    @property
    def id(self) -> str:
        return self.after.id


@dataclass(frozen=True)
class CountChange:
    """A reported count, keyed by its date: added (before None), removed (after None) or changed."""

    as_of: str
    before: ReportedCount | None
    after: ReportedCount | None

    def text(self) -> str:
        if self.before is None:
            return f"+ reported {self.after.label()}"
        if self.after is None:
            return f"− reported {self.before.label()}"
        return f"~ reported as of {self.as_of}: {self.before.figure()} → {self.after.figure()}"


@dataclass(frozen=True)
class LogChanges:
    added: tuple[Event, ...] = ()
    removed: tuple[Event, ...] = ()
    changed: tuple[EventChange, ...] = ()
    counts: tuple[CountChange, ...] = ()
    vocabulary: tuple[str, ...] = ()
    """`+ actor: Kataib Hezbollah`, `− type alias: UAV attack` ..."""

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.counts or self.vocabulary)

    def marks(self) -> dict[str, str]:
        """Event id -> `new` or `changed`: what `is:new` and `is:changed` and the chronology's marks read."""
        return {**{event.id: NEW for event in self.added}, **{change.id: CHANGED for change in self.changed}}

    def change_of(self, event_id: str) -> EventChange | None:
        return next((change for change in self.changed if change.id == event_id), None)


def flat(event: Event) -> dict[str, Any]:
    """The event as dotted field names -> comparable values, in the order of the format; lists as tuples."""
    location = event.location
    fields: dict[str, Any] = {
        "date": event.date_text, "time": event.time, "utc_offset": event.utc_offset, "type": event.type,
        "actor": event.actor, "target": event.target,
    }
    for part in ("name", "admin1", "country", "lat", "lon"):
        fields[f"location.{part}"] = getattr(location, part) if location else None
    fields.update({
        "weapons": event.weapons, "casualties.killed": event.casualties.killed, "casualties.injured": event.casualties.injured,
        "status": event.status, "summary": event.summary, "sources": event.sources, "responds_to": event.responds_to,
        "tags": event.tags, "kind": "response" if event.is_response else "attack",
    })
    for key, value in event.extra:
        fields[key] = value
    return fields


def multiset_minus(left: Iterable, right: Iterable) -> tuple:
    rest = Counter(right)
    out = []
    for item in left:
        if rest[item]:
            rest[item] -= 1
        else:
            out.append(item)
    return tuple(out)


def field_changes(before: Event, after: Event) -> tuple[FieldChange, ...]:
    old, new = flat(before), flat(after)
    found = []
    for name in dict.fromkeys([*old, *new]):
        was, now = old.get(name), new.get(name)
        if was == now:
            continue
        if isinstance(was, tuple) and isinstance(now, tuple) and name not in FIGURES:
            found.append(FieldChange(name, was, now, multiset_minus(now, was), multiset_minus(was, now)))
        else:
            found.append(FieldChange(name, was, now))
    return tuple(found)


def count_changes(before: Iterable[ReportedCount], after: Iterable[ReportedCount]) -> tuple[CountChange, ...]:
    def key(count: ReportedCount) -> tuple:
        return (count.count, count.qualifier, count.scope, count.source, count.note)

    old = {count.as_of.isoformat(): count for count in before}
    new = {count.as_of.isoformat(): count for count in after}
    return tuple(
        CountChange(day, old.get(day), new.get(day))
        for day in sorted({*old, *new})
        if day not in old or day not in new or key(old[day]) != key(new[day])
    )


def vocabulary_changes(before: Vocabulary, after: Vocabulary) -> tuple[str, ...]:
    """Values, groups and aliases that came in or went out, field by field."""
    def entries(vocabulary: Vocabulary) -> dict[tuple[str, str], tuple[str | None, frozenset[str]]]:
        return {(name, term.value): (term.group, frozenset(term.aliases)) for name, terms in vocabulary.terms.items() for term in terms}

    old, new = entries(before), entries(after)
    lines = []
    for name, value in dict.fromkeys([*old, *new]):
        if (name, value) not in old:
            lines.append(f"+ {name}: {value}")
        elif (name, value) not in new:
            lines.append(f"− {name}: {value}")
        else:
            (group_was, aliases_was), (group_now, aliases_now) = old[name, value], new[name, value]
            if group_was != group_now:
                lines.append(f"~ {name}: {value}: group {group_was or NONE} → {group_now or NONE}")
            lines += [f"+ {name}: {value}: alias {alias}" for alias in sorted(aliases_now - aliases_was)]
            lines += [f"− {name}: {value}: alias {alias}" for alias in sorted(aliases_was - aliases_now)]
    return tuple(lines)


def diff_logs(before: EventLog, after: EventLog) -> LogChanges:
    """Matched by id (where a file repeats an id, the event links reach: EventLog.by_id), in the order of `after`."""
    old, new = before.by_id, after.by_id
    changed = tuple(
        EventChange(old[event.id], event, field_changes(old[event.id], event))
        for event in after.events
        if new.get(event.id) is event and event.id in old and not same_event(old[event.id], event)
    )
    return LogChanges(
        added=tuple(event for event in after.events if new.get(event.id) is event and event.id not in old),
        removed=tuple(event for event in before.events if old.get(event.id) is event and event.id not in new),
        changed=tuple(change for change in changed if change.fields),
        counts=count_changes(before.reported_counts, after.reported_counts),
        vocabulary=vocabulary_changes(before.vocabulary, after.vocabulary),
    )

