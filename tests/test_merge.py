"""Several logs read as one: events from each, ids unique across them, each event knowing its file."""

from __future__ import annotations

from pathlib import Path

from sitrep.ui.app import SitrepApp
from sitrep.reading.merge import load_all, log_files
from sitrep.ui.widgets.chronology import Chronology

ONE = "version: 1\ntitle: One\nevents:\n  - {id: shared, date: 2024-01-02, type: drone attack, actor: A}\n  - {id: a-only, date: 2024-01-01, type: rocket attack, actor: A}\n"
TWO = "version: 1\ntitle: Two\nevents:\n  - {id: b-only, date: 2024-01-03, type: airstrike, actor: B}\n  - {id: shared, date: 2024-01-04, type: airstrike, actor: B}\n"


def write_logs(folder: Path) -> tuple[Path, Path]:
    one, two = folder / "a.yaml", folder / "b.yml"
    one.write_text(ONE)
    two.write_text(TWO)
    (folder / "notes.txt").write_text("not a log")
    return one, two


def test_a_clash_of_ids_across_files_is_a_problem_and_both_events_stay(tmp_path: Path) -> None:
    one, two = write_logs(tmp_path)
    log = load_all([one, two])
    assert [(e.id, Path(e.file).name) for e in log.events] == [
        ("a-only", "a.yaml"), ("shared", "a.yaml"), ("b-only", "b.yml"), ("shared", "b.yml"),
    ]
    assert [str(p) for p in log.problems] == [f"{two}:5:1: error: duplicate id 'shared' (also in {one}:4)"]
    assert log.title == "2 logs"


def test_a_folder_stands_for_its_yaml_files(tmp_path: Path) -> None:
    one, two = write_logs(tmp_path)
    assert log_files([tmp_path]) == [one, two]


def test_an_unreadable_file_is_a_problem_beside_the_others_events(tmp_path: Path) -> None:
    one, _ = write_logs(tmp_path)
    log = load_all([one, tmp_path / "missing.yaml"])
    assert [e.id for e in log.events] == ["a-only", "shared"]
    assert [p.message for p in log.problems] == ["cannot read: no such file"]


async def test_the_dashboard_shows_events_of_every_file(tmp_path: Path) -> None:
    write_logs(tmp_path)
    app = SitrepApp(log_files([tmp_path]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.query_one(Chronology).events) == 4
        await pilot.press("G")
        assert "b.yml:5" in str(app.query_one("#detail-text").content)
