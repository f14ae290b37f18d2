"""The `sitrep` command: the dashboard by default; `check`, `stats` and `export` for scripts and CI; `import` for ACLED exports."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Sequence, TextIO

from .core.describe import counted, printable, severity_counts
from .core.safe_write import safe_write
from .export.tables import TABLE_FORMATS
from .export.writers import FORMATS, format_for, write
from .report.changes_out import CHANGE_FORMATS
from .reading.text import UnreadableFile
from .reading import load, vocabulary_findings
from .core.model import Event, EventLog
from .ask.query import Query, QueryError, parse_query
from .session.bundled import BUNDLED_LOG, write_starter

if TYPE_CHECKING:
    from .history import Revision


def default_log() -> Path:
    local = Path("events.yaml")
    return local if local.exists() else BUNDLED_LOG


def check(arguments: list[Path]) -> int:
    """Each file's problems; several files are also checked as the one log the dashboard reads (ids across files)."""
    from .reading import log_files

    paths = log_files(arguments)
    if not paths:
        print(f"sitrep: cannot read {printable(str(arguments[0]))}: no .yaml or .csv files in it", file=sys.stderr)
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
        from .reading import merge

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


def read_logs(arguments: list[Path]) -> tuple[list[Path], EventLog] | None:
    """The files and the one log the dashboard reads from the same arguments: files, or folders of them."""
    from .reading import load_all, log_files

    files = log_files(arguments)
    if not files:
        print(f"sitrep: cannot read {printable(str(arguments[0]))}: no .yaml or .csv files in it", file=sys.stderr)
        return None
    if len(files) > 1:
        return files, load_all(files)
    try:
        return files, load(files[0])
    except UnreadableFile as error:
        print(f"sitrep: cannot read {printable(str(error))}", file=sys.stderr)
        return None


def columns(text: str) -> int:
    """Terminal cells taken by text: wide (CJK) characters take two, so the caret lands under its mark."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def select(log: EventLog, where: str, marks: dict[str, str] | None = None) -> tuple[Query, tuple[Event, ...]] | None:
    """The query and the events it matches; None, after showing where the query is wrong, when it cannot be read.
    `marks`: what `is:new` and `is:changed` select (with no revision compared, nothing)."""
    try:
        query = parse_query(where)
    except QueryError as error:
        shown = "".join(" " if char.isspace() else char for char in where)
        caret = " " * columns(shown[: error.start]) + "^" * max(1, columns(shown[error.start : error.end]))
        print(f"sitrep: bad query: {error.message}\n  {shown}\n  {caret}", file=sys.stderr)
        return None
    return query, query.filter(log.events, log.vocabulary, marks)


def stats(paths: list[Path], where: str, by: list[str], format: str, every: bool) -> int:
    from .ask.stats import rows_by, stats_text, table_text
    from .ask.tally import dimensions_for
    from .export.tables import table

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


class Visible:
    """A text stream that makes control characters visible, for data written to a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(printable(text))

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


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
    if output.exists() and any(path.exists() and os.path.samefile(output, path) for path in files):
        print(f"sitrep: will not write the export over the log it reads: {output}", file=sys.stderr)
        return 2
    try:
        write(events, output, format or format_for(output))
    except OSError as error:
        print(f"sitrep: cannot write {output}: {error.strerror or error}", file=sys.stderr)
        return 2
    print(f"{output}: {len(events)} of {len(log.events)} events written", file=sys.stderr)
    return 0


def history_diff(path: Path, revisions: list[str], format: str) -> int:
    """The events added, removed and changed between two versions of one log file (default: HEAD and the file now)."""
    from .ask.changes import diff_logs
    from .history import GitError, log_at, resolve
    from .report import changes_text

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
    text = changes_text(diff_logs(old, new), before.label(), after_label, format)
    print(printable(text) if format == "text" or sys.stdout.isatty() else text)
    return 0


def revision_of(files: list[Path], since_rev: str) -> Revision | None:
    """The commit `--since-rev` names in the history of the one file given; None after saying why there is none."""
    from .history import GitError, resolve

    if len(files) > 1:
        print("sitrep: --since-rev compares one file with its history; give one file", file=sys.stderr)
        return None
    try:
        return resolve(files[0], since_rev)
    except GitError as error:
        print(f"sitrep: {error}", file=sys.stderr)
        return None


def day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day: write YYYY-MM-DD") from None


def report(paths: list[Path], where: str, since: dt.date | None, until: dt.date | None, since_rev: str | None, format: str | None, output: Path | None) -> int:
    from .history import GitError, changes_since
    from .report import REPORT_FORMATS, build, first_changed_day, report_format_for

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
    if output.exists() and any(path.exists() and os.path.samefile(output, path) for path in files):
        print(f"sitrep: will not write the report over the log it reads: {output}", file=sys.stderr)
        return 2
    try:
        safe_write(output.expanduser(), text.encode("utf-8"))
    except OSError as error:
        print(f"sitrep: cannot write {output}: {error.strerror or error}", file=sys.stderr)
        return 2
    print(f"{output}: the {format} report of {brief.period.label()}, {counted(len(brief.events), 'event')}", file=sys.stderr)
    return 0


def why_missing(path: Path) -> str:
    """`no such file`, or the real reason a path that looks absent cannot be read (a symlink loop...)."""
    try:
        path.stat()
    except FileNotFoundError:
        return "no such file"
    except OSError as error:
        return error.strerror or str(error)
    return "no such file"


def dashboard(paths: list[Path], since_rev: str | None = None) -> int:
    from .reading import log_files

    files = log_files(paths)
    missing = [path for path in files if not path.exists()]
    if missing or not files:
        print(f"sitrep: cannot read {missing[0] if missing else paths[0]}: {why_missing(missing[0]) if missing else 'no .yaml or .csv files in it'}", file=sys.stderr)
        return 2
    since = revision_of(files, since_rev) if since_rev is not None else None
    if since_rev is not None and since is None:
        return 2
    from .session.opening import open_early

    open_early(files)  # as the app does, which would start it only once Textual is imported (0.2 s on)
    from .ui.app import SitrepApp

    SitrepApp(files, since).run()
    return 0


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
        args = parser.parse_args(argv)
        return history_diff(args.file, args.revisions, args.format)
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


def import_acled(path: Path, output: Path | None, force: bool) -> int:
    """An ACLED export written as a format-v1 log: its problems on stderr, the log to `output` or stdout."""
    from .export.writers import write_text
    from .export.yaml_log import write_log
    from .reading import is_csv

    if not is_csv(path):
        print(f"sitrep: import reads an ACLED export, a .csv file: {printable(str(path))}", file=sys.stderr)
        return 2
    if output is not None and output.exists():
        if path.exists() and os.path.samefile(output, path):
            print(f"sitrep: will not write the log over the export it reads: {printable(str(output))}", file=sys.stderr)
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


def init(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="sitrep init", description="Write a commented starter log to begin your own.")
    parser.add_argument("file", nargs="?", type=Path, default=Path("events.yaml"))
    path = parser.parse_args(argv).file
    try:
        write_starter(path)
    except FileExistsError:
        print(f"sitrep: {path} already exists; nothing was written", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"sitrep: cannot write {path}: {error.strerror or error}", file=sys.stderr)
        return 2
    print(f"Wrote {path}: open it with `sitrep {path}` and press a to add an event", file=sys.stderr)
    return 0


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
        "`sitrep diff FILE [REV [REV2]]` lists the events added, removed and changed in git; `sitrep report FILE [--since DATE | --since-rev REV] [--until DATE] [--where QUERY] [--format md|html] [-o PATH]` writes the situation report.",
    )
    parser.add_argument("files", nargs="*", type=Path, help="log files (YAML, or ACLED exports as .csv, read-only) or folders of them (default: ./events.yaml, else the bundled log)")
    parser.add_argument("--since-rev", metavar="REV", help="mark the events added (+) and changed (~) since that git revision of the file")
    args = parser.parse_args(argv)
    return dashboard(args.files or [default_log()], args.since_rev)


if __name__ == "__main__":
    sys.exit(main())
