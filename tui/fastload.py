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
from operator import attrgetter
from pathlib import Path
from typing import Any, Iterator

from . import cache, fastparse, parallel
from .model import Event, EventLog, Problem, ReportedCount, Source

MAX_REMEMBERED = 8
"""Logs remembered for steps 2 and 3, most recent first."""


@dataclass
class State:
    """What this process knows of a file it loaded: enough to tell it unchanged, or to read only what was appended."""

    key: cache.Key | None
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
    anchors: frozenset[str] = frozenset()
    """Anchor names in the file (found in the parts PyYAML composed): an appended event may not reuse one."""
    route: str = ""
    """How it was loaded: "same", "append", "cache", "fast", "parallel" or "reference" (for the benchmark and tests)."""


STATES: OrderedDict[str, State] = OrderedDict()
PEEKED: dict[str, tuple[tuple, bytes, Any]] = {}
"""Bytes and hash that peek() read, for the load() that follows: (size, mtime_ns, inode), data, SHA-256."""
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
            PREFETCHED.clear()
            PEEKED.clear()
        else:
            where = absolute(Path(path))
            STATES.pop(where, None)
            PREFETCHED.pop(where, None)
            PEEKED.pop(where, None)


def absolute(path: Path) -> str:
    return os.path.abspath(path)


FREEZE_AT = 20_000
"""From this many events, the objects of a new log are moved out of the collector's sight (gc.freeze)."""


PAUSES = {"depth": 0, "was_enabled": False}
"""gc_paused() blocks open, in any thread: the collector resumes when the last one closes."""
PAUSES_LOCK = threading.Lock()


@contextmanager
def gc_paused() -> Iterator[list]:
    """Building a million objects triggers collections that each walk all of them: pause the collector meanwhile.

    Put a log in the yielded list and, if it is big, every object alive is frozen (gc.freeze) before the collector
    resumes: otherwise its first collections walk the new million objects (0.1-0.3 s, in the middle of some
    keystroke). Events hold no reference cycles, so reference counting still frees them when the log goes.
    """
    with PAUSES_LOCK:
        if PAUSES["depth"] == 0:
            PAUSES["was_enabled"] = gc.isenabled()
            gc.disable()
        PAUSES["depth"] += 1
    built: list = []
    try:
        yield built
    finally:
        if any(len(log.events) >= FREEZE_AT for log in built):
            gc.freeze()
        with PAUSES_LOCK:
            PAUSES["depth"] -= 1
            if PAUSES["depth"] == 0 and PAUSES["was_enabled"]:
                gc.enable()


def route_of(log: EventLog) -> str:
    """How a log returned by load() was found (for the benchmark and the tests)."""
    with LOCK:
        for state in STATES.values():
            if state.log is log:
                return state.route
    return ""


def load(path: Path, use_cache: bool = True, prefetched: bool = True) -> EventLog:
    """The log at `path`, equal to load.reference_load(path); raises load.UnreadableFile as it does."""
    from .load import read_bytes

    file = str(path)
    where = absolute(path)
    if prefetched and PREFETCHED:
        early = collect(path, where)
        if early is not None:
            return early
    try:
        info = os.stat(path)
    except OSError:
        info = None
    peeked = PEEKED.pop(where, None)
    if peeked is not None and info is not None and peeked[0] == (info.st_size, info.st_mtime_ns, info.st_ino):
        data, hasher = peeked[1], peeked[2]
    else:
        data, hasher = read_bytes(path), None
    with gc_paused() as built:
        log = find(path, file, where, info, data, use_cache, hasher)
        built.append(log)
    return log


def find(path: Path, file: str, where: str, info: os.stat_result | None, data: bytes, use_cache: bool, hashed: Any = None) -> EventLog:
    """Steps 2 to 5 of the module's docstring; `hashed`: a SHA-256 of `data` already computed (by peek)."""
    state = STATES.get(where)
    stamped = info is not None and info.st_size == len(data)
    stamp = (len(data), info.st_mtime_ns, info.st_ino) if info is not None else None
    if state is None and hashed is None:
        stored = cache.stored_key(where) if use_cache and stamped and len(data) >= cache.MIN_BYTES else None
        if stored is None or stored[1:4] != stamp:  # no cache entry can match: read it, hashing meanwhile
            hashing = Hashing(data)
            found = read_whole(data, None, hashing.hasher, file)
            found.key = hashing.key(where, len(data), info)
            remember(where, found)
            if use_cache and stamped and len(data) >= cache.MIN_BYTES:
                start_cache_write(found)
            return found.log
    hasher = hashlib.sha256()
    if hashed is not None and (state is None or state.key.size == len(data)):
        hasher = hashed
        same_prefix = state is not None and hasher.digest() == state.key.sha256
    elif state is not None and state.key.size <= len(data):
        hasher.update(memoryview(data)[: state.key.size])
        same_prefix = hasher.copy().digest() == state.key.sha256
        hasher.update(memoryview(data)[state.key.size :])
    else:
        hasher.update(data)
        same_prefix = False
    key = cache.Key(where, len(data), info.st_mtime_ns if info else 0, info.st_ino if info else 0, hasher.digest())
    if state is not None and same_prefix and state.log.path == file:
        if state.key.size == len(data):
            found = State(
                key, state.log, hasher, state.header, state.event_problems, state.indent, state.last_start_byte,
                state.last_start_line, state.anchors, "same",
            )
            remember(where, found)
            return found.log
        grown = extend(state, data, key, hasher, file)
        if grown is not None:
            remember(where, grown)
            start_cache_write(grown)
            return grown.log
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


class Hashing:
    """SHA-256 of the bytes in a thread (hashlib lets go of the GIL), while the parser works."""

    def __init__(self, data: bytes) -> None:
        self.hasher = hashlib.sha256()
        self.thread = threading.Thread(target=self.hasher.update, args=(data,), daemon=True)
        self.thread.start()

    def key(self, where: str, size: int, info: os.stat_result | None) -> cache.Key:
        self.thread.join()
        return cache.Key(where, size, info.st_mtime_ns if info else 0, info.st_ino if info else 0, self.hasher.digest())


def read_whole(data: bytes, key: cache.Key | None, hasher: Any, file: str) -> State:
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
        text.count("\n", 0, found.last_start), found.anchors, route,
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
    read = fastparse.read_tail(tail, file, state.indent, state.last_start_line, frozenset(state.header.response_actors), state.anchors)
    if read is None:
        return None
    records, problems, last_offset = read
    kept = sorted(state.log.events, key=attrgetter("line"))
    cut = next((i for i in range(len(kept) - 1, -1, -1) if kept[i].line <= state.last_start_line), -1) + 1
    events = kept[:cut] + fastparse.materialize(records, file)
    event_problems = [problem for problem in state.event_problems if problem.line <= state.last_start_line] + problems
    log = fastparse.assemble(file, state.header, events, event_problems)
    last_start_byte = state.last_start_byte + len(tail[:last_offset].encode("utf-8"))
    last_start_line = state.last_start_line + tail.count("\n", 0, last_offset)
    return State(key, log, hasher, state.header, event_problems, state.indent, last_start_byte, last_start_line, state.anchors, "append")


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
            "anchors": sorted(state.anchors),
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
            extend_info["last_start_byte"], extend_info["last_start_line"], frozenset(extend_info["anchors"]), "cache",
        )
    except Exception:  # an entry of the right version but not of the right shape: ignore it
        return None


def write_entries(state: State) -> bool:
    return cache.write(state.key, payload_of(state)) and cache.write(state.key, preview_of(state), "preview")


WRITING: dict[str, int] = {}
"""Path -> pid of the process writing its entries."""
WAITING: dict[str, State] = {}
"""Path -> the newest state to write once that process is done (appends in a row write once, not once each)."""


HELD: dict[str, State | None] = {}
"""Path -> the state to write once released (None: nothing yet), for the paths whose writes are held."""


def hold_cache_writes(paths: Any) -> None:
    """Write no entry for these files until release_cache_writes(): the dashboard holds them until it has drawn
    the log, since forking the writer copies the page tables of a big process (tens of ms) and then every page
    this process writes to (the index built over every event) while the writer runs."""
    with LOCK:
        for path in paths:
            HELD.setdefault(absolute(Path(path)), None)


def release_cache_writes(paths: Any) -> None:
    for path in paths:
        with LOCK:
            state = HELD.pop(absolute(Path(path)), None)
        if state is not None:
            start_cache_write(state)


def start_cache_write(state: State) -> None:
    """Write the entries without making anyone wait: in a forked process at the lowest priority where there is
    fork, else a thread. One writer per log at a time; a version loaded meanwhile is written after it."""
    where = state.key.path
    with LOCK:
        if where in HELD:
            HELD[where] = state
            return
    if os.environ.get("SITREP_CACHE_SYNC"):
        write_entries(state)
        return
    if not hasattr(os, "fork"):
        threading.Thread(target=write_entries, args=(state,), daemon=True).start()
        return
    with LOCK:
        if where in WRITING:
            WAITING[where] = state
            return
        try:
            pid = parallel.fork()
        except OSError:
            return
        if pid == 0:
            code = 1
            try:
                parallel.quiet_child()
                os.nice(19)  # the dashboard, and the user's other work, come first
                code = 0 if write_entries(state) else 1
            finally:
                os._exit(code)
        WRITING[where] = pid
    threading.Thread(target=reap, args=(where, pid), daemon=True).start()


def reap(where: str, pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except OSError:
        pass
    with LOCK:
        WRITING.pop(where, None)
        waiting = WAITING.pop(where, None)
    if waiting is not None:
        start_cache_write(waiting)


def wait_for_cache_writes(timeout: float = 60) -> None:
    """Block until no entry is being written (for tests and the benchmark)."""
    import time

    deadline = time.monotonic() + timeout
    while (WRITING or WAITING) and time.monotonic() < deadline:
        time.sleep(0.01)


# The first screen of a cached log, before the log itself.

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
    error_count: int
    first_error: Problem | None
    tallies: dict[str, list]
    totals: Any
    per_day: list[int]


def preview_of(state: State) -> dict[str, Any]:
    from .tally import DIMENSIONS, per_day, tally, totals

    log = state.log
    summary = totals(log.events)
    errors = log.errors
    return {
        "records": [fastparse.record_of(event) for event in log.events[:PREVIEW_EVENTS]],
        "count": len(log.events),
        "problems": len(log.problems),
        "errors": len(errors),
        "first_error": problem_row(errors[0]) if errors else None,
        "title": log.title,
        "counts": [count_row(count) for count in log.reported_counts],
        "response_actors": list(log.response_actors),
        "tallies": {dimension: [(row.key, row.count) for row in tally(log.events, dimension)] for dimension in DIMENSIONS},
        "totals": [summary.events, summary.attacks, summary.responses]
        + [[part.low, part.high, part.unknown, part.reported] for part in (summary.killed, summary.injured, summary.response_killed)],
        "per_day": per_day(log.events),
    }


def peek(path: Path) -> Preview | None:
    """The preview of a log whose cache entry is current, else None. The bytes read are kept for the load() that follows."""
    from .load import UnreadableFile, read_bytes
    from .tally import FigureSum, TallyRow, Totals

    where = absolute(path)
    file = str(path)
    try:
        info = os.stat(path)
        if info.st_size < cache.MIN_BYTES:
            return None
        stored = cache.stored_key(where, "preview")
        if stored is None or stored[1:4] != (info.st_size, info.st_mtime_ns, info.st_ino):
            return None
        data = read_bytes(path)
    except (OSError, UnreadableFile):
        return None
    hasher = hashlib.sha256(data)
    PEEKED.clear()
    PEEKED[where] = ((len(data), info.st_mtime_ns, info.st_ino), data, hasher)
    payload = cache.read(cache.Key(where, len(data), info.st_mtime_ns, info.st_ino, hasher.digest()), "preview")
    if payload is None:
        return None
    try:
        events = tuple(fastparse.materialize(payload["records"], file))
        counts = tuple(count_from(row) for row in payload["counts"])
        log = EventLog(file, payload["title"], events, counts, (), tuple(payload["response_actors"]), {event.id: event for event in reversed(events)})
        total = payload["count"] or 1
        tallies = {
            dimension: [TallyRow(key, count, count / total) for key, count in rows] for dimension, rows in payload["tallies"].items()
        }
        number, attacks, responses, *sums = payload["totals"]
        summary = Totals(number, attacks, responses, *(FigureSum(*part) for part in sums))
        first_error = payload["first_error"]
        return Preview(
            log, payload["count"], payload["problems"], payload["errors"],
            None if first_error is None else Problem(file, *first_error), tallies, summary, list(payload["per_day"]),
        )
    except Exception:
        return None


# Starting early.

PREFETCHED: dict[str, Any] = {}
"""Absolute path -> the Future of a load started by prefetch()."""


def prefetch(paths: Any) -> None:
    """Start loading these files now, in a thread, so that the work overlaps whatever comes next (the interface
    starting up); the load() of the same file then waits for that result instead of starting over. Nothing is
    prefetched for a file in the cache with a preview (peek() and the cached load are already fast)."""
    from concurrent.futures import Future

    for path in [paths] if isinstance(paths, (str, Path)) else paths:
        path = Path(path)
        where = absolute(path)
        if where in PREFETCHED or not path.is_file():
            continue
        future: Future = Future()
        PREFETCHED[where] = future

        def run(path: Path = path, future: Future = future) -> None:
            try:
                future.set_result(load(path, prefetched=False))
            except BaseException as error:  # given to the load() that collects it
                future.set_exception(error)

        threading.Thread(target=run, name=f"prefetch {path.name}", daemon=True).start()


def collect(path: Path, where: str) -> EventLog | None:
    """The prefetched log of `path`, if one was started and the file has not changed since it was read."""
    future = PREFETCHED.pop(where, None)
    if future is None:
        return None
    log = future.result()  # re-raises what the load raised (UnreadableFile)
    state = STATES.get(where)
    try:
        info = os.stat(path)
    except OSError:
        return None
    if state is None or state.log is not log or state.key is None or (state.key.size, state.key.mtime_ns, state.key.inode) != (info.st_size, info.st_mtime_ns, info.st_ino):
        return None
    return log if log.path == str(path) else None


def reload(previous: EventLog, path: Path) -> EventLog:
    """The log at `path` now, given the one loaded from it before: unchanged, extended by an append, or read again."""
    state = STATES.get(absolute(path))
    if state is not None and state.log is not previous:
        forget(path)  # `previous` is not what this process last read there: take no shortcut from it
    return load(path)
