"""The line under the panes: which file, how many events, how many problems; and a banner when a reload failed."""

from __future__ import annotations

from typing import Sequence

from textual.content import Content
from textual.widgets import Static

from ...core.describe import printable
from ...core.model import EventLog, Problem


class StatusBar(Static):
    def show(self, log: EventLog, shown: int, filtered: bool, problems: Sequence[Problem], on_disk: bool = False, name: str = "") -> None:
        """`problems` are the ones `p` lists: those of the file on disk when it cannot be used (`on_disk`);
        `name` stands for the path (the bundled example log is named so, not by where pip put it)."""
        errors = sum(problem.severity == "error" for problem in problems)
        count = f"{shown} of {len(log.events)} events shown" if filtered else f"{len(log.events)} events"
        style = "$text-error bold" if errors else ("$text-warning" if problems else "$text-success")
        counted = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}" + (" in the file on disk" if on_disk else "")
        self.update(
            Content.assemble(
                name or printable(log.path), " · ", count, " · ", (counted + (" (p to list)" if problems else ""), style),
            )
        )

    def failed(self, reason: str) -> None:
        self.update(Content.styled(printable(reason), "$text-error"))


class Banner(Static):
    """Shown while the file on disk cannot be used; the last good version stays on screen."""

    def warn(self, problem: Problem | None, loaded_at: str) -> None:
        self.display = problem is not None
        if problem:
            self.update(
                Content.assemble(
                    ("⚠ ", "bold"), printable(str(problem)),
                    f"  · showing the version loaded at {loaded_at}; fix the file and it reloads by itself",
                )
            )
