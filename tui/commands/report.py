"""`sitrep report`: the situation report of a period, Markdown or HTML."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from ..core.describe import counted, printable
from ..core.safe_write import safe_write
from .common import read_logs, select, writes_over
from .history import revision_of


def report(paths: list[Path], where: str, since: dt.date | None, until: dt.date | None, since_rev: str | None, format: str | None, output: Path | None) -> int:
    from ..history import GitError, changes_since
    from ..report import REPORT_FORMATS, build, first_changed_day, report_format_for

    format = format or (report_format_for(output.name) if output else None) or "md"
    read = read_logs(paths)
    if read is None:
        return 2
    files, log = read
    changes, revision = None, ""
    if since_rev is not None:
        found = revision_of(files, since_rev)
        if found is None:
            return 2
        try:
            changes = changes_since(files[0], found, log)
        except GitError as error:
            print(f"sitrep: {error}", file=sys.stderr)
            return 2
        revision = found.label()
        since = since or first_changed_day(changes)
    if since and until and since >= until:
        print(f"sitrep: the period is empty: {since} is not before --until {until}", file=sys.stderr)
        return 2
    selected = select(log, where, changes.marks() if changes else None)
    if selected is None:
        return 2
    query, events = selected
    brief = build(log, events, str(query), since, until, changes, revision)
    text = REPORT_FORMATS[format](brief)
    if output is None:
        print(printable(text) if sys.stdout.isatty() else text, end="")
        return 0
    if writes_over(output, files, "report"):
        return 2
    try:
        safe_write(output.expanduser(), text.encode("utf-8"))
    except OSError as error:
        print(f"sitrep: cannot write {output}: {error.strerror or error}", file=sys.stderr)
        return 2
    print(f"{output}: the {format} report of {brief.period.label()}, {counted(len(brief.events), 'event')}", file=sys.stderr)
    return 0
