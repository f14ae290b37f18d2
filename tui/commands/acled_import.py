"""`sitrep import`: an ACLED export written as a format-v1 log."""

from __future__ import annotations

import sys
from pathlib import Path

from ..core.describe import counted, printable, severity_counts
from ..reading import load
from ..reading.text import UnreadableFile
from .common import Visible, writes_over


def import_acled(path: Path, output: Path | None, force: bool) -> int:
    """An ACLED export written as a format-v1 log: its problems on stderr, the log to `output` or stdout."""
    from ..export.writers import write_text
    from ..export.yaml_log import write_log
    from ..reading import is_csv

    if not is_csv(path):
        print(f"sitrep: import reads an ACLED export, a .csv file: {printable(str(path))}", file=sys.stderr)
        return 2
    if output is not None and output.exists():
        if writes_over(output, [path], "log"):
            return 2
        if not force:
            print(f"sitrep: {printable(str(output))} already exists; nothing was written (--force replaces it)", file=sys.stderr)
            return 2
    try:
        log = load(path)
    except UnreadableFile as error:
        print(f"sitrep: cannot read {printable(str(error))}", file=sys.stderr)
        return 2
    for problem in log.problems:
        print(printable(str(problem)), file=sys.stderr)
    if log.errors and not log.events:
        print(f"sitrep: {printable(str(path))}: no event to import; nothing was written", file=sys.stderr)
        return 2
    comments = (
        f"Imported by `sitrep import` from {path.name}, an ACLED export (docs/acled.md in the sitrep repository has the mapping).",
        "casualties.killed is ACLED's `fatalities`: every death reported in the event, on all sides, not only the target's.",
    )
    title = f"ACLED export {path.stem}"
    if output is None:
        write_log(log, Visible(sys.stdout) if sys.stdout.isatty() else sys.stdout, title, comments)
    else:
        try:
            write_text(output, lambda stream: write_log(log, stream, title, comments))
        except OSError as error:
            print(f"sitrep: cannot write {printable(str(output))}: {error.strerror or error}", file=sys.stderr)
            return 2
    where = printable(str(output)) if output is not None else "standard output"
    print(f"{where}: {counted(len(log.events), 'event')} written, {severity_counts(log.problems)}", file=sys.stderr)
    return 1 if log.errors else 0
