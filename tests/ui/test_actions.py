"""One table of actions feeds the keys, the palette, the help screen, and the README's key table."""

from __future__ import annotations

import re

import pytest
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from paths import ROOT, UI
from sitrep.ui.actions import ACTIONS, HELP_SECTIONS, PANE_HINTS, PROMPT, TALLIES
from sitrep.ui.app import SitrepApp
from sitrep.ui.screens.help import HelpScreen, key_label
from sitrep.ui.widgets.tallies import Tallies

SMALL = UI / "small.yaml"


async def loaded(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def shown_help(app: SitrepApp) -> str:
    """The help screen's text, its columns one after the other."""
    return "\n".join(str(column.content) for column in app.screen.query(Static))


def readme_keys() -> set[str]:
    """Every key named in the first column of the README's key table (`t / T`, `: or f`, `x / Esc` ...)."""
    text = (ROOT / "README.md").read_text()
    table = text[text.index("| key | where | does |") :].split("\n\n")[0]
    keys: set[str] = set()
    for row in table.splitlines()[2:]:
        cell = row.split("|")[1]
        keys.update(word for word in re.split(r"\s+/\s+|,\s+|\s+or\s+|\s+", cell.strip()) if word)
    return keys


def test_the_readme_lists_every_action_key() -> None:
    listed = readme_keys()
    missing = [key for action in ACTIONS for key in key_label(action.keys).split() if key not in listed]
    assert missing == []


def test_the_readme_check_sees_a_missing_key() -> None:
    assert "Q" not in readme_keys()  # the check compares real words: an unlisted key would be reported
    assert {"t", "T", "/", ":", "f", "Esc", "Backspace", "b", "?"} <= readme_keys()


async def test_every_action_is_bound_listed_in_help_and_in_the_palette() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        bound = {(binding.key, binding.action) for binding in app.BINDINGS}
        assert {(action.keys, action.action) for action in (*ACTIONS, *PANE_HINTS)} == bound
        commands = {command.title for command in app.get_system_commands(app.screen)}
        # Under the help's own words: every action of the app (Quit is Textual's own command), and the tallies'.
        assert {action.description for action in (*ACTIONS, *TALLIES) if action.palette} <= commands
        assert {action.description for action in ACTIONS if action.action != "quit"} <= commands
        assert {"Zoom pane", "Sort", "Pivot", "Quit"} <= commands
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert all(action.description in shown_help(app) for action in ACTIONS)


async def test_a_palette_command_runs_its_action() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        before = app.query_one(Tallies).dimension
        await pilot.press("ctrl+p")
        await pilot.press(*"Tally by")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.query_one(Tallies).dimension != before


async def test_the_palette_finds_zoom_and_runs_a_tallies_action() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        before = app.query_one(Tallies).sort_by
        await pilot.press("ctrl+p", *"Sort")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.query_one(Tallies).sort_by != before
        await pilot.press("ctrl+p", *"zoom")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.screen.maximized is not None


def test_the_help_names_keys_as_they_are_typed() -> None:
    """Textual's key names (`equals_sign`, `minus`) are not what a user presses: the help shows the characters."""
    assert key_label("plus,equals_sign") == "+ ="
    assert key_label("minus") == "-"
    assert key_label("question_mark") == "?"
    assert key_label("ctrl+p") == "Ctrl+p"


def footer_keys(app: SitrepApp) -> list[tuple[str, str]]:
    return [(key.key, key.description) for key in app.screen.query(FooterKey) if key.key != "ctrl+p"]


async def test_while_typing_in_a_prompt_the_footer_shows_the_prompts_keys_and_enter_still_applies() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(pilot)
        everywhere = footer_keys(app)
        for opening in ("slash", "colon"):
            await pilot.press(opening)
            await pilot.pause()
            assert footer_keys(app) == [(action.keys, action.description) for action in PROMPT if action.footer], opening
            await pilot.press("escape")
            await pilot.pause()
            assert footer_keys(app) == everywhere
        await pilot.press("colon", *"type:drone", "enter")
        await pilot.pause()
        assert app.view.chips() == ["type: drone"] and not app.query_one("#prompt").display


def notices(app: SitrepApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


async def test_a_panes_key_pressed_outside_it_says_which_pane_and_how_to_get_there() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        sort_by = app.query_one(Tallies).sort_by
        await pilot.press("s")
        assert notices(app) == ["s is a key of the tallies (Sort): Tab there first"]
        assert app.query_one(Tallies).sort_by == sort_by
        app.clear_notifications()
        await pilot.press("w", "plus")
        assert notices(app) == ["w is a key of the detail (Who added it, when): Tab there first", "+ is a key of the map (Zoom in): press m first"]
        app.clear_notifications()
        await pilot.press("m", "P")  # the map has the focus, the tallies are hidden behind it
        assert notices(app) == ["P is a key of the tallies (Pivot): press m first"]
        app.clear_notifications()
        await pilot.press("m", "s")  # the tallies are back, with the focus: their own key, no notice
        assert notices(app) == [] and app.query_one(Tallies).sort_by != sort_by


async def test_the_help_says_where_the_map_takes_f_and_n_for_itself() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        lines = shown_help(app).splitlines()
        assert "Filter · f in the map: Fit all" in "\n".join(lines)
        assert any(line.split() == ["n", "Next", "hit", "·", "n", "in", "the", "map:", "Next", "marker"] for line in lines)
        assert any(line.split() == ["f", "Fit", "all", "·", "here,", "not", "Filter"] for line in lines)


@pytest.mark.parametrize(("size", "columns", "scrolls"), [((160, 48), 3, False), ((120, 40), 2, True), ((80, 24), 1, True)])
async def test_the_help_uses_the_width_in_columns_and_needs_no_scrolling_at_160x48(size, columns: int, scrolls: bool) -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        body = app.screen.query_one("#help-body")
        assert len(app.screen.query(Static)) == columns
        assert (body.max_scroll_y > 0) is scrolls
        text = shown_help(app)
        assert all(f"{title}\n" in text for title, _ in HELP_SECTIONS)
