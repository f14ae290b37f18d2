"""Every key binding, grouped by the pane it works in, read from the table of actions (ui/actions.py)."""

from __future__ import annotations

from typing import Iterable

from textual.app import ComposeResult
from textual.containers import VerticalScroll
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


def help_text(sections: Iterable[tuple[str, Iterable[Action | tuple[str, str]]]]) -> Content:
    notes = override_notes()
    parts: list[Content | str | tuple[str, str]] = []
    for title, actions in sections:
        parts.append((f"{title}\n", "bold $text-accent"))
        for action in actions:
            keys, description = (action.keys, action.description) if isinstance(action, Action) else action
            parts.append((f"  {key_label(keys):<18}", "bold"))
            note = notes.get(action) if isinstance(action, Action) else None
            parts.append(f"{description}{f' · {note}' if note else ''}\n")
        parts.append("\n")
    return Content.assemble(*parts)


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings(HELP)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys · Esc to close"
            yield Static(help_text(HELP_SECTIONS), markup=False)
