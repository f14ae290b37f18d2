"""Every route of sitrep.reading.route gives the reference log: unchanged, appended to, cached, read fast or in parallel.

The cache goes to tmp_path (SITREP_CACHE_DIR) and is written synchronously here (SITREP_CACHE_SYNC), with the
size threshold lowered so that small logs use it too.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import signal
import subprocess
import textwrap
import time
import sys
from pathlib import Path

import pytest

from paths import ROOT

from sitrep.reading.cache import disk, writer, preview
from sitrep.reading import appended, route, progress
from sitrep.reading.cache.memory import PREFETCHED
from sitrep.reading.prefetch import read_ahead
from sitrep.reading.fast import parallel
from sitrep.reading import load, reload
from sitrep.reading.reference import reference_load

sys.path.insert(0, str(ROOT / "bench"))
from generate import event_text, generate  # noqa: E402
from test_fast_reader import FIXTURES, assert_same  # noqa: E402

EXTRA = """  - id: appended-{n}
    date: 2024-03-0{n}
    type: drone attack
    actor: Kataib Hezbollah
    location: {{name: Tower 22, country: Jordan, lat: 33.32, lon: 38.69}}
    casualties: {{injured: {n}}}
    responds_to: [{target}]
"""


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SITREP_CACHE_DIR", str(folder))
    monkeypatch.setenv("SITREP_CACHE_SYNC", "1")
    monkeypatch.setattr(disk, "MIN_BYTES", 0)
    route.forget()
    yield folder
    route.forget()


def same_as_reference(path: Path) -> tuple:
    log = load(path)
    assert_same(log, reference_load(path))
    return log, route.route_of(log)


def log_file(tmp_path: Path, count: int = 300, name: str = "log.yaml") -> Path:
    path = tmp_path / name
    path.write_text(generate(count))
    return path


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_load_equals_the_reference_on_every_fixture_twice(path: Path) -> None:
    first = load(path)
    assert_same(first, reference_load(path))
    route.forget()
    assert_same(load(path), first)  # from the cache this time, for the files that have one


def test_unchanged_file_gives_the_same_log_object(tmp_path: Path) -> None:
    path = log_file(tmp_path)
    log, way = same_as_reference(path)
    assert way == "fast"
    assert load(path) is log
    assert route.route_of(log) == "same"


def test_cache_is_used_when_nothing_changed(tmp_path: Path, private_cache: Path) -> None:
    path = log_file(tmp_path)
    first, _ = same_as_reference(path)
    assert list(private_cache.glob("*.cache"))
    route.forget()
    second, way = same_as_reference(path)
    assert way == "cache"
    assert_same(second, first)


def test_cache_is_not_trusted_after_a_change_of_any_key(tmp_path: Path) -> None:
    path = log_file(tmp_path)
    load(path)
    route.forget()
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # same bytes, new mtime
    assert same_as_reference(path)[1] == "fast"
    route.forget()
    text = path.read_text().replace("drone attack", "drone strike", 1)  # same size, other bytes
    path.write_text(text)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert same_as_reference(path)[1] == "fast"
    route.forget()
    moved = tmp_path / "moved.yaml"  # same bytes, another path and inode
    moved.write_bytes(path.read_bytes())
    assert same_as_reference(moved)[1] == "fast"


def test_cache_of_another_version_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = log_file(tmp_path)
    load(path)
    route.forget()
    monkeypatch.setattr(disk, "VERSION", "another")
    assert same_as_reference(path)[1] == "fast"


@pytest.mark.parametrize(
    "damage",
    ["empty", "truncated", "garbage", "wrong magic", "not a dict", "plain dict of wrong shape", "code"],
)
def test_corrupt_cache_files_are_ignored(tmp_path: Path, damage: str) -> None:
    path = log_file(tmp_path)
    load(path)
    route.forget()
    entry = disk.entry_path(os.path.abspath(path))
    data = entry.read_bytes()
    key = disk.Key(os.path.abspath(path), path.stat().st_size, path.stat().st_mtime_ns, path.stat().st_ino, b"")
    stored_header = pickle.loads(data[len(disk.MAGIC):])
    if damage == "empty":
        entry.write_bytes(b"")
    elif damage == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        entry.write_bytes(disk.MAGIC + os.urandom(4096))
    elif damage == "wrong magic":
        entry.write_bytes(b"x" + data[1:])
    elif damage == "not a dict":
        entry.write_bytes(disk.MAGIC + pickle.dumps(stored_header) + pickle.dumps([1, 2, 3]))
    elif damage == "plain dict of wrong shape":
        entry.write_bytes(disk.MAGIC + pickle.dumps(stored_header) + pickle.dumps({"records": [(1, 2)], "problems": "x"}))
    else:  # a planted pickle that would run code if unpickled without care
        entry.write_bytes(disk.MAGIC + pickle.dumps(stored_header) + pickle.dumps(os.system))
    assert key.path == stored_header["key"][0]
    assert same_as_reference(path)[1] == "fast"


def test_unwritable_cache_folder_is_no_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setenv("SITREP_CACHE_DIR", str(blocker / "sub"))
    path = log_file(tmp_path)
    assert same_as_reference(path)[1] == "fast"


def test_cache_write_in_the_background(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, private_cache: Path) -> None:
    monkeypatch.delenv("SITREP_CACHE_SYNC")
    path = log_file(tmp_path)
    load(path)
    where = os.path.abspath(path)
    assert where in writer.WRITING  # a forked writer, at the lowest priority
    deadline = time.monotonic() + 120  # bounds a failure only: the test waits for the writer to end, however slow
    while (where in writer.WRITING or where in writer.WAITING) and time.monotonic() < deadline:
        time.sleep(0.05)
    route.forget()
    assert same_as_reference(path)[1] == "cache"


# Appends.


def append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as stream:
        stream.write(text)


@pytest.mark.parametrize("start", ["fast", "cache"])
def test_an_appended_event_is_read_alone(tmp_path: Path, start: str) -> None:
    path = log_file(tmp_path)
    first = load(path)
    if start == "cache":
        route.forget()
        assert route.route_of(load(path)) == "cache"
    append(path, EXTRA.format(n=1, target=first.events[3].id))
    log, way = same_as_reference(path)
    assert way == "append"
    assert log.events[-1].id == "appended-1"
    append(path, EXTRA.format(n=2, target="appended-1") + EXTRA.format(n=3, target="nowhere"))
    log, way = same_as_reference(path)
    assert way == "append"
    assert [event.id for event in log.events[-3:]] == ["appended-1", "appended-2", "appended-3"]
    assert any("nowhere" in problem.message for problem in log.problems)


@pytest.mark.parametrize(
    "tail",
    [
        "    note: a line added to the last event\n",
        "    tags: [changed]\n  - id: second\n    date: 2024-05-01\n    type: t\n    actor: A\n",
        "  - id: broken\n    date: [2024-05-01\n    type: t\n    actor: A\n",
        "  - id: 2023-10-17-e000000\n    date: 2024-05-01\n    type: duplicate id\n    actor: A\n",
        "  - id: with-problems\n    date: 2024-13-01\n    type: t\n    actor: A\n    status: maybe\n",
        "  - id: anchored\n    date: &d 2024-05-01\n    type: t\n    actor: A\n",
        "  - id: alias\n    date: *d\n    type: t\n    actor: A\n",
        "version: 2\n",
        "  - id: crlf\r\n    date: 2024-05-01\r\n    type: t\r\n    actor: A\r\n",
        "  - id: nul\x00\n    date: 2024-05-01\n    type: t\n    actor: A\n",
        "  - id: arabic\n    date: 2024-05-01\n    type: هجوم\n    actor: A\n    location: {name: الأسد}\n",
        "\n\n# a comment at the end\n",
        "  - id: no-newline-at-end\n    date: 2024-05-01\n    type: t\n    actor: A",
    ],
)
def test_any_append_gives_the_reference_log(tmp_path: Path, tail: str) -> None:
    path = log_file(tmp_path, 40)
    load(path)
    append(path, tail)
    same_as_reference(path)
    append(path, EXTRA.format(n=4, target="x"))
    same_as_reference(path)


LATER = """  - id: later-{n}
    date: 2099-0{n}-01
    type: drone attack
    actor: Kataib Hezbollah
    responds_to: [{target}]
"""


def test_an_append_dated_after_the_log_extends_it_in_place(tmp_path: Path) -> None:
    path = log_file(tmp_path)
    first = load(path)
    append(path, LATER.format(n=1, target=first.events[0].id) + LATER.format(n=2, target="nowhere"))
    second, way = same_as_reference(path)
    assert way == "append"
    assert [event.id for event in second.added_since(first)] == ["later-1", "later-2"]
    assert all(a is b for a, b in zip(second.events, first.events))
    assert second.added_since(reference_load(path)) is None  # only the very log it grew from
    append(path, LATER.format(n=3, target="later-2"))
    third, _ = same_as_reference(path)
    assert [event.id for event in third.added_since(second)] == ["later-3"]
    assert third.added_since(first) is None


@pytest.mark.parametrize(
    ("tail", "added"),
    [
        (LATER.format(n=1, target="x").replace("2099-01-01", "2001-01-01"), ["later-9", "later-1"]),  # before the last event
        (LATER.format(n=5, target="x") + LATER.format(n=1, target="x"), ["later-9", "later-1", "later-5"]),  # the second first
        (LATER.format(n=1, target="x").replace("2099-01-01", "2000-01-01"), ["later-9", "later-1"]),  # the same day as another
    ],
)
def test_an_append_dated_earlier_is_put_in_its_place(tmp_path: Path, tail: str, added: list[str]) -> None:
    path = log_file(tmp_path)
    append(path, LATER.format(n=9, target="x").replace("2099-09-01", "2000-01-01"))
    first = load(path)
    append(path, tail)
    second, way = same_as_reference(path)
    assert way == "append"
    assert [event.id for event in second.added_since(first)] == [i for i in added if i != "later-9"]
    assert [event.id for event in second.events if event.id.startswith("later-")] == added


def test_an_append_that_settles_an_earlier_warning_checks_the_whole_log(tmp_path: Path) -> None:
    path = log_file(tmp_path)
    append(path, LATER.format(n=9, target="nowhere-yet"))
    first = load(path)
    assert any(problem.message.endswith("unknown id 'nowhere-yet'") for problem in first.problems)
    append(path, LATER.format(n=1, target="x").replace("later-1", "nowhere-yet").replace("2099-01-01", "2099-10-01"))
    second, way = same_as_reference(path)
    assert way == "append"
    assert second.added_since(first) is None  # finish() on the whole said which warnings go
    assert not any(problem.message.endswith("unknown id 'nowhere-yet'") for problem in second.problems)


def test_an_append_is_read_from_the_appended_bytes_and_the_rest_checked_meanwhile(tmp_path: Path, private_cache: Path) -> None:
    path = log_file(tmp_path)
    load(path)
    append(path, LATER.format(n=1, target="x"))
    grown, way = same_as_reference(path)
    assert way == "append"
    state = route.STATES[os.path.abspath(path)]
    assert state.check is not None and state.check.wait()
    assert state.key.sha256 == hashlib.sha256(path.read_bytes()).digest()
    assert not appended.doubted(path)
    route.forget()
    assert same_as_reference(path)[1] == "cache"  # the entry written once the check passed


def changed_in_place_then_grown(path: Path) -> None:
    """The same file (inode): a value changed before the end, then an event appended."""
    text = path.read_text()
    at = text.index("type: ", 500)
    with open(path, "r+", encoding="utf-8") as stream:
        stream.seek(at)
        stream.write("type: x")
        stream.seek(0, os.SEEK_END)
        stream.write(LATER.format(n=1, target="x"))


def test_an_append_with_a_change_before_it_is_doubted_then_read_whole(tmp_path: Path, private_cache: Path) -> None:
    path = log_file(tmp_path)
    load(path)
    changed_in_place_then_grown(path)
    shown = load(path)
    assert route.route_of(shown) == "append"  # what the appended bytes give, shown before the check is over
    assert not route.STATES[os.path.abspath(path)].check.wait()
    assert appended.doubted(path)
    log, way = same_as_reference(path)
    assert way in ("fast", "parallel")
    assert not appended.doubted(path)


def test_a_rewrite_or_a_cut_is_read_whole(tmp_path: Path) -> None:
    path = log_file(tmp_path, 40)
    load(path)
    path.write_text(path.read_text().replace("version: 1", "version: 1 ", 1) + EXTRA.format(n=5, target="x"))
    assert same_as_reference(path)[1] == "fast"
    path.write_text(path.read_text()[:-200])
    assert same_as_reference(path)[1] in ("fast", "reference")


def test_reload_takes_the_previous_log(tmp_path: Path) -> None:
    path = log_file(tmp_path)
    first = load(path)
    append(path, EXTRA.format(n=6, target="x"))
    second = reload(first, path)
    assert route.route_of(second) == "append"
    assert_same(second, reference_load(path))
    assert reload(second, path) is second
    stranger = reference_load(path)
    third = reload(stranger, path)  # not what this process loaded last: read again, no shortcut
    assert route.route_of(third) in ("fast", "cache")
    assert_same(third, stranger)


def test_events_before_the_last_are_kept_as_they_were(tmp_path: Path) -> None:
    path = log_file(tmp_path)
    first = load(path)
    append(path, EXTRA.format(n=7, target="x"))
    second = load(path)
    kept = {event.id: event for event in first.events}
    last = max(first.events, key=lambda event: event.line)
    assert all(event is kept[event.id] for event in second.events if event.id in kept and event.id != last.id)


def test_non_ascii_and_bom_logs_extend_at_the_right_byte(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    text = generate(30).replace("Tower 22", "Tour 22 — é")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    load(path)
    append(path, EXTRA.format(n=8, target="x").replace("Tower 22", "Tour 22 — é"))
    assert same_as_reference(path)[1] == "append"


def test_parallel_route(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITREP_WORKERS", "2")
    path = log_file(tmp_path, 2000)
    assert same_as_reference(path)[1] == "parallel"


def children_die_after_two_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "PIECE", 100)
    sent = []
    send = parallel.send

    def send_twice(fd: int, answer: object) -> None:  # runs in the forked children
        if len(sent) == 2:
            raise OSError("the child dies")
        sent.append(answer)
        send(fd, answer)

    monkeypatch.setattr(parallel, "send", send_twice)


def test_a_child_that_fails_midway_costs_only_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pieces a child sent before it died are kept; this process reads the rest of its slice, from the file's text
    read again (it kept only its own slice's: test_dropped_text.py)."""
    monkeypatch.setenv("SITREP_WORKERS", "3")
    children_die_after_two_pieces(monkeypatch)
    path = log_file(tmp_path, 2000)
    assert same_as_reference(path)[1] == "parallel"


def test_reading_on_several_cores_reports_its_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITREP_WORKERS", "2")
    monkeypatch.setattr(parallel, "PIECE", 100)
    reported: list[float] = []
    monkeypatch.setattr(progress, "report", lambda file, done: reported.append(done))
    path = log_file(tmp_path, 2000)
    assert same_as_reference(path)[1] == "parallel"
    assert len(reported) == 20  # a report per piece of 100 events
    assert reported == sorted(reported) and reported[-1] == 1.0
    assert progress.of(str(path)) is None  # gone once read


def test_held_cache_writes_wait_for_their_release(tmp_path: Path, private_cache: Path) -> None:
    path = log_file(tmp_path)
    writer.hold_cache_writes([path])
    same_as_reference(path)
    assert not list(private_cache.glob("*.cache"))
    writer.release_cache_writes([path])
    assert len(list(private_cache.glob("*.cache"))) == 1
    route.forget()
    assert same_as_reference(path)[1] == "cache"


def test_event_text_of_the_generator_appends_cleanly(tmp_path: Path) -> None:
    import datetime as dt
    import random

    path = log_file(tmp_path, 100)
    load(path)
    append(path, event_text(random.Random(1), 100, dt.date(2024, 6, 1), ["2023-10-17-e000000"]))
    assert same_as_reference(path)[1] == "append"


# The preview: the first screen of a cached log, before the log.


def test_peek_gives_the_first_screen_of_a_cached_log(tmp_path: Path) -> None:
    from sitrep.ask.tally import TallyRow, dimensions_for, per_day, tally, totals

    path = log_file(tmp_path, 800)
    assert preview.peek(path) is None  # nothing cached yet
    log = load(path)
    route.forget()
    screen = preview.peek(path)
    assert screen is not None
    assert screen.event_count == len(log.events)
    assert screen.problem_count == len(log.problems)
    assert screen.log.events == log.events[: preview.PREVIEW_EVENTS]
    assert screen.log.title == log.title and screen.log.reported_counts == log.reported_counts
    assert screen.totals == totals(log.events)
    assert screen.per_day == per_day(log.events)
    for dimension in dimensions_for():  # the preview keeps counts, not casualty sums
        assert screen.tallies[dimension] == [TallyRow(row.key, row.count, row.share) for row in tally(log.events, dimension)]
    again = load(path)
    assert route.route_of(again) == "cache"
    assert_same(again, log)


def test_peek_declines_a_changed_log_or_a_damaged_preview(tmp_path: Path) -> None:
    path = log_file(tmp_path, 200)
    load(path)
    append(path, EXTRA.format(n=9, target="x"))
    assert preview.peek(path) is None
    load(path)  # writes the entries again, for the new version
    assert preview.peek(path) is not None
    entry = disk.entry_path(os.path.abspath(path), "preview")
    entry.write_bytes(entry.read_bytes()[:-50])
    assert preview.peek(path) is None
    assert_same(load(path), reference_load(path))


def test_prefetch_hands_its_log_to_load(tmp_path: Path) -> None:
    path = log_file(tmp_path, 500)
    read_ahead([path])
    log = load(path)
    assert PREFETCHED == {}
    assert_same(log, reference_load(path))
    assert route.route_of(log) in ("fast", "parallel")


def test_prefetch_of_a_file_changed_since_is_not_used(tmp_path: Path) -> None:
    path = log_file(tmp_path, 200)
    read_ahead(path)
    PREFETCHED[os.path.abspath(path)].result()
    append(path, EXTRA.format(n=1, target="x"))
    log = load(path)
    assert log.events[-1].id == "appended-1"
    assert_same(log, reference_load(path))


def test_prefetch_of_an_unreadable_file_raises_in_load(tmp_path: Path) -> None:
    from sitrep.reading.text import UnreadableFile

    path = tmp_path / "gone.yaml"
    path.write_text("version: 1\nevents:\n")
    read_ahead(path)
    PREFETCHED[os.path.abspath(path)].exception()
    assert_same(load(path), reference_load(path))
    missing = tmp_path / "missing.yaml"
    read_ahead(missing)  # not a file: nothing started
    with pytest.raises(UnreadableFile):
        load(missing)


def test_a_hang_up_still_writes_the_held_cache_entry(tmp_path: Path) -> None:
    """The terminal closes right after the log appeared: SIGHUP to the dashboard's whole process group. The held
    entry is started by the hang-up handler, and its writer, in a session of its own, outlives the group."""
    path = log_file(tmp_path, 5000)
    cache_dir = tmp_path / "hup-cache"
    script = textwrap.dedent("""
        import os, signal, sys
        from pathlib import Path
        from sitrep.reading.cache import disk
        disk.MIN_BYTES = 0
        from sitrep.ask.index import LogIndex
        from sitrep.core.model import EventLog
        from sitrep.session.opening import load_for_dashboard, open_early, settle_on_hangup
        paths = [Path(sys.argv[1])]
        open_early(paths)
        load_for_dashboard(paths, EventLog(""), LogIndex(()), {})
        settle_on_hangup(paths)
        os.killpg(0, signal.SIGHUP)
    """)
    env = {**os.environ, "SITREP_CACHE_DIR": str(cache_dir)}
    env.pop("SITREP_CACHE_SYNC", None)
    dashboard = subprocess.Popen([sys.executable, "-c", script, str(path)], cwd=ROOT, env=env, start_new_session=True)
    assert dashboard.wait(timeout=120) == 128 + signal.SIGHUP
    try:
        os.killpg(dashboard.pid, signal.SIGHUP)  # the pane closes: what is left of the group is hung up again
    except ProcessLookupError:
        pass  # nothing was left in it
    deadline = time.monotonic() + 60
    while len(list(cache_dir.glob("[!.]*"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [entry.suffix for entry in sorted(cache_dir.glob("*.*"))] == [".cache", ".preview"]
