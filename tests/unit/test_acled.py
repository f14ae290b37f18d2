"""ACLED exports read as logs (reading/acled): one fixture per layout and variant, with exact expectations."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from pathlib import Path

import pytest

from paths import ACLED
from sitrep.core.model import Casualties, Event, Location, Problem, Source
from sitrep.export.yaml_log import write_log
from sitrep.reading import load, load_all, log_files, route_of
from sitrep.reading.acled import is_csv, read_acled
from sitrep.reading.acled.dates import parse
from sitrep.reading.acled.codebook import actor_class, interaction
from sitrep.reading.fast.reader import read as read_fast
from sitrep.reading.reference import load_text
from sitrep.reading.reference.vocabulary import vocabulary_findings

WEEK = "ACLED time_precision 2: the sources give only the week; ACLED placed the event on this day of it"


def read(name: str):
    path = ACLED / name
    return read_acled(path.read_bytes(), str(path))


def by_id(log) -> dict[str, Event]:
    return {event.id: event for event in log.events}


def types(log) -> list[tuple[str, str | None]]:
    return [(term.value, term.group) for term in log.vocabulary.terms.get("type", ())]


def test_current_layout_2024() -> None:
    log = read("current_2024.csv")
    assert log.problems == ()
    events = by_id(log)
    assert [event.id for event in log.events] == ["SYR123456", "IRQ31546", "YEM89012"]  # sorted: the month date is the 1st
    iraq = events["IRQ31546"]
    assert (iraq.date, iraq.month_only, iraq.line) == (dt.date(2024, 1, 20), False, 2)
    assert iraq.type == "Shelling/artillery/missile attack"
    assert (iraq.actor, iraq.target) == ("Islamic Resistance in Iraq", "Military Forces of the United States (2021-)")
    assert iraq.location == Location("Ain al-Asad Air Base", "Al Anbar", "Iraq", 33.8004, 42.4411)
    assert iraq.casualties == Casualties(killed=(0, 0))
    assert iraq.summary == (
        "On 20 January 2024, the Islamic Resistance in Iraq fired ballistic missiles and rockets at Ain al-Asad Air Base.\n"
        "Several US personnel were assessed for traumatic brain injuries."
    )
    assert iraq.sources == (Source("Reuters"), Source("CENTCOM"))
    assert iraq.tags == ("Political violence",)
    assert iraq.extra == (
        ("location.iso", "368"), ("location.admin2", "Heet"), ("location.geo_precision", "1"), ("year", "2024"),
        ("time_precision", "1"), ("inter1", "Political militia"), ("inter2", "External/Other forces"),
        ("interaction", "Political militia-External/Other forces"), ("region", "Middle East"),
        ("source_scale", "International"), ("timestamp", "1706570000"),
    )
    assert not iraq.is_response
    yemen = events["YEM89012"]
    assert (yemen.date, yemen.month_only, yemen.line) == (dt.date(2024, 1, 28), False, 4)  # the note took two lines
    assert yemen.casualties == Casualties()  # an empty fatalities cell is unknown, not zero
    assert dict(yemen.extra)["assoc_actor_1"] == ["Military Forces of the United Kingdom (2024-)"]
    assert yemen.extra[-1] == ("date_note", WEEK)
    syria = events["SYR123456"]
    assert (syria.date, syria.month_only, syria.date_text) == (dt.date(2024, 1, 1), True, "2024-01")
    assert syria.tags == ("women targeted: farmers", "crowd size=no report", "Political violence", "Demonstrations", "Civilian targeting")
    assert dict(syria.extra)["assoc_actor_2"] == ["Farmers (Syria)"]
    assert types(log) == [
        ("Shelling/artillery/missile attack", "Explosions/Remote violence"), ("Air/drone strike", "Explosions/Remote violence"),
        ("Attack", "Violence against civilians"),
    ]
    assert vocabulary_findings(log.events, log.vocabulary) == []


def test_export_tool_layout_2019_to_2022() -> None:
    log = read("export_tool_2019.csv")
    assert log.problems == ()
    taji, idleb = sorted(log.events, key=lambda event: event.line)
    assert (taji.id, taji.date, taji.type) == ("IRQ12345", dt.date(2020, 3, 21), "Shelling/artillery/missile attack")
    assert taji.extra[:4] == (("location.iso", "368"), ("location.admin2", "Al Mahmudiya"), ("location.geo_precision", "1"), ("location.iso3", "IRQ"))
    extra = dict(taji.extra)
    assert (extra["data_id"], extra["event_id_no_cnty"]) == ("7283456", "12345")
    assert (extra["inter1"], extra["inter2"], extra["interaction"]) == ("Political militia", "External/Other forces", "Political militia-External/Other forces")
    assert taji.tags == ()
    assert (idleb.target, dict(idleb.extra)["interaction"]) == (None, "Protesters only")
    assert "inter2" not in dict(idleb.extra)  # code 0: no second actor
    assert types(log) == [("Shelling/artillery/missile attack", "Explosions/Remote violence"), ("Peaceful protest", "Protests")]


def test_older_api_layout_with_a_pandas_index() -> None:
    log = read("old_api.csv")
    assert log.problems == ()
    bomb, protest = sorted(log.events, key=lambda event: event.line)
    assert (bomb.id, bomb.date, bomb.type, bomb.actor, bomb.target) == (
        "8188RTA", dt.date(2016, 7, 2), "Remote violence", "Military Forces of Somalia (2012-)", "Al Shabaab",
    )
    assert bomb.casualties == Casualties(killed=(3, 3))
    assert bomb.extra == (
        ("location.admin2", "Mogadishu"), ("location.admin3", "Hodan"), ("location.geo_precision", "1"), ("gwno", "520"),
        ("event_id_no_cnty", "8188"), ("year", "2016"), ("time_precision", "1"),
        ("assoc_actor_1", ["AMISOM: African Union Mission in Somalia (2007-)"]), ("inter1", "State forces"),
        ("inter2", "Rebel group"), ("interaction", "State forces-Rebel group"),
    )  # the index column (row numbers) is not kept; ally_actor_1 is read under today's name
    assert (protest.id, protest.type) == ("8189RTA", "Riots/Protests")
    assert types(log) == [("Remote violence", "Explosions/Remote violence"), ("Riots/Protests", "Riots/Protests")]


def test_uppercase_headers_day_first_dates_and_crlf() -> None:
    log = read("uppercase.csv")
    assert log.problems == ()
    assert [(event.id, event.date, event.line, event.type) for event in log.events] == [
        ("1416RTA", dt.date(2001, 4, 18), 2, "Violence against civilians"),
        ("2229RTA", dt.date(2001, 4, 19), 3, "Riots/Protests"),
    ]
    assert log.events[1].summary == "Riots were reported in numerous villages, with dozens wounded."
    assert dict(log.events[0].extra)["location.geo_precision"] == "1"


def test_three_date_forms_quoted_cells_and_empty_fields() -> None:
    log = read("quoted_dates.csv")
    assert log.problems == ()
    assert [(event.id, event.date) for event in sorted(log.events, key=lambda event: event.line)] == [
        ("JOR100", dt.date(2020, 3, 21)), ("JOR101", dt.date(2016, 7, 2)), ("JOR102", dt.date(2022, 1, 5)),
    ]
    empty = by_id(log)["JOR102"]
    assert (empty.summary, empty.sources, empty.casualties, empty.target) == (None, (), Casualties(), None)
    assert by_id(log)["JOR100"].actor == "Military Forces of Jordan (1999-)"


def test_a_byte_order_mark_and_lines_before_the_header() -> None:
    log = read("bom_junk.csv")
    assert log.problems == ()
    (event,) = log.events
    assert (event.id, event.line) == ("IRQ12345", 4)


def test_windows_1252_is_read_with_a_warning() -> None:
    log = read("windows_1252.csv")
    path = str(ACLED / "windows_1252.csv")
    assert log.problems == (Problem(
        path, 2, 1, "warning",
        "not UTF-8 (the first such byte is on this line): the file is read as Windows-1252, as Excel saves a CSV; check its accented names",
    ),)
    (event,) = log.events
    assert event.location == Location("Bouaké", "Vallée du Bandama", "Ivory Coast", 7.6899, -5.0301)
    assert event.sources == (Source("Fraternité Matin"),)


def test_bad_rows_are_problems_at_their_lines_and_the_others_load() -> None:
    log = read("bad_rows.csv")
    path = str(ACLED / "bad_rows.csv")
    assert [str(problem) for problem in log.problems] == [
        f"{path}:4:1: error: event 'LBN2' skipped: event_date is empty",
        f"{path}:5:1: error: event 'LBN3' skipped: no actor (actor1 is empty)",
        f"{path}:6:1: error: latitude '133.25' is not a number from -90 to 90: the coordinate is dropped",
        f"{path}:6:1: error: fatalities '-1' is not a whole number of 0 or more: the figure is unknown",
        f"{path}:7:1: error: event 'LBN5' skipped: event_date '31 February 2024' is not a date "
        "(expected 2024-01-31, 31 January 2024, 31-Jan-24 or 31/01/2024)",
    ]
    assert [(event.id, event.line) for event in log.events] == [("LBN1", 2), ("LBN4", 6)]
    kept = by_id(log)["LBN4"]
    assert kept.location == Location("Kfar Kila", "South", "Lebanon", None, 35.55)  # the event stays, without its latitude
    assert kept.casualties == Casualties()


@pytest.mark.parametrize(("name", "message"), [
    ("not_acled.csv", "no header line with event_date in its first 50 lines"),
    ("no_actor_column.csv", "its header (line 1) has no actor1"),
])
def test_a_file_that_is_no_acled_export_is_one_error_naming_the_columns(name: str, message: str) -> None:
    log = read(name)
    assert log.events == ()
    (problem,) = log.problems
    assert (problem.line, problem.column, problem.severity) == (1, 1, "error")
    assert problem.message == (
        f"not an ACLED export: {message}; expected ACLED's columns (event_id_cnty, event_date, event_type, sub_event_type, "
        "actor1, actor2, country, admin1, location, latitude, longitude, fatalities, notes, source), of which event_date, "
        "event_type, actor1 are required"
    )


def test_binary_garbage_is_a_problem_not_a_crash() -> None:
    log = read_acled(bytes(range(256)) * 8, "junk.csv")
    assert log.events == ()
    assert [problem.severity for problem in log.problems] == ["error", "warning", "warning"]


def test_rows_without_an_id_get_a_stable_one_and_semicolons_and_tabs_separate_too() -> None:
    text = "event_date;event_type;actor1;location\n2024-02-03;Battles;Army;Al Qaim\n2024-02-04;Battles;Army;\n"
    log = read_acled(text.encode(), "x.csv")
    assert [event.id for event in log.events] == ["2024-02-03-al-qaim-line2", "2024-02-04-line3"]
    tabbed = read_acled(text.replace(";", "\t").encode(), "x.csv")
    assert tabbed.events == tuple(replace(event) for event in log.events)


def test_short_and_long_rows_warn() -> None:
    log = read_acled(b"event_date,event_type,actor1,notes\n2024-02-03,Battles,Army\n2024-02-04,Battles,Army,n,extra\n", "x.csv")
    assert [str(problem) for problem in log.problems] == [
        "x.csv:2:1: warning: row has 3 cells, the header 4: the missing ones are read as empty",
        "x.csv:3:1: warning: row has 5 cells, the header 4: the cells past the header are not read ('extra')",
    ]
    assert len(log.events) == 2


@pytest.mark.parametrize(("text", "expected"), [
    ("2016-07-02", (dt.date(2016, 7, 2), False)),
    ("21 March 2020", (dt.date(2020, 3, 21), False)),
    ("05-Jan-22", (dt.date(2022, 1, 5), False)),
    ("18/04/2001", (dt.date(2001, 4, 18), False)),
    ("2024-01", (dt.date(2024, 1, 1), True)),
    ("2024-13", None),
    ("yesterday", None),
])
def test_dates(text: str, expected: tuple | None) -> None:
    assert parse(text) == expected


def test_actor_classes_and_interactions_as_text() -> None:
    assert [actor_class(code) for code in ("1", "7", "0", "Rebel group")] == ["State forces", "Civilians", "", "Rebel group"]
    assert [interaction(code) for code in ("17", "60", "28", "State forces-Civilians")] == [
        "State forces-Civilians", "Protesters only", "Rebel group-External/Other forces", "State forces-Civilians",
    ]


FIXTURES = ["current_2024.csv", "export_tool_2019.csv", "old_api.csv", "uppercase.csv", "quoted_dates.csv", "bom_junk.csv",
            "windows_1252.csv", "bad_rows.csv"]


@pytest.mark.parametrize("name", FIXTURES)
def test_the_imported_log_reads_back_as_the_same_events_by_the_fast_reader(name: str) -> None:
    log = read(name)
    out = io.StringIO()
    write_log(log, out, "imported", ["a comment"])
    text = out.getvalue()
    found = read_fast(text, "imported.yaml", [], 1)
    assert found is not None
    multi_line = sum("\n" in (event.summary or "") for event in log.events)
    one_coordinate = sum(event.location is not None and (event.location.lat is None) != (event.location.lon is None) for event in log.events)
    # PyYAML reads only an event whose summary needs an escape (several lines) or that has a warning (one coordinate)
    assert found.slow == multi_line + one_coordinate
    back = load_text(text, "imported.yaml")
    assert back.errors == ()
    assert vocabulary_findings(back.events, back.vocabulary) == []
    assert [replace(event, line=0, file="") for event in back.events] == [replace(event, line=0, file="") for event in log.events]
    assert types(back) == types(log)


def test_csv_goes_through_the_route_and_its_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrep.reading import forget
    from sitrep.reading.cache import disk

    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SITREP_CACHE_SYNC", "1")
    monkeypatch.setattr(disk, "MIN_BYTES", 0)
    path = tmp_path / "export.csv"
    path.write_bytes((ACLED / "current_2024.csv").read_bytes())
    forget()
    first = load(path)
    assert route_of(first) == "acled"
    assert load(path) is first
    forget()
    second = load(path)
    assert route_of(second) == "cache"
    assert second == first and second.events == first.events and second.vocabulary == first.vocabulary
    forget()


def test_folders_hold_csv_logs_too_and_mix_with_yaml(tmp_path: Path) -> None:
    from paths import UI

    (tmp_path / "a.yaml").write_bytes((UI / "small.yaml").read_bytes())
    (tmp_path / "b.CSV").write_bytes((ACLED / "current_2024.csv").read_bytes())
    (tmp_path / "notes.txt").write_text("not a log")
    files = log_files([tmp_path])
    assert [path.name for path in files] == ["a.yaml", "b.CSV"]
    assert is_csv(files[1]) and not is_csv(files[0])
    both = load_all(files)
    assert len(both.events) == len(load(files[0]).events) + 3
    assert {"IRQ31546", "YEM89012", "SYR123456"} <= set(both.by_id)


def test_a_repeated_column_is_kept_under_a_numbered_key() -> None:
    log = read_acled(b"event_date,event_type,actor1,notes,region,notes,region\n2024-02-03,Battles,Army,first,A,second,B\n", "x.csv")
    (event,) = log.events
    assert event.summary == "first"
    assert event.extra == (("region", "A"), ("notes_2", "second"), ("region_2", "B"))
