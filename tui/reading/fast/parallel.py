"""Reading the events of a big log on several cores: forked children read slices and send records back.

A forked child starts with the decoded text already in its memory (copy-on-write: nothing is copied
or sent), reads its slice of the events with the same ChunkReader, and sends back the records
(tuples of plain values) through a pipe, a few thousand at a time. The parent reads the first slice
meanwhile, then builds the events of each piece as it arrives. Only where `os.fork` exists; any failure in a child (or no
fork) and the parent reads that slice itself, so the result never depends on how it was computed.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, Callable

from ...core.forked import Forked, cores, send
from ...core.model import Problem
from .split import ReferencePath

if TYPE_CHECKING:
    from .chunks import ChunkReader

MIN_EVENTS_PER_WORKER = 10_000
"""Below this a fork costs more than it saves."""


def workers_for(events: int) -> int:
    """How many processes to read `events` events with: 1 unless it pays and SITREP_WORKERS does not say otherwise."""
    if not hasattr(os, "fork"):
        return 1
    wanted = os.environ.get("SITREP_WORKERS")
    if wanted is not None:
        try:
            return max(1, int(wanted))
        except ValueError:
            return 1
    return max(1, min(cores(), events // MIN_EVENTS_PER_WORKER))


PIECE = 2_000
"""Events a child sends at a time: the parent builds the events of one piece while the child reads the next.
The pickle of 2,000 events (about 0.7 MB) fits in the pipe once it is widened (core.forked.PIPE_BYTES)."""


class Child(Forked):
    """A forked process reading one slice of the events and sending it back in pieces: each a pickled
    (low, high, records, problems, slow, anchors) frame."""

    def __init__(self, reader: ChunkReader, low: int, high: int) -> None:
        self.low, self.high = low, high
        super().__init__(lambda fd: read_slice(reader, low, high, fd))


def read_slice(reader: ChunkReader, low: int, high: int, fd: int) -> None:
    reader.anchors = set()
    try:
        for start in range(low, high, PIECE):
            stop = min(start + PIECE, high)
            slow = reader.slow
            records, problems = reader.records(start, stop)
            send(fd, (start, stop, records, problems, reader.slow - slow, reader.anchors))
            reader.anchors = set()
    except ReferencePath:
        send(fd, "reference")

PARENT_SHARE = 0.4
"""This process reads a smaller slice than each child: it also builds the events of every slice."""


def records_in_parallel(
    reader: ChunkReader, workers: int, build: Callable[[list[tuple]], list] | None = None, progress: Callable[[float], None] | None = None
) -> tuple[list[tuple], list[Problem], list]:
    """The same records and problems as reader.records(), computed by `workers` processes (this one included),
    and what `build` made of them, in file order. Given a `build`, what it made stands for the records, which are
    not kept (no records are returned): both would hold a million-event log's events twice, 300 MB more.

    `build` is called with the records of each piece (this process's own and the children's, as they arrive)
    between the pieces this process reads, so its work overlaps the children's reading. `progress` is told the
    share of the events read so far after each piece.

    With a `reader.refetch`, this process drops the text it does not read (ChunkReader.narrow); a child failing
    then has its slice read here from the text `refetch` gives again.
    """
    keep = build is None
    build = build or (lambda records: [])
    count = len(reader.split.starts)
    mine = int(count * PARENT_SHARE * 2 / workers)
    bounds = [0] + [mine + (count - mine) * i // (workers - 1) for i in range(workers)]
    children: list[Child] = []
    pieces: dict[int, tuple[list[tuple], list[Problem], list]] = {}
    """First event of a piece -> its records, problems and what build made of them."""
    reached: dict[Child, int] = {}
    """How far each child's pieces have come."""

    read = [0]

    def add(low: int, records: list[tuple], problems: list[Problem], events: int) -> None:
        pieces[low] = (records if keep else [], problems, build(records))
        read[0] += events
        if progress is not None:
            progress(read[0] / count)

    def read_here(low: int, high: int) -> None:
        add(low, *reader.records(low, high), high - low)

    def take(child: Child, piece: tuple | str) -> bool:
        """Whether the piece is the next of its child's (else the child is treated as failed from there)."""
        if piece == "reference":
            raise ReferencePath
        low, high, records, problems, slow, anchors = piece
        if low != reached[child]:
            return False
        if anchors & reader.anchors:
            raise ReferencePath  # an anchor name used in two slices
        reader.anchors |= anchors
        reader.slow += slow
        add(low, records, problems, high - low)
        reached[child] = high
        return True

    try:
        for low, high in zip(bounds[1:], bounds[2:]):
            try:
                child = Child(reader, low, high)
            except OSError:
                break
            children.append(child)
            reached[child] = low
        own_end = children[0].low if children else count
        end = children[-1].high if children else own_end
        # The children hold the whole text (copy-on-write) and this process reads the first slice: it keeps that
        # slice's text alone, and none once read, rather than 660 MB beside a million events being built.
        narrowed = reader.refetch is not None and bool(children) and end == count
        if narrowed:
            reader.narrow(own_end)
        failed: set[Child] = set()
        for low in range(0, own_end, PIECE):
            read_here(low, min(low + PIECE, own_end))
            for child in children:
                for piece in child.ready():
                    if child not in failed and not take(child, piece):
                        failed.add(child)
        if narrowed:
            reader.release()
        for child in children:
            if child not in failed:
                for piece in child.pieces():
                    if not take(child, piece):
                        break
            if reached[child] < child.high:  # the child failed: read the rest of its slice here
                read_here(reached[child], child.high)
        if end < count:
            read_here(end, count)
        ordered = [pieces[low] for low in sorted(pieces)]
        return (
            [record for part in ordered for record in part[0]],
            [problem for part in ordered for problem in part[1]],
            [made for part in ordered for made in part[2]],
        )
    finally:
        for child in children:
            child.finish()
