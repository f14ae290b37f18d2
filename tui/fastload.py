"""Opening a log as fast as its bytes allow: the same log as the reference loader, found the cheapest way.

In order, for one file:

1. Read its bytes and hash them (SHA-256; about 0.03 s for 66 MB).
2. Unchanged since it was last loaded in this process: the same EventLog again.
3. Grown since then, the old bytes untouched (an event appended): only the last event and what follows
   are read, and merged with the events before (the cross-event checks run again on the whole).
4. Unchanged since it was last read by any sitrep (the cache, tui/cache.py): events from the cache.
5. Else read by the fast path (tui/fastparse.py), on several cores for a big log (tui/parallel.py), or by
   the reference path when the fast path declines. A big log's cache entry is then written in the
   background (a forked process, so the interface never waits for it).

Whatever the route, the log is identical to `load.reference_load(path)`: tests/test_fastload.py checks it.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import threading
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from . import cache, fastparse, parallel
from .model import Event, EventLog, Problem, ReportedCount, Source

MAX_REMEMBERED = 8
"""Logs remembered for steps 2 and 3, most recent first."""


@dataclass
class State:
    """What this process knows of a file it loaded: enough to tell it unchanged, or to read only what was appended."""

    key: cache.Key
    log: EventLog
    hasher: Any
    """SHA-256 of the whole content so far, to extend with appended bytes."""
    header: EventLog | None = None
    """Top-level keys and their problems; None when the log cannot be extended (the reference path read it)."""
    event_problems: list[Problem] = field(default_factory=list)
    indent: int = 0
    last_start_byte: int = 0
    last_start_line: int = 0
    """0-based line of the last event's first line."""
    route: str = ""
    """How it was loaded: "same", "append", "cache", "fast", "parallel" or "reference" (for the benchmark and tests)."""


STATES: OrderedDict[str, State] = OrderedDict()
LOCK = threading.Lock()


def remember(path: str, state: State) -> None:
    with LOCK:
        STATES[path] = state
        STATES.move_to_end(path, last=False)
        while len(STATES) > MAX_REMEMBERED:
            STATES.popitem()


def forget(path: str | Path | None = None) -> None:
    """Drop what this process remembers of a file (or of every file): the next load reads it again."""
    with LOCK:
        if path is None:
            STATES.clear()
        else:
            STATES.pop(absolute(Path(path)), None)


def absolute(path: Path) -> str:
    return os.path.abspath(path)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Building a million objects triggers collections that each walk all of them: pause the collector meanwhile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def route_of(log: EventLog) -> str:
    """How a log returned by load() was found (for the benchmark and the tests)."""
    with LOCK:
        for state in STATES.values():
            if state.log is log:
                return state.route
    return ""


def load(path: Path, use_cache: bool = True) -> EventLog:
    """The log at `path`, equal to load.reference_load(path); raises load.UnreadableFile as it does."""
    from .load import read_bytes

    file = str(path)
    where = absolute(path)
    try:
        info = os.stat(path)
    except OSError:
        info = None
    data = read_bytes(path)
    with gc_paused():
        state = STATES.get(where)
        hasher = hashlib.sha256()
        if state is not None and state.key.size <= len(data):
            hasher.update(memoryview(data)[: state.key.size])
            same_prefix = hasher.copy().digest() == state.key.sha256
            hasher.update(memoryview(data)[state.key.size :])
        else:
            hasher.update(data)
            same_prefix = False
        key = cache.Key(where, len(data), info.st_mtime_ns if info else 0, info.st_ino if info else 0, hasher.digest())
        if state is not None and same_prefix and state.log.path == file:
            if state.key.size == len(data):
                found = State(key, state.log, hasher, state.header, state.event_problems, state.indent, state.last_start_byte, state.last_start_line, "same")
                remember(where, found)
                return found.log
            grown = extend(state, data, key, hasher, file)
            if grown is not None:
                remember(where, grown)
                start_cache_write(grown)
                return grown.log
        stamped = info is not None and info.st_size == len(data)
        if use_cache and stamped and len(data) >= cache.MIN_BYTES:
            found = from_cache(key, hasher, file)
            if found is not None:
                remember(where, found)
                return found.log
        found = read_whole(data, key, hasher, file)
        remember(where, found)
        if use_cache and stamped and len(data) >= cache.MIN_BYTES:
            start_cache_write(found)
        return found.log


def read_whole(data: bytes, key: cache.Key, hasher: Any, file: str) -> State:
    from .load import decode, parse
    from .validate import build_log

    text, problems = decode(data, file)
    found = fastparse.read(text, file, problems, None)
    if found is None:
        log = build_log(parse(text, file), file, problems)
        return State(key, log, hasher, route="reference")
    log = found.log(file)
    route = "parallel" if found.workers > 1 else "fast"
    # An append can be read alone only where bytes and characters line up: no repair by decode(), no CR, no UTF-16.
    if not found.open_end or problems or b"\r" in data or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return State(key, log, hasher, route=route)
    last_start_byte = found.last_start if text.isascii() else len(text[: found.last_start].encode("utf-8"))
    if data.startswith(b"\xef\xbb\xbf"):
        last_start_byte += 3
    return State(
        key, log, hasher, found.header, found.event_problems, found.indent, last_start_byte,
        text.count("\n", 0, found.last_start), route,
    )


# An appended tail.


def extend(state: State, data: bytes, key: cache.Key, hasher: Any, file: str) -> State | None:
    """The log after bytes were appended to the file it was read from, reading only the last event and the new ones."""
    if state.header is None:
        return None
    tail_bytes = data[state.last_start_byte :]
    try:
        tail = tail_bytes.decode("utf-8")
    except UnicodeDecodeError:
        return None
    from .load import clean_ascii, yaml_text

    if "\r" in tail or not (clean_ascii(tail) or yaml_text(tail, file, [])[1] == []):
        return None  # a repair the whole file's decoding would report (and count) differently
    read = fastparse.read_tail(tail, file, state.indent, state.last_start_line, frozenset(state.header.response_actors))
    if read is None:
        return None
    records, problems, last_offset = read
    kept = sorted(state.log.events, key=line_of)
    cut = next((i for i in range(len(kept) - 1, -1, -1) if kept[i].line <= state.last_start_line), -1) + 1
    events = kept[:cut] + fastparse.materialize(records, file)
    event_problems = [problem for problem in state.event_problems if problem.line <= state.last_start_line] + problems
    log = fastparse.assemble(file, state.header, events, event_problems)
    last_start_byte = state.last_start_byte + len(tail[:last_offset].encode("utf-8"))
    last_start_line = state.last_start_line + tail.count("\n", 0, last_offset)
    return State(key, log, hasher, state.header, event_problems, state.indent, last_start_byte, last_start_line, "append")


def line_of(event: Event) -> int:
    return event.line


# The cache: what is stored, and reading it back.


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


def payload_of(state: State) -> dict[str, Any]:
    """Plain values only (cache.PlainUnpickler refuses anything else)."""
    log = state.log
    header = state.header
    return {
        "records": [fastparse.record_of(event) for event in log.events],
        "problems": [problem_row(problem) for problem in log.problems],
        "title": log.title,
        "counts": [count_row(count) for count in log.reported_counts],
        "response_actors": list(log.response_actors),
        "extend": None if header is None else {
            "header_problems": [problem_row(problem) for problem in header.problems],
            "event_problems": [problem_row(problem) for problem in state.event_problems],
            "indent": state.indent,
            "last_start_byte": state.last_start_byte,
            "last_start_line": state.last_start_line,
        },
    }


def from_cache(key: cache.Key, hasher: Any, file: str) -> State | None:
    payload = cache.read(key)
    if payload is None:
        return None
    try:
        events = fastparse.materialize(payload["records"], file)
        by_id: dict[str, Event] = {}
        for event in events:  # the first in the file wins, as in validate.finish
            first = by_id.get(event.id)
            if first is None or event.line < first.line:
                by_id[event.id] = event
        counts = tuple(count_from(row) for row in payload["counts"])
        actors = tuple(payload["response_actors"])
        log = EventLog(file, payload["title"], tuple(events), counts, tuple(problems_from(payload["problems"], file)), actors, by_id)
        extend_info = payload["extend"]
        if extend_info is None:
            return State(key, log, hasher, route="cache")
        header = EventLog(file, payload["title"], (), counts, tuple(problems_from(extend_info["header_problems"], file)), actors)
        return State(
            key, log, hasher, header, problems_from(extend_info["event_problems"], file), extend_info["indent"],
            extend_info["last_start_byte"], extend_info["last_start_line"], "cache",
        )
    except Exception:  # an entry of the right version but not of the right shape: ignore it
        return None


def start_cache_write(state: State) -> None:
    """Write the entry without making anyone wait: in a forked process where there is fork, else a thread."""
    if os.environ.get("SITREP_CACHE_SYNC"):
        cache.write(state.key, payload_of(state))
        return
    if hasattr(os, "fork"):
        try:
            pid = parallel.fork()
        except OSError:
            pid = -1
        if pid == 0:
            code = 1
            try:
                parallel.quiet_child()
                code = 0 if cache.write(state.key, payload_of(state)) else 1
            finally:
                os._exit(code)
        if pid > 0:
            threading.Thread(target=reap, args=(pid,), daemon=True).start()
            return
    threading.Thread(target=lambda: cache.write(state.key, payload_of(state)), daemon=True).start()


def reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except OSError:
        pass


def reload(previous: EventLog, path: Path) -> EventLog:
    """The log at `path` now, given the one loaded from it before: unchanged, extended by an append, or read again."""
    state = STATES.get(absolute(path))
    if state is not None and state.log is not previous:
        forget(path)  # `previous` is not what this process last read there: take no shortcut from it
    return load(path)
