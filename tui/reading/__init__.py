"""Turning files into an EventLog: the one door the other layers read a log through.

`load` takes the cheapest route that gives the reference reader's log (route.py): unchanged, appended to,
cached (cache/), or read by the fast reader (fast/), else by the reference reader (reference/); an ACLED export
(.csv) by its own reader (acled/). `load_all` reads several files, or a folder of them, as one log (merge.py).
"""

from __future__ import annotations

from pathlib import Path

from ..core.model import EventLog
from .acled import is_csv
from .appended import doubted
from .cache.preview import Preview, peek
from .cache.writer import hold_cache_writes, release_cache_writes
from .merge import load_all, log_files, merge
from .prefetch import first_look, first_screen_drawn, read_ahead
from .reference import load_text, reference_load
from .reference.vocabulary import vocabulary_findings
from .route import forget, load_bytes, read_again, read_appended, read_log, route_of
from .progress import of as progress_of
from .text import UnreadableFile

__all__ = [
    "Preview", "UnreadableFile", "doubted", "first_look", "first_screen_drawn", "forget", "hold_cache_writes", "is_csv", "load", "load_all", "load_bytes", "load_text", "log_files", "merge", "peek",
    "progress_of", "read_ahead", "read_appended", "reference_load", "release_cache_writes", "reload", "route_of", "vocabulary_findings",
]


def load(path: str | Path) -> EventLog:
    """A log file; raises UnreadableFile only when not one byte of it can be read.

    The same log as reference_load(path), found the fastest way: unchanged since the last load, only
    appended to, in the cache, or read by the fast reader.
    """
    return read_log(Path(path))


def reload(previous: EventLog, path: str | Path) -> EventLog:
    """The log at `path` now, given `previous` loaded from it: after an append only the new events are read."""
    return read_again(previous, Path(path))
