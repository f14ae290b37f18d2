"""The dashboard driven as a user drives it: keys in, pane contents out."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from paths import UI
from sitrep.ui.app import SitrepApp
from sitrep.ui.screens.help import HelpScreen
from sitrep.ui.screens.problems import ProblemsScreen
from sitrep.ui.widgets.chronology import Chronology
from sitrep.ui.widgets.detail import Detail, Links
from sitrep.ui.widgets.tallies import Tallies
from tally_pane import shown

FIXTURES = UI
SMALL = FIXTURES / "small.yaml"
BROKEN = FIXTURES / "broken.yaml"


def tally_rows(app: SitrepApp) -> list[tuple[str, str]]:
    return [(row["group"], row["count"]) for row in shown(app.query_one(Tallies))]


def text_of(app: SitrepApp, selector: str) -> str:
    return str(app.query_one(selector, Static).content)


async def loaded(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_tallies_count_events_by_type_and_cycle_dimensions() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert tally_rows(app)[:3] == [("airstrike", "2"), ("drone attack", "2"), ("rocket attack", "2")]
        assert app.query_one(Tallies).border_title == "Tallies · type"
        await pilot.press("t", "t", "t", "t", "t")
        assert app.query_one(Tallies).border_title == "Tallies · country"
        assert tally_rows(app) == [("Iraq", "6"), ("Syria", "2")]
        await pilot.press("T")
        assert app.query_one(Tallies).border_title == "Tallies · admin1"


async def test_headline_shows_logged_beside_reported_and_ranges() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        headline = text_of(app, "#totals")
        assert "logged 5 attacks, 3 responses · reported >151 as of 2024-01-22" in headline
        assert "injured 6–7 +3?" in headline
        assert "killed 3–6 +1?" in headline
        assert text_of(app, "#title") == "Small test log"
        assert "8 events · 0 problems" in text_of(app, "#status")


async def test_enter_on_tally_row_filters_every_pane_and_escape_clears() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("shift+tab")
        assert app.focused is app.query_one(Tallies)
        await pilot.press("t", "t", "t", "t", "t", "j", "enter")
        chronology = app.query_one(Chronology)
        assert [e.id for e in chronology.events] == ["2024-01-syria-harassment", "2024-01-05-tanf-rockets"]
        assert app.focused is chronology
        assert app.view.chips() == ["country = Syria"]
        assert " country = Syria " in text_of(app, "#filter-bar")
        assert "2 of 8 events shown" in text_of(app, "#status")
        assert "logged 2 attacks, 0 responses" in text_of(app, "#totals")
        await pilot.press("escape")
        assert len(chronology.events) == 8
        assert app.query_one("#filter-bar").display is False


async def test_filters_from_two_dimensions_stack() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("shift+tab", "t", "enter")  # actor: the busiest is Islamic Resistance in Iraq
        await pilot.press("shift+tab", "T", "j", "j", "enter")  # then by type, counted among those events only
        chronology = app.query_one(Chronology)
        assert [(e.actor, e.type) for e in chronology.events] == [("Islamic Resistance in Iraq", "rocket attack")]
        assert app.view.chips() == ["actor = Islamic Resistance in Iraq", "type = rocket attack"]
        assert str(app.view.query) == 'actor="Islamic Resistance in Iraq" type="rocket attack"'


async def test_moving_the_cursor_shows_the_event_in_detail() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        detail = text_of(app, "#detail-text")
        assert "2023-12-25-erbil-drone" in detail and "killed 0 · injured 3" in detail
        await pilot.press("G")
        assert app.query_one(Chronology).current.id == "2024-01-24-us-strikes-three-sites"
        assert "▼ response" in text_of(app, "#detail-text")
        await pilot.press("g", "j", "j", "j", "j", "j", "j")  # an untimed event sorts before a timed one that day
        detail = text_of(app, "#detail-text")
        assert "ain-al-asad-missiles" in detail
        assert "note" in detail and "Sources differ on the injured (3 or 4)." in detail
        assert "killed 0 · injured 3–4" in detail


async def test_following_a_responds_to_link_and_going_back() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("j", "enter")
        links = app.query_one(Links)
        assert app.focused is links
        assert "answers" in str(links.get_option_at_index(0).prompt)
        assert links.option_count == 3  # the attack it answers and two sources
        await pilot.press("enter")
        chronology = app.query_one(Chronology)
        assert chronology.current.id == "2023-12-25-erbil-drone"
        assert "Erbil Air Base" in text_of(app, "#detail-text")
        assert "answered" in str(links.get_option_at_index(0).prompt)
        await pilot.press("backspace")
        assert chronology.current.id == "2023-12-26-us-strikes-kh"


async def test_following_a_link_to_a_filtered_out_event_clears_the_filter() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("shift+tab", "enter")  # type: airstrike only
        assert {e.type for e in app.query_one(Chronology).events} == {"airstrike"}
        await pilot.press("enter", "enter")
        assert app.query_one(Chronology).current.id == "2023-12-25-erbil-drone"
        assert not app.view.active


async def test_help_lists_every_binding() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(column.content) for column in app.screen.query(Static))  # its columns, side by side
        for description in ("Quit", "Tally by", "Problems", "Zoom pane", "Filter to group", "Follow link", "Details", "Page down"):
            assert description in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_broken_file_shows_valid_events_and_lists_problems_by_line() -> None:
    app = SitrepApp(BROKEN)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert [e.id for e in app.query_one(Chronology).events] == ["good-1", "good-2"]
        assert "2 events · 3 problems (p to list)" in text_of(app, "#status")
        await pilot.press("p")
        assert isinstance(app.screen, ProblemsScreen)
        table = app.screen.query_one(DataTable)
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == ["13", "14", "19"]
        await pilot.press("j", "enter")
        assert not isinstance(app.screen, ProblemsScreen)
        assert app.query_one(Chronology).current.id == "good-2"


async def test_text_from_the_file_is_never_markup() -> None:
    app = SitrepApp(BROKEN)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert text_of(app, "#title") == "Broken log: [bold red]markup[/] stays text"
        detail = text_of(app, "#detail-text")
        assert "[@click=app.quit]Militia[/]" in detail
        assert "\x1b" not in detail and "\x07" not in detail
        assert "[bold]markup[/bold]" in detail
        await pilot.click(Detail)
        assert app.is_running


async def test_missing_file_reports_instead_of_crashing(tmp_path: Path) -> None:
    app = SitrepApp(tmp_path / "gone.yaml")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert "cannot read: no such file" in text_of(app, "#status")
        assert app.query_one(Chronology).events == ()


async def test_zoom_gives_the_focused_pane_the_screen() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("z")
        assert app.screen.maximized is app.query_one(Chronology)
        await pilot.press("z")
        assert app.screen.maximized is None


async def test_q_quits() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("q")
        assert app.return_code == 0
        assert not app.is_running


@pytest.mark.parametrize("keys", [["ctrl+d"], ["pagedown", "pageup"], ["end", "home"], ["down"] * 20])
async def test_cursor_stays_on_an_event(keys: list[str]) -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press(*keys)
        chronology = app.query_one(Chronology)
        assert 0 <= chronology.cursor < 8
        assert chronology.current.id in text_of(app, "#detail-text")


async def test_the_status_line_shows_how_much_of_a_big_log_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from sitrep.reading import progress
    from sitrep.session import opening

    release = threading.Event()
    load_all = opening.load_all

    def slow_load(paths):
        progress.report(str(SMALL), 0.42)  # as the reader does, piece by piece, for a big log
        release.wait(10)
        progress.finished(str(SMALL))
        return load_all(paths)

    monkeypatch.setattr(opening, "load_all", slow_load)
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.3)
        assert text_of(app, "#status") == f"Loading {SMALL} … 42% read"
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert text_of(app, "#status") == f"{SMALL} · 8 events · 0 problems"


async def test_a_side_with_no_events_shown_says_so_instead_of_zeros() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("v")  # attacks only
        await loaded(pilot)
        assert "responses: no responses shown" in text_of(app, "#totals")
        await pilot.press("v")  # responses only
        await loaded(pilot)
        totals = text_of(app, "#totals")
        assert "attacks: no attacks shown" in totals
        assert "killed 0, injured 0" not in totals
