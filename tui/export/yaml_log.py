"""A log written as format v1 text (what `sitrep import` makes of an ACLED export): every field of every event, in
the regular shape the fast reader reads at full speed (reading/fast/reader.py).

Each text is quoted: double quotes where it needs no escape, single quotes where it holds a quote or a backslash,
escapes (a multi-line summary) only where nothing else can hold it: an event with an escape is read by PyYAML,
correctly but slower.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import lru_cache
from typing import Any, Iterable, TextIO

from ..core.describe import INVISIBLE
from ..core.model import Event, EventLog, Figure

KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*$")
ESCAPED = re.compile("[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[" + "".join(map(chr, INVISIBLE)) + "]")
"""Characters a quoted scalar can hold only as an escape: line ends, controls, line separators, invisible characters
(which `sitrep check` would warn about if written raw)."""


def escape(match: re.Match) -> str:
    code = ord(match.group())
    return {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(match.group()) or (f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")


@lru_cache(maxsize=1 << 16)
def scalar(text: str) -> str:
    """A text quoted (remembered: an export repeats its names, places and sources thousands of times)."""
    if text.isascii() and text.isprintable():  # the usual case: no escape, checked in C
        return f'"{text}"' if '"' not in text and "\\" not in text else "'" + text.replace("'", "''") + "'"
    if ESCAPED.search(text):
        return '"' + ESCAPED.sub(escape, text.replace("\\", "\\\\").replace('"', '\\"')) + '"'
    if '"' in text or "\\" in text:
        return "'" + text.replace("'", "''") + "'"
    return f'"{text}"'


@lru_cache(maxsize=1 << 12)
def key(name: str) -> str:
    return name if KEY.match(name) else scalar(name)


def flow(value: Any) -> str:
    """A value kept under a key the format does not know: text, or lists and mappings of it."""
    if type(value) is str:
        return scalar(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(flow(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key(str(name))}: {flow(item)}" for name, item in value.items()) + "}"
    return scalar(value if isinstance(value, str) else json.dumps(value, default=str))


def number(value: float) -> str:
    """A coordinate that reads back as the same float: positional (YAML 1.1 reads `1e-05` as text)."""
    text = repr(float(value))
    return text if "e" not in text and "n" not in text else format(Decimal(text), "f")


def figure(value: Figure) -> str:
    low, high = value
    return str(low) if low == high else f"[{low}, {high}]"


def event_text(event: Event) -> str:
    lines = [f"  - id: {scalar(event.id)}", f"    date: {event.date_text}"]
    if event.time is not None:
        lines.append(f"    time: {scalar(event.time)}")
    if event.utc_offset is not None:
        lines.append(f"    utc_offset: {scalar(event.utc_offset)}")
    lines += [f"    type: {scalar(event.type)}", f"    actor: {scalar(event.actor)}"]
    if event.target is not None:
        lines.append(f"    target: {scalar(event.target)}")
    place = event.location
    located = [(name, value) for name, value in event.extra if name.startswith("location.")]
    if place is not None or located:
        parts = [f"{name}: {scalar(value)}" for name, value in (("name", place and place.name), ("admin1", place and place.admin1), ("country", place and place.country)) if value is not None]
        parts += [f"{name}: {number(value)}" for name, value in (("lat", place and place.lat), ("lon", place and place.lon)) if value is not None]
        parts += [f"{key(name.removeprefix('location.'))}: {flow(value)}" for name, value in located]
        lines.append("    location: {" + ", ".join(parts) + "}")
    if event.weapons:
        lines.append(f"    weapons: {flow(event.weapons)}")
    figures = [f"{name}: {figure(value)}" for name, value in (("killed", event.casualties.killed), ("injured", event.casualties.injured)) if value is not None]
    if figures:
        lines.append("    casualties: {" + ", ".join(figures) + "}")
    if event.status is not None:
        lines.append(f"    status: {scalar(event.status)}")
    if event.summary is not None:
        lines.append(f"    summary: {scalar(event.summary)}")
    if event.sources:
        lines.append("    sources:")
        for source in event.sources:
            parts = [f"{name}: {scalar(value)}" for name, value in (("title", source.title), ("url", source.url), ("published", source.published)) if value]
            lines.append("      - {" + ", ".join(parts) + "}")
    if event.responds_to:
        lines.append(f"    responds_to: {flow(event.responds_to)}")
    if event.tags:
        lines.append(f"    tags: {flow(event.tags)}")
    lines += [f"    {key(name)}: {flow(value)}" for name, value in event.extra if not name.startswith("location.")]
    return "\n".join(lines) + "\n"


def header_text(log: EventLog, title: str, comments: Iterable[str]) -> str:
    lines = [f"# {comment}" for comment in comments]
    lines += ["version: 1", f"title: {scalar(title)}"]
    if log.response_actors:
        lines.append(f"response_actors: {flow(log.response_actors)}")
    if log.vocabulary:
        lines.append("vocabulary:")
        for name, terms in log.vocabulary.terms.items():
            lines.append(f"  {name}:")
            for term in terms:
                parts = [f"value: {scalar(term.value)}"] + ([f"group: {scalar(term.group)}"] if term.group else [])
                parts += [f"aliases: {flow(term.aliases)}"] if term.aliases else []
                lines.append("    - {" + ", ".join(parts) + "}")
    return "\n".join(lines) + "\n"


def write_log(log: EventLog, stream: TextIO, title: str, comments: Iterable[str] = ()) -> None:
    """The log as format v1, its events in its order; `comments` open the file, one `#` line each."""
    stream.write(header_text(log, title, comments))
    if not log.events:
        stream.write("events: []\n")
        return
    stream.write("events:\n")
    for event in log.events:
        stream.write(event_text(event))
