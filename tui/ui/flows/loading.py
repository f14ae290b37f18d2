"""Loading and following the log: the first screen from the cache, the loading worker, reloads on change.

A mixin of the app, kept apart so `app.py` stays wiring.
"""

from __future__ import annotations

import datetime as dt
import time
from functools import partial

from textual import work

from ...core.describe import printable
from ...ask.index import LogIndex
from ...core.model import Event, EventLog
from ...reading import Preview
from ...session.follow import Stamp, changed_ids, is_unreadable, is_unusable, read_wrong, stamps
from ...session.opening import first_screen, first_screen_shown, load_for_dashboard, open_early, reading_progress, settle_on_hangup, settled, warm_up
from ..messages import LogLoaded
from ..widgets.chronology import Chronology
from ..widgets.headline import Headline
from ..widgets.status_bar import Banner, StatusBar
from ..widgets.tallies import Tallies
from ..widgets.time_strip import TimeStrip

FOLLOW_SECONDS = 0.1
FRESH_SECONDS = 8
RETRY_SECONDS = 2.0
"""How often a file that could not be read is tried again, changed or not."""
SETTLE_SECONDS = 0.3
"""After a load is shown, before the work that would slow the drawing of it (index warm-up, cache writing)."""


class LoadingFlow:
    """Mixed into the app, whose `paths`, `event_log`, `index`, `answered_by`, `refresh_view` and `selected_id` it uses."""

    def start_early(self) -> None:
        """At construction: the loading starts while the interface starts up; the cache is written once it is drawn."""
        self.loaded_stamps: tuple[Stamp, ...] | None = None
        self.retry_at: float | None = None
        self.loaded_at = ""
        self.select_after_load: tuple[str, int] | None = None
        """(file, line) of an entry just added: the cursor goes to it once the log is read again."""
        self.unusable_on_disk: EventLog | None = None
        """The last read of a file that could not be used, while the version before stays on screen."""
        open_early(self.paths)

    def start_loading(self) -> None:
        """At mount: the first screen of a big log (cached, or its head), the loading worker, and the poll of the files."""
        self.query_one("#status", StatusBar).update(f"Loading {printable(self.event_log.path)} …")
        self.load_first_screen()
        self.read_files(self.event_log, self.index, self.answered_by)
        self.set_interval(FOLLOW_SECONDS, self.check_files)
        if not self.is_headless:
            settle_on_hangup(self.paths)

    @work(thread=True, group="first-screen")
    def load_first_screen(self) -> None:
        preview = first_screen(self.paths)
        if preview is None:
            first_screen_shown(self.paths)
        else:
            self.call_from_thread(self.show_preview, preview)

    def show_preview(self, preview: Preview) -> None:
        """The first screen of a big log, drawn before the log is loaded (unless the log came first)."""
        self.call_after_refresh(first_screen_shown, self.paths)
        if self.loaded_at:
            return
        events = preview.log.events
        self.query_one(Tallies).show(preview.rows_for)
        chronology = self.query_one(Chronology)
        chronology.events = events
        counted = f"first {preview.event_count} events" if preview.partial else f"{preview.event_count} events"
        chronology.border_subtitle = f"{counted} · loading…"
        self.query_one(TimeStrip).show_counts(preview.per_day, next((event.date for event in events if not event.month_only), None))
        self.query_one(Headline).show(preview.log, events, self.paths[0].name, preview.totals)
        self.query_one("#status", StatusBar).update(f"{printable(preview.log.path)} · {counted} · loading …")

    def show_progress(self) -> None:
        """How much of a big log the reader has read (the loader reports it for logs read on several cores)."""
        share = reading_progress(self.paths)
        if share is not None:
            self.query_one("#status", StatusBar).update(f"Loading {printable(self.event_log.path)} … {share:.0%} read")

    def load_log(self) -> None:
        """Read the files again, unless a load is under way: its stamps were taken before it read, so the poll that
        follows it starts another if the files changed meanwhile (an add's own reload and the poll's, started a moment
        apart, read the same file twice)."""
        if self.loaded_stamps is not None:
            self.loaded_stamps = None
            self.read_files(self.event_log, self.index, self.answered_by)

    # A description of its own: Textual's default is the repr of the call, every event of the log in it.
    @work(thread=True, exclusive=True, description="reading the log")
    def read_files(self, shown: EventLog, index: LogIndex, answered_by: dict[str, tuple[Event, ...]]) -> None:
        self.post_message(LogLoaded(load_for_dashboard(self.paths, shown, index, answered_by)))

    def check_files(self) -> None:
        """Follow the files: a stat per file, and a reload only when one changed. Until the first load, its progress."""
        if not self.loaded_at:
            self.show_progress()
        if self.loaded_stamps is None:
            return
        retry = self.retry_at is not None and time.monotonic() >= self.retry_at
        if retry or stamps(self.paths) != self.loaded_stamps or read_wrong(self.paths):
            self.load_log()

    def on_log_loaded(self, message: LogLoaded) -> None:
        loaded = message.loaded
        self.loaded_stamps = loaded.stamps
        new = loaded.event_log
        self.retry_at = time.monotonic() + RETRY_SECONDS if is_unreadable(new) else None
        first_load = not self.loaded_at
        if is_unusable(new) and not first_load:
            self.unusable_on_disk = new
            self.query_one(Banner).warn(next(p for p in new.problems if p.severity == "error"), self.loaded_at)
            self.refresh_view(self.selected_id())
            return
        self.unusable_on_disk = None
        self.query_one(Banner).warn(None, self.loaded_at)
        fresh = {} if first_load else changed_ids(self.event_log, new)
        selected = self.selected_id()
        added = None
        if self.select_after_load is not None:
            file, line = self.select_after_load
            # After an append, among the added events alone: every event is a second's walk at a million.
            candidates = new.added_since(self.event_log) or new.events
            added = min((event for event in candidates if event.file == file and event.line >= line), key=lambda event: event.line, default=None)
            if added is not None:  # else a load that read the file before the entry came: the next one has it
                self.select_after_load = None
        self.event_log = new
        self.index = loaded.index
        self.loaded_at = dt.datetime.now().strftime("%H:%M:%S")
        self.answered_by = loaded.answered_by
        self.compare_after_load()
        self.refresh_view(selected)
        if added is not None:
            self.select(added.id)  # clearing a filter that hides it
        if not new.events and new.errors:
            self.query_one("#status", StatusBar).failed(str(new.errors[0]))
        # Once the log is on screen: building indexes in a thread would slow the drawing of it, and the cache
        # writer's fork would make a copy of every page this process then writes to.
        self.set_timer(SETTLE_SECONDS, self.settle)
        if fresh:
            # Added to the marks still shown: another program's append read by the poll, then one's own add.
            chronology = self.query_one(Chronology)
            chronology.fresh = {**chronology.fresh, **fresh}
            self.set_timer(FRESH_SECONDS, partial(self._fade_fresh, fresh))
            marked = len(chronology.fresh)
            self.notify(f"{marked} new or changed event{'s' if marked > 1 else ''}", timeout=3)

    def settle(self) -> None:
        # A description of its own: Textual's default is the repr of the partial, every event of the log in it.
        work = partial(warm_up, self.event_log, self.index)
        self.run_worker(work, description="index warm-up", thread=True, group="warm-up", exclusive=True)
        settled(self.paths)

    def on_unmount(self) -> None:
        settled(self.paths)  # quit before settle(): the entry is still written (by a process that outlives this one)

    def _fade_fresh(self, faded: dict[str, str]) -> None:
        for chronology in self.query(Chronology):  # none once the app is closing: the timer can fire as it unmounts
            chronology.fresh = {event_id: mark for event_id, mark in chronology.fresh.items() if event_id not in faded}
