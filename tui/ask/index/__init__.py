"""Columnar indexes over a log's events, so that filtering, tallying and searching cost about the same
on 100,000 events as on 100: what a keystroke does no longer walks every event in Python.

A set of events is a *mask*: a Python int with one byte per event, 1 or 0 (byte i stands for `events[i]`,
the log's events in the log's order). AND, OR and NOT of masks and `int.bit_count()` (the number of events)
run in C. Each query term becomes a mask (index_terms.py); free text looks in the indexed fields' distinct
values and in each event's own texts, computed once (search.py, haystacks.py); the events of a mask are
counted by index_counts.py.

One byte per event rather than one bit: `mask.to_bytes()` is then already the flags that
`itertools.compress` takes to pick the events (or their tally keys, dates and figures), and
`bytes.translate` turns a column of small codes into a mask, all in C; `collections.Counter` counts in C.
A mask of 100,000 events is 100 KB; a few dozen are kept.

Every answer equals the one of the event-walking functions it replaces (tests/unit/test_index.py):

    LogIndex(events).mask(view)        == positions of view.apply(events)
    index.events(mask)                 == view.apply(events)
    index.tally(mask, dimension, by)   == tally.tally(shown, dimension, by)
    index.totals(mask)                 == tally.totals(shown)
    index.per_day(mask)                == tally.per_day(shown)
    index.search(text) / find(text)    == the events whose query.haystack holds every word
"""

from __future__ import annotations

import os
import threading
from array import array
from collections import OrderedDict
from functools import partial
from bisect import bisect_left
from itertools import compress, count, repeat
from operator import attrgetter, is_
from typing import Callable, Mapping, NamedTuple, Sequence

from ...core import forked
from .codes import stepwise
from .counts import INDEXED_FIELDS, Coded, Counting
from .haystacks import Column, Haystacks
from .search import TextSearch
from .terms import TermMasks
from .masks import mask_of_flags
from ...core.model import Event
from ..conditions import HAS_TESTS
from ..hits import Hits
from ..pivot import Pivot
from ..tally import TallyRow, dimensions_for
from ...core.vocabulary import EMPTY, Vocabulary

FORK_TEXTS_AT = 20_000
"""From this many events, warm_up() has a forked process compute the texts."""


class Base(NamedTuple):
    """What every index holds from its construction: each event's day, the month-only and response events.

    Per-event numbers are arrays (4 bytes an event), not lists of ints (36 bytes each: a pointer and an int object
    above 256): 32 MB less at a million events for the days alone."""

    ordinals: array
    month_only_positions: array
    month_only: int
    responses: int

    @classmethod
    def of(cls, events: Sequence[Event]) -> Base:
        size = len(events)
        month_only = [event.month_only for event in events]
        return cls(
            array("i", [event.date.toordinal() for event in events]),
            array("I", compress(range(size), month_only)),
            mask_of_flags(month_only, size),
            mask_of_flags([event.is_response for event in events], size),
        )


class LogIndex(TermMasks, TextSearch, Counting):
    """Indexes of one log's events (in the log's order); built once per load, in the loading worker.

    Only what every screen needs is built up front (about 0.1 s for 100,000 events); the rest (a tally
    dimension's keys, a text field's distinct values, the free-text texts) on first use, or all at once
    with warm_up() in a background worker after the first paint.
    """

    def __init__(
        self, events: Sequence[Event], previous: LogIndex | None = None, vocabulary: Vocabulary = EMPTY, base: Base | None = None
    ) -> None:
        """`previous`: the index of the log before a reload; what it computed for the same event objects
        (a reload after an append keeps them) is taken over instead of computed again (the texts: ~1 s for 100k).
        `base`: what every index holds, when known (growth.extended), instead of computed from the events."""
        self.previous = previous
        self.vocabulary = vocabulary
        self.all_events = events if isinstance(events, tuple) else tuple(events)
        events = self.all_events
        self.size = size = len(events)
        self.all = int.from_bytes(b"\x01" * size, "little")
        if base is None:
            base = Base.of(events)
        self.ordinals, self.month_only_positions, self.month_only, self.responses = base
        self.lock = threading.RLock()
        self._building: dict[tuple, threading.Lock] = {}
        """A lock per lazy index being built (Counting.once), so that a build never waits for another."""
        self._coded: dict[str, Coded] = {}
        self._runs: dict[str, object] = {}
        self._tallies: OrderedDict[tuple[int, str, str], list[TallyRow] | Pivot] = OrderedDict()
        """Tallies by (mask, dimension, order) and pivots by (mask, by, then), the latest REMEMBERED."""
        self._values: dict[str, dict[str, array]] = {}
        self._columns: dict[str, Column] = {}
        self._figures: dict[str, dict[tuple | None, int]] = {}
        self._casualty_codes: dict[str, tuple[array, dict[str, list]]] = {}
        self._has: dict[str, int] = {}
        self.marks: Mapping[str, str] = {}
        """Event id -> `new` or `changed` against a revision (TermMasks.mark): what `is:` terms select."""
        self._marked: dict[str, int] = {}
        self._texts: Haystacks | None = None
        self._texts_lock = threading.Lock()
        """Held while the texts are computed or awaited: only that, so other answers do not wait for them."""
        self._texts_coming: forked.Forked | None = None
        """The forked process computing the texts (warm_up), which texts() waits for rather than start again."""
        self._terms: OrderedDict[tuple, int] = OrderedDict()
        self._spread: tuple[int, bytes] = (self.all, b"\x01" * size)
        self._shown: tuple[int, tuple[Event, ...]] = (self.all, self.all_events)
        self._last_free: tuple[str, int, list[int] | None] | None = None
        """The last free-text needle, its events and, if few, their positions: the next needle narrows them if it
        holds the last."""

    # Reading masks back.

    def spread(self, mask: int) -> bytes:
        """One byte (0 or 1) per event."""
        known = self._spread
        if known[0] == mask:
            return known[1]
        flags = mask.to_bytes(self.size, "little")
        self._spread = (mask, flags)
        return flags

    def positions(self, mask: int) -> list[int]:
        return list(compress(range(self.size), self.spread(mask)))

    def events(self, mask: int) -> tuple[Event, ...]:
        """The events of the mask, in the log's order; the last mask's kept (a filter's panes computed ahead ask again)."""
        if mask == self.all:
            return self.all_events
        known = self._shown
        if known[0] == mask:
            return known[1]
        events, flags = self.all_events, self.spread(mask)
        shown = tuple(stepwise(self.size, lambda part: compress(events[part], flags[part])))
        self._shown = (mask, shown)
        return shown

    def place(self, event: Event) -> int | None:
        """The position of `event` among this index's events; None if it is not one of them. Found by bisecting the
        events, which a log keeps in sort_key order: a pass over them in Python took 450 ms at a million."""
        events = self.all_events
        key = event.sort_key
        at = bisect_left(events, key, key=attrgetter("sort_key"))
        while at < self.size and events[at] is not event and events[at].sort_key == key:
            at += 1
        if at == self.size or events[at] is not event:  # events not in sort_key order (not a log's): look for it
            at = next(compress(count(), map(is_, events, repeat(event))), self.size)
        return at if at < self.size else None

    def position_in(self, mask: int, event: Event) -> int | None:
        """The place of `event` (one of this index's) among the events of `mask`; None if they do not hold it: the
        mask's events before it counted in C."""
        at = self.place(event)
        if at is None:
            return None
        flags = self.spread(mask)
        return flags.count(1, 0, at) if flags[at] else None

    def hits_within(self, mask: int, within: int) -> Hits:
        """The events of `mask` among the events of `within`, by their place there (0 = the first event of `within`)."""
        flags, kept = self.spread(mask & within), self.spread(within)
        return Hits(bytes(stepwise(self.size, lambda part: compress(flags[part], kept[part]))))

    def prepare(self, dimension: str = "type") -> None:
        """What the first screen needs (one tally dimension, the days, the figures of the totals): call it in the loading worker."""
        self.coded(dimension)
        self.runs()
        for name in ("killed", "injured"):
            self.figures(name)
        self.casualty_codes()

    def warm_up(self) -> None:
        """Build every lazy index now (in a background worker after the first paint), so no keystroke waits for one.

        From FORK_TEXTS_AT events, two forked processes at a lower priority do the work: one the texts (about 1 s
        for 100,000 events), one the other indexes, sent one by one and taken over here as they come (a thread of
        this process building them would take half the GIL from every keystroke meanwhile, for seconds at 1M).
        Then, or without fork, what is still missing is built here, in Counting.missing's order: the fields'
        columns, then the whole log's tally of each dimension in the order `t` cycles through them."""
        carried = self.previous is not None and self.previous._texts is not None  # after an append: nearly all known
        if self.size >= FORK_TEXTS_AT:
            if self._texts is None and not carried:
                self._texts_coming = forked.parts_in_child(partial(in_background, self.texts_in_child))
            if self.missing():
                for kind, key, value in forked.pieces_from_child(self.send_indexes):
                    self.adopt(kind, key, value)
        for name in INDEXED_FIELDS:
            self.column(name)
        for dimension in dimensions_for(self.vocabulary):
            self.tally(self.all, dimension)
        for name in ("killed", "injured"):
            self.figures(name)
        for what in HAS_TESTS:
            self.has(what)
        self.texts()


def in_background(compute: Callable[[], object]) -> object:
    """compute() in a forked process at the lowest priority: the dashboard's keys come first, then the other
    indexes' process (the texts are needed only once something is searched)."""
    os.nice(19)
    return compute()
