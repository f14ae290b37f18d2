"""The index of a log that grew by an append (core.model.Growth): the index of the log before, joined with the index
of the added events alone, instead of one built again over every event (seconds at a million events).

The added events follow every earlier one in the log's order, so no position moves: a per-event list is the old list
and the new one end to end, a mask is the old mask and the new one shifted past the old events. What the index before
had not computed yet is left to be computed on first use, over all the events, as in a new index. The old index
is never changed: the interface goes on asking it until the grown log replaces it.

tests/unit/test_index.py checks every answer of an extended index against an index built from scratch.
"""

from __future__ import annotations

from typing import Sequence

from . import Base, LogIndex
from ...core.model import Event


def extended(before: LogIndex, events: Sequence[Event]) -> LogIndex:
    """The index of `events`, whose first `before.size` events are those `before` indexes (the same objects)."""
    kept = before.size
    added = LogIndex(events[kept:], vocabulary=before.vocabulary)
    shift = 8 * kept
    with before.lock:
        base = Base(
            before.ordinals + added.ordinals,
            before.month_only_positions + [kept + position for position in added.month_only_positions],
            before.month_only | added.month_only << shift,
            before.responses | added.responses << shift,
        )
        grown = LogIndex(events, vocabulary=before.vocabulary, base=base)
        codes = joined_codes(before, added)
        if codes is not None:
            grown._casualty_codes["codes"] = codes
            for dimension, coded in before._coded.items():
                grown._coded[dimension] = grown.joined(coded, added, dimension)
        if "runs" in before._runs:
            numbers, keys = before._runs["runs"]
            added_numbers, added_keys = added.runs()
            grown._runs["runs"] = (numbers + [len(keys) + number for number in added_numbers], keys + added_keys)
        for what, mask in before._has.items():
            grown._has[what] = mask | added.has(what) << shift
        for name, masks in before._figures.items():
            joined = dict(masks)
            for figure, mask in added.figures(name).items():
                joined[figure] = joined.get(figure, 0) | mask << shift
            grown._figures[name] = joined
        for name, values in before._values.items():
            joined_values = dict(values)
            for value, positions in added.values(name).items():
                joined_values[value] = [*values.get(value, ()), *(kept + position for position in positions)]
            grown._values[name] = joined_values
        if before._texts is not None:
            grown._texts = before._texts + added.compute_texts()
    return grown


def joined_codes(before: LogIndex, added: LogIndex) -> tuple[list[int], dict[str, list]] | None:
    """The casualty codes of both, when the added events bring no injured figure the old ones lack (a new one
    would change every code); None leaves them to be computed on first use."""
    if "codes" not in before._casualty_codes:
        return None
    codes, figures = before._casualty_codes["codes"]
    killed = list(figures["killed"])
    injured = figures["injured"]
    killed_at = {figure: i for i, figure in enumerate(killed)}
    injured_at = {figure: i for i, figure in enumerate(injured)}
    width = len(injured)
    more = []
    for event in added.all_events:
        casualties = event.casualties
        i = injured_at.get(casualties.injured)
        if i is None:
            return None
        k = killed_at.get(casualties.killed)
        if k is None:
            k = killed_at[casualties.killed] = len(killed)
            killed.append(casualties.killed)
        more.append(k * width + i)
    return codes + more, {"killed": killed, "injured": injured}
