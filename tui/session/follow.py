"""Following files that change on disk: a cheap check for change, and whether a new version is fit to show."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

from ..ask.changes import CHANGED, NEW, same_event
from ..core.model import EventLog
from ..reading import doubted

UNUSABLE_PREFIXES = ("YAML syntax", "cannot read", "the file is empty")
Stamp = tuple[int, int, int, int, int] | None
"""(inode, size, mtime in ns, ctime in ns, mode), or None when the file is missing."""


def stamp(path: Path) -> Stamp:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_mode)


def stamps(paths: Sequence[Path]) -> tuple[Stamp, ...]:
    """An editor's atomic save changes the inode, an append the size, a same-size rewrite the mtime, and any
    write or chmod the ctime, which no user tool can set back (`touch -d` can set the mtime back)."""
    return tuple(stamp(path) for path in paths)


def read_wrong(paths: Sequence[Path]) -> bool:
    """Whether a file shown from its appended bytes alone failed the check of the bytes before (reading.appended):
    unchanged since, it must still be read again, whole."""
    return any(doubted(path) for path in paths)


def is_unreadable(log: EventLog) -> bool:
    """The file could not be read at all: worth trying again on the poll, since what made it readable again (a
    parent folder's permission, a remount) need not touch the file."""
    return any(problem.severity == "error" and problem.message.startswith("cannot read") for problem in log.problems)


def is_unusable(log: EventLog) -> bool:
    """A reload that would lose data for a reason the user is still typing: a YAML syntax error or an unreadable file.

    Such a version is not shown; the last good one stays until the file is fixed.
    """
    return any(problem.severity == "error" and problem.message.startswith(UNUSABLE_PREFIXES) for problem in log.problems)


def changed_ids(old: EventLog, new: EventLog) -> dict[str, str]:
    """Ids of events that are new or differ in content -> `new` or `changed`; moving down the file (a new line
    number) is no change."""
    added = new.added_since(old)
    if added is not None and not any(event.id in old.by_id for event in added):  # an append: the rest is `old` itself
        return {event.id: NEW for event in added}
    before = {event.id: event for event in old.events}
    changed = {}
    for event in new.events:
        previous = before.get(event.id)
        # The same object is the same event (a reload after an append keeps the events it did not read again):
        # only the others are compared, so a 100,000-event log costs a dict, not 200,000 copies.
        if previous is None:
            changed[event.id] = NEW
        elif not same_event(previous, event):
            changed[event.id] = CHANGED
    return changed
