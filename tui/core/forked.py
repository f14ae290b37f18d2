"""Work in a forked process that sends its answer back through a pipe, drained by a thread here."""

from __future__ import annotations

import os
import pickle
import queue
import signal
import threading
import warnings
from typing import Callable, Iterable, Iterator

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


FAILED = object()
"""A frame that could not be unpickled, in the queue of a child whose frames are unpickled as they arrive."""


class Forked:
    """`work(fd)` run in a forked process, which writes frames to fd with send(); a thread drains them here.

    `eager`: each frame is unpickled by the draining thread as it arrives, so a big answer sent in parts is never
    held here twice, pickled and unpickled (the search texts of a million events: 330 MB each)."""

    def __init__(self, work: Callable[[int], object], eager: bool = False) -> None:
        self.frames: queue.SimpleQueue[object] = queue.SimpleQueue()
        self.eager = eager
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
                    self.frames.put(unpickled(frame) if self.eager else frame)
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
            if frame is None or frame is FAILED:
                self.ended = True
                return
            if self.eager:
                yield frame
                continue
            piece = unpickled(frame)
            if piece is FAILED:
                self.ended = True
                return
            yield piece

    def ready(self) -> Iterator[object]:
        return self.pieces(wait=False)

    def parts(self) -> list | None:
        """Every part a child of parts_in_child() sent, in order; None if it failed before its last."""
        parts = list(self.pieces())
        self.finish()
        return parts[:-1] if parts and parts[-1] == END else None

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


def unpickled(frame: bytes) -> object:
    try:
        return pickle.loads(frame)
    except Exception:
        return FAILED


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


END = "end"
"""The frame after a child's last part (Forked.parts): without it, the child failed on the way."""


def parts_in_child(parts: Callable[[], Iterable[object]]) -> Forked | None:
    """The parts parts() yields, computed in a forked process and sent one by one (an answer too big for one frame
    sent whole: pickled at once, it would be held twice here for a while); `.parts()` is their list, None if the child
    failed. None where there is no fork."""
    if not hasattr(os, "fork"):
        return None

    def child(fd: int) -> None:
        for part in parts():
            send(fd, part)
        send(fd, END)

    try:
        return Forked(child, eager=True)
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
