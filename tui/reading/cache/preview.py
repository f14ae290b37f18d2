"""The first screen of an unchanged, cached log, read before the log itself: its cache entry, and reading it back."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import disk
from ..fast.records import materialize, record_of
from .entry import count_from, count_row, vocabulary_from, vocabulary_rows
from ...core.model import EventLog, first_by_id
from .memory import State, absolute

PREVIEW_EVENTS = 300
"""Events a preview holds: the first screenfuls of the chronology."""


@dataclass(frozen=True)
class Preview:
    """What the first screen of an unchanged, cached log shows, read in milliseconds: paint it, then load the log.

    `log` stands in for the log: its title, reported counts and response actors, and only its first
    PREVIEW_EVENTS events (problems empty). Counts are of the whole log: the tallies of every dimension
    (by count; month and week by date), the totals and the events per day, as tally.tally, tally.totals and
    tally.per_day give them for every event.
    """

    log: EventLog
    event_count: int
    problem_count: int
    tallies: dict[str, list]
    totals: Any
    per_day: list[int]
    partial: bool = False
    """Counts of the events read so far (a big log's first part, reading/head.py), not yet of the whole log."""

    def rows_for(self, dimension: str, by: str) -> list:
        """The tally rows of a dimension, as LogIndex.tally gives them for the whole log."""
        from ...ask.tally import ordered

        return ordered(self.tallies[dimension], dimension, by)


def preview_of(state: State) -> dict[str, Any]:
    return payload_of_log(state.log)


def payload_of_log(log: EventLog) -> dict[str, Any]:
    from ...ask.tally import dimensions_for, per_day, tally, totals

    summary = totals(log.events)
    return {
        "records": [record_of(event) for event in log.events[:PREVIEW_EVENTS]],
        "count": len(log.events),
        "problems": len(log.problems),
        "title": log.title,
        "counts": [count_row(count) for count in log.reported_counts],
        "response_actors": list(log.response_actors),
        "tallies": {
            dimension: [(row.key, row.count) for row in tally(log.events, dimension, vocabulary=log.vocabulary)]
            for dimension in dimensions_for(log.vocabulary)
        },
        "vocabulary": vocabulary_rows(log.vocabulary),
        "totals": [summary.events, summary.attacks, summary.responses]
        + [[part.low, part.high, part.unknown, part.reported] for part in (summary.killed, summary.injured, summary.response_killed, summary.response_injured)],
        "per_day": per_day(log.events),
    }


def peek(path: Path) -> Preview | None:
    """The preview of a log whose cache entry is current, else None.

    Trusted on the file's size, modification time and inode alone, without reading the file: the load that
    follows checks the SHA-256 and replaces the preview within the second.
    """
    key = current_key(path)
    payload = None if key is None else disk.read(key, "preview")
    return None if payload is None else from_payload(payload, str(path))


def current_key(path: Path) -> disk.Key | None:
    """The key of the file's stored preview when its size, modification time and inode are the file's."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if info.st_size < disk.MIN_BYTES:
        return None
    stored = disk.stored_key(absolute(path), "preview")
    if stored is None or stored[1:4] != (info.st_size, info.st_mtime_ns, info.st_ino):
        return None
    return disk.Key(*stored)


def from_payload(payload: dict[str, Any], file: str, partial: bool = False) -> Preview | None:
    """The preview a payload (payload_of_log) describes; None if it is not one."""
    from ...ask.tally import FigureSum, TallyRow, Totals

    try:
        events = tuple(materialize(payload["records"], file))
        counts = tuple(count_from(row) for row in payload["counts"])
        log = EventLog(
            file, payload["title"], events, counts, (), tuple(payload["response_actors"]), first_by_id(events),
            vocabulary_from(payload["vocabulary"]),
        )
        total = payload["count"] or 1
        tallies = {
            dimension: [TallyRow(key, count, count / total) for key, count in rows] for dimension, rows in payload["tallies"].items()
        }
        number, attacks, responses, *sums = payload["totals"]
        summary = Totals(number, attacks, responses, *(FigureSum(*part) for part in sums))
        return Preview(log, payload["count"], payload["problems"], tallies, summary, list(payload["per_day"]), partial)
    except Exception:
        return None
