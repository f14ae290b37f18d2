"""Asking questions of the log: search, the query line, jump to date, sides, chains and export.

A mixin of the app, kept apart so `app.py` stays wiring.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path
from typing import Callable

from textual import work
from textual.worker import get_current_worker

from ...ask.chain import chain_forest
from ...core.describe import printable
from ...export.writers import FORMATS, format_for, write
from ...ask.hits import Hits
from ...ask.nearest import nearest_by_date
from ...ask.query import FIELDS, Item, Query, QueryError, Term, parse_query
from ..screens.chain_tree import ChainScreen
from ...ask.view import View
from ..widgets.chronology import Chronology
from ..widgets.prompt import Prompt
from ..widgets.status_bar import StatusBar
from ..widgets.tallies import Tallies
from ...ask.index import LogIndex

FILTERED_AWAY_AT = 250_000
"""From this many events a typed filter's numbers are computed in a worker (about 0.2 s at a million events over
50,000 days: the shown events, the day groups, the tally), and the panes drawn when they are ready; a search's hits
too (0.2 s at a million events of 250 characters of text), the cursor going at once to the first hit nearby."""

AWAY_AFTER = 0.04
"""Seconds a big log's filter or search worker waits before it computes: the key's own drawing (10-20 ms) would
otherwise share the GIL with it, and take twice as long or more (a search character at a million events: 42-58 ms
a key, 18-20 after the wait). A worker whose key was followed by another meanwhile computes nothing."""


def waited() -> bool:
    """In a worker: AWAY_AFTER waited; whether its key is still the last (else the next key's own worker computes)."""
    time.sleep(AWAY_AFTER)
    return not get_current_worker().is_cancelled


def is_field_being_typed(term: Item) -> bool:
    """`aft` on its way to `after:`: a bare word that begins a field name waits for its colon or a space.

    Without this, every keystroke of a field name would filter by it as free text and empty the panes.
    """
    return isinstance(term, Term) and term.field is None and not term.negated and any(field.startswith(term.value.casefold()) for field in FIELDS)


def whole_terms_before(text: str, error_at: int, fallback: Query) -> Query:
    """What a line with an error filters by: the terms written whole before the word that holds the error.

    Without this the panes kept whatever prefix last parsed, so `plase:"ain al-asad"` filtered by the word
    `plase` as it was being typed. A line whose good part cannot be read alone keeps `fallback`.
    """
    cut = text.rfind(" ", 0, error_at + 1)
    try:
        return parse_query(text[:cut]) if cut > 0 else Query()
    except QueryError:
        return fallback


class ExploreFlow:
    """Mixed into the app, whose `view`, `shown`, `index`, `mask` and `refresh_view` it uses."""

    def open_prompt(self, mode: str, value: str = "") -> None:
        self.view_before_prompt = self.view
        self.query_one(Prompt).open(mode, value)

    def action_search(self) -> None:
        self.open_prompt("search", self.search_text)

    def action_query(self) -> None:
        self.open_prompt("query", str(self.view.query) + (" " if self.view.query.terms else ""))

    def action_jump_date(self) -> None:
        self.open_prompt("date")

    def action_export(self) -> None:
        """From the last path used, else a file in the log's own folder."""
        last = getattr(self, "last_export", None) or str(self.paths[0].parent / "sitrep-export.csv")
        self.open_prompt("export", last)

    def on_prompt_changed(self, message: Prompt.Changed) -> None:
        if message.mode == "search":
            self.search_text = message.value
            self.find_hits(jump=True)
        elif message.mode == "query":
            self.try_query(message.value)

    def on_prompt_submitted(self, message: Prompt.Submitted) -> None:
        prompt = self.query_one(Prompt)
        if message.mode == "query" and not self.try_query(message.value):
            return
        if message.mode == "date" and not self.jump_to_date(message.value):
            return
        if message.mode == "report" and not self.submit_report(message.value):
            return
        if message.mode == "export":
            suffix = Path(message.value.strip()).suffix[1:].lower()
            if suffix not in FORMATS:
                endings = " ".join(f".{name}" for name in FORMATS)
                prompt.error(f"write a file name ending {endings}: the ending picks the format", 0, len(message.value))
                return
            self.last_export = message.value.strip()
            self.export(self.last_export)
        if message.mode == "search" and self.search_text:
            if self.searching:
                self.tell_no_match = True  # if none, once the hits are found (searched)
            elif not self.hits:
                self.notify("No event matches the search", severity="warning", timeout=3)
        prompt.close()
        self.query_one(Chronology).focus()

    def on_prompt_cancelled(self, message: Prompt.Cancelled) -> None:
        if message.mode == "search":
            self.search_text = ""
            self.find_hits(jump=False)
        elif message.mode == "query" and self.view != self.view_before_prompt:
            self.view = self.view_before_prompt
            self.show_view()
        self.query_one(Prompt).close()
        self.query_one(Chronology).focus()

    def try_query(self, text: str) -> bool:
        """Apply the query as typed, every keystroke; a bad one is shown in place and the last good one stays."""
        prompt = self.query_one(Prompt)
        try:
            query = parse_query(text)
        except QueryError as error:
            query = whole_terms_before(text, error.start, self.view_before_prompt.query)
            applied = f"filtering by {query}" if query.terms else "no filter applied"
            prompt.error(f"{error.message} · {applied}", error.start, error.end)
            self.apply_query(query)
            return False
        prompt.error(None)
        if query.terms and not text.endswith(" ") and is_field_being_typed(query.terms[-1]):
            query = query.without(len(query.terms) - 1)
        self.apply_query(query)
        return True

    def apply_query(self, query: Query) -> None:
        if query != self.view.query:
            self.view = View(query, self.view.side)
            self.show_view()

    def show_view(self, keep: bool | str = True) -> None:
        """The panes for a new view (a filter, a side), the cursor on the event `keep` names where still shown: the
        selected one (True), the first (False), or the event of that id. Drawn at once, or for a big log
        (FILTERED_AWAY_AT) from a worker, the chips and the status saying so meanwhile."""
        if self.index.size < FILTERED_AWAY_AT:
            self.refresh_view(self.kept_id(keep))
            return
        tallies = self.query_one(Tallies)
        self.query_one("#status", StatusBar).update("filtering …")
        self.draw_chips()
        days = (self.event_log.first_date, self.event_log.last_date)
        self.filter_away(self.index, self.view, tallies.dimension, tallies.sort_by, tallies.then, days, keep)

    @work(thread=True, exclusive=True, group="filter", exit_on_error=False)
    def filter_away(self, index: LogIndex, view: View, dimension: str, by: str, then: str | None, days: tuple, keep: bool | str) -> None:
        """A big log's view: the panes' numbers computed here (the index remembers them), so that the keys pressed
        meanwhile answer at once; the panes are then drawn from them (`filtered`). Whatever happens here, the
        panes are drawn: on the interface's thread, from scratch if need be. It starts once the key is drawn
        (AWAY_AFTER)."""
        if not waited():
            return
        try:
            mask = index.mask(view)
            index.events(mask)
            index.day_groups(mask)
            index.per_day(mask, *days)
            index.totals(mask)
            if then is None:
                index.tally(mask, dimension, by)
            else:
                index.pivot(mask, dimension, then)
        finally:
            self.call_from_thread(self.filtered, index, view, keep)

    def filtered(self, index: LogIndex, view: View, keep: bool | str = True) -> None:
        """A view's numbers are ready: the panes show it, unless another view or log has come since."""
        if index is self.index and view == self.view:
            self.refresh_view(self.kept_id(keep))

    def kept_id(self, keep: bool | str) -> str | None:
        """The id of the event show_view's `keep` names."""
        return keep if isinstance(keep, str) else self.selected_id() if keep else None

    def when_texts_ready(self, then: Callable[[], object]) -> bool:
        """Whether the index has every event's text; if not, they are awaited in a worker and `then` called after.

        The first free-text search of a big log may come before the warm-up has them (about a second for 100,000
        events): the screen keeps answering meanwhile.
        """
        if self.index.texts_ready:
            return True
        index = self.index

        def wait() -> None:
            index.texts()
            self.call_from_thread(then)

        self.run_worker(wait, description="search texts", thread=True, group="texts", exclusive=True)
        return False

    def find_hits(self, jump: bool) -> None:
        """Mark the shown events that contain every word searched for; with `jump`, go to the first from the cursor on."""
        chronology = self.query_one(Chronology)
        text = self.search_text
        if text.strip() and not self.when_texts_ready(lambda: self.find_hits(jump)):
            self.searching = True
            chronology.border_subtitle = "searching · reading every event's text …"
            return
        if not text.strip() or self.index.size < FILTERED_AWAY_AT:
            self.found(self.index.search_hits(text, self.mask), jump)
            return
        near = self.index.hit_from(text, self.mask, chronology.current) if jump else None
        if near is not None:
            chronology.cursor = near
        if self.hits_for != (self.index, self.mask):  # marks of other shown events: none rather than wrong ones
            self.show_hits(Hits(), jump=False)
        self.searching = True
        chronology.border_subtitle = "searching …"
        self.search_away(self.index, text, self.mask, jump and near is None)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def search_away(self, index: LogIndex, text: str, within: int, jump: bool) -> None:
        """A big log's search: the hits found here, then shown (`searched`); whatever happens here, they are shown,
        found on the interface's thread if need be. It starts once the key is drawn (AWAY_AFTER)."""
        if not waited():
            return
        hits = None
        try:
            hits = index.search_hits(text, within)
        finally:
            self.call_from_thread(self.searched, index, text, within, hits, jump)

    def searched(self, index: LogIndex, text: str, within: int, hits: Hits | None, jump: bool) -> None:
        """A search's hits are ready: shown, unless another search, filter or log has come since."""
        if index is not self.index or text != self.search_text or within != self.mask:
            return
        self.found(index.search_hits(text, within) if hits is None else hits, jump)

    def found(self, hits: Hits, jump: bool) -> None:
        """A search's answer: shown, and if it was submitted before it came (`tell_no_match`), said when empty."""
        self.searching = False
        self.show_hits(hits, jump)
        if not hits and self.tell_no_match and self.search_text:
            self.notify("No event matches the search", severity="warning", timeout=3)
        self.tell_no_match = False

    def show_hits(self, hits: Hits, jump: bool) -> None:
        chronology = self.query_one(Chronology)
        self.hits = chronology.hits = hits
        self.hits_for = (self.index, self.mask)
        chronology.border_subtitle = f"{len(hits)} hits · n/N" if self.search_text else f"{len(self.shown)} events"
        if jump and hits:
            following = hits.after(chronology.cursor - 1)
            chronology.cursor = hits.first() if following is None else following

    def action_next_hit(self, step: int) -> None:
        if self.searching:
            self.notify("Still searching: n and N step through the hits once they are found", timeout=2)
            return
        if not self.hits:
            self.notify("No search hits: press / to search", timeout=2)
            return
        chronology = self.query_one(Chronology)
        if step > 0:
            following = self.hits.after(chronology.cursor)
            wrapped, chronology.cursor = following is None, self.hits.first() if following is None else following
        else:
            before = self.hits.before(chronology.cursor)
            wrapped, chronology.cursor = before is None, self.hits.last() if before is None else before
        if wrapped and len(self.hits) > 1:
            self.notify("Last hit passed: back to the first" if step > 0 else "First hit passed: back to the last", timeout=2)

    def jump_to_date(self, text: str) -> bool:
        prompt = self.query_one(Prompt)
        value = text.strip()
        if not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value):
            prompt.error("write a date as YYYY-MM-DD or YYYY-MM", 0, len(text))
            return False
        try:
            day = dt.date.fromisoformat(value if len(value) != 7 else value + "-01")
        except ValueError:
            prompt.error(f"{value} is not a real date", 0, len(text))
            return False
        nearest = nearest_by_date(self.shown, day)
        if nearest is None:
            prompt.error("no events are shown", 0, len(text))
            return False
        first, last = min(event.date for event in self.shown), max(event.date for event in self.shown)
        if day < first or day > last:
            edge = "first" if day < first else "last"
            self.notify(f"{value} is {'before' if day < first else 'after'} every shown event: on the {edge}, {self.shown[nearest].date}", timeout=4)
        self.query_one(Chronology).cursor = nearest
        return True

    @work(thread=True, exclusive=True, group="export")
    def export(self, target: str) -> None:
        path = Path(target).expanduser()
        format = format_for(path)
        events = self.shown
        try:
            write(events, path, format)
        except OSError as error:
            self.call_from_thread(self.notify, f"Cannot write {target}: {error.strerror}", severity="error", markup=False)
            return
        self.call_from_thread(self.notify, f"Wrote {len(events)} events to {printable(str(path))} ({format})", markup=False)

    def action_side(self) -> None:
        self.view = self.view.next_side()
        self.show_view()

    def action_pop_chip(self) -> None:
        if self.view.query.terms:
            self.view = self.view.without_last()
            self.show_view()

    def action_chain(self) -> None:
        event = self.query_one(Chronology).current
        if event is None:
            return
        forest = chain_forest(self.event_log.by_id, self.answered_by, event.id)
        if len(forest) == 1 and not forest[0].children:
            self.notify("This event is in no retaliation chain", timeout=2)
            return
        self.push_screen(ChainScreen(forest, event.id), self.follow_to)
