"""The `sitrep` command: the dashboard by default; `check`, `stats`, `export`, `import`, `diff`, `report` and `init`
(commands/) for scripts and CI."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence

from .commands.acled_import import import_acled
from .commands.check import check
from .commands.common import NO_LOGS, day, default_log, why_missing
from .commands.export import export
from .commands.history import history_diff, revision_of
from .commands.init import init
from .commands.report import report
from .commands.stats import stats
from .export.tables import TABLE_FORMATS
from .export.writers import FORMATS
from .report.changes_out import CHANGE_FORMATS


def dashboard(paths: list[Path], since_rev: str | None = None) -> int:
    from .reading import log_files

    files = log_files(paths)
    missing = [path for path in files if not path.exists()]
    if missing or not files:
        print(f"sitrep: cannot read {missing[0] if missing else paths[0]}: {why_missing(missing[0]) if missing else NO_LOGS}", file=sys.stderr)
        return 2
    since = revision_of(files, since_rev) if since_rev is not None else None
    if since_rev is not None and since is None:
        return 2
    from .session.opening import open_early

    open_early(files)  # as the app does, which would start it only once Textual is imported (0.2 s on)
    from .ui.app import SitrepApp
    from .ui.run import run_then_leave

    run_then_leave(SitrepApp(files, since))


def attached(argv: Sequence[str], option: str) -> list[str]:
    """`--where -tag:yemen` as `--where=-tag:yemen`: a query may start with `-`, which argparse takes for an option."""
    out: list[str] = []
    items = iter(argv)
    for item in items:
        value = next(items, None) if item == option else None
        out.append(f"{option}={value}" if value is not None else item)
    return out


def command(name: str, argv: Sequence[str]) -> int:
    argv = attached(argv, "--where")
    parser = argparse.ArgumentParser(prog=f"sitrep {name}")
    if name == "check":
        parser.add_argument("files", nargs="*", type=Path)
        return check(parser.parse_args(argv).files or [default_log()])
    if name == "diff":
        parser.add_argument("file", type=Path, help="a log file kept in git")
        parser.add_argument("revisions", nargs="*", metavar="REV", help="REV [REV2]: the file at REV against REV2 (default: HEAD against the file now)")
        parser.add_argument("--format", choices=CHANGE_FORMATS, default="text")
        parser.add_argument("--exit-code", action="store_true", help="exit with 1 if anything changed, 0 if not (as git diff --exit-code)")
        args = parser.parse_args(argv)
        return history_diff(args.file, args.revisions, args.format, args.exit_code)
    parser.add_argument("files", nargs="*", type=Path, help="log files or folders of them, as the dashboard takes")
    parser.add_argument("--where", default="", metavar="QUERY", help="only the events QUERY matches (docs/query.md)")
    if name == "stats":
        parser.add_argument("--by", action="append", default=[], metavar="DIM", help="one dimension's rows; twice: a pivot of the two")
        parser.add_argument("--format", choices=TABLE_FORMATS, default="text", help="with --by: text, json, csv or md")
        parser.add_argument("--all", action="store_true", help="every row of each dimension, not the top ten")
        args = parser.parse_args(argv)
        return stats(args.files or [default_log()], args.where, args.by, args.format, args.all)
    if name == "report":
        since = parser.add_mutually_exclusive_group()
        since.add_argument("--since", type=day, metavar="DATE", help="the first day of the period (default: a week before --until)")
        since.add_argument("--since-rev", metavar="REV", help="list the events added and changed since that commit; the period starts with the earliest of them")
        parser.add_argument("--until", type=day, metavar="DATE", help="the day after the period, as before: (default: the day after the last event)")
        parser.add_argument("--format", choices=("md", "html"), help="default: from the -o extension, else md")
        parser.add_argument("-o", "--output", type=Path, help="the file to write (replaced safely); default: standard output")
        args = parser.parse_args(argv)
        return report(args.files or [default_log()], args.where, args.since, args.until, args.since_rev, args.format, args.output)
    parser.add_argument("--format", choices=list(FORMATS), help="default: from the -o extension, else csv")
    parser.add_argument("-o", "--output", type=Path, help="the file to write (replaced safely); default: standard output")
    args = parser.parse_args(argv)
    return export(args.files or [default_log()], args.where, args.format, args.output)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    for stream in (sys.stdout, sys.stderr):  # an ASCII-only terminal gets `\u2014`, not a traceback
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if argv and argv[0] == "init":
        return init(argv[1:])
    if argv and argv[0] == "import":
        parser = argparse.ArgumentParser(prog="sitrep import", description="Convert an ACLED export (CSV) into a format-v1 log.")
        parser.add_argument("file", type=Path, help="the ACLED export (.csv)")
        parser.add_argument("-o", "--output", type=Path, help="the log to write; default: standard output")
        parser.add_argument("--force", action="store_true", help="replace OUTPUT if it exists")
        args = parser.parse_args(argv[1:])
        return import_acled(args.file, args.output, args.force)
    if argv and argv[0] in ("check", "stats", "export", "diff", "report"):
        try:
            status = command(argv[0], argv[1:])
            sys.stdout.flush()
            return status
        except BrokenPipeError:  # the reader stopped early (`| head`): not an error, and no traceback at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
    parser = argparse.ArgumentParser(
        prog="sitrep",
        description="Dashboard for a YAML log of attacks and the strikes that answer them.",
        epilog="Also: `sitrep init [FILE]` writes a commented starter log; `sitrep check [FILE...]` reports problems like a compiler; `sitrep stats [FILE] [--where QUERY]` "
        "[--by DIM [--by DIM2]] [--format text|json|csv|md] prints the tallies, or one dimension, or a pivot; `sitrep export [FILE] [--where QUERY] [--format csv|json|md|geojson] [-o PATH]` writes the events; "
        "`sitrep import FILE.csv [-o OUT.yaml] [--force]` converts an ACLED export into a log; "
        "`sitrep diff FILE [REV [REV2]] [--exit-code]` lists the events added, removed and changed in git; `sitrep report FILE [--since DATE | --since-rev REV] [--until DATE] [--where QUERY] [--format md|html] [-o PATH]` writes the situation report.",
    )
    parser.add_argument("files", nargs="*", type=Path, help="log files (YAML, or ACLED exports as .csv, read-only) or folders of them (default: ./events.yaml, else the bundled log)")
    parser.add_argument("--since-rev", metavar="REV", help="mark the events added (+) and changed (~) since that git revision of the file")
    args = parser.parse_args(argv)
    return dashboard(args.files or [default_log()], args.since_rev)


if __name__ == "__main__":
    sys.exit(main())
