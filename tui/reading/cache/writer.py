"""Writing a loaded log's cache entries in the background, one writer per log, held while the dashboard draws."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from . import disk
from ...core import forked
from .entry import payload_of
from .preview import preview_of
from .memory import LOCK, State, absolute


def write_entries(state: State) -> bool:
    payload, parts = payload_of(state)
    return disk.write(state.key, payload, parts=parts) and disk.write(state.key, preview_of(state), "preview")


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


def writes_now() -> bool:
    """Whether entries are written before the load returns (SITREP_CACHE_SYNC, for tests), not in the background."""
    return bool(os.environ.get("SITREP_CACHE_SYNC"))


def start_cache_write(state: State) -> None:
    """Write the entries without making anyone wait: in a forked process at the lowest priority where there is
    fork, else a thread. One writer per log at a time; a version loaded meanwhile is written after it."""
    where = state.key.path
    with LOCK:
        if where in HELD:
            HELD[where] = state
            return
    if writes_now():
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
            pid = forked.fork()
        except OSError:
            return
        if pid == 0:
            code = 1
            try:
                forked.quiet_child()
                # A session of its own: closing the terminal (or its tmux pane, which a quit does) hangs up the
                # dashboard's session, and the entry of a log the user only glanced at must still be written.
                os.setsid()
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

