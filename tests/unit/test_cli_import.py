"""`sitrep import` and the other commands on ACLED exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from paths import ACLED, UI
from sitrep.cli import main
from sitrep.reading import forget, load, route_of
from sitrep.reading.reference import load_text

CURRENT = ACLED / "current_2024.csv"
HEAD = [
    "# Imported by `sitrep import` from current_2024.csv, an ACLED export (docs/acled.md in the sitrep repository has the mapping).",
    "# casualties.killed is ACLED's `fatalities`: every death reported in the event, on all sides, not only the target's.",
    "version: 1",
    'title: "ACLED export current_2024"',
    "vocabulary:",
    "  type:",
    '    - {value: "Shelling/artillery/missile attack", group: "Explosions/Remote violence"}',
]


def test_import_writes_the_log_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(CURRENT)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[: len(HEAD)] == HEAD
    assert err == "standard output: 3 events written, 0 errors, 0 warnings\n"
    log = load_text(out, "imported.yaml")
    assert [event.id for event in log.events] == ["SYR123456", "IRQ31546", "YEM89012"]
    assert log.problems == ()


def test_import_to_a_file_checks_clean_and_the_fast_reader_reads_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "events.yaml"
    assert main(["import", str(CURRENT), "-o", str(out)]) == 0
    assert capsys.readouterr().err == f"{out}: 3 events written, 0 errors, 0 warnings\n"
    assert main(["check", str(out)]) == 0
    assert capsys.readouterr() == ("", f"{out}: 3 events, 0 errors, 0 warnings\n")
    forget(out)  # check read it: read it again, as a new process would
    assert route_of(load(out)) == "fast"


def test_import_refuses_to_replace_a_file_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "events.yaml"
    out.write_text("mine\n")
    assert main(["import", str(CURRENT), "-o", str(out)]) == 2
    assert capsys.readouterr().err == f"sitrep: {out} already exists; nothing was written (--force replaces it)\n"
    assert out.read_text() == "mine\n"
    assert main(["import", str(CURRENT), "-o", str(out), "--force"]) == 0
    assert out.read_text().splitlines()[: len(HEAD)] == HEAD


def test_import_never_writes_over_its_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "export.csv"
    export.write_bytes(CURRENT.read_bytes())
    assert main(["import", str(export), "-o", str(export), "--force"]) == 2
    assert capsys.readouterr().err == f"sitrep: will not write the log over the file it reads: {export}\n"
    assert export.read_bytes() == CURRENT.read_bytes()


def test_import_reports_bad_rows_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "events.yaml"
    assert main(["import", str(ACLED / "bad_rows.csv"), "-o", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"{ACLED / 'bad_rows.csv'}:4:1: error: event 'LBN2' skipped: event_date is empty"
    assert err[-1] == f"{out}: 2 events written, 5 errors, 0 warnings"
    assert main(["check", str(out)]) == 0  # what was written is clean (a warning: LBN4 has a longitude alone)


@pytest.mark.parametrize(("argument", "message"), [
    (ACLED / "not_acled.csv", "no event to import; nothing was written"),
    (UI / "small.yaml", None),
])
def test_import_of_what_is_no_export_writes_nothing(argument: Path, message: str | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "events.yaml"
    assert main(["import", str(argument), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert (message or "import reads an ACLED export, a .csv file") in err
    assert not out.exists()


def test_import_of_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(tmp_path / "nope.csv")]) == 2
    assert capsys.readouterr().err == f"sitrep: cannot read {tmp_path / 'nope.csv'}: no such file\n"


def test_check_and_stats_read_a_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(ACLED / "bad_rows.csv")]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 5
    assert err == f"{ACLED / 'bad_rows.csv'}: 2 events, 5 errors, 0 warnings\n"
    assert main(["stats", str(CURRENT), "--by", "type-group", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "Explosions/Remote violence,2,0.6667,0 +1?,0,0,1,?,0,0,2",
        "Violence against civilians,1,0.3333,2,2,2,0,?,0,0,1",
    ]


def test_check_of_yaml_and_csv_together(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(UI / "small.yaml"), str(CURRENT)]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"{UI / 'small.yaml'}: 8 events, 0 errors, 0 warnings", f"{CURRENT}: 3 events, 0 errors, 0 warnings",
        "2 files read as one log: 8 problems across files",
    ]
    # The export's type vocabulary (ACLED's codebook) covers the YAML log's types too, as any vocabulary of one file does.
    assert out.splitlines()[0] == f"{UI / 'small.yaml'}:14:1: warning: 'drone attack' is not in the type vocabulary; did you mean 'Attack'?"


def test_export_of_a_csv_then_import_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    exported = tmp_path / "again.csv"
    assert main(["export", str(CURRENT), "-o", str(exported)]) == 0
    assert main(["import", str(exported), "-o", str(tmp_path / "again.yaml")]) == 0
    first, second = load(CURRENT), load(exported)
    assert [(e.id, e.date, e.type, e.actor, e.target, e.location, e.casualties, e.summary, e.sources, e.tags, dict(e.extra)) for e in first.events] == [
        (e.id, e.date, e.type, e.actor, e.target, e.location, e.casualties, e.summary, e.sources, e.tags, dict(e.extra)) for e in second.events
    ]
