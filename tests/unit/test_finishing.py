"""What a quit does before the process ends: it waits for the writes under way, ends the forked readers, and an
entry cut short by a killed cache writer is never trusted."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest

from sitrep.core import forked
from sitrep.core.finishing import finishing, under_way, wait_until_finished
from sitrep.core.safe_write import replacing
from sitrep.reading.cache import disk


def test_a_write_under_way_is_waited_for_until_it_ends(tmp_path: Path) -> None:
    inside, go = threading.Event(), threading.Event()
    target = tmp_path / "report.md"

    def write() -> None:
        with replacing(target) as out:
            out.write(b"half")
            inside.set()
            go.wait()
            out.write(b" and the rest")

    writer = threading.Thread(target=write)
    writer.start()
    inside.wait()
    assert under_way() == [f"writing {target}"]
    assert not wait_until_finished(timeout=0)
    go.set()
    assert wait_until_finished()
    writer.join()
    assert target.read_bytes() == b"half and the rest" and under_way() == []


def test_a_write_that_fails_is_no_longer_under_way() -> None:
    with pytest.raises(OSError):
        with finishing("adding the entry"):
            raise OSError("disk full")
    assert wait_until_finished(timeout=0) and under_way() == []


def test_stop_children_ends_a_child_still_working() -> None:
    never = threading.Event()
    child = forked.Forked(lambda fd: never.wait())  # in the child, no one sets it: it works forever
    assert child.pid in forked.LIVE
    forked.stop_children()
    _, status = os.waitpid(child.pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    child.thread.join()
    forked.LIVE.discard(child.pid)


def test_a_cache_writer_killed_before_its_rename_leaves_no_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))
    key = disk.Key(str(tmp_path / "events.yaml"), 10, 1, 2, b"\0" * 32)
    pid = os.fork()
    if pid == 0:  # the writer, killed the moment its temporary file is full
        os.replace = lambda *_: os.kill(os.getpid(), signal.SIGKILL)
        disk.write(key, {"events": list(range(1000))})
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WTERMSIG(status) == signal.SIGKILL
    assert not disk.entry_path(key.path).exists() and disk.read(key) is None
    assert len(list((tmp_path / "cache").glob(f"{disk.TEMPORARY_PREFIX}*"))) == 1  # swept at a later start
