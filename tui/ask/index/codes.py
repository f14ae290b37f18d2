"""Per-event codes of a column of few distinct values (a tally dimension's pairs, a search field's combinations):
how they are stored and joined when a log grows."""

from __future__ import annotations

from array import array
from itertools import chain
from typing import Callable, Hashable, Iterable, Iterator, Sequence, TypeVar

Item = TypeVar("Item")


STEP = 1 << 16
"""Events per C call in stepwise(): 5-10 ms each."""


def stepwise(size: int, part: Callable[[slice], Iterable[Item]], step: int = STEP) -> Iterator[Item]:
    """What part(slice) gives for each `step` events of `size`, one after the other. A pass over a million events in
    one C call (`list(map(...))`) holds the GIL for 50-150 ms, which the interface's thread then waits for (a `t`
    counting a dimension in a worker at a million events: 90-280 ms a key); a C call consuming this iterator runs
    a Python step between parts, where the GIL can go to the interface."""
    return chain.from_iterable(part(slice(start, start + step)) for start in range(0, size, step))


def typecode(distinct: int) -> str:
    return "H" if distinct <= 1 << 16 else "I"


def packed(codes: Iterable[int], distinct: int) -> bytes | array:
    """Codes in the fewest bytes each: one for at most 256 values (bytes, which translate() reads and which a mask's
    bytes pick from), else two or four. Never a list of ints: 36 bytes an event once above 256."""
    return bytes(codes) if distinct <= 256 else array(typecode(distinct), codes)


LOOKED_UP = 32
"""Up to this many new combinations (an append's few events), each is looked for in the list (list.index, in C):
a dictionary of every combination, 177,000 at a million events, took 15 ms a dimension to build."""


def renumbered(combos: Sequence[Hashable], more: Sequence[Hashable]) -> tuple[list, list[int]]:
    """`combos` and those of `more` it lacks, in one list; and the number in it of each of `more` (its first place)."""
    joined = list(combos)
    numbers = []
    if len(more) <= LOOKED_UP:
        for combo in more:
            try:
                numbers.append(joined.index(combo))
            except ValueError:
                numbers.append(len(joined))
                joined.append(combo)
        return joined, numbers
    at: dict = {}
    for i, combo in enumerate(joined):
        at.setdefault(combo, i)
    for combo in more:
        if combo not in at:
            at[combo] = len(joined)
            joined.append(combo)
        numbers.append(at[combo])
    return joined, numbers


class Free:
    """An unused place among the injured figures of the casualty codes (counts.code_casualties): no event's figure."""

    def __repr__(self) -> str:
        return "free"


FREE = Free()


def with_room(injured: list) -> list:
    """The injured figures with free places up to a power of two (at least one, at least 8 places in all): an append
    bringing a figure the log lacked takes one, and no casualty code (killed * places + injured) changes."""
    return injured + [FREE] * ((1 << max(3, len(injured).bit_length())) - len(injured))


def widened(code: int, old_width: int, width: int) -> int:
    """A casualty code (killed * width + injured, counts.code_casualties) once the injured figures have `width` places
    instead of `old_width` (an append brought more new figures than there were free places)."""
    return code // old_width * width + code % old_width
