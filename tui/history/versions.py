"""A log as it was at a revision, what changed since, and the commits behind one event."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..ask.changes import LogChanges, diff_logs, same_event
from ..core.model import Event, EventLog
from ..reading import load_bytes
from .git import GitError, Revision, bytes_at, line_history, place_of, resolve


def log_at(path: Path, revision: str | Revision) -> EventLog:
    """The log file as committed at `revision`, read as the file would be; problems name it `path@revision`."""
    found = revision if isinstance(revision, Revision) else resolve(path, revision)
    shown = revision if isinstance(revision, str) else found.short
    return committed_log(path, found, shown)


@lru_cache(maxsize=2)
def committed_log(path: Path, revision: Revision, shown: str) -> EventLog:
    """A commit's file never changes: the dashboard compares the log with it again after every reload (each
    append), and reads it from git once."""
    return load_bytes(bytes_at(path, revision), f"{path}@{shown}")


def changes_since(path: Path, revision: str | Revision, log: EventLog) -> LogChanges:
    """What `log` (the file now) adds, removes and changes against the file at `revision`."""
    return diff_logs(log_at(path, revision), log)


@dataclass(frozen=True)
class Provenance:
    added: Revision | None
    """The commit that brought the event's lines in; None when it is not committed yet."""
    last: Revision | None
    """The last commit that changed them."""
    uncommitted: bool
    """The file holds changes to the event that no commit has yet."""

    def lines(self) -> list[str]:
        if self.added is None:
            return ["not committed yet"]
        lines = [f"added {self.added.label()}"]
        if self.last is not None and self.last != self.added:
            lines.append(f"last changed {self.last.label()}")
        if self.uncommitted:
            lines.append("changed since, not committed yet")
        return lines


def provenance(path: Path, event: Event) -> Provenance:
    """From the history of the event's lines as last committed (git log -L): its first commit added it, its latest
    changed it last. An event the last commit does not hold is not committed yet."""
    place_of(path)  # outside a repository: that error, not "not committed"
    try:
        data = bytes_at(path, resolve(path, "HEAD"))
    except GitError:  # no commit yet, or none holding the file
        return Provenance(None, None, True)
    committed = load_bytes(data, f"{path}@HEAD")
    before = committed.by_id.get(event.id)
    if before is None:
        return Provenance(None, None, True)
    following = [other.line for other in committed.events if other.file == before.file and other.line > before.line]
    # The last event runs to the end of the file: the reader keeps where an event starts, not where it ends.
    last_line = min(following) - 1 if following else max(before.line, data.count(b"\n"))
    history = line_history(path, before.line, last_line)
    if not history:
        return Provenance(None, None, True)
    return Provenance(history[-1], history[0], not same_event(before, event))
