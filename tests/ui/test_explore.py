"""Asking the log questions from the keyboard: search, the query line, stacked filters, dates, sides, chains, export."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static

from paths import UI
from sitrep.ui.app import SitrepApp
from sitrep.ui.screens.chain_tree import ChainScreen
from sitrep.ui.widgets.chronology import Chronology
from sitrep.ui.widgets.prompt import Prompt

SMALL = UI / "small.yaml"


async def loaded(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    await pilot.press(*text)


def shown_ids(app: SitrepApp) -> list[str]:
    return [event.id for event in app.query_one(Chronology).events]


def current_id(app: SitrepApp) -> str:
    return app.query_one(Chronology).current.id


def error_text(app: SitrepApp) -> str:
    line = app.query_one("#prompt-error", Static)
    return str(line.content) if line.display else ""


async def test_search_marks_hits_and_n_steps_through_them() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("slash")
        await type_text(pilot, "kataib")
        assert list(app.hits) == [0, 1, 7]
        assert current_id(app) == "2023-12-25-erbil-drone"
        await pilot.press("enter")
        assert not app.query_one(Prompt).display
        assert app.focused is app.query_one(Chronology)
        await pilot.press("n")
        assert current_id(app) == "2023-12-26-us-strikes-kh"
        await pilot.press("n", "n")
        assert current_id(app) == "2023-12-25-erbil-drone"
        await pilot.press("N")
        assert current_id(app) == "2024-01-24-us-strikes-three-sites"
        assert app.query_one(Chronology).border_subtitle == "3 hits · n/N"


async def test_a_big_logs_search_jumps_to_the_hit_nearby_then_marks_every_hit_from_a_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """From FILTERED_AWAY_AT events a search's hits come from a worker (`searched` is its answer). The key moves the
    cursor at once to the first hit from it on; until the hits come, n waits and Enter does not say "no match"."""
    from sitrep.ui.flows import explore

    monkeypatch.setattr(explore, "FILTERED_AWAY_AT", 0)
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("slash")
        await type_text(pilot, "kataib")
        await loaded(pilot)
        assert list(app.hits) == [0, 1, 7] and current_id(app) == "2023-12-25-erbil-drone"
        assert app.query_one(Chronology).border_subtitle == "3 hits · n/N"
        await pilot.press("escape", "j", "j")
        asked: list[tuple] = []
        monkeypatch.setattr(app, "search_away", lambda *args: asked.append(args))
        await pilot.press("slash")
        await type_text(pilot, "kataib")
        assert [text for _, text, _, _ in asked][-1] == "kataib"
        assert current_id(app) == "2024-01-24-us-strikes-three-sites"  # hit 7, the first from the cursor (2) on
        assert app.query_one(Chronology).border_subtitle == "searching …"
        await pilot.press("enter", "n")
        notes = [str(notification.message) for notification in app._notifications]
        assert notes == ["Still searching: n and N step through the hits once they are found"]
        index, text, within, jump = asked[-1]
        app.searched(index, "kataib hez", within, index.hits_within(index.search("kataib hez"), within), jump)
        assert not app.hits  # an answer for another search: nothing shown
        app.searched(index, text, within, None, jump)  # the worker failed: found here
        assert list(app.hits) == [0, 1, 7] and app.query_one(Chronology).border_subtitle == "3 hits · n/N"
        await pilot.press("n")
        assert current_id(app) == "2023-12-25-erbil-drone"
        app.clear_notifications()
        await pilot.press("slash", *["backspace"] * 6, *"zzzz", "enter")
        assert not app._notifications  # no match said before the hits are found
        index, text, within, jump = asked[-1]
        app.searched(index, text, within, None, jump)
        await pilot.pause()
        assert [str(notification.message) for notification in app._notifications] == ["No event matches the search"]


async def test_search_words_narrow_and_reach_every_field() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("slash")
        await type_text(pilot, "reuters")  # a source title only
        assert [app.shown[i].id for i in app.hits] == ["2023-12-26-us-strikes-kh"]
        await pilot.press(*["backspace"] * 7)
        await type_text(pilot, "sources differ")  # words of a note, a key the format does not know
        assert [app.shown[i].id for i in app.hits] == ["2024-01-20-ain-al-asad-missiles"]
        await pilot.press("escape")
        assert not app.hits
        assert not app.query_one(Chronology).hits


async def test_query_line_filters_every_pane_as_you_type() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("colon")
        await type_text(pilot, "kind:attack country:iraq")
        assert shown_ids(app) == ["2023-12-25-erbil-drone", "2024-01-20-ain-al-asad-drones", "2024-01-20-ain-al-asad-missiles"]
        assert "logged 3 attacks, 0 responses" in str(app.query_one("#totals", Static).content)
        await type_text(pilot, " injured>3")
        assert shown_ids(app) == ["2024-01-20-ain-al-asad-missiles"]
        await pilot.press("enter")
        assert app.view.chips() == ["kind: attack", "country: iraq", "injured > 3"]
        assert "1 of 8 events shown" in str(app.query_one("#status", Static).content)


async def test_a_big_logs_filter_is_computed_in_a_worker_and_drawn_when_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    """From FILTERED_AWAY_AT events a typed filter's numbers come from a worker (`filtered` is its answer); what the
    panes end with is the last filter typed, as when they are computed at once. An answer for a filter typed over
    draws nothing."""
    from sitrep.ui.flows import explore

    monkeypatch.setattr(explore, "FILTERED_AWAY_AT", 0)
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        answers: list[str] = []
        drawn: list[str] = []
        filtered, refresh_view = app.filtered, app.refresh_view
        monkeypatch.setattr(app, "filtered", lambda index, view, keep=True: answers.append(str(view.query)) or filtered(index, view, keep))
        monkeypatch.setattr(app, "refresh_view", lambda keep_id=None: drawn.append(str(app.view.query)) or refresh_view(keep_id))
        await pilot.press("colon")
        await type_text(pilot, "kind:attack country:iraq")
        await loaded(pilot)
        assert answers[-1] == drawn[-1] == "kind:attack country:iraq"
        assert shown_ids(app) == ["2023-12-25-erbil-drone", "2024-01-20-ain-al-asad-drones", "2024-01-20-ain-al-asad-missiles"]
        assert "logged 3 attacks, 0 responses" in str(app.query_one("#totals", Static).content)
        stale = app.view
        await type_text(pilot, " injured>3")
        await loaded(pilot)
        assert shown_ids(app) == ["2024-01-20-ain-al-asad-missiles"]
        count = len(drawn)
        filtered(app.index, stale)
        assert len(drawn) == count


async def test_a_big_logs_other_view_changes_are_computed_in_the_worker_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """Enter on a tally row, x, v, Esc and going to a hidden event at FILTERED_AWAY_AT events: the chips at once, the
    panes from the worker's answer; Enter puts the cursor on the first event, the others keep the selected one where
    it is still shown, and going to an event puts it there."""
    from sitrep.ui.flows import explore

    monkeypatch.setattr(explore, "FILTERED_AWAY_AT", 0)
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        answers: list[list[str]] = []
        filtered = app.filtered
        monkeypatch.setattr(app, "filtered", lambda index, view, keep=True: answers.append(view.chips()) or filtered(index, view, keep))
        await pilot.press("j", "j", "shift+tab", "t", "t", "t", "t", "t", "j", "enter")
        assert app.view.chips() == ["country = Syria"] and " country = Syria " in str(app.query_one("#filter-bar", Static).content)
        await loaded(pilot)
        assert answers == [["country = Syria"]]
        assert shown_ids(app) == ["2024-01-syria-harassment", "2024-01-05-tanf-rockets"]
        assert current_id(app) == "2024-01-syria-harassment"
        assert "2 of 8 events shown" in str(app.query_one("#status", Static).content)
        await pilot.press("j", "x")
        await loaded(pilot)
        assert answers[-1] == [] and len(shown_ids(app)) == 8 and current_id(app) == "2024-01-05-tanf-rockets"
        await pilot.press("v")
        await loaded(pilot)
        assert answers[-1] == ["attacks only"] and current_id(app) == "2024-01-05-tanf-rockets"
        await pilot.press("escape")
        await loaded(pilot)
        assert answers[-1] == [] and len(shown_ids(app)) == 8 and len(answers) == 4
        await pilot.press("v")
        await loaded(pilot)
        assert app.select("2023-12-26-us-strikes-kh")  # a response, hidden by "attacks only": the filters go
        await loaded(pilot)
        assert answers[-1] == [] and current_id(app) == "2023-12-26-us-strikes-kh" and len(shown_ids(app)) == 8


async def test_a_bad_query_is_explained_in_place_and_the_last_good_filter_stays() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("colon")
        await type_text(pilot, "country:syria")
        assert len(shown_ids(app)) == 2
        await type_text(pilot, ' "')
        assert error_text(app) == " " * len(": country:syria ") + '^ unterminated quote: add the closing " · filtering by country:syria'
        assert app.query_one(Input).has_class("-invalid")
        assert len(shown_ids(app)) == 2
        await pilot.press("enter")
        assert app.query_one(Prompt).display  # Enter does not accept a bad query
        await pilot.press("escape")
        assert not app.query_one(Prompt).display
        assert len(shown_ids(app)) == 8  # Escape goes back to the filters before the line was opened


async def test_a_field_name_being_typed_does_not_filter_as_free_text() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("colon")
        await type_text(pilot, "kind:response aft")
        assert app.view.chips() == ["kind: response"]
        assert len(shown_ids(app)) == 3
        await type_text(pilot, "er:2024-01-01")
        assert shown_ids(app) == ["2024-01-04-baghdad-strike", "2024-01-24-us-strikes-three-sites"]
        await pilot.press("escape")
        await pilot.press("colon")
        await type_text(pilot, "kataib ")
        assert app.view.chips() == ['"kataib"']


async def test_drill_down_and_query_stack_and_x_drops_the_last_chip() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("shift+tab", "t", "t", "t", "t", "t", "enter")  # country = Iraq
        await pilot.press("colon")
        assert app.query_one(Input).value == "country=Iraq "
        await type_text(pilot, "kind:response")
        await pilot.press("enter")
        assert app.view.chips() == ["country = Iraq", "kind: response"]
        assert len(shown_ids(app)) == 3
        await pilot.press("x")
        assert app.view.chips() == ["country = Iraq"]
        assert len(shown_ids(app)) == 6


async def test_v_shows_attacks_then_responses_then_both() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("v")
        assert {e.is_response for e in app.query_one(Chronology).events} == {False}
        assert app.view.chips() == ["attacks only"]
        await pilot.press("v")
        assert len(shown_ids(app)) == 3
        await pilot.press("v")
        assert len(shown_ids(app)) == 8 and not app.view.active


async def test_jump_to_a_date_lands_on_the_nearest_event() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("d")
        await type_text(pilot, "2024-01-22")
        await pilot.press("enter")
        assert current_id(app) == "2024-01-20-ain-al-asad-drones"
        await pilot.press("d")
        await type_text(pilot, "Jan 22")
        await pilot.press("enter")
        assert "YYYY-MM-DD" in error_text(app)


async def test_retaliation_chain_tree_and_going_to_a_link() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        await pilot.press("c")
        assert isinstance(app.screen, ChainScreen)
        tree = app.screen.query_one(OptionList)
        prompts = [str(tree.get_option_at_index(i).prompt) for i in range(tree.option_count)]
        assert prompts == [
            "▲ 2023-12-25 drone attack: Kataib Hezbollah → Erbil Air Base  ← this event",
            "▼ └─ 2023-12-26 airstrike: United States → Kataib Hezbollah · Hillah (+1 day)",
        ]
        await pilot.press("j", "enter")
        assert not isinstance(app.screen, ChainScreen)
        assert current_id(app) == "2023-12-26-us-strikes-kh"
        await pilot.press("backspace")
        assert current_id(app) == "2023-12-25-erbil-drone"


async def test_export_writes_the_shown_events(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the names typed are relative, as a user's would be
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("colon")
        await type_text(pilot, "country:syria")
        await pilot.press("enter", "E")
        app.query_one(Input).value = ""
        await type_text(pilot, "out.json")
        await pilot.press("enter")
        await loaded(pilot)
        exported = json.loads((tmp_path / "out.json").read_text())
        assert [row["id"] for row in exported] == ["2024-01-syria-harassment", "2024-01-05-tanf-rockets"]
        await pilot.press("E")
        app.query_one(Input).value = ""
        await type_text(pilot, "out.csv")
        await pilot.press("enter")
        await loaded(pilot)
        with (tmp_path / "out.csv").open(newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert [(row["event_date"], row["actor1"], row["fatalities"]) for row in rows] == [
            ("2024-01", "unknown militia", ""),
            ("2024-01-05", "Islamic Resistance in Iraq", ""),
        ]


async def test_a_search_before_the_texts_are_ready_waits_without_freezing_the_screen(monkeypatch) -> None:
    """The first free-text search of a big log can come before the warm-up has every event's text."""
    import threading

    from sitrep.ask.index import LogIndex

    release = threading.Event()
    compute = LogIndex.compute_texts
    monkeypatch.setattr(LogIndex, "warm_up", lambda self: None)
    monkeypatch.setattr(LogIndex, "compute_texts", lambda self: release.wait(10) and compute(self))
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("slash")
        await type_text(pilot, "kataib")
        chronology = app.query_one(Chronology)
        assert chronology.border_subtitle == "searching · reading every event's text …"
        assert not app.hits
        await pilot.press("escape", "t")  # the keys still work meanwhile
        assert app.query_one("#tallies").border_title == "Tallies · actor"
        await pilot.press("slash")
        await type_text(pilot, "kataib")
        await pilot.press("enter", "n")  # submitted before its hits: n waits for them, and no "no match" is said
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert list(app.hits) == [0, 1, 7]
        assert chronology.border_subtitle == "3 hits · n/N"
        assert [str(notification.message) for notification in app._notifications] == [
            "Still searching: n and N step through the hits once they are found",
        ]


async def test_a_filter_selects_once(monkeypatch) -> None:
    """A keystroke that changes the shown events rebuilds the detail once, not once per cursor move."""
    selected: list[str | None] = []
    handler = SitrepApp.on_chronology_selected

    def counted(self, message: Chronology.Selected) -> None:
        selected.append(message.event.id if message.event else None)
        handler(self, message)

    monkeypatch.setattr(SitrepApp, "on_chronology_selected", counted)
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("j", "j")
        kept = current_id(app)
        await pilot.press("colon")
        selected.clear()
        await type_text(pilot, "kind:attack")
        await pilot.pause()
        assert current_id(app) == kept
        assert selected == [kept]


async def test_esc_clears_the_search_first_then_the_filters_and_n_says_when_it_wraps() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("colon")
        await type_text(pilot, "kind:response")
        await pilot.press("enter", "slash")
        await type_text(pilot, "kataib")
        await pilot.press("enter")
        await loaded(pilot)
        chronology = app.query_one(Chronology)
        assert len(app.hits) == 2 and chronology.hits
        app.clear_notifications()
        await pilot.press(*"n" * len(app.hits))
        assert any("back to the first" in str(n.message) for n in app._notifications)
        await pilot.press("escape")
        assert not app.hits and not chronology.hits
        assert chronology.border_subtitle == f"{len(chronology.events)} events"
        assert app.view.chips() == ["kind: response"]
        await pilot.press("escape")
        assert app.view.chips() == []
