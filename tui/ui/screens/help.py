"""Every key binding, grouped by the pane it works in, read from the BINDINGS themselves."""

from __future__ import annotations

from typing import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEY_NAMES = {
    "down": "↓", "up": "↑", "left": "←", "right": "→", "pagedown": "PgDn", "pageup": "PgUp",
    "home": "Home", "end": "End", "enter": "Enter", "escape": "Esc", "backspace": "Backspace",
    "tab": "Tab", "shift+tab": "Shift+Tab", "question_mark": "?", "slash": "/", "colon": ":",
}


def key_label(keys: str) -> str:
    return " ".join(KEY_NAMES.get(key, key.replace("ctrl+", "Ctrl+")) for key in keys.split(","))


def help_text(sections: Iterable[tuple[str, Iterable[Binding | tuple]]]) -> Content:
    parts: list[Content | str | tuple[str, str]] = []
    for title, bindings in sections:
        parts.append((f"{title}\n", "bold $text-accent"))
        for binding in bindings:
            keys, description = (binding.key, binding.description) if isinstance(binding, Binding) else binding[:2]
            parts.append((f"  {key_label(keys):<18}", "bold"))
            parts.append(f"{description}\n")
        parts.append("\n")
    return Content.assemble(*parts)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close help")]

    def __init__(self, sections: list[tuple[str, list]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys · Esc to close"
            yield Static(help_text(self.sections), markup=False)
