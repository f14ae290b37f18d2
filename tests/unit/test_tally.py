"""Tallies, casualty sums (unknown is never zero) and queries, on tests/data/load/tally.yaml."""

from __future__ import annotations


import pytest

from sitrep.reading import load
from sitrep.ask.chain import responders
from sitrep.ask.view import View
from sitrep.ask.tally import DIMENSIONS, UNKNOWN, FigureSum, dimensions_for, per_day, sum_figures, tally, totals
from paths import LOAD

FIXTURES = LOAD


@pytest.fixture(scope="module")
def log():
    log = load(FIXTURES / "tally.yaml")
    assert log.problems == ()
    return log


def rows(log, dimension: str, by: str = "count") -> list[tuple[str, int]]:
    return [(row.key, row.count) for row in tally(log.events, dimension, by)]


def test_events_are_in_date_order(log) -> None:
    assert [event.id for event in log.events] == ["a1", "r1", "a3", "a2", "a4", "r2"]


# Casualty semantics: an absent figure is unknown, never summed as zero.


def test_sum_figures_with_ranges_and_unknowns() -> None:
    total = sum_figures([(3, 3), (0, 2), None, None])
    assert total == FigureSum(low=3, high=5, unknown=2, reported=2)
    assert str(total) == "3–5 (+2 unknown)"


def test_sum_figures_exact_and_all_unknown() -> None:
    assert str(sum_figures([(1, 1), (2, 2)])) == "3"
    nothing = sum_figures([None, None])
    assert (nothing.low, nothing.high, nothing.unknown, nothing.reported) == (0, 0, 2, 0)
    assert str(nothing) == "0 (+2 unknown)"
    assert nothing.short() == "?"  # nothing reported: not shown as a zero
    assert str(sum_figures([])) == "0"


def test_totals_keep_attacks_and_responses_apart(log) -> None:
    summary = totals(log.events)
    assert (summary.events, summary.attacks, summary.responses) == (6, 4, 2)
    assert summary.killed == FigureSum(3, 3, 2, 2)
    assert summary.injured == FigureSum(45, 54, 1, 3)
    assert summary.response_killed == FigureSum(1, 2, 1, 1)
    assert (str(summary.killed), str(summary.injured), str(summary.response_killed)) == (
        "3 (+2 unknown)",
        "45–54 (+1 unknown)",
        "1–2 (+1 unknown)",
    )


def test_unknown_casualties_stay_unknown_on_the_event(log) -> None:
    a3 = log.by_id["a3"]
    assert (a3.casualties.killed, a3.casualties.injured) == (None, None)
    assert log.by_id["a2"].casualties.killed is None
    assert log.by_id["a1"].casualties.killed == (0, 0)  # a reported zero is a figure


# Tallies for every dimension.


def test_dimensions() -> None:
    assert DIMENSIONS == (
        "type", "type-group", "actor", "actor-group", "target", "target-group", "place", "admin1", "country",
        "weapon", "weapon-group", "status", "month", "week",
    )
    assert dimensions_for() == ("type", "actor", "target", "place", "admin1", "country", "weapon", "status", "month", "week")


def test_tally_type(log) -> None:
    assert [(row.key, row.count, row.share) for row in tally(log.events, "type")] == [
        ("airstrike", 2, 2 / 6),
        ("drone attack", 2, 2 / 6),
        ("missile attack", 1, 1 / 6),
        ("Rocket attack", 1, 1 / 6),
    ]


def test_tally_actor(log) -> None:
    assert rows(log, "actor") == [("Militia A", 2), ("Militia B", 2), ("United States", 2)]


def test_tally_target_puts_not_given_last_among_equals(log) -> None:
    assert rows(log, "target") == [
        (UNKNOWN, 2),
        ("Ain al-Asad Air Base", 1),
        ("Erbil Air Base", 1),
        ("Kataib Hezbollah facilities", 1),
        ("Tower 22", 1),
    ]
    assert UNKNOWN == "(not given)"


def test_tally_country(log) -> None:
    assert rows(log, "country") == [("Iraq", 3), ("Syria", 2), ("Jordan", 1)]


def test_tally_weapon_counts_an_event_under_each_weapon(log) -> None:
    result = tally(log.events, "weapon")
    assert [(row.key, row.count) for row in result] == [
        ("bomb", 2),
        ("drone", 2),
        ("ballistic missile", 1),
        ("cruise missile", 1),
        ("rocket", 1),
        (UNKNOWN, 1),
    ]
    # Shares are of events, so an event with two weapons makes them add past 100%.
    assert sum(row.count for row in result) == 8
    assert sum(row.share for row in result) == pytest.approx(8 / 6)


def test_tally_month_is_chronological_not_by_count(log) -> None:
    assert rows(log, "month") == [("2023-12", 2), ("2024-01", 3), ("2024-02", 1)]
    assert rows(log, "month", by="name") == rows(log, "month")


def test_tally_week_is_chronological_and_month_only_dates_have_no_week(log) -> None:
    assert rows(log, "week") == [
        ("2023-W52", 2),
        ("2024-W01", 0),
        ("2024-W02", 0),
        ("2024-W03", 1),
        ("2024-W04", 1),
        ("2024-W05", 1),
        (UNKNOWN, 1),
    ]


def test_a_span_of_millennia_is_not_filled_with_quiet_periods(tmp_path) -> None:
    """A date mistyped centuries off: the months and weeks with events, in order, not 84,000 or 364,000 zero rows."""
    path = tmp_path / "typo.yaml"
    path.write_text(
        "version: 1\nevents:\n"
        "  - {id: a, date: 2023-12-30, type: drone attack, actor: X}\n"
        "  - {id: b, date: 2024-01-02, type: drone attack, actor: X}\n"
        "  - {id: c, date: 2224-01-02, type: drone attack, actor: X}\n"
        "  - {id: typo, date: 9024-01-30, type: drone attack, actor: X}\n",
        encoding="utf-8",
    )
    typo = load(path)
    assert rows(typo, "month") == [("2023-12", 1), ("2024-01", 1), ("2224-01", 1), ("9024-01", 1)]
    assert rows(typo, "week") == [("2023-W52", 1), ("2024-W01", 1), ("2224-W01", 1), ("9024-W05", 1)]
    path.write_text(path.read_text().replace("  - {id: c, date: 2224-01-02, type: drone attack, actor: X}\n", "").replace("9024-01-30", "2123-02-03"))
    century = load(path)  # 1,191 months and 5,172 weeks: filled
    assert len(tally(century.events, "month")) == 1191 and rows(century, "month")[1:3] == [("2024-01", 1), ("2024-02", 0)]
    assert len(tally(century.events, "week")) == 5172


def test_tally_by_name_ignores_case_and_puts_not_given_last(log) -> None:
    assert rows(log, "type", by="name") == [
        ("airstrike", 2),
        ("drone attack", 2),
        ("missile attack", 1),
        ("Rocket attack", 1),
    ]
    assert [key for key, _ in rows(log, "target", by="name")] == [
        "Ain al-Asad Air Base",
        "Erbil Air Base",
        "Kataib Hezbollah facilities",
        "Tower 22",
        UNKNOWN,
    ]


def test_tally_of_nothing() -> None:
    assert tally((), "type") == []


def test_per_day(log) -> None:
    counts = per_day(log.events)
    assert len(counts) == 40  # 2023-12-25 .. 2024-02-02
    assert counts[:2] == [1, 1]
    assert sum(counts) == 5  # the month-only event has no day
    assert [i for i, n in enumerate(counts) if n] == [0, 1, 26, 34, 39]


# Queries.


def drill(log, *groups: tuple[str, str]) -> list[str]:
    view = View()
    for dimension, key in groups:
        view = view.with_group(dimension, key)
    return [event.id for event in view.apply(log.events)]


def test_drill_down_views(log) -> None:
    assert drill(log, ("country", "Iraq")) == ["a1", "r1", "a2"]
    assert drill(log, ("weapon", "drone"), ("country", "Jordan")) == ["a4"]
    assert drill(log, ("weapon", UNKNOWN)) == ["a3"]
    assert drill(log, ("month", "2024-01")) == ["a3", "a2", "a4"]
    assert drill(log) == [event.id for event in log.events]
    assert drill(log, ("actor", "Nobody")) == []
    assert View().with_group("country", "Iraq").chips() == ["country = Iraq"]


def test_responders_index(log) -> None:
    index = responders(log)
    assert {key: [event.id for event in value] for key, value in index.items()} == {"a1": ["r1"], "a4": ["r2"]}
    assert "a2" not in index
