"""Editing from the dashboard: the editor command, new entries, and writes that keep every other byte."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
from pathlib import Path

import pytest

from paths import UI
from sitrep.ui.app import SitrepApp
from sitrep.editing.entry import editor_command, fresh_id, new_entry, with_entry
from sitrep.core.safe_write import safe_write
from sitrep.reading.reference import load_text
from sitrep.ui.screens.new_entry import DraftScreen
from sitrep.ui.widgets.chronology import Chronology

SMALL = UI / "small.yaml"
TODAY = dt.date.today().isoformat()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, ["vi", "+12", "f.yaml"]),
        ({"EDITOR": "nano -w"}, ["nano", "-w", "+12", "f.yaml"]),
        ({"EDITOR": "nano", "VISUAL": "vim"}, ["vim", "+12", "f.yaml"]),
        ({"VISUAL": "/usr/bin/code"}, ["/usr/bin/code", "--wait", "-g", "f.yaml:12"]),
        ({"VISUAL": "subl -w"}, ["subl", "-w", "f.yaml:12"]),
    ],
)
def test_editor_command(env: dict[str, str], expected: list[str]) -> None:
    assert editor_command(Path("f.yaml"), 12, env) == expected


def test_fresh_id_skips_taken_ids() -> None:
    day = dt.date(2024, 2, 2)
    assert fresh_id(day, []) == "2024-02-02-new-event"
    assert fresh_id(day, ["2024-02-02-new-event", "2024-02-02-new-event-2"]) == "2024-02-02-new-event-3"


A = "{id: a, date: 2024-01-01, type: t, actor: x}"


@pytest.mark.parametrize(("indent", "text"), [("  ", f"events:\n  - {A}\n"), ("", f"events:\n# c\n\n- {A}\n")])
def test_new_entry_matches_the_indentation_of_the_list(indent: str, text: str) -> None:
    entry = new_entry(text, dt.date(2024, 2, 2), ["a"])
    assert entry.startswith(f"{indent}- id: 2024-02-02-new-event\n{indent}  date: 2024-02-02\n")
    filled = entry.replace("type: ", "type: drone attack", 1).replace("actor: ", "actor: X", 1)
    log = load_text("version: 1\n" + text + filled)
    assert [e.id for e in log.events] == ["a", "2024-02-02-new-event"]
    assert log.problems == ()


def test_with_entry_keeps_the_original_bytes_and_says_where_the_entry_starts() -> None:
    original = b"version: 1\r\nevents:\r\n  - id: a  # \xff not utf-8\r\n"
    data, line = with_entry(original, "  - id: b\n")
    assert data[: len(original)] == original
    assert line == 4
    data, line = with_entry(b"events:\n  - id: a", "  - id: b\n")
    assert data == b"events:\n  - id: a\n  - id: b\n" and line == 3


def test_safe_write_replaces_whole_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "log.yaml"
    target.write_text("old")
    target.chmod(0o640)
    safe_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["log.yaml"]


def test_safe_write_leaves_the_original_when_writing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "log.yaml"
    target.write_text("old")

    def fail(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        safe_write(target, b"new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["log.yaml"]


def fake_editor(tmp_path: Path, body: str) -> Path:
    """A stand-in for $EDITOR: records its arguments, then runs `body` on the file (the last argument)."""
    script = tmp_path / "editor.sh"
    script.write_text(f'#!/bin/sh\necho "$@" >> "{tmp_path}/editor-calls"\nfile="$(eval echo \\${{$#}})"\n{body}\n')
    script.chmod(0o755)
    return script


@pytest.fixture
def log_file(tmp_path: Path) -> Path:
    path = tmp_path / "events.yaml"
    shutil.copy(SMALL, path)
    return path


async def loaded(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_e_opens_the_selected_event_at_its_line(tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", str(fake_editor(tmp_path, 'sed -i "s/unknown militia/Kataib Hezbollah/" "$file"')))
    app = SitrepApp(log_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("j", "j", "e")
        await loaded(pilot)
        event = app.query_one(Chronology).current
        assert event.id == "2024-01-syria-harassment"
        assert (tmp_path / "editor-calls").read_text() == f"+{event.line} {log_file}\n"
        assert event.actor == "Kataib Hezbollah"


FILL_IN = 'sed -i -e "s/^    type: $/    type: drone attack/" -e "s/^    actor: $/    actor: Islamic Resistance in Iraq/" "$file"'


async def test_a_adds_a_valid_entry_and_keeps_every_other_byte(tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = log_file.read_bytes()
    monkeypatch.setenv("VISUAL", str(fake_editor(tmp_path, FILL_IN)))
    app = SitrepApp(log_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("a")
        await loaded(pilot)
        written = log_file.read_bytes()
        assert written[: len(original)] == original
        assert f"id: {TODAY}-new-event".encode() in written[len(original):]
        assert f"{TODAY}-new-event" in app.event_log.by_id
        assert app.event_log.problems == ()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["editor-calls", "editor.sh", "events.yaml"]
        line = original.count(b"\n") + 1
        assert (tmp_path / "editor-calls").read_text() == f"+{line} {tmp_path / '.events.yaml.new-entry.yaml'}\n"


@pytest.mark.parametrize(("choice", "kept"), [("d", False), ("k", True)])
async def test_an_invalid_new_entry_is_written_only_with_the_users_word(
    tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch, choice: str, kept: bool
) -> None:
    original = log_file.read_bytes()
    monkeypatch.setenv("VISUAL", str(fake_editor(tmp_path, "true")))
    app = SitrepApp(log_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, DraftScreen)
        assert log_file.read_bytes() == original
        await pilot.press(choice)
        await loaded(pilot)
        assert (log_file.read_bytes() != original) is kept
        assert not (tmp_path / ".events.yaml.new-entry.yaml").exists()


async def test_edit_again_reopens_the_draft_until_it_validates(tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", str(fake_editor(tmp_path, "true")))
    app = SitrepApp(log_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, DraftScreen)
        monkeypatch.setenv("VISUAL", str(fake_editor(tmp_path, FILL_IN)))
        await pilot.press("e")
        await loaded(pilot)
        assert not isinstance(app.screen, DraftScreen)
        assert f"{TODAY}-new-event" in app.event_log.by_id
        assert len((tmp_path / "editor-calls").read_text().splitlines()) == 2
