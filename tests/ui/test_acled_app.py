"""The dashboard on an ACLED export: its events shown as a YAML log's, and `e`/`a` explaining it is read-only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Static

from paths import ACLED
from sitrep.ui.app import SitrepApp
from sitrep.ui.widgets.chronology import Chronology
from sitrep.ui.widgets.tallies import Tallies
from tally_pane import labels


async def loaded(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def notices(app: SitrepApp) -> str:
    return " | ".join(str(notification.message) for notification in app._notifications)


async def test_a_csv_opens_with_its_events_and_codebook_groups_and_e_and_a_explain_it_is_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = tmp_path / "iraq.csv"
    shutil.copy(ACLED / "current_2024.csv", export)
    calls = tmp_path / "editor-calls"
    editor = tmp_path / "editor.sh"
    editor.write_text(f'#!/bin/sh\necho "$@" >> "{calls}"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(editor))
    before = export.read_bytes()
    app = SitrepApp(export)
    async with app.run_test(size=(200, 40)) as pilot:
        await loaded(pilot)
        assert [event.id for event in app.query_one(Chronology).events] == ["SYR123456", "IRQ31546", "YEM89012"]
        assert "3 events · 0 problems" in str(app.query_one("#status", Static).content)
        await pilot.press("t")  # type, then type-group: the codebook's event types
        assert app.query_one(Tallies).border_title == "Tallies · type-group"
        assert labels(app.query_one(Tallies))[:2] == ["Explosions/Remote violence", "Violence against civilians"]
        await pilot.press("e")
        await loaded(pilot)
        await pilot.press("a")
        await loaded(pilot)
        said = notices(app)
        assert said.count("iraq.csv is an ACLED export, read-only") == 2
        assert "sitrep import iraq.csv -o events.yaml" in said
    assert not calls.exists()
    assert export.read_bytes() == before


async def test_an_event_known_only_by_its_month_has_no_day_number() -> None:
    """ACLED's time_precision 3 gives a month: its day in the log is not known, so no (negative) day N is shown."""
    app = SitrepApp(ACLED / "current_2024.csv")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        chronology = app.query_one(Chronology)
        assert chronology.current.id == "SYR123456" and chronology.current.month_only
        assert chronology.border_title == "Chronology · day unknown"
        assert chronology.render_line(0).text.startswith("── 2024-01 (day unknown) · 1 event ──")
        await pilot.press("j")
        assert chronology.border_title == "Chronology · day 1"
