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
from typing import Any, Callable, Iterable, TextIO

from ..core.describe import INVISIBLE
from ..core.model import Casualties, Event, EventLog, Figure, Location, Source

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


def location_text(place: Location | None, located: tuple[tuple[str, Any], ...]) -> str:
    parts = [f"{name}: {scalar(value)}" for name, value in (("name", place and place.name), ("admin1", place and place.admin1), ("country", place and place.country)) if value is not None]
    parts += [f"{name}: {number(value)}" for name, value in (("lat", place and place.lat), ("lon", place and place.lon)) if value is not None]
    parts += [f"{key(name.removeprefix('location.'))}: {flow(value)}" for name, value in located]
    return "    location: {" + ", ".join(parts) + "}\n"


def casualties_text(casualties: Casualties) -> str:
    figures = [f"{name}: {figure(value)}" for name, value in (("killed", casualties.killed), ("injured", casualties.injured)) if value is not None]
    return "    casualties: {" + ", ".join(figures) + "}\n" if figures else ""


def sources_text(sources: tuple[Source, ...]) -> str:
    lines = ["    sources:\n"]
    for source in sources:
        parts = [f"{name}: {scalar(value)}" for name, value in (("title", source.title), ("url", source.url), ("published", source.published)) if value]
        lines.append("      - {" + ", ".join(parts) + "}\n")
    return "".join(lines)


def pair_text(pair: tuple[str, Any]) -> str:
    return f"    {key(pair[0])}: {flow(pair[1])}\n"


class Texts:
    """The text of the values events share (a place, figures, sources, an extra key's value), made once per write.

    Shared objects are known by their id (a dataclass hashes in Python, slower than making the text again); every
    event is alive while the log is written, so no id is reused meanwhile."""

    def __init__(self) -> None:
        self.made: dict[Any, str] = {}

    def of(self, value: Any, make: Callable[..., str], *args: Any) -> str:
        try:
            text = self.made.get(value)
        except TypeError:  # a list or a mapping kept under an unknown key: made each time
            return make(*args)
        if text is None:
            text = self.made[value] = make(*args)
        return text

    def event(self, event: Event) -> str:
        out = [f"  - id: {scalar(event.id)}\n    date: {event.date_text}\n"]
        if event.time is not None:
            out.append(f"    time: {scalar(event.time)}\n")
        if event.utc_offset is not None:
            out.append(f"    utc_offset: {scalar(event.utc_offset)}\n")
        out.append(f"    type: {scalar(event.type)}\n    actor: {scalar(event.actor)}\n")
        if event.target is not None:
            out.append(f"    target: {scalar(event.target)}\n")
        extra = event.extra
        located = 0  # every reader puts the `location.<key>` extras first
        while located < len(extra) and extra[located][0].startswith("location."):
            located += 1
        if event.location is not None or located:
            out.append(self.of((id(event.location), extra[:located]), location_text, event.location, extra[:located]))
        if event.weapons:
            out.append(f"    weapons: {flow(event.weapons)}\n")
        out.append(self.of(id(event.casualties), casualties_text, event.casualties))
        if event.status is not None:
            out.append(f"    status: {scalar(event.status)}\n")
        if event.summary is not None:
            out.append(f"    summary: {scalar(event.summary)}\n")
        if event.cited:
            out.append(self.of(event.cited, lambda: sources_text(event.sources)))
        if event.responds_to:
            out.append(f"    responds_to: {flow(event.responds_to)}\n")
        if event.tags:
            out.append(f"    tags: {flow(event.tags)}\n")
        made = self.made
        for pair in extra[located:]:  # the commonest value: inlined
            try:
                text = made.get(pair)
            except TypeError:  # a list or a mapping kept under an unknown key
                text = pair_text(pair)
            if text is None:
                text = made[pair] = pair_text(pair)
            out.append(text)
        return "".join(out)


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
    texts = Texts()
    for event in log.events:
        stream.write(texts.event(event))
