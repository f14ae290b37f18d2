"""Pausing the garbage collector while a big log is built, and hiding the log from it afterwards."""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

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
