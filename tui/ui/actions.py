"""The dashboard's actions, once: the key bindings, the command palette and the help screen are all read from here."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Action:
    keys: str
    action: str
    """A Textual action string, run by the key and by the palette command."""
    description: str
    """The footer's and the help screen's words."""
    command: str | None = None
    """The palette's title (None: not in the palette)."""
    command_help: str = ""
    footer: bool = False

    def binding(self) -> Binding:
        return Binding(self.keys, self.action, self.description, show=self.footer)


ACTIONS = (
    Action("q", "quit", "Quit", footer=True),
    Action("question_mark", "help", "Help", "Show keys", "List every key binding", footer=True),
    Action("t", "cycle(1)", "Tally by", "Cycle tally dimension", "Group the tallies by the next dimension", footer=True),
    Action("T", "cycle(-1)", "Tally by (back)"),
    Action("slash", "search", "Search", "Search", "Find events by any text (n / N step through hits)", footer=True),
    Action("colon,f", "query", "Filter", "Filter with a query", "type:drone country:iraq after:2024-01-01 injured>0 …", footer=True),
    Action("n", "next_hit(1)", "Next hit"),
    Action("N", "next_hit(-1)", "Previous hit"),
    Action("escape", "clear_filters", "Clear filters", "Clear filters", "Show every event again"),
    Action("x", "pop_chip", "Drop last filter"),
    Action("v", "side", "Attacks / responses / both", "Attacks / responses / both", "Show one side of the exchange, or both"),
    Action("d", "jump_date", "Jump to date", "Jump to date", "Go to the event nearest a date"),
    Action("c", "chain", "Retaliation chain", "Retaliation chain", "The selected event's whole chain as a tree"),
    Action("E", "export", "Export shown events", "Export shown events", "Write the filtered events to CSV, JSON, Markdown or GeoJSON"),
    Action("backspace,b", "back", "Back", "Go back", "Return to the event before the last followed link"),
    Action("p", "problems", "Problems", "Show problems", "List every problem the loader found", footer=True),
    Action("m", "toggle_map", "Map", "Map", "Show where the events happened, in place of the tallies", footer=True),
    Action("e", "edit", "Edit in $EDITOR", "Edit event", "Open the selected event in $EDITOR at its line"),
    Action("a", "add", "Add event", "Add event", "Append a new entry to the log in $EDITOR"),
    Action("r", "reload", "Reload", "Reload log", "Read the files again from disk"),
    Action("z", "zoom", "Zoom pane"),
)

BINDINGS = [action.binding() for action in ACTIONS]

ELSEWHERE = (("tab,shift+tab", "Next / previous pane"), ("ctrl+p", "Command palette"))
"""Keys Textual itself binds, listed with the app's own in the help."""
