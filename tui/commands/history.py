"""`sitrep diff` and `--since-rev`: the log against its own git history."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.describe import printable
from .common import read_logs

if TYPE_CHECKING:
    from ..history import Revision


def history_diff(path: Path, revisions: list[str], format: str, exit_code: bool = False) -> int:
    """The events added, removed and changed between two versions of one log file (default: HEAD and the file now).
    With `exit_code`, the status says whether anything changed (1) or not (0), for scripts and hooks."""
    from ..ask.changes import diff_logs
    from ..history import GitError, log_at, resolve
    from ..report import changes_text

    if len(revisions) > 2:
        print("sitrep: diff takes at most two revisions", file=sys.stderr)
        return 2
    if path.is_dir():
        print(f"sitrep: diff compares one log file; {path} is a folder", file=sys.stderr)
        return 2
    try:
        before = resolve(path, revisions[0] if revisions else "HEAD")
        old = log_at(path, before)
        if len(revisions) == 2:
            after = resolve(path, revisions[1])
            new, after_label = log_at(path, after), after.label()
        else:
            read = read_logs([path])
            if read is None:
                return 2
            new, after_label = read[1], f"{path} (the working file)"
    except GitError as error:
        print(f"sitrep: {error}", file=sys.stderr)
        return 2
    changes = diff_logs(old, new)
    text = changes_text(changes, before.label(), after_label, format)
    print(printable(text) if format == "text" or sys.stdout.isatty() else text)
    return 1 if exit_code and changes else 0


def revision_of(files: list[Path], since_rev: str) -> Revision | None:
    """The commit `--since-rev` names in the history of the one file given; None after saying why there is none."""
    from ..history import GitError, resolve

    if len(files) > 1:
        print("sitrep: --since-rev compares one file with its history; give one file", file=sys.stderr)
        return None
    try:
        return resolve(files[0], since_rev)
    except GitError as error:
        print(f"sitrep: {error}", file=sys.stderr)
        return None
