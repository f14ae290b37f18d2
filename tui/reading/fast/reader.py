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
top-level items as `reference.compose.split_events` cuts it: fast/split.py), and builds the same `Event` the validator
would (values read by fastvalues and fastblocks, made a record by fastbuild, an `Event` by records).
It accepts only what it fully understands and what is valid: single-line plain and quoted scalars,
flow mappings and lists of scalars, block lists and block mappings of those. An event with anything
else (an anchor, a tag, a multi-line scalar, an escape, a value YAML 1.1 reads as a boolean, a value
the validator would warn about or refuse) is composed by PyYAML alone and validated by the
validator, so its problems keep their exact lines, columns and messages.

The whole file goes to the reference path (`reference.compose.compose_document` + `reference.validate.build_log`) when the split
cannot be trusted to give what composing the whole document would: an unusual layout of the
`events:` block, a character YAML refuses, an event PyYAML cannot compose alone (a syntax error or
an alias to another event), or an alias anywhere. tests/unit/test_fast_reader.py proves both paths give
identical logs on every fixture, on the synthetic logs, and on thousands of mutated inputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ...core.model import Event, EventLog, Problem
from ..reference.validate import finish
from .chunks import ChunkReader
from .records import materialize
from .split import ReferencePath, Split, check_characters, read_header
from ..text import Handed


@dataclass
class Read:
    """A file read by the fast path, with what a cache entry or a later append needs."""

    header: EventLog
    """The top-level keys (title, counts, response actors) and their problems (decoding problems included)."""
    records: list[tuple]
    """Every event, in file order, but those of `early`."""
    event_problems: list[Problem]
    """Problems of single events (not the cross-event ones: duplicate ids, unknown responds_to)."""
    indent: int
    last_start_line: int
    """The last event's first line (0-based): an append is read again from there."""
    tail_bytes: int
    """The UTF-8 bytes of the text from the last event's first line to the end."""
    open_end: bool
    """Whether the events list runs to the end of the file (then an append only adds or extends events)."""
    slow: int = 0
    """Events PyYAML had to read."""
    workers: int = 1
    anchors: frozenset[str] = frozenset()

    early: list[Event] | None = None
    """Events of every record, when read in parallel: built while other processes read."""

    def log(self, file: str) -> EventLog:
        return assemble(file, self.header, (self.early or []) + materialize(self.records, file), self.event_problems)


def assemble(file: str, header: EventLog, events: list[Event], event_problems: list[Problem]) -> EventLog:
    """What reference.validate.build_log ends with: events sorted, ids indexed, cross-event problems added, problems sorted."""
    return finish(
        file, [*header.problems, *event_problems], header.title, events, list(header.reported_counts),
        frozenset(header.response_actors), header.vocabulary,
    )


def read(
    text: str | Handed[str], file: str, problems: list[Problem], workers: int | None = 1,
    refetch: Callable[[], str] | None = None,
) -> Read | None:
    """The fast reading of a decoded file, or None when only the reference path reads it exactly.

    `workers`: processes to read the events with; None lets parallel.workers_for decide from their number.
    A text handed over with a `refetch` (which can give it again if need be) is dropped as soon as it is read:
    reading in parallel then holds only this process's share of it (parallel.records_in_parallel). Without a
    `refetch`, it is left with the caller.
    """
    if isinstance(text, Handed):
        text = text.take() if refetch is not None else text.data
    try:
        check_characters(text)
        split = Split(text)
        if not split.starts:
            return None
        header = read_header(text, split, file, list(problems))
        reader = ChunkReader(text, file, split, frozenset(header.response_actors))
        reader.add_anchors(text[: split.starts[0]] + "\n" + text[split.end :])  # the header_text without its blank lines
        last_start = split.starts[-1]
        open_end = split.end == len(text)
        last_start_line = text.count("\n", 0, last_start) if open_end else 0
        tail_bytes = len(text[last_start:].encode("utf-8", "surrogatepass")) if open_end else 0
        reader.refetch = refetch
        del text
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
        header, records, event_problems, split.indent, last_start_line, tail_bytes, open_end, reader.slow, workers,
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
