"""How far the reading of each big file has come (0 to 1), for the dashboard to show while it waits."""

from __future__ import annotations

DONE: dict[str, float] = {}
"""The file as given to the loader -> the share of its events read so far; gone once the file is read."""


def report(file: str, fraction: float) -> None:
    DONE[file] = fraction


def of(file: str) -> float | None:
    return DONE.get(file)


def finished(file: str) -> None:
    DONE.pop(file, None)
