"""What the commands share: the logs they read (as the dashboard does), the query they select with, and the
checks before they write."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import unicodedata
from pathlib import Path
from typing import TextIO

from ..ask.query import Query, QueryError, parse_query
from ..core.describe import printable
from ..core.model import Event, EventLog
from ..reading import load, load_all, log_files
from ..reading.text import UnreadableFile
from ..session.bundled import BUNDLED_LOG


def default_log() -> Path:
    local = Path("events.yaml")
    return local if local.exists() else BUNDLED_LOG


NO_LOGS = "no .yaml or .csv files in it"


def log_files_or_say(arguments: list[Path]) -> list[Path]:
    """The log files the arguments name, a folder standing for the logs in it; none, after saying so on stderr."""
    files = log_files(arguments)
    if not files:
        print(f"sitrep: cannot read {printable(str(arguments[0]))}: {NO_LOGS}", file=sys.stderr)
    return files


def read_logs(arguments: list[Path]) -> tuple[list[Path], EventLog] | None:
    """The files and the one log the dashboard reads from the same arguments: files, or folders of them."""
    files = log_files_or_say(arguments)
    if not files:
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


class Visible:
    """A text stream that makes control characters visible, for data written to a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(printable(text))

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


def why_missing(path: Path) -> str:
    """`no such file`, or the real reason a path that looks absent cannot be read (a symlink loop...)."""
    try:
        path.stat()
    except FileNotFoundError:
        return "no such file"
    except OSError as error:
        return error.strerror or str(error)
    return "no such file"


def writes_over(output: Path, inputs: list[Path], what: str) -> bool:
    """Whether `output` is one of the files read, said on stderr: a command never writes over its own input."""
    if output.exists() and any(path.exists() and os.path.samefile(output, path) for path in inputs):
        print(f"sitrep: will not write the {what} over the file it reads: {printable(str(output))}", file=sys.stderr)
        return True
    return False


def day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day: write YYYY-MM-DD") from None
