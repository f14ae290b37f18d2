"""What a sitrep killed mid-write left behind: swept at start, and the unfinished entries it kept, offered back."""

from __future__ import annotations

from pathlib import Path

from ..editing import drafts
from ..reading.cache import disk


def tidy(log: Path) -> str | None:
    """Remove half-written cache entries and drafts; the sentence that offers this log's unfinished entries, if any."""
    disk.sweep()
    drafts.sweep()
    waiting = drafts.unfinished(log)
    if not waiting:
        return None
    many = f"{len(waiting)} unfinished entries" if len(waiting) > 1 else "1 unfinished entry"
    return f"{many} from {waiting[0].saved:%Y-%m-%d %H:%M}: press a to resume"
