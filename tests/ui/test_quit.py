"""Quitting leaves at once: the load of a big log, still going, is not waited for; a write the user asked for is."""

from __future__ import annotations

import os
import threading

import pytest

from paths import UI
from sitrep.session.opening import Loaded
from sitrep.ui import run
from sitrep.ui.app import SitrepApp
from sitrep.ui.flows import loading

HANG_GUARD = 60
"""Seconds the stand-in load waits for the test to release it: only so that a failing test ends."""


def test_q_leaves_while_the_load_is_still_going(monkeypatch: pytest.MonkeyPatch) -> None:
    release, started = threading.Event(), threading.Event()
    released_in_time: list[bool] = []

    def slow_load(paths, *shown) -> Loaded:
        started.set()
        released_in_time.append(release.wait(HANG_GUARD))
        raise RuntimeError("a load no one waits for")

    monkeypatch.setattr(loading, "load_for_dashboard", slow_load)
    statuses: list[int] = []
    monkeypatch.setattr(os, "_exit", statuses.append)

    async def press_q(pilot) -> None:
        await pilot.pause()
        assert started.wait(HANG_GUARD)
        await pilot.press("q")

    run.run_then_leave(SitrepApp(UI / "small.yaml"), headless=True, size=(100, 30), auto_pilot=press_q)
    try:
        assert statuses == [0]
        assert released_in_time == []  # the app had gone, the process ended, while the load still waited
    finally:
        release.set()
