"""`sitrep check` and `sitrep stats`: compiler-style output and exit codes."""

from __future__ import annotations

import json

import subprocess
import sys
from pathlib import Path

import pytest

from sitrep.cli import main
from paths import ROOT, LOAD

FIXTURES = LOAD


def test_check_clean_file(capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "tally.yaml"
    assert main(["check", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"{path}: 6 events, 0 errors, 0 warnings\n"


def test_check_warnings_only_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "yaml11_norway.yaml"
    assert main(["check", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{path}:7:37: warning: country 'NO' would be read by YAML 1.1 as false; kept as the text 'NO', quote it (\"NO\") to be clear",
    ]
    assert err == f"{path}: 1 event, 0 errors, 1 warning\n"


def test_check_errors_print_like_a_compiler(capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "missing_fields.yaml"
    assert main(["check", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{path}:3:5: error: event 'no-type-no-actor' skipped: missing required fields type and actor",
        f"{path}:5:5: error: event skipped: missing required field id",
    ]
    assert err == f"{path}: 1 event, 2 errors, 0 warnings\n"


def test_check_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.yaml"
    assert main(["check", str(missing)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"sitrep: cannot read {missing}: no such file\n"


def test_check_a_folder_without_logs_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"sitrep: cannot read {tmp_path}: no .yaml or .csv files in it\n"


def test_check_several_files_exits_with_the_worst(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean, broken = FIXTURES / "tally.yaml", FIXTURES / "duplicate_ids.yaml"
    assert main(["check", str(clean), str(broken)]) == 1
    assert main(["check", str(broken), str(tmp_path / "missing.yaml"), str(clean)]) == 2
    out, _ = capsys.readouterr()
    assert out.splitlines() == [f"{broken}:11:1: error: duplicate id 'same' (first at line 3)"] * 2


def test_check_as_a_subprocess() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sitrep", "check", "tests/data/load/duplicate_keys.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "tests/data/load/duplicate_keys.yaml:7:5: error: duplicate key 'type' (first at line 5); the last value is kept",
    ]
    assert result.stderr == "tests/data/load/duplicate_keys.yaml: 1 event, 1 error, 0 warnings\n"


def test_stats_prints_headline_and_tallies(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(FIXTURES / "tally.yaml")]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert lines[:4] == [
        "Tally fixture",
        "logged 6 events: 4 attacks, 2 responses · reported >151 as of 2024-01-22",
        "attacks: killed 3 (+2 unknown) · injured 45–54 (+1 unknown)",
        "responses: killed 1–2 (+1 unknown)",
    ]
    headings = [line for line in lines if line.startswith("by ")]
    assert headings == [
        "by type:", "by actor:", "by target:", "by place:", "by admin1:", "by country:", "by weapon:", "by status:", "by month:",
        "by week:",
    ]
    country = lines.index("by country:")
    assert lines[country + 1 : country + 4] == [
        "  Iraq        3   50%  killed 1–2 +1?  injured 5–7 +1?",
        "  Syria       2   33%  killed ?        injured ?",
        "  Jordan      1   17%  killed 3        injured 40–47",
    ]
    month = lines.index("by month:")
    assert [line.split()[0] for line in lines[month + 1 : lines.index("by week:") - 1]] == ["2023-12", "2024-01", "2024-02"]
    weapon = lines.index("by weapon:")
    assert lines[weapon + 1].split()[:3] == ["bomb", "2", "33%"]


def test_stats_mentions_problems_and_truncates_long_tallies(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    events = "".join(f"  - {{id: e{i}, date: 2024-01-{i + 1:02d}, type: type {i:02d}, actor: A}}\n" for i in range(12))
    path.write_text("version: 1\nevents:\n" + events + "  - {id: e0, date: 2024-02-01, type: t, actor: A}\n")
    assert main(["stats", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == str(path)  # no title: the path stands in
    assert lines[1] == "logged 13 events: 13 attacks, 0 responses"  # no reported count: nothing beside it
    assert lines[4] == f"1 problem (run `sitrep check {path}`)"
    by_type = lines.index("by type:")
    assert lines[by_type + 11] == "  … 3 more (--all lists them)"


def test_stats_unreadable_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(tmp_path / "nope.yaml")]) == 2
    assert capsys.readouterr().err == f"sitrep: cannot read {tmp_path / 'nope.yaml'}: no such file\n"


def test_dashboard_on_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "nope.yaml")]) == 2
    assert capsys.readouterr().err == f"sitrep: cannot read {tmp_path / 'nope.yaml'}: no such file\n"


@pytest.mark.parametrize("command", ["stats", "export"])
def test_a_reader_that_stops_early_gets_no_traceback(command: str) -> None:
    result = subprocess.run(
        f"{sys.executable} -m tui {command} events.yaml | head -c 10", shell=True, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert len(result.stdout) == 10
    assert result.stderr == ""


def test_check_stats_and_export_take_a_folder_as_the_dashboard_does(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("version: 1\nevents:\n  - {id: a, date: 2024-01-01, type: rocket attack, actor: A}\n")
    (tmp_path / "b.yaml").write_text("version: 1\nevents:\n  - {id: b, date: 2024-01-02, type: drone attack, actor: B}\n")
    (tmp_path / ".hidden.yaml").write_text("not a log")
    assert main(["check", str(tmp_path)]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"{tmp_path / 'a.yaml'}: 1 event, 0 errors, 0 warnings",
        f"{tmp_path / 'b.yaml'}: 1 event, 0 errors, 0 warnings",
    ]
    assert main(["stats", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "logged 2 events: 2 attacks, 0 responses"
    assert main(["export", str(tmp_path), "--format", "json"]) == 0
    assert [row["id"] for row in json.loads(capsys.readouterr().out)] == ["a", "b"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["stats", str(empty)]) == 2
    assert capsys.readouterr().err == f"sitrep: cannot read {empty}: no .yaml or .csv files in it\n"


def test_init_writes_a_starter_log_that_checks_clean_and_never_overwrites(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "events.yaml"
    assert main(["init", str(path)]) == 0
    capsys.readouterr()
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().err == f"{path}: 0 events, 0 errors, 0 warnings\n"
    path.write_text("mine\n")
    assert main(["init", str(path)]) == 2
    assert capsys.readouterr().err == f"sitrep: {path} already exists; nothing was written\n"
    assert path.read_text() == "mine\n"
