"""An event's sources kept as one string (model.cite): the same Source objects back, the same equality, and Source
objects kept as they are where a value would not survive the packing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys

import pytest

from paths import ROOT

from sitrep.core.model import Event, Source, cite, cite_sources, cited_rows, cited_sources
from sitrep.reading.fast.records import materialize, record_of
from sitrep.reading.reference import reference_load

ROWS = [
    (),
    (("CENTCOM", "https://example.org/a", "2024-01-28"),),
    (("CENTCOM", None, None), ("Reuters", "https://example.org/b", None), ("", "", "")),
    (("Статья о ракетах", "https://example.org/ü", "2024-02"),),
]


@pytest.mark.parametrize("rows", ROWS)
def test_what_is_cited_gives_back_its_sources(rows: tuple) -> None:
    cited = cite(rows)
    assert cited == () if not rows else isinstance(cited, str)
    assert cited_sources(cited) == tuple(Source(*row) for row in rows)
    assert cited_rows(cited) == [tuple(row) for row in rows]
    assert cite_sources(cited_sources(cited)) == cited


@pytest.mark.parametrize("rows", [
    (("a\x1fb", None, None),),  # a separator inside a title
    (("a", "u\x1e", None),),
    (("\x1d", None, None),),  # a title that is the None mark
    (("a", None, None), ("b", None, "\x1d")),
])
def test_values_holding_a_separator_are_kept_as_source_objects(rows: tuple) -> None:
    cited = cite(rows)
    assert cited == tuple(Source(*row) for row in rows)
    assert cited_sources(cited) == cited and cited_rows(cited) == [tuple(row) for row in rows]


def test_events_with_the_same_sources_are_equal_and_hash_alike() -> None:
    day = dt.date(2024, 1, 28)
    rows = (("CENTCOM", "https://example.org/a", None),)
    first = Event("e1", day, "drone attack", "IRI", 3, cited=cite(rows))
    second = Event("e1", day, "drone attack", "IRI", 3, cited=cite_sources([Source("CENTCOM", "https://example.org/a")]))
    assert first == second and hash(first) == hash(second)
    assert first.sources == (Source("CENTCOM", "https://example.org/a"),)
    assert dataclasses.replace(first, cited=cite([("Reuters", None, None)])).sources == (Source("Reuters"),)
    assert first != dataclasses.replace(first, cited=())


def test_records_carry_the_sources_as_cited() -> None:
    log = reference_load(ROOT / "events.yaml")
    cited = [event for event in log.events if event.sources]
    assert cited and all(isinstance(event.cited, str) for event in cited)
    assert materialize([record_of(event) for event in log.events], log.path) == list(log.events)
    assert sys.getsizeof(cited[0].cited) < sum(sys.getsizeof(value) for source in cited[0].sources for value in (source.title, source.url) if value)
