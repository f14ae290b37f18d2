"""Writes the process must finish before it ends: the dashboard quits without waiting for its reads, but a file
the user asked for, or an entry half appended to their log, is never cut short."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

CHANGED = threading.Condition()
UNDER_WAY: list[str] = []
"""What each write in progress writes, in the words of `finishing`."""


@contextmanager
def finishing(what: str) -> Iterator[None]:
    """A write that an exit waits for (wait_until_finished), e.g. `finishing("writing report.md")`."""
    with CHANGED:
        UNDER_WAY.append(what)
    try:
        yield
    finally:
        with CHANGED:
            UNDER_WAY.remove(what)
            CHANGED.notify_all()


def under_way() -> list[str]:
    with CHANGED:
        return list(UNDER_WAY)


def wait_until_finished(timeout: float | None = None) -> bool:
    """Whether every write in progress ended (within `timeout` seconds; None: however long it takes)."""
    with CHANGED:
        return CHANGED.wait_for(lambda: not UNDER_WAY, timeout)
