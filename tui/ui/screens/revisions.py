"""The commits of the log file (git log), to pick the revision the dashboard compares the log with."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..actions import REVISIONS, bindings
from ...core.describe import printable
from ...history import GitError, Revision, revisions

STOP = "stop comparing"


class RevisionScreen(ModalScreen[Revision | str | None]):
    """Dismisses with the chosen revision, STOP (no comparison), or None (nothing changed)."""

    BINDINGS = bindings(REVISIONS)

    def __init__(self, path: Path, comparing: bool) -> None:
        super().__init__()
        self.path = path
        self.comparing = comparing
        self.found: list[Revision] = []

    def compose(self) -> ComposeResult:
        picker = OptionList(Option(Content(f"git log {printable(self.path.name)} …"), disabled=True), id="revisions")
        picker.border_title = "Compare with a revision · Enter picks · Esc closes"
        yield picker

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.read_revisions()

    @work(thread=True, exclusive=True)
    def read_revisions(self) -> None:
        try:
            found: list[Revision] | str = revisions(self.path)
        except GitError as error:
            found = str(error)
        self.app.call_from_thread(self.show_revisions, found)

    def show_revisions(self, found: list[Revision] | str) -> None:
        picker = self.query_one(OptionList)
        picker.clear_options()
        if isinstance(found, str):
            picker.add_option(Option(Content(printable(found)), disabled=True))
            return
        self.found = found
        # Content, not a string: an OptionList reads a string's [brackets] as markup, and subjects are anyone's text.
        picker.add_options([Option(Content(printable(revision.label()))) for revision in found])
        if not found:
            picker.add_option(Option("no commit holds this file yet", disabled=True))
        if self.comparing:
            picker.add_option(Option(STOP))
        picker.highlighted = 0 if found or self.comparing else None

    def on_option_list_option_selected(self, selected: OptionList.OptionSelected) -> None:
        index = selected.option_index
        self.dismiss(self.found[index] if index < len(self.found) else STOP)
