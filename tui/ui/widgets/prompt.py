"""One input line under the panes for search (/), the query line (:), jump to date and export paths.

Its errors are shown in place, under the part of the text that is wrong.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from ..actions import PROMPT, bindings
from ...core.describe import printable

PLACEHOLDERS = {
    "search": "search every field; Enter keeps the hits (n / N to step), Esc clears",
    "query": 'filter, e.g. type:drone country:iraq after:2024-01-01 injured>0 actor:"Kataib Hezbollah" -tag:yemen',
    "date": "jump to a date: YYYY-MM-DD or YYYY-MM",
    "export": "export the shown events to: path ending .csv .json .md or .geojson",
    "report": "write the situation report of the shown events' days to: path ending .md or .html",
}
LABELS = {"search": "/", "query": ":", "date": "date", "export": "export to", "report": "report to"}


class Prompt(Vertical):
    class Changed(Message):
        def __init__(self, mode: str, value: str) -> None:
            super().__init__()
            self.mode = mode
            self.value = value

    class Submitted(Changed):
        pass

    class Cancelled(Message):
        def __init__(self, mode: str) -> None:
            super().__init__()
            self.mode = mode

    BINDINGS = bindings(PROMPT)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mode = "search"

    def compose(self) -> ComposeResult:
        with Horizontal(id="prompt-line"):
            yield Static(id="prompt-label", markup=False)
            yield Input(id="prompt-input", select_on_focus=False)
        yield Static(id="prompt-error", markup=False)

    def open(self, mode: str, value: str = "") -> None:
        self.mode = mode
        self.display = True
        field = self.query_one(Input)
        field.placeholder = PLACEHOLDERS[mode]
        self.query_one("#prompt-label", Static).update(LABELS[mode] + " ")
        with field.prevent(Input.Changed):
            field.value = value
        field.cursor_position = len(value)
        self.error(None)
        field.focus()

    def close(self) -> None:
        self.display = False
        self.error(None)

    def error(self, message: str | None, start: int = 0, end: int = 0) -> None:
        """Underline [start, end) of the input and say what is wrong, or clear the error."""
        line = self.query_one("#prompt-error", Static)
        self.query_one(Input).set_class(message is not None, "-invalid")
        line.display = message is not None
        if message is not None:
            field = self.query_one(Input)
            offset = len(LABELS[self.mode]) + 1 + max(0, start - field.scroll_offset.x)
            underline = " " * offset + "^" * max(1, end - start)
            line.update(Content.assemble((underline, "$text-error bold"), " ", printable(message)))

    def on_input_changed(self, changed: Input.Changed) -> None:
        changed.stop()
        self.post_message(self.Changed(self.mode, changed.value))

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self.mode, self.query_one(Input).value))

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled(self.mode))
