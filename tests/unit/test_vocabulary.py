"""The vocabulary section: aliases counted under canonical values, roll-up groups, the checks, queries, merging,
and the tallies an analyst asks of it (casualties per group, quiet periods, pivots, response lags, `stats --by`)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from paths import LOAD
from sitrep.ask.index import LogIndex
from sitrep.ask.lags import lags_by_actor
from sitrep.ask.pivot import pivot
from sitrep.ask.query import parse_query
from sitrep.ask.tally import dimensions_for, tally
from sitrep.ask.view import View
from sitrep.cli import main
from sitrep.reading import load, load_all, route, vocabulary_findings
from sitrep.reading.cache import disk
from sitrep.reading.reference import reference_load

PATH = LOAD / "vocabulary.yaml"


@pytest.fixture
def log():
    return load(PATH)


def rows(log, dimension: str, by: str = "count") -> list[tuple]:
    return [(row.key, row.count, row.killed.short(), row.injured.short()) for row in tally(log.events, dimension, by, log.vocabulary)]


def test_aliases_count_under_their_canonical_value(log) -> None:
    assert rows(log, "type") == [("drone attack", 2, "0 +1?", "5–7"), ("airstrik", 1, "?", "?"), ("airstrike", 1, "5", "?"),
                                 ("rocket attack", 1, "?", "?")]
    assert rows(log, "actor")[:2] == [("Kataib Hezbollah", 2, "0 +1?", "5–7"), ("Harakat al-Nujaba", 1, "?", "?")]
    assert rows(log, "weapon") == [("(not given)", 4, "5 +3?", "2–4 +3?"), ("one-way attack drone", 1, "0", "3")]


def test_groups_roll_up_and_appear_only_where_the_vocabulary_has_them(log) -> None:
    assert rows(log, "type-group") == [("Explosions/Remote violence", 4, "5 +2?", "5–7 +2?"), ("(no group)", 1, "?", "?")]
    assert rows(log, "actor-group") == [("Islamic Resistance in Iraq", 3, "0 +2?", "5–7 +1?"), ("(no group)", 2, "5 +1?", "?")]
    assert dimensions_for(log.vocabulary) == (
        "type", "type-group", "actor", "actor-group", "target", "place", "admin1", "country", "weapon", "status", "month", "week",
    )


def test_sorting_by_killed_and_by_injured(log) -> None:
    assert [row[0] for row in rows(log, "actor", "killed")] == ["United States", "Kataib Hezbollah", "Harakat al-Nujaba",
                                                                 "Islamic Resistance in Iraq"]
    assert [row[0] for row in rows(log, "actor", "injured")][0] == "Kataib Hezbollah"


def test_quiet_months_are_zero_rows(log) -> None:
    assert [(key, count) for key, count, *_ in rows(log, "month")] == [("2024-01", 2), ("2024-02", 0), ("2024-03", 3)]


def test_the_checks_name_the_line_and_the_nearest_values(log) -> None:
    assert [(p.line, p.severity, p.message) for p in log.problems] == [
        (11, "warning", "'kh' is listed under two actor values, 'Kataib Hezbollah' and 'Harakat al-Nujaba' "
                        f"(also at {PATH}:12)"),
        (12, "warning", "'kh' is listed under two actor values, 'Kataib Hezbollah' and 'Harakat al-Nujaba'; the first is used"),
    ]
    assert [(p.line, p.severity, p.message) for p in vocabulary_findings(log.events, log.vocabulary)] == [
        (9, "info", "type vocabulary entry 'ground assault' is used by no event"),
        (38, "warning", "'airstrik' is not in the type vocabulary; did you mean 'airstrike'?"),
        (38, "warning", "'Islamic Resistance in Iraq' is not in the actor vocabulary"),
    ]


def test_check_prints_the_findings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(PATH)]) == 0
    captured = capsys.readouterr()
    assert f"{PATH}:38:1: warning: 'airstrik' is not in the type vocabulary; did you mean 'airstrike'?" in captured.out
    assert captured.err == f"{PATH}: 5 events, 0 errors, 4 warnings, 1 info\n"


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("type=airstrike", ["a4"]),
        ('type="air strike"', ["a4"]),
        ("type:strike", ["a4"]),
        ('type-group:"remote violence"', ["a1", "a2", "a3", "a4"]),
        ('actor-group="islamic resistance in iraq"', ["a1", "a2", "a3"]),
        ('actor="Kataib Hezbollah"', ["a1", "a2"]),
        ("-type-group:battles", ["a1", "a2", "a3", "a4", "a5"]),
    ],
)
def test_queries_match_canonical_values_and_groups_on_every_path(log, text: str, ids: list[str]) -> None:
    query = parse_query(text)
    assert [event.id for event in query.filter(log.events, log.vocabulary)] == ids
    index = LogIndex(log.events, vocabulary=log.vocabulary)
    assert [event.id for event in index.events(index.mask(View(query)))] == ids


def test_a_drill_down_selects_exactly_its_row(log) -> None:
    index = LogIndex(log.events, vocabulary=log.vocabulary)
    for dimension in dimensions_for(log.vocabulary):
        for row in tally(log.events, dimension, vocabulary=log.vocabulary):
            view = View().with_group(dimension, row.key)
            if view == View():
                assert row.key == "(no group)"
                continue
            assert index.mask(view).bit_count() == row.count, (dimension, row.key)


def test_the_vocabulary_survives_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SITREP_CACHE_SYNC", "1")
    monkeypatch.setattr(disk, "MIN_BYTES", 0)
    path = tmp_path / "log.yaml"
    shutil.copy(PATH, path)
    route.forget()
    first = load(path)
    route.forget()
    again = load(path)
    assert route.route_of(again) == "cache"
    assert again.vocabulary == first.vocabulary == reference_load(path).vocabulary
    path.write_text(path.read_text() + "  - {id: a6, date: 2024-03-08, type: OWA drone, actor: KH}\n")
    grown = load(path)
    assert route.route_of(grown) == "append"
    assert grown.vocabulary == first.vocabulary


def test_vocabularies_of_several_files_merge_and_their_clashes_are_problems(tmp_path: Path) -> None:
    one, two = tmp_path / "a.yaml", tmp_path / "b.yaml"
    one.write_text("version: 1\nvocabulary:\n  type:\n    - {value: airstrike, aliases: [strike]}\nevents:\n"
                   "  - {id: x, date: 2024-01-01, type: strike, actor: A}\n")
    two.write_text("version: 1\nvocabulary:\n  type:\n    - {value: ground assault, aliases: [strike]}\nevents:\n"
                   "  - {id: y, date: 2024-01-02, type: ground assault, actor: B}\n")
    log = load_all([one, two])
    assert [term.value for term in log.vocabulary.terms["type"]] == ["airstrike", "ground assault"]
    assert sorted((Path(p.file).name, p.line, p.message) for p in log.problems) == [
        ("a.yaml", 4, f"'strike' is listed under two type values, 'airstrike' and 'ground assault' (also at {two}:4)"),
        ("b.yaml", 4, "'strike' is listed under two type values, 'airstrike' and 'ground assault'; the first is used"),
    ]
    assert rows(log, "type") == [("airstrike", 1, "?", "?"), ("ground assault", 1, "?", "?")]


def test_a_pivot_counts_each_pair_with_totals(log) -> None:
    table = pivot(log.events, "actor", "month", log.vocabulary)
    assert table.rows == ("Kataib Hezbollah", "Harakat al-Nujaba", "Islamic Resistance in Iraq", "United States")
    assert table.columns == ("2024-01", "2024-02", "2024-03")
    assert [[table.count(row, column) for column in table.columns] for row in table.rows] == [[2, 0, 0], [0, 0, 1], [0, 0, 1], [0, 0, 1]]
    assert table.row_totals["Kataib Hezbollah"] == 2 and table.column_totals["2024-03"] == 3 and table.total == 5


def test_response_lags_by_actor(log) -> None:
    (us,) = lags_by_actor(log)
    assert us.actor == "United States"
    assert us.gaps == (dt.timedelta(days=46), dt.timedelta(days=64)) and us.unknown == 0
    assert us.median == dt.timedelta(days=55)


def test_stats_by_as_json_and_a_pivot_as_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(PATH), "--by", "actor-group", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["by"] == ["actor-group"] and shown["events"] == 5
    assert shown["rows"][0] == {"group": "Islamic Resistance in Iraq", "count": 3, "share": 0.6, "killed": "0 +2?", "killed_low": 0,
                                "killed_high": 0, "killed_unknown": 2, "injured": "5–7 +1?", "injured_low": 5, "injured_high": 7,
                                "injured_unknown": 1}
    assert main(["stats", str(PATH), "--by", "actor", "--by", "month", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:3] == ["group,column,count", "Kataib Hezbollah,2024-01,2", "Kataib Hezbollah,2024-02,0"]


def test_a_where_query_may_start_with_a_minus(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(PATH), "--where", '-actor="kataib hezbollah"', "--by", "actor"]) == 0
    out = capsys.readouterr().out
    assert "Kataib Hezbollah" not in out and "Harakat al-Nujaba" in out


def test_an_unknown_dimension_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(PATH), "--by", "weapon-group"]) == 2
    assert "no dimension 'weapon-group' in this log" in capsys.readouterr().err
