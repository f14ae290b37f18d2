"""ACLED exports (CSV) read as logs, read-only: the same events and problems a YAML log gives, at CSV line numbers.

layout.py finds the header and the columns, dates.py reads ACLED's dates, codebook.py holds its types and actor
classes, rows.py makes each row an event, reader.py puts them together. docs/acled.md has the mapping.
"""

from __future__ import annotations

from pathlib import Path

from .reader import read_acled

SUFFIX = ".csv"

__all__ = ["is_csv", "read_acled"]


def is_csv(path: str | Path) -> bool:
    """Whether a file is read as an ACLED export (by its name, as a YAML log is): never written by sitrep."""
    return Path(path).suffix.lower() == SUFFIX
