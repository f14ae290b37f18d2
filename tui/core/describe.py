"""Events as short plain-text phrases, shared by the CLI and the dashboard."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from typing import Sequence

from .model import Casualties, Event, Figure, Problem


def day_phrase(date: dt.date, month_only: bool, first_day: dt.date | None) -> str:
    """`day 98`: counted from the log's first dated day whatever a filter shows; `day unknown` for an event known
    only by its month (an ACLED month-precision date), whose day number would be a guess, or negative."""
    if month_only or first_day is None:
        return "day unknown"
    return f"day {(date - first_day).days + 1}"


def figure_text(figure: Figure | None) -> str:
    if figure is None:
        return "?"
    low, high = figure
    return str(low) if low == high else f"{low}–{high}"


def casualty_text(casualties: Casualties) -> str:
    """`k2 i3–5`, or '' when both figures are unknown: nothing is shown as zero that was not reported."""
    parts = []
    if casualties.killed is not None:
        parts.append("k" + figure_text(casualties.killed))
    if casualties.injured is not None:
        parts.append("i" + figure_text(casualties.injured))
    return " ".join(parts)


def place_text(event: Event) -> str:
    if not event.location:
        return ""
    return event.location.name or event.location.admin1 or event.location.country or ""


def who_text(event: Event) -> str:
    return f"{event.actor} → {event.target}" if event.target else event.actor


def one_line(event: Event) -> str:
    """`2024-01-20 missile attack: IRI → Ain al-Asad Air Base · Al Anbar`, for link lists: the place tells apart
    the strikes of one day on two countries."""
    place, who = place_text(event), who_text(event)
    return f"{event.date_text} {event.type}: {who}" + (f" · {place}" if place and place not in who else "")


def distinct_lines(events: Sequence[Event]) -> list[str]:
    """one_line of each event, with the id added to those that would still read the same."""
    lines = [one_line(event) for event in events]
    seen = Counter(lines)
    return [f"{line} · {event.id}" if seen[line] > 1 else line for line, event in zip(lines, events)]


def plain_value(value: object, limit: int = 400) -> str:
    """A value of a key the format does not know, bounded so a huge or cyclic value cannot flood the screen."""
    out: list[str] = []
    size = 0

    def walk(item: object, depth: int) -> None:
        nonlocal size
        if size > limit:
            return
        if depth > 8:
            out.append("…")
        elif isinstance(item, dict):
            out.append("{")
            for index, (key, sub) in enumerate(item.items()):
                out.append(("" if index == 0 else ", ") + f"{key}: ")
                walk(sub, depth + 1)
            out.append("}")
        elif isinstance(item, list):
            out.append("[")
            for index, sub in enumerate(item):
                out.append("" if index == 0 else ", ")
                walk(sub, depth + 1)
            out.append("]")
        else:
            out.append(str(item))
        size += len(out[-1])

    walk(value, 0)
    text = "".join(out)
    return text if len(text) <= limit else text[:limit] + "…"


CONTROL = {code: "\ufffd" for code in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if chr(code) not in "\n\t"}
CONTROL[ord("\t")] = " "
CONTROL.update({code: "\ufffd" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})
"""Bidirectional overrides and isolates too: they would reorder the text around them on screen."""
INVISIBLE = {
    0x061C: "ARABIC LETTER MARK", 0x200B: "ZERO WIDTH SPACE", 0x200E: "LEFT-TO-RIGHT MARK",
    0x200F: "RIGHT-TO-LEFT MARK", 0x2060: "WORD JOINER", 0xFEFF: "ZERO WIDTH NO-BREAK SPACE",
}
"""Characters that take no room on screen: a value holding one would look like one without (two tally groups that
read alike), so they are shown as U+FFFD too, and `check` warns of them. ZWNJ and ZWJ are left alone: Persian,
Arabic and Indic names need them."""
CONTROL.update({code: "\ufffd" for code in INVISIBLE})


def printable(text: str) -> str:
    """Text from a log with terminal control characters (ESC, BEL, C1 codes) made visible and inert."""
    return text.translate(CONTROL)


WEB = ("http://", "https://")


def web_address(url: str | None) -> str | None:
    """The URL when it is a web address, the only kind a link opens or a report links to (`javascript:`, `file:` stay
    text)."""
    if url and url.strip().lower().startswith(WEB):
        return url.strip()
    return None


def counted(number: int, noun: str) -> str:
    """`1 error`, `2 errors`, `0 errors`."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def severity_counts(problems: Sequence[Problem]) -> str:
    """`2 errors, 1 warning`, and the info notes when there are any: what `check` and the problems list say."""
    errors = sum(problem.severity == "error" for problem in problems)
    infos = sum(problem.severity == "info" for problem in problems)
    said = f"{counted(errors, 'error')}, {counted(len(problems) - errors - infos, 'warning')}"
    return f"{said}, {infos} info" if infos else said


def fit_chips(chips: Sequence[str], room: int, hint: str) -> tuple[list[str], str]:
    """The chips that fit in `room` cells (each followed by a space), and what follows them: `+N more` for those
    left out, else the hint if it fits. A first chip too long for the line is cut with …."""
    shown: list[str] = []
    used = 0
    for index, chip in enumerate(chips):
        left = len(chips) - index - 1
        more = f"+{left} more" if left else ""
        if used + len(chip) + 1 + len(more) <= room:
            shown.append(chip)
            used += len(chip) + 1
            continue
        if not shown and room - len(more) - 2 >= 5:
            shown.append(chip[: room - len(more) - 2] + "…")
        rest = len(chips) - len(shown)
        return shown, f"+{rest} more" if rest else ""
    return shown, hint if used + len(hint) <= room else ""


def distinct_labels(labels: list[str], width: int) -> list[str]:
    """Labels cut to `width` with an ellipsis; two labels that would look alike keep their ends instead."""
    cut = [label if len(label) <= width else label[: width - 1] + "…" for label in labels]
    seen: dict[str, int] = {}
    for label in cut:
        seen[label] = seen.get(label, 0) + 1
    head = max(1, (width - 1) // 2)
    return [
        label[:head] + "…" + label[len(label) - (width - 1 - head):] if short != label and seen[short] > 1 else short
        for label, short in zip(labels, cut)
    ]
