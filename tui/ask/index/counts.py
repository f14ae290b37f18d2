"""Counting the events of a mask for LogIndex (index.py): tallies, totals, events per day, the chronology's day groups."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from itertools import chain, compress, groupby

from ..pivot import Pivot, assembled
from ...core.vocabulary import FIELD_OF, GROUPED
from ..tally import DIMENSIONS, PERIODS, UNKNOWN, FigureSum, TallyRow, Totals, key_of, ordered, summed

MANY = ("weapon", "weapon-group")
"""Dimensions where an event has a tuple of keys."""
BY_VALUE = {dimension: field for dimension, field in (*FIELD_OF.items(), *GROUPED.items()) if field != "weapons"}
"""Dimensions whose key depends on one text field of the event alone -> that field."""


class Counting:
    """Mixed into LogIndex, whose events, masks, lock, `spread` and `figures` it uses."""

    def column(self, dimension: str) -> list:
        """The tally key of each event for one dimension (tally.key_of; for weapon: the tuple of keys)."""
        with self.lock:
            known = self._columns.get(dimension)
            if known is not None:
                return known
            if dimension not in DIMENSIONS:
                raise ValueError(f"unknown dimension {dimension!r}")
            vocabulary = self.vocabulary
            events = self.all_events
            if dimension in ("type", "actor") and not vocabulary.covers(dimension):  # the usual case, at C speed
                known = [getattr(event, dimension) or UNKNOWN for event in events]
            elif dimension == "target" and not vocabulary.covers("target"):
                known = [event.target or UNKNOWN for event in events]
            elif dimension in PERIODS:  # one key per day, not per event: most events share their day
                memo: dict[tuple[dt.date, bool], str | tuple[str, ...]] = {}
                known = []
                for event in events:
                    day = (event.date, event.month_only)
                    key = memo.get(day)
                    if key is None:
                        key = memo[day] = key_of(event, dimension, vocabulary)
                    known.append(key)
            elif dimension in BY_VALUE:  # one key per written value: a vocabulary's lookup costs a casefold and a split
                field = BY_VALUE[dimension]
                memo_of: dict[str | None, str | tuple[str, ...]] = {}
                known = []
                for event in events:
                    written = getattr(event, field)
                    key = memo_of.get(written)
                    if key is None:
                        key = memo_of[written] = key_of(event, dimension, vocabulary)
                    known.append(key)
            else:
                known = [key_of(event, dimension, vocabulary) for event in events]
            self._columns[dimension] = known
            return known

    def counts(self, mask: int, dimension: str) -> Counter:
        picked = compress(self.column(dimension), self.spread(mask))
        return Counter(chain.from_iterable(picked) if dimension in MANY else picked)

    def tally(self, mask: int, dimension: str, by: str = "count") -> list[TallyRow]:
        """tally.tally(events(mask), dimension, by, vocabulary). Counted in C: the pairs (key, casualty code) of the
        shown events, then summed per key over the distinct pairs (a few hundred), not over the events."""
        total = mask.bit_count() or 1
        codes, figures = self.casualty_codes()
        pairs = Counter(compress(zip(self.column(dimension), codes), self.spread(mask)))
        width = len(figures["injured"])
        groups: dict[str, list] = {}
        for (keys, code), n in pairs.items():
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

    def pivot(self, mask: int, by: str, then: str) -> Pivot:
        """pivot.pivot(events(mask), by, then, vocabulary), counted over the distinct pairs of keys."""
        pairs = Counter(compress(zip(self.column(by), self.column(then)), self.spread(mask)))
        cells: Counter = Counter()
        row_totals: Counter = Counter()
        column_totals: Counter = Counter()
        for (rows, columns), n in pairs.items():
            rows = rows if by in MANY else (rows,)
            columns = columns if then in MANY else (columns,)
            for row in rows:
                row_totals[row] += n
                for column in columns:
                    cells[row, column] += n
            for column in columns:
                column_totals[column] += n
        return assembled(cells, row_totals, column_totals, mask.bit_count(), by, then)

    def casualty_codes(self) -> tuple[list[int], dict[str, list]]:
        """One small number per event standing for its (killed, injured) pair, and the distinct figures it indexes."""
        with self.lock:
            if self._casualty_codes is None:
                figures: dict[str, list] = {}
                columns = {}
                for name in ("killed", "injured"):
                    column = [getattr(event.casualties, name) for event in self.all_events]
                    distinct = list(dict.fromkeys(column))
                    position = {figure: i for i, figure in enumerate(distinct)}
                    figures[name] = distinct or [None]
                    columns[name] = [position[figure] for figure in column]
                width = len(figures["injured"])
                codes = [k * width + i for k, i in zip(columns["killed"], columns["injured"])]
                self._casualty_codes = (codes, figures)
            return self._casualty_codes

    def figure_sum(self, mask: int, name: str) -> FigureSum:
        return summed({figure: (mask & found).bit_count() for figure, found in self.figures(name).items()})

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
            response_injured=self.figure_sum(responses, "injured"),
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
