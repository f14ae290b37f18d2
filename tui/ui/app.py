"""The dashboard: wiring of panes, keys and commands; loading, exploring and editing are mixins beside it."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Iterable, Sequence

from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Container
from textual.widgets import ContentSwitcher
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from ..core.describe import day_phrase, fit_chips, printable
from ..session.bundled import is_bundled
from .actions import ACTIONS, BINDINGS, TALLIES, TYPED_OVER, pane_hint
from .flows.editing import EditorFlow
from ..core.model import Event, EventLog, Problem
from ..history import Revision
from .flows.explore import ExploreFlow
from .flows.history import HistoryFlow
from .flows.loading import LoadingFlow
from ..ask.hits import Hits
from ..ask.index import LogIndex
from ..ask.nearest import event_of_problem
from ..ask.query import group_term
from ..ask.reported import reported_against_logged
from ..ask.tally import dimensions_for
from ..ask.view import View
from .screens.help import HelpScreen
from .screens.problems import Outcome, ProblemsScreen
from .screens.reported import ReportedScreen
from .widgets.chronology import Chronology
from .widgets.detail import Detail, Links
from .widgets.headline import Headline
from .widgets.map import MapView
from .widgets.prompt import Prompt
from .widgets.status_bar import Banner, StatusBar
from .widgets.tallies import Tallies
from .widgets.time_strip import TimeStrip

BUNDLED_NAME = "the bundled example log (read-only copy)"
WIDE = 140
WIDER = 180
"""From here the tallies get room for their killed and injured columns beside the bar."""
TALL = 40


class SitrepApp(LoadingFlow, EditorFlow, ExploreFlow, HistoryFlow, App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "sitrep"
    BINDINGS = BINDINGS

    def __init__(self, paths: Sequence[Path | str] | Path | str, since: Revision | None = None) -> None:
        """`since`: the revision to mark the events added and changed since (`--since-rev`)."""
        super().__init__()
        self.paths = [Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths)]
        self.bundled = any(is_bundled(path) for path in self.paths)
        self.event_log = EventLog(" + ".join(map(str, self.paths)))
        self.view = View()
        self.view_before_prompt = self.view
        self.shown: tuple[Event, ...] = ()
        self.index = LogIndex(())
        self.shown_from: tuple[LogIndex, int] | None = None
        self.start_early()
        self.search_text = ""
        self.hits = Hits()
        self.hits_for: tuple[LogIndex, int] | None = None
        self.searching = False
        self.tell_no_match = False
        self.history: list[str] = []
        self.answered_by: dict[str, tuple[Event, ...]] = {}
        self.start_history(since)

    def compose(self) -> ComposeResult:
        yield Headline(id="headline")
        yield Banner(id="banner", markup=False)
        yield Static(id="filter-bar", markup=False)
        yield TimeStrip(id="time-strip")
        with Container(id="panes"):
            with ContentSwitcher(id="left", initial="tallies"):
                yield Tallies(id="tallies")
                yield MapView(id="map")
            yield Chronology(id="chronology")
            yield Detail(id="detail")
        yield Prompt(id="prompt")
        yield StatusBar(id="status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#chronology").border_title = "Chronology"
        self.query_one("#detail").border_title = "Detail"
        self.query_one("#map").border_title = "Map"
        self.query_one("#filter-bar").display = False
        self.query_one(Prompt).display = False
        self.query_one(Banner).display = False
        self.query_one(Chronology).focus()
        self.start_loading()
        self.offer_drafts()

    def on_resize(self) -> None:
        footer = self.query_one(Footer)
        footer.compact = self.size.width < WIDE  # so the footer's keys fit at 80 columns (ctrl+p is in the help)
        footer.show_command_palette = self.size.width >= 100
        self.draw_chips()
        self.screen.set_class(self.size.width >= WIDE, "-wide")
        self.screen.set_class(self.size.width >= WIDER, "-wider")
        self.screen.set_class(self.size.height >= TALL, "-tall")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While a line is typed in, the app's keys are neither run nor shown: the footer shows the line's own."""
        typing = self.focused is not None and self.focused.id == "prompt-input"
        return not (typing and action in TYPED_OVER)

    def selected_id(self) -> str | None:
        event = self.query_one(Chronology).current
        return event.id if event else None

    @property
    def mask(self) -> int:
        """The shown events, as a mask of the index."""
        return self.shown_from[1] if self.shown_from else 0

    def position_of(self, event_id: str | None) -> int | None:
        """Where the event of that id is among the shown events; None if they do not hold it."""
        event = self.event_log.by_id.get(event_id) if event_id else None
        if event is None or self.shown_from is None or self.shown_from[0] is not self.index:
            return None
        return self.index.position_in(self.mask, event)

    def refresh_view(self, keep_id: str | None = None) -> None:
        """Every pane from the same filtered set."""
        index = self.index
        if self.view.query.free_text and not self.when_texts_ready(lambda: self.refresh_view(keep_id)):
            self.query_one("#status", StatusBar).update("filtering · reading every event's text …")
            return
        mask = index.mask(self.view)
        if (index, mask) != self.shown_from:  # else a query typed on that picks the same events: the panes stand
            self.shown_from = (index, mask)
            self.shown = index.events(mask)
            self.query_one(Tallies).show(
                lambda dimension, by: index.tally(mask, dimension, by), dimensions=dimensions_for(self.event_log.vocabulary),
                pivot_for=lambda by, then: index.pivot(mask, by, then), counted=index.counted,
            )
            chronology = self.query_one(Chronology)
            chronology.show(self.shown, index.day_groups(mask), self.position_of(keep_id), self.event_log.first_date)
            self.find_hits(jump=False)
            first, last = self.event_log.first_date, self.event_log.last_date
            self.query_one(TimeStrip).show_counts(index.per_day(mask, first, last) if first else [], first)
            if self.map_shown:
                self.query_one(MapView).show(self.shown)
            self.query_one(Headline).show(self.event_log, self.shown, self.paths[0].name, index.totals(mask))
        self.query_one("#status", StatusBar).show(
            self.event_log, len(self.shown), self.view.active, self.problems, on_disk=self.unusable_on_disk is not None,
            name=BUNDLED_NAME if self.bundled else "",
        )
        self.draw_chips()

    def draw_chips(self) -> None:
        """The filter chips on one line: those that fit, then `+N more`, and the keys' hint where there is room."""
        bar = self.query_one("#filter-bar", Static)
        bar.display = self.view.active
        chips = [f" {printable(chip)} " for chip in self.view.chips()]
        shown, tail = fit_chips(chips, self.size.width - 2 - len("Filter "), "  x drops the last · : edits · Esc clears")
        bar.update(
            Content.assemble(
                ("Filter ", "bold"), *(Content.assemble((chip, "reverse"), " ") for chip in shown), (tail, "$text-muted"),
            )
        )

    def on_chronology_selected(self, message: Chronology.Selected) -> None:
        event = message.event
        self.show_selected()
        self.query_one(TimeStrip).mark(event.date if event and not event.month_only else None)
        if self.map_shown:
            self.query_one(MapView).mark(event)
        if event and (self.event_log.first_date or event.month_only):  # no day number while the log is still read
            self.query_one(Chronology).title_day(day_phrase(event.date, event.month_only, self.event_log.first_date))

    def show_selected(self) -> None:
        """The detail of the chronology's current event, with what changed since the revision compared with."""
        event = self.query_one(Chronology).current
        answers = tuple(self.event_log.by_id[i] for i in event.responds_to if i in self.event_log.by_id) if event else ()
        answered_by = self.answered_by.get(event.id, ()) if event else ()
        self.query_one(Detail).show(event, answers, answered_by, self.event_log.vocabulary, self.since_notes(event.id) if event else ())

    @property
    def map_shown(self) -> bool:
        return self.query_one(ContentSwitcher).current == "map"

    def action_toggle_map(self) -> None:
        """The map takes the place of the tallies, and more of the width."""
        showing = not self.map_shown
        self.query_one(ContentSwitcher).current = "map" if showing else "tallies"
        self.screen.set_class(showing, "-map")
        if showing:
            map_view = self.query_one(MapView)
            map_view.show(self.shown)
            map_view.mark(self.query_one(Chronology).current)
            map_view.focus()
        else:
            self.query_one(Tallies).focus()

    def on_map_view_selected(self, message: MapView.Selected) -> None:
        self.select(message.event_ids[0])
        if len(message.event_ids) > 1:
            self.notify(f"{len(message.event_ids)} events at this spot; the chronology shows the first", timeout=3)

    def on_chronology_opened(self) -> None:
        links = self.query_one(Links)
        (links if links.display else self.query_one("#detail-scroll")).focus()

    def on_tallies_chosen(self, message: Tallies.Chosen) -> None:
        chosen = [(message.dimension, message.key), *([message.then] if message.then else [])]
        for dimension, key in chosen:
            if group_term(dimension, key) is None:
                self.notify(f"No filter selects the {key} group of {dimension}", severity="warning", timeout=4, markup=False)
                return
        for dimension, key in chosen:
            self.view = self.view.with_group(dimension, key)
        self.show_view(keep=False)
        self.query_one(Chronology).focus()

    def on_detail_followed(self, message: Detail.Followed) -> None:
        self.follow_to(message.event_id)

    def follow_to(self, event_id: str | None) -> None:
        """Go to a linked event, remembering where we were for Back."""
        current = self.selected_id()
        if event_id and self.select(event_id) and current:
            self.history.append(current)

    def select(self, event_id: str) -> bool:
        """Put the cursor on an event, clearing filters that hide it."""
        if event_id not in self.event_log.by_id:
            self.notify(f"No event with id {printable(event_id)!r} in the log", severity="warning", markup=False)
            return False
        position = self.position_of(event_id)
        if position is None:
            self.view = View()
            self.show_view(keep=event_id)
        else:
            self.query_one(Chronology).cursor = position
        return True

    def action_back(self) -> None:
        if not self.history:
            self.notify("Nothing to go back to", timeout=2)
            return
        self.select(self.history.pop())

    def action_cycle(self, step: int) -> None:
        self.query_one(Tallies).cycle(step)

    def action_clear_filters(self) -> None:
        """Esc: the search first (its marks and hits), then the filters."""
        if self.search_text:
            self.search_text = ""
            self.find_hits(jump=False)
            self.notify("Search cleared; Esc again clears the filters" if self.view.active else "Search cleared", timeout=2)
        elif self.view.active:
            self.view = View()
            self.show_view()

    def action_reported(self) -> None:
        points = reported_against_logged(self.event_log, self.shown)
        self.push_screen(ReportedScreen(self.event_log, points, self.shown, self.view.active))

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The one list the status bar, the banner and `p` read: the file on disk's while it cannot be used."""
        return tuple((self.event_log if self.unusable_on_disk is None else self.unusable_on_disk).problems)

    def action_problems(self) -> None:
        stale = f"the file on disk; the screen shows the version loaded at {self.loaded_at}" if self.unusable_on_disk else ""
        self.push_screen(ProblemsScreen(self.problems, self.shows_problem, stale), self.after_problems)

    def shows_problem(self, problem: Problem) -> bool:
        """Whether an event on screen holds the problem (a problem only the file on disk has is in no shown event)."""
        current = self.unusable_on_disk is None or problem in self.event_log.problems
        return current and event_of_problem(self.event_log.events, problem) is not None

    def after_problems(self, outcome: Outcome | None) -> None:
        if outcome is None:
            return
        what, problem = outcome
        if what == "edit":
            self.edit_at(Path(problem.file), problem.line)
            return
        event = event_of_problem(self.event_log.events, problem)
        if event is not None:
            self.select(event.id)
            self.query_one(Chronology).focus()

    PANES = ("tallies", "map", "chronology", "detail")

    def action_zoom(self) -> None:
        """Give the focused pane (the whole pane, whichever of its parts has focus) the whole screen, or give it
        back with the selected event still in view."""
        if self.screen.maximized:
            self.screen.minimize()
            self.call_after_refresh(self.query_one(Chronology).show_cursor)
            return
        pane = next((node for node in (self.focused.ancestors_with_self if self.focused else ()) if node.id in self.PANES), None)
        if pane is not None:
            self.screen.maximize(pane, container=False)
            self.call_after_refresh(self.query_one(Chronology).show_cursor)

    def action_pane_key(self, key: str) -> None:
        """A pane's key pressed outside it: which pane it works in, and how to get there."""
        self.notify(pane_hint(key, lambda pane: self.query_one(f"#{pane.id}").display), timeout=4, markup=False)

    def action_reload(self) -> None:
        self.load_log()
        self.notify("Reloading", timeout=2)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        tallies = self.query_one(Tallies)
        for actions, target in ((ACTIONS, self), (TALLIES, tallies)):
            for action in actions:
                if action.palette:
                    yield SystemCommand(action.description, action.command_help, partial(target.run_action, action.action))
