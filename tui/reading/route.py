"""Opening a log as fast as its bytes allow: the same log as the reference loader, found the cheapest way.

In order, for one file:

1. Read its bytes and hash them (SHA-256; about 0.03 s for 66 MB).
2. Unchanged since it was last loaded in this process: the same EventLog again.
3. Grown since then, the old bytes untouched (an event appended): only the last event and what follows
   are read, and added to the events before (appended.py; for a file that only grew, without reading the bytes
   before: those are checked in a thread meanwhile).
4. Unchanged since it was last read by any sitrep (the cache, cache/disk.py): events from its entry
   (reading/cache/entry.py).
5. Else read: a CSV by the ACLED reader (reading/acled/); a YAML log by the fast path (reading/fast/reader.py), on
   several cores for a big log (reading/fast/parallel.py), or by the reference path when the fast path declines.
   A big log's cache entry is then written in the background (reading/cache/writer.py: a forked process, so the
   interface never waits for it).

What this process remembers for steps 2 and 3 is in reading/cache/memory.py. A load started early by
reading/prefetch.py is taken over.

Whatever the route, the log is identical to `reading.reference_load(path)`: tests/unit/test_route.py checks it.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

from .acled import is_csv, read_acled
from .cache import disk
from .fast.reader import read as read_fast
from .cache.entry import from_cache
from .cache.writer import start_cache_write
from ..core.gc_pause import gc_paused
from ..core.model import EventLog
from .reference.compose import compose_document
from .appended import checked, extend, extend_in_place
from .reference.validate import build_log
from .text import Handed, UnreadableFile, decode, read_bytes
from .cache.memory import HEADS, LOCK, PREFETCHED, STATES, State, absolute, collect, remember


def forget(path: str | Path | None = None) -> None:
    """Drop what this process remembers of a file (or of every file): the next load reads it again."""
    with LOCK:
        if path is None:
            STATES.clear()
            PREFETCHED.clear()
            HEADS.clear()
        else:
            where = absolute(Path(path))
            STATES.pop(where, None)
            PREFETCHED.pop(where, None)
            HEADS.pop(where, None)


def route_of(log: EventLog) -> str:
    """How a log returned by load() was found (for the benchmark and the tests)."""
    with LOCK:
        for state in STATES.values():
            if state.log is log:
                return state.route
    return ""


def read_log(path: Path, prefetched: bool = True, drop_text: bool = True) -> EventLog:
    """The log at `path`, equal to reading.reference_load(path); raises reading.UnreadableFile as it does.

    `drop_text`: whether the readers may drop the file's text before they are done, to read it again if need be
    (`refetcher`). If the file changed meanwhile, it is read again from the start, keeping its text that time."""
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
    if info is not None:
        grown = extend_in_place(path, file, info)
        if grown is not None:
            remember(where, grown)
            return grown.log
    handed = Handed(read_bytes(path))
    try:
        with gc_paused() as built:
            log = find(path, file, where, info, handed, drop_text)
            built.append(log)
    except Reread:
        return read_log(path, prefetched=False, drop_text=False)
    return log


def find(path: Path, file: str, where: str, info: os.stat_result | None, handed: Handed, drop_text: bool = False) -> EventLog:
    """Steps 2 to 5 of the module's docstring."""

    def again(digest: Callable[[], bytes]) -> Callable[[], str] | None:
        return refetcher(path, file, digest) if drop_text else None

    state = STATES.get(where)
    if state is not None and not checked(state):
        forget(path)
        state = None
    size = len(handed.data)
    cacheable = info is not None and info.st_size == size and size >= disk.MIN_BYTES
    if state is None:
        stored = disk.stored_key(where) if cacheable else None
        if stored is None or stored[1:4] != (size, info.st_mtime_ns, info.st_ino):  # no entry can match: read it, hashing meanwhile
            hashing = Hashing(handed.data)
            found = read_whole(handed, None, hashing.hasher, file, again(lambda: hashing.key(where, size, info).sha256))
            found.key = hashing.key(where, size, info)
            remember(where, found)
            if cacheable:
                start_cache_write(found)
            return found.log
        # An entry for this size, mtime and inode: read it while the file is hashed (hashlib lets go of the GIL),
        # and trust it only if the hash is the one it was written for. The bytes are let go once hashed (with
        # `drop_text`), not held beside the events the entry gives (660 MB at a million events); read again if the
        # entry is not used after all.
        hashing = Hashing(handed.take() if drop_text else handed.data)
        found = from_cache(disk.Key(*stored), hashing.hasher, file)
        key = hashing.key(where, size, info)
        if found is not None and found.key == key:
            remember(where, found)
            return found.log
        if drop_text:
            handed = Handed(bytes_again(path, key.sha256))
        found = read_whole(handed, key, hashing.hasher, file, again(lambda: key.sha256))
        remember(where, found)
        start_cache_write(found)
        return found.log
    hasher = hashlib.sha256()
    if state is not None and state.key.size <= size:
        hasher.update(memoryview(handed.data)[: state.key.size])
        same_prefix = hasher.copy().digest() == state.key.sha256
        hasher.update(memoryview(handed.data)[state.key.size :])
    else:
        hasher.update(handed.data)
        same_prefix = False
    key = disk.Key(where, size, info.st_mtime_ns if info else 0, info.st_ino if info else 0, hasher.digest())
    if state is not None and same_prefix and state.log.path == file:
        if state.key.size == size:
            found = replace(state, key=key, hasher=hasher, route="same")
            remember(where, found)
            return found.log
        grown = extend(state, handed.data[state.last_start_byte :], key, hasher, file)
        if grown is not None:
            remember(where, grown)
            if cacheable:
                start_cache_write(grown)
            return grown.log
    if cacheable:
        found = from_cache(key, hasher, file)
        if found is not None:
            remember(where, found)
            return found.log
    found = read_whole(handed, key, hasher, file, again(lambda: key.sha256))
    remember(where, found)
    if cacheable:
        start_cache_write(found)
    return found.log


class Hashing:
    """SHA-256 of the bytes in a thread (hashlib lets go of the GIL), while the parser works."""

    def __init__(self, data: bytes) -> None:
        self.hasher = hashlib.sha256()
        self.thread = threading.Thread(target=self.hasher.update, args=(data,), daemon=True)
        self.thread.start()

    def key(self, where: str, size: int, info: os.stat_result | None) -> disk.Key:
        self.thread.join()
        return disk.Key(where, size, info.st_mtime_ns if info else 0, info.st_ino if info else 0, self.hasher.digest())


def load_bytes(data: bytes, file: str) -> EventLog:
    """A log from a file's bytes held elsewhere (a revision in git): the log a file of those bytes gives, read the
    fastest way there is without the file (no cache, no append)."""
    return read_whole(Handed(data), None, None, file).log


def read_whole(handed: Handed, key: disk.Key | None, hasher: Any, file: str, refetch: Callable[[], str] | None = None) -> State:
    """The log of the bytes handed. With a `refetch` (the file's text again, `refetcher`), the fast reader drops the
    text as soon as it can, and the reference path, should it be needed after all, reads the text it gives."""
    data = handed.take()
    if is_csv(file):
        return State(key, read_acled(data, file), hasher, route="acled")
    text, problems = decode(data, file)
    # An append can be read alone only where bytes and characters line up: no repair by decode(), no CR, no UTF-16.
    appendable = not problems and b"\r" not in data and not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    size = len(data)
    del data
    held = Handed(text)
    del text
    found = read_fast(held, file, problems, None, refetch)
    if found is None:
        text = held.data if refetch is None else refetch()
        log = build_log(compose_document(text, file), file, problems)
        return State(key, log, hasher, route="reference")
    del held  # before the events are put together: the text is as big as the file
    route = "parallel" if found.workers > 1 else "fast"
    if not found.open_end or problems or not appendable:
        return State(key, found.log(file), hasher, route=route)
    return State(
        key, found.log(file), hasher, found.header, found.event_problems, found.indent, size - found.tail_bytes,
        found.last_start_line, found.anchors, route,
    )


class Reread(Exception):
    """The file changed while it was read, after the text was dropped: it is read again from the start."""


def refetcher(path: Path, file: str, digest: Callable[[], bytes]) -> Callable[[], str]:
    """The file's text read again, if its bytes are still those whose SHA-256 `digest` gives; else Reread."""
    return lambda: decode(bytes_again(path, digest()), file)[0]


def bytes_again(path: Path, sha256: bytes) -> bytes:
    """The file's bytes read again, if they are still those of that SHA-256; else Reread (read from the start)."""
    try:
        data = read_bytes(path)
    except UnreadableFile:
        raise Reread from None
    if hashlib.sha256(data).digest() != sha256:
        raise Reread
    return data


def read_again(previous: EventLog, path: Path) -> EventLog:
    """The log at `path` now, given the one loaded from it before: unchanged, extended by an append, or read again."""
    state = STATES.get(absolute(path))
    if state is not None and state.log is not previous:
        forget(path)  # `previous` is not what this process last read there: take no shortcut from it
    return read_log(path)


def read_appended(path: Path, original: bytes, extra: bytes) -> EventLog:
    """The log at `path` as it would read with `extra` appended to `original` (its bytes), nothing written.

    When this process last read exactly `original` there, only the last event and `extra` are read (the
    append route); else the whole text, the fast way or the reference way. What is read is not remembered."""
    file = str(path)
    data = original + extra
    state = STATES.get(absolute(path))
    if state is not None and state.log.path == file and state.key.size == len(original) and checked(state):
        if hashlib.sha256(original).digest() == state.key.sha256:
            grown = extend(state, data[state.last_start_byte :], state.key, None, file)
            if grown is not None:
                return grown.log
    return read_whole(Handed(data), None, None, file).log
