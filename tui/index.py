"""Columnar indexes over a log's events, so that filtering, tallying and searching cost about the same
on 100,000 events as on 100: what a keystroke does no longer walks every event in Python.

A set of events is a *mask*: a Python int with one byte per event, 1 or 0 (byte i stands for `events[i]`,
the log's events in the log's order). AND, OR and NOT of masks and `int.bit_count()` (the number of events)
run in C. Each query term becomes a mask: date bounds by bisecting the sorted dates; text terms by the
distinct values of the field (`type:drone` looks at the six distinct types, not at every event); figures by
their distinct values; `kind:` and `has:` are precomputed. Free text looks in one lower-cased text per
event, computed once. A term the index does not know is tested event by event (Term.test), so the result
never differs from `View.apply`.

One byte per event rather than one bit: `mask.to_bytes()` is then already the flags that
`itertools.compress` takes to pick the events (or their tally keys, dates and figures), and
`bytes.translate` turns a column of small codes into a mask, all in C; `collections.Counter` counts in C.
A mask of 100,000 events is 100 KB; a few dozen are kept.

Every answer equals the one of the event-walking functions it replaces (tests/test_index.py):

    LogIndex(events).mask(view)        == positions of view.apply(events)
    index.events(mask)                 == view.apply(events)
    index.tally(mask, dimension, by)   == tally.tally(shown, dimension, by)
    index.totals(mask)                 == tally.totals(shown)
    index.per_day(mask)                == tally.per_day(shown)
    index.search(text) / find(text)    == the events whose query.haystack holds every word
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import threading
from collections import Counter, OrderedDict
from itertools import chain, compress, groupby
from typing import Iterable, Sequence

from . import parallel
from .model import Event
from .query import DAY, HAS_TESTS, MONTH, NUMBER, RANGE_TESTS, TEXT_VALUES, WEEK, Query, Term, fields_of, haystack, normal, words
from .tally import DIMENSIONS, UNKNOWN, FigureSum, TallyRow, Totals
from .view import View

MAX_CACHED_MASKS = 64
TABLES = [bytes(1 if value == code else 0 for value in range(256)) for code in range(256)]
"""TABLES[c]: bytes.translate table giving 1 for the byte c, 0 for any other."""


def mask_from(positions: Iterable[int], size: int) -> int:
    """The mask of the events at `positions`."""
    flags = bytearray(size)
    for position in positions:
        flags[position] = 1
    return int.from_bytes(flags, "little")


def mask_of_flags(flags: Iterable[bool], size: int) -> int:
    """The mask of the events whose flag is true (one flag per event, in order)."""
    return int.from_bytes(bytes(map(bool, flags)), "little") if size else 0


def range_mask(low: int, high: int) -> int:
    """Events low..high-1."""
    return int.from_bytes(bytes(low) + b"\x01" * (high - low), "little") if high > low else 0


def masks_by_value(column: Sequence, size: int) -> dict:
    """Each distinct value of a column (one value per event) -> the mask of its events."""
    distinct = list(dict.fromkeys(column))
    if len(distinct) <= 256:
        code = {value: number for number, value in enumerate(distinct)}
        codes = bytes(map(code.__getitem__, column))
        return {value: int.from_bytes(codes.translate(TABLES[number]), "little") for value, number in code.items()}
    positions: dict = {}
    for i, value in enumerate(column):
        positions.setdefault(value, []).append(i)
    return {value: mask_from(listed, size) for value, listed in positions.items()}


def month_of(date: dt.date) -> str:
    return f"{date.year:04d}-{date.month:02d}"


def week_of(date: dt.date) -> str:
    year, week, _ = date.isocalendar()
    return f"{year}-W{week:02d}"


NO_FIELDS: dict[str, str] = {}
"""The `fields` argument of query.HAS_TESTS, which they do not read."""


FORK_TEXTS_AT = 20_000
"""From this many events, warm_up() has a forked process compute the texts."""


class LogIndex:
    """Indexes of one log's events (in the log's order); built once per load, in the loading worker.

    Only what every screen needs is built up front (about 0.1 s for 100,000 events); the rest (a tally
    dimension's keys, a text field's distinct values, the free-text texts) on first use, or all at once
    with warm_up() in a background worker after the first paint.
    """

    def __init__(self, events: Sequence[Event], previous: LogIndex | None = None) -> None:
        """`previous`: the index of the log before a reload; what it computed for the same event objects
        (a reload after an append keeps them) is taken over instead of computed again (the texts: ~1 s for 100k)."""
        self.previous = previous
        self.all_events = events if isinstance(events, tuple) else tuple(events)
        events = self.all_events
        self.size = size = len(events)
        self.all = int.from_bytes(b"\x01" * size, "little")
        self.ordinals = [event.date.toordinal() for event in events]
        month_only = [event.month_only for event in events]
        self.month_only_positions = list(compress(range(size), month_only))
        self.month_only = mask_of_flags(month_only, size)
        self.responses = mask_of_flags([event.is_response for event in events], size)
        self.lock = threading.RLock()
        self._columns: dict[str, list] = {}
        self._values: dict[str, dict[str, list[int]]] = {}
        self._figures: dict[str, dict[tuple | None, int]] = {}
        self._has: dict[str, int] = {}
        self._texts: list[str] | None = None
        self._terms: OrderedDict[tuple, int] = OrderedDict()
        self._spread: tuple[int, bytes] = (self.all, b"\x01" * size)
        self._last_free: tuple[str, list[int]] | None = None

    # Reading masks back.

    def spread(self, mask: int) -> bytes:
        """One byte (0 or 1) per event."""
        known = self._spread
        if known[0] == mask:
            return known[1]
        flags = mask.to_bytes(self.size, "little")
        self._spread = (mask, flags)
        return flags

    def count(self, mask: int) -> int:
        return mask.bit_count()

    def positions(self, mask: int) -> list[int]:
        return list(compress(range(self.size), self.spread(mask)))

    def events(self, mask: int) -> tuple[Event, ...]:
        """The events of the mask, in the log's order."""
        if mask == self.all:
            return self.all_events
        return tuple(compress(self.all_events, self.spread(mask)))

    def positions_within(self, mask: int, within: int) -> list[int]:
        """Where the events of `mask` stand among the events of `within` (0 = the first event of `within`)."""
        inner = self.spread(mask & within)
        return list(compress(range(within.bit_count()), compress(inner, self.spread(within))))

    # Filters.

    def mask(self, view: View) -> int:
        """The events `view.apply(events)` keeps, as a mask."""
        if view.side == "attacks":
            mask = self.all & ~self.responses
        elif view.side == "responses":
            mask = self.responses
        else:
            mask = self.all
        return self.query_mask(view.query, mask)

    def query_mask(self, query: Query, mask: int | None = None) -> int:
        mask = self.all if mask is None else mask
        for term in query.terms:
            if not mask:
                break
            found = self.term_mask(term, mask)
            mask = mask & ~found if term.negated else mask & found
        return mask

    def term_mask(self, term: Term, candidates: int) -> int:
        """The events the term (not negated) matches; exact for every event in `candidates`."""
        key = (term.field, term.op, term.value)
        with self.lock:
            known = self._terms.get(key)
            if known is not None:
                self._terms.move_to_end(key)
                return known
        found = self.compute_term(term)
        if found is None:  # not a term the index knows: test the candidates one by one
            found = mask_from((i for i in self.positions(candidates) if term.test(self.all_events[i], fields_of(self.all_events[i]))), self.size)
            return found
        with self.lock:
            self._terms[key] = found
            while len(self._terms) > MAX_CACHED_MASKS:
                self._terms.popitem(last=False)
        return found

    def compute_term(self, term: Term) -> int | None:
        name, op, value = term.field, term.op, term.value
        if name is None:
            return self.free_text(normal(value))
        if name in TEXT_VALUES and op in (":", "="):
            return self.text_term(name, op, normal(value))
        if name in ("killed", "injured"):
            return self.figure_term(name, op, value)
        if name in ("after", "before", "on", "month", "week") and op == ":":
            return self.date_term(name, value)
        if name == "kind" and op == ":" and value.lower() in ("attack", "response"):
            return self.responses if value.lower() == "response" else self.all & ~self.responses
        if name == "has" and op == ":" and value.lower() in HAS_TESTS:
            return self.has(value.lower())
        return None

    def has(self, what: str) -> int:
        with self.lock:
            known = self._has.get(what)
            if known is None:
                known = self._has[what] = mask_of_flags((HAS_TESTS[what](event, NO_FIELDS) for event in self.all_events), self.size)
            return known

    def values(self, name: str) -> dict[str, list[int]]:
        """Each distinct normalized value of a text field -> positions of the events that have it."""
        with self.lock:
            known = self._values.get(name)
            if known is not None:
                return known
            extract = TEXT_VALUES[name]
            normalized: dict[str, str] = {}
            found: dict[str, list[int]] = {}
            for i, event in enumerate(self.all_events):
                for text in extract(event):
                    key = normalized.get(text)
                    if key is None:
                        key = normalized[text] = normal(text)
                    listed = found.get(key)
                    if listed is None:
                        found[key] = [i]
                    elif listed[-1] != i:
                        listed.append(i)
            self._values[name] = found
            return found

    def text_term(self, name: str, op: str, needle: str) -> int:
        values = self.values(name)
        if op == "=":
            return mask_from(values.get(needle, ()), self.size)
        matching = [positions for value, positions in values.items() if needle in value]
        if len(matching) == 1:
            return mask_from(matching[0], self.size)
        return mask_from(chain.from_iterable(matching), self.size)

    def figures(self, name: str) -> dict[tuple | None, int]:
        """Each distinct figure of killed or injured (None: not given) -> mask."""
        with self.lock:
            known = self._figures.get(name)
            if known is None:
                column = [getattr(event.casualties, name) for event in self.all_events]
                known = self._figures[name] = masks_by_value(column, self.size)
            return known

    def figure_term(self, name: str, op: str, value: str) -> int | None:
        figures = self.figures(name)
        if op == ":" and value.lower() in ("?", "unknown"):
            return figures.get(None, 0)
        if not NUMBER.fullmatch(value):
            return None
        number = int(value)
        within = RANGE_TESTS["=" if op == ":" else op]
        mask = 0
        for figure, found in figures.items():
            if figure is not None and within(figure, number):
                mask |= found
        return mask

    def date_term(self, name: str, value: str) -> int | None:
        ordinals = self.ordinals
        if name == "week":
            match = WEEK.fullmatch(value)
            if not match:
                return None
            try:
                monday = dt.date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1).toordinal()
            except ValueError:
                return None
            return range_mask(bisect.bisect_left(ordinals, monday), bisect.bisect_left(ordinals, monday + 7)) & ~self.month_only
        match = (DAY.fullmatch(value) if name == "on" else None) or (MONTH.fullmatch(value) if name == "month" else None)
        if name in ("after", "before"):
            match = DAY.fullmatch(value) or MONTH.fullmatch(value)
        if match is None:
            return None
        numbers = [int(part) for part in match.groups()]
        try:
            day = dt.date(numbers[0], numbers[1], numbers[2] if len(numbers) == 3 else 1)
        except ValueError:
            return None
        ordinal = day.toordinal()
        if name == "after":
            return range_mask(bisect.bisect_left(ordinals, ordinal), self.size)
        if name == "on":
            return range_mask(bisect.bisect_left(ordinals, ordinal), bisect.bisect_right(ordinals, ordinal)) & ~self.month_only
        if name == "month":
            following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1).toordinal()
            return range_mask(bisect.bisect_left(ordinals, ordinal), bisect.bisect_left(ordinals, following))
        # before: the event's last possible day (a month-only event: its month's last) is before the day
        end = bisect.bisect_left(ordinals, ordinal)
        mask = range_mask(0, end)
        late = []
        for i in self.month_only_positions:
            if i >= end:
                break
            date = self.all_events[i].date
            if date.replace(day=calendar.monthrange(date.year, date.month)[1]) >= day:
                late.append(i)
        return mask & ~mask_from(late, self.size) if late else mask

    # Free text and search.

    def texts(self) -> list[str]:
        """Per event, every text lower-cased and joined: what free text and search look in (query.fields_of(event)["text"])."""
        with self.lock:
            if self._texts is None:
                self.adopt_texts(self.compute_texts())
            return self._texts

    def compute_texts(self) -> list[str]:
        memo: dict[str, str] = {}
        previous = self.previous
        if previous is not None and previous._texts is not None:
            known = {id(event): text for event, text in zip(previous.all_events, previous._texts)}
            return [known.get(id(event)) or search_text(event, memo) for event in self.all_events]
        return [search_text(event, memo) for event in self.all_events]

    def adopt_texts(self, texts: list[str]) -> None:
        self._texts = texts
        self.previous = None  # let the old log go

    def free_text(self, needle: str) -> int:
        """Events whose texts contain the needle; typing on narrows the last answer instead of looking again."""
        texts = self.texts()
        last = self._last_free
        if last is not None and last[0] in needle:
            candidates: Iterable[int] = last[1]
        else:
            candidates = range(self.size)
        found = [i for i in candidates if needle in texts[i]]
        self._last_free = (needle, found)
        return mask_from(found, self.size)

    def search(self, text: str) -> int:
        """Events containing every word of `text` (`/` search); 0 for no words."""
        needles = words(text)
        if not needles:
            return 0
        mask = self.all
        for needle in sorted(needles, key=len, reverse=True):
            mask &= self.free_text(needle)
        return mask

    def find(self, text: str) -> list[int]:
        """Positions of the events containing every word of `text`."""
        return self.positions(self.search(text))

    # Counting.

    def column(self, dimension: str) -> list:
        """The tally key of each event for one dimension (for weapon: the tuple of keys)."""
        with self.lock:
            known = self._columns.get(dimension)
            if known is not None:
                return known
            events = self.all_events
            if dimension == "type":
                known = [event.type for event in events]
            elif dimension == "actor":
                known = [event.actor for event in events]
            elif dimension == "target":
                known = [event.target or UNKNOWN for event in events]
            elif dimension == "country":
                known = [(event.location.country if event.location else None) or UNKNOWN for event in events]
            elif dimension == "weapon":
                known = [event.weapons or (UNKNOWN,) for event in events]
            elif dimension == "month":
                memo: dict[dt.date, str] = {}
                known = [memo.get(event.date) or memo.setdefault(event.date, month_of(event.date)) for event in events]
            elif dimension == "week":
                weeks: dict[dt.date, str] = {}
                known = [UNKNOWN if event.month_only else weeks.get(event.date) or weeks.setdefault(event.date, week_of(event.date)) for event in events]
            else:
                raise ValueError(f"unknown dimension {dimension!r}")
            self._columns[dimension] = known
            return known

    def counts(self, mask: int, dimension: str) -> Counter:
        picked = compress(self.column(dimension), self.spread(mask))
        return Counter(chain.from_iterable(picked) if dimension == "weapon" else picked)

    def tally(self, mask: int, dimension: str, by: str = "count") -> list[TallyRow]:
        """tally.tally(events(mask), dimension, by)."""
        counts = self.counts(mask, dimension)
        total = mask.bit_count() or 1
        rows = [TallyRow(key, count, count / total) for key, count in counts.items()]
        if dimension in ("month", "week"):
            rows.sort(key=lambda row: (row.key == UNKNOWN, row.key))
        elif by == "name":
            rows.sort(key=lambda row: (row.key == UNKNOWN, row.key.casefold(), row.key))
        else:
            rows.sort(key=lambda row: (-row.count, row.key == UNKNOWN, row.key.casefold()))
        return rows

    def figure_sum(self, mask: int, name: str) -> FigureSum:
        low = high = unknown = reported = 0
        for figure, found in self.figures(name).items():
            count = (mask & found).bit_count()
            if not count:
                continue
            if figure is None:
                unknown += count
            else:
                reported += count
                low += figure[0] * count
                high += figure[1] * count
        return FigureSum(low, high, unknown, reported)

    def totals(self, mask: int) -> Totals:
        """tally.totals(events(mask))."""
        attacks = mask & ~self.responses
        responses = mask & self.responses
        return Totals(
            events=mask.bit_count(),
            attacks=attacks.bit_count(),
            responses=responses.bit_count(),
            killed=self.figure_sum(attacks, "killed"),
            injured=self.figure_sum(attacks, "injured"),
            response_killed=self.figure_sum(responses, "killed"),
        )

    def per_day(self, mask: int, first: dt.date | None = None, last: dt.date | None = None) -> list[int]:
        """tally.per_day(events(mask), first, last)."""
        dated = Counter(compress(self.ordinals, self.spread(mask & ~self.month_only)))
        if not dated:
            return []
        start = first.toordinal() if first else min(dated)
        end = last.toordinal() if last else max(dated)
        counts = [0] * (end - start + 1)
        for ordinal, count in dated.items():
            if start <= ordinal <= end:
                counts[ordinal - start] += count
        return counts

    def day_groups(self, mask: int) -> list[tuple[dt.date, bool, int]]:
        """(date, month only, how many shown) for each day of the shown events, in order: the chronology's separators."""
        picked = compress(zip(self.ordinals, self.spread(self.month_only)), self.spread(mask))
        return [(dt.date.fromordinal(ordinal), bool(month_only), len(list(run))) for (ordinal, month_only), run in groupby(picked)]

    def prepare(self, dimension: str = "type") -> None:
        """What the first screen needs (one tally dimension and the figures of the totals): call it in the loading worker."""
        self.column(dimension)
        for name in ("killed", "injured"):
            self.figures(name)

    def warm_up(self) -> None:
        """Build every lazy index now (in a background worker after the first paint), so no keystroke waits for one.

        The texts (about 1 s for 100,000 events) are computed by a forked process meanwhile, if there is fork."""
        carried = self.previous is not None and self.previous._texts is not None  # after an append: nearly all known
        pending = parallel.compute_in_child(self.compute_texts) if self._texts is None and not carried and self.size >= FORK_TEXTS_AT else None
        for dimension in DIMENSIONS:
            self.column(dimension)
        for name in ("killed", "injured"):
            self.figures(name)
        for what in HAS_TESTS:
            self.has(what)
        for name in ("type", "actor", "target", "country", "place", "weapon", "tag", "status"):
            self.values(name)
        texts = pending.result() if pending is not None else None
        with self.lock:
            if self._texts is None and isinstance(texts, list) and len(texts) == self.size:
                self.adopt_texts(texts)
        self.texts()


def search_text(event: Event, memo: dict[str, str] | None = None) -> str:
    """query.haystack(event), with each distinct text normalized once across the log (`memo`)."""
    memo = {} if memo is None else memo

    def norm(text: str) -> str:
        found = memo.get(text)
        if found is None:
            found = normal(text)
            if len(memo) < 200_000:
                memo[text] = found
        return found

    return haystack(event, norm)
