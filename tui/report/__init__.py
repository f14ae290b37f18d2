"""The situation report (`sitrep report`) and the changes between two versions of a log (`sitrep diff`), as text,
JSON, Markdown and HTML: computed from ask/, written out here, read by people who do not run sitrep."""

from __future__ import annotations

from .brief import Brief, Period, build, first_changed_day
from .changes_out import CHANGE_FORMATS, changes_text
from .html import brief_html
from .markdown import brief_markdown

REPORT_FORMATS = {"md": brief_markdown, "html": brief_html}

__all__ = ["Brief", "CHANGE_FORMATS", "Period", "REPORT_FORMATS", "brief_html", "brief_markdown", "build", "changes_text", "first_changed_day", "report_format_for"]


def report_format_for(name: str) -> str | None:
    """The format a file name's extension asks for (`.md`, `.markdown`, `.html`, `.htm`), or None."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return {"md": "md", "markdown": "md", "html": "html", "htm": "html"}.get(suffix)
