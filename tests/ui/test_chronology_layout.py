"""The chronology's rows: a separator above each day's run, found by bisection (no object per row)."""

from __future__ import annotations

import datetime as dt

from paths import UI
from sitrep.ui.app import SitrepApp
from sitrep.ui.widgets.chronology import Chronology, Columns, DayLayout, fit, row_columns

DAY = dt.date(2024, 1, 28)
GROUPS = [(DAY, False, 2), (DAY + dt.timedelta(days=2), False, 1), (dt.date(2024, 2, 1), True, 3)]


def test_rows_alternate_separators_and_events() -> None:
    layout = DayLayout(GROUPS)
    assert layout.rows == 9
    assert [layout.at(row) for row in range(layout.rows)] == [
        (0, None), (0, 0), (0, 1), (1, None), (1, 2), (2, None), (2, 3), (2, 4), (2, 5),
    ]


def test_row_of_each_event_is_where_at_finds_it() -> None:
    layout = DayLayout(GROUPS)
    assert [layout.row_of(position) for position in range(6)] == [1, 2, 4, 6, 7, 8]
    for position in range(6):
        assert layout.at(layout.row_of(position))[1] == position


def test_labels_count_days_from_the_first() -> None:
    layout = DayLayout(GROUPS)
    assert layout.label(0) == "2024-01-28 Sun · day 1 · 2 events"
    assert layout.label(1) == "2024-01-30 Tue · day 3 · 1 event"
    assert layout.label(2) == "2024-02 (day unknown) · 3 events"  # no day number: the day is not known


def test_a_month_before_the_first_dated_day_gets_no_negative_day_number() -> None:
    """An ACLED month-precision date sorts on the 1st of its month, before the log's first dated day."""
    layout = DayLayout(((dt.date(2024, 1, 1), True, 1), (dt.date(2024, 1, 20), False, 1)), first_day=dt.date(2024, 1, 20))
    assert layout.label(0) == "2024-01 (day unknown) · 1 event"
    assert layout.label(1) == "2024-01-20 Sat · day 1 · 1 event"


def test_labels_count_from_the_log_first_day_when_a_filter_starts_later() -> None:
    layout = DayLayout(GROUPS, first_day=dt.date(2023, 10, 18))
    assert layout.label(0) == "2024-01-28 Sun · day 103 · 2 events"


def test_row_columns_keep_the_casualties_first_and_the_place_when_there_is_room() -> None:
    assert row_columns(42) == Columns(place=0, casualties=11)
    assert row_columns(60) == Columns(place=0, casualties=14)
    assert row_columns(30) == Columns(place=0, casualties=0)
    assert row_columns(80) == Columns(place=14, casualties=14)
    assert row_columns(200) == Columns(place=20, casualties=14)


def test_row_columns_are_no_wider_than_the_rows_shown_need() -> None:
    assert row_columns(200, place=8, figures=5) == Columns(place=9, casualties=6)
    assert row_columns(200, place=0, figures=0) == Columns(place=0, casualties=0)
    assert row_columns(200, place=40, figures=20) == Columns(place=20, casualties=14)  # longer ones are cut


async def test_at_200_columns_short_figures_leave_the_actor_its_room() -> None:
    app = SitrepApp(UI / "small.yaml")
    async with app.run_test(size=(200, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        chronology = app.query_one(Chronology)
        lines = [chronology.render_line(y).text for y in range(chronology.size.height)]
        rows = [line for line in lines if "rocket attack  Islamic Resistance" in line]
        assert rows and all("Islamic Resistance in Iraq" in row for row in rows)


def test_fit_cuts_with_an_ellipsis_and_pads() -> None:
    assert fit("Kataib Hezbollah", 8) == "Kataib …"
    assert fit("Erbil", 8) == "Erbil   "
    assert fit("Erbil", 8, pad=False) == "Erbil"
    assert fit("anything", 0) == ""


def test_no_events_no_rows() -> None:
    assert DayLayout(()).rows == 0
