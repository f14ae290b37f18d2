"""Counting the events of a mask for LogIndex (index.py): tallies, totals, events per day, the chronology's day groups.

A tally dimension is counted from its *codes* (Coded): one small number per event standing for the pair (its tally
key, its casualty figures), so that counting the shown events is `Counter` over small ints in C, and the rows come
from the few hundred distinct pairs counted, not from the events. Tallies are remembered per (mask, dimension,
order): cycling the dimensions or the order again costs nothing, and warm_up() counts every dimension of the whole
log before a key asks.
"""

from __future__ import annotations

import datetime as dt
import threading
from array import array
from collections import Counter
from dataclasses import dataclass, field
from itertools import compress, groupby, islice, repeat
from operator import add, attrgetter, eq, mul
from typing import Callable, Sequence, TypeVar

from .codes import packed, renumbered, stepwise, widened, with_room
from ..conditions import HAS_TESTS
from ..pivot import Pivot, assembled
from ...core.vocabulary import FIELD_OF, GROUPED
from ..tally import DIMENSIONS, DayGroups, FigureSum, TallyRow, Totals, dimensions_for, key_of, ordered, summed

Answer = TypeVar("Answer")

MANY = ("weapon", "weapon-group")
"""Dimensions where an event has a tuple of keys."""
SOURCE = {**FIELD_OF, **GROUPED, "status": "status"}
"""Dimensions whose key depends on one field of the event alone -> that field."""
ON_LOCATION = {"place": "name", "admin1": "admin1", "country": "country"}
"""Dimensions whose key depends on one field of the event's location alone -> that field."""
INDEXED_FIELDS = ("type", "actor", "target", "country", "place", "weapon", "tag", "status")
"""The text fields of few distinct values, each kept as a code per event (TermMasks.column)."""
COUNTED_AT_ONCE = 100_000
"""Below this many events a dimension's codes take under about 50 ms to build: no key needs to wait for them."""
REMEMBERED = 48
"""Answers kept per index (tallies, pivots, day counts): a few dozen filters × dimensions × orders."""


@dataclass
class Coded:
    """One dimension's tally keys as codes: `pairs[i]` is the code of event i's (key, casualty code), `combos[code]`
    that pair, packed as codes.packed does (bytes for most dimensions, an array for the months and weeks of a long
    log): never a list of ints, whose int objects a forked warm-up's pickle would make anew for every event."""

    pairs: bytes | array
    combos: list[tuple]
    everyone: Counter | None = None
    """The pairs counted over every event, once (the whole log's tally, and the base of a wide mask's)."""
    lock: threading.Lock = field(default_factory=threading.Lock)


class Counting:
    """Mixed into LogIndex, whose events, masks, caches, `spread` and `figures` it uses."""

    def once(self, store: dict, key, build):
        """store[key], built by build() if it is not there yet, by the first thread to ask. A lock per (store, key),
        not the index's: a key waits for the build of what it needs, never for the warm-up's build of anything else."""
        found = store.get(key)
        if found is None:
            with self._building.setdefault((id(store), key), threading.Lock()):
                found = store.get(key)
                if found is None:
                    found = store[key] = build()
        return found

    def missing(self) -> list[tuple[str, str]]:
        """The lazy indexes not built yet, as (kind, key): the fields' columns first (a query term missing one builds
        it on the interface's thread: 0.1 s at a million events; together they take the warm-up about a second),
        then the tallies' codes in `t` order (a `t` missing them counts in a worker). After an append, the extended
        index already holds nearly all of them (growth.extended)."""
        held = {"coded": self._coded, "figures": self._figures, "has": self._has, "column": self._columns}
        wanted = [
            *(("column", name) for name in INDEXED_FIELDS),
            *(("coded", dimension) for dimension in dimensions_for(self.vocabulary)),
            *(("figures", name) for name in ("killed", "injured")),
            *(("has", what) for what in HAS_TESTS),
        ]
        return [(kind, key) for kind, key in wanted if key not in held[kind]]

    def fresh_locks(self) -> None:
        """In a forked process, before it builds anything: a lock some thread of the parent held at the fork (a key's
        worker building the casualty codes) stays held in the child for ever."""
        self._building = {}
        self.lock = threading.RLock()

    def send_indexes(self, send: Callable[[tuple], None]) -> None:
        """In warm_up's forked process: every lazy index the parent lacked at the fork (missing()) but the texts, one
        piece each, as (kind, key, value) for adopt(), with locks of its own (fresh_locks)."""
        self.fresh_locks()
        for kind, key in self.missing():
            if kind == "coded":
                coded = self.coded(key)
                everyone = coded.everyone if coded.everyone is not None else Counter(coded.pairs)
                send(("coded", key, (coded.pairs, coded.combos, dict(everyone))))
            else:
                send((kind, key, {"figures": self.figures, "has": self.has, "column": self.column}[kind](key)))

    def adopt(self, kind: str, key: str, value) -> None:
        """Take over an index sent by send_indexes, unless this process built it meanwhile."""
        if kind == "coded":
            pairs, combos, everyone = value
            self._coded.setdefault(key, Coded(pairs, combos, Counter(everyone)))
            self.tally(self.all, key)
        else:
            {"figures": self._figures, "has": self._has, "column": self._columns}[kind].setdefault(key, value)

    def counted(self, dimension: str) -> bool:
        """Whether the dimension's codes are built (its tallies then take milliseconds), or the log is small enough
        that building them does too."""
        return self.size < COUNTED_AT_ONCE or dimension in self._coded

    def coded(self, dimension: str) -> Coded:
        if dimension not in DIMENSIONS:
            raise ValueError(f"unknown dimension {dimension!r}")
        return self.once(self._coded, dimension, lambda: self.code(dimension))

    def sources(self, dimension: str) -> list:
        """Per event, the one value its key for `dimension` depends on (tally.key_of reads nothing else)."""
        events, size = self.all_events, self.size
        if dimension in SOURCE:
            value = attrgetter(SOURCE[dimension])
            return list(stepwise(size, lambda part: map(value, events[part])))
        if dimension in ON_LOCATION:
            name = ON_LOCATION[dimension]
            return [location and getattr(location, name) for location in map(attrgetter("location"), events)]
        # Periods: the day, and whether only its month is known (a week key needs the day).
        ordinals, month_only = self.ordinals, self.month_only.to_bytes(size, "little")
        return list(stepwise(size, lambda part: map(add, map(mul, ordinals[part], repeat(2)), month_only[part])))

    def code(self, dimension: str) -> Coded:
        """Key codes through the distinct source values (a few hundred: key_of once each), combined with the casualty
        codes; all in C but for the distinct values."""
        events, vocabulary, size = self.all_events, self.vocabulary, self.size
        source = self.sources(dimension)
        keys: dict = {}
        each = dict(zip(stepwise(size, source.__getitem__), stepwise(size, events.__getitem__)))
        code_of = {value: keys.setdefault(key_of(event, dimension, vocabulary), len(keys)) for value, event in each.items()}
        casualties, _ = self.casualty_codes()
        width = max(casualties, default=0) + 1
        raw = list(stepwise(size, lambda part: map(add, map(mul, map(code_of.__getitem__, source[part]), repeat(width)), casualties[part])))
        dense = {pair: code for code, pair in enumerate(dict.fromkeys(stepwise(size, raw.__getitem__)))}
        pairs = stepwise(size, lambda part: map(dense.__getitem__, raw[part]))
        distinct = list(keys)
        return Coded(packed(pairs, len(dense)), [(distinct[pair // width], pair % width) for pair in dense])

    def joined(self, before: Coded, added: Counting, dimension: str, splice, old_width: int) -> Coded:
        """The codes of this index (growth.extended: `before`'s events with `added`'s put among them by `splice`),
        from `before`'s codes and `added`'s, renumbered into this index's pairs and casualty codes (the joined ones:
        `before`'s, `old_width` injured figures wide, with the added events' figures after them)."""
        figures = self.casualty_codes()[1]
        width = len(figures["injured"])
        killed_at = {figure: i for i, figure in enumerate(figures["killed"])}
        injured_at = {figure: i for i, figure in enumerate(figures["injured"])}
        added_figures = added.casualty_codes()[1]
        added_width = len(added_figures["injured"])
        kept = before.combos
        if width != old_width:  # the pairs of `before`'s events keep their numbers: only what each stands for is widened
            kept = [(keys, widened(casualties, old_width, width)) for keys, casualties in kept]
        combos, numbers = renumbered(kept, [
            (keys, killed_at[added_figures["killed"][casualties // added_width]] * width
             + injured_at[added_figures["injured"][casualties % added_width]])
            for keys, casualties in added.coded(dimension).combos
        ])
        more = list(map(numbers.__getitem__, added.coded(dimension).pairs))
        everyone = None
        if before.everyone is not None:  # copied and updated in C: `+` walks every pair in Python (9 ms a dimension at 1M)
            everyone = before.everyone.copy()
            everyone.update(more)
        return Coded(splice.codes(before.pairs, more, len(combos)), combos, everyone)

    def count_codes(self, codes: Sequence, flags: bytes | None = None) -> Counter:
        """How many of each code, of the events whose flag is 1 (of every event without flags): in C, a part at a time
        (codes.stepwise), so that a filter's worker lets the interface draw its keys in between."""
        if flags is None:
            return Counter(stepwise(self.size, codes.__getitem__))
        return Counter(stepwise(self.size, lambda part: compress(codes[part], flags[part])))

    def pair_counts(self, mask: int, dimension: str) -> Counter:
        """How many shown events have each pair code of the dimension. A mask keeping most events is counted as the
        whole log's counts less those of the events it hides: the work is that of the smaller side."""
        coded = self.coded(dimension)
        if mask == self.all:
            with coded.lock:
                if coded.everyone is None:
                    coded.everyone = self.count_codes(coded.pairs)
            return coded.everyone
        return self.counted_in(mask, coded.pairs, coded.everyone)

    def counted_in(self, mask: int, codes: Sequence, everyone: Counter | None) -> Counter:
        """How many of the mask's events have each code, counted over the smaller of the shown and hidden events:
        a mask keeping most events is `everyone` (every event's counts, when known) less those of the hidden ones."""
        if everyone is None or 2 * mask.bit_count() <= self.size:
            return self.count_codes(codes, self.spread(mask))
        return everyone - self.count_codes(codes, (self.all & ~mask).to_bytes(self.size, "little"))

    def tally(self, mask: int, dimension: str, by: str = "count") -> list[TallyRow]:
        """tally.tally(events(mask), dimension, by, vocabulary), remembered per (mask, dimension, order): the rows are
        summed per key over the distinct pairs counted (a few hundred), not over the events. Callers must not change
        the list."""
        return self.recalled((mask, dimension, by), lambda: self.count_tally(mask, dimension, by))

    def count_tally(self, mask: int, dimension: str, by: str) -> list[TallyRow]:
        total = mask.bit_count() or 1
        combos = self.coded(dimension).combos
        codes, figures = self.casualty_codes()
        width = len(figures["injured"])
        groups: dict[str, list] = {}
        for pair, n in self.pair_counts(mask, dimension).items():
            keys, code = combos[pair]
            killed, injured = figures["killed"][code // width], figures["injured"][code % width]
            for key in (keys if dimension in MANY else (keys,)):
                found = groups.get(key)
                if found is None:
                    found = groups[key] = [0, {}, {}]
                found[0] += n
                found[1][killed] = found[1].get(killed, 0) + n
                found[2][injured] = found[2].get(injured, 0) + n
        rows = [TallyRow(key, count, count / total, summed(killed), summed(injured)) for key, (count, killed, injured) in groups.items()]
        return ordered(rows, dimension, by)

    def recalled(self, key: tuple[int, str, str], compute: Callable[[], Answer]) -> Answer:
        """The answer remembered under `key`, else compute()'s, remembered."""
        found = self._tallies.get(key)
        return found if found is not None else self.remember(key, compute())

    def remember(self, key: tuple[int, str, str], answer):
        with self.lock:
            self._tallies[key] = answer
            while len(self._tallies) > REMEMBERED:
                self._tallies.popitem(last=False)
        return answer

    def pivot(self, mask: int, by: str, then: str) -> Pivot:
        """pivot.pivot(events(mask), by, then, vocabulary), counted over the distinct pairs of codes; remembered as tallies are."""
        return self.recalled((mask, by, then), lambda: self.count_pivot(mask, by, then))

    def count_pivot(self, mask: int, by: str, then: str) -> Pivot:
        rows_of, columns_of = self.coded(by).combos, self.coded(then).combos
        pairs = Counter(compress(zip(self.coded(by).pairs, self.coded(then).pairs), self.spread(mask)))
        cells: Counter = Counter()
        row_totals: Counter = Counter()
        column_totals: Counter = Counter()
        for (row_pair, column_pair), n in pairs.items():
            rows, columns = rows_of[row_pair][0], columns_of[column_pair][0]
            rows = rows if by in MANY else (rows,)
            columns = columns if then in MANY else (columns,)
            for row in rows:
                row_totals[row] += n
                for column in columns:
                    cells[row, column] += n
            for column in columns:
                column_totals[column] += n
        return assembled(cells, row_totals, column_totals, mask.bit_count(), by, then)

    def casualty_codes(self) -> tuple[array, dict[str, list]]:
        """One small number per event standing for its (killed, injured) pair, and the distinct figures it indexes
        (the injured ones with free places: codes.with_room)."""
        return self.once(self._casualty_codes, "codes", self.code_casualties)

    def code_casualties(self) -> tuple[array, dict[str, list]]:
        figures: dict[str, list] = {}
        columns = {}
        for name in ("killed", "injured"):
            column = list(map(attrgetter(name), map(attrgetter("casualties"), self.all_events)))
            distinct = list(dict.fromkeys(column))
            position = {figure: i for i, figure in enumerate(distinct)}
            figures[name] = distinct or [None]
            columns[name] = list(map(position.__getitem__, column))
        figures["injured"] = with_room(figures["injured"])
        width = len(figures["injured"])
        return array("I", map(add, map(mul, columns["killed"], repeat(width)), columns["injured"])), figures

    def figure_sum(self, mask: int, name: str) -> FigureSum:
        return summed({figure: (mask & found).bit_count() for figure, found in self.figures(name).items()})

    def totals(self, mask: int) -> Totals:
        """tally.totals(events(mask)); remembered, as the panes of a filter computed ahead (explore.filter_away) ask again."""
        return self.recalled((mask, "totals", ""), lambda: self.count_totals(mask))

    def count_totals(self, mask: int) -> Totals:
        attacks = mask & ~self.responses
        responses = mask & self.responses
        return Totals(
            events=mask.bit_count(),
            attacks=attacks.bit_count(),
            responses=responses.bit_count(),
            killed=self.figure_sum(attacks, "killed"),
            injured=self.figure_sum(attacks, "injured"),
            response_killed=self.figure_sum(responses, "killed"),
            response_injured=self.figure_sum(responses, "injured"),
        )

    def per_day(self, mask: int, first: dt.date | None = None, last: dt.date | None = None) -> list[int]:
        """tally.per_day(events(mask), first, last), from the shown events' day groups: each day's count is looked
        up in C (a log in date order has each day once), not added up in a loop over 50,000 days. Remembered."""
        return self.recalled((mask, "per day", f"{first} {last}"), lambda: self.count_per_day(mask, first, last))

    def count_per_day(self, mask: int, first: dt.date | None, last: dt.date | None) -> list[int]:
        groups = self.day_groups(mask)
        if len(set(groups.keys)) == len(groups.keys):
            counted = dict(zip(groups.keys, groups.counts))
        else:
            counted = {}
            for key, n in zip(groups.keys, groups.counts):
                counted[key] = counted.get(key, 0) + n
        days = [key >> 1 for key in counted if not key & 1]  # a month-only key is odd
        if not days:
            return []
        start = first.toordinal() if first else min(days)
        end = last.toordinal() if last else max(days)
        return list(map(counted.get, range(2 * start, 2 * end + 1, 2), repeat(0)))

    def day_groups(self, mask: int) -> DayGroups:
        """(date, month only, how many shown) for each day of the shown events, in order: the chronology's separators.
        Runs the mask leaves side by side with the same day are one group (the events between them hidden).
        Remembered: the chronology and the time strip both ask."""
        return self.recalled((mask, "day groups", ""), lambda: self.find_day_groups(mask))

    def find_day_groups(self, mask: int) -> DayGroups:
        _, keys = self.runs()
        counted = self.run_counts(mask)
        days = list(map(keys.__getitem__, counted))
        counts = list(counted.values())
        if any(map(eq, days, islice(days, 1, None))):
            joined: list[int] = []
            joined_counts: list[int] = []
            for key, n in zip(days, counts):
                if joined and joined[-1] == key:
                    joined_counts[-1] += n
                else:
                    joined.append(key)
                    joined_counts.append(n)
            days, counts = joined, joined_counts
        return DayGroups(days, counts)

    def runs(self) -> tuple[list[int], list[int]]:
        """Each event's run (the events in a row with the same day and month-only flag) by number, and each run's
        day as ordinal * 2 + month only: what the chronology's day groups and the time strip count."""
        return self.once(self._runs, "runs", self.find_runs)

    def find_runs(self) -> tuple[list[int], list[int]]:
        numbers: list[int] = []
        keys: list[int] = []
        for key, run in groupby(self.sources("month")):
            numbers.extend(repeat(len(keys), len(list(run))))
            keys.append(key)
        return numbers, keys

    def run_counts(self, mask: int) -> Counter:
        """How many shown events each run has, in run order: in C, over the smaller of the shown and hidden events
        (counted_in), remembered for the panes that ask next with the same mask."""
        numbers, _ = self.runs()
        everyone = self._runs.get("everyone")
        if everyone is None:
            everyone = self._runs["everyone"] = self.count_codes(numbers)
        if mask == self.all:
            return everyone
        return self.recalled((mask, "days", ""), lambda: self.counted_in(mask, numbers, everyone))
