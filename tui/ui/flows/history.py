"""The log's git history in the dashboard: the events added or changed since a revision, where an event came from,
and the situation report of what is shown. Every git call and every write runs in a thread worker.

A mixin of the app, kept apart so `app.py` stays wiring.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual import work

from ...ask.changes import CHANGED, NEW, LogChanges
from ...ask.view import View
from ...core.describe import counted, printable
from ...core.safe_write import safe_write
from ...history import GitError, Revision, changes_since, provenance
from ...report import REPORT_FORMATS, build, report_format_for
from ...report.words import change_summary
from ..screens.revisions import STOP, RevisionScreen
from ..widgets.chronology import Chronology
from ..widgets.detail import Detail


ASKING = ("history", "asking git …")


class HistoryFlow:
    """Mixed into the app, whose `paths`, `event_log`, `index`, `view`, `shown` and `refresh_view` it uses."""

    def start_history(self, since: Revision | None) -> None:
        """At construction: `since`, the revision of `--since-rev`, already checked on the command line."""
        self.since_revision = since
        self.changes: LogChanges | None = None
        self.since_marks: dict[str, str] = {}
        """The changes' marks, id -> `new` or `changed`: read on every move of the cursor."""

    def compare_after_load(self) -> None:
        """After every load: the marks of the last comparison on the new index at once, then the comparison again."""
        if self.since_revision is None:
            return
        self.index.mark(self.since_marks)
        self.compare(self.since_revision)

    @work(thread=True, exclusive=True, group="history")
    def compare(self, revision: Revision) -> None:
        log = self.event_log
        try:
            changes = changes_since(self.paths[0], revision, log)
        except GitError as error:
            self.call_from_thread(self.notify, f"Cannot compare with {revision.short}: {error}", severity="error", markup=False)
            return
        self.call_from_thread(self.show_changes, revision, changes, log)

    def show_changes(self, revision: Revision, changes: LogChanges, log) -> None:
        if log is not self.event_log or revision != self.since_revision:
            return  # a reload or another pick came since: its own comparison follows
        self.changes = changes
        self.since_marks = marks = changes.marks()
        self.index.mark(marks)
        self.query_one(Chronology).since = marks
        self.refresh_view(self.selected_id())
        self.show_selected()
        self.notify(
            f"Since {revision.short}: {len(changes.added)} new, {len(changes.changed)} changed, {len(changes.removed)} removed "
            "(is:new, is:changed filter them)", timeout=4, markup=False,
        )

    def since_notes(self, event_id: str) -> list[tuple[str, str]]:
        """The detail's row for the selected event: new, or what changed, since the revision compared with."""
        if self.changes is None or self.since_revision is None:
            return []
        mark = self.since_marks.get(event_id)
        if mark == NEW:
            return [("since", f"new since {self.since_revision.short}")]
        if mark == CHANGED:
            return [("since", f"changed since {self.since_revision.short}: {change_summary(self.changes.change_of(event_id))}")]
        return []

    def action_compare(self) -> None:
        if len(self.paths) > 1:
            self.notify("Comparing with a revision reads one file; this dashboard reads several", severity="warning", timeout=4)
            return
        self.push_screen(RevisionScreen(self.paths[0], self.since_revision is not None), self.after_pick)

    def after_pick(self, picked: Revision | str | None) -> None:
        if picked is None:
            return
        if picked == STOP:
            self.since_revision, self.changes, self.since_marks = None, None, {}
            self.index.mark({})
            self.query_one(Chronology).since = {}
            self.refresh_view(self.selected_id())
            self.show_selected()
            return
        self.since_revision = picked
        self.compare(picked)

    def action_provenance(self) -> None:
        event = self.query_one(Chronology).current
        detail = self.query_one(Detail)
        if event is None or any(label == "history" for label, _ in detail.notes):
            return  # asked already: shown, or on its way
        detail.add_notes(event.id, [ASKING])
        self.find_provenance(event)

    @work(thread=True, group="provenance")
    def find_provenance(self, event) -> None:
        try:
            notes = [("history", line) for line in provenance(Path(event.file), event).lines()]
        except GitError as error:
            notes = [("history", str(error))]
        self.call_from_thread(self.show_provenance, event.id, notes)

    def show_provenance(self, event_id: str, notes: list[tuple[str, str]]) -> None:
        detail = self.query_one(Detail)
        if detail.event is not None and detail.event.id == event_id:
            detail.notes = [note for note in detail.notes if note != ASKING]
            detail.add_notes(event_id, notes)

    def action_report(self) -> None:
        last = getattr(self, "last_report", None) or str(self.paths[0].parent / "sitrep-report.md")
        self.open_prompt("report", last)

    def submit_report(self, value: str) -> bool:
        """False, with the reason under the prompt, for a path whose extension picks no format."""
        if report_format_for(value.strip()) is None:
            self.query_one("#prompt").error("write a file name ending .md or .html: the ending picks the format", 0, len(value))
            return False
        self.last_report = value.strip()
        self.write_report(self.last_report)
        return True

    @work(thread=True, exclusive=True, group="report")
    def write_report(self, target: str) -> None:
        """The brief of the days the shown events span; the previous period is counted with the same query on
        the days before (its date terms set aside)."""
        path = Path(target).expanduser()
        shown = [event.date for event in self.shown if not event.month_only]
        if not shown:
            self.call_from_thread(self.notify, "No dated event is shown: nothing to report", severity="warning")
            return
        log = self.event_log
        undated = View(self.view.query.undated(), self.view.side).apply(log.events, log.vocabulary, self.since_marks)
        since, until = min(shown), max(shown) + dt.timedelta(days=1)
        revision = self.since_revision.label() if self.since_revision and self.changes else ""
        brief = build(log, undated, self.view.as_query(), since, until, self.changes if revision else None, revision)
        format = report_format_for(path.name)
        try:
            safe_write(path, REPORT_FORMATS[format](brief).encode("utf-8"))
        except OSError as error:
            self.call_from_thread(self.notify, f"Cannot write {target}: {error.strerror}", severity="error", markup=False)
            return
        self.call_from_thread(
            self.notify, f"Wrote the report of {brief.period.label()}, {counted(len(brief.events), 'event')}, to {printable(str(path))}",
            markup=False,
        )
