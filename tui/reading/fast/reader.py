"""The fast reader of a log: a whole file, or the tail an append added, read into records chunk by chunk.

Composing a 100,000-event log with libyaml takes about half a minute, nearly all of it building nodes
that the validator then walks. Yet almost every event of a real log is written the same regular way:

    - id: 2024-01-28-tower-22
      date: 2024-01-28
      type: drone attack
      location: {name: Tower 22, country: Jordan, lat: 33.32, lon: 38.69}
      weapons: [one-way attack drone]
      sources:
        - {title: "CENTCOM", url: "https://…"}

The fast path reads that shape directly from the text, one event at a time (the file is cut at its
top-level items as `load.split_events` cuts it: fastsplit), and builds the same `Event` the validator
would (values read by fastvalues and fastblocks, made a record by fastbuild, an `Event` by records).
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

import re
from dataclasses import dataclass

import yaml

from ..reference.fields import read_event
from .blocks import read_items
from .build import Builder
from .split import ReferencePath, Split, check_characters, compose, has_alias, read_header
from .scalars import KEY, Fallback, NotSimple, good_key, one_line_value, plain_value
from ...core.model import Event, EventLog, Problem
from ..reference.nodes import Budget, Reader, Skip, TooLarge
from .records import materialize, record_of
from ..reference.validate import finish

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
            from .. import progress
            from .parallel import records_in_parallel

            try:
                records, event_problems, early = records_in_parallel(
                    reader, workers, lambda piece: materialize(piece, file), lambda done: progress.report(file, done)
                )
            finally:
                progress.finished(file)
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
