"""The dashboard: wiring of panes, keys, commands and the loading worker."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Container
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from .describe import printable
from .load import UnreadableFile, load
from .model import Event, EventLog
from .query import GroupFilter, apply_filters, responders
from .screens.help import HelpScreen
from .screens.problems import ProblemsScreen
from .stats import headline
from .tally import totals
from .widgets.chronology import Chronology
from .widgets.detail import Detail, Links
from .widgets.tallies import Tallies
from .widgets.time_strip import TimeStrip

WIDE = 140


class LogLoaded(Message):
    def __init__(self, log: EventLog) -> None:
        super().__init__()
        self.event_log = log


class LoadFailed(Message):
    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class SitrepApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "sitrep"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("t", "cycle(1)", "Tally by"),
        Binding("T", "cycle(-1)", "Tally by (back)", show=False),
        Binding("escape", "clear_filters", "Clear filter", show=False),
        Binding("backspace,b", "back", "Back", show=False),
        Binding("p", "problems", "Problems"),
        Binding("r", "reload", "Reload", show=False),
        Binding("z", "zoom", "Zoom pane", show=False),
    ]

    def __init__(self, path: Path | str) -> None:
        super().__init__()
        self.path = Path(path)
        self.event_log = EventLog(str(path))
        self.filters: list[GroupFilter] = []
        self.shown: tuple[Event, ...] = ()
        self.history: list[str] = []
        self.answered_by: dict[str, tuple[Event, ...]] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="title", markup=False)
        yield Static(id="headline", markup=False)
        yield Static(id="filter-bar", markup=False)
        yield TimeStrip(id="time-strip")
        with Container(id="panes"):
            yield Tallies(id="tallies")
            yield Chronology(id="chronology")
            yield Detail(id="detail")
        yield Static(id="status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#chronology").border_title = "Chronology"
        self.query_one("#detail").border_title = "Detail"
        self.query_one("#status", Static).update(f"Loading {self.path} …")
        self.query_one("#filter-bar").display = False
        self.query_one(Chronology).focus()
        self.load_log()

    def on_resize(self) -> None:
        self.screen.set_class(self.size.width >= WIDE, "-wide")

    @work(thread=True, exclusive=True)
    def load_log(self) -> None:
        try:
            self.post_message(LogLoaded(load(self.path)))
        except UnreadableFile as error:
            self.post_message(LoadFailed(str(error)))

    def on_log_loaded(self, message: LogLoaded) -> None:
        selected = self.query_one(Chronology).current
        self.event_log = message.event_log
        self.answered_by = responders(self.event_log)
        self.refresh_view(selected.id if selected else None)

    def on_load_failed(self, message: LoadFailed) -> None:
        self.query_one("#status", Static).update(Content.styled(f"Cannot read {message.reason}", "$text-error"))
        self.notify(printable(message.reason), title="Cannot read the log", severity="error", markup=False)

    def refresh_view(self, keep_id: str | None = None) -> None:
        self.shown = apply_filters(self.event_log.events, self.filters)
        self.query_one(Tallies).show(self.shown)
        chronology = self.query_one(Chronology)
        chronology.events = self.shown
        if keep_id:
            chronology.select_id(keep_id)
        self.query_one(TimeStrip).show(self.shown)
        self._update_headline()
        self._update_status()
        bar = self.query_one("#filter-bar", Static)
        bar.display = bool(self.filters)
        bar.update(Content.assemble(("Filter ", "bold"), " › ".join(printable(str(f)) for f in self.filters), ("   Esc clears", "$text-muted")))

    def _update_headline(self) -> None:
        summary = totals(self.shown)
        self.query_one("#title", Static).update(printable(self.event_log.title or self.path.name))
        self.query_one("#headline", Static).update(
            Content.assemble(
                printable(headline(self.event_log, self.shown)), "\n",
                "attacks: ", ("killed ", "$text-error"), summary.killed.short(),
                ", ", ("injured ", "$text-warning"), summary.injured.short(),
                " · responses: ", ("killed ", "$text-error"), summary.response_killed.short(),
            )
        )

    def _update_status(self) -> None:
        problems = len(self.event_log.problems)
        errors = len(self.event_log.errors)
        shown = f"{len(self.shown)} of {len(self.event_log.events)} events shown" if self.filters else f"{len(self.event_log.events)} events"
        problem_style = "$text-error bold" if errors else ("$text-warning" if problems else "$text-success")
        self.query_one("#status", Static).update(
            Content.assemble(
                printable(str(self.path)), " · ", shown, " · ",
                (f"{problems} problem{'s' if problems != 1 else ''}" + (" (p to list)" if problems else ""), problem_style),
            )
        )

    def on_chronology_selected(self, message: Chronology.Selected) -> None:
        event = message.event
        answers = tuple(self.event_log.by_id[i] for i in event.responds_to if i in self.event_log.by_id) if event else ()
        self.query_one(Detail).show(event, answers, self.answered_by.get(event.id, ()) if event else ())
        self.query_one(TimeStrip).mark(event.date if event and not event.month_only else None)
        chronology = self.query_one(Chronology)
        if event and self.shown:
            chronology.border_title = f"Chronology · day {(event.date - self.shown[0].date).days + 1}"

    def on_chronology_opened(self) -> None:
        links = self.query_one(Links)
        (links if links.display else self.query_one("#detail-scroll")).focus()

    def on_tallies_chosen(self, message: Tallies.Chosen) -> None:
        chosen = GroupFilter(message.dimension, message.key)
        if chosen not in self.filters:
            self.filters.append(chosen)
        self.refresh_view()
        self.query_one(Chronology).focus()

    def on_detail_followed(self, message: Detail.Followed) -> None:
        current = self.query_one(Chronology).current
        if self.select(message.event_id) and current:
            self.history.append(current.id)

    def select(self, event_id: str) -> bool:
        """Put the cursor on an event, clearing filters that hide it."""
        if event_id not in self.event_log.by_id:
            self.notify(f"No event with id {printable(event_id)!r} in the log", severity="warning", markup=False)
            return False
        chronology = self.query_one(Chronology)
        if not chronology.select_id(event_id):
            self.filters.clear()
            self.refresh_view(event_id)
        return True

    def action_back(self) -> None:
        if not self.history:
            self.notify("Nothing to go back to", timeout=2)
            return
        self.select(self.history.pop())

    def action_cycle(self, step: int) -> None:
        self.query_one(Tallies).cycle(step)

    def action_clear_filters(self) -> None:
        if self.filters:
            selected = self.query_one(Chronology).current
            self.filters.clear()
            self.refresh_view(selected.id if selected else None)

    def action_problems(self) -> None:
        self.push_screen(ProblemsScreen(self.event_log.problems), self._jump_to_line)

    def _jump_to_line(self, line: int | None) -> None:
        if line is None or not self.event_log.events:
            return
        before = [event for event in self.event_log.events if event.line <= line]
        nearest = max(before, key=lambda e: e.line) if before else min(self.event_log.events, key=lambda e: e.line)
        self.select(nearest.id)
        self.query_one(Chronology).focus()

    def action_zoom(self) -> None:
        """Give the focused pane the whole screen, or give it back."""
        if self.screen.maximized:
            self.screen.minimize()
        elif self.focused:
            self.screen.maximize(self.focused)

    def action_reload(self) -> None:
        self.load_log()
        self.notify(f"Reloading {self.path.name}", timeout=2, markup=False)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[tuple[str, list]]:
        return [
            ("Everywhere", [*self.BINDINGS, ("tab,shift+tab", "Next / previous pane"), ("ctrl+p", "Command palette")]),
            ("Chronology", Chronology.BINDINGS),
            ("Tallies", [b for b in Tallies.BINDINGS] + [("up,down", "Move")]),
            ("Detail links", Links.BINDINGS),
            ("Problems list", ProblemsScreen.BINDINGS),
        ]

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Cycle tally dimension", "Group the tallies by the next dimension", lambda: self.action_cycle(1))
        yield SystemCommand("Clear filters", "Show every event again", self.action_clear_filters)
        yield SystemCommand("Show problems", "List every problem the loader found", self.action_problems)
        yield SystemCommand("Reload log", "Read the file again from disk", self.action_reload)
        yield SystemCommand("Go back", "Return to the event before the last followed link", self.action_back)
        yield SystemCommand("Show keys", "List every key binding", self.action_help)
