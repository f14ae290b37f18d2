"""Reading the events of a big log on several cores: forked children read slices and send records back.

A forked child starts with the decoded text already in its memory (copy-on-write: nothing is copied
or sent), reads its slice of the events with the same ChunkReader, and sends back the records
(tuples of plain values: the pickle of 50,000 of them loads in about 0.05 s) through a pipe. The
parent reads the first slice meanwhile. Only where `os.fork` exists; any failure in a child (or no
fork) and the parent reads that slice itself, so the result never depends on how it was computed.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
import warnings
from typing import TYPE_CHECKING, Callable

from .model import Problem

if TYPE_CHECKING:
    from .fastparse import ChunkReader

MIN_EVENTS_PER_WORKER = 10_000
"""Below this a fork costs more than it saves."""


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def workers_for(events: int) -> int:
    """How many processes to read `events` events with: 1 unless it pays and SITREP_WORKERS does not say otherwise."""
    if not hasattr(os, "fork"):
        return 1
    wanted = os.environ.get("SITREP_WORKERS")
    if wanted is not None:
        try:
            return max(1, int(wanted))
        except ValueError:
            return 1
    return max(1, min(cores(), events // MIN_EVENTS_PER_WORKER))


class Child:
    """A forked process reading one slice; its pickled answer is drained from a pipe by a thread."""

    def __init__(self, reader: ChunkReader, low: int, high: int) -> None:
        self.low, self.high = low, high
        self.chunks: list[bytes] = []
        read_end, write_end = os.pipe()
        pid = fork()
        if pid == 0:  # the child: never returns
            os.close(read_end)
            run_child(reader, low, high, write_end)
        os.close(write_end)
        self.pid = pid
        self.thread = threading.Thread(target=self.drain, args=(read_end,), daemon=True)
        self.thread.start()

    def drain(self, fd: int) -> None:
        with os.fdopen(fd, "rb") as pipe:
            while True:
                block = pipe.read(1 << 20)
                if not block:
                    return
                self.chunks.append(block)

    def result(self) -> tuple[list[tuple], list[Problem], int, set[str]] | None:
        self.thread.join()
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            status = 1
        if status != 0:
            return None
        try:
            answer = pickle.loads(b"".join(self.chunks))
        except Exception:
            return None
        return answer if isinstance(answer, tuple) and len(answer) == 4 else None


def fork() -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # 3.12+: fork in a threaded process
        return os.fork()


def quiet_child() -> None:
    """In a forked child: leave the terminal's signals to the parent (the dashboard), and its event loop alone."""
    for name in ("SIGWINCH", "SIGINT", "SIGTSTP", "SIGCONT", "SIGTERM"):
        if hasattr(signal, name):
            try:
                signal.signal(getattr(signal, name), signal.SIG_IGN if name != "SIGTERM" else signal.SIG_DFL)
            except (ValueError, OSError):
                pass
    try:
        signal.set_wakeup_fd(-1)
    except (ValueError, OSError):
        pass


def run_child(reader: ChunkReader, low: int, high: int, fd: int) -> None:
    code = 1
    try:
        quiet_child()
        from .fastparse import ReferencePath

        try:
            reader.anchors = set()
            records, problems = reader.records(low, high)
            answer: object = (records, problems, reader.slow, reader.anchors)
        except ReferencePath:
            answer = "reference"
        data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view[: 1 << 20]) :]
        code = 0
    except BaseException:
        code = 1
    finally:
        os._exit(code)


PARENT_SHARE = 0.45
"""This process reads a smaller slice than each child: meanwhile it also builds the events of its own slice."""


def records_in_parallel(reader: ChunkReader, workers: int, meanwhile: Callable[[list[tuple]], object] | None = None) -> tuple[list[tuple], list[Problem]]:
    """The same as reader.records(), computed by `workers` processes (this one included).

    `meanwhile` is called with this process's own records while the children still work (to build their events).
    """
    count = len(reader.split.starts)
    mine = int(count * PARENT_SHARE * 2 / workers) if meanwhile else count // workers
    bounds = [0] + [mine + (count - mine) * i // (workers - 1) for i in range(workers)]
    children: list[Child] = []
    try:
        for low, high in zip(bounds[1:], bounds[2:]):
            try:
                children.append(Child(reader, low, high))
            except OSError:
                break
        records, problems = reader.records(0, children[0].low if children else count)
        done = children[0].low if children else count
        if meanwhile is not None:
            meanwhile(records)
        while children:
            child = children.pop(0)
            answer = child.result()
            if answer is None:  # the child failed (or met what only the reference path reads): read its slice here
                more, more_problems = reader.records(child.low, child.high)
            else:
                more, more_problems, slow, anchors = answer
                reader.slow += slow
                if anchors & reader.anchors:
                    from .fastparse import ReferencePath

                    raise ReferencePath  # an anchor name used in two slices
                reader.anchors |= anchors
            records += more
            problems += more_problems
            done = child.high
        if done < count:
            more, more_problems = reader.records(done, count)
            records += more
            problems += more_problems
        return records, problems
    finally:
        for child in children:  # left behind by an exception: stop them
            try:
                os.kill(child.pid, signal.SIGKILL)
            except OSError:
                pass
            child.result()
