"""Temporary files a killed sitrep left behind: found by name and age, removed on the next start."""

from __future__ import annotations

import time
from pathlib import Path

STALE_SECONDS = 3600
"""A temporary file older than this belongs to no running sitrep (a live one keeps it for seconds at most)."""


def remove_stale(folder: Path, pattern: str, now: float | None = None) -> int:
    """Remove the files of `folder` matching `pattern` not modified for STALE_SECONDS; returns how many."""
    now = time.time() if now is None else now
    removed = 0
    try:
        leftovers = list(folder.glob(pattern))
    except OSError:
        return 0
    for path in leftovers:
        try:
            if now - path.stat().st_mtime > STALE_SECONDS:
                path.unlink()
                removed += 1
        except OSError:
            pass
    return removed
