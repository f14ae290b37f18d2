"""Every problem the loader reported, with its line; Enter jumps to the event nearest that line."""

from __future__ import annotations

from typing import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from ..actions import PROBLEMS, bindings
from ...core.describe import printable, severity_counts
from ...core.model import Problem


class ProblemsScreen(ModalScreen[int | None]):
    """Dismisses with the line of the chosen problem, or None."""

    BINDINGS = bindings(PROBLEMS)

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        with Vertical(id="problems-body") as body:
            body.border_title = f"Problems · {severity_counts(self.problems)} · Enter jumps · Esc closes"
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

    def on_data_table_row_selected(self, selected: DataTable.RowSelected) -> None:
        if self.problems:
            self.dismiss(self.problems[selected.cursor_row].line)
