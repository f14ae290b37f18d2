"""An ACLED export read as a log: its bytes decoded, its header found, each row an event or a problem at its line."""

from __future__ import annotations

import codecs
import csv
import io

from ...core.model import Event, EventLog, Problem
from ...core.vocabulary import EMPTY, Term, Vocabulary
from ..reference.validate import finish
from .layout import find_layout
from .rows import Rows


def decode(data: bytes, file: str) -> tuple[str, list[Problem]]:
    """UTF-8 (a byte-order mark dropped); else Windows-1252, as Excel saves a CSV, with a warning at the first byte
    that is not UTF-8. NUL bytes, which the csv module refuses, are shown as U+FFFD."""
    problems: list[Problem] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8):]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            problems.append(Problem(
                file, line, 1, "warning",
                "not UTF-8 (the first such byte is on this line): the file is read as Windows-1252, as Excel saves a CSV; check its accented names",
            ))
            text = data.decode("cp1252", errors="replace")
    if "\0" in text:
        problems.append(Problem(file, text.count("\n", 0, text.index("\0")) + 1, 1, "warning", "NUL bytes are shown as \ufffd"))
        text = text.replace("\0", "\ufffd")
    return text, problems


def lines(text: str) -> list[str] | io.StringIO:
    """The text cut into lines as the csv module reads them: by str.splitlines, twice as fast as a StringIO, unless
    the text has a line end other than LF and CRLF (a lone CR, or one of the separators splitlines also cuts at)."""
    cut = text.splitlines(True)
    if len(cut) == text.count("\n") + (not text.endswith("\n")):
        return cut
    return io.StringIO(text, newline="")


def read_acled(data: bytes, file: str) -> EventLog:
    """The log an ACLED export reads as; a file that is not one is a log with one error saying what was expected."""
    text, problems = decode(data, file)
    layout = find_layout(text)
    if isinstance(layout, str):
        return EventLog(file, problems=(Problem(file, 1, 1, "error", layout), *problems))
    rows = Rows(layout, file)
    events: list[Event] = []
    append = events.append
    event_of = rows.event
    reader = csv.reader(lines(text[layout.start :]), delimiter=layout.delimiter)
    before = layout.line - 1
    try:
        next(reader)
        last = reader.line_num
        for row in reader:
            line = before + last + 1
            last = reader.line_num
            if any(row):  # a blank line, or one of empty cells only, holds nothing to account for
                found = event_of(row, line, problems)
                if found is not None:
                    append(found)
    except csv.Error as error:
        problems.append(Problem(file, before + reader.line_num, 1, "error", f"the CSV cannot be read past this line ({error}): the rows after it are not read"))
    terms = tuple(Term(value, group, (), line, file) for value, (group, line) in rows.types.items())
    vocabulary = Vocabulary({"type": terms}) if any(term.group for term in terms) else EMPTY
    response_actors = frozenset(rows.responses) if rows.by_actor else frozenset()
    return finish(file, problems, None, events, [], response_actors, vocabulary)
