"""Editing the log by hand: which editor to run, what a new entry looks like, and writes that never half-happen."""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
from pathlib import Path
from typing import Iterable, Mapping

from ..core.model import EventLog, Problem

LINE_AS_FILE_SUFFIX = {"code", "code-insiders", "codium", "subl", "zed"}
"""Editors that take FILE:LINE (with -g for the VS Code family) instead of the classic +LINE."""


def editor_command(path: Path, line: int, env: Mapping[str, str] = os.environ) -> list[str]:
    words = shlex.split(env.get("VISUAL") or env.get("EDITOR") or "vi")
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


def new_entry(text: str, today: dt.date, existing_ids: Iterable[str]) -> str:
    """A template entry to append: the required fields filled where they can be, the rest to fill in."""
    pad = item_indent(text)
    inner = pad + "  "
    fields = [
        f"id: {fresh_id(today, existing_ids)}",
        f"date: {today.isoformat()}",
        "type: ",
        "actor: ",
        "# target: ",
        "# location: {name: , country: , lat: , lon: }",
        "# casualties: {killed: , injured: }",
        "# summary: ",
        '# sources: [{title: "", url: ""}]',
    ]
    return f"{pad}- " + f"\n{inner}".join(fields) + "\n"


def with_entry(original: bytes, entry: str) -> tuple[bytes, int]:
    """The file's bytes with the entry appended, and the 1-based line where the entry starts.

    The original bytes are kept as they are; only a missing final newline is added.
    """
    prefix = original if original.endswith(b"\n") or not original else original + b"\n"
    return prefix + entry.encode("utf-8"), prefix.count(b"\n") + 1


def draft_problems(draft: EventLog, entry_line: int) -> list[Problem]:
    """What stands in the way of keeping a new entry: errors from its first line on, or no event there at all."""
    problems = [problem for problem in draft.problems if problem.severity == "error" and problem.line >= entry_line]
    if not problems and not any(event.line >= entry_line for event in draft.events):
        problems.append(Problem(draft.path, entry_line, 1, "error", "no event found where the new entry was"))
    return problems
