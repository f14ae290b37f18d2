"""Hostile input in the dashboard: each fixture of tests/data/hostile opens without crashing and lists its problems;
text from a file that holds ANSI escapes, OSC 52 clipboard writes, BEL and Rich/Textual markup reaches no pane
raw and triggers nothing.

Terminal safety is checked on what the app would write to the terminal: the compositor's full-screen update,
segment by segment (Textual's own control segments aside), for every pane and screen.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from rich.segment import Segment
from textual.screen import Screen
from textual.widgets import DataTable, Static

from paths import HOSTILE, LOAD
from hostile_cases import CASES
from sitrep.ui.app import SitrepApp
from sitrep.core.describe import printable
from sitrep.reading import load
from sitrep.ui.screens.chain_tree import ChainScreen
from sitrep.ui.screens.help import HelpScreen
from sitrep.ui.screens.problems import ProblemsScreen
from sitrep.ui.widgets.chronology import Chronology
from sitrep.ui.widgets.detail import Links
from sitrep.ui.widgets.map import MapView

ESCAPES = HOSTILE / "terminal_escapes.yaml"
RAW = {chr(code) for code in (*range(0x00, 0x20), *range(0x7F, 0xA0))}
"""C0 and C1 controls: none may reach the terminal from a file (Textual writes its own as control segments)."""
FROM_FILE_ACTIONS = ("app.quit", "app.bell")
"""The actions the fixture's [@click=...] markup names: no segment on screen may carry them."""


async def opened(app: SitrepApp, pilot) -> None:
    await asyncio.wait_for(app.workers.wait_for_complete(), timeout=30)  # a loader that blocked would end here
    await pilot.pause()


def text_of(app: SitrepApp, selector: str) -> str:
    return str(app.query_one(selector, Static).content)


def screen_segments(app: SitrepApp) -> list[tuple[int, int, Segment]]:
    """(x, y, segment) of everything on screen, modal screens over the ones below included."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    found = []
    for y, line in enumerate(update.strips):
        x = 0
        for strip in line:
            for segment in strip:
                if segment.control:
                    continue
                found.append((x, y, segment))
                x += segment.cell_length
    return found


def offenders(app: SitrepApp) -> dict[str, set[str]]:
    """Widgets (by id, else class) whose output holds raw control characters, and which ones."""
    found: dict[str, set[str]] = {}
    for x, y, segment in screen_segments(app):
        bad = set(segment.text) & RAW
        if bad:
            widget, _ = app.screen.get_widget_at(x, y)
            if isinstance(widget, Screen) and len(app.screen_stack) > 1:  # seen through a modal screen
                widget, _ = app.screen_stack[0].get_widget_at(x, y)
            found.setdefault(widget.id or type(widget).__name__, set()).update(bad)
    return found


def actions_and_links(app: SitrepApp) -> set[str]:
    """Click actions naming the fixture's actions, and hyperlinks, anywhere on screen."""
    found = set()
    for _, _, segment in screen_segments(app):
        style = segment.style
        if style is None:
            continue
        meta = str(style.meta or "")
        found.update(action for action in FROM_FILE_ACTIONS if action in meta)
        if style.link:
            found.add(f"link {style.link}")
    return found


def screen_text(app: SitrepApp) -> str:
    rows: dict[int, list[str]] = {}
    for _, y, segment in screen_segments(app):
        rows.setdefault(y, []).append(segment.text)
    return "\n".join("".join(parts) for _, parts in sorted(rows.items()))


# Every fixture opens and shows its problems.


@pytest.mark.parametrize("name", sorted(CASES))
async def test_each_hostile_fixture_opens_and_lists_its_problems(name: str) -> None:
    problems, ids = CASES[name]
    app = SitrepApp(HOSTILE / name)
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(app, pilot)
        assert sorted(event.id for event in app.query_one(Chronology).events) == sorted(ids)
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        status = text_of(app, "#status")
        if ids or not problems:
            assert f"{len(ids)} events · {count}" in status
        else:  # nothing loaded: the status line names the first error instead
            first = next(p for p in problems if p[2] == "error")
            assert status == printable(f"{HOSTILE / name}:{first[0]}:{first[1]}: error: {first[3]}")
        await pilot.press("p")
        assert isinstance(app.screen, ProblemsScreen)
        table = app.screen.query_one(DataTable)
        if problems:
            rows = [tuple(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]
            assert rows == [(str(line), str(column), severity, printable(message)) for line, column, severity, message in problems]
        else:
            assert table.row_count == 1 and "No problems" in str(table.get_row_at(0)[3])
        await pilot.press("enter", "escape")  # Enter goes to the event, or says its entry was not loaded and Esc closes
        assert not isinstance(app.screen, ProblemsScreen)
        assert app.is_running
        assert not offenders(app)


@pytest.mark.parametrize("path", sorted((LOAD).glob("*.yaml")), ids=lambda path: path.name)
async def test_each_older_fixture_opens_and_lists_its_problems(path: Path) -> None:
    """The hostile inputs that tests/data/load already held (empty file, BOM, CRLF, conflict, Python tags...)."""
    log = load(path)
    app = SitrepApp(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(app, pilot)
        assert [event.id for event in app.query_one(Chronology).events] == [event.id for event in log.events]
        await pilot.press("p")
        table = app.screen.query_one(DataTable)
        rows = [str(table.get_row_at(i)[3]) for i in range(table.row_count)]
        assert rows == ([printable(problem.message) for problem in log.problems] or [rows[0]])
        await pilot.press("escape")
        assert app.is_running


async def test_two_files_with_the_same_id_show_the_clash() -> None:
    a, b = HOSTILE / "duplicate_id_a.yaml", HOSTILE / "duplicate_id_b.yaml"
    app = SitrepApp([a, b])
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(app, pilot)
        assert [event.id for event in app.query_one(Chronology).events] == ["shared", "only-in-a", "only-in-b", "shared"]
        await pilot.press("p")
        messages = [str(app.screen.query_one(DataTable).get_row_at(i)[3]) for i in range(app.screen.query_one(DataTable).row_count)]
        assert f"duplicate id 'shared' (also in {a}:4)" in messages


@pytest.mark.parametrize("kind", ["directory", "fifo", "symlink loop"])
async def test_special_files_in_the_dashboard(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "events.yaml"
    if kind == "directory":
        path.mkdir()
        reason = "not a regular file"
    elif kind == "fifo":
        os.mkfifo(path)  # opening it would block the loading worker: wait_for would time out
        reason = "not a regular file"
    else:
        path.symlink_to(tmp_path / "other.yaml")
        (tmp_path / "other.yaml").symlink_to(path)
        reason = "Too many levels of symbolic links"
    app = SitrepApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(app, pilot)
        assert text_of(app, "#status") == f"{path}:1:1: error: cannot read: {reason}"
        assert app.query_one(Chronology).events == ()
        await pilot.press("p")
        assert str(app.screen.query_one(DataTable).get_row_at(0)[3]) == f"cannot read: {reason}"


# Text that would drive a terminal: shown as text, never acted on.


async def test_markup_from_the_file_is_literal_text_and_no_action() -> None:
    app = SitrepApp(ESCAPES)
    async with app.run_test(size=(160, 50)) as pilot:
        await opened(app, pilot)
        title = text_of(app, "#title")
        assert title == "\ufffd[2J\ufffd]0;pwned\ufffdLog [bold red]title[/] [@click=app.quit]quit[/]"
        detail = "".join(text_of(app, "#detail-text").split())  # values wrap to the pane: compared without the breaks
        for literal in ("[bold red]bold[/]", "[@click=app.quit]Militia", "[link=https://evil.example]22[/link]", "[bold red]markup[/]", "[@click=app.quit]a click[/]"):
            assert "".join(literal.split()) in detail
        shown = screen_text(app)
        assert "[@click=app.quit]Milit" in shown and "[bold red]" in shown
        assert actions_and_links(app) == set()
        # Click on the words that would be a quit button if they were markup.
        for x, y, segment in screen_segments(app):
            if "[@click=app.quit]" in segment.text:
                await pilot.click(offset=(x + segment.text.index("[@click") + 18, y))
        await pilot.click(Chronology)
        assert app.is_running


async def test_chronology_lines_carry_no_control_characters() -> None:
    app = SitrepApp(ESCAPES)
    async with app.run_test(size=(160, 50)) as pilot:
        await opened(app, pilot)
        await pilot.press("z")  # the whole width, so each line shows in full
        chronology = app.query_one(Chronology)
        text = ""
        for y in range(chronology.size.height):
            for segment in chronology.render_line(y):
                assert not set(segment.text) & RAW, segment
                text += segment.text
        assert "\ufffd[1mdrone attack [bold red]bold[/]" in text
        assert "[@click=app.quit]Militia\ufffd" in text  # BEL made visible too


async def test_panes_and_screens_without_raw_control_characters() -> None:
    """Every pane, in every state a user can reach."""
    app = SitrepApp(ESCAPES)
    async with app.run_test(size=(160, 50)) as pilot:
        await opened(app, pilot)

        def scan(state: str) -> None:
            assert not offenders(app), state
            assert actions_and_links(app) == set(), state

        scan("start")
        await pilot.press("shift+tab")
        for _ in range(9):
            await pilot.press("t")
            scan("tallies")
        await pilot.press("m", "n", "n")
        scan("map")
        await pilot.press("m", "p")
        assert isinstance(app.screen, ProblemsScreen)
        scan("problems")
        await pilot.press("escape", "G", "c")
        assert isinstance(app.screen, ChainScreen)
        chain = "\n".join(str(option.prompt) for option in app.screen.query_one("#chain-tree").options)
        assert "[@click=app.quit]Militia" in chain and "\x1b" not in chain
        scan("chain")
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        scan("help")
        await pilot.press("escape", "colon")
        await pilot.press(*"actor:click")
        scan("query")
        await pilot.press("escape", "slash", *"bold")
        scan("search")
        assert app.is_running


async def test_tallies_cells() -> None:
    app = SitrepApp(ESCAPES)
    async with app.run_test(size=(160, 50)) as pilot:
        await opened(app, pilot)
        assert "tallies" not in offenders(app)


async def test_detail_extra_key_name_and_source_date() -> None:
    app = SitrepApp(ESCAPES)
    async with app.run_test(size=(160, 50)) as pilot:
        await opened(app, pilot)
        assert "detail-text" not in offenders(app)


async def test_map_cursor_note() -> None:
    app = SitrepApp(ESCAPES)
    async with app.run_test(size=(160, 50)) as pilot:
        await opened(app, pilot)
        await pilot.press("m", "n")
        map_view = app.query_one(MapView)
        rows = [segment.text for y in range(map_view.size.height) for segment in map_view.render_line(y)]
        assert not set("".join(rows)) & RAW


async def test_map_labels_are_visible_text() -> None:
    app = SitrepApp(ESCAPES)
    async with app.run_test(size=(160, 50)) as pilot:
        await opened(app, pilot)
        await pilot.press("m")
        map_view = app.query_one(MapView)
        rows = ["".join(segment.text for segment in map_view.render_line(y)) for y in range(map_view.size.height)]
        assert not set("".join(rows)) & RAW
        assert any("\ufffd[2JTower" in row or "\ufffd]52" in row for row in rows[1:-1])  # the labels name the places


async def test_link_notifications(monkeypatch: pytest.MonkeyPatch) -> None:
    opened_urls: list[str] = []
    app = SitrepApp(ESCAPES)
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened_urls.append(url))
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await opened(app, pilot)
        await pilot.press("enter")
        links = app.query_one(Links)
        assert app.focused is links
        await pilot.press("j", "y", "enter")
        await pilot.pause()
        assert opened_urls == ["https://example.org/\x1b[31m[@click=app.quit]"]
        assert "Toast" not in offenders(app)


async def test_copying_a_link_writes_it_encoded(monkeypatch: pytest.MonkeyPatch) -> None:
    """OSC 52 carries the URL base64-encoded: an escape inside it cannot end the sequence early."""
    written: list[str] = []
    app = SitrepApp(ESCAPES)
    async with app.run_test(size=(160, 50)) as pilot:
        await opened(app, pilot)
        monkeypatch.setattr(app._driver, "write", written.append)
        await pilot.press("enter", "j", "y")
        await pilot.pause()
        osc = [data for data in written if data.startswith("\x1b]52;")]
        assert osc and all(set(data[len("\x1b]52;c;") : -1]) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") for data in osc)
