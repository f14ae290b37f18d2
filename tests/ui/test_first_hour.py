"""Where a new user tripped (issue 18): each case pressed as the user pressed it, the panes read back."""

from __future__ import annotations

from textual.widgets import Static

from paths import UI
from sitrep.ui.app import SitrepApp
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
