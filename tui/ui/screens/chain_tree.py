"""The whole retaliation chain of an event as trees (one per first attack), with the time between links; Enter goes to an event."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..actions import CHAIN, bindings
from ...ask.chain import ChainNode, flatten, tree_lines
from ...core.describe import printable


class ChainScreen(ModalScreen[str | None]):
    """Dismisses with the id of the chosen event, or None."""

    BINDINGS = bindings(CHAIN)

    def __init__(self, forest: tuple[ChainNode, ...], current_id: str) -> None:
        super().__init__()
        self.rows = [row for tree in forest for row in flatten(tree)]
        self.lines = [line for tree in forest for line in tree_lines(tree)]
        self.chains = len(forest)
        self.current_id = current_id

    def compose(self) -> ComposeResult:
        options = []
        for (_, node), line in zip(self.rows, self.lines):
            style = "$text-primary" if node.event.is_response else "$text-error"
            mark = "▼ " if node.event.is_response else "▲ "
            text = Content.assemble((mark, style), printable(line))
            options.append(Option(Content.assemble(text, ("  ← this event", "bold")) if node.event.id == self.current_id else text))
        tree = OptionList(*options, id="chain-tree")
        chains = f"{self.chains} chains" if self.chains > 1 else "Retaliation chain"
        tree.border_title = f"{chains} · {len(self.rows)} events · Enter goes to one · Esc closes"
        yield tree

    def on_mount(self) -> None:
        tree = self.query_one(OptionList)
        tree.highlighted = next(i for i, (_, node) in enumerate(self.rows) if node.event.id == self.current_id)
        tree.focus()

    def action_cursor(self, step: int) -> None:
        tree = self.query_one(OptionList)
        if step > 0:
            tree.action_cursor_down()
        else:
            tree.action_cursor_up()

    def on_option_list_option_selected(self, selected: OptionList.OptionSelected) -> None:
        self.dismiss(self.rows[selected.option_index][1].event.id)
