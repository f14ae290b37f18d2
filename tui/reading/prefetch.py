"""Loading logs early, in a thread, so that the work overlaps the interface starting up; a big log's first screen first."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from .cache.memory import HEADS, PREFETCHED, absolute
from .cache.preview import Preview, current_key, peek
from .head import head_preview, is_big
from .route import read_log

SHOWN_WAIT = 1.0
"""Seconds the load of a big log waits for its first screen (its cached preview, else its head) to be drawn. On two
busy cores the load (a CSV is read in this process, a YAML text decoded and cut here, a cache entry unpickled
here) otherwise delayed that screen by seconds; the load is then as long again as the drawing, a few tenths of a
second. Also the longest wait if no one draws it."""
SHOWN: dict[str, threading.Event] = {}
"""Absolute path -> set once the first screen of a big log is drawn (or will not be)."""


def read_ahead(paths: Any) -> None:
    """Start loading these files now, in a thread, so that the work overlaps whatever comes next (the interface
    starting up); the load() of the same file then waits for that result instead of starting over."""
    from concurrent.futures import Future

    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    for path in paths:
        path = Path(path)
        where = absolute(path)
        if where in PREFETCHED or not path.is_file():
            continue
        future: Future = Future()
        PREFETCHED[where] = future
        head: Future | None = None
        shown: threading.Event | None = None
        if len(paths) == 1 and is_big(path.stat().st_size):  # a first screen is shown for one big log alone
            shown = SHOWN[where] = threading.Event()
            if current_key(path) is None:  # else the cached preview is that screen
                head = HEADS[where] = Future()

        def run(path: Path = path, future: Future = future, head: Future | None = head, shown: threading.Event | None = shown) -> None:
            if head is not None:  # before the load, whose long regex searches over the whole text hold the GIL
                try:
                    preview = head_preview(path)
                except Exception:  # no first screen then: the load itself reports what is wrong with the file
                    preview = None
                head.set_result(preview)
                if preview is None:
                    shown = None
            if shown is not None:
                shown.wait(SHOWN_WAIT)
            try:
                future.set_result(read_log(path, prefetched=False))
            except BaseException as error:  # given to the load() that collects it
                future.set_exception(error)

        threading.Thread(target=run, name=f"prefetch {path.name}", daemon=True).start()


def first_look(path: Path) -> Preview | None:
    """The first screen of a big log before the log: its cached preview, else the head read ahead of the load
    (waiting for it: a tenth of a second), else its head read now. Reads files: not on the interface thread."""
    preview = peek(path)
    if preview is not None:
        return preview
    head = HEADS.pop(absolute(path), None)
    if head is None:
        return head_preview(path)
    if head.result() is None:
        first_screen_drawn(path)
    return head.result()


def first_screen_drawn(path: Path) -> None:
    """The first screen first_look gave is on screen (or will not be): the prefetched load goes on."""
    shown = SHOWN.pop(absolute(path), None)
    if shown is not None:
        shown.set()
