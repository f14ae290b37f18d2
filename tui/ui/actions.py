"""Every key, once: the app's and each pane's bindings, the command palette and the help screen are all read from here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from textual.binding import Binding
from textual.keys import format_key


@dataclass(frozen=True)
class Action:
    keys: str
    action: str
    """A Textual action string, run by the key and by the palette command."""
    description: str
    """The footer's and the help screen's words."""
    command_help: str = ""
    """The palette's line under the title, which is `description`: the palette and the help use one word."""
    footer: bool = False
    palette: bool = False
    priority: bool = False
    """Before the focused widget's own binding of the key (a DataTable's End only scrolls)."""

    def binding(self) -> Binding:
        return Binding(self.keys, self.action, self.description, show=self.footer, priority=self.priority)


def bindings(actions: tuple[Action, ...]) -> list[Binding]:
    return [action.binding() for action in actions]


ACTIONS = (
    Action("q", "quit", "Quit", footer=True),
    Action("question_mark", "help", "Help", "List every key binding", palette=True, footer=True),
    Action("t", "cycle(1)", "Tally by", "Group the tallies by the next dimension", palette=True, footer=True),
    Action("T", "cycle(-1)", "Tally by (back)", "Group the tallies by the previous dimension", palette=True),
    Action("slash", "search", "Search", "Find events by any text (n / N step through hits)", palette=True, footer=True),
    Action("colon,f", "query", "Filter", "type:drone country:iraq after:2024-01-01 injured>0 …", palette=True, footer=True),
    Action("n", "next_hit(1)", "Next hit", "The next event the search found", palette=True),
    Action("N", "next_hit(-1)", "Previous hit", "The previous event the search found", palette=True),
    Action("escape", "clear_filters", "Clear the search, then the filters", "Clear the search, then show every event again", palette=True),
    Action("x", "pop_chip", "Drop last filter", "Remove the last filter chip", palette=True),
    Action("v", "side", "Attacks / responses / both", "Show one side of the exchange, or both", palette=True),
    Action("d", "jump_date", "Jump to date", "Go to the event nearest a date", palette=True),
    Action("c", "chain", "Retaliation chain", "The selected event's whole chain as a tree", palette=True),
    Action("E", "export", "Export shown events", "Write the filtered events to CSV, JSON, Markdown or GeoJSON", palette=True),
    Action("backspace,b", "back", "Back", "Return to the event before the last followed link", palette=True),
    Action("p", "problems", "Problems", "List every problem the loader found", palette=True, footer=True),
    Action("H", "compare", "Compare with a revision", "Mark the events added (+) or changed (~) since a commit of the log (git log)", palette=True),
    Action("W", "report", "Write the situation report", "The brief of the shown events' days, as Markdown or HTML (.md or .html)", palette=True),
    Action("R", "reported", "Reported against logged", "The officials' cumulative counts against the attacks the log holds by each date", palette=True),
    Action("m", "toggle_map", "Map", "Show where the events happened, in place of the tallies", palette=True, footer=True),
    Action("e", "edit", "Edit in $EDITOR", "Open the selected event in $EDITOR at its line", palette=True),
    Action("a", "add", "Add event", "Append a new entry to the log in $EDITOR", palette=True),
    Action("r", "reload", "Reload", "Read the files again from disk", palette=True),
    Action("z", "zoom", "Zoom pane", "Give the focused pane the whole screen, or give it back", palette=True),
)


ELSEWHERE = (("tab,shift+tab", "Next / previous pane"), ("ctrl+p", "Command palette"))
"""Keys Textual itself binds, listed with the app's own in the help."""

CHRONOLOGY = (
    Action("down,j", "move(1)", "Down"),
    Action("up,k", "move(-1)", "Up"),
    Action("pagedown,ctrl+d", "page(1)", "Page down"),
    Action("pageup,ctrl+u", "page(-1)", "Page up"),
    Action("home,g", "first", "First"),
    Action("end,G", "last", "Last"),
    Action("enter", "open", "Details", footer=True),
)
TALLIES = (
    # The arrows, PgUp/PgDn and Ctrl+Home/End are those the pane had as a DataTable. Home and End are bound by
    # its ScrollView itself (listed in HELP_SECTIONS): a pivot's first and last column, as they were.
    Action("down,j", "cursor_down", "Down"),
    Action("up,k", "cursor_up", "Up"),
    Action("left,h", "cursor_left", "Left in a pivot"),
    Action("right,l", "cursor_right", "Right in a pivot"),
    Action("ctrl+home,g", "scroll_top", "First"),
    Action("ctrl+end,G", "scroll_bottom", "Last"),
    Action("pagedown,ctrl+d", "page_down", "Page down"),
    Action("pageup,ctrl+u", "page_up", "Page up"),
    Action("enter", "choose", "Filter to group", footer=True),
    Action("s", "toggle_sort", "Sort", "Sort the tallies by count, name, killed or injured", footer=True, palette=True),
    Action("P", "pivot", "Pivot", "Cross the tally with a second dimension", footer=True, palette=True),
)
MAP = (
    Action("plus,equals_sign", "zoom(1)", "Zoom in", footer=True),
    Action("minus", "zoom(-1)", "Zoom out", footer=True),
    Action("left,h", "pan(-1, 0)", "Pan west"),
    Action("right,l", "pan(1, 0)", "Pan east"),
    Action("up,k", "pan(0, -1)", "Pan north"),
    Action("down,j", "pan(0, 1)", "Pan south"),
    Action("f", "fit", "Fit all", footer=True),
    Action("n", "step(1)", "Next marker", footer=True),
    Action("N", "step(-1)", "Previous marker"),
    Action("enter", "select", "Select", footer=True),
)
PROVENANCE = Action("w", "app.provenance", "Who added it, when", "The commits that added the event and last changed it (git log)")
DETAIL_TEXT = (
    Action("j", "scroll_down", "Scroll down"),
    Action("k", "scroll_up", "Scroll up"),
    Action("enter", "links", "Links", footer=True),
    PROVENANCE,
)
DETAIL_LINKS = (
    Action("j", "cursor_down", "Down"),
    Action("k", "cursor_up", "Up"),
    Action("enter", "select", "Follow link", footer=True),
    Action("y", "copy", "Copy link", footer=True),
    PROVENANCE,
)
PROMPT = (
    # Priority: before the input's own Enter, which the footer does not show.
    Action("enter", "submit", "Done", footer=True, priority=True),
    Action("escape", "cancel", "Cancel", footer=True),
)
PROBLEMS = (
    Action("escape,q,p", "dismiss(None)", "Close", footer=True),
    Action("j", "cursor_down", "Down"),
    Action("k", "cursor_up", "Up"),
    Action("home,g", "first", "First", priority=True),
    Action("end,G", "last", "Last", priority=True),
    Action("enter", "select", "Go to its event", footer=True),
    Action("e", "edit", "Edit the file at its line", footer=True),
)
CHAIN = (
    Action("escape,q,c", "dismiss(None)", "Close", footer=True),
    Action("j", "cursor(1)", "Down"),
    Action("k", "cursor(-1)", "Up"),
)
DRAFT = (
    Action("e", "dismiss('edit')", "Edit again", footer=True),
    Action("escape", "dismiss('cancel')", "Cancel (the entry is kept; a resumes it)", footer=True),
    Action("d", "dismiss('discard')", "Discard the entry", footer=True),
    Action("k", "dismiss('keep')", "Keep it anyway", footer=True),
)
REPORTED = (Action("escape,q,R", "dismiss", "Close", footer=True),)
REVISIONS = (
    Action("escape,q,H", "dismiss(None)", "Close", footer=True),
    Action("j", "focused.cursor_down", "Down"),
    Action("k", "focused.cursor_up", "Up"),
)
HELP = (Action("escape,q,question_mark", "dismiss", "Close help", footer=True),)

HELP_SECTIONS: tuple[tuple[str, tuple[Action | tuple[str, str], ...]], ...] = (
    ("Everywhere", (*ACTIONS, *ELSEWHERE)),
    ("Chronology", CHRONOLOGY),
    ("Tallies", (*TALLIES, ("home,end", "First / last row (in a pivot: column)"))),
    ("Map", MAP),
    ("Detail text", DETAIL_TEXT),
    ("Detail links", DETAIL_LINKS),
    ("Problems list", PROBLEMS),
    ("Search, filter, date and export line", PROMPT),
    ("Retaliation chain", CHAIN),
    ("A new entry with problems", DRAFT),
    ("Reported against logged", REPORTED),
    ("Compare with a revision", (*REVISIONS, ("enter", "Compare with it"))),
)
"""The help screen, pane by pane: each pane's table, plus keys its Textual widget binds itself."""


@dataclass(frozen=True)
class Pane:
    id: str
    """Its widget's id: its keys work while the focus is inside it."""
    name: str
    actions: tuple[Action, ...]


PANES = (
    Pane("tallies", "the tallies", TALLIES),
    Pane("map", "the map", MAP),
    Pane("detail", "the detail", (*DETAIL_TEXT, *DETAIL_LINKS)),
)


def keys_of(action: Action) -> list[str]:
    return action.keys.split(",")


APP_KEYS = {key: action for action in ACTIONS for key in keys_of(action)}


def typed(key: str) -> bool:
    """A key that types a character (s, P, +), not an arrow, Enter or a Ctrl key."""
    label = format_key(key)
    return len(label) == 1 and label.isascii()


def pane_keys() -> dict[str, list[tuple[Pane, Action]]]:
    """The typed keys that only panes bind (not the app, nor the chronology, where the focus starts), with the
    panes and actions they run."""
    elsewhere = set(APP_KEYS) | {key for action in CHRONOLOGY for key in keys_of(action)}
    found: dict[str, list[tuple[Pane, Action]]] = {}
    for pane in PANES:
        for action in pane.actions:
            for key in keys_of(action):
                owners = found.setdefault(key, []) if typed(key) and key not in elsewhere else []
                if not any(owner is pane for owner, _ in owners):
                    owners.append((pane, action))
    return found


PANE_KEYS = pane_keys()
PANE_HINTS = tuple(Action(key, f"pane_key({key!r})", "Say which pane the key works in") for key in PANE_KEYS)
"""The app's binding of each pane key, run when its pane does not have the focus: it did nothing, silently."""


def pane_hint(key: str, shown: Callable[[Pane], bool]) -> str:
    """Where a pane key works and how to get there, e.g. "s is a key of the tallies (Sort): Tab there first"."""
    said = [f"of {pane.name} ({action.description}): {'Tab there' if shown(pane) else 'press m'} first" for pane, action in PANE_KEYS[key]]
    return f"{format_key(key)} is a key " + ", and ".join(said)


def overrides() -> list[tuple[str, Pane, Action, Action]]:
    """(key, pane, its action, the app's action) for the app's keys a pane binds for itself (the map's f, n and N):
    while the pane has the focus, its own action runs."""
    return [(key, pane, action, APP_KEYS[key]) for pane in PANES for action in pane.actions for key in keys_of(action) if key in APP_KEYS]


BINDINGS = [*bindings(ACTIONS), *bindings(PANE_HINTS)]
TYPED_OVER = frozenset(action.action.split("(")[0] for action in (*ACTIONS, *PANE_HINTS)) - {"quit"}
"""The app's actions set aside while a line is typed in (their keys type, or are the line's): Quit stays for Ctrl+q."""
