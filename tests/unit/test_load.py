"""The loader: reading bytes, parsing YAML safely, and recovering the valid parts of a broken file.

Each fixture in tests/data/load holds one problem kind; every test asserts the exact
problems (line, column, severity, message) and the ids of the events that were kept.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from paths import LOAD, ROOT

import sitrep.reading.text
from sitrep.reading.text import UnreadableFile
from sitrep.reading import load
from sitrep.reading.reference import load_text
from sitrep.reading.reference.vocabulary import vocabulary_findings

FIXTURES = LOAD


def problems_of(log) -> list[tuple[int, int, str, str]]:
    return [(p.line, p.column, p.severity, p.message) for p in log.problems]


def ids_of(log) -> list[str]:
    return [event.id for event in log.events]


def test_syntax_error_in_one_event_costs_only_that_event() -> None:
    log = load(FIXTURES / "syntax_error.yaml")
    assert problems_of(log) == [
        (10, 10, "error", "YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence that starts at line 9, column 11)"),
    ]
    assert ids_of(log) == ["first", "third"]
    # Events recovered piece by piece keep their real line in the file.
    assert [event.line for event in log.events] == [3, 11]
    assert log.events[1].type == "rocket attack"


def test_problem_records_name_the_file() -> None:
    path = FIXTURES / "syntax_error.yaml"
    log = load(path)
    assert [p.file for p in log.problems] == [str(path)]
    assert str(log.problems[0]).startswith(f"{path}:10:10: error: YAML syntax: ")


def test_recovery_reads_each_event_alone_so_cross_event_aliases_are_explained() -> None:
    text = (
        "version: 1\nevents:\n"
        "  - &base\n    id: a\n    date: 2024-01-01\n    type: t\n    actor: A\n"
        "  - <<: *base\n    id: b\n"
        "  - id: c\n    date: [oops\n    type: t\n    actor: A\n"
    )
    log = load_text(text, "f.yaml")
    assert problems_of(log) == [
        (
            8, 9, "error",
            "YAML syntax: found undefined alias (while the file has a syntax error, "
            "each event is read alone and cannot use anchors from elsewhere)",
        ),
        (12, 9, "error", "YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence that starts at line 11, column 11)"),
    ]
    assert ids_of(log) == ["a"]


def test_git_conflict_block_skips_only_the_events_inside_it() -> None:
    log = load(FIXTURES / "conflict.yaml")
    assert problems_of(log) == [
        (7, 1, "error", "unresolved git merge conflict (lines 7-17); the 2 events inside it are skipped until it is resolved"),
    ]
    assert ids_of(log) == ["before", "after"]
    assert [event.line for event in log.events] == [3, 18]


def test_unclosed_conflict_block_runs_to_the_end_of_the_events() -> None:
    text = (FIXTURES / "conflict.yaml").read_text().replace(">>>>>>> other-branch\n", "")
    log = load_text(text, "c.yaml")
    assert problems_of(log) == [
        (7, 1, "error", "unresolved git merge conflict (lines 7-20); the 3 events inside it are skipped until it is resolved"),
    ]
    assert ids_of(log) == ["before"]


def test_utf8_bom_is_ignored() -> None:
    path = FIXTURES / "bom.yaml"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    log = load(path)
    assert problems_of(log) == []  # no "no `version:`" warning: the BOM did not eat the first key
    assert ids_of(log) == ["with-bom"]
    assert log.events[0].line == 3


def test_crlf_line_endings() -> None:
    path = FIXTURES / "crlf.yaml"
    assert b"\r\n" in path.read_bytes()
    log = load(path)
    assert problems_of(log) == [(9, 11, "error", "time must be HH:MM (00:00 to 23:59), not '25:00'")]
    assert ids_of(log) == ["crlf-one", "crlf-two"]
    assert [event.line for event in log.events] == [3, 7]
    assert log.events[1].actor == "Militia B"
    assert log.events[1].time is None


def test_invalid_utf8_is_reported_and_the_rest_loads() -> None:
    path = FIXTURES / "invalid_utf8.yaml"
    assert b"\xe9" in path.read_bytes()
    log = load(path)
    assert problems_of(log) == [
        (6, 15, "error", "invalid UTF-8 (was the file saved in another encoding?); bad bytes are shown as \ufffd"),
    ]
    assert ids_of(log) == ["latin1"]
    assert log.events[0].actor == "Caf\ufffd militia"


def test_empty_file() -> None:
    path = FIXTURES / "empty.yaml"
    assert path.read_bytes() == b""
    log = load(path)
    assert problems_of(log) == [(1, 1, "error", "the file is empty: expected `version: 1` and `events:`")]
    assert ids_of(log) == []


def test_comments_only_counts_as_empty() -> None:
    log = load_text("# nothing yet\n", "e.yaml")
    assert problems_of(log) == [(1, 1, "error", "the file is empty: expected `version: 1` and `events:`")]


def test_top_level_list() -> None:
    log = load(FIXTURES / "top_level_list.yaml")
    assert problems_of(log) == [(1, 1, "error", "the top level of the log must be a mapping of keys to values, not a list")]
    assert ids_of(log) == []


def test_events_not_a_list() -> None:
    log = load(FIXTURES / "events_not_list.yaml")
    assert problems_of(log) == [(3, 3, "error", "events must be a list, not a mapping")]
    assert ids_of(log) == []


def test_events_missing_or_scalar() -> None:
    assert problems_of(load_text("version: 1\ntitle: t\n", "f")) == [(1, 1, "error", "no `events:` list in the file")]
    assert problems_of(load_text("version: 1\nevents: none yet\n", "f")) == [
        (2, 9, "error", "events must be a list, not 'none yet'"),
    ]
    assert problems_of(load_text("version: 1\nevents:\n", "f")) == []


def test_reported_counts_not_a_list() -> None:
    log = load_text("version: 1\nreported_counts: {as_of: 2024-01-22, count: 151}\nevents: []\n", "f")
    assert problems_of(log) == [(2, 18, "error", "reported_counts must be a list, not a mapping")]
    assert log.reported_counts == ()


def test_version_missing_or_unknown() -> None:
    assert problems_of(load_text("events: []\n", "f")) == [(1, 1, "warning", "no `version:`; reading it as format version 1")]
    assert problems_of(load_text("version: 2\nevents: []\n", "f")) == [
        (1, 10, "warning", "format version 2 is not known; reading it as version 1"),
    ]


def test_python_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    log = load(FIXTURES / "python_tag.yaml")
    assert problems_of(log) == [
        (7, 14, "error", "YAML tag !!python/object/apply:os.system refused: only plain data is allowed"),
        (8, 5, "error", "event 'tagged-type' skipped: its type is unusable"),
        (10, 11, "error", "YAML tag !!python/object/apply:os.system refused: only plain data is allowed"),
    ]
    assert ids_of(log) == ["tagged"]
    assert log.events[0].extra == (("payload", None),)

    marker = tmp_path / "ran"
    text = f'version: 1\nevents:\n  - id: x\n    date: 2024-01-01\n    type: t\n    actor: A\n    p: !!python/object/apply:os.system ["touch {marker}"]\n'
    load_text(text, "evil.yaml")
    assert not marker.exists()


LOAD_AND_REPORT = """
import json, sys, time
from sitrep.reading import load
started = time.perf_counter()
log = load(sys.argv[1])
print(json.dumps({
    "seconds": time.perf_counter() - started,
    "problems": [[p.line, p.column, p.severity, p.message] for p in log.problems],
    "ids": [e.id for e in log.events],
    "extra": [[[key, value] for key, value in e.extra] for e in log.events],
}))
"""


def load_with_deadline(path: Path, seconds: float = 30) -> dict:
    """Load in a child process, so a loader that hangs fails the test instead of hanging it."""
    result = subprocess.run(
        [sys.executable, "-c", LOAD_AND_REPORT, str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=seconds,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_alias_bomb_finishes_fast_and_is_reported() -> None:
    report = load_with_deadline(FIXTURES / "alias_bomb.yaml")
    assert report["seconds"] < 5
    message = "the value of '{}' is dropped: its aliases repeat too many values (over 100000; an alias bomb?)"
    assert report["problems"] == [[line, 5, "error", message.format(f"lol{line - 6}")] for line in range(11, 16)]
    assert report["ids"] == ["laughs", "after"]
    extra = dict(report["extra"][0])
    assert extra["lol1"] == ["lol"] * 10
    assert extra["lol9"] is None


def test_merge_key_bomb_finishes_fast(tmp_path: Path) -> None:
    lines = ["version: 1", "events:", "  - id: a", "    date: 2024-01-01", "    type: t", "    actor: A", "    m0: &m0 {k: v}"]
    for level in range(1, 30):
        lines.append(f"    m{level}: &m{level} {{<<: [{', '.join([f'*m{level - 1}'] * 10)}]}}")
    lines.append("  - {<<: *m29, id: b, date: 2024-01-02, type: t, actor: A}")
    path = tmp_path / "merge-bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    report = load_with_deadline(path)
    assert report["seconds"] < 5
    assert report["problems"] == []
    assert report["ids"] == ["a", "b"]
    assert ["k", "v"] in report["extra"][1]


def test_recursive_aliases_are_reported() -> None:
    text = (
        "version: 1\nevents:\n  - id: a\n    date: 2024-01-01\n    type: t\n    actor: A\n"
        "    loop: &loop [*loop]\n    merge: &self {<<: *self, k: 1}\n"
    )
    log = load_text(text, "r.yaml")
    assert problems_of(log) == [
        (7, 11, "error", "a value contains itself through an alias; dropped"),
        (8, 12, "error", "a merge (<<) refers to the mapping it is in; the merge is ignored"),
    ]
    assert ids_of(log) == ["a"]
    assert dict(log.events[0].extra) == {"loop": None, "merge": {"k": "1"}}


def test_anchors_and_merge_keys_work() -> None:
    log = load(FIXTURES / "anchors_merge.yaml")
    assert problems_of(log) == []
    assert ids_of(log) == ["tower-22", "tower-22-second", "al-tanf"]
    first, second, third = log.events
    assert (second.type, second.actor, second.location) == ("rocket attack", "Islamic Resistance in Iraq", first.location)
    assert second.location.name == "Tower 22" and second.location.country == "Jordan"
    assert (third.actor, third.location) == ("Islamic Resistance in Iraq", first.location)
    assert [event.line for event in log.events] == [3, 9, 13]


def test_events_remember_their_start_line() -> None:
    log = load(FIXTURES / "extra_keys.yaml")
    assert problems_of(log) == []
    assert [(event.id, event.line, event.file) for event in log.events] == [
        ("with-extras", 5, str(FIXTURES / "extra_keys.yaml")),
        ("plain", 13, str(FIXTURES / "extra_keys.yaml")),
    ]


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="no such file"):
        load(tmp_path / "missing.yaml")
    with pytest.raises(UnreadableFile, match="not a regular file"):
        load(tmp_path)


def test_file_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("version: 1\nevents: []\n")
    monkeypatch.setattr(sitrep.reading.text, "MAX_FILE_BYTES", 10)
    with pytest.raises(UnreadableFile, match="larger than"):
        load(path)
    monkeypatch.setattr(sitrep.reading.text, "MAX_FILE_BYTES", 100)
    assert load(path).problems == ()


def test_deep_nesting_is_a_problem_not_a_crash() -> None:
    text = "version: 1\nevents:\n  - id: a\n    date: 2024-01-01\n    type: t\n    actor: A\n    deep: " + "[" * 5000 + "]" * 5000 + "\n"
    log = load_text(text, "d.yaml")
    assert [(p.line, p.severity) for p in log.problems] == [(7, "error")]
    assert log.problems[0].message.startswith("YAML syntax: ")
    assert ids_of(log) == []


# The real log at the repository root.

REAL_LOG = ROOT / "events.yaml"


def test_real_log_is_clean_and_holds_the_seed_article_events() -> None:
    log = load(REAL_LOG)
    assert [str(problem) for problem in log.problems] == []
    seed = [event for event in log.events if "seed-article" in event.tags]
    dates = {event.date.isoformat() for event in seed}
    assert {"2023-12-25", "2023-12-26", "2024-01-20", "2024-01-24"} <= dates
    assert any(event.actor == "United States" and event.date.isoformat() == "2024-01-24" for event in seed)
    assert any(count.count == 151 and count.qualifier == "more-than" for count in log.reported_counts)
    # the article's "read also": the second wave of US-UK strikes on the Houthis, 22 January
    assert any(event.date.isoformat() == "2024-01-22" and "red-sea" in event.tags for event in seed)


def test_real_log_keeps_to_its_vocabulary_and_cites_a_url_for_every_event() -> None:
    """Issue 16: what `sitrep check` adds finds no value outside the vocabulary (unused entries are only noted), every
    event cites a source with a URL, every `responds_to` leads somewhere, and the file keeps the log's date order."""
    log = load(REAL_LOG)
    assert {"type", "actor", "target"} <= set(log.vocabulary.terms)
    assert [str(problem) for problem in vocabulary_findings(log.events, log.vocabulary) if problem.severity != "info"] == []
    assert [event.id for event in log.events if not any(source.url for source in event.sources)] == []
    known = {event.id for event in log.events}
    assert len(known) == len(log.events)
    assert [(event.id, target) for event in log.events for target in event.responds_to if target not in known] == []
    assert [event.line for event in log.events] == sorted(event.line for event in log.events)
    land_attacks = [event for event in log.events if not event.is_response and "red-sea" not in event.tags]
    assert len(land_attacks) >= 50  # the floor for attacks in Iraq, Syria and Jordan


def test_bundled_log_is_the_real_log() -> None:
    """`sitrep` with no ./events.yaml opens the copy shipped in the package: it must not drift."""
    from sitrep.session.bundled import BUNDLED_LOG

    assert BUNDLED_LOG.read_bytes() == REAL_LOG.read_bytes()
