"""Where a new user tripped (issue 18): each case pressed as the user pressed it, the panes read back."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from paths import UI
from sitrep.ui.app import SitrepApp
from sitrep.ui.screens.problems import ProblemsScreen
from sitrep.ui.widgets.chronology import Chronology

SMALL = UI / "small.yaml"


async def loaded(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def shown_ids(app: SitrepApp) -> list[str]:
    return [event.id for event in app.query_one(Chronology).events]


def error_text(app: SitrepApp) -> str:
    line = app.query_one("#prompt-error", Static)
    return str(line.content) if line.display else ""


async def test_a_misspelt_field_filters_by_the_whole_terms_before_it_not_by_the_word_typed() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("colon", *'type:drone plase:"ain al-asad"')
        assert app.view.chips() == ["type: drone"]
        assert len(shown_ids(app)) == 3
        assert "unknown field 'plase'" in error_text(app) and error_text(app).endswith("· filtering by type:drone")


async def test_a_line_whose_first_word_is_wrong_filters_by_nothing() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        for text in ("http://x", 'ab"c'):
            await pilot.press("colon", *text)
            assert app.view.chips() == [], text
            assert len(shown_ids(app)) == 8, text
            assert error_text(app).endswith("· no filter applied"), text
            await pilot.press("escape")


BROKEN = UI / "broken.yaml"


def fake_editor(tmp_path: Path, body: str = "") -> Path:
    """A stand-in for $EDITOR: records its arguments, then runs `body` on the file (the last argument)."""
    script = tmp_path / "editor.sh"
    script.write_text(f'#!/bin/sh\necho "$@" >> "{tmp_path}/editor-calls"\nfile="$(eval echo \\${{$#}})"\n{body}\n')
    script.chmod(0o755)
    return script


async def test_problems_list_keys_move_and_enter_on_an_entry_not_loaded_says_so_and_e_opens_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", str(fake_editor(tmp_path)))
    app = SitrepApp(BROKEN)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("p", "G")
        table = app.screen.query_one(DataTable)
        assert table.cursor_row == 2
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("end", "enter")
        assert isinstance(app.screen, ProblemsScreen)  # not put on a neighbouring event
        assert "this entry was not loaded" in str(app.screen.query_one("#problem-message", Static).content)
        await pilot.press("e")
        await loaded(pilot)
        assert not isinstance(app.screen, ProblemsScreen)
        assert (tmp_path / "editor-calls").read_text() == f"+19 {BROKEN}\n"
        await pilot.press("p", "j", "enter")  # a warning of a loaded event: goes there
        assert not isinstance(app.screen, ProblemsScreen)
        assert app.query_one(Chronology).current.id == "good-2"


async def test_a_file_broken_on_disk_is_what_the_status_bar_and_p_report(tmp_path: Path) -> None:
    log = tmp_path / "events.yaml"
    shutil.copy(SMALL, log)
    app = SitrepApp(log)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        assert "0 problems" in str(app.query_one("#status", Static).content)
        with log.open("a") as file:
            file.write('  - id: kept-anyway\n    date: 2024-02-01\n    actor: "unclosed\n')
        for _ in range(50):
            await pilot.pause(0.05)
            if app.query_one("#banner", Static).display:
                break
        await loaded(pilot)
        assert "YAML syntax" in str(app.query_one("#banner", Static).content)
        assert "1 problem in the file on disk (p to list)" in str(app.query_one("#status", Static).content)
        assert len(shown_ids(app)) == 8  # the version before stays on screen
        await pilot.press("p")
        table = app.screen.query_one(DataTable)
        assert "YAML syntax" in str(table.get_row_at(0)[3])
        assert "the file on disk" in str(app.screen.query_one("#problems-body").border_subtitle)


def notices(app: SitrepApp) -> str:
    return " | ".join(str(notification.message) for notification in app._notifications)


async def test_jump_to_date_tells_a_date_that_is_not_real_and_one_outside_the_log() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("d", *"2024-02-30", "enter")
        assert "2024-02-30 is not a real date" in error_text(app)
        await pilot.press("escape", "d", *"2030-01-01", "enter")
        assert app.query_one(Chronology).current.date.isoformat() == "2024-01-24"
        assert "2030-01-01 is after every shown event: on the last, 2024-01-24" in notices(app)
        await pilot.press("d", *"2020-05", "enter")
        assert "2020-05 is before every shown event: on the first, 2023-12-25" in notices(app)
        await pilot.press("d", *"garbage", "enter")
        assert "write a date as YYYY-MM-DD or YYYY-MM" in error_text(app)


async def test_day_n_counts_from_the_first_event_of_the_log_whatever_is_shown() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("colon", *"month:2024-01 type:missile", "enter")
        assert app.query_one(Chronology).current.id == "2024-01-20-ain-al-asad-missiles"
        assert app.query_one(Chronology).border_title == "Chronology · day 27"  # 2023-12-25 is day 1


async def test_long_values_wrap_in_full_under_their_label_and_long_labels_stand_above(tmp_path: Path) -> None:
    note = "first words " + "and a long note that goes on " * 30 + "last words"
    log = tmp_path / "long.yaml"
    log.write_text(
        "version: 1\nevents:\n  - id: long\n    date: 2024-01-02\n    type: rocket attack\n    actor: A\n"
        f"    note: {note}\n    coord_source: a gazetteer with a long name\n"
    )
    app = SitrepApp(log)
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        lines = str(app.query_one("#detail-text", Static).content).splitlines()
        width = app.query_one("#detail-scroll").scrollable_content_region.width
        note_lines = lines[next(i for i, line in enumerate(lines) if line.strip().startswith("note")) :][:40]
        assert note_lines[0].startswith("       note  first words")
        body = [line for line in note_lines[1:] if line.startswith(" " * 13)]
        assert note.strip() in " ".join(line.strip() for line in [note_lines[0].split("note  ", 1)[1], *body])
        assert all(len(line) <= width for line in lines)
        label = lines.index(" coord_source")
        assert lines[label + 1] == " " * 13 + "a gazetteer with a long name"


async def test_either_values_and_groups_filter_from_the_query_line_and_a_stray_paren_is_shown_in_place() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("colon", *"type:rocket,missile", "enter")
        assert app.view.chips() == ["type: rocket | missile"]
        assert sorted(shown_ids(app)) == ["2024-01-05-tanf-rockets", "2024-01-20-ain-al-asad-missiles", "2024-01-syria-harassment"]
        await pilot.press("escape", "colon", *"(type:drone country:syria")
        assert "unclosed '(': add its ')'" in error_text(app)
        await pilot.press(")", "enter")
        assert shown_ids(app) == []
        await pilot.press("colon", "ctrl+u", *"kind:response OR country:syria", "enter")
        assert len(shown_ids(app)) == 5


async def test_the_bundled_log_says_what_it_is_and_e_and_a_explain_how_to_start_ones_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitrep.session.bundled import BUNDLED_LOG

    monkeypatch.setenv("VISUAL", str(fake_editor(tmp_path)))
    before = BUNDLED_LOG.read_bytes()
    app = SitrepApp(BUNDLED_LOG)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        assert str(app.query_one("#status", Static).content).startswith("the bundled example log (read-only copy) · ")
        await pilot.press("a")
        await loaded(pilot)
        await pilot.press("e")
        await loaded(pilot)
        assert notices(app).count("Run `sitrep init` in a folder of your own") == 2
        assert not (tmp_path / "editor-calls").exists()
        assert BUNDLED_LOG.read_bytes() == before


async def test_export_starts_in_the_logs_folder_then_from_the_last_path_and_refuses_an_unknown_ending(tmp_path: Path) -> None:
    from textual.widgets import Input

    log = tmp_path / "events.yaml"
    shutil.copy(SMALL, log)
    with log.open("a") as file:
        file.write("  - {id: noted, date: 2024-02-01, type: rocket attack, actor: A, note: a note, date_note: 'late, local'}\n")
    app = SitrepApp(log)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("E")
        assert app.query_one(Input).value == str(tmp_path / "sitrep-export.csv")
        app.query_one(Input).value = str(tmp_path / "out.txt")
        await pilot.press("enter")
        assert "write a file name ending .csv .json .md .geojson" in error_text(app)
        assert not (tmp_path / "out.txt").exists()
        app.query_one(Input).value = str(tmp_path / "out.csv")
        await pilot.press("enter")
        await loaded(pilot)
        with (tmp_path / "out.csv").open(newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert list(rows[0])[-2:] == ["note", "date_note"]
        assert [(row["note"], row["date_note"]) for row in rows if row["event_id_cnty"] == "noted"] == [("a note", "late, local")]
        await pilot.press("E")
        assert app.query_one(Input).value == str(tmp_path / "out.csv")


async def test_z_zooms_the_whole_focused_pane_and_gives_it_back_with_the_selection_in_view() -> None:
    from sitrep.ui.widgets.detail import Detail, Links

    app = SitrepApp(SMALL)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("enter")  # into the detail's links
        assert isinstance(app.focused, Links)
        await pilot.press("z")
        assert app.screen.maximized is app.query_one(Detail)
        await pilot.press("z", "tab")
        chronology = app.query_one(Chronology)
        chronology.focus()
        await pilot.press("G", "z")
        assert app.screen.maximized is chronology
        await pilot.press("g", "G", "z")
        await pilot.pause()
        row = chronology._layout.row_of(chronology.cursor)
        assert chronology.scroll_offset.y <= row < chronology.scroll_offset.y + chronology.scrollable_content_region.height


async def test_the_time_strip_keeps_the_logs_axis_under_a_filter() -> None:
    from textual.widgets import Sparkline

    app = SitrepApp(SMALL)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        whole = list(app.query_one(Sparkline).data)
        assert len(whole) == 31  # 2023-12-25 to 2024-01-24
        await pilot.press("colon", *"on:2024-01-20", "enter")
        data = list(app.query_one(Sparkline).data)
        assert len(data) == 31
        assert [i for i, count in enumerate(data) if count] == [26] and data[26] == 2
        assert str(app.query_one("#strip-axis", Static).content).startswith("2023-12-25")


async def test_a_date_mistyped_centuries_off_stretches_the_axis_not_the_memory(tmp_path: Path) -> None:
    from textual.widgets import Sparkline

    log = tmp_path / "typo.yaml"
    log.write_text(
        "version: 1\nevents:\n"
        "  - {id: a, date: 2024-01-28, type: drone attack, actor: Kataib Hezbollah}\n"
        "  - {id: b, date: 2024-01-29, type: drone attack, actor: Kataib Hezbollah}\n"
        "  - {id: c, date: 2024-01-29, type: drone attack, actor: Kataib Hezbollah}\n"
        "  - {id: typo, date: 9024-01-30, type: drone attack, actor: Kataib Hezbollah}\n",
        encoding="utf-8",
    )
    app = SitrepApp(str(log))
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        spark = app.query_one(Sparkline)
        data = list(spark.data)
        assert len(data) <= 8192 and data[0] == 2 and data[-1] == 1 and sum(data) == 3  # the busiest day of each stretch
        assert spark.tooltip == "events per day, busiest day 2"
        axis = str(app.query_one("#strip-axis", Static).content)
        assert "2024-01-28" in axis[:14] and axis.rstrip().endswith("9024-01-30")


async def test_reported_against_logged_counts_the_events_shown() -> None:
    from sitrep.ui.screens.reported import ReportedScreen

    app = SitrepApp(SMALL)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("R")
        assert isinstance(app.screen, ReportedScreen)
        everything = [point.logged for point in app.screen.points]
        await pilot.press("escape", "colon", *"country:iraq", "enter", "R")
        assert [point.logged for point in app.screen.points] != everything
        assert app.screen.query_one("#reported-body").border_subtitle == f"logged: the {len(shown_ids(app))} events shown"
