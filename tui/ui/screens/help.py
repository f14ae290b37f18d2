"""Every key binding, grouped by the pane it works in, read from the table of actions (ui/actions.py)."""

from __future__ import annotations

import textwrap
from itertools import combinations
from typing import Iterable, Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.keys import format_key
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static
from ..actions import HELP, HELP_SECTIONS, Action, bindings, overrides

KEY_NAMES = {
    "down": "↓", "up": "↑", "left": "←", "right": "→", "pagedown": "PgDn", "pageup": "PgUp",
    "home": "Home", "end": "End", "enter": "Enter", "escape": "Esc", "backspace": "Backspace",
    "tab": "Tab", "shift+tab": "Shift+Tab",
}
"""Where the help's spelling differs from Textual's own (format_key), which names every other key: `=` for equals_sign."""


Section = tuple[str, Sequence[Action | tuple[str, str]]]
MIN_COLUMN = 48
"""Cells a column of the help needs: a few of its longest rows wrap."""
MAX_COLUMNS = 3
FRAME = 6
"""The help box's border and padding, and its scrollbar."""
COLUMN_GAP = 2
"""A column's padding on the right (app.tcss)."""


def key_label(keys: str) -> str:
    return " ".join(KEY_NAMES.get(key) or format_key(key).replace("ctrl+", "Ctrl+") for key in keys.split(","))


def override_notes() -> dict[Action, str]:
    """The app's keys a pane takes for itself, noted on both rows: `Filter · f in the map: Fit all`, `Fit all · here,
    not Filter`."""
    notes: dict[Action, list[str]] = {}
    for key, pane, own, app in overrides():
        notes.setdefault(app, []).append(f"{key_label(key)} in {pane.name}: {own.description}")
        notes.setdefault(own, []).append(f"here, not {app.description}")
    return {action: "; ".join(said) for action, said in notes.items()}


def help_text(sections: Iterable[Section], width: int | None = None) -> Content:
    """The sections' rows, key then description; in `width` cells, a long description wraps under itself."""
    notes = override_notes()
    parts: list[Content | str | tuple[str, str]] = []
    for title, actions in sections:
        parts.append((f"{title}\n", "bold $text-accent"))
        for action in actions:
            keys, description = (action.keys, action.description) if isinstance(action, Action) else action
            parts.append((f"  {key_label(keys):<{KEY_WIDTH}}", "bold"))
            note = notes.get(action) if isinstance(action, Action) else None
            text = f"{description}{f' · {note}' if note else ''}"
            lines = textwrap.wrap(text, width - KEY_WIDTH - 2) if width and width > KEY_WIDTH + 12 else [text]
            parts.append(("\n" + " " * (KEY_WIDTH + 2)).join(lines) + "\n")
        parts.append("\n")
    return Content.assemble(*parts)


def in_columns(sections: Sequence[Section], count: int) -> list[Sequence[Section]]:
    """The sections, in order, in `count` columns (fewer if there are fewer sections), the tallest as short as can be."""
    count = max(1, min(count, len(sections)))
    heights = [len(section[1]) + 2 for section in sections]  # its title, its rows, a blank line

    def tallest(cuts: tuple[int, ...]) -> int:
        return max(sum(heights[start:end]) for start, end in zip((0, *cuts), (*cuts, len(sections))))

    cuts = min(combinations(range(1, len(sections)), count - 1), key=tallest)
    return [sections[start:end] for start, end in zip((0, *cuts), (*cuts, len(sections)))]


def column_count(width: int) -> int:
    """As many columns as the screen has room for, up to three (the whole help at 160x48 without scrolling)."""
    return max(1, min(MAX_COLUMNS, (width - FRAME) // MIN_COLUMN))


KEY_WIDTH = max(len(key_label(action.keys if isinstance(action, Action) else action[0])) for _, actions in HELP_SECTIONS for action in actions) + 2


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings(HELP)

    def compose(self) -> ComposeResult:
        self.columns = column_count(self.app.size.width)
        with VerticalScroll(id="help-body", classes="-columns" if self.columns > 1 else "") as body:
            body.border_title = "Keys · Esc to close"
            width = (self.app.size.width - FRAME) // self.columns - COLUMN_GAP if self.columns > 1 else None
            with Horizontal(id="help-columns"):
                for sections in in_columns(HELP_SECTIONS, self.columns):
                    yield Static(help_text(sections, width), classes="help-column", markup=False)

    def on_resize(self) -> None:
        if column_count(self.app.size.width) != self.columns:
            self.refresh(recompose=True)
