"""A reload after an append extends what the dashboard computed for the log before (session.opening): the same
index answers, replies and changed ids as computed anew."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from paths import ROOT

from sitrep.ask.chain import responders
from sitrep.ask.index import LogIndex
from sitrep.core.model import EventLog
from sitrep.ask.query import parse_query
from sitrep.ask.tally import DIMENSIONS
from sitrep.ask.view import View
from sitrep.reading import forget, reference_load
from sitrep.session.follow import changed_ids
from sitrep.session.opening import load_for_dashboard

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402

NOTHING_SHOWN = (EventLog(""), LogIndex(()), {})
"""What the dashboard shows before its first load."""

LATER = """  - id: later-{n}
    date: 2099-01-0{n}
    type: drone attack
    actor: Kataib Hezbollah
    casualties: {{killed: {n}, injured: [{n}, 9]}}
    responds_to: [{target}]
"""


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))
    forget()
    yield
    forget()


@pytest.mark.parametrize("year", ["2099", "2023"])  # after every event; among them (a late report)
def test_a_reload_after_an_append_extends_the_shown_load(tmp_path: Path, year: str) -> None:
    path = tmp_path / "log.yaml"
    path.write_text(generate(400))
    first = load_for_dashboard([path], *NOTHING_SHOWN)
    first.index.warm_up()
    target = first.event_log.events[5].id
    with open(path, "a", encoding="utf-8") as stream:
        stream.write((LATER.format(n=1, target=target) + LATER.format(n=2, target="later-1")).replace("2099-01", f"{year}-11"))
    second = load_for_dashboard([path], first.event_log, first.index, first.answered_by)
    log = second.event_log
    assert [event.id for event in log.added_since(first.event_log)] == ["later-1", "later-2"]
    assert (log.events[-1].id == "later-2") == (year == "2099")
    assert second.index.texts_ready  # carried over, not computed again
    assert second.answered_by == responders(log)
    assert [event.id for event in second.answered_by[target]][-1] == "later-1"
    assert changed_ids(first.event_log, log) == {"later-1": "new", "later-2": "new"}
    assert changed_ids(first.event_log, log) == changed_ids(first.event_log, reference_load(path))
    fresh = LogIndex(log.events)
    for text in ["", "type:drone", "killed>1", "injured:9", "responds:later", "later"]:
        view = View(parse_query(text))
        mask = fresh.mask(view)
        assert second.index.mask(view) == mask, text
        assert second.index.totals(mask) == fresh.totals(mask)
        for dimension in DIMENSIONS:
            assert second.index.tally(mask, dimension) == fresh.tally(mask, dimension), (text, dimension)


def test_an_event_appended_with_an_id_the_log_has_is_compared_with_it(tmp_path: Path) -> None:
    path = tmp_path / "log.yaml"
    path.write_text(generate(50))
    first = load_for_dashboard([path], *NOTHING_SHOWN)
    reused = first.event_log.events[-1].id
    with open(path, "a", encoding="utf-8") as stream:
        stream.write(LATER.format(n=1, target="x").replace("later-1", reused))
    second = load_for_dashboard([path], first.event_log, first.index, first.answered_by)
    assert second.event_log.added_since(first.event_log) is not None
    assert changed_ids(first.event_log, second.event_log) == {reused: "changed"}


def test_the_first_and_last_day_of_a_grown_log_are_those_of_the_whole(tmp_path: Path) -> None:
    path = tmp_path / "log.yaml"
    path.write_text(generate(60))
    first = load_for_dashboard([path], *NOTHING_SHOWN).event_log
    assert first.first_date is not None
    with open(path, "a", encoding="utf-8") as stream:
        stream.write(LATER.format(n=3, target="x") + LATER.format(n=4, target="x").replace("2099-01-04", "2099-02"))
    grown = load_for_dashboard([path], *NOTHING_SHOWN).event_log
    whole = reference_load(path)
    assert grown.added_since(first) is not None
    assert (grown.first_date, grown.last_date) == (whole.first_date, whole.last_date) == (first.first_date, dt.date(2099, 1, 3))
