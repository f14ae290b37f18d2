"""A log's cache entry: the plain values stored for it, and the log read back from them."""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from . import disk
from ..fast.records import tabled, tabled_maker
from ...core.model import Event, EventLog, Problem, ReportedCount, Source, first_by_id
from ...core.vocabulary import EMPTY, Term, Vocabulary
from .memory import State

PART_RECORDS = 50_000
"""Records per part of an entry (disk.write): about 16 MB of pickle, read and made into events one part at a time."""


def problem_row(problem: Problem) -> tuple:
    return (problem.line, problem.column, problem.severity, problem.message)


def problems_from(rows: list, file: str) -> list[Problem]:
    return [Problem(file, line, column, severity, message) for line, column, severity, message in rows]


def source_row(source: Source | None) -> tuple | None:
    return None if source is None else (source.title, source.url, source.published)


def count_row(count: ReportedCount) -> tuple:
    return (count.as_of.toordinal(), count.count, count.qualifier, count.scope, source_row(count.source), count.note, count.line)


def count_from(row: tuple) -> ReportedCount:
    as_of, number, qualifier, scope, source, note, line = row
    return ReportedCount(dt.date.fromordinal(as_of), number, qualifier, scope, None if source is None else Source(*source), note, line)


def vocabulary_rows(vocabulary: Vocabulary) -> dict[str, list[tuple]]:
    return {name: [(t.value, t.group, list(t.aliases), t.line, t.file) for t in terms] for name, terms in vocabulary.terms.items()}


def vocabulary_from(rows: dict[str, list[tuple]]) -> Vocabulary:
    if not rows:
        return EMPTY
    return Vocabulary({
        name: tuple(Term(value, group, tuple(aliases), line, file) for value, group, aliases, line, file in terms)
        for name, terms in rows.items()
    })


def payload_of(state: State) -> tuple[dict[str, Any], list[list[tuple]]]:
    """The entry's payload and its parts (the records, PART_RECORDS at a time): plain values only
    (cache.PlainUnpickler refuses anything else)."""
    log = state.log
    header = state.header
    records, tables = tabled(log.events)
    parts = [records[start : start + PART_RECORDS] for start in range(0, len(records), PART_RECORDS)]
    return {
        "tables": tables,
        "problems": [problem_row(problem) for problem in log.problems],
        "title": log.title,
        "counts": [count_row(count) for count in log.reported_counts],
        "response_actors": list(log.response_actors),
        "vocabulary": vocabulary_rows(log.vocabulary),
        "extend": None if header is None else {
            "header_problems": [problem_row(problem) for problem in header.problems],
            "event_problems": [problem_row(problem) for problem in state.event_problems],
            "indent": state.indent,
            "last_start_byte": state.last_start_byte,
            "last_start_line": state.last_start_line,
            "anchors": sorted(state.anchors),
        },
    }, parts


def from_cache(key: disk.Key, hasher: Any, file: str) -> State | None:
    events: list[Event] = []
    maker: Callable[[list[tuple]], list[Event]] | None = None

    def take(payload: dict[str, Any], records: list[tuple]) -> None:
        nonlocal maker
        if maker is None:
            maker = tabled_maker(payload["tables"], file)
        events.extend(maker(records))

    payload = disk.read(key, take=take)
    if payload is None:
        return None
    try:
        by_id = first_by_id(events)
        counts = tuple(count_from(row) for row in payload["counts"])
        actors = tuple(payload["response_actors"])
        vocabulary = vocabulary_from(payload["vocabulary"])
        log = EventLog(file, payload["title"], tuple(events), counts, tuple(problems_from(payload["problems"], file)), actors, by_id, vocabulary)
        extend_info = payload["extend"]
        if extend_info is None:
            return State(key, log, hasher, route="cache")
        header = EventLog(
            file, payload["title"], (), counts, tuple(problems_from(extend_info["header_problems"], file)), actors, vocabulary=vocabulary
        )
        return State(
            key, log, hasher, header, problems_from(extend_info["event_problems"], file), extend_info["indent"],
            extend_info["last_start_byte"], extend_info["last_start_line"], frozenset(extend_info["anchors"]), "cache",
        )
    except Exception:  # an entry of the right version but not of the right shape: ignore it
        return None
