"""The dashboard follows its file while someone edits it: appends, edits, breakage, recovery, replacement."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from paths import UI
from sitrep.ui.app import SitrepApp
from sitrep.ui.widgets.chronology import Chronology
from sitrep.ui.widgets.status_bar import Banner

SMALL = UI / "small.yaml"

APPENDED = """\
  - id: 2024-02-02-tower-22-follow-up
    date: 2024-02-02
    type: drone attack
    actor: Islamic Resistance in Iraq
    target: Tower 22
"""


@pytest.fixture
def log_file(tmp_path: Path) -> Path:
    path = tmp_path / "events.yaml"
    shutil.copy(SMALL, path)
    return path


async def settle(pilot, seconds: float = 1.2) -> None:
    """Long enough for a stat check (every 0.1 s) and the reload worker."""
    await pilot.pause(seconds)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def ids(app: SitrepApp) -> list[str]:
    return [event.id for event in app.query_one(Chronology).events]


def bump(path: Path, text: str) -> None:
    """Write and move the mtime on, so a same-second rewrite of equal size is still seen."""
    path.write_text(text)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


async def test_an_appended_event_appears_marked_and_the_selection_stays(log_file: Path) -> None:
    app = SitrepApp(log_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.1)
        await pilot.press("j", "j", "j")
        selected = app.query_one(Chronology).current.id
        bump(log_file, log_file.read_text() + APPENDED)
        await settle(pilot)
        assert ids(app)[-1] == "2024-02-02-tower-22-follow-up"
        assert len(ids(app)) == 9
        assert app.query_one(Chronology).current.id == selected
        assert app.query_one(Chronology).fresh == {"2024-02-02-tower-22-follow-up": "new"}


async def test_an_edited_event_is_marked_changed(log_file: Path) -> None:
    app = SitrepApp(log_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.1)
        bump(log_file, log_file.read_text().replace("actor: unknown militia", "actor: Kataib Hezbollah"))
        await settle(pilot)
        assert app.query_one(Chronology).fresh == {"2024-01-syria-harassment": "changed"}
        assert app.event_log.by_id["2024-01-syria-harassment"].actor == "Kataib Hezbollah"


async def test_filters_survive_a_reload(log_file: Path) -> None:
    app = SitrepApp(log_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.1)
        await pilot.press("shift+tab", "t", "t", "t", "t", "t", "j", "enter")  # country: Syria
        bump(log_file, log_file.read_text() + APPENDED.replace("Tower 22", "al-Tanf").replace("type: drone", "type: rocket"))
        await settle(pilot)
        assert len(ids(app)) == 2
        assert app.view.chips() == ["country = Syria"]


async def test_a_broken_save_keeps_the_last_good_data_and_recovers(log_file: Path) -> None:
    app = SitrepApp(log_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.1)
        good = log_file.read_text()
        bump(log_file, good + '  - id: half-written\n    date: 2024-02-03\n    actor: "unterminated\n')
        await settle(pilot)
        banner = app.query_one(Banner)
        assert banner.display
        assert "YAML syntax" in str(banner.content) and "events.yaml:" in str(banner.content)
        assert len(ids(app)) == 8
        bump(log_file, good + APPENDED)
        await settle(pilot)
        assert not banner.display
        assert len(ids(app)) == 9


async def test_a_file_deleted_and_recreated_is_followed(log_file: Path) -> None:
    app = SitrepApp(log_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.1)
        text = log_file.read_text()
        log_file.unlink()
        await settle(pilot)
        assert app.query_one(Banner).display
        assert "cannot read" in str(app.query_one(Banner).content)
        assert len(ids(app)) == 8
        replacement = log_file.with_name("saved-by-editor.yaml")
        replacement.write_text(text + APPENDED)
        replacement.rename(log_file)
        await settle(pilot)
        assert not app.query_one(Banner).display
        assert len(ids(app)) == 9


async def test_an_emptied_file_does_not_empty_the_screen(log_file: Path) -> None:
    app = SitrepApp(log_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.1)
        bump(log_file, "")
        await settle(pilot)
        assert len(ids(app)) == 8
        assert app.query_one(Banner).display


async def test_an_edit_that_keeps_size_and_mtime_is_still_seen(log_file: Path) -> None:
    """`touch -d` can set the mtime back; nothing sets back the ctime."""
    app = SitrepApp(log_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.1)
        before = log_file.stat()
        text = log_file.read_text()
        assert "Site Euphrates" in text
        log_file.write_text(text.replace("Site Euphrates", "Site Euphratez"))
        os.utime(log_file, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert (log_file.stat().st_size, log_file.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
        await settle(pilot)
        assert any(event.target == "Mission Support Site Euphratez" for event in app.event_log.events)


async def test_an_unreadable_file_is_tried_again_until_it_reads(log_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What makes a file readable again (a folder's permission, a remount) need not touch the file itself."""
    from sitrep.reading import UnreadableFile, route

    real = route.read_bytes
    app = SitrepApp(log_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.1)

        def refused(path, *args):
            raise UnreadableFile(f"{path}: Permission denied")

        monkeypatch.setattr(route, "read_bytes", refused)
        bump(log_file, log_file.read_text())
        await settle(pilot)
        assert "cannot read" in str(app.query_one(Banner).content)
        monkeypatch.setattr(route, "read_bytes", real)
        await settle(pilot, 2.5)
        assert not app.query_one(Banner).display


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a mode-000 file")
async def test_chmod_000_then_644_clears_the_banner(log_file: Path) -> None:
    app = SitrepApp(log_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.1)
        log_file.chmod(0)
        await settle(pilot)
        assert app.query_one(Banner).display
        log_file.chmod(0o644)
        await settle(pilot)
        assert not app.query_one(Banner).display


async def test_a_file_changed_before_its_end_and_grown_is_shown_as_it_now_is(log_file: Path) -> None:
    """A file that only grew is read from its appended bytes (reading/appended.py); the bytes before are checked
    meanwhile and, changed too, make the dashboard read the whole file again."""
    app = SitrepApp(log_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.1)
        text = log_file.read_text()
        descriptor = os.open(log_file, os.O_WRONLY)  # in place, one write: the same inode, a larger size
        os.write(descriptor, (text.replace("target: Erbil Air Base", "target: Erbil Air Bass", 1) + APPENDED).encode())
        os.close(descriptor)
        await settle(pilot)
        await settle(pilot, 0.5)
        assert ids(app)[-1] == "2024-02-02-tower-22-follow-up"
        assert app.event_log.by_id["2023-12-25-erbil-drone"].target == "Erbil Air Bass"
        assert app.query_one(Chronology).fresh.get("2023-12-25-erbil-drone") == "changed"
