"""Reading one event from its node, field by field: what each field must hold, and the problem reported when it does not."""

from __future__ import annotations

import re
from typing import Any

import yaml

from ...core.model import STATUSES, Casualties, Event, Location, Source, cite_sources
from .nodes import NULL, Reader, Skip, quoted, shown

# re.ASCII: \d is 0-9 only, not every script's digits.
TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$", re.ASCII)
UTC_OFFSET = re.compile(r"^[+-](0\d|1[0-4]):[0-5]\d$", re.ASCII)
EVENT_KEYS = (
    "id", "date", "time", "utc_offset", "type", "actor", "target", "location", "weapons",
    "casualties", "status", "summary", "sources", "responds_to", "tags",
)
REQUIRED = ("id", "date", "type", "actor")


def read_location(reader: Reader, node: yaml.Node, extra: dict[str, Any]) -> Location | None:
    if isinstance(node, yaml.ScalarNode) and node.tag != NULL:
        return Location(name=reader.text(node, "location"))
    items = reader.mapping(node, "location")
    for key in [key for key in items if key not in ("name", "admin1", "country", "lat", "lon")]:
        extra[f"location.{key}"] = reader.optional(items, key, lambda n, _: reader.plain(n))
    lat = reader.optional(items, "lat", lambda n, w: reader.number(n, "location lat", -90, 90))
    lon = reader.optional(items, "lon", lambda n, w: reader.number(n, "location lon", -180, 180))
    if ("lat" in items) != ("lon" in items):
        reader.report(node, "location has only one of lat and lon; both are needed to place it", "warning")
    return Location(
        name=reader.optional(items, "name", reader.text),
        admin1=reader.optional(items, "admin1", reader.text),
        country=reader.optional(items, "country", reader.text),
        lat=lat,
        lon=lon,
    )


def read_casualties(reader: Reader, node: yaml.Node) -> Casualties:
    items = reader.mapping(node, "casualties")
    for key, (key_node, _) in items.items():
        if key not in ("killed", "injured"):
            reader.report(key_node, f"casualties has an unknown figure {quoted(key)}; only killed and injured are counted", "warning")
    return Casualties(
        killed=reader.optional(items, "killed", lambda n, w: reader.figure(n, "casualties killed")),
        injured=reader.optional(items, "injured", lambda n, w: reader.figure(n, "casualties injured")),
    )


def read_source(reader: Reader, node: yaml.Node) -> Source:
    if isinstance(node, yaml.ScalarNode):
        text = reader.required_text(node, "source")
        return Source(title=text, url=text if text.startswith(("http://", "https://")) else None)
    items = reader.mapping(node, "source")
    title = reader.optional(items, "title", reader.text)
    url = reader.optional(items, "url", reader.text)
    if not (title or url):
        raise reader.fail(node, "source needs a title or a url")
    for key, (key_node, _) in items.items():
        if key not in ("title", "url", "published"):
            reader.report(key_node, f"source has an unknown key {quoted(key)}; it is ignored", "warning")
    return Source(title=title or url, url=url, published=reader.optional(items, "published", reader.text))


def read_sources(reader: Reader, node: yaml.Node) -> tuple[Source, ...]:
    reader.check_tag(node)
    nodes = node.value if isinstance(node, yaml.SequenceNode) else [node]
    sources = []
    for item in nodes:
        try:
            sources.append(read_source(reader, item))
        except Skip:
            pass
    return tuple(sources)


def read_event(reader: Reader, node: yaml.Node, file: str, response_actors: frozenset[str]) -> Event:
    items = reader.mapping(node, "an event")
    required: dict[str, Any] = {}
    unusable = []
    for key in REQUIRED:
        if key in items:
            try:
                value_node = items[key][1]
                required[key] = reader.date(value_node, key) if key == "date" else reader.required_text(value_node, key)
            except Skip:
                unusable.append(key)
    name = f"event {quoted(required['id'])}" if "id" in required else "event"
    missing = [key for key in REQUIRED if key not in items]
    if missing:
        raise reader.fail(node, f"{name} skipped: missing required field{'s' if len(missing) > 1 else ''} {and_list(missing)}")
    if unusable:
        raise reader.fail(node, f"{name} skipped: its {and_list(unusable)} {'is' if len(unusable) == 1 else 'are'} unusable")
    event_id, (date, month_only), event_type, actor = (required[key] for key in REQUIRED)
    extra: dict[str, Any] = {}
    time = reader.optional(items, "time", lambda n, w: time_text(reader, n))
    location = reader.optional(items, "location", lambda n, w: read_location(reader, n, extra))
    status = reader.optional(items, "status", reader.text)
    if status is not None and status not in STATUSES:
        reader.report(items["status"][1], f"status {quoted(status)} is not one of {', '.join(STATUSES)}", "warning")
    for key in items:
        if key not in EVENT_KEYS:
            value = reader.optional(items, key, lambda n, w: reader.plain(n))
            extra[key] = value
    responds_to = reader.optional(items, "responds_to", reader.texts, ())
    return Event(
        id=event_id,
        date=date,
        month_only=month_only,
        type=event_type,
        actor=actor,
        line=reader.line(node),
        file=file,
        time=time,
        utc_offset=reader.optional(items, "utc_offset", lambda n, w: offset_text(reader, n)),
        target=reader.optional(items, "target", reader.text),
        location=location,
        weapons=reader.optional(items, "weapons", reader.texts, ()),
        casualties=reader.optional(items, "casualties", lambda n, w: read_casualties(reader, n), Casualties()),
        status=status,
        summary=reader.optional(items, "summary", reader.text),
        cited=cite_sources(reader.optional(items, "sources", lambda n, w: read_sources(reader, n), ())),
        responds_to=responds_to,
        tags=reader.optional(items, "tags", reader.texts, ()),
        extra=tuple(extra.items()),
        is_response=actor in response_actors if response_actors else bool(responds_to),
    )


def and_list(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]


def time_text(reader: Reader, node: yaml.Node) -> str:
    value = reader.text(node, "time")
    if value is None or not TIME.match(value):
        raise reader.fail(node, f"time must be HH:MM (00:00 to 23:59), not {shown(node)}")
    return value


def offset_text(reader: Reader, node: yaml.Node) -> str:
    value = reader.text(node, "utc_offset")
    if value is None or not UTC_OFFSET.match(value):
        raise reader.fail(node, f'utc_offset must look like "+03:00", not {shown(node)}')
    return value
