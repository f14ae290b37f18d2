"""Editing from the dashboard: $EDITOR on the event's line, and new entries appended to the log itself.

Faults are made by the fake editor: it performs the competing write itself before it exits."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import stat
import threading
from pathlib import Path

import pytest

from paths import UI
from sitrep.core.model import Event
from sitrep.editing import drafts
from sitrep.ui.app import SitrepApp
from sitrep.ui.flows import editing as editing_flow
from sitrep.ui.screens.new_entry import DraftScreen
from sitrep.ui.widgets.chronology import Chronology

SMALL = UI / "small.yaml"
TODAY = dt.date.today().isoformat()
THEIRS = "  - {id: written-meanwhile, date: 2024-02-20, type: rocket attack, actor: Someone else}\n"


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


@contextlib.asynccontextmanager
async def adding(monkeypatch: pytest.MonkeyPatch, editor: Path, log: Path):
    """The dashboard on `log` once `a` has run `editor` (as $VISUAL) and what followed it is done."""
    monkeypatch.setenv("VISUAL", str(editor))
    app = SitrepApp(log)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("a")
        await loaded(pilot)
        yield app, pilot


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
HALF_FILLED = 'sed -i -e "s/^    type: $/    type: drone attack/" "$file"'
"""The type given, the actor left empty: an entry with a problem."""


def notices(app) -> str:
    return " | ".join(str(notification.message) for notification in app._notifications)


def draft_calls(tmp_path: Path) -> list[str]:
    return (tmp_path / "editor-calls").read_text().splitlines()


async def test_a_adds_a_valid_entry_and_keeps_every_other_byte(
    tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch, private_state_dir: Path
) -> None:
    original = log_file.read_bytes()
    inode = log_file.stat().st_ino
    async with adding(monkeypatch, fake_editor(tmp_path, FILL_IN), log_file) as (app, pilot):
        written = log_file.read_bytes()
        assert written[: len(original)] == original
        assert f"id: {TODAY}-new-event".encode() in written[len(original):]
        assert f"{TODAY}-new-event" in app.event_log.by_id
        assert app.event_log.problems == ()
        assert log_file.stat().st_ino == inode
        assert sorted(p.name for p in tmp_path.iterdir()) == ["editor-calls", "editor.sh", "events.yaml"]
        (call,) = draft_calls(tmp_path)
        assert call.startswith(f"+1 {private_state_dir / 'drafts'}/")
        assert drafts.unfinished(log_file) == []
        assert "Entry added to events.yaml" in notices(app)


async def test_an_append_by_another_program_during_the_add_is_kept(tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = log_file.read_bytes()
    async with adding(monkeypatch, fake_editor(tmp_path, f"{FILL_IN}\nprintf '%s' '{THEIRS}' >> {log_file}"), log_file) as (app, pilot):
        written = log_file.read_bytes()
        assert written.startswith(original + THEIRS.encode())
        assert {"written-meanwhile", f"{TODAY}-new-event"} <= set(app.event_log.by_id)
        assert not isinstance(app.screen, DraftScreen)


async def test_a_symlinked_log_stays_a_symlink_and_its_target_gets_the_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "data" / "events.yaml"
    target.parent.mkdir()
    shutil.copy(SMALL, target)
    link = tmp_path / "events.yaml"
    link.symlink_to(target)
    async with adding(monkeypatch, fake_editor(tmp_path, FILL_IN), link):
        pass
    assert link.is_symlink()
    assert f"id: {TODAY}-new-event" in target.read_text()


async def test_an_editor_that_fails_adds_nothing_and_the_entry_is_offered_back(
    tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = log_file.read_bytes()
    async with adding(monkeypatch, fake_editor(tmp_path, f"{FILL_IN}\nexit 1"), log_file) as (app, pilot):
        assert log_file.read_bytes() == original
        assert "The editor exited with status 1: nothing was added" in notices(app)
    (kept,) = drafts.unfinished(log_file)
    assert stat.S_IMODE(kept.path.stat().st_mode) == 0o600
    monkeypatch.setenv("VISUAL", str(fake_editor(tmp_path, "true")))
    app = SitrepApp(log_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert "1 unfinished entry from" in notices(app)
        await pilot.press("a")
        await loaded(pilot)
        assert f"id: {TODAY}-new-event" in log_file.read_text()
    assert draft_calls(tmp_path)[0] == draft_calls(tmp_path)[1] == f"+1 {kept.path}"
    assert drafts.unfinished(log_file) == []


@pytest.mark.parametrize(
    ("editor", "says"),
    [
        ("/nonexistent/editor", "'/nonexistent/editor' is not a program"),
        ("   ", "names no command"),
        ("vim '", "is not a command: No closing quotation"),
        ("DIR", "is not a program"),
    ],
)
async def test_a_bad_editor_is_named_and_the_dashboard_carries_on(
    tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch, editor: str, says: str
) -> None:
    monkeypatch.setenv("VISUAL", str(tmp_path) if editor == "DIR" else editor)
    original = log_file.read_bytes()
    app = SitrepApp(log_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        for key in ("a", "e"):
            await pilot.press(key)
            await loaded(pilot)
            assert says in notices(app)
            app.clear_notifications()
        assert app.screen is app.screen_stack[0]
        await pilot.press("j")
        assert app.query_one(Chronology).cursor == 1
    assert log_file.read_bytes() == original
    assert drafts.unfinished(log_file) == []


async def test_a_write_protected_log_is_not_added_to(tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log_file.chmod(0o444)
    original = log_file.read_bytes()
    async with adding(monkeypatch, fake_editor(tmp_path, FILL_IN), log_file) as (app, pilot):
        assert "is write-protected (mode 444); nothing was written" in notices(app)
    assert log_file.read_bytes() == original
    assert not (tmp_path / "editor-calls").exists()


@pytest.mark.parametrize(("choice", "kept"), [("d", False), ("k", True)])
async def test_an_invalid_new_entry_is_written_only_with_the_users_word(
    tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch, choice: str, kept: bool
) -> None:
    original = log_file.read_bytes()
    async with adding(monkeypatch, fake_editor(tmp_path, HALF_FILLED), log_file) as (app, pilot):
        assert isinstance(app.screen, DraftScreen)
        assert log_file.read_bytes() == original
        await pilot.press(choice)
        await loaded(pilot)
        assert (log_file.read_bytes() != original) is kept
        assert drafts.unfinished(log_file) == []


async def test_edit_again_reopens_the_draft_until_it_validates(tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async with adding(monkeypatch, fake_editor(tmp_path, HALF_FILLED), log_file) as (app, pilot):
        assert isinstance(app.screen, DraftScreen)
        monkeypatch.setenv("VISUAL", str(fake_editor(tmp_path, FILL_IN)))
        await pilot.press("e")
        await loaded(pilot)
        assert not isinstance(app.screen, DraftScreen)
        assert f"{TODAY}-new-event" in app.event_log.by_id
        assert len((tmp_path / "editor-calls").read_text().splitlines()) == 2


async def test_a_valid_add_leaves_no_template_hints_and_selects_the_new_event(
    tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = log_file.read_bytes()
    fill = FILL_IN.replace('"$file"', '-e "s/^    # summary: $/    # my own note\\n    summary: added by hand/" "$file"')
    monkeypatch.setenv("VISUAL", str(fake_editor(tmp_path, fill)))
    app = SitrepApp(log_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("colon", *"kind:response", "enter")  # a filter that would hide the new event
        await pilot.press("a")
        await loaded(pilot)
        added = log_file.read_bytes()[len(original):].decode()
        assert added == (
            f"  - id: {TODAY}-new-event\n    date: {TODAY}\n    type: drone attack\n    actor: Islamic Resistance in Iraq\n"
            "    # my own note\n    summary: added by hand\n"
        )
        assert app.query_one(Chronology).current.id == f"{TODAY}-new-event"


async def test_every_problem_of_an_invalid_entry_is_listed_at_its_draft_line_and_esc_keeps_the_draft(
    tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch, private_state_dir: Path
) -> None:
    original = log_file.read_bytes()
    broken = (
        'sed -i -e "s/^    date: .*/    date: 2024-02-30/" -e "s/^    type: $/    type: drone attack/"'
        ' -e "s/^    actor: $/    actor: \\"unclosed/" "$file"'
    )
    async with adding(monkeypatch, fake_editor(tmp_path, broken), log_file) as (app, pilot):
        assert isinstance(app.screen, DraftScreen)
        said = [(problem.line, problem.message) for problem in app.screen.problems]
        assert said == [
            (1, f"event '{TODAY}-new-event' skipped: its date is unusable"),
            (2, "date '2024-02-30' is not a real date"),
            (4, "actor: the value cannot be read (found unexpected end of stream)"),
        ]
        await pilot.press("escape")
        await loaded(pilot)
        assert not isinstance(app.screen, DraftScreen)
        assert log_file.read_bytes() == original
        assert len(drafts.unfinished(log_file)) == 1
        assert "the entry is kept (a resumes it)" in notices(app)


async def test_an_editor_that_leaves_the_new_entry_as_it_was_adds_nothing_and_keeps_no_draft(
    tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = log_file.read_bytes()
    async with adding(monkeypatch, fake_editor(tmp_path, "true"), log_file) as (app, pilot):
        assert "Nothing added: the new entry was left as it was; the log is unchanged" in notices(app)
        assert "empty" not in notices(app).replace("left as it was", "")
        assert not isinstance(app.screen, DraftScreen)
    assert log_file.read_bytes() == original
    assert drafts.unfinished(log_file) == []



async def test_ones_own_add_after_another_programs_append_counts_and_marks_both(
    tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other program's event arrives by the follow poll's reload, one's own by the add's: two loads, both
    marked for their time, and the toast of the second counts both."""
    monkeypatch.setenv("VISUAL", str(fake_editor(tmp_path, FILL_IN)))
    app = SitrepApp(log_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        with log_file.open("a") as log:
            log.write(THEIRS)
        for _ in range(100):
            await pilot.pause(0.05)
            if "written-meanwhile" in app.event_log.by_id:
                break
        assert dict(app.query_one(Chronology).fresh) == {"written-meanwhile": "new"}
        await pilot.press("a")
        await loaded(pilot)
        assert dict(app.query_one(Chronology).fresh) == {"written-meanwhile": "new", f"{TODAY}-new-event": "new"}
        assert notices(app).endswith("2 new or changed events")


async def test_the_new_entry_is_made_off_the_interface_thread(
    tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch, private_state_dir: Path
) -> None:
    """Its template reads the whole file and every id: a second at a million events, never on the interface thread."""
    threads = []
    made = editing_flow.new_entry

    def recording(*arguments):
        threads.append(threading.current_thread() is threading.main_thread())
        return made(*arguments)

    monkeypatch.setattr(editing_flow, "new_entry", recording)
    async with adding(monkeypatch, fake_editor(tmp_path, FILL_IN), log_file) as (app, pilot):
        assert threads == [False]
        assert f"{TODAY}-new-event" in app.event_log.by_id


async def test_the_new_entrys_worker_does_not_write_out_the_log(
    tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch, private_state_dir: Path
) -> None:
    """Textual describes a worker by the repr of its call unless told otherwise: given every id of the log, that
    wrote out each event, seconds on the interface thread at a million events."""
    written = []
    monkeypatch.setenv("VISUAL", str(fake_editor(tmp_path, FILL_IN)))
    app = SitrepApp(log_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        monkeypatch.setattr(Event, "__repr__", lambda event: written.append(event.id) or event.id)
        await pilot.press("a")
        await loaded(pilot)
        assert written == []
        assert f"{TODAY}-new-event" in app.event_log.by_id
