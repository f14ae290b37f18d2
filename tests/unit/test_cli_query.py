"""`sitrep stats --where` and `sitrep export`: the same numbers as the Python API, clear errors, exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep.cli import main
from sitrep.reading import load
from sitrep.ask.query import parse_query
from sitrep.ask.stats import stats_text
from sitrep.ask.tally import totals
from paths import ROOT, QUERY

PATH = QUERY / "log.yaml"
LOG = load(PATH)


def selected(query: str) -> list[str]:
    return [event.id for event in parse_query(query).filter(LOG.events)]


def test_stats_where_agrees_with_the_api(capsys: pytest.CaptureFixture[str]) -> None:
    query = "kind:attack  injured>0"
    assert main(["stats", str(PATH), "--where", query]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    events = parse_query(query).filter(LOG.events)
    assert out == stats_text(LOG, events=events, where="kind:attack injured>0") + "\n"
    lines = out.splitlines()
    summary = totals(events)
    assert lines[:5] == [
        "Query fixture",
        "where kind:attack injured>0: 3 of 9 events",
        f"logged {len(events)} events: {summary.attacks} attacks, {summary.responses} responses",
        f"attacks: killed {summary.killed} · injured {summary.injured}",
        "responses: no responses shown",
    ]
    assert lines[2:4] == ["logged 3 events: 3 attacks, 0 responses", "attacks: killed 3 (+1 unknown) · injured 47–54"]
    by_type = lines.index("by type:")
    assert [line.split("  killed")[0] for line in lines[by_type + 1 : by_type + 3]] == ["  drone attack        2   67%", "  missile attack      1   33%"]


def test_stats_without_where_is_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(PATH)]) == 0
    out = capsys.readouterr().out
    assert out == stats_text(LOG) + "\n"
    assert not any(line.startswith("where ") for line in out.splitlines())
    assert main(["stats", str(PATH), "--where", "  "]) == 0
    assert capsys.readouterr().out == out


def test_bad_query_shows_the_span_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(PATH), "--where", 'type:drone plase:"ain al-asad"']) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "sitrep: bad query: unknown field 'plase': did you mean place?\n"
        '  type:drone plase:"ain al-asad"\n'
        "             ^^^^^\n"
    )


def test_caret_counts_wide_characters_and_marks_empty_spans(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(PATH), "--where", "東京 after:2024-02-30"]) == 2
    assert capsys.readouterr().err.splitlines()[1:] == ["  東京 after:2024-02-30", "             ^^^^^^^^^^"]
    assert main(["export", str(PATH), "--where", "tag:x\t-"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "sitrep: bad query: '-' must be followed by the term to exclude, with no space between",
        "  tag:x -",
        "        ^",
    ]


def test_export_csv_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(PATH), "--where", "kind:response killed>0"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["event_id_cnty"] for row in rows] == selected("kind:response killed>0") == ["r1", "r2", "r3"]
    assert [(row["fatalities"], row["fatalities_high"]) for row in rows] == [("1", "7"), ("0", "2"), ("16", "16")]


def test_export_json_format_from_the_extension(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "january.json"
    assert main(["export", str(PATH), "--where", "month:2024-01", "-o", str(path)]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"{path}: 5 of 9 events written\n")
    assert [item["id"] for item in json.loads(path.read_text())] == selected("month:2024-01")


def test_export_format_flag_wins_over_extension(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "out.txt"
    assert main(["export", str(PATH), "--format", "md", "--output", str(path), "--where", "responds:a4"]) == 0
    lines = path.read_text().splitlines()
    assert lines[0].startswith("| date | type |") and len([line for line in lines if line.startswith("| 2024")]) == 2
    points = tmp_path / "map.geojson"
    assert main(["export", str(PATH), "-o", str(points), "--where", "has:coords"]) == 0
    assert len(json.loads(points.read_text())["features"]) == 3
    plain = tmp_path / "out.txt2"
    assert main(["export", str(PATH), "-o", str(plain)]) == 0
    assert plain.read_text().startswith("event_id_cnty,")
    capsys.readouterr()


def test_export_whole_log_matches_the_log(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(PATH), "--format", "json"]) == 0
    assert [item["id"] for item in json.loads(capsys.readouterr().out)] == [event.id for event in LOG.events]


def test_export_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.csv"
    assert main(["export", str(PATH), "--where", "kind:strike", "-o", str(target)]) == 2
    assert capsys.readouterr().err.startswith("sitrep: bad query: unknown kind 'strike'")
    assert not target.exists()
    assert main(["export", str(tmp_path / "nope.yaml")]) == 2
    assert capsys.readouterr().err == f"sitrep: cannot read {tmp_path / 'nope.yaml'}: no such file\n"
    missing = tmp_path / "no" / "out.csv"
    assert main(["export", str(PATH), "-o", str(missing)]) == 2
    assert capsys.readouterr().err == f"sitrep: cannot write {missing}: No such file or directory\n"
    with pytest.raises(SystemExit) as caught:
        main(["export", str(PATH), "--format", "xlsx"])
    assert caught.value.code == 2
    assert "invalid choice: 'xlsx'" in capsys.readouterr().err


def test_export_into_a_closed_pipe_is_quiet() -> None:
    """`sitrep export ... | head`: the reader stops early; no traceback, exit 0."""
    process = subprocess.Popen(
        [sys.executable, "-m", "sitrep", "export", "events.yaml", "--format", "json"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(10) == b'[\n  {\n    '
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""
