"""Loading logs early, in a thread, so that the work overlaps the interface starting up."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from .model import EventLog
from .remembered import STATES, absolute

PREFETCHED: dict[str, Any] = {}
"""Absolute path -> the Future of a load started by prefetch()."""


def prefetch(paths: Any) -> None:
    """Start loading these files now, in a thread, so that the work overlaps whatever comes next (the interface
    starting up); the load() of the same file then waits for that result instead of starting over."""
    from concurrent.futures import Future

    from .fastload import load  # here, not above: fastload.load collects what this module started

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
