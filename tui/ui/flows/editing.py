"""Editing the log from the dashboard: the app suspends, $EDITOR runs, the log reloads.

A new entry is written in a draft of its own (editing/drafts.py), checked against the log as it is when
the editor closes, and appended to the log (editing/append.py), never written over it. A mixin of the
app, kept apart so `app.py` stays wiring.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from functools import partial
from pathlib import Path
from typing import Iterable

from textual import work
from textual.app import SuspendNotSupported

from ...core.finishing import finishing
from ...editing import drafts
from ...editing.append import AppendError, Changed, append_entry, writable
from ...editing.drafts import Draft, DraftError
from ...editing.entry import EditorProblem, editor_command, entry_bytes, entry_problems, new_entry, with_entry
from ...reading import is_csv, read_appended
from ...session.leftovers import tidy
from ..screens.new_entry import Choice, DraftScreen
from ..widgets.chronology import Chronology

ATTEMPTS = 3
"""Checks of an entry against a log that keeps changing under it, before the user is told."""


class EditorFlow:
    """Mixed into the app, whose `paths`, `event_log`, `load_log` and App methods it uses."""

    def run_editor(self, path: Path, line: int) -> int | None:
        """The editor's exit status, or None when it could not be started (the user is told why)."""
        try:
            command = editor_command(path, line)
        except EditorProblem as problem:
            self.notify(str(problem), severity="error", markup=False, timeout=10)
            return None
        failure: OSError | None = None
        status = None
        try:
            with self.suspend():
                # Caught inside the block: suspend() gives the screen back only when its block ends normally.
                try:
                    status = subprocess.run(command).returncode
                except OSError as error:
                    failure = error
        except SuspendNotSupported:  # no terminal to hand over (headless): the editor runs without one
            try:
                status = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True).returncode
            except OSError as error:
                failure = error
        if failure is not None:
            self.notify(f"Cannot run {command[0]}: {failure.strerror}", severity="error", markup=False, timeout=10)
            return None
        return status

    BUNDLED_HELP = (
        "This is the example log packaged with sitrep, a read-only copy: changes to it would be lost on the next "
        "upgrade. Run `sitrep init` in a folder of your own to write a starter events.yaml there, then `sitrep`."
    )

    CSV_HELP = (
        "{name} is an ACLED export, read-only: sitrep never writes a CSV. To edit its events, make a log of your own "
        "from it with `sitrep import {name} -o events.yaml`, then open that with `sitrep events.yaml`."
    )

    def read_only(self, path: Path) -> str | None:
        """Why the file cannot be edited here (the bundled copy, an ACLED export), or None."""
        if self.bundled:
            return self.BUNDLED_HELP
        if is_csv(path):
            return self.CSV_HELP.format(name=path.name)
        return None

    def action_edit(self) -> None:
        event = self.query_one(Chronology).current
        if event:
            self.edit_at(Path(event.file), event.line)

    def edit_at(self, path: Path, line: int) -> None:
        reason = self.read_only(path)
        if reason:
            self.notify(reason, severity="warning", markup=False, timeout=10)
        elif self.run_editor(path, line) is not None:
            self.load_log()

    def action_add(self) -> None:
        """Resume the oldest unfinished entry of this log, else start one in a new draft."""
        reason = self.read_only(self.paths[0])
        if reason:
            self.notify(reason, severity="warning", markup=False, timeout=10)
            return
        path = self.paths[0]
        waiting = drafts.unfinished(path)
        if waiting:
            draft = waiting[0]
            self.notify(f"Resuming your unfinished entry from {draft.saved:%Y-%m-%d %H:%M}", timeout=3, markup=False)
            self.edit_draft(path, draft)
            return
        try:
            editor_command(path, 1)  # a draft is made only for an editor that can open it
        except EditorProblem as problem:
            self.notify(str(problem), severity="error", markup=False, timeout=10)
            return
        self.start_draft(path, self.event_log.by_id)

    # A description of its own: Textual's default is the repr of the call, every id of the log in it (seconds).
    @work(thread=True, exclusive=True, group="draft", description="a new entry's draft")
    def start_draft(self, path: Path, ids: Iterable[str]) -> None:
        """A new entry's draft, then the editor on it. The template needs the file's text (its items' indent) and every
        id (a fresh one): at a million events a second's work, off the interface thread."""
        try:
            writable(path)
            text = path.read_bytes().decode("utf-8", errors="replace")
            template = new_entry(text, dt.date.today(), ids)
            draft = drafts.create(path, template)
        except (AppendError, DraftError) as error:
            self.call_from_thread(self.notify, str(error), severity="error", markup=False, timeout=10)
            return
        except OSError as error:
            self.call_from_thread(self.notify, f"Cannot read {path}: {error.strerror}", severity="error", markup=False, timeout=10)
            return
        self.call_from_thread(self.edit_draft, path, draft, template)

    def edit_draft(self, path: Path, draft: Draft, template: str | None = None) -> None:
        """`template`: the text of the draft just made, which an editor that leaves it so abandons (the user changed
        their mind); a resumed draft is the user's own, checked even if unchanged."""
        status = self.run_editor(draft.path, 1)
        if status is None:
            return
        if status != 0:
            self.notify(
                f"The editor exited with status {status}: nothing was added; the entry is kept (a resumes it)",
                severity="warning", markup=False, timeout=8,
            )
            return
        blank = draft.is_blank()
        if blank or draft.text() == template:
            draft.discard()
            self.notify(f"Nothing added: the new entry was left {'empty' if blank else 'as it was'}; the log is unchanged", timeout=4)
            return
        self.check_and_append(path, draft, keep_anyway=False)

    @work(thread=True, exclusive=True, group="add")
    def check_and_append(self, path: Path, draft: Draft, keep_anyway: bool) -> None:
        """Check the entry against the log as it is now, then append it; the log's reading and writing stay off
        the interface thread. A log changed meanwhile is checked again (its new bytes are what the entry joins)."""
        try:
            entry = entry_bytes(draft.text())
        except OSError as error:
            self.call_from_thread(self.notify, f"Cannot read the draft {draft.path}: {error.strerror}", severity="error", markup=False)
            return
        for _ in range(ATTEMPTS):
            try:
                original = path.read_bytes()
            except OSError as error:
                self.call_from_thread(self.notify, f"Cannot read {path}: {error.strerror}; the entry is kept (a resumes it)", severity="error", markup=False)
                return
            if not keep_anyway:
                _, line = with_entry(original, "")
                problems = entry_problems(partial(read_appended, path, original), line, entry, str(draft.path))
                if problems:
                    self.call_from_thread(self.ask_about, path, draft, problems)
                    return
            # A quit between the append and the draft's removal would offer the entry again, to be added twice.
            with finishing(f"adding the entry to {path}"):
                try:
                    append_entry(path, original, entry)
                except Changed:
                    continue
                except AppendError as error:
                    self.call_from_thread(self.notify, f"{error}; the entry is kept (a resumes it)", severity="error", markup=False, timeout=10)
                    return
                draft.discard()
            self.call_from_thread(self.entry_added, path, with_entry(original, "")[1])
            return
        self.call_from_thread(
            self.notify, f"{path} kept changing while the entry was checked; nothing was added, the entry is kept (a resumes it)",
            severity="warning", markup=False, timeout=10,
        )

    def ask_about(self, path: Path, draft: Draft, problems: list) -> None:
        def decide(choice: Choice | None) -> None:
            if choice == "edit":
                self.edit_draft(path, draft)
            elif choice == "keep":
                self.check_and_append(path, draft, keep_anyway=True)
            elif choice == "discard":
                draft.discard()
                self.notify("New entry discarded; the log is unchanged", timeout=3)
            else:
                self.notify("Nothing was added; the entry is kept (a resumes it)", timeout=4)

        self.push_screen(DraftScreen(problems), decide)

    def entry_added(self, path: Path, line: int) -> None:
        """The log is read again and the cursor put on the new event, which starts at `line`."""
        self.notify(f"Entry added to {path.name}", timeout=3, markup=False)
        self.select_after_load = (str(path), line)
        self.load_log()

    @work(thread=True, group="tidy")
    def offer_drafts(self) -> None:
        """At start: clear what a killed sitrep left, and say so when entries of this log were left unfinished."""
        waiting = tidy(self.paths[0])
        if waiting:
            self.call_from_thread(self.notify, waiting, timeout=8, markup=False)
