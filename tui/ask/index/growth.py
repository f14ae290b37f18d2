"""The index of a log that grew by an append (core.model.Growth): the index of the log before, joined with the index
of the added events alone, instead of one built again over every event (seconds at a million events).

The added events stand at known positions of the grown log's order (at its end, for a new event; among the others,
for one dated earlier): a per-event list is the old one with the new items put at those positions (Splice), a mask
likewise, a list of positions is the old one moved along and the new ones merged in. What the index before had not
computed yet is left to be computed on first use, over all the events, as in a new index. The old index is never
changed: the interface goes on asking it until the grown log replaces it.

tests/unit/test_index.py checks every answer of an extended index against an index built from scratch.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from typing import Sequence

from . import Base, LogIndex
from .codes import FREE, packed, typecode, widened, with_room
from ...core.model import Event


class Splice:
    """Where the added events go among the old ones: `positions`, ascending, in the grown order of `size` events."""

    def __init__(self, positions: Sequence[int], size: int) -> None:
        self.positions = list(positions)
        self.size = size
        self.before = [position - i for i, position in enumerate(self.positions)]
        """For each added event, the old position of the event it is put before (the old size: after them all)."""
        self.appends = not self.before or self.before[0] == size - len(self.positions)

    def list(self, old: Sequence, new: Sequence) -> list | array:
        """A per-event column with the added events' items put in: an array where `old` is one (of its type)."""
        if self.appends:  # one copy of a million items, not a slice and then its copy
            return old + array(old.typecode, new) if isinstance(old, array) else [*old, *new]
        out: list | array = array(old.typecode) if isinstance(old, array) else []
        start = 0
        for at, item in zip(self.before, new):
            out.extend(old[start:at])
            out.append(item)
            start = at
        out.extend(old[start:])
        return out

    def bytes(self, old: bytes, new: bytes) -> bytes:
        if self.appends:
            return old + new
        parts = []
        start = 0
        for i, at in enumerate(self.before):
            parts += (old[start:at], new[i : i + 1])
            start = at
        parts.append(old[start:])
        return b"".join(parts)

    def codes(self, old: bytes | array, new: Sequence[int], distinct: int) -> bytes | array:
        """A column of codes (codes.packed) with the added events' put in, `distinct` values in all: as it was where
        its width still holds (an append then copies no code), else widened."""
        if isinstance(old, bytes) and distinct <= 256:
            return self.bytes(old, bytes(new))
        if self.appends and isinstance(old, array) and old.typecode == typecode(distinct):
            return old + array(old.typecode, new)
        return packed(self.list(old, new), distinct)

    def mask(self, old: int, new: int) -> int:
        added = len(self.positions)
        if self.appends:
            return old | new << 8 * (self.size - added)
        return int.from_bytes(self.bytes(old.to_bytes(self.size - added, "little"), new.to_bytes(added, "little")), "little")

    def moved(self, old: array) -> array:
        """Where the events at the old positions `old` (ascending) stand now; the same array where none moves."""
        if not old or not self.before or old[-1] < self.before[0]:
            return old
        cut = bisect_left(old, self.before[0])
        return old[:cut] + array("I", [position + bisect_right(self.before, position) for position in old[cut:]])

    def joined(self, old: Sequence[int], new: Sequence[int]) -> array:
        """Old positions (ascending) moved along, and the added events' own (their positions among the added) put
        where they stand."""
        placed = array("I", [self.positions[i] for i in new])
        moved = self.moved(old if isinstance(old, array) else array("I", old))
        if not placed:
            return moved
        if not moved or placed[0] > moved[-1]:
            return moved + placed
        return array("I", sorted(moved + placed))


def extended(before: LogIndex, events: Sequence[Event], positions: Sequence[int]) -> LogIndex:
    """The index of `events`: the events `before` indexes (the same objects, in the same order) with others put at
    `positions`."""
    splice = Splice(positions, len(events))
    added = LogIndex([events[at] for at in positions], vocabulary=before.vocabulary)
    with before.lock:
        base = Base(
            splice.list(before.ordinals, added.ordinals),
            splice.joined(before.month_only_positions, added.month_only_positions),
            splice.mask(before.month_only, added.month_only),
            splice.mask(before.responses, added.responses),
        )
        grown = LogIndex(events, vocabulary=before.vocabulary, base=base)
        joined = joined_codes(before, added, splice)
        if joined is not None:
            codes, figures, old_width = joined
            grown._casualty_codes["codes"] = (codes, figures)
            for dimension, coded in before._coded.items():
                grown._coded[dimension] = grown.joined(coded, added, dimension, splice, old_width)
        if "runs" in before._runs and splice.appends:
            numbers, keys = before._runs["runs"]
            added_numbers, added_keys = added.runs()
            grown._runs["runs"] = (numbers + [len(keys) + number for number in added_numbers], keys + added_keys)
            if "everyone" in before._runs:  # the day counts of the whole log, which the panes ask for at once
                everyone = grown._runs["everyone"] = before._runs["everyone"].copy()
                everyone.update(len(keys) + number for number in added_numbers)
        elif "runs" in before._runs:
            grown.runs()  # in the loading worker: the panes ask for them at once
        for what, mask in before._has.items():
            grown._has[what] = splice.mask(mask, added.has(what))
        for name, masks in before._figures.items():
            figures = added.figures(name)
            grown._figures[name] = {figure: splice.mask(masks.get(figure, 0), figures.get(figure, 0)) for figure in {**masks, **figures}}
        for name, values in before._values.items():
            new = added.values(name)
            grown._values[name] = {value: splice.joined(values.get(value, ()), new.get(value, ())) for value in {**values, **new}}
        for name, column in before._columns.items():
            grown._columns[name] = column.spliced(splice, added.column(name))
        if before._texts is not None:
            columns = {name: grown.column(name) for name in before._texts.columns}
            grown._texts = before._texts.spliced(splice, added.compute_texts(), columns)
    return grown


def joined_codes(before: LogIndex, added: LogIndex, splice: Splice) -> tuple[array, dict[str, list], int] | None:
    """The casualty codes of both, and the width of `before`'s (its places for injured figures); None leaves them to
    be computed on first use. A code is killed * width + injured: an injured figure the old events lack takes a free
    place (codes.with_room); past the free places every code is widened, renumbered through a table (a code is one
    of a few dozen pairs), and each dimension's combinations with it (counts.joined)."""
    if "codes" not in before._casualty_codes:
        return None
    codes, figures = before._casualty_codes["codes"]
    killed = list(figures["killed"])
    injured = list(figures["injured"])
    killed_at = {figure: i for i, figure in enumerate(killed)}
    injured_at = {figure: i for i, figure in enumerate(injured) if figure is not FREE}
    old_width = len(injured)
    pairs = []
    for event in added.all_events:
        casualties = event.casualties
        k = killed_at.get(casualties.killed)
        if k is None:
            k = killed_at[casualties.killed] = len(killed)
            killed.append(casualties.killed)
        i = injured_at.get(casualties.injured)
        if i is None:
            i = injured_at[casualties.injured] = injured.index(FREE) if FREE in injured else len(injured)
            injured[i : i + 1] = [casualties.injured]
        pairs.append((k, i))
    if len(injured) != old_width:
        injured = with_room([figure for figure in injured if figure is not FREE])
        width = len(injured)
        table = [widened(code, old_width, width) for code in range(len(figures["killed"]) * old_width)]
        codes = array("I", map(table.__getitem__, codes))
    width = len(injured)
    return splice.list(codes, [k * width + i for k, i in pairs]), {"killed": killed, "injured": injured}, old_width
