"""Where the tests' inputs live: one name for each fixture folder under tests/data/, named for what it feeds."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
LOAD = DATA / "load"  # one problem kind per file, for the readers and `sitrep check`
QUERY = DATA / "query"  # the query language's log
HOSTILE = DATA / "hostile"  # inputs built to break a reader
UI = DATA / "ui"  # small logs the dashboard opens
HISTORY = DATA / "history"  # versions of one log, committed one by one into a repository a test makes
REPORT = DATA / "report"  # logs the situation report is written from
SEARCH = DATA / "search"  # a log whose texts test free text's edges: texts' ends, two fields, case
ACLED = DATA / "acled"  # ACLED exports, one per layout and variant, for the ACLED reader and `sitrep import`
