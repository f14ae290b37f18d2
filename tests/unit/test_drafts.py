"""Drafts of new entries: private, never overwritten, offered back, and swept of what a killed sitrep left.
Also the editor command, which is refused before anything runs when it cannot be started."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from sitrep.editing import drafts
from sitrep.editing.drafts import DraftError
from sitrep.editing.entry import EditorProblem, editor_command
from sitrep.reading.cache import disk
from sitrep.reading.merge import log_files


def test_a_draft_is_private_and_kept_in_the_state_folder(tmp_path: Path, private_state_dir: Path) -> None:
    old = os.umask(0o022)
    try:
        draft = drafts.create(tmp_path / "events.yaml", "  - id: x\n")
    finally:
        os.umask(old)
    assert draft.path.parent == private_state_dir / "drafts"
    assert stat.S_IMODE(draft.path.stat().st_mode) == 0o600
    assert draft.text() == "  - id: x\n"
    assert list(tmp_path.iterdir()) == []


def test_two_drafts_of_one_log_are_two_files_offered_oldest_first(tmp_path: Path) -> None:
    log = tmp_path / "events.yaml"
    first = drafts.create(log, "first\n")
    os.utime(first.path, (time.time() - 60, time.time() - 60))
    second = drafts.create(log, "second\n")
    drafts.create(tmp_path / "other.yaml", "another log's\n")
    assert first.path != second.path
    assert [draft.text() for draft in drafts.unfinished(log)] == ["first\n", "second\n"]


def test_a_draft_is_never_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(drafts.secrets, "token_hex", lambda _: "same")
    log = tmp_path / "events.yaml"
    first = drafts.create(log, "mine\n")
    with pytest.raises(DraftError, match="cannot write a draft in .*: File exists"):
        while True:  # the same second: the same name
            drafts.create(log, "yours\n")
    assert first.text() == "mine\n"


def test_an_unwritable_state_folder_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("SITREP_STATE_DIR", str(blocker))
    with pytest.raises(DraftError, match=f"cannot write a draft in {blocker}/drafts"):
        drafts.create(tmp_path / "events.yaml", "x\n")


def test_a_blank_draft_is_one_the_user_emptied(tmp_path: Path) -> None:
    assert drafts.create(tmp_path / "a.yaml", "\n  # nothing\n\n").is_blank()
    assert not drafts.create(tmp_path / "b.yaml", "  - id: x\n").is_blank()


def test_sweep_removes_stale_temporary_files_and_keeps_drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))
    draft = drafts.create(tmp_path / "events.yaml", "x\n")
    (tmp_path / "cache").mkdir()
    stale = [drafts.folder() / ".tmp-dead.yaml", tmp_path / "cache" / ".tmp-dead.cache"]
    fresh = [drafts.folder() / ".tmp-alive.yaml", tmp_path / "cache" / ".tmp-alive.cache"]
    for path in stale + fresh:
        path.write_text("half")
    hour_ago = time.time() - 7200
    for path in stale + [draft.path]:
        os.utime(path, (hour_ago, hour_ago))
    assert drafts.sweep() == 1 and disk.sweep() == 1
    assert [path.exists() for path in stale + fresh] == [False, False, True, True]
    assert draft.path.exists()


def test_a_folder_of_logs_leaves_out_hidden_files(tmp_path: Path) -> None:
    for name in ("a.yaml", ".a.yaml.new-entry.yaml", ".hidden.yml", "b.yml"):
        (tmp_path / name).write_text("events: []\n")
    assert [path.name for path in log_files([tmp_path])] == ["a.yaml", "b.yml"]


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    """A PATH holding stand-ins for the editors the commands name."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name in ("vi", "nano", "vim", "code", "subl"):
        (folder / name).write_text("#!/bin/sh\n")
        (folder / name).chmod(0o755)
    return folder


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, ["vi", "+12", "f.yaml"]),
        ({"EDITOR": "nano -w"}, ["nano", "-w", "+12", "f.yaml"]),
        ({"EDITOR": "nano", "VISUAL": "vim"}, ["vim", "+12", "f.yaml"]),
        ({"VISUAL": "code"}, ["code", "--wait", "-g", "f.yaml:12"]),
        ({"VISUAL": "subl -w"}, ["subl", "-w", "f.yaml:12"]),
    ],
)
def test_editor_command(bin_dir: Path, env: dict[str, str], expected: list[str]) -> None:
    assert editor_command(Path("f.yaml"), 12, {"PATH": str(bin_dir), **env}) == expected


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"EDITOR": "/nonexistent/editor"}, "$EDITOR ('/nonexistent/editor'): '/nonexistent/editor' is not a program"),
        ({"EDITOR": "bin"}, "$EDITOR ('bin'): 'bin' is not on PATH"),
        ({"VISUAL": "   "}, "$VISUAL ('   ') names no command"),
        ({"EDITOR": "vim '"}, "$EDITOR (\"vim '\") is not a command: No closing quotation"),
        ({}, "vi (the default, as $VISUAL and $EDITOR are unset): 'vi' is not on PATH"),
    ],
)
def test_an_editor_that_cannot_start_is_refused_before_it_runs(tmp_path: Path, env: dict[str, str], message: str) -> None:
    (tmp_path / "bin").mkdir()
    with pytest.raises(EditorProblem) as raised:
        editor_command(Path("f.yaml"), 1, {"PATH": str(tmp_path / "bin"), **env})
    assert str(raised.value).startswith(message)


def test_a_directory_is_not_an_editor(tmp_path: Path) -> None:
    with pytest.raises(EditorProblem, match="is not a program"):
        editor_command(Path("f.yaml"), 1, {"PATH": "", "EDITOR": str(tmp_path)})
