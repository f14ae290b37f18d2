"""A tally of one dimension by another (actor × month): the counts of each pair, with row and column totals."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from ..core.model import Event
from ..core.vocabulary import EMPTY, Vocabulary
from .tally import TallyRow, keys_for, ordered


@dataclass(frozen=True)
class Pivot:
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: dict[tuple[str, str], int]
    row_totals: dict[str, int]
    column_totals: dict[str, int]
    total: int
    """Events counted (an event with two weapons is one event, in two cells)."""

    def count(self, row: str, column: str) -> int:
        return self.cells.get((row, column), 0)


def pivot(events: Sequence[Event], by: str, then: str, vocabulary: Vocabulary = EMPTY) -> Pivot:
    """Rows in the order of the `by` tally (largest first; months in time order, quiet ones included), columns in
    the order of the `then` tally."""
    cells: Counter = Counter()
    row_totals: Counter = Counter()
    column_totals: Counter = Counter()
    for event in events:
        rows = keys_for(event, by, vocabulary)
        columns = keys_for(event, then, vocabulary)
        for row in rows:
            row_totals[row] += 1
            for column in columns:
                cells[row, column] += 1
        for column in columns:
            column_totals[column] += 1
    return assembled(cells, row_totals, column_totals, len(events), by, then)


def assembled(cells: Counter, row_totals: Counter, column_totals: Counter, events: int, by: str, then: str) -> Pivot:
    """The pivot from its counts (pivot() over events, LogIndex.pivot over a mask): rows and columns in tally order."""
    total = events or 1

    def order(counts: Counter, dimension: str) -> tuple[str, ...]:
        return tuple(row.key for row in ordered([TallyRow(key, n, n / total) for key, n in counts.items()], dimension, "count"))

    rows, columns = order(row_totals, by), order(column_totals, then)
    return Pivot(rows, columns, dict(cells), {k: row_totals[k] for k in rows}, {k: column_totals[k] for k in columns}, events)
