"""What this process remembers of the logs it loaded: enough to hand the same log back, or to read only an append."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import disk
from ...core.model import Event, EventLog, Problem

MAX_REMEMBERED = 8
"""Logs remembered for steps 2 and 3 of reading/route.py, most recent first."""


@dataclass
class State:
    """What this process knows of a file it loaded: enough to tell it unchanged, or to read only what was appended."""

    key: disk.Key | None
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
    last_events: list[Event] | None = None
    """The events from `last_start_line` on (the last one, which an append reads again), once looked for."""
    check: Any = None
    """reading.appended.Check of a version read from its appended bytes alone, until the bytes before are checked."""

    def events_read_again(self) -> list[Event]:
        """The event starting at `last_start_line`, if the file's last item is one: found from the end of the log's
        order, where an append usually puts it (every other event starts on an earlier line)."""
        if self.last_events is None:
            last = next((event for event in reversed(self.log.events) if event.line > self.last_start_line), None)
            self.last_events = [] if last is None else [last]
        return self.last_events


STATES: OrderedDict[str, State] = OrderedDict()
PREFETCHED: dict[str, Any] = {}
"""Absolute path -> the Future of a load started by reading.prefetch."""
HEADS: dict[str, Any] = {}
"""Absolute path -> the Future of the first screen reading.prefetch reads from the file's head before its load."""
LOCK = threading.Lock()


def remember(path: str, state: State) -> None:
    with LOCK:
        STATES[path] = state
        STATES.move_to_end(path, last=False)
        while len(STATES) > MAX_REMEMBERED:
            STATES.popitem()


def absolute(path: Path) -> str:
    return os.path.abspath(path)


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
