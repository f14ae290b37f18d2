"""SVG snapshots of the main screens on a small fixture log, at a small and a large terminal.

Update them after an intended change of look with `pytest --snapshot-update`, and
look at the report before committing.
"""

from __future__ import annotations


import pytest

from paths import UI
from sitrep.ui.app import SitrepApp

FIXTURES = UI


@pytest.fixture(autouse=True)
def in_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths shown on screen stay relative, so snapshots do not depend on the checkout's folder."""
    monkeypatch.chdir(FIXTURES)


async def after_loading(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def keys_after_loading(*keys: str):
    async def run_before(pilot) -> None:
        await after_loading(pilot)
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_main_screen(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(SitrepApp("small.yaml"), terminal_size=size, run_before=keys_after_loading("j"))


def test_filtered_by_country(snap_compare) -> None:
    run_before = keys_after_loading("shift+tab", "t", "t", "t", "t", "t", "j", "enter")
    assert snap_compare(SitrepApp("small.yaml"), terminal_size=(120, 36), run_before=run_before)


def test_detail_links_focused(snap_compare) -> None:
    assert snap_compare(SitrepApp("small.yaml"), terminal_size=(120, 36), run_before=keys_after_loading("j", "enter"))


def test_help_screen(snap_compare) -> None:
    assert snap_compare(SitrepApp("small.yaml"), terminal_size=(100, 40), run_before=keys_after_loading("question_mark"))


def test_problems_view_on_a_broken_log(snap_compare) -> None:
    assert snap_compare(SitrepApp("broken.yaml"), terminal_size=(100, 30), run_before=keys_after_loading("p"))


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
def test_tallies_with_a_vocabulary(snap_compare, size: tuple[int, int]) -> None:
    """type-group, then actor sorted by killed: with room (200 columns), the killed and injured columns."""
    run_before = keys_after_loading("shift+tab", "t", "t", "s", "s")
    assert snap_compare(SitrepApp("../load/vocabulary.yaml"), terminal_size=size, run_before=run_before)


def test_pivot_actor_by_type(snap_compare) -> None:
    assert snap_compare(SitrepApp("small.yaml"), terminal_size=(120, 36), run_before=keys_after_loading("shift+tab", "t", "P"))


def test_reported_against_logged(snap_compare) -> None:
    assert snap_compare(SitrepApp("small.yaml"), terminal_size=(120, 40), run_before=keys_after_loading("R"))
