"""Editing the log from the dashboard: the app suspends, $EDITOR runs, the log reloads.

A mixin of the app, kept apart so `app.py` stays wiring.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from textual.app import SuspendNotSupported

from ...editing.entry import draft_problems, editor_command, new_entry, with_entry
from ...reading import load
from ...core.safe_write import safe_write
from ..screens.new_entry import Choice, DraftScreen
from ..widgets.chronology import Chronology


class EditorFlow:
    """Mixed into the app, whose `paths`, `event_log`, `load_log` and App methods it uses."""

    def run_editor(self, path: Path, line: int) -> None:
        command = editor_command(path, line)
        try:
            with self.suspend():
                subprocess.run(command)
        except SuspendNotSupported:  # no terminal to hand over (headless): the editor runs without one
            subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True)
        except OSError as error:
            self.notify(f"Cannot run {command[0]}: {error.strerror}", severity="error", markup=False)

    def action_edit(self) -> None:
        event = self.query_one(Chronology).current
        if event:
            self.run_editor(Path(event.file), event.line)
            self.load_log()

    def action_add(self) -> None:
        """Append a new entry in a draft beside the log, and keep it only once it validates or the user says so."""
        path = self.paths[0]
        try:
            original = path.read_bytes()
        except OSError as error:
            self.notify(f"Cannot read {path}: {error.strerror}", severity="error", markup=False)
            return
        entry = new_entry(original.decode("utf-8", errors="replace"), dt.date.today(), self.event_log.by_id)
        draft_bytes, line = with_entry(original, entry)
        draft = path.with_name(f".{path.name}.new-entry.yaml")
        draft.write_bytes(draft_bytes)
        self._edit_draft(path, draft, line, original)

    def _edit_draft(self, path: Path, draft: Path, line: int, original: bytes) -> None:
        self.run_editor(draft, line)
        problems = draft_problems(load(draft), line)
        if not problems:
            self._keep_draft(path, draft, original)
            return

        def decide(choice: Choice | None) -> None:
            if choice == "edit":
                self._edit_draft(path, draft, line, original)
            elif choice == "keep":
                self._keep_draft(path, draft, original)
            else:
                draft.unlink(missing_ok=True)
                self.notify("New entry discarded; the log is unchanged", timeout=3)

        self.push_screen(DraftScreen(problems), decide)

    def _keep_draft(self, path: Path, draft: Path, original: bytes) -> None:
        if path.read_bytes() != original:
            self.notify(f"{path.name} changed on disk meanwhile; your entry is kept in {draft.name}", severity="warning", markup=False)
            return
        safe_write(path, draft.read_bytes())
        draft.unlink()
        self.load_log()
