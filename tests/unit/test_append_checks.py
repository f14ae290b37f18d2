"""An append soon after another does not wait for the first's check of the bytes before it (appended.Check): its
own check waits for that one in its thread, and fails if it failed."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pytest

from sitrep.reading import appended, load, route
from test_route import LATER, append, changed_in_place_then_grown, log_file, private_cache, same_as_reference  # noqa: F401 (private_cache: autouse)


@pytest.fixture
def held_checks(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Every check waits for the event before it reads the file; settling is not done at once."""
    monkeypatch.delenv("SITREP_CACHE_SYNC")
    gate = threading.Event()
    run = appended.Check.run

    def held(self: appended.Check, *args: object) -> None:
        gate.wait(5)
        run(self, *args)

    monkeypatch.setattr(appended.Check, "run", held)
    yield gate
    gate.set()


def test_a_second_append_is_read_while_the_first_is_still_checked(tmp_path: Path, held_checks: threading.Event) -> None:
    path = log_file(tmp_path)
    load(path)
    append(path, LATER.format(n=1, target="x"))
    assert route.route_of(load(path)) == "append"
    first = route.STATES[os.path.abspath(path)].check
    append(path, LATER.format(n=2, target="x"))
    second, way = same_as_reference(path)
    assert way == "append" and second.events[-1].id == "later-2"
    assert first.passed is None  # not waited for
    held_checks.set()
    state = route.STATES[os.path.abspath(path)]
    assert state.check is not first and state.check.wait()
    assert state.check.sha256 == hashlib.sha256(path.read_bytes()).digest()
    assert not appended.doubted(path)


def test_a_change_before_the_first_append_fails_the_second_check_too(tmp_path: Path, held_checks: threading.Event) -> None:
    path = log_file(tmp_path)
    load(path)
    changed_in_place_then_grown(path)
    load(path)
    append(path, LATER.format(n=2, target="x"))
    assert route.route_of(load(path)) == "append"
    held_checks.set()
    assert not route.STATES[os.path.abspath(path)].check.wait()
    assert appended.doubted(path)
    log, way = same_as_reference(path)
    assert way in ("fast", "parallel")
    assert [event.id for event in log.events[-2:]] == ["later-1", "later-2"]
