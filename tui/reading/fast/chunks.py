"""Reading the events of one file chunk by chunk into records: the fast way where it can, with PyYAML where it must.

See reader.py for what the fast way accepts and why.
"""


from __future__ import annotations

import re
from typing import Callable

import yaml

from ..reference.fields import read_event
from .blocks import read_items
from .build import Builder
from .split import ReferencePath, Split, compose_or_decline, has_alias
from .scalars import KEY, Fallback, NotSimple, good_key, one_line_value, extra_value
from ...core.model import Event, Problem
from ..reference.nodes import Budget, Reader, Skip, TooLarge
from .records import record_of

ANCHOR = re.compile(r"(?:^|(?<=[\s\[{,]))&([^\s,\[\]{}]+)", re.M)
BLANK = (None,)
PENDING = object()
UNIQUE_KEYS = frozenset(("id", "summary"))
"""Keys whose lines are not worth remembering: every event has its own."""
MAX_CACHED_LINES = 200_000


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
        self.refetch: Callable[[], str] | None = None
        """The whole text again, for a reader that may `narrow` it."""
        """An offset of an event's first line and that line's number (0-based), from the last call of records():
        the next call, reading the following events, counts lines from there rather than from the top."""

    def narrow(self, high: int) -> None:
        """Keep only the text up to the events before `high` (a copy), dropping the whole text: this process's own
        share of a parallel read (the first). Only with a `refetch` to give the whole text back (`widen`) if it is needed."""
        assert self.refetch is not None
        self.text = self.text[: min(self.stops[high - 1] + 1, len(self.text))]

    def release(self) -> None:
        """Drop the text: every event this process reads has been read."""
        self.text = ""

    def widen(self) -> None:
        """The whole text again, after `narrow` or `release`: from `refetch`, the file checked to be unchanged."""
        assert self.refetch is not None
        self.text = self.refetch()

    def records(self, low: int = 0, high: int | None = None) -> tuple[list[tuple], list[Problem]]:
        """Records of the events split.starts[low:high], and the problems of those that PyYAML had to read."""
        starts = self.split.starts[low:high]
        stops = self.stops[low:high]
        out: list[tuple] = []
        problems: list[Problem] = []
        if not starts:
            return out, problems
        if stops[-1] + (stops[-1] < self.split.end) > len(self.text):  # slow_event reads up to the line end
            self.widen()
        text = self.text
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
                eol = text.find("\n", start, stop)
                head = text[start + dash + 1 : eol if eol >= 0 else stop].lstrip(" ")
                if not head or head[0] == "#":
                    raise Fallback  # the mapping starts on a later line, which is the event's line for PyYAML
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
            fields[key] = self.processors.get(key, extra_value)(fields[key] or None)
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
            found = (key, self.processors.get(key, extra_value)(one_line_value(value)) if value else PENDING)
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
        """The reference reading of one event: compose_or_decline it alone, validate it with the line offset."""
        dash = self.dash_indent
        for other in chunk.split("\n")[1:]:
            stripped = other.lstrip(" ")
            if stripped and stripped[0] != "#" and len(other) - len(stripped) <= dash:
                raise ReferencePath  # a line the item may not own: composing it alone could differ
        self.add_anchors(chunk)
        node = compose_or_decline(chunk)
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
