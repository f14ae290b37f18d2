"""`sitrep check`: each file's problems like a compiler's, and those across files read as one log."""

from __future__ import annotations

import sys
from pathlib import Path

from ..core.describe import counted, printable, severity_counts
from ..reading import load, merge, vocabulary_findings
from ..reading.text import UnreadableFile
from .common import log_files_or_say


def check(arguments: list[Path]) -> int:
    """Each file's problems; several files are also checked as the one log the dashboard reads (ids across files)."""
    paths = log_files_or_say(arguments)
    if not paths:
        return 2
    worst = 0
    logs = []
    for path in paths:
        try:
            log = load(path)
        except UnreadableFile as error:
            print(f"sitrep: cannot read {printable(str(error))}", file=sys.stderr)
            worst = 2
            continue
        logs.append(log)
        found = [*log.problems, *(vocabulary_findings(log.events, log.vocabulary) if len(paths) == 1 else ())]
        for problem in sorted(found, key=lambda p: (p.file, p.line, p.column)):
            print(printable(str(problem)))
        print(f"{printable(str(path))}: {counted(len(log.events), 'event')}, {severity_counts(found)}", file=sys.stderr)
        if log.errors:
            worst = max(worst, 1)
    if len(logs) > 1:
        own = {problem for log in logs for problem in log.problems}
        whole = merge(logs)
        across = [problem for problem in whole.problems if problem not in own] + vocabulary_findings(whole.events, whole.vocabulary)
        for problem in across:
            print(printable(str(problem)))
        if across:
            print(f"{len(logs)} files read as one log: {len(across)} problems across files", file=sys.stderr)
        if any(problem.severity == "error" for problem in across):
            worst = max(worst, 1)
    return worst
