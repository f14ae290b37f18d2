"""Building masks, the index's sets of events (see index.py): from positions, flags, a range, or a column's values."""

from __future__ import annotations

from typing import Iterable, Sequence

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
