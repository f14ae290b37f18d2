"""Work in a forked process that sends its answer back through a pipe, drained by a thread here."""

from __future__ import annotations

import os
import pickle
import queue
import signal
import threading
import warnings
from typing import Callable, Iterator

def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


LIVE: set[int] = set()
"""The pids of the children not yet reaped, which stop_children() ends."""

PIPE_BYTES = 1 << 20
"""Linux's default limit for a pipe's buffer. The default 64 KB would make the child wait at every 64 KB for the
thread draining it, which wakes up only when this process's busy loader thread lets go of the GIL (every 5 ms)."""


class Forked:
    """`work(fd)` run in a forked process, which writes frames to fd with send(); a thread drains them here."""

    def __init__(self, work: Callable[[int], object]) -> None:
        self.frames: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self.ended = False
        read_end, write_end = os.pipe()
        try:
            import fcntl

            fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        except (ImportError, AttributeError, OSError):
            pass  # not Linux, or a lower limit: slower, never wrong
        pid = fork()
        if pid == 0:  # the child: never returns
            code = 1
            try:
                os.close(read_end)
                quiet_child()
                work(write_end)
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        self.pid = pid
        LIVE.add(pid)
        self.thread = threading.Thread(target=self.drain, args=(read_end,), daemon=True)
        self.thread.start()

    def drain(self, fd: int) -> None:
        try:
            with os.fdopen(fd, "rb") as pipe:
                while True:
                    head = pipe.read(8)
                    if len(head) < 8:
                        return
                    frame = pipe.read(int.from_bytes(head, "little"))
                    self.frames.put(frame)
        finally:
            self.frames.put(None)

    def pieces(self, wait: bool = True) -> Iterator[object]:
        """The pieces, in order, as they arrive (or only those already arrived); "reference" if the child met what
        only the reference path reads. They end early (the caller reads the rest of the slice) if the child failed."""
        while not self.ended:
            try:
                frame = self.frames.get() if wait else self.frames.get_nowait()
            except queue.Empty:
                return
            if frame is None:
                self.ended = True
                return
            try:
                yield pickle.loads(frame)
            except Exception:
                self.ended = True
                return

    def ready(self) -> Iterator[object]:
        return self.pieces(wait=False)

    def result(self) -> object | None:
        """The one frame a child that computes a value sends; None if it failed."""
        answer = next(self.pieces(), None)
        self.finish()
        return answer

    def finish(self) -> None:
        """Reap the process (stopping it first if its pieces were not all read)."""
        if self.thread.is_alive():
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
        self.thread.join()
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        LIVE.discard(self.pid)


def stop_children() -> None:
    """End every child still working, now (the process is leaving and will read no answer): a child reading its
    slice of a big log would otherwise go on for seconds, until its next write meets the closed pipe."""
    for pid in list(LIVE):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


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


def send(fd: int, answer: object) -> None:
    data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(len(data).to_bytes(8, "little") + data)
    while view:
        view = view[os.write(fd, view[: 1 << 20]) :]


def compute_in_child(compute: Callable[[], object]) -> Forked | None:
    """compute() run in a forked process (the second core does it, and this process's threads keep the GIL for
    themselves); its answer is `.result()`, None if it failed. None where there is no fork."""
    if not hasattr(os, "fork"):
        return None
    try:
        return Forked(lambda fd: send(fd, compute()))
    except OSError:
        return None


def pieces_from_child(work: Callable[[Callable[[object], None]], None]) -> Iterator[object]:
    """work(send_one) run in a forked process at a lower priority; the pieces it sends, in order, as they arrive
    (none where there is no fork; fewer if the child failed)."""
    if not hasattr(os, "fork"):
        return iter(())

    def child(fd: int) -> None:
        os.nice(10)
        work(lambda piece: send(fd, piece))

    try:
        child_process = Forked(child)
    except OSError:
        return iter(())

    def pieces() -> Iterator[object]:
        try:
            yield from child_process.pieces()
        finally:
            child_process.finish()

    return pieces()
