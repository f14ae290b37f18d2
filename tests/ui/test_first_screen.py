"""A big log not yet cached shows its head first (its first events, marked partial), then the whole log."""

from __future__ import annotations

import asyncio
import sys
import threading
from pathlib import Path

import pytest

from paths import ROOT
from sitrep.reading import head, route
from sitrep.ui.app import SitrepApp
from sitrep.ui.flows import loading
from sitrep.ui.widgets.chronology import Chronology
from sitrep.ui.widgets.status_bar import StatusBar

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402


async def until(condition, seconds: float = 20) -> None:
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("timed out")


async def test_the_head_shows_before_the_whole_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(generate(2000))
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(head, "MIN_BYTES", 1000)
    monkeypatch.setattr(head, "HEAD_BYTES", 200_000)
    route.forget()
    release = threading.Event()
    whole = loading.load_for_dashboard

    def held(paths, *shown):  # the whole log waits until the test has seen the head
        release.wait(20)
        return whole(paths, *shown)

    monkeypatch.setattr(loading, "load_for_dashboard", held)
    app = SitrepApp(path)
    async with app.run_test(size=(160, 50)) as pilot:
        chronology = app.query_one(Chronology)
        await until(lambda: bool(chronology.events))
        shown = len(chronology.events)
        assert 0 < shown <= 300
        assert chronology.border_subtitle.startswith("first ") and chronology.border_subtitle.endswith(" events · loading…")
        first = int(chronology.border_subtitle.split()[1])
        assert 250 < first < 2000  # 200 KB of a log of about 650 bytes an event
        assert f"first {first} events · loading" in str(app.query_one("#status", StatusBar).render())
        assert chronology.border_title == "Chronology"  # no day number until the log's first day is known
        release.set()
        await until(lambda: bool(app.loaded_at))
        await pilot.pause()
        assert len(chronology.events) == 2000
        assert chronology.border_title == "Chronology · day 1"
        assert "first" not in (chronology.border_subtitle or "")
