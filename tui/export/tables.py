"""Rows of plain values (`sitrep stats --by`) written as JSON, CSV or a Markdown table."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Sequence

TABLE_FORMATS = ("text", "json", "csv", "md")


def table(rows: Sequence[dict[str, Any]], format: str, meta: dict[str, Any] | None = None) -> str:
    """`json`: an object whose "rows" is the list of rows (with `meta`'s keys beside it); `csv` and `md`: a header
    of the first row's keys, then a line per row."""
    if format == "json":
        return json.dumps({**(meta or {}), "rows": list(rows)}, ensure_ascii=False, indent=1)
    keys = list(rows[0]) if rows else ["group", "count"]
    if format == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=keys, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue().rstrip("\n")
    if format == "md":
        def cell(value: Any) -> str:
            return str(value).replace("|", "\\|").replace("\n", " ")

        lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
        lines += ["| " + " | ".join(cell(row[key]) for key in keys) + " |" for row in rows]
        return "\n".join(lines)
    raise ValueError(f"unknown table format {format!r}")
