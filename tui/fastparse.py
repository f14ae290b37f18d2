"""A fast reader for the events of a log written in the format's usual shape, with PyYAML for the rest.

Composing a 100,000-event log with libyaml takes about half a minute, nearly all of it building nodes
that the validator then walks. Yet almost every event of a real log is written the same regular way:

    - id: 2024-01-28-tower-22
      date: 2024-01-28
      type: drone attack
      location: {name: Tower 22, country: Jordan, lat: 33.32, lon: 38.69}
      weapons: [one-way attack drone]
      sources:
        - {title: "CENTCOM", url: "https://…"}

This module reads that shape directly from the text, one event at a time (the file is cut at its
top-level items as `load.split_events` cuts it), and builds the same `Event` the validator would.
It accepts only what it fully understands and what is valid: single-line plain and quoted scalars,
flow mappings and lists of scalars, block lists and block mappings of those. An event with anything
else (an anchor, a tag, a multi-line scalar, an escape, a value YAML 1.1 reads as a boolean, a value
the validator would warn about or refuse) is composed by PyYAML alone and validated by the
validator, so its problems keep their exact lines, columns and messages.

The whole file goes to the reference path (`load.parse` + `validate.build_log`) when the split
cannot be trusted to give what composing the whole document would: an unusual layout of the
`events:` block, a character YAML refuses, an event PyYAML cannot compose alone (a syntax error or
an alias to another event), or an alias anywhere. tests/test_fastparse.py proves both paths give
identical logs on every fixture, on the synthetic logs, and on thousands of mutated inputs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields
from typing import Any

import yaml

from .model import STATUSES, Casualties, Event, EventLog, Location, Problem, Source
from .validate import (
    DATE,
    EVENT_KEYS,
    MAX_DIGITS,
    TIME,
    UTC_OFFSET,
    Budget,
    Reader,
    Skip,
    TooLarge,
    build_log,
    finish,
    read_event,
)

EVENTS_KEY = re.compile(r"^events[^\S\n]*:[^\S\n]*(#.*)?$", re.M)
"""`load.EVENTS_KEY` applied to the whole text: `\\s` must not run past the end of the line."""
FIRST_ITEM = re.compile(r"^( *)([^ \n#])", re.M)
NOT_END = r"(?!\t|<<<<<<<|=======|>>>>>>>|\|\|\|\|\|\|\|)"
"""Lines at indent 0 that do not end the events block: a tab-indented line, git conflict markers."""
LINE_BREAKS = re.compile("[\x85\u2028\u2029\ufeff]")
"""What YAML 1.1 reads as a line break (NEL, LS, PS), and the BOM: a file holding one takes the reference path.
(`load.decode` already turned CR into LF and every character YAML refuses into U+FFFD.)"""

NULLS = frozenset(("", "~", "null", "Null", "NULL"))
BOOLS = frozenset("yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF".split())
PLAIN_BAD_START = frozenset("?:,[]{}#&*!|>'\"%@`")
KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
FLOW_PLAIN = r"""[^\s,\[\]{}#:"'?&*!|>%@`\\-][^,\[\]{}#:"'\\]*?|-[0-9][^,\[\]{}#:"'\\]*?"""
PAIR_BODY = rf""" *{KEY}: +(?:"[^"\\]*"|'(?:[^']|'')*'|\[[^\[\]{{}}"'#:\\]*\]|(?:{FLOW_PLAIN})) *"""
FLOW_MAP = re.compile(rf"\{{(?:{PAIR_BODY}(?:,{PAIR_BODY})*| *)\}}(?: +(?:#.*)?)?$")
FLOW_PAIRS = re.compile(
    rf""" *({KEY}): +(?:("[^"\\]*")|('(?:[^']|'')*')|(\[[^\[\]{{}}"'#:\\]*\])|({FLOW_PLAIN})) *(?=[,}}])"""
)
"""Once FLOW_MAP has checked the whole, `findall` cuts it into (key, "dq", 'sq', [list], plain)."""
ITEM_BODY = rf""" *(?:"[^"\\]*"|'(?:[^']|'')*'|(?:{FLOW_PLAIN})) *"""
FLOW_SEQ = re.compile(rf"\[(?:{ITEM_BODY}(?:,{ITEM_BODY})*| *)\](?: +(?:#.*)?)?$")
FLOW_ITEMS = re.compile(rf""" *(?:("[^"\\]*")|('(?:[^']|'')*')|({FLOW_PLAIN})) *(?=[,\]])""")
FLOW_PLAIN_ALONE = re.compile(rf"(?:{FLOW_PLAIN})$")
DQ = re.compile(r'"([^"\\]*)"(?: +(?:#.*)?)?$')
SQ = re.compile(r"'((?:[^']|'')*)'(?: +(?:#.*)?)?$")
ITEM_KEY = re.compile(rf"( *)({KEY}):(?: +(.*))?$")
INTEGER = re.compile(r"(?:0|[1-9][0-9]{0,%d})$" % (MAX_DIGITS - 1))
DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$")
LOCATION_KEYS = frozenset(("name", "admin1", "country", "lat", "lon"))
SOURCE_KEYS = frozenset(("title", "url", "published"))
FIGURE_KEYS = frozenset(("killed", "injured"))
KNOWN = frozenset(EVENT_KEYS)


class NotSimple(Exception):
    """Not in the simplest shape: the line-by-line reader tries it."""


class Fallback(Exception):
    """This event is not in the shape read here, or has a problem: PyYAML and the validator read it."""


class Quoted(str):
    """A quoted scalar: never null, a boolean or a number, whatever its letters."""


class Flow(str):
    """A flow collection `{…}` or `[…]` not read yet: the builder reads it, once per distinct text."""


ANCHOR = re.compile(r"(?:^|(?<=[\s\[{,]))&([^\s,\[\]{}]+)", re.M)


class ReferencePath(Exception):
    """The whole file must be read by the reference path."""


# Reading values.


def plain(text: str) -> str | None:
    if text in NULLS:
        return None
    if text in BOOLS:
        raise Fallback
    return text


def block_scalar(v: str) -> Any:
    """A value written on its line after `key: ` (v starts with no space); `…` is an empty value."""
    c = v[0]
    if c == '"':
        m = DQ.match(v)
        if m is None:
            raise Fallback
        return Quoted(m.group(1))
    if c == "'":
        m = SQ.match(v)
        if m is None:
            raise Fallback
        return Quoted(m.group(1).replace("''", "'"))
    if c == "{":
        return flow_map(v)
    if c == "[":
        return flow_seq(v)
    if c in PLAIN_BAD_START or (c == "-" and (len(v) == 1 or v[1] == " ")):
        raise Fallback
    i = v.find(" #")
    if i >= 0:
        v = v[:i]
    v = v.rstrip(" ")
    if ": " in v or v[-1] == ":":
        raise Fallback
    return plain(v)


def flow_plain_list(inner: str) -> list:
    if not inner.strip(" "):
        return []
    items = []
    for item in inner.split(","):
        item = item.strip(" ")
        if not FLOW_PLAIN_ALONE.match(item):
            raise Fallback
        items.append(plain(item))
    return items


def flow_map(v: str) -> dict:
    if FLOW_MAP.match(v) is None:
        raise Fallback
    pairs = FLOW_PAIRS.findall(v)
    out = {}
    for key, dq, sq, seq, pl in pairs:
        if dq:
            out[key] = Quoted(dq[1:-1])
        elif sq:
            out[key] = Quoted(sq[1:-1].replace("''", "'"))
        elif seq:
            out[key] = flow_plain_list(seq[1:-1])
        else:
            out[key] = plain(pl)
    if len(out) != len(pairs):
        raise Fallback  # a duplicate key
    return out


def flow_seq(v: str) -> list:
    if FLOW_SEQ.match(v) is None:
        raise Fallback
    out = []
    for dq, sq, pl in FLOW_ITEMS.findall(v):
        if dq:
            out.append(Quoted(dq[1:-1]))
        elif sq:
            out.append(Quoted(sq[1:-1].replace("''", "'")))
        else:
            out.append(plain(pl))
    return out


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def skip_blank(lines: list[str], i: int) -> int:
    """The index of the next line with content (not blank, not a comment), or len(lines)."""
    n = len(lines)
    while i < n:
        stripped = lines[i].lstrip(" ")
        if stripped and stripped[0] != "#":
            return i
        i += 1
    return n


def block_mapping(lines: list[str], i: int, indent: int, first: str | None = None) -> tuple[dict, int]:
    """Keys at `indent` with one-line values, from lines[i] (or from `first`, the rest of a `- ` line)."""
    out: dict = {}
    prefix = " " * indent
    n = len(lines)
    while True:
        if first is not None:
            m = ITEM_KEY.match(first)
            first = None
        else:
            i = skip_blank(lines, i)
            if i >= n:
                return out, i
            line = lines[i]
            if not line.startswith(prefix) or line[indent] == " ":
                return out, i
            m = ITEM_KEY.match(line, indent)
            i += 1
        if m is None or m.group(1):
            raise Fallback
        key, v = m.group(2), m.group(3)
        if key in out:
            raise Fallback
        if v and v[0] != "#":
            out[key] = block_scalar(v)
            continue
        out[key] = None
        j = skip_blank(lines, i)
        if j < n and indent_of(lines[j]) > indent:
            raise Fallback  # a nested block: not read here


def block_sequence(lines: list[str], i: int, indent: int) -> tuple[list, int]:
    """Items `- value` at `indent`; an item may be a block mapping `- key: value` over several lines."""
    out: list = []
    n = len(lines)
    while True:
        i = skip_blank(lines, i)
        if i >= n:
            return out, i
        line = lines[i]
        if indent_of(line) != indent or line[indent] != "-":
            return out, i
        if line[indent + 1 : indent + 2] != " ":
            if len(line) == indent + 1:
                raise Fallback  # `-` alone: its value is on the next lines
            return out, i
        rest = line[indent + 2 :]
        stripped = rest.lstrip(" ")
        i += 1
        if not stripped or stripped[0] == "#":
            raise Fallback
        m = ITEM_KEY.match(rest)
        if m is not None:
            item, i = block_mapping(lines, i, indent + 2 + len(m.group(1)), stripped)
            out.append(item)
        else:
            out.append(block_scalar(stripped))


def read_items(lines: list[str], key_line: re.Pattern, indent: int) -> dict:
    """The event's keys and values; lines[0] is the first line with its `- ` blanked."""
    items: dict = {}
    n = len(lines)
    i = 0
    while i < n:
        line = lines[i]
        stripped = line.lstrip(" ")
        if not stripped or stripped[0] == "#":
            i += 1
            continue
        m = key_line.match(line)
        if m is None:
            raise Fallback
        key, v = m.groups()
        if key in items:
            raise Fallback
        i += 1
        if v and v[0] != "#":
            items[key] = block_scalar(v)
            continue
        j = skip_blank(lines, i)
        if j < n:
            next_line = lines[j]
            deeper = indent_of(next_line)
            if deeper > indent or (deeper == indent and next_line[indent] == "-" and next_line[indent + 1 : indent + 2] in (" ", "")):
                if next_line[deeper] == "-":
                    items[key], i = block_sequence(lines, j, deeper)
                else:
                    items[key], i = block_mapping(lines, j, deeper)
                if i < n and indent_of(lines[i]) != indent:
                    raise Fallback
                continue
        items[key] = None
    return items


SPECIAL_PLAIN = NULLS | BOOLS
FLOW_HARD = re.compile(r"""["'\[\]{}#\\]""")
FLOW_BAD_START = frozenset("?:,[]{}#&*!|>'\"%@`\\")
DIGITS = frozenset("0123456789")
KEY_RE = re.compile(KEY + "$")
KEYS_SEEN: dict[str, bool] = {}


def good_key(key: str) -> bool:
    known = KEYS_SEEN.get(key)
    if known is None:
        known = KEYS_SEEN[key] = KEY_RE.match(key) is not None and len(KEYS_SEEN) < 10_000
    return known


def flow_value(value: str) -> str | None:
    """A plain scalar cut out of a flow collection that holds no quotes, brackets or comments."""
    value = value.strip(" ")
    if not value:
        raise Fallback
    first = value[0]
    if first in FLOW_BAD_START or first == "-" and value[1:2] not in DIGITS:
        raise Fallback
    if value in SPECIAL_PLAIN:
        return plain(value)
    return value


NUMERIC_KEYS = frozenset(("lat", "lon", "killed", "injured"))
"""Keys read as numbers: a quoted value there must stay marked as quoted (the validator refuses it)."""
HOLE = "\x00"
"""Stands for a double-quoted string cut out of a flow collection; `load.decode` leaves no NUL in the text."""


def unquote(inner: str) -> tuple[str, list[str]] | None:
    """The collection's text with each "quoted string" replaced by HOLE, and the strings; None if not that simple."""
    if "\\" in inner:
        return None
    parts = inner.split('"')
    if not len(parts) & 1:
        return None
    return HOLE.join(parts[0::2]), parts[1::2]


BLANK = (None,)
PENDING = object()
UNIQUE_KEYS = frozenset(("id", "summary"))
"""Keys whose lines are not worth remembering: every event has its own."""
MAX_CACHED_LINES = 200_000


def one_line_value(v: str) -> Any:
    """A value alone on its line in the simplest shapes (v stripped, not empty); anything else is NotSimple."""
    c = v[0]
    if c == '"':
        if v[-1] != '"' or v.count('"') != 2 or "\\" in v:
            raise NotSimple
        return v[1:-1]  # quoted; no field read at this level or in a block list is a number, so a str will do
    if c == "{":
        if v[-1] != "}" or "#" in v:
            raise NotSimple
        return Flow(v)
    if c == "[":
        if v[-1] != "]" or "#" in v:
            raise NotSimple
        return Flow(v)
    if c in PLAIN_BAD_START or c == "-" and v[1:2] in ("", " ") or "#" in v or ":" in v:
        raise NotSimple
    return plain(v) if v in SPECIAL_PLAIN else v


def flow_map_exact(v: str) -> dict:
    """`{…}` with nothing after it; plain and double-quoted values are cut with str.split, anything else by flow_map."""
    inner = v[1:-1]
    strings = None
    if '"' in inner:
        cut = unquote(inner)
        if cut is None:
            return flow_map(v)
        inner, strings = cut
        strings.reverse()
    if FLOW_HARD.search(inner) is not None:
        return flow_map(v)
    out: dict = {}
    if not inner.strip(" "):
        return out
    seen = KEYS_SEEN
    for part in inner.split(","):
        key, colon, value = part.partition(":")
        key = key.lstrip(" ")
        if not colon or value[:1] != " " or ":" in value or key in out or (seen.get(key) is not True and not good_key(key)):
            raise Fallback
        value = value.strip(" ")
        if not value:
            raise Fallback
        if strings is not None and HOLE in value:
            if value != HOLE:
                raise Fallback  # a quote inside a plain value
            text = strings.pop()
            out[key] = Quoted(text) if key in NUMERIC_KEYS else text
            continue
        first = value[0]
        if first in FLOW_BAD_START or first == "-" and value[1:2] not in DIGITS:
            raise Fallback
        out[key] = plain(value) if value in SPECIAL_PLAIN else value
    return out


def flow_seq_exact(v: str) -> list:
    inner = v[1:-1]
    strings = None
    if '"' in inner:
        cut = unquote(inner)
        if cut is None:
            return flow_seq(v)
        inner, strings = cut
        strings.reverse()
    if FLOW_HARD.search(inner) is not None or ":" in inner:
        return flow_seq(v)
    if not inner.strip(" "):
        return []
    if strings is None:
        return [flow_value(item) for item in inner.split(",")]
    out: list = []
    for item in inner.split(","):
        if HOLE in item:
            if item.strip(" ") != HOLE:
                raise Fallback
            out.append(Quoted(strings.pop()))
        else:
            out.append(flow_value(item))
    return out


# Turning values into an event, as the validator would for a value it finds no fault with.


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
            known = self.tuples.get(value)
            if known is None:
                known = self.tuples[value] = self.texts(flow_map_exact(value) if value[0] == "{" else flow_seq_exact(value))
            return known
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
            known = self.locations.get(value)
            if known is None:
                known = self.locations[value] = self.location(flow_map_exact(value) if value[0] == "{" else flow_seq_exact(value))
            return known
        if kind is not dict:
            return (self.text(value), None, None, None, None), ()
        if ("lat" in value) != ("lon" in value):
            raise Fallback
        extra = tuple(("location." + key, plain_value(item)) for key, item in value.items() if key not in LOCATION_KEYS)
        get = value.get
        shared = self.shared
        return (shared(get("name")), shared(get("admin1")), shared(get("country")), self.number(get("lat"), 90), self.number(get("lon"), 180)), extra

    def casualties_of(self, value: Any) -> tuple:
        """(killed, injured)."""
        if value is None:
            return NO_FIGURES
        kind = type(value)
        if kind is Flow:
            known = self.casualties.get(value)
            if known is None:
                known = self.casualties[value] = self.casualties_of(flow_map_exact(value) if value[0] == "{" else flow_seq_exact(value))
            return known
        if kind is not dict or not FIGURE_KEYS.issuperset(value):
            raise Fallback
        return (self.figure(value.get("killed")), self.figure(value.get("injured")))

    def source(self, value: Any) -> tuple:
        """(title, url, published)."""
        kind = type(value)
        if kind is Flow:
            value = flow_map_exact(value) if value[0] == "{" else flow_seq_exact(value)
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

    def sources(self, value: Any) -> tuple:
        if value is None:
            return ()
        if type(value) is Flow:
            value = flow_map_exact(value) if value[0] == "{" else flow_seq_exact(value)
        return tuple([self.source(item) for item in (value if type(value) is list else (value,))])

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
        """The event as a record (see RECORD)."""
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
            extra += tuple((key, plain_value(value)) for key, value in items.items() if key not in KNOWN)
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


NO_FIGURES = (None, None)
NO_LOCATION = (None, ())
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
            built = []
            for source in sources:
                source = make_source(*source)
                set_class(source, "__class__", Source)
                built.append(source)
            sources = tuple(built)
        event = make_event(
            event_id, date, event_type, actor, line, file, month_only, time, offset, target, location, weapons, figures,
            status, summary, sources, responds_to, tags, extra, is_response,
        )
        set_class(event, "__class__", Event)
        append(event)
    return out


def plain_value(value: Any) -> Any:
    """What `Reader.plain` gives for a key the format does not know."""
    if type(value) is Flow:
        value = flow_map_exact(value) if value[0] == "{" else flow_seq_exact(value)
    if type(value) is Quoted:
        return str.__str__(value)
    if type(value) is list:
        return [plain_value(item) for item in value]
    if type(value) is dict:
        return {key: plain_value(item) for key, item in value.items()}
    return value


# Cutting the file and putting the log together.


class Split:
    """The `events:` block as `load.split_events` finds it, located in the text without splitting every line."""

    def __init__(self, text: str) -> None:
        key = EVENTS_KEY.search(text)
        if key is None:
            raise ReferencePath
        self.key_line = text.count("\n", 0, key.start())
        body = text.find("\n", key.end())
        if body < 0:
            raise ReferencePath
        body += 1
        first = FIRST_ITEM.search(text, body)
        if first is None or first.group(2) != "-":
            raise ReferencePath
        self.indent = indent = len(first.group(1))
        # Each pattern starts with the newline before its line: a literal prefix the regex engine finds fast.
        item = re.compile(r"\n {%d}-(?=\s|$)" % indent, re.M)
        if not item.match(text, first.start() - 1):
            raise ReferencePath  # the first item is not one split_events would cut at
        not_item = r"(?!-(?:\s|$))" if indent == 0 else ""
        # One pass finds both: the items' first lines, and the first line that ends the block.
        either = re.compile(r"\n(?: {%d}-(?=\s|$)|(?=[^ \n#])%s%s())" % (indent, NOT_END, not_item), re.M)
        self.starts = starts = []
        self.end = len(text)
        for m in either.finditer(text, first.start() - 1):
            if m.group(1) is not None:
                self.end = m.start() + 1
                break
            starts.append(m.start() + 1)
        self.first_line = self.key_line + text.count("\n", key.start(), first.start())

    @classmethod
    def of_tail(cls, text: str, indent: int, first_line: int) -> Split:
        """The events of `text` = a newline + the file from an event's first line on, when they run to its end."""
        split = cls.__new__(cls)
        split.key_line = -1
        split.indent = indent
        split.first_line = first_line
        item = re.compile(r"\n {%d}-(?=\s|$)" % indent, re.M)
        if not item.match(text, 0):
            raise ReferencePath
        not_item = r"(?!-(?:\s|$))" if indent == 0 else ""
        if re.compile(r"\n(?=[^ \n#])" + NOT_END + not_item, re.M).search(text, 0):
            raise ReferencePath  # top-level keys after the events now: read the whole file
        split.end = len(text)
        split.starts = [m.start() + 1 for m in item.finditer(text, 0, split.end)]
        return split

    def header_text(self, text: str) -> str:
        """The file with the events block blanked: every line keeps its number."""
        blank = text.count("\n", self.starts[0], self.end)
        return text[: self.starts[0]] + "\n" * blank + text[self.end :]


def has_alias(node: yaml.Node) -> bool:
    """Whether a node is reached twice (an alias), walking without recursion."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
    return False


def compose(text: str) -> yaml.Node | None:
    from .load import compose as reference_compose

    try:
        return reference_compose(text)
    except (yaml.YAMLError, RecursionError):
        raise ReferencePath from None


def read_header(text: str, split: Split, file: str, problems: list[Problem]) -> EventLog:
    root = compose(split.header_text(text))
    if not isinstance(root, yaml.MappingNode) or has_alias(root):
        raise ReferencePath
    events = [(key, value) for key, value in root.value if isinstance(key, yaml.ScalarNode) and key.value == "events"]
    if len(events) != 1:
        raise ReferencePath
    key, value = events[0]
    if key.start_mark.line != split.key_line or key.tag != "tag:yaml.org,2002:str":
        raise ReferencePath
    if not isinstance(value, yaml.ScalarNode) or value.tag != "tag:yaml.org,2002:null" or value.value or value.style:
        raise ReferencePath  # something after the events list reads as more of it (a `-` line at indent 0)
    if any(key.tag == "tag:yaml.org,2002:merge" for key, _ in root.value):
        raise ReferencePath
    from .load import Parsed

    return build_log(Parsed(root, (), {}, ()), file, problems)


def check_characters(text: str) -> None:
    if not text.isascii() and LINE_BREAKS.search(text):
        raise ReferencePath


class ChunkReader:
    """Reads the events of one file chunk by chunk into records: fast when it can, with PyYAML when it must."""

    def __init__(self, text: str, file: str, split: Split, response_actors: frozenset[str]) -> None:
        self.text = text
        self.file = file
        self.split = split
        self.dash_indent = split.indent
        self.indent = split.indent + 2
        self.key_line = re.compile(r" {%d}(%s):(?: +(.*))?$" % (self.indent, KEY))
        self.builder = Builder(file, response_actors)
        self.processors = self.builder.processors()
        self.lines: dict[str, tuple] = {"": BLANK}
        """Lines already read, to what they give: most lines of a log repeat (`type: drone attack`)."""
        self.response_actors = response_actors
        self.slow = 0
        self.anchors: set[str] = set()
        """Anchor names met in the parts PyYAML composed: one used twice in the file is a syntax error."""
        self.stops = [start - 1 for start in split.starts[1:]] + [split.end]
        self.known_line = (split.starts[0], split.first_line)
        """An offset of an event's first line and that line's number (0-based), from the last call of records():
        the next call, reading the following events, counts lines from there rather than from the top."""

    def records(self, low: int = 0, high: int | None = None) -> tuple[list[tuple], list[Problem]]:
        """Records of the events split.starts[low:high], and the problems of those that PyYAML had to read."""
        text = self.text
        starts = self.split.starts[low:high]
        stops = self.stops[low:high]
        out: list[tuple] = []
        problems: list[Problem] = []
        if not starts:
            return out, problems
        known_offset, known_line = self.known_line
        if starts[0] < known_offset:
            known_offset, known_line = self.split.starts[0], self.split.first_line
        line = known_line + text.count("\n", known_offset, starts[0])
        previous = starts[0]
        read_items_ = read_items
        key_line = self.key_line
        indent = self.indent
        dash = self.dash_indent
        event = self.builder.event
        pad = " " * indent
        simple = self.simple_record
        for start, stop in zip(starts, stops):
            line += text.count("\n", previous, start)
            previous = start
            try:
                if text.find("\t", start, stop) >= 0:
                    raise Fallback
                try:
                    out.append(simple(text[start:stop].split("\n"), line + 1))
                except NotSimple:
                    lines = text[start:stop].split("\n")
                    first = lines[0]
                    if first[dash + 1 : dash + 2] != " ":
                        raise Fallback from None
                    lines[0] = pad + first[indent:]
                    out.append(event(read_items_(lines, key_line, indent), line + 1))
            except Fallback:
                self.slow += 1
                # With its line end: composed alone, a block scalar at the end keeps its newline as in the file.
                found = self.slow_event(text[start : stop + 1 if stop < self.split.end else stop], line, problems)
                if found is not None:
                    out.append(record_of(found))
        self.known_line = (previous, line)
        return out, problems

    def simple_record(self, lines: list[str], line: int) -> tuple:
        """An event whose every line is `key: value` on one line, or `- item` under a `key:`; else NotSimple."""
        cache = self.lines
        read_line = self.read_line
        fields: dict = {}
        pending: list | None = None
        lists: list[str] = []
        list_indent = 0
        for text in lines:
            found = cache.get(text)
            if found is None:
                found = read_line(text)
            key = found[0]
            if key is None:
                continue
            if key == "-":
                if pending is None:
                    raise NotSimple
                if not pending:
                    list_indent = found[1]
                elif found[1] != list_indent:
                    raise NotSimple
                pending.append(found[2])
                continue
            if key in fields:
                raise Fallback  # a duplicate key
            value = found[1]
            if value is PENDING:
                fields[key] = pending = []
                lists.append(key)
            else:
                fields[key] = value
                pending = None
        for key in lists:
            fields[key] = self.processors.get(key, plain_value)(fields[key] or None)
        return self.builder.record(fields, line)

    def read_line(self, text: str) -> tuple:
        """(None,) for a blank or comment line, (key, field) or (key, PENDING), or ("-", indent, raw item)."""
        stripped = text.lstrip(" ")
        if not stripped or stripped[0] == "#":
            return BLANK
        indent = len(text) - len(stripped)
        if indent == self.dash_indent and stripped[:2] == "- ":
            stripped = stripped[2:]
            indent = self.indent
            if stripped[:1] in ("", " ", "-"):
                raise NotSimple
        if indent == self.indent and stripped[0] != "-":
            key, colon, value = stripped.partition(":")
            if not colon or not good_key(key) or value[:1] not in ("", " "):
                raise NotSimple
            value = value.strip(" ")
            found = (key, self.processors.get(key, plain_value)(one_line_value(value)) if value else PENDING)
            if key not in UNIQUE_KEYS and len(self.lines) < MAX_CACHED_LINES:
                self.lines[text] = found
            return found
        if indent >= self.indent and stripped[:2] == "- ":
            value = stripped[2:].strip(" ")
            if not value:
                raise NotSimple
            return ("-", indent, one_line_value(value))
        raise NotSimple

    def add_anchors(self, text: str) -> None:
        """Composed alone, a part cannot see an anchor of another: a name met twice sends the file to the reference path.
        (Read from the text, so an `&x` inside a quoted string counts too: that can only cost speed.)"""
        for name in ANCHOR.findall(text):
            if name in self.anchors:
                raise ReferencePath
            self.anchors.add(name)

    def slow_event(self, chunk: str, line: int, problems: list[Problem]) -> Event | None:
        """The reference reading of one event: compose it alone, validate it with the line offset."""
        dash = self.dash_indent
        for other in chunk.split("\n")[1:]:
            stripped = other.lstrip(" ")
            if stripped and stripped[0] != "#" and len(other) - len(stripped) <= dash:
                raise ReferencePath  # a line the item may not own: composing it alone could differ
        self.add_anchors(chunk)
        node = compose(chunk)
        if not isinstance(node, yaml.SequenceNode) or len(node.value) != 1 or has_alias(node):
            raise ReferencePath
        if node.tag != "tag:yaml.org,2002:seq":
            raise ReferencePath
        item = node.value[0]
        reader = Reader(self.file, problems, line, Budget())
        try:
            return read_event(reader, item, self.file, self.response_actors)
        except Skip:
            return None
        except (RecursionError, TooLarge):
            raise ReferencePath from None


@dataclass
class Read:
    """A file read by the fast path, with what a cache entry or a later append needs."""

    header: EventLog
    """The top-level keys (title, counts, response actors) and their problems (decoding problems included)."""
    records: list[tuple]
    """Every event, in file order."""
    event_problems: list[Problem]
    """Problems of single events (not the cross-event ones: duplicate ids, unknown responds_to)."""
    indent: int
    last_start: int
    """Character offset of the last event's first line: an append is read again from there."""
    open_end: bool
    """Whether the events list runs to the end of the file (then an append only adds or extends events)."""
    slow: int = 0
    """Events PyYAML had to read."""
    workers: int = 1
    anchors: frozenset[str] = frozenset()

    early: list[Event] | None = None
    """Events of the first records (of all, when read in parallel), built while other processes read."""

    def log(self, file: str) -> EventLog:
        early = self.early or []
        return assemble(file, self.header, early + materialize(self.records[len(early) :], file), self.event_problems)


def assemble(file: str, header: EventLog, events: list[Event], event_problems: list[Problem]) -> EventLog:
    """What validate.build_log ends with: events sorted, ids indexed, cross-event problems added, problems sorted."""
    return finish(
        file, [*header.problems, *event_problems], header.title, events, list(header.reported_counts), frozenset(header.response_actors)
    )


def read(text: str, file: str, problems: list[Problem], workers: int | None = 1) -> Read | None:
    """The fast reading of a decoded file, or None when only the reference path reads it exactly.

    `workers`: processes to read the events with; None lets parallel.workers_for decide from their number.
    """
    try:
        check_characters(text)
        split = Split(text)
        if not split.starts:
            return None
        header = read_header(text, split, file, list(problems))
        reader = ChunkReader(text, file, split, frozenset(header.response_actors))
        reader.add_anchors(text[: split.starts[0]] + "\n" + text[split.end :])  # the header_text without its blank lines
        if workers is None:
            from .parallel import workers_for

            workers = workers_for(len(split.starts))
        if workers > 1:
            from .parallel import records_in_parallel

            records, event_problems, early = records_in_parallel(reader, workers, lambda piece: materialize(piece, file))
        else:
            early = []
            records, event_problems = reader.records()
    except ReferencePath:
        return None
    return Read(
        header, records, event_problems, split.indent, split.starts[-1], split.end == len(text), reader.slow, workers,
        frozenset(reader.anchors), early,
    )


def load_text(text: str, file: str, problems: list[Problem], workers: int = 1) -> EventLog | None:
    """The log, or None when only the reference path can read this file exactly."""
    found = read(text, file, problems, workers)
    return None if found is None else found.log(file)


def read_tail(
    tail: str, file: str, indent: int, first_line: int, response_actors: frozenset[str], anchors: frozenset[str] = frozenset()
) -> tuple[list[tuple], list[Problem], int] | None:
    """Records and problems of the events in `tail` (the file from an event's first line, at 0-based `first_line`,
    to its end), and the offset in `tail` of the last event; None when only a whole reading will do."""
    text = "\n" + tail
    try:
        check_characters(text)
        split = Split.of_tail(text, indent, first_line)
        reader = ChunkReader(text, file, split, response_actors)
        reader.anchors = set(anchors)
        records, problems = reader.records()
    except ReferencePath:
        return None
    return records, problems, split.starts[-1] - 1
