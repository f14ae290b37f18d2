"""The tallies pane on a log with a vocabulary: group dimensions, casualty columns, sorting, drill-down, labels."""

from __future__ import annotations

from paths import LOAD, UI
from sitrep.ui.app import SitrepApp
from sitrep.ui.widgets.chronology import Chronology
from sitrep.core.describe import distinct_labels
from sitrep.ui.widgets.tallies import Tallies
from sitrep.ui.widgets.tally_grid import TOTAL
from tally_pane import labels, lines, shown, under_cursor

VOCABULARY = LOAD / "vocabulary.yaml"
SMALL = UI / "small.yaml"
DECADES = UI / "decades.yaml"  # three events from 1985 to 2024: 2,087 weeks


def cells(app: SitrepApp) -> list[dict[str, str]]:
    """Each row's cells by column key (group, count, share, bar, killed, injured: those the width allows)."""
    return shown(app.query_one(Tallies))


async def loaded(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_group_dimension_casualty_columns_and_sorting_by_killed() -> None:
    app = SitrepApp(VOCABULARY)
    async with app.run_test(size=(200, 60)) as pilot:
        await loaded(pilot)
        tallies = app.query_one(Tallies)
        assert [row["group"] for row in cells(app)] == ["drone attack", "airstrik", "airstrike", "rocket attack"]
        await pilot.press("shift+tab", "t")
        assert tallies.border_title == "Tallies · type-group"
        assert [(row["group"], row["count"], row["killed"], row["injured"]) for row in cells(app)] == [
            ("Explosions/Remote violence", "4", "5 +2?", "5–7 +2?"), ("(no group)", "1", "?", "?"),
        ]
        assert str(tallies.border_subtitle) == "2 groups · by count"  # a label shown whole is not repeated below
        await pilot.press("t")
        assert tallies.border_title == "Tallies · actor"
        await pilot.press("s", "s")
        assert tallies.border_subtitle == "4 groups · by killed"
        assert [row["group"] for row in cells(app)] == ["United States", "Kataib Hezbollah", "Harakat al-Nujaba", "Islamic Resistance in Iraq"]
        await pilot.press("j", "enter")
        assert [event.id for event in app.query_one(Chronology).events] == ["a1", "a2"]  # KH and Kata'ib Hizballah
        assert app.view.chips() == ["actor = Kataib Hezbollah"]


async def test_the_detail_shows_the_written_value_and_its_canonical_one() -> None:
    app = SitrepApp(VOCABULARY)
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(pilot)
        text = " ".join(str(app.query_one("#detail-text").content).split())  # values wrap to the pane
        assert "UAV attack → drone attack · Explosions/Remote violence" in text
        assert "KH → Kataib Hezbollah · Islamic Resistance in Iraq" in text
        assert "OWA drone → one-way attack drone" in text


async def test_a_row_without_a_group_is_not_filtered_to() -> None:
    app = SitrepApp(VOCABULARY)
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("shift+tab", "t", "j", "enter")
        assert len(app.query_one(Chronology).events) == 5
        assert any("No filter selects the (no group) group" in str(n.message) for n in app._notifications)


def test_cut_labels_never_look_alike() -> None:
    labels = ["Kataib Hezbollah (KH)", "Kataib Hezbollah al-Nujaba", "short"]
    shown = distinct_labels(labels, 14)
    assert shown[2] == "short"
    assert len(set(shown)) == 3 and all(len(label) == 14 for label in shown[:2])
    assert distinct_labels(["Ain al-Asad Air Base", "Erbil"], 14) == ["Ain al-Asad A…", "Erbil"]


async def test_a_pivot_with_totals_and_enter_on_a_cell_filters_to_both() -> None:
    app = SitrepApp(VOCABULARY)
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        tallies = app.query_one(Tallies)
        await pilot.press("shift+tab", "t", "t", "z")  # zoomed: a pivot wants the room
        while tallies.border_title != "Tallies · actor by month":
            await pilot.press("P")
            assert tallies.then is not None
        rows = cells(app)
        assert [row["group"] for row in rows] == ["Kataib Hezbollah", "Harakat al-Nujaba", "Islamic Resistance in Iraq", "United States", "total"]
        assert [rows[0][key] for key in ("2024-01", "2024-02", "2024-03")] == ["2", "·", "·"]
        assert [rows[-1][key] for key in ("2024-01", "2024-02", "2024-03")] == ["2", "0", "3"]
        await pilot.press("j", "j", "j", "l", "l", "l", "enter")  # United States × 2024-03
        assert [event.id for event in app.query_one(Chronology).events] == ["a4"]
        assert app.view.chips() == ["actor = United States", "month: 2024-03"]
        await pilot.press("shift+tab", "P")
        assert tallies.then is None or tallies.border_title.startswith("Tallies · actor by")


def test_the_index_pivot_is_the_events_pivot() -> None:
    from sitrep.ask.index import LogIndex
    from sitrep.ask.pivot import pivot
    from sitrep.reading import load
    from paths import ROOT

    for path in (VOCABULARY, ROOT / "events.yaml", LOAD / "tally.yaml"):
        log = load(path)
        index = LogIndex(log.events, vocabulary=log.vocabulary)
        for by, then in (("actor", "month"), ("weapon", "type"), ("type", "weapon"), ("country", "week")):
            assert index.pivot(index.all, by, then) == pivot(log.events, by, then, log.vocabulary), (path, by, then)


async def test_reported_against_logged_plots_both_series_and_lists_the_gap() -> None:
    from paths import ROOT
    from sitrep.ui.screens.reported import ReportedScreen

    app = SitrepApp(ROOT / "events.yaml")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("R")
        assert isinstance(app.screen, ReportedScreen)
        chart = str(app.screen.query_one("#reported-chart").content)
        table = str(app.screen.query_one("#reported-table").content)
        assert "◆" in chart and "·" in chart and "2023-10-18" in chart and "2024-04-23" in chart
        assert "  2023-10-24        ≥13        8       +5   Shafaq News, 24 Oct 2023" in table
        assert len([line for line in table.splitlines() if line.startswith("  20")]) == len(app.event_log.reported_counts)
        await pilot.press("escape")
        assert not isinstance(app.screen, ReportedScreen)


async def test_reported_against_logged_on_a_log_without_counts() -> None:
    from sitrep.ui.screens.reported import ReportedScreen

    app = SitrepApp(VOCABULARY)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("R")
        assert isinstance(app.screen, ReportedScreen)
        assert "holds no reported_counts" in str(app.screen.query_one("Static").content)


async def test_a_narrow_tallies_pane_fits_without_scrolling_sideways() -> None:
    """At 80 and 120 columns the pane is 28 cells: the table's columns fit it (the bar gives way to whole labels);
    wider panes keep the bar."""
    for size, with_bar in (((80, 24), False), ((120, 40), False), ((160, 48), True), ((200, 60), True)):
        app = SitrepApp(VOCABULARY)
        async with app.run_test(size=size) as pilot:
            await loaded(pilot)
            tallies = app.query_one(Tallies)
            assert tallies.virtual_size.width <= tallies.scrollable_content_region.width, size
            assert ("bar" in cells(app)[0]) is with_bar, size
            assert cells(app)[0]["group"] == "drone attack", size


async def test_a_dimension_not_yet_counted_is_counted_by_a_worker_and_the_key_does_not_wait(monkeypatch) -> None:
    """On a big log a `t` the warm-up has not reached yet shows `counting…` at once, then the rows."""
    import threading

    from sitrep.ask.index import LogIndex, counts

    monkeypatch.setattr(counts, "COUNTED_AT_ONCE", 0)  # this small log as if it were a big one
    monkeypatch.setattr(LogIndex, "warm_up", lambda index: None)
    release = threading.Event()
    code = LogIndex.code

    def held(index: LogIndex, dimension: str):
        if dimension != "type":  # the loading worker's, for the first screen
            assert release.wait(10)
        return code(index, dimension)

    monkeypatch.setattr(LogIndex, "code", held)
    app = SitrepApp(VOCABULARY)
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(pilot)
        tallies = app.query_one(Tallies)
        await pilot.press("shift+tab", "t", "t")
        assert tallies.border_title == "Tallies · actor" and tallies.border_subtitle == "counting…"
        assert cells(app) == [] and not "".join(lines(tallies)).strip()
        release.set()
        await loaded(pilot)
        assert tallies.border_subtitle == "4 groups · by count"
        assert [row["group"] for row in cells(app)][:2] == ["Kataib Hezbollah", "Harakat al-Nujaba"]


async def test_a_pivot_scrolled_sideways_at_80_columns_keeps_its_row_labels() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("shift+tab", "t", "P")  # actor by type: more columns than the pane shows
        tallies = app.query_one(Tallies)
        before = labels(tallies)
        assert before[:2] == ["Islamic Resis…", "United States"] and "total" not in lines(tallies)[0]
        await pilot.press(*"l" * 6)  # to the totals column
        await pilot.pause()
        assert tallies.scroll_x > 0
        assert labels(tallies) == before
        assert lines(tallies)[0].startswith(" actor / type ") and "total" in lines(tallies)[0]
        assert shown(tallies)[0][TOTAL] == "3"


async def test_a_pivot_column_wider_than_a_narrow_pane_shows_its_figures() -> None:
    """At 80x24, type by type-group: `Explosions/Remote violence` is wider than the room beside the labels, and its
    counts are at its right end; the cursor on it scrolls them into view, not only its heading's start."""
    from paths import ROOT

    app = SitrepApp(str(ROOT / "tui" / "data" / "events.yaml"))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("shift+tab", "P")
        tallies = app.query_one(Tallies)
        pivot = tallies.grid.table
        assert tallies.pivoted and pivot.columns[0] == "Explosions/Remote violence"
        await pilot.press("l")
        await pilot.pause()
        drawn = lines(tallies)
        figure = str(pivot.count(pivot.rows[0], "Explosions/Remote violence"))
        assert drawn[1].strip().startswith(labels(tallies)[0]) and drawn[1].rstrip().endswith(" " + figure), drawn[:2]
        assert drawn[0].rstrip().endswith("iolence")
        assert "Explosions/Remote violence" in str(tallies.border_subtitle)


async def test_a_week_tally_of_four_decades_shows_its_ends_and_filters_by_a_week() -> None:
    app = SitrepApp(DECADES)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        tallies = app.query_one(Tallies)
        await pilot.press("shift+tab", "T")  # type, back to week
        assert tallies.border_title == "Tallies · week" and tallies.border_subtitle == "2087 groups · by time"
        rows = shown(tallies)
        assert len(rows) == tallies.scrollable_content_region.height - 1  # a pane full of rows, under the header
        assert [(row["group"], row["count"]) for row in rows[:3]] == [("1985-W02", "1"), ("1985-W03", "0"), ("1985-W04", "0")]
        assert under_cursor(tallies)[0] == ("1985-W02", "group")
        for last in ("G", "end"):
            await pilot.press("g" if last == "end" else "j")
            await pilot.press(last)
            rows = shown(tallies)
            assert [(row["group"], row["count"]) for row in rows[-2:]] == [("2024-W52", "0"), ("2025-W01", "1")], last
            assert {label for label, _ in under_cursor(tallies)} == {"2025-W01"}, last
        await pilot.press("k")
        assert {label for label, _ in under_cursor(tallies)} == {"2024-W52"}
        await pilot.press("j", "enter")
        assert [event.id for event in app.query_one(Chronology).events] == ["2024-last"]
        assert app.view.chips() == ["week: 2025-W01"]


async def test_a_pivot_by_two_thousand_weeks_scrolls_to_its_totals_beside_its_labels() -> None:
    app = SitrepApp(DECADES)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        tallies = app.query_one(Tallies)
        await pilot.press("shift+tab", "z")  # zoomed: a pivot wants the room
        while tallies.border_title != "Tallies · type by week":
            await pilot.press("P")
            assert tallies.then is not None
        before = labels(tallies)
        assert sorted(before) == ["airstrike", "drone attack", "rocket attack", "total"]
        header = lines(tallies)[0]
        assert header.startswith(" type / week ") and "1985-W02" in header and "total" not in header
        await pilot.press("end")  # the totals column, 2,088 columns on
        assert tallies.scroll_x > 0 and labels(tallies) == before
        header = lines(tallies)[0]
        assert header.startswith(" type / week ") and "2025-W01" in header and header.rstrip().endswith("total")
        assert [row[TOTAL] for row in shown(tallies)] == ["1", "1", "1", "3"]
        await pilot.press("h", *"j" * before.index("drone attack"))
        assert under_cursor(tallies) == [("drone attack", "2025-W01")]
        assert shown(tallies)[before.index("drone attack")]["2025-W01"] == "1"
        await pilot.press("enter")
        assert [event.id for event in app.query_one(Chronology).events] == ["2024-last"]
        assert app.view.chips() == ["type = drone attack", "week: 2025-W01"]
        await pilot.press("shift+tab", "z", "home")  # back in the pivot of the one event: Home, its label column
        assert under_cursor(tallies) == [("drone attack", "group")] and tallies.scroll_x == 0


async def test_a_click_puts_the_cursor_on_a_row_and_below_the_rows_does_nothing() -> None:
    app = SitrepApp(SMALL)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        tallies = app.query_one(Tallies)
        assert labels(tallies)[:2] == ["airstrike", "drone attack"]
        await pilot.click(Tallies, offset=(3, 3))  # the border, the header, then the second row
        assert {label for label, _ in under_cursor(tallies)} == {"drone attack"}
        await pilot.click(Tallies, offset=(3, 3 + len(labels(tallies))))
        assert {label for label, _ in under_cursor(tallies)} == {"drone attack"}
        await pilot.press("enter")
        assert app.view.chips() == ["type = drone attack"]
