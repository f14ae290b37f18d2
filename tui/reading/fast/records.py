"""Events as records, tuples of plain values, and back: the form events take between processes and in the cache."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from typing import Any, Callable

from ...core.model import Casualties, Event, Location

RECORD = (
    "id", "date", "month_only", "type", "actor", "line", "time", "utc_offset", "target", "location", "weapons",
    "killed", "injured", "status", "summary", "cited", "responds_to", "tags", "extra", "is_response",
)
"""An event as a tuple of plain values (marshal and pickle move it fast, between processes and to the cache):
the date as its ordinal, the location as (name, admin1, country, lat, lon) or None, the casualty figures apart,
the sources as the event keeps them (model.cite)."""


def record_of(event: Event) -> tuple:
    location = event.location
    return (
        event.id, event.date.toordinal(), event.month_only, event.type, event.actor, event.line, event.time,
        event.utc_offset, event.target,
        None if location is None else (location.name, location.admin1, location.country, location.lat, location.lon),
        event.weapons, event.casualties.killed, event.casualties.injured, event.status, event.summary, event.cited,
        event.responds_to, event.tags, event.extra, event.is_response,
    )


def twin(cls: type) -> type:
    """A mutable class with the slots of a frozen dataclass and a plain positional __init__ (generated, as dataclasses
    generate theirs): an object built by it and then given `cls` as its class is that dataclass's object, made in a
    sixth of the time the frozen __init__ takes (which sets each field through object.__setattr__)."""
    names = [f.name for f in fields(cls)]
    namespace: dict[str, Any] = {"__slots__": cls.__slots__}
    exec(f"def __init__(self, {', '.join(names)}):\n" + "".join(f"    self.{name} = {name}\n" for name in names), namespace)
    return type(f"{cls.__name__}Twin", (), namespace)


EVENT_TWIN = twin(Event)
LOCATION_TWIN = twin(Location)


def make_location(place: tuple) -> Location:
    location = LOCATION_TWIN(*place)
    object.__setattr__(location, "__class__", Location)
    return location


def tabled(events: Any) -> tuple[list[tuple], dict[str, list]]:
    """Records whose date, location and casualty figures are indexes into tables of their distinct values
    (a location's 0 is none): a cache entry is read back by list indexing (tabled_maker) instead of
    hashing every event's values again, and its pickle holds each distinct value once."""
    days: dict[int, int] = {}
    places: dict[tuple | None, int] = {None: 0}
    figures: dict[tuple, int] = {}
    out = []
    for event in events:
        (event_id, day, month_only, event_type, actor, line, time, offset, target, place, weapons, killed, injured,
         status, summary, cited, responds_to, tags, extra, is_response) = record_of(event)
        out.append((
            event_id, days.setdefault(day, len(days)), month_only, event_type, actor, line, time, offset, target,
            places.setdefault(place, len(places)), weapons, figures.setdefault((killed, injured), len(figures)),
            status, summary, cited, responds_to, tags, extra, is_response,
        ))
    del places[None]
    return out, {"days": list(days), "places": list(places), "figures": list(figures)}


def tabled_maker(tables: dict[str, list], file: str) -> Callable[[Any], list[Event]]:
    """What makes the events of tabled() records, given in parts: the tables' dates, locations and figures made once."""
    from_ordinal = dt.date.fromordinal
    dates = [from_ordinal(day) for day in tables["days"]]
    locations = [None, *map(make_location, tables["places"])]
    figures = [Casualties(killed, injured) for killed, injured in tables["figures"]]
    set_class, make_event = object.__setattr__, EVENT_TWIN

    def materialize_tabled(records: Any) -> list[Event]:
        out = []
        append = out.append
        for (event_id, day, month_only, event_type, actor, line, time, offset, target, place, weapons, figure,
             status, summary, cited, responds_to, tags, extra, is_response) in records:
            event = make_event(
                event_id, dates[day], event_type, actor, line, file, month_only, time, offset, target, locations[place],
                weapons, figures[figure], status, summary, cited, responds_to, tags, extra, is_response,
            )
            set_class(event, "__class__", Event)
            append(event)
        return out

    return materialize_tabled


def materialize(records: Any, file: str) -> list[Event]:
    """Events from records, equal small values shared; the fastest way Python allows (see twin)."""
    set_class = object.__setattr__
    make_event = EVENT_TWIN
    from_ordinal = dt.date.fromordinal
    dates: dict[int, dt.date] = {}
    locations: dict[tuple, Location] = {}
    casualties: dict[tuple, Casualties] = {}
    shared_cited: dict = {}
    out = []
    append = out.append
    for (event_id, day, month_only, event_type, actor, line, time, offset, target, place, weapons, killed, injured,
         status, summary, cited, responds_to, tags, extra, is_response) in records:
        date = dates.get(day)
        if date is None:
            date = dates[day] = from_ordinal(day)
        if place is not None:
            location = locations.get(place)
            if location is None:
                location = locations[place] = make_location(place)
        else:
            location = None
        figures = casualties.get((killed, injured))
        if figures is None:
            figures = casualties[(killed, injured)] = Casualties(killed, injured)
        if cited:  # an export names the same few outlets in thousands of events: kept once each
            cited = shared_cited.setdefault(cited, cited)
        event = make_event(
            event_id, date, event_type, actor, line, file, month_only, time, offset, target, location, weapons, figures,
            status, summary, cited, responds_to, tags, extra, is_response,
        )
        set_class(event, "__class__", Event)
        append(event)
    return out
