"""Step 3 of route.py: a file grown by an append, read from its last event on instead of whole.

At a million events the file is 660 MB, and reading and hashing it takes about a second: more than the half second
in which an added event should be on screen. So when the file only grew (same inode, larger), the appended bytes
are read alone and the grown log is returned at once, while a thread reads the bytes before them and checks them
against the hash of the version read before (Check). Until that check has passed, the grown log is not written to
the cache, and a log grown from it again has a check that waits for it; if it fails (the file was also changed before its end), the file is read
whole on the next load, which `doubted()` asks the dashboard to start.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import replace
from operator import attrgetter
from pathlib import Path
from typing import Any

from .cache import disk
from .cache.memory import LOCK, STATES, State, absolute
from .cache.writer import start_cache_write, writes_now
from .fast.reader import assemble, read_tail
from .fast.records import materialize
from .reference.validate import finish_appended
from .text import yaml_text

CHUNK = 1 << 22
"""The check reads the file in pieces of this size: no copy of the whole file in memory."""


class Check:
    """The first `size` bytes of a file hashed in a thread and compared with `sha256`; then the hash of those bytes
    followed by `more` (the appended bytes as they were read), the grown version's hash.

    `sha256` may be the check of the version grown before, still under way (an append soon after another): this
    one waits for it in its thread, fails if it failed, and compares with the hash it gives. The caller does not
    wait, so an event appended a moment after another is on screen as fast as the first."""

    def __init__(self, path: Path, size: int, sha256: bytes | Check, more: bytes) -> None:
        self.passed: bool | None = None
        self.sha256 = b""
        self.thread = threading.Thread(target=self.run, args=(path, size, sha256, more), name="sitrep-append-check", daemon=True)
        self.thread.start()

    def run(self, path: Path, size: int, sha256: bytes | Check, more: bytes) -> None:
        if isinstance(sha256, Check):
            if not sha256.wait():
                self.passed = False
                return
            sha256 = sha256.sha256
        hasher = hashlib.sha256()
        left = size
        try:
            with open(path, "rb") as stream:
                while left > 0:
                    piece = stream.read(min(CHUNK, left))
                    if not piece:
                        break
                    hasher.update(piece)
                    left -= len(piece)
        except OSError:
            left = -1
        passed = left == 0 and hasher.digest() == sha256
        if passed:
            hasher.update(more)
            self.sha256 = hasher.digest()
        self.passed = passed

    def wait(self) -> bool:
        self.thread.join()
        return bool(self.passed)


def extend_in_place(path: Path, file: str, info: os.stat_result) -> State | None:
    """The state of `path` grown by an append since this process read it, its bytes before the append being checked
    (Check); None when it did not only grow, or cannot be read this way."""
    where = absolute(path)
    state = STATES.get(where)
    if state is None or state.header is None or state.key is None or state.log.path != file:
        return None
    if info.st_ino != state.key.inode or info.st_size <= state.key.size or (state.check is not None and state.check.passed is False):
        return None
    try:
        with open(path, "rb") as stream:
            stream.seek(state.last_start_byte)
            tail = stream.read()
    except OSError:
        return None
    size = state.last_start_byte + len(tail)
    if size <= state.key.size:
        return None
    grown = extend(state, tail, disk.Key(where, size, info.st_mtime_ns, info.st_ino, b""), None, file)
    if grown is None:
        return None
    before = state.key.sha256 if state.check is None else state.check  # its hash once its own check is over
    grown.check = Check(path, state.key.size, before, tail[state.key.size - state.last_start_byte :])
    if writes_now():
        settle(grown)
    else:
        threading.Thread(target=settle, args=(grown,), name="sitrep-append-settle", daemon=True).start()
    return grown


def settle(state: State) -> None:
    """Once its check has passed, the grown version has its hash, and its cache entry is written."""
    if checked(state):
        state.key = replace(state.key, sha256=state.check.sha256)
        if state.key.size >= disk.MIN_BYTES:
            start_cache_write(state)


def checked(state: State) -> bool:
    """Whether what `state` holds was checked against the file (waiting for a check under way)."""
    return state.check is None or state.check.wait()


def doubted(path: Path) -> bool:
    """Whether the last version of `path` read by this process failed its check: the file must be read whole."""
    with LOCK:
        state = STATES.get(absolute(path))
    return state is not None and state.check is not None and state.check.passed is False


def extend(state: State, tail_bytes: bytes, key: disk.Key, hasher: Any, file: str) -> State | None:
    """The log after bytes were appended to the file it was read from, reading only the last event and the new ones
    (`tail_bytes`: the file from the last event's first byte on)."""
    if state.header is None:
        return None
    try:
        tail = tail_bytes.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\r" in tail or yaml_text(tail, file, [])[1]:
        return None  # a repair the whole file's decoding would report (and count) differently
    read = read_tail(tail, file, state.indent, state.last_start_line, frozenset(state.header.response_actors), state.anchors)
    if read is None:
        return None
    records, problems, last_offset = read
    last_start_byte = state.last_start_byte + len(tail[:last_offset].encode("utf-8"))
    last_start_line = state.last_start_line + tail.count("\n", 0, last_offset)
    kept_problems = [problem for problem in state.event_problems if problem.line <= state.last_start_line]
    event_problems = kept_problems + problems
    read_again = materialize(records, file)
    before = state.events_read_again()
    before_problems = [problem for problem in state.event_problems if problem.line > state.last_start_line]
    log = None
    # The usual append: the last event read again as it was, with its problems, new events after it.
    if read_again[: len(before)] == before and problems[: len(before_problems)] == before_problems:
        log = finish_appended(state.log, read_again[len(before) :], problems[len(before_problems) :])
        read_again[: len(before)] = before
    if log is None:
        kept = sorted(state.log.events, key=attrgetter("line"))
        cut = next((i for i in range(len(kept) - 1, -1, -1) if kept[i].line <= state.last_start_line), -1) + 1
        log = assemble(file, state.header, kept[:cut] + read_again, event_problems)
    grown = State(key, log, hasher, state.header, event_problems, state.indent, last_start_byte, last_start_line, state.anchors, "append")
    grown.last_events = [event for event in read_again if event.line > last_start_line]
    return grown
