"""`sitrep export`: the (filtered) events as CSV, JSON, Markdown or GeoJSON."""

from __future__ import annotations

import sys
from pathlib import Path

from ..export.writers import format_for, write
from .common import Visible, read_logs, select, writes_over


def export(paths: list[Path], where: str, format: str | None, output: Path | None) -> int:
    read = read_logs(paths)
    selected = select(read[1], where) if read else None
    if selected is None:
        return 2
    files, log = read
    events = selected[1]
    if output is None:
        # On a terminal, text from the file must not reach it raw (ESC, OSC 52); in a pipe, the data is exact.
        write(events, Visible(sys.stdout) if sys.stdout.isatty() else sys.stdout, format or "csv")
        return 0
    if writes_over(output, files, "export"):
        return 2
    try:
        write(events, output, format or format_for(output))
    except OSError as error:
        print(f"sitrep: cannot write {output}: {error.strerror or error}", file=sys.stderr)
        return 2
    print(f"{output}: {len(events)} of {len(log.events)} events written", file=sys.stderr)
    return 0
