"""Every problem the loader reported, with its line; Enter goes to the event it is in, e opens the file at its line."""

from __future__ import annotations

from typing import Callable, Literal, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from ..actions import PROBLEMS, bindings
from ...core.describe import printable, severity_counts
from ...core.model import Problem


Outcome = tuple[Literal["go", "edit"], Problem]


class ProblemsScreen(ModalScreen[Outcome | None]):
    """Dismisses with what to do with the chosen problem: go to its event, or edit the file at its line."""

    BINDINGS = bindings(PROBLEMS)

    def __init__(self, problems: Sequence[Problem], loaded: Callable[[Problem], bool], whose: str = "") -> None:
        """`loaded` tells whether a problem's entry is on screen; `whose` says when the problems are not those
        of the version on screen."""
        super().__init__()
        self.problems = problems
        self.loaded = loaded
        self.whose = whose

    def compose(self) -> ComposeResult:
        with Vertical(id="problems-body") as body:
            body.border_title = f"Problems · {severity_counts(self.problems)} · Enter goes to its event · e edits · Esc closes"
            if self.whose:
                body.border_subtitle = self.whose
            yield DataTable(id="problems-table", cursor_type="row")
            yield Static(id="problem-message", markup=False)

    def on_data_table_row_highlighted(self, highlighted: DataTable.RowHighlighted) -> None:
        if self.problems:
            problem = self.problems[highlighted.cursor_row]
            self.query_one("#problem-message", Static).update(printable(f"line {problem.line}, column {problem.column}: {problem.message}"))

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("line", "col", "severity", "message")
        for problem in self.problems:
            style = {"error": "bold red", "warning": "yellow"}.get(problem.severity, "dim")
            table.add_row(
                Text(str(problem.line), justify="right"),
                Text(str(problem.column), justify="right"),
                Text(problem.severity, style=style),
                Text(printable(problem.message)),
            )
        if not self.problems:
            table.add_row("", "", "", Text("No problems: every line of the file was read."))

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_first(self) -> None:
        self.query_one(DataTable).move_cursor(row=0)

    def action_last(self) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=table.row_count - 1)

    def chosen(self) -> Problem | None:
        return self.problems[self.query_one(DataTable).cursor_row] if self.problems else None

    def on_data_table_row_selected(self, selected: DataTable.RowSelected) -> None:
        self.action_select()

    def action_select(self) -> None:
        problem = self.chosen()
        if problem is None:
            return
        if self.loaded(problem):
            self.dismiss(("go", problem))
        else:
            self.query_one("#problem-message", Static).update(
                printable(f"line {problem.line}: this entry was not loaded, so no event shows it; press e to open the file at this line")
            )

    def action_edit(self) -> None:
        problem = self.chosen()
        if problem is not None:
            self.dismiss(("edit", problem))
