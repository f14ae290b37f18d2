"""New entries and safe whole-file writes: the template, where it goes, and writes that never half-happen."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from sitrep.core.safe_write import safe_write
from sitrep.editing.entry import entry_bytes, fresh_id, new_entry, unreadable_lines, with_entry
from sitrep.reading.reference import load_text


def test_fresh_id_skips_taken_ids() -> None:
    day = dt.date(2024, 2, 2)
    assert fresh_id(day, []) == "2024-02-02-new-event"
    assert fresh_id(day, ["2024-02-02-new-event", "2024-02-02-new-event-2"]) == "2024-02-02-new-event-3"


A = "{id: a, date: 2024-01-01, type: t, actor: x}"


@pytest.mark.parametrize(("indent", "text"), [("  ", f"events:\n  - {A}\n"), ("", f"events:\n# c\n\n- {A}\n")])
def test_new_entry_matches_the_indentation_of_the_list(indent: str, text: str) -> None:
    entry = new_entry(text, dt.date(2024, 2, 2), ["a"])
    assert entry.startswith(f"{indent}- id: 2024-02-02-new-event\n{indent}  date: 2024-02-02\n")
    filled = entry.replace("type: ", "type: drone attack", 1).replace("actor: ", "actor: X", 1)
    log = load_text("version: 1\n" + text + filled)
    assert [e.id for e in log.events] == ["a", "2024-02-02-new-event"]
    assert log.problems == ()


def test_with_entry_keeps_the_original_bytes_and_says_where_the_entry_starts() -> None:
    original = b"version: 1\r\nevents:\r\n  - id: a  # \xff not utf-8\r\n"
    data, line = with_entry(original, "  - id: b\n")
    assert data[: len(original)] == original
    assert line == 4
    data, line = with_entry(b"events:\n  - id: a", "  - id: b\n")
    assert data == b"events:\n  - id: a\n  - id: b\n" and line == 3


def test_safe_write_replaces_whole_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "log.yaml"
    target.write_text("old")
    target.chmod(0o640)
    safe_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["log.yaml"]


def test_safe_write_leaves_the_original_when_writing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "log.yaml"
    target.write_text("old")

    def fail(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        safe_write(target, b"new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["log.yaml"]


def test_untouched_template_hints_are_not_appended_but_the_users_comments_are() -> None:
    template = new_entry("version: 1\nevents:\n", dt.date(2024, 2, 2), [])
    assert "# summary: " in template
    written = template.replace("type: ", "type: drone attack").replace("# summary: ", "summary: seen")
    written += "    # checked against two sources\n"
    assert entry_bytes(written).decode() == (
        "  - id: 2024-02-02-new-event\n    date: 2024-02-02\n    type: drone attack\n    actor: \n    summary: seen\n"
        "    # checked against two sources\n"
    )


def test_a_value_yaml_cannot_read_alone_is_found_at_its_line() -> None:
    entry = '  - id: x\n    date: 2024-01-01\n    actor: "unclosed\n    target: [a, b\n    summary: "fine"\n'
    patched, found = unreadable_lines(entry)
    assert [(line, message) for line, _, message in found] == [
        (3, "actor: the value cannot be read (found unexpected end of stream)"),
        (4, "target: the value cannot be read (expected ',' or ']', but got '<stream end>')"),
    ]
    assert patched.splitlines()[2:4] == ['    actor: "?"', '    target: "?"']
