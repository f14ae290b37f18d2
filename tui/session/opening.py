"""Opening logs for the dashboard, without Textual: start early, load with an index, settle once drawn.

The command (cli.py) and the app (ui/flows/loading.py) both open logs through here, so the order of the
work (hold the cache writes, prefetch, load, then warm the index and write the cache) is written once.
"""

from __future__ import annotations

import os
import signal

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from ..ask.chain import more_responders, responders
from ..ask.index import LogIndex
from ..ask.index.growth import extended
from ..core.finishing import wait_until_finished
from ..core.gc_pause import gc_paused
from ..core.model import Event, EventLog
from ..reading import Preview, first_look, first_screen_drawn, hold_cache_writes, load_all, progress_of, read_ahead, release_cache_writes
from .follow import Stamp, stamps


@dataclass(frozen=True)
class Loaded:
    """A log as the dashboard shows it: the log, the files' stamps from before it was read, its index and replies."""

    event_log: EventLog
    stamps: tuple[Stamp, ...]
    index: LogIndex
    answered_by: dict[str, tuple[Event, ...]]


def open_early(paths: Sequence[Path]) -> None:
    """Start reading now, in a thread; no cache entry is written until settled() (the fork would slow drawing)."""
    hold_cache_writes(paths)
    read_ahead(paths)


def first_screen(paths: Sequence[Path]) -> Preview | None:
    """What a single big log's first screen shows before the log itself: from its cache entry in milliseconds, else
    from the head of the file (partial) in about a tenth of a second. Reads files: call it from a worker."""
    return first_look(paths[0]) if len(paths) == 1 else None


def load_for_dashboard(
    paths: Sequence[Path], shown: EventLog, index: LogIndex, answered_by: Mapping[str, tuple[Event, ...]]
) -> Loaded:
    """The files read as one log, with the index the panes ask and the replies: after an append, the `shown` log's
    `index` and `answered_by` extended by the added events; else built again (on the shown index's caches)."""
    before = stamps(paths)
    with gc_paused() as built:  # the index and the replies live as long as the log: frozen with it
        event_log = load_all(paths)
        built.append(event_log)
        growth = event_log.growth_from(shown)
        if growth is not None and index.all_events is shown.events:
            added = tuple(map(event_log.events.__getitem__, growth.positions))
            return Loaded(event_log, before, extended(index, event_log.events, growth.positions), more_responders(answered_by, added))
        index = LogIndex(event_log.events, previous=index, vocabulary=event_log.vocabulary)
        index.prepare()
        answered_by = responders(event_log)
    return Loaded(event_log, before, index, answered_by)


def first_screen_shown(paths: Sequence[Path]) -> None:
    """The first screen is drawn (or was not needed): the reading that waited for it goes on."""
    for path in paths:
        first_screen_drawn(path)


def reading_progress(paths: Sequence[Path]) -> float | None:
    """The share of the files read so far, while a big log is read on several cores; None when nothing reports."""
    read = [progress_of(str(path)) for path in paths]
    if all(fraction is None for fraction in read):
        return None
    return sum(fraction or 0 for fraction in read) / len(read)


def settled(paths: Sequence[Path]) -> None:
    """The log is on screen (or the app is gone): the held cache entries may be written now."""
    release_cache_writes(paths)


def settle_on_hangup(paths: Sequence[Path]) -> None:
    """When the terminal closes, start the held cache writes before dying of it: the writer runs in a session of
    its own (cache/writer.py), so the next open of a log the user only glanced at is warm. Main thread only."""

    def hang_up(signum: int, _frame: object) -> None:
        settled(paths)
        wait_until_finished()  # an entry half appended, a report half written
        os._exit(128 + signum)

    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, hang_up)


def warm_up(event_log: EventLog, index: LogIndex) -> None:
    """Build what later keystrokes ask the index for (search texts, every tally), off the interface thread."""
    with gc_paused() as built:  # what it builds lives as long as the log: frozen with it
        built.append(event_log)
        index.warm_up()
