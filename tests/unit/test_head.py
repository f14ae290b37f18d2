"""The first screen of a big log that is not cached, from the head of the file: the reference log's first events exactly.

The size thresholds are lowered so that small generated logs stand for big ones.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest

from paths import ROOT

from sitrep.ask.tally import TallyRow, dimensions_for, per_day, tally, totals
from sitrep.core.model import Event
from sitrep.reading import head, load, prefetch, route
from sitrep.reading.cache import preview
from sitrep.reading.cache.memory import HEADS, PREFETCHED
from sitrep.reading.reference import reference_load

sys.path.insert(0, str(ROOT / "bench"))
from bench_acled import generate as generate_csv  # noqa: E402
from generate import generate  # noqa: E402


@pytest.fixture(autouse=True)
def small_thresholds(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SITREP_CACHE_SYNC", "1")
    monkeypatch.setattr(head, "MIN_BYTES", 1000)
    route.forget()


def expected_head(path: Path, head_bytes: int) -> list[Event]:
    """The reference log's events that end before the cut, the last one started before it left out."""
    text = path.read_bytes()[:head_bytes]
    lines_kept = text[: text.rfind(b"\n") + 1].count(b"\n")
    whole = load(path) if path.suffix == ".csv" else reference_load(path)  # the ACLED reader is the reference for CSV
    events = sorted(whole.events, key=lambda event: event.line)
    started = [event for event in events if event.line <= lines_kept]
    return started[:-1]


def assert_screen_of(screen: preview.Preview | None, events: list[Event]) -> None:
    assert screen is not None and screen.partial
    assert screen.event_count == len(events) and screen.problem_count == 0
    in_order = sorted(events, key=lambda event: event.sort_key)
    assert screen.log.events == tuple(in_order[: preview.PREVIEW_EVENTS])
    assert screen.totals == totals(events)
    assert screen.per_day == per_day(events)
    for dimension in dimensions_for():
        assert screen.tallies[dimension] == [TallyRow(row.key, row.count, row.share) for row in tally(events, dimension)]


@pytest.mark.parametrize("cut", [0.3, 0.5, 0.77])
def test_a_yaml_head_gives_the_first_events_of_the_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cut: float) -> None:
    path = tmp_path / "log.yaml"
    path.write_text(generate(1000))
    head_bytes = int(path.stat().st_size * cut)
    monkeypatch.setattr(head, "HEAD_BYTES", head_bytes)
    events = expected_head(path, head_bytes)
    assert len(events) > preview.PREVIEW_EVENTS
    assert_screen_of(head.head_preview(path), events)


def test_a_csv_head_gives_the_first_rows_of_the_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = generate_csv(2000, tmp_path / "export.csv")
    head_bytes = path.stat().st_size // 2
    monkeypatch.setattr(head, "HEAD_BYTES", head_bytes)
    assert_screen_of(head.head_preview(path), expected_head(path, head_bytes))


def test_no_head_for_a_small_file_or_utf16(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "log.yaml"
    path.write_text(generate(20))
    monkeypatch.setattr(head, "MIN_BYTES", path.stat().st_size + 1)
    assert head.head_preview(path) is None
    monkeypatch.setattr(head, "MIN_BYTES", 1000)
    wide = tmp_path / "wide.yaml"
    wide.write_bytes(b"\xff\xfe" + generate(20).encode("utf-16-le"))
    assert head.head_preview(wide) is None


def test_first_look_prefers_the_cached_preview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "log.yaml"
    path.write_text(generate(800))
    monkeypatch.setattr(head, "HEAD_BYTES", path.stat().st_size // 2)
    monkeypatch.setattr("sitrep.reading.cache.disk.MIN_BYTES", 1000)
    assert prefetch.first_look(path).partial  # nothing cached: the head
    log = load(path)
    route.forget()
    screen = prefetch.first_look(path)
    assert not screen.partial and screen.event_count == len(log.events)


def test_the_prefetch_reads_the_head_before_the_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "log.yaml"
    path.write_text(generate(800))
    head_bytes = path.stat().st_size // 3
    monkeypatch.setattr(head, "HEAD_BYTES", head_bytes)
    expected = expected_head(path, head_bytes)
    monkeypatch.setattr(prefetch, "SHOWN_WAIT", 60)
    prefetch.read_ahead([path])
    where = str(path.resolve())
    assert where in HEADS
    assert_screen_of(prefetch.first_look(path), expected)
    assert where not in HEADS
    time.sleep(0.3)
    assert not PREFETCHED[where].done()  # the load waits until the first screen is drawn
    prefetch.first_screen_drawn(path)
    assert load(path).events == reference_load(path).events


def test_the_load_goes_on_when_the_head_gives_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "log.yaml"
    path.write_text("version: 1\nevents:\n  - id: a\n    date: 2024-01-01\n    type: t\n    actor: A\n    summary: " + "word " * 1000 + "\n")
    monkeypatch.setattr(prefetch, "SHOWN_WAIT", 60)
    prefetch.read_ahead([path])
    assert prefetch.first_look(path) is None  # one event, cut by the head: nothing to show
    PREFETCHED[str(path.resolve())].result(timeout=30)


def test_a_cached_log_waits_for_its_preview_to_be_drawn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "log.yaml"
    path.write_text(generate(800))
    monkeypatch.setattr("sitrep.reading.cache.disk.MIN_BYTES", 1000)
    monkeypatch.setattr(prefetch, "SHOWN_WAIT", 60)
    log = load(path)
    route.forget()
    where = str(path.resolve())
    prefetch.read_ahead([path])
    assert where not in HEADS  # the cached preview is the first screen
    screen = prefetch.first_look(path)
    assert not screen.partial and screen.event_count == len(log.events)
    time.sleep(0.3)
    assert not PREFETCHED[where].done()
    prefetch.first_screen_drawn(path)
    assert PREFETCHED[where].result(timeout=30).events == log.events


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_not_opened(tmp_path: Path) -> None:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    found: list = []
    reader = threading.Thread(target=lambda: found.append(prefetch.first_look(path)), daemon=True)
    reader.start()
    reader.join(timeout=10)  # opening a FIFO blocks until a writer comes: the thread would still be waiting
    assert found == [None]
