"""The reference reader: PyYAML composes the document, the validator reads its nodes. Every faster route agrees with it."""

from __future__ import annotations

from pathlib import Path

from ...core.model import EventLog
from ..text import read_text, yaml_text
from .compose import compose_document
from .validate import build_log


def reference_load(path: str | Path) -> EventLog:
    """The loader every faster route must agree with."""
    path = Path(path)
    text, problems = read_text(path)
    return build_log(compose_document(text, str(path)), str(path), problems)


def load_text(text: str, file: str = "<text>") -> EventLog:
    """A log from text rather than a file, read the reference way."""
    text, problems = yaml_text(text, file, [])
    return build_log(compose_document(text, file), file, problems)
