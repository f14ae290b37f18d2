"""`sitrep stats`: the tallies, one dimension's rows or a pivot, as text, JSON, CSV or Markdown."""

from __future__ import annotations

import sys
from pathlib import Path

from ..core.describe import printable
from .common import read_logs, select


def stats(paths: list[Path], where: str, by: list[str], format: str, every: bool) -> int:
    from ..ask.stats import rows_by, stats_text, table_text
    from ..ask.tally import dimensions_for
    from ..export.tables import table

    read = read_logs(paths)
    selected = select(read[1], where) if read else None
    if selected is None:
        return 2
    log = read[1]
    query, events = selected
    known = dimensions_for(log.vocabulary)
    for dimension in by:
        if dimension not in known:
            print(f"sitrep: no dimension {dimension!r} in this log; dimensions: {', '.join(known)}", file=sys.stderr)
            return 2
    if len(by) > 2:
        print("sitrep: --by at most twice (a dimension, or a pivot of two)", file=sys.stderr)
        return 2
    if not by and format != "text":
        print("sitrep: --format json, csv or md needs --by DIMENSION", file=sys.stderr)
        return 2
    if not by:
        text = stats_text(log, events=events, where=str(query), every=every)
    elif format == "text":
        text = table_text(log, events, by)
    else:
        meta = {"by": by, "where": str(query), "events": len(events)}
        text = table(rows_by(log, events, by), format, meta)
    # Titles and names come from the file: the text is made visible; data formats are exact, except on a terminal.
    print(printable(text) if format == "text" or sys.stdout.isatty() else text)
    return 0
