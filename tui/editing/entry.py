"""Editing the log by hand: which editor to run, what a new entry looks like, and writes that never half-happen."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
import os
import re
import shlex
import shutil
from pathlib import Path
from typing import Callable, Iterable, Mapping

import yaml

from ..core.model import EventLog, Problem
from .append import joined

LINE_AS_FILE_SUFFIX = {"code", "code-insiders", "codium", "subl", "zed"}
"""Editors that take FILE:LINE (with -g for the VS Code family) instead of the classic +LINE."""


class EditorProblem(Exception):
    """The editor cannot be started; the message says which variable names it and what is wrong."""


def editor_command(path: Path, line: int, env: Mapping[str, str] = os.environ) -> list[str]:
    """The command that opens `path` at `line` in the user's editor ($VISUAL, else $EDITOR, else vi).

    Raises EditorProblem, before anything is run, when that command cannot be: the dashboard must never hand
    the terminal to a program that does not start."""
    variable = "VISUAL" if env.get("VISUAL") else "EDITOR" if env.get("EDITOR") else None
    setting = env[variable] if variable else "vi"
    named = f"${variable} ({setting!r})" if variable else "vi (the default, as $VISUAL and $EDITOR are unset)"
    try:
        words = shlex.split(setting)
    except ValueError as error:
        raise EditorProblem(f"{named} is not a command: {error}") from None
    if not words:
        raise EditorProblem(f"{named} names no command")
    program = shutil.which(words[0], path=env.get("PATH", os.defpath))
    if program is None:
        missing = "is not a program" if os.sep in words[0] else "is not on PATH"
        raise EditorProblem(f"{named}: {words[0]!r} {missing}; set $VISUAL or $EDITOR to your editor")
    name = Path(words[0]).name
    if name in LINE_AS_FILE_SUFFIX:
        wait = ["--wait"] if name != "subl" and "--wait" not in words and "-w" not in words else []
        goto = ["-g"] if name.startswith("cod") else []
        return [*words, *wait, *goto, f"{path}:{line}"]
    return [*words, f"+{line}", str(path)]


def item_indent(text: str) -> str:
    """The indentation of the items of `events:` in this file, so an appended entry matches its neighbours."""
    match = re.search(r"^events\s*:.*\n(?:[ \t]*(?:#.*)?\n)*( *)- ", text, re.MULTILINE)
    return match.group(1) if match else "  "


def fresh_id(today: dt.date, existing: Iterable[str]) -> str:
    taken = set(existing)
    base = f"{today.isoformat()}-new-event"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


TEMPLATE_HINTS = (
    "# target: ",
    "# location: {name: , country: , lat: , lon: }",
    "# casualties: {killed: , injured: }",
    "# summary: ",
    '# sources: [{title: "", url: ""}]',
)
"""The optional fields the template offers as comments; those left as they were are not appended."""


def new_entry(text: str, today: dt.date, existing_ids: Iterable[str]) -> str:
    """A template entry to append: the required fields filled where they can be, the rest to fill in."""
    pad = item_indent(text)
    inner = pad + "  "
    fields = [f"id: {fresh_id(today, existing_ids)}", f"date: {today.isoformat()}", "type: ", "actor: ", *TEMPLATE_HINTS]
    return f"{pad}- " + f"\n{inner}".join(fields) + "\n"


def entry_bytes(text: str) -> bytes:
    """A draft's text as it is appended: the template's untouched hints dropped (the user's own comments kept),
    ending with a newline, so the next entry starts on a line of its own."""
    hints = {hint.strip() for hint in TEMPLATE_HINTS}
    kept = "".join(line for line in text.splitlines(keepends=True) if line.strip() not in hints)
    return (kept if kept.endswith("\n") else kept + "\n").encode("utf-8")


def with_entry(original: bytes, entry: str) -> tuple[bytes, int]:
    """The file's bytes with the entry appended, and the 1-based line where the entry starts.

    The original bytes are kept as they are; only a missing final newline is added.
    """
    added = joined(original, entry.encode("utf-8"))
    return original + added, (original + added[: len(added) - len(entry.encode("utf-8"))]).count(b"\n") + 1


def draft_problems(log: EventLog, entry_line: int, draft: str) -> list[Problem]:
    """What stands in the way of adding a new entry, in the draft's own lines: errors from the entry's first line
    on in the log as it would be (`log`), or no event there at all."""
    problems = [
        replace(problem, file=draft, line=problem.line - entry_line + 1)
        for problem in log.problems
        if problem.severity == "error" and problem.line >= entry_line
    ]
    if not problems and not any(event.line >= entry_line for event in log.events):
        problems.append(Problem(draft, 1, 1, "error", "no event found in the new entry"))
    return problems


KEY_LINE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*)(\s*:\s*)(\S.*?)\s*$")


def unreadable_lines(entry: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The entry with the value of each line YAML cannot read alone (an unclosed quote, a bracket left open)
    replaced by a stand-in, and (line, column, message) for each of them.

    YAML stops at its first syntax error and often reports it lines later; reading the values one by one
    finds the line the user has to fix, and lets the rest of the entry be checked."""
    lines = entry.splitlines(keepends=True)
    found: list[tuple[int, int, str]] = []
    for number, line in enumerate(lines, 1):
        match = KEY_LINE.match(line.rstrip("\n"))
        if not match or match.group(4)[0] not in "'\"[{":
            continue
        try:
            yaml.safe_load(match.group(4))
        except yaml.YAMLError as error:
            reason = getattr(error, "problem", None) or "not valid YAML"
            found.append((number, match.end(3) + 1, f"{match.group(2)}: the value cannot be read ({reason})"))
            lines[number - 1] = match.group(1) + match.group(2) + match.group(3) + '"?"\n'
    return "".join(lines), found


def entry_problems(check: Callable[[bytes], EventLog], entry_line: int, entry: bytes, draft: str) -> list[Problem]:
    """Every problem of a new entry, each at its line in the draft. `check(entry)` reads the log with `entry`
    appended. A syntax error hides what follows it, so the entry is checked again with stand-ins for the
    values YAML cannot read, and those lines reported in its place."""
    problems = draft_problems(check(entry), entry_line, draft)
    if not any(problem.message.startswith("YAML syntax") for problem in problems):
        return problems
    patched, unreadable = unreadable_lines(entry.decode("utf-8", errors="replace"))
    if not unreadable:
        return problems
    patched_at = {line for line, _, _ in unreadable}
    rest = [problem for problem in draft_problems(check(patched.encode("utf-8")), entry_line, draft) if problem.line not in patched_at]
    found = [Problem(draft, line, column, "error", message) for line, column, message in unreadable]
    return sorted(found + rest, key=lambda problem: (problem.line, problem.column))
