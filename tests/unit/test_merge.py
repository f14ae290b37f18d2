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


def test_a_repeated_id_links_to_the_first_in_its_file_whether_or_not_another_file_is_open(tmp_path: Path) -> None:
    """One rule for the id -> event map: the first in the file, even when a later duplicate is dated earlier."""
    first = tmp_path / "a.yaml"
    first.write_text(
        "version: 1\nevents:\n"
        "  - {id: x, date: 2024-02-01, type: first written, actor: A}\n"
        "  - {id: x, date: 2024-01-01, type: written second, actor: A}\n"
    )
    other = tmp_path / "b.yaml"
    other.write_text("version: 1\nevents:\n  - {id: y, date: 2024-02-02, type: strike, actor: B, responds_to: [x]}\n")
    alone = load_all([first])
    together = load_all([first, other])
    assert alone.by_id["x"].type == "first written"
    assert together.by_id["x"].type == "first written"
    assert [str(problem).split(": ", 1)[1] for problem in together.problems if "duplicate" in problem.message] == [
        "error: duplicate id 'x' (first at line 3)"
    ]
