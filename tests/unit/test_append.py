"""Adding an entry appends to the log itself: under a lock, only onto the bytes it was checked against, and a
failed write leaves the file at its original length."""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from paths import ROOT
from sitrep.editing import append as append_module
from sitrep.editing.append import AppendError, Changed, append_entry

LOG = b"version: 1\nevents:\n  - {id: a, date: 2024-01-01, type: t, actor: x}\n"
ENTRY = b"  - {id: b, date: 2024-01-02, type: t, actor: y}\n"


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "events.yaml"
    path.write_bytes(LOG)
    path.chmod(0o640)
    return path


def test_the_entry_lands_at_the_end_of_the_same_file(log: Path) -> None:
    before = os.stat(log)
    assert append_entry(log, LOG, ENTRY) == 4
    after = os.stat(log)
    assert log.read_bytes() == LOG + ENTRY
    assert (after.st_ino, after.st_uid, stat.S_IMODE(after.st_mode)) == (before.st_ino, before.st_uid, 0o640)
    assert sorted(p.name for p in log.parent.iterdir()) == ["events.yaml"]


def test_a_missing_final_newline_is_added_first(log: Path) -> None:
    log.write_bytes(LOG[:-1])
    assert append_entry(log, LOG[:-1], ENTRY) == 4
    assert log.read_bytes() == LOG + ENTRY


def test_a_symlink_and_a_hard_link_both_see_the_entry(log: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(log)
    hard = tmp_path / "hard.yaml"
    os.link(log, hard)
    append_entry(link, LOG, ENTRY)
    assert link.is_symlink()
    assert log.read_bytes() == hard.read_bytes() == LOG + ENTRY


def test_bytes_another_program_wrote_are_never_undone(log: Path) -> None:
    theirs = LOG + b"  - {id: theirs, date: 2024-01-03, type: t, actor: z}\n"
    log.write_bytes(theirs)
    with pytest.raises(Changed) as raised:
        append_entry(log, LOG, ENTRY)
    assert raised.value.now == theirs
    assert log.read_bytes() == theirs


def test_a_lock_held_by_another_sitrep_is_waited_for_then_refused(log: Path) -> None:
    with open(log, "rb") as other:
        fcntl.flock(other, fcntl.LOCK_EX)
        with pytest.raises(AppendError, match="holds the lock"):
            append_entry(log, LOG, ENTRY, wait=0.2)
    assert log.read_bytes() == LOG
    append_entry(log, LOG, ENTRY, wait=0.2)  # released: the next try goes through
    assert log.read_bytes() == LOG + ENTRY


def test_a_write_protected_log_is_not_written_even_by_root(log: Path) -> None:
    log.chmod(0o444)
    with pytest.raises(AppendError, match=r"write-protected \(mode 444\)"):
        append_entry(log, LOG, ENTRY)
    assert log.read_bytes() == LOG


def test_a_write_that_fails_part_way_is_cut_back(log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.pwrite

    def half_then_full(descriptor: int, data: bytes, offset: int) -> int:
        if offset == len(LOG):
            return real(descriptor, data[: len(data) // 2], offset)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(append_module.os, "pwrite", half_then_full)
    with pytest.raises(AppendError, match="the disk is full; nothing was written"):
        append_entry(log, LOG, ENTRY)
    assert log.read_bytes() == LOG


def test_a_file_size_limit_leaves_the_log_whole(log: Path) -> None:
    """A full disk made real: RLIMIT_FSIZE stops the write past the log's size, in a child process."""
    script = textwrap.dedent(f"""
        import resource, signal, sys
        from pathlib import Path
        from sitrep.editing.append import AppendError, append_entry
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, ({len(LOG) + 10}, {len(LOG) + 10}))
        try:
            append_entry(Path(sys.argv[1]), {LOG!r}, {ENTRY!r})
        except AppendError as error:
            print(error)
    """)
    done = subprocess.run([sys.executable, "-c", script, str(log)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout == f"cannot add to {log}: File too large; nothing was written\n", done.stderr
    assert log.read_bytes() == LOG


def test_a_missing_log_is_named(tmp_path: Path) -> None:
    with pytest.raises(AppendError, match="cannot add to .*gone.yaml: No such file or directory"):
        append_entry(tmp_path / "gone.yaml", b"", ENTRY)
