"""Turning the values read from an event's text into its record, as the validator would for values it finds no fault with.

Whatever the validator would warn about or refuse raises Fallback instead: PyYAML and the validator then read
that event, so its problems keep their exact lines, columns and messages.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable

from ..reference.fields import EVENT_KEYS, TIME, UTC_OFFSET
from .scalars import Fallback, Flow, Quoted, extra_value, read_flow
from ...core.model import STATUSES, cite
from ..reference.nodes import DATE, MAX_DIGITS

INTEGER = re.compile(r"(?:0|[1-9][0-9]{0,%d})$" % (MAX_DIGITS - 1))
DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$")
LOCATION_KEYS = frozenset(("name", "admin1", "country", "lat", "lon"))
SOURCE_KEYS = frozenset(("title", "url", "published"))
FIGURE_KEYS = frozenset(("killed", "injured"))
KNOWN = frozenset(EVENT_KEYS)
NO_FIGURES = (None, None)
NO_LOCATION = (None, ())


class Builder:
    """Builds events as the validator would from values it finds no fault with, else raises Fallback.

    Equal small values (names, dates, places, casualty figures, lists of tags) are shared between
    events, and a flow collection written the same way twice is read once: this saves time, memory
    and the cache's pickling time. Every such value is immutable.
    """

    def __init__(self, file: str, response_actors: frozenset[str]) -> None:
        self.file = file
        self.response_actors = response_actors
        self.strings: dict[str, str] = {}
        self.dates: dict[str, tuple[int, bool]] = {}
        self.locations: dict[str, tuple] = {}
        self.casualties: dict[str, tuple] = {}
        self.tuples: dict[str, tuple[str, ...]] = {}

    @staticmethod
    def once(memo: dict, flow: Flow, turn: Callable[[Any], Any]) -> Any:
        """turn() of a flow collection, read once per distinct text: most logs repeat their places and figures."""
        known = memo.get(flow)
        if known is None:
            known = memo[flow] = turn(read_flow(flow))
        return known

    def text(self, value: Any) -> str | None:
        kind = type(value)
        if kind is str or value is None:
            return value
        if kind is Quoted:
            return str.__str__(value)
        raise Fallback  # a list, a mapping or a flow collection where text is expected

    def shared(self, value: Any) -> str | None:
        if type(value) is not str:
            value = self.text(value)
            if value is None:
                return None
        return self.strings.setdefault(value, value)

    def required(self, value: Any) -> str:
        text = self.text(value)
        if not text:
            raise Fallback
        text = text.strip()
        if not text:
            raise Fallback
        return self.strings.setdefault(text, text)

    def texts(self, value: Any) -> tuple[str, ...]:
        if value is None:
            return ()
        kind = type(value)
        if kind is Flow:
            return self.once(self.tuples, value, self.texts)
        if kind is list:
            strings = self.strings
            listed = []
            for item in value:
                kind = type(item)
                if kind is not str:
                    if item is None:
                        continue
                    if kind is not Quoted:
                        raise Fallback
                    item = str.__str__(item)
                if item:
                    listed.append(strings.setdefault(item, item))
            return tuple(listed)
        text = self.text(value)
        return (self.strings.setdefault(text, text),) if text else ()

    def date(self, value: Any) -> tuple[int, bool]:
        """(proleptic ordinal, month only): a record holds no date object."""
        kind = type(value)
        if kind is not str:
            if kind is not Quoted:
                raise Fallback
            value = str.__str__(value)
        known = self.dates.get(value)
        if known is not None:
            return known
        m = DATE.match(value)
        if m is None:
            raise Fallback
        year, month, day = m.groups()
        try:
            known = dt.date(int(year), int(month), int(day or 1)).toordinal(), day is None
        except ValueError:
            raise Fallback from None
        self.dates[value] = known
        return known

    def pattern_text(self, value: Any, pattern: re.Pattern) -> str | None:
        if value is None:
            return None
        text = self.text(value)
        if not pattern.match(text):  # type: ignore[arg-type]
            raise Fallback
        return self.strings.setdefault(text, text)  # type: ignore[arg-type]

    @staticmethod
    def number(value: Any, limit: float) -> float | None:
        if value is None:
            return None
        if type(value) is not str or not DECIMAL.match(value):
            raise Fallback
        number = float(value)
        if not -limit <= number <= limit:
            raise Fallback
        return number

    @staticmethod
    def figure(value: Any) -> tuple[int, int] | None:
        if value is None:
            return None
        if type(value) is str:
            if not INTEGER.match(value):
                raise Fallback
            number = int(value)
            return (number, number)
        if type(value) is list and len(value) == 2:
            low, high = value
            if type(low) is not str or type(high) is not str or not INTEGER.match(low) or not INTEGER.match(high):
                raise Fallback
            low, high = int(low), int(high)
            if low > high:
                raise Fallback
            return (low, high)
        raise Fallback

    def location(self, value: Any) -> tuple[tuple | None, tuple]:
        """The location as (name, admin1, country, lat, lon), and the extra keys it brings (`location.elevation`)."""
        if value is None:
            return None, ()
        kind = type(value)
        if kind is Flow:
            return self.once(self.locations, value, self.location)
        if kind is not dict:
            return (self.text(value), None, None, None, None), ()
        if ("lat" in value) != ("lon" in value):
            raise Fallback
        extra = tuple(("location." + key, extra_value(item)) for key, item in value.items() if key not in LOCATION_KEYS)
        get = value.get
        shared = self.shared
        return (shared(get("name")), shared(get("admin1")), shared(get("country")), self.number(get("lat"), 90), self.number(get("lon"), 180)), extra

    def casualties_of(self, value: Any) -> tuple:
        """(killed, injured)."""
        if value is None:
            return NO_FIGURES
        kind = type(value)
        if kind is Flow:
            return self.once(self.casualties, value, self.casualties_of)
        if kind is not dict or not FIGURE_KEYS.issuperset(value):
            raise Fallback
        return (self.figure(value.get("killed")), self.figure(value.get("injured")))

    def source(self, value: Any) -> tuple:
        """(title, url, published)."""
        kind = type(value)
        if kind is Flow:
            value = read_flow(value)
            kind = type(value)
        if kind is dict:
            if not SOURCE_KEYS.issuperset(value):
                raise Fallback
            get = value.get
            title = self.text(get("title"))
            url = self.text(get("url"))
            if not (title or url):
                raise Fallback
            return (title or url, url, self.shared(get("published")))
        if kind is list:
            raise Fallback
        text = self.required(value)
        return (text, text if text.startswith(("http://", "https://")) else None, None)

    def sources(self, value: Any) -> str | tuple:
        """As the event keeps them (model.cite)."""
        if value is None:
            return ()
        if type(value) is Flow:
            value = read_flow(value)
        return cite([self.source(item) for item in (value if type(value) is list else (value,))])

    def status(self, value: Any) -> str | None:
        status = self.shared(value)
        if status is not None and status not in STATUSES:
            raise Fallback
        return status

    def processors(self) -> dict[str, Any]:
        """For each key of an event, what turns its value (None when null) into the record's field."""
        return {
            "id": self.required, "type": self.required, "actor": self.required, "date": self.date,
            "time": lambda value: self.pattern_text(value, TIME),
            "utc_offset": lambda value: self.pattern_text(value, UTC_OFFSET),
            "target": self.shared, "status": self.status, "summary": self.text, "location": self.location,
            "weapons": self.texts, "tags": self.texts, "responds_to": self.texts,
            "casualties": self.casualties_of, "sources": self.sources,
        }

    def record(self, fields: dict, line: int) -> tuple:
        """The record from fields already turned by processors()."""
        try:
            event_id = fields["id"]
            day, month_only = fields["date"]
            event_type = fields["type"]
            actor = fields["actor"]
        except KeyError:
            raise Fallback from None
        get = fields.get
        location, extra = get("location", NO_LOCATION)
        if not KNOWN.issuperset(fields):
            extra += tuple((key, value) for key, value in fields.items() if key not in KNOWN)
        killed, injured = get("casualties", NO_FIGURES)
        responds_to = get("responds_to", ())
        response_actors = self.response_actors
        return (
            event_id, day, month_only, event_type, actor, line, get("time"), get("utc_offset"), get("target"),
            location, get("weapons", ()), killed, injured, get("status"), get("summary"), get("sources", ()),
            responds_to, get("tags", ()), extra,
            actor in response_actors if response_actors else bool(responds_to),
        )

    def event(self, items: dict, line: int) -> tuple:
        """The event as a record (see records.RECORD)."""
        get = items.get
        if "id" not in items or "date" not in items or "type" not in items or "actor" not in items:
            raise Fallback
        required = self.required
        event_id = required(items["id"])
        day, month_only = self.date(items["date"])
        event_type = required(items["type"])
        actor = required(items["actor"])
        time = get("time")
        if time is not None:
            time = self.pattern_text(time, TIME)
        location, extra = self.location(get("location"))
        status = get("status")
        if status is not None:
            status = self.shared(status)
            if status not in STATUSES:
                raise Fallback
        if not KNOWN.issuperset(items):
            extra += tuple((key, extra_value(value)) for key, value in items.items() if key not in KNOWN)
        responds_to = self.texts(get("responds_to"))
        response_actors = self.response_actors
        offset = get("utc_offset")
        killed, injured = self.casualties_of(get("casualties"))
        return (
            event_id, day, month_only, event_type, actor, line, time,
            None if offset is None else self.pattern_text(offset, UTC_OFFSET),
            self.shared(get("target")), location, self.texts(get("weapons")), killed, injured, status,
            self.text(get("summary")), self.sources(get("sources")), responds_to, self.texts(get("tags")), extra,
            actor in response_actors if response_actors else bool(responds_to),
        )

