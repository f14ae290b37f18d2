"""Per-event codes of a column of few distinct values (a tally dimension's pairs, a search field's combinations):
how they are stored and joined when a log grows."""

from __future__ import annotations

from array import array
from typing import Hashable, Iterable, Sequence


def typecode(distinct: int) -> str:
    return "H" if distinct <= 1 << 16 else "I"


def packed(codes: Iterable[int], distinct: int) -> bytes | array:
    """Codes in the fewest bytes each: one for at most 256 values (bytes, which translate() reads and which a mask's
    bytes pick from), else two or four. Never a list of ints: 36 bytes an event once above 256."""
    return bytes(codes) if distinct <= 256 else array(typecode(distinct), codes)


def renumbered(combos: Sequence[Hashable], more: Sequence[Hashable]) -> tuple[list, list[int]]:
    """`combos` and those of `more` it lacks, in one list; and the number in it of each of `more`."""
    joined = list(combos)
    at: dict = {}
    for i, combo in enumerate(joined):
        at.setdefault(combo, i)
    numbers = []
    for combo in more:
        if combo not in at:
            at[combo] = len(joined)
            joined.append(combo)
        numbers.append(at[combo])
    return joined, numbers


def widened(code: int, old_width: int, width: int) -> int:
    """A casualty code (killed * width + injured, counts.code_casualties) once the injured figures number `width`
    instead of `old_width` (an append brought new ones, put after the others)."""
    return code // old_width * width + code % old_width
