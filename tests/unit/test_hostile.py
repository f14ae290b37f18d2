"""Hostile and broken input (issue 8): never crash, never hang, never lose a valid event, never run code.

Each fixture in tests/data/hostile holds one hostile input that tests/data/load does not already cover. For every
one, the exact problems (line, column, severity, message) and the ids of the events kept are asserted through
`load`, `load_all`, `sitrep check`, `sitrep stats` and `sitrep export`. Big inputs (a 10 MB line, 10,000 levels
of nesting, alias bombs, a 1,000,000-item list) are generated into tmp_path and loaded in a child process
with a deadline and a cap on its address space, so a regression fails the test instead of hanging the suite
or the machine. Special files (a directory, a FIFO, a symlink loop, a file that disappears) come last.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import random
import subprocess
import sys
from pathlib import Path

import pytest

from hostile_cases import CASES, FFFD, NOT_IN_YAML, BAD_UTF8, REFUSED
from paths import HOSTILE, LOAD, ROOT

import sitrep.reading.text
from sitrep.cli import main
from sitrep.commands.common import Visible
from sitrep.core.describe import printable
from sitrep.reading.text import UnreadableFile
from sitrep.reading import load, vocabulary_findings
from sitrep.reading.reference import load_text
from sitrep.reading.merge import load_all

CONTROL = {chr(code) for code in (*range(0x00, 0x20), *range(0x7F, 0xA0))} - {"\n"}


def problems_of(log) -> list[tuple[int, int, str, str]]:
    return [(p.line, p.column, p.severity, p.message) for p in log.problems]


def ids_of(log) -> list[str]:
    return [event.id for event in log.events]


def test_every_fixture_has_a_case() -> None:
    assert sorted(path.name for path in HOSTILE.glob("*.yaml")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_load_reports_the_exact_problems_and_keeps_the_valid_events(name: str) -> None:
    problems, ids = CASES[name]
    log = load(HOSTILE / name)
    assert problems_of(log) == problems
    assert ids_of(log) == ids
    assert {p.file for p in log.problems} <= {str(HOSTILE / name)}
    # Messages are one line, bounded, and carry nothing that could drive a terminal.
    for problem in log.problems:
        assert problem.line >= 1 and problem.column >= 1
        assert not set(problem.message) & CONTROL, problem.message
        assert len(problem.message) < 300


@pytest.mark.parametrize("name", sorted(CASES))
def test_load_all_gives_the_same_for_one_file(name: str) -> None:
    problems, ids = CASES[name]
    log = load_all([HOSTILE / name])
    assert problems_of(log) == problems
    assert ids_of(log) == ids


def plural(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def expected_check(name: str) -> tuple[int, list[str], str]:
    problems, ids = CASES[name]
    path = HOSTILE / name
    errors = sum(severity == "error" for _, _, severity, _ in problems)
    lines = [printable(f"{path}:{line}:{column}: {severity}: {message}") for line, column, severity, message in problems]
    summary = f"{path}: {plural(len(ids), 'event')}, {plural(errors, 'error')}, {plural(len(problems) - errors, 'warning')}\n"
    return (1 if errors else 0), lines, summary


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_prints_each_problem_like_a_compiler(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, summary = expected_check(name)
    assert main(["check", str(HOSTILE / name)]) == code
    out, err = capsys.readouterr()
    assert out.splitlines() == lines
    assert err == summary
    assert not set(out + err) & CONTROL


@pytest.mark.parametrize("name", sorted(CASES))
def test_stats_prints_plain_text(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    problems, ids = CASES[name]
    assert main(["stats", str(HOSTILE / name)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "Traceback" not in out
    assert not set(out) & CONTROL  # titles and names from the file are made visible, never sent raw
    lines = out.splitlines()
    assert lines[1].startswith("logged ")
    if problems:
        assert f"{plural(len(problems), 'problem')} (run `sitrep check {HOSTILE / name}`)" in lines


@pytest.mark.parametrize("name", sorted(CASES))
def test_export_writes_every_kept_event(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, ids = CASES[name]
    log = load(HOSTILE / name)
    for format in ("csv", "json", "md", "geojson"):
        out = tmp_path / f"out.{format}"
        assert main(["export", str(HOSTILE / name), "-o", str(out)]) == 0
        assert capsys.readouterr().err == f"{out}: {len(ids)} of {len(ids)} events written\n"
        if format == "csv":
            with out.open(newline="", encoding="utf-8") as stream:
                rows = list(csv.DictReader(stream))
            # Exact data in a file (no visible-making), and formula-looking cells defused.
            assert [row["event_id_cnty"].removeprefix("'") for row in rows] == [event.id for event in log.events]
        elif format == "json":
            assert [item["id"] for item in json.loads(out.read_text(encoding="utf-8"))] == [event.id for event in log.events]
        elif format == "geojson":
            json.loads(out.read_text(encoding="utf-8"))
        else:  # Markdown is for reading: text made visible (source URLs percent-encoded: see the test below)
            assert not {char for line in out.read_text(encoding="utf-8").splitlines() if "](<" not in line for char in line} & CONTROL
    # To standard output (not a terminal here): the same CSV.
    assert main(["export", str(HOSTILE / name)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == len(ids)


def test_markdown_source_links_carry_no_control_characters(tmp_path: Path) -> None:
    out = tmp_path / "out.md"
    assert main(["export", str(HOSTILE / "terminal_escapes.yaml"), "-o", str(out)]) == 0
    assert not set(out.read_text(encoding="utf-8")) & CONTROL


def test_csv_cell_with_a_carriage_return_reads_back_as_one_row() -> None:
    log = load_text('version: 1\nevents:\n  - {id: a, date: 2024-01-01, type: t, actor: "Militia\\rA"}\n', "f")
    stream = io.StringIO()
    from sitrep.export.writers import write

    write(log.events, stream, "csv")
    rows = list(csv.DictReader(io.StringIO(stream.getvalue(), newline="")))
    assert [row["actor1"] for row in rows] == ["Militia\rA"]


# The fixtures of tests/data/load (their problems are pinned by test_load.py and test_validate.py) through
# the three commands: the same problems printed, exit codes as documented, every kept event exported.

FIXTURES = sorted((LOAD).glob("*.yaml"))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.name)
def test_commands_on_the_other_fixtures(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = load(path)
    assert main(["check", str(path)]) == (1 if log.errors else 0)
    out, err = capsys.readouterr()
    found = sorted([*log.problems, *vocabulary_findings(log.events, log.vocabulary)], key=lambda p: (p.file, p.line, p.column))
    assert out.splitlines() == [printable(str(problem)) for problem in found]
    assert err.startswith(f"{path}: {plural(len(log.events), 'event')}, ")
    assert main(["stats", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == "" and not set(out) & CONTROL
    out_path = tmp_path / "out.json"
    assert main(["export", str(path), "-o", str(out_path)]) == 0
    assert [item["id"] for item in json.loads(out_path.read_text(encoding="utf-8"))] == ids_of(log)
    assert problems_of(load_all([path])) == problems_of(log)


# What the fixtures hold, beyond problems and ids.


def test_details_of_kept_events() -> None:
    for name in ("utf16le_bom.yaml", "utf16be_bom.yaml"):
        log = load(HOSTILE / name)
        assert log.title == "Journal — café"
        event = log.events[0]
        assert (event.actor, event.location.name, event.location.country) == ("Kataʼib Ḥizbullāh", "عين الأسد", "Iraq")
    assert load(HOSTILE / "windows1252.yaml").events[0].actor == f"{FFFD}Islamic Resistance{FFFD} {FFFD} caf{FFFD}"
    summary = load(HOSTILE / "raw_control_bytes.yaml").events[0].summary
    assert summary == f"{FFFD}]52;c;cm0gLXJmIH4={FFFD} and {FFFD}[31mred{FFFD}[0m, written raw into the file"
    assert [event.line for event in load(HOSTILE / "bare_cr.yaml").events] == [3, 11]
    odd = load(HOSTILE / "key_is_list.yaml").by_id["odd-keys"]
    assert dict(odd.extra) == {"42": "a number as a key", "null": "the word null as a key"}
    tags = load(HOSTILE / "unknown_tags.yaml").by_id
    assert (tags["local-tag"].target, tags["local-tag"].weapons) == (None, ("drone",))
    assert dict(tags["binary-extra"].extra) == {"photo": "R0lGODlhAQABAAAAACw=", "escaped": None}  # base64 kept as written
    assert dict(tags["standard-tags"].extra) == {"note": {"a": None, "b": None}}
    assert tags["standard-tags"].casualties.killed == (2, 2)
    casualties = {event.id: event.casualties for event in load(HOSTILE / "casualty_forms.yaml").events}
    assert [(c.killed, c.injured) for c in casualties.values()] == [
        (None, None), (None, None), (None, None), (None, (1000, 1000)), (None, None), ((0, 0), (2, 2)),
    ]
    places = {event.id: event.location for event in load(HOSTILE / "coordinates.yaml").events}
    assert [(p.lat, p.lon) if p else None for p in places.values()] == [
        (None, None), (None, None), (-90.0, 180.0), (None, None), (33.8, None), None,
    ]
    times = load(HOSTILE / "time_forms.yaml").events
    assert [(event.time, event.utc_offset) for event in times] == [(None, None)] * 5 + [(None, None), ("23:59", None)]
    norway = load(HOSTILE / "yaml11_words.yaml").by_id["norway"]
    assert (norway.actor, norway.target, norway.country, norway.weapons, norway.status) == ("yes", "on", "NO", ("y", "n", "True"), "no")
    escapes = load(HOSTILE / "terminal_escapes.yaml")
    assert escapes.title.startswith("\x1b[2J\x1b]0;pwned\x07")  # data is kept exactly; screens make it visible
    assert escapes.by_id["answer-\x1b[32mgreen"].is_response  # response_actors with escapes still match


def test_multi_document_keeps_the_first_documents_events_only() -> None:
    log = load(HOSTILE / "multi_document.yaml")
    assert log.title is None  # the top level could not be read as one document


def test_duplicate_ids_across_files() -> None:
    a, b = HOSTILE / "duplicate_id_a.yaml", HOSTILE / "duplicate_id_b.yaml"
    log = load_all([a, b])
    assert ids_of(log) == ["shared", "only-in-a", "only-in-b", "shared"]  # both kept, in date order
    assert (8, 1, "error", f"duplicate id 'shared' (also in {a}:4)") in problems_of(log)
    assert log.by_id["shared"].file == str(a)  # lookups find the first


def test_responds_to_across_files_is_not_unknown() -> None:
    log = load_all([HOSTILE / "duplicate_id_a.yaml", HOSTILE / "duplicate_id_b.yaml"])
    assert not [p for p in log.problems if "responds_to unknown id" in p.message]


def test_check_of_several_files_finds_duplicate_ids_across_them(capsys: pytest.CaptureFixture[str]) -> None:
    a, b = HOSTILE / "duplicate_id_a.yaml", HOSTILE / "duplicate_id_b.yaml"
    assert main(["check", str(a), str(b)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{b}:8:1: warning: event 'shared' responds_to unknown id 'only-in-a'",
        f"{b}:8:1: error: duplicate id 'shared' (also in {a}:4)",
    ]
    assert err.splitlines() == [
        f"{a}: 2 events, 0 errors, 0 warnings",
        f"{b}: 2 events, 0 errors, 1 warning",
        "2 files read as one log: 1 problems across files",
    ]


def test_tags_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = (HOSTILE / "unknown_tags.yaml").read_text().replace("os.system", "os.system " + str(marker))
    text += f'  - {{id: x, date: 2024-01-08, type: t, actor: A, p: !!python/object/apply:os.system ["touch {marker}"]}}\n'
    path = tmp_path / "evil.yaml"
    path.write_text(text)
    for command in (["check"], ["stats"], ["export", "-o", str(tmp_path / "out.json")]):
        main([command[0], str(path), *command[1:]])
    load_all([path])
    assert not marker.exists()


# Terminal safety of the command line.


def test_export_to_a_terminal_makes_control_characters_visible() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    log = load(HOSTILE / "terminal_escapes.yaml")
    screen = Terminal()
    from sitrep.export.writers import write

    for format in ("csv", "json", "md", "geojson"):
        write(log.events, Visible(screen), format)
    assert "\x1b" not in screen.getvalue() and "\x07" not in screen.getvalue()
    assert f"{FFFD}]52;c;cm0gLXJmIH4={FFFD}" in screen.getvalue()
    assert "[@click=app.quit]" in screen.getvalue()  # markup means nothing to a terminal: kept as text


def test_export_to_a_terminal_through_main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert main(["export", str(HOSTILE / "terminal_escapes.yaml")]) == 0
    out = capsys.readouterr().out
    assert not set(out) & CONTROL
    assert [row["event_id_cnty"] for row in csv.DictReader(io.StringIO(out))] == [f"{FFFD}[31mred-id{FFFD}[0m", f"answer-{FFFD}[32mgreen"]
    # JSON escapes control characters itself (\u001b): what a terminal gets is inert, and reads back exactly.
    assert main(["export", str(HOSTILE / "terminal_escapes.yaml"), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert not set(out) & CONTROL
    assert [item["id"] for item in json.loads(out)] == ["\x1b[31mred-id\x1b[0m", "answer-\x1b[32mgreen"]


def test_a_terminal_that_cannot_show_the_characters() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    for command in ("check", "stats", "export"):
        result = subprocess.run(
            [sys.executable, "-m", "sitrep", command, str(HOSTILE / "date_forms.yaml")], cwd=ROOT, capture_output=True, text=True, timeout=60, env=env,
        )
        assert "Traceback" not in result.stderr
        assert result.returncode == (1 if command == "check" else 0)
    assert "not '\\u0662\\u0660" in subprocess.run(
        [sys.executable, "-m", "sitrep", "check", str(HOSTILE / "date_forms.yaml")], cwd=ROOT, capture_output=True, text=True, timeout=60, env=env,
    ).stdout


def test_export_refuses_to_overwrite_the_log_it_reads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "events.yaml"
    log.write_bytes((HOSTILE / "windows1252.yaml").read_bytes())
    before = log.read_bytes()
    assert main(["export", str(log), "-o", str(log)]) == 2
    assert capsys.readouterr().err == f"sitrep: will not write the export over the file it reads: {log}\n"
    assert log.read_bytes() == before


# Small hostile inputs written inline.


def one_event(extra: str = "", id: str = "a") -> str:
    return f"version: 1\nevents:\n  - id: {id}\n    date: 2024-01-01\n    type: t\n    actor: A\n{extra}"


def test_very_long_ids_are_clipped_in_messages() -> None:
    long_id = "x" * 1_000_000
    log = load_text(one_event(id=long_id) + f"  - {{id: {long_id}, date: 2024-01-02, type: t, actor: A, responds_to: [{long_id}y]}}\n", "f")
    clipped = "'" + "x" * 40 + "…'"
    assert problems_of(log) == [
        (7, 1, "error", f"duplicate id {clipped} (first at line 3)"),
        (7, 1, "warning", f"event {clipped} responds_to unknown id {clipped}"),
    ]
    assert ids_of(log) == [long_id, long_id]


def test_a_value_nested_too_deep_costs_that_value_only() -> None:
    log = load_text(one_event("    deep: " + "[" * 150 + "]" * 150 + "\n"), "f")
    assert problems_of(log) == [(7, 111, "error", "a value nested more than 100 levels deep; dropped")]
    assert ids_of(log) == ["a"]
    assert dict(log.events[0].extra) == {"deep": None}


def test_merges_chained_through_thousands_of_anchors() -> None:
    chain = ["  m0: &m0 {k: v}"] + [f"  m{i}: &m{i} {{<<: *m{i - 1}, k{i}: v}}" for i in range(1, 3000)]
    # Read in file order, each merge is remembered: the budget stops the quadratic work.
    log = load_text(one_event("\n".join("  " + line for line in chain) + "\n"), "f")
    assert ids_of(log) == ["a"]
    assert {p.message.split(" is dropped")[1] for p in log.problems} == {": its aliases repeat too many values (over 100000; an alias bomb?)"}
    # Read from the far end (templates under a key that is never read), the merges recurse 3000 deep.
    text = "version: 1\ntemplates:\n" + "\n".join(chain) + "\nevents:\n  - {<<: *m2999, id: a, date: 2024-01-01, type: t, actor: A}\n"
    text += "  - {id: b, date: 2024-01-02, type: t, actor: A, x: {<<: *m2999}}\n  - {id: c, date: 2024-01-03, type: t, actor: A}\n"
    log = load_text(text, "f")
    assert problems_of(log) == [
        (2, 1, "warning", "unknown top-level key 'templates' is ignored"),
        (3004, 5, "error", "nesting too deep; this item is skipped"),
        (3005, 50, "error", "the value of 'x' is dropped: nested too deep"),
    ]
    assert ids_of(log) == ["b", "c"]


def test_tagged_and_escaped_keys() -> None:
    log = load_text(one_event('    !!python/name:os.system k: v\n    "\\e[31mkey": 1\n    "\\e[31mkey": 2\n'), "f")
    assert problems_of(log) == [
        (7, 5, "error", REFUSED.format("!!python/name:os.system")),
        (9, 5, "error", "duplicate key '\\x1b[31mkey' (first at line 8); the last value is kept"),
    ]
    assert dict(log.events[0].extra) == {"\x1b[31mkey": "2"}


def test_huge_numbers_elsewhere() -> None:
    log = load_text("version: " + "9" * 5000 + "\nreported_counts: [{as_of: 2024-01-01, count: " + "9" * 5000 + "}]\n" + one_event()[11:], "f")
    assert problems_of(log) == [
        (1, 10, "error", "version '" + "9" * 40 + "…' is too large (more than 15 digits)"),
        (2, 46, "error", "count '" + "9" * 40 + "…' is too large (more than 15 digits)"),
    ]
    assert ids_of(log) == ["a"]
    log = load_text(one_event(f"    location: {{lat: {'9' * 5000}, lon: 1}}\n"), "f")
    assert problems_of(log) == [(7, 21, "error", "location lat " + "9" * 40 + "… is outside -90..90")]


def test_surrogates_and_noncharacters_in_text() -> None:
    log = load_text(one_event("    note: \ud800 \uffff\n"), "f")
    assert problems_of(log) == [(7, 11, "error", NOT_IN_YAML.format(0xD800, "it and 1 more are"))]
    assert dict(log.events[0].extra) == {"note": f"{FFFD} {FFFD}"}


def test_unicode_line_separators_are_read_as_spaces() -> None:
    """YAML 1.1 ends a line at U+2028, U+2029 and U+0085 (editors do not): a summary pasted from a web page
    would break its event, and every line number after it would disagree with the editor's."""
    text = one_event("    summary: one\u2028two\x85three\u2029\n") + "  - id: b\n    date: [oops\n  - {id: c, date: 2024-01-03, type: t, actor: A}\n"
    log = load_text(text, "f")
    assert problems_of(log) == [
        (7, 17, "warning", "character U+2028 (a Unicode line separator) is read as a space"),
        (10, 1, "error", "YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence that starts at line 9, column 11)"),
    ]
    assert ids_of(log) == ["a", "c"]
    assert log.events[0].summary == "one two three"


# Big inputs, in a child process with a deadline and a cap on memory.

CHILD = """
import json, resource, sys, time
limit = int(sys.argv[2]) * 2**20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
import yaml, sitrep.reading.reference.compose
if sys.argv[3] == "pure":
    sitrep.reading.reference.compose.SafeLoader = yaml.SafeLoader
from sitrep.reading import load
started = time.perf_counter()
log = load(sys.argv[1])
print(json.dumps({
    "seconds": time.perf_counter() - started,
    "problems": [[p.line, p.column, p.severity, p.message[:200]] for p in log.problems],
    "ids": [e.id[:50] for e in log.events],
    "extra": [[key, str(value)[:50]] for e in log.events for key, value in e.extra],
}))
"""


def load_in_child(path: Path, seconds: float, megabytes: int = 1024, loader: str = "c") -> dict:
    """Load in a child process limited to `megabytes` of address space; fail if it takes over `seconds`."""
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(megabytes), loader],
        cwd=ROOT, capture_output=True, text=True, timeout=seconds * 4,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["seconds"] < seconds
    return report


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_10_mb_single_line(tmp_path: Path) -> None:
    report = load_in_child(write(tmp_path, "line.yaml", "x" * 10_000_000), seconds=2, megabytes=512)
    assert report["problems"] == [[1, 1, "error", "the top level of the log must be a mapping of keys to values, not '" + "x" * 40 + "…'"]]
    report = load_in_child(write(tmp_path, "summary.yaml", one_event("    summary: " + "word " * 2_000_000 + "\n")), seconds=2, megabytes=512)
    assert (report["problems"], report["ids"]) == ([], ["a"])
    report = load_in_child(write(tmp_path, "quote.yaml", one_event('    summary: "' + "x" * 10_000_000 + "\n")), seconds=2, megabytes=512)
    assert [p[:3] for p in report["problems"]] == [[8, 1, "error"]]
    assert report["ids"] == []


@pytest.mark.parametrize("loader", ["c", "pure"])
def test_10000_levels_of_nesting(tmp_path: Path, loader: str) -> None:
    for name, opening, closing in (("lists", "[", "]"), ("maps", "{a: ", "}")):
        path = write(tmp_path, f"{name}.yaml", one_event("    deep: " + opening * 10_000 + closing * 10_000 + "\n") + "  - {id: b, date: 2024-01-02, type: t, actor: A}\n")
        report = load_in_child(path, seconds=15, megabytes=512, loader=loader)
        assert report["ids"] == ["b"]  # the nested event is lost to the syntax error, the next one loads
        [problem] = report["problems"]
        if loader == "c":
            assert problem[:3] == [7, 1009 if name == "lists" else 4003, "error"]
            assert problem[3] == "YAML syntax: exceeded maximum nesting depth (while increasing flow level)"
        else:  # PyYAML's own parser recurses: Python's recursion limit stops it
            assert problem == [3, 1, "error", "YAML nesting too deep"]


def test_billion_laughs(tmp_path: Path) -> None:
    report = load_in_child(LOAD / "alias_bomb.yaml", seconds=2, megabytes=256)
    assert report["ids"] == ["laughs", "after"]
    # A deeper one: 20 levels of 10 (10^20 strings if expanded).
    lines = ["    l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"    l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 20)]
    report = load_in_child(write(tmp_path, "bomb.yaml", one_event("\n".join(lines) + "\n")), seconds=2, megabytes=256)
    assert report["ids"] == ["a"]
    message = "the value of 'l{}' is dropped: its aliases repeat too many values (over 100000; an alias bomb?)"
    assert report["problems"] == [[7 + level, 5, "error", message.format(level)] for level in range(4, 20)]


def test_one_long_text_behind_many_aliases(tmp_path: Path) -> None:
    """140 KB of file that would expand to 1 GB of text: refused before the search index or an export sees it."""
    text = one_event(f'    big: &a "{"x" * 100_000}"\n    many: [{", ".join(["*a"] * 10_000)}]\n')
    report = load_in_child(write(tmp_path, "quadratic.yaml", text), seconds=2, megabytes=256)
    assert report["problems"] == [[8, 5, "error", "the value of 'many' is dropped: its aliases repeat too much text (over 10000000 characters; an alias bomb?)"]]
    assert report["ids"] == ["a"]


def test_a_million_item_flow_list(tmp_path: Path) -> None:
    path = write(tmp_path, "million.yaml", one_event("    big: [" + "1, " * 999_999 + "1]\n"))
    report = load_in_child(path, seconds=15, megabytes=1024)
    assert (report["problems"], report["ids"]) == ([], ["a"])


def test_cli_on_big_inputs_in_bounded_time(tmp_path: Path) -> None:
    path = write(tmp_path, "big.yaml", one_event("    summary: " + "word " * 2_000_000 + "\n"))
    for command in (["check", str(path)], ["stats", str(path)], ["export", str(path), "-o", str(tmp_path / "o.csv")]):
        result = subprocess.run([sys.executable, "-m", "sitrep", *command], cwd=ROOT, capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr


# Special files: refused before opening, with a clear reason, exit 2 in the commands.


def assert_unreadable(path: Path, reason: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UnreadableFile) as raised:
        load(path)
    assert str(raised.value) == f"{path}: {reason}"
    for command in ("check", "stats", "export"):
        assert main([command, str(path)]) == 2
        out, err = capsys.readouterr()
        assert (out, err) == ("", f"sitrep: cannot read {path}: {reason}\n")
    log = load_all([path])
    assert problems_of(log) == [(1, 1, "error", f"cannot read: {reason}")]


def test_a_directory_is_read_by_the_loader_as_no_file_and_by_the_commands_as_a_folder_of_logs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(UnreadableFile) as raised:
        load(tmp_path)
    assert str(raised.value) == f"{tmp_path}: not a regular file"
    for command in ("check", "stats", "export"):
        assert main([command, str(tmp_path)]) == 2
        assert capsys.readouterr() == ("", f"sitrep: cannot read {tmp_path}: no .yaml or .csv files in it\n")


def test_a_fifo_is_refused_without_opening_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "events.yaml"
    os.mkfifo(fifo)
    # In a child first: if the loader ever opened the FIFO it would block, and only the timeout would end it.
    result = subprocess.run([sys.executable, "-m", "sitrep", "check", str(fifo)], cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert (result.returncode, result.stderr) == (2, f"sitrep: cannot read {fifo}: not a regular file\n")
    assert_unreadable(fifo, "not a regular file", capsys)


def test_a_character_device(capsys: pytest.CaptureFixture[str]) -> None:
    assert_unreadable(Path("/dev/zero"), "not a regular file", capsys)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode: chmod 000 cannot be tested as root")
def test_a_file_without_read_permission(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text(one_event())
    path.chmod(0)
    try:
        assert_unreadable(path, "Permission denied", capsys)
    finally:
        path.chmod(0o600)


def test_a_file_without_read_permission_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The same as above through the error the system gives, so it is also tested where the tests run as root."""
    path = tmp_path / "secret.yaml"
    path.write_text(one_event())

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert_unreadable(path, "Permission denied", capsys)


def test_a_symlink_loop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.symlink_to(two)
    two.symlink_to(one)
    assert_unreadable(one, "Too many levels of symbolic links", capsys)
    assert main([str(one)]) == 2  # the dashboard does not start on it either
    assert capsys.readouterr().err == f"sitrep: cannot read {one}: Too many levels of symbolic links\n"


def test_a_dangling_symlink(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(tmp_path / "gone.yaml")
    assert_unreadable(link, "no such file", capsys)


def test_a_path_through_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("x")
    assert_unreadable(tmp_path / "file" / "events.yaml", "Not a directory", capsys)


def test_a_file_that_disappears_while_being_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "events.yaml"
    read_bytes = Path.read_bytes

    def vanish(self: Path) -> bytes:  # deleted between the checks and the read
        if self == path:
            self.unlink()
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", vanish)
    for command in ("check", "stats", "export"):
        path.write_text(one_event())
        assert main([command, str(path)]) == 2
        assert capsys.readouterr().err == f"sitrep: cannot read {path}: No such file or directory\n"
    path.write_text(one_event())
    assert problems_of(load_all([path])) == [(1, 1, "error", "cannot read: No such file or directory")]


def test_a_file_cut_short_while_being_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "events.yaml"
    path.write_bytes((HOSTILE / "utf16le_bom.yaml").read_bytes())
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read_bytes(self)[:51])  # mid-character of UTF-16
    log = load(path)
    assert ids_of(log) == []
    assert problems_of(log)[0][2:] == ("error", BAD_UTF8)
    assert main(["check", str(path)]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_a_file_larger_than_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(one_event())
    monkeypatch.setattr(sitrep.reading.text, "MAX_FILE_BYTES", 10)
    assert_unreadable(path, "larger than 0 MiB, the most this machine's memory can read", capsys)


def test_no_traceback_from_the_installed_command(tmp_path: Path) -> None:
    """The command as a user runs it, on every fixture at once: exit 1, and no Python traceback anywhere."""
    result = subprocess.run(
        [sys.executable, "-m", "sitrep", "check", *sorted(str(path) for path in HOSTILE.glob("*.yaml"))],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert not set(result.stdout) & CONTROL
    assert len(re.findall(r" events?, ", result.stderr)) == len(CASES)


def test_invisible_marks_stay_in_the_data_and_show_on_screen() -> None:
    log = load(HOSTILE / "invisible_marks.yaml")
    marked = log.by_id["marked"]
    assert marked.actor == "Kataib\u200e Hezbollah\u200b"
    assert printable(marked.actor) == f"Kataib{FFFD} Hezbollah{FFFD}"
    assert printable(log.by_id["word-joiner"].target) == f"{FFFD}Erbil"
    assert printable(log.by_id["plain"].actor) != printable(marked.actor)  # two groups that no longer look alike


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (random.Random(1).randbytes(300_000), "its first 64 KiB are mostly not UTF-8"),
        ("version: 1\n".encode("utf-16-le") * 20_000, "NUL bytes in its first 64 KiB: UTF-16 without a byte-order mark"),
    ],
    ids=["random-bytes", "utf16-without-bom"],
)
def test_a_big_file_that_is_not_text_is_refused_from_its_first_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes, says: str
) -> None:
    path = tmp_path / "log.yaml"
    path.write_bytes(content)
    def never(self: Path) -> bytes:
        raise AssertionError("the whole file was read")

    monkeypatch.setattr(Path, "read_bytes", never)
    with pytest.raises(UnreadableFile, match=f"not a text file \\({says}"):
        load(path)


def test_a_big_log_with_a_few_bad_bytes_is_still_read(tmp_path: Path) -> None:
    event = "  - {id: e%d, date: 2024-01-01, type: t, actor: caf\xe9 owner}\n"
    path = tmp_path / "log.yaml"
    path.write_bytes(b"version: 1\nevents:\n" + b"".join((event % n).encode("cp1252") for n in range(3000)))
    log = load(path)
    assert len(log.events) == 3000
    assert log.problems[0].message.startswith("invalid UTF-8")
