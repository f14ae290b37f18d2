"""The log's git history in the dashboard: --since-rev marks, is:new, the revision picker, the provenance key and
the report written from the palette's key, on a repository made in the test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from git_repo import git, make_repo
from sitrep.history import resolve
from sitrep.ui.app import SitrepApp
from sitrep.ui.widgets.chronology import Chronology

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, list[str]]:
    return make_repo(tmp_path / "log")


async def settled(pilot) -> None:
    for _ in range(3):  # the load, then the comparison it starts
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def marks(app: SitrepApp) -> list[tuple[str, str]]:
    """(mark column, event id) of each event row of the chronology, top to bottom."""
    chronology = app.query_one(Chronology)
    rows = [chronology.render_line(y).text for y in range(chronology.size.height)]
    marked = [row[0] for row in rows if row and not row.startswith("──")]
    return list(zip(marked, (event.id for event in chronology.events)))


def detail(app: SitrepApp) -> str:
    return " ".join(str(app.query_one("#detail-text", Static).content).split())


async def test_since_rev_marks_added_and_changed_events(repo) -> None:
    path, commits = repo
    app = SitrepApp(path, since=resolve(path, commits[0]))
    async with app.run_test(size=(110, 34)) as pilot:
        await settled(pilot)
        assert marks(app) == [("~", "b-asad"), ("~", "c-tanf"), ("+", "d-strike"), ("+", "e-shaddadi")]
        assert f"since changed since {commits[0][:7]}: casualties.injured: 3 → [3, 5]; sources: +1" in detail(app)
        await pilot.press("end")
        assert f"since new since {commits[0][:7]}" in detail(app)


async def test_is_new_and_is_changed_filter(repo) -> None:
    path, commits = repo
    app = SitrepApp(path, since=resolve(path, commits[0]))
    async with app.run_test(size=(110, 34)) as pilot:
        await settled(pilot)
        await pilot.press(":", *"is:new", "enter")
        assert [event.id for event in app.query_one(Chronology).events] == ["d-strike", "e-shaddadi"]
        await pilot.press(":", "ctrl+u", *"is:changed kind:attack", "enter")
        assert [event.id for event in app.query_one(Chronology).events] == ["b-asad", "c-tanf"]


async def test_a_revision_picked_from_git_log(repo) -> None:
    path, commits = repo
    app = SitrepApp(path)
    async with app.run_test(size=(110, 34)) as pilot:
        await settled(pilot)
        assert {mark for mark, _ in marks(app)} == {" "}
        await pilot.press("H")
        await settled(pilot)
        picker = app.screen.query_one(OptionList)
        assert [str(picker.get_option_at_index(i).prompt)[:7] for i in range(picker.option_count)] == [c[:7] for c in commits[::-1]]
        await pilot.press("j", "enter")  # the second newest: v2
        await settled(pilot)
        assert marks(app) == [(" ", "b-asad"), ("~", "c-tanf"), (" ", "d-strike"), ("+", "e-shaddadi")]
        await pilot.press("H")
        await settled(pilot)
        await pilot.press("end", "enter")  # the last option: stop comparing
        await settled(pilot)
        assert {mark for mark, _ in marks(app)} == {" "}


async def test_provenance_key_in_the_detail(repo) -> None:
    path, commits = repo
    app = SitrepApp(path)
    async with app.run_test(size=(110, 40)) as pilot:
        await settled(pilot)
        assert "history" not in detail(app)
        await pilot.press("j", "tab", "w")  # c-tanf, then the detail pane
        await settled(pilot)
        assert f"history added {commits[0][:7]} 2024-01-08 Analyst: first three events" in detail(app)
        assert f"last changed {commits[2][:7]} 2024-01-10 Analyst: a withdrawn; c retagged" in detail(app)
        await pilot.press("shift+tab", "G", "tab", "w")  # e-shaddadi, in no commit yet
        await settled(pilot)
        assert "history not committed yet" in detail(app)


async def test_report_of_what_is_shown(repo, tmp_path: Path) -> None:
    path, commits = repo
    target = tmp_path / "brief.md"
    app = SitrepApp(path)
    async with app.run_test(size=(110, 34)) as pilot:
        await settled(pilot)
        await pilot.press(":", *"after:2024-01-07", "enter", "W", "ctrl+u", *str(target), "enter")
        await settled(pilot)
        text = target.read_text()
        assert "**Period:** 2024-01-07 to 2024-01-09 (3 days); compared with the 3 days before (2024-01-04 to 2024-01-06)" in text
        assert "| events | 3 | 1 | \\+2 |" in text
        await pilot.press("v", "W", "enter")  # attacks only, to the same path
        await settled(pilot)
        text = target.read_text()
        assert "**where:** after:2024-01-07 kind:attack" in text
        assert "| events | 2 | 1 | \\+1 |" in text


async def test_a_hostile_commit_subject_is_shown_as_written(repo) -> None:
    path, _ = repo
    git(path.parent, "commit", "-q", "-a", "-m", "[bold red]markup[/] \x1b]52;c;QUFB\x07 end")
    app = SitrepApp(path)
    async with app.run_test(size=(110, 34)) as pilot:
        await settled(pilot)
        await pilot.press("H")
        await settled(pilot)
        picker = app.screen.query_one(OptionList)
        shown = "".join(picker.render_line(y).text for y in range(picker.size.height))
        assert "Analyst: [bold red]markup[/] " in shown and "\x1b" not in shown and "\x07" not in shown
