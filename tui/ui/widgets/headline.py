"""The log's title and its totals: the log's own count beside the officially reported one."""

from __future__ import annotations

from typing import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from ...core.describe import printable
from ...core.model import Event, EventLog
from ...ask.stats import headline
from ...ask.tally import totals


class Headline(Vertical):
    def compose(self) -> ComposeResult:
        yield Static(id="title", markup=False)
        yield Static(id="totals", markup=False)

    def show(self, log: EventLog, shown: Sequence[Event], fallback_title: str, summary=None) -> None:
        summary = summary or totals(shown)
        self.query_one("#title", Static).update(printable(log.title or fallback_title))
        parts: list = [printable(headline(log, shown, summary)), "\n"]
        for number, (side, count, figures) in enumerate(summary.sides()):
            parts.append(f"{' · ' if number else ''}{side}: ")
            if not count:
                parts.append((f"no {side} shown", "$text-muted"))
            for n, (name, figure) in enumerate(figures if count else ()):
                parts += [", " if n else "", (f"{name} ", "$text-error" if name == "killed" else "$text-warning"), figure.short()]
        self.query_one("#totals", Static).update(Content.assemble(*parts))
