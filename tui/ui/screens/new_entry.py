"""Asks what to do with a new entry that does not validate: nothing is written without the user's word."""

from __future__ import annotations

from typing import Literal, Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..actions import DRAFT, bindings
from ...core.describe import printable
from ...core.model import Problem

Choice = Literal["edit", "discard", "keep", "cancel"]


class DraftScreen(ModalScreen[Choice]):
    BINDINGS = bindings(DRAFT)

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        with Vertical(id="draft-body") as body:
            body.border_title = "The new entry has problems"
            yield Static(
                Content.assemble(
                    *(Content.assemble((f"line {p.line}: ", "bold"), printable(p.message), "\n") for p in self.problems[:12]),
                    "\nThe log is unchanged until you choose.\n",
                    ("e", "bold"), " edit again   ", ("d", "bold"), " discard the entry   ",
                    ("k", "bold"), " keep it anyway (written as is)   ", ("Esc", "bold"), " cancel (the entry is kept)",
                ),
                markup=False,
            )
