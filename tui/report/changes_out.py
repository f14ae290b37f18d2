"""`sitrep diff`: the changes between two versions of a log as text, JSON or Markdown."""

from __future__ import annotations

import json
from typing import Any

from ..ask.changes import FieldChange, LogChanges
from ..core.describe import printable
from ..core.model import Event, ReportedCount
from .markdown import md
from .words import change_summary, counts_line, event_line

CHANGE_FORMATS = ("text", "json", "md")


def changes_text(changes: LogChanges, before: str, after: str, format: str = "text") -> str:
    """`before` and `after` name the two versions (`abc1234 2024-02-01 Name: subject`, `the working file`)."""
    if format == "json":
        return json.dumps(changes_json(changes, before, after), ensure_ascii=False, indent=1)
    if format == "md":
        return changes_md(changes, before, after)
    lines = [f"{printable(before)} → {printable(after)}", counts_line(changes)]
    lines += [f"+ {event_line(event)}" for event in changes.added]
    lines += [f"- {event_line(event)}" for event in changes.removed]
    for change in changes.changed:
        lines.append(f"~ {event_line(change.after)}")
        lines += [f"    {' '.join(printable(field.text()).split())}" for field in change.fields]
    if changes.counts:
        lines += ["reported counts:", *(f"  {printable(count.text())}" for count in changes.counts)]
    if changes.vocabulary:
        lines += ["vocabulary:", *(f"  {printable(line)}" for line in changes.vocabulary)]
    return "\n".join(lines)


def changes_md(changes: LogChanges, before: str, after: str) -> str:
    lines = [f"## Changes: {md(before)} → {md(after)}", "", md(counts_line(changes)), ""]
    lines += [f"- **added** {md(event_line(event))}" for event in changes.added]
    lines += [f"- **removed** {md(event_line(event))}" for event in changes.removed]
    lines += [f"- **changed** {md(event_line(change.after))}: {md(change_summary(change))}" for change in changes.changed]
    if changes.counts:
        lines += ["", "### Reported counts", "", *(f"- {md(count.text())}" for count in changes.counts)]
    if changes.vocabulary:
        lines += ["", "### Vocabulary", "", *(f"- {md(line)}" for line in changes.vocabulary)]
    return "\n".join(lines)


def plain(value: Any) -> Any:
    """A field's value as JSON: figures as the log writes them (3 or [3, 5]), lists as lists, sources as objects."""
    if isinstance(value, tuple):
        if len(value) == 2 and all(isinstance(part, int) for part in value):
            return value[0] if value[0] == value[1] else list(value)
        return [plain(item) for item in value]
    if hasattr(value, "title") and hasattr(value, "url"):
        return {"title": value.title, "url": value.url, "published": value.published}
    return value


def field_json(field: FieldChange) -> dict[str, Any]:
    out = {"field": field.name, "before": plain(field.before), "after": plain(field.after), "text": field.text()}
    if field.is_list:
        out.update(added=plain(field.added), removed=plain(field.removed))
    return out


def event_json(event: Event) -> dict[str, Any]:
    return {"id": event.id, "date": event.date_text, "line": event.line, "text": event_line(event)}


def count_json(count: ReportedCount | None) -> dict[str, Any] | None:
    return None if count is None else {"as_of": count.as_of.isoformat(), "count": count.count, "qualifier": count.qualifier}


def changes_json(changes: LogChanges, before: str, after: str) -> dict[str, Any]:
    return {
        "before": before,
        "after": after,
        "added": [event_json(event) for event in changes.added],
        "removed": [event_json(event) for event in changes.removed],
        "changed": [{**event_json(change.after), "fields": [field_json(field) for field in change.fields]} for change in changes.changed],
        "reported_counts": [{"as_of": c.as_of, "before": count_json(c.before), "after": count_json(c.after)} for c in changes.counts],
        "vocabulary": list(changes.vocabulary),
    }
