"""Counting the events of a mask for LogIndex (index.py): tallies, totals, events per day, the chronology's day groups."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from itertools import chain, compress, groupby

from ..tally import UNKNOWN, FigureSum, TallyRow, Totals, month_key, ordered, week_key


class Counting:
    """Mixed into LogIndex, whose events, masks, lock, `spread` and `figures` it uses."""

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
                known = [memo.get(event.date) or memo.setdefault(event.date, month_key(event.date)) for event in events]
            elif dimension == "week":
                weeks: dict[dt.date, str] = {}
                known = [UNKNOWN if event.month_only else weeks.get(event.date) or weeks.setdefault(event.date, week_key(event.date)) for event in events]
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
        return ordered([TallyRow(key, count, count / total) for key, count in counts.items()], dimension, by)

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
