"""Two versions of a log compared by id, field by field; `is:new` and `is:changed` on the event filter and on the
index alike."""

from __future__ import annotations

import pytest

from paths import HISTORY, ROOT
from sitrep.ask.changes import diff_logs
from sitrep.ask.index import LogIndex
from sitrep.ask.query import parse_query
from sitrep.ask.view import View
from sitrep.reading import load, load_bytes, reference_load

V1, WORK = load(HISTORY / "v1.yaml"), load(HISTORY / "work.yaml")


def test_field_by_field() -> None:
    changes = diff_logs(V1, WORK)
    assert [event.id for event in changes.added] == ["d-strike", "e-shaddadi"]
    assert [event.id for event in changes.removed] == ["a-erbil"]
    assert {change.id: [field.text() for field in change.fields] for change in changes.changed} == {
        "b-asad": ["casualties.injured: 3 → [3, 5]", "sources: +1"],
        "c-tanf": ["status: (none) → claimed", "tags: +tanf"],
    }
    assert changes.marks() == {"d-strike": "new", "e-shaddadi": "new", "b-asad": "changed", "c-tanf": "changed"}


def test_moving_in_the_file_is_no_change() -> None:
    assert not diff_logs(WORK, load(HISTORY / "work.yaml")).changed
    moved = diff_logs(load(HISTORY / "v3.yaml"), WORK)
    assert ([event.id for event in moved.added], moved.changed, moved.removed) == (["e-shaddadi"], (), ())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("is:new", ["d-strike", "e-shaddadi"]),
        ("is:changed", ["b-asad", "c-tanf"]),
        ("-is:new", ["b-asad", "c-tanf"]),
        ("is:new kind:attack", ["e-shaddadi"]),
        ("is:new OR is:changed", ["b-asad", "c-tanf", "d-strike", "e-shaddadi"]),
    ],
)
def test_is_terms_on_both_paths(query: str, expected: list[str]) -> None:
    marks = diff_logs(V1, WORK).marks()
    view = View(parse_query(query))
    index = LogIndex(WORK.events, vocabulary=WORK.vocabulary)
    index.mark(marks)
    filtered = [event.id for event in view.apply(WORK.events, WORK.vocabulary, marks)]
    indexed = [event.id for event in index.events(index.mask(view))]
    assert filtered == indexed == expected


def test_without_a_comparison_no_event_is_new() -> None:
    index = LogIndex(WORK.events)
    view = View(parse_query("is:new"))
    assert view.apply(WORK.events) == () and index.mask(view) == 0
    index.mark({"e-shaddadi": "new"})
    assert [event.id for event in index.events(index.mask(view))] == ["e-shaddadi"]
    index.mark({})
    assert index.mask(view) == 0


@pytest.mark.parametrize("name", ["events.yaml", "tests/data/history/work.yaml", "tests/data/report/hostile.yaml", "tests/data/load/tally.yaml"])
def test_a_revisions_bytes_read_as_the_file(name: str) -> None:
    """reading.load_bytes (a revision from git) gives the reference reader's log of the same bytes as a file."""
    path = ROOT / name
    assert load_bytes(path.read_bytes(), str(path)) == reference_load(path)
