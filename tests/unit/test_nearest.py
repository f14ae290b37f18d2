"""The event meant by a date (jump to date) or by a line (jump to a problem)."""

from __future__ import annotations

import datetime as dt

from sitrep.ask.nearest import event_of_problem, nearest_by_date
from sitrep.core.model import Event, Problem


def event(id: str, day: str, line: int) -> Event:
    return Event(id=id, date=dt.date.fromisoformat(day), type="t", actor="A", line=line, file="log.yaml")


EVENTS = (event("a", "2024-01-01", 3), event("b", "2024-01-05", 9), event("c", "2024-01-09", 15))


def test_nearest_by_date_takes_the_closest_and_the_first_of_a_tie() -> None:
    assert nearest_by_date(EVENTS, dt.date(2024, 1, 6)) == 1
    assert nearest_by_date(EVENTS, dt.date(2024, 1, 3)) == 0  # two days from a and from b: the first
    assert nearest_by_date(EVENTS, dt.date(2030, 1, 1)) == 2
    assert nearest_by_date((), dt.date(2024, 1, 1)) is None


def problem(line: int, message: str = "casualties injured -1 is negative", file: str = "log.yaml") -> Problem:
    return Problem(file, line, 5, "error", message)


def test_a_problem_is_in_the_loaded_entry_holding_its_line() -> None:
    assert event_of_problem(EVENTS, problem(12)).id == "b"
    assert event_of_problem(EVENTS, problem(15)).id == "c"
    assert event_of_problem(EVENTS, problem(1)) is None  # the header: no event
    assert event_of_problem((), problem(5)) is None


def test_a_problem_that_cost_its_entry_or_is_in_another_file_is_in_no_event() -> None:
    assert event_of_problem(EVENTS, problem(12, "event 'no-actor' skipped: missing required field actor")) is None
    assert event_of_problem(EVENTS, problem(12, "YAML syntax: found unexpected end of stream")) is None
    assert event_of_problem(EVENTS, problem(12, file="other.yaml")) is None


def test_chips_that_do_not_fit_end_in_n_more_and_a_long_first_chip_is_cut() -> None:
    from sitrep.core.describe import fit_chips

    chips = [" type: drone ", " country: iraq ", " after: 2024-01-01 "]
    assert fit_chips(chips, 80, " hint") == (chips, " hint")
    assert fit_chips(chips, 50, " a hint that is far too long") == (chips, "")
    assert fit_chips(chips, 40, "") == ([" type: drone ", " country: iraq "], "+1 more")
    assert fit_chips(chips, 21, "") == ([" type: drone "], "+2 more")
    assert fit_chips(chips, 20, "") == ([" type: dron…"], "+2 more")
    assert fit_chips([" actor: a very long name of a group "], 20, "") == ([" actor: a very lon…"], "")
