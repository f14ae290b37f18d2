"""Events as records, tuples of plain values, and back: the form events take between processes and in the cache."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from typing import Any

from ...core.model import Casualties, Event, Location, Source

RECORD = (
    "id", "date", "month_only", "type", "actor", "line", "time", "utc_offset", "target", "location", "weapons",
    "killed", "injured", "status", "summary", "sources", "responds_to", "tags", "extra", "is_response",
)
"""An event as a tuple of plain values (marshal and pickle move it fast, between processes and to the cache):
the date as its ordinal, the location as (name, admin1, country, lat, lon) or None, the casualty figures apart,
each source as (title, url, published)."""


def record_of(event: Event) -> tuple:
    location = event.location
    return (
        event.id, event.date.toordinal(), event.month_only, event.type, event.actor, event.line, event.time,
        event.utc_offset, event.target,
        None if location is None else (location.name, location.admin1, location.country, location.lat, location.lon),
        event.weapons, event.casualties.killed, event.casualties.injured, event.status, event.summary,
        tuple((source.title, source.url, source.published) for source in event.sources),
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
SOURCE_TWIN = twin(Source)


def materialize(records: Any, file: str) -> list[Event]:
    """Events from records, equal small values shared; the fastest way Python allows (see twin)."""
    set_class = object.__setattr__
    make_event, make_location, make_source = EVENT_TWIN, LOCATION_TWIN, SOURCE_TWIN
    from_ordinal = dt.date.fromordinal
    dates: dict[int, dt.date] = {}
    locations: dict[tuple, Location] = {}
    casualties: dict[tuple, Casualties] = {}
    shared_sources: dict[tuple, tuple[Source, ...]] = {}
    out = []
    append = out.append
    for (event_id, day, month_only, event_type, actor, line, time, offset, target, place, weapons, killed, injured,
         status, summary, sources, responds_to, tags, extra, is_response) in records:
        date = dates.get(day)
        if date is None:
            date = dates[day] = from_ordinal(day)
        if place is not None:
            location = locations.get(place)
            if location is None:
                location = locations[place] = make_location(*place)
                set_class(location, "__class__", Location)
        else:
            location = None
        figures = casualties.get((killed, injured))
        if figures is None:
            figures = casualties[(killed, injured)] = Casualties(killed, injured)
        if sources:
            built = shared_sources.get(sources)
            if built is None:  # an export names the same few outlets in thousands of events: made once each
                built = []
                for source in sources:
                    source = make_source(*source)
                    set_class(source, "__class__", Source)
                    built.append(source)
                built = shared_sources[sources] = tuple(built)
            sources = built
        event = make_event(
            event_id, date, event_type, actor, line, file, month_only, time, offset, target, location, weapons, figures,
            status, summary, sources, responds_to, tags, extra, is_response,
        )
        set_class(event, "__class__", Event)
        append(event)
    return out
