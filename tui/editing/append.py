"""Adding an entry to a log: appended to the file itself, under a lock, only if the file is what was checked.

The log is never replaced by a copy: its inode, owner, mode, hard links and symlinks stay, and another
program's write is never undone. Two sitreps take the same advisory lock (`fcntl.flock`) on the file, so
their appends come one after the other. Under the lock the file must still hold exactly the bytes the entry
was validated against; if not, nothing is written (the caller validates again against the new bytes). A
write that fails part way (a full disk, a quota, a file size limit) is cut back to the original length.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import time
from pathlib import Path

LOCK_WAIT_SECONDS = 5.0


class AppendError(Exception):
    """Nothing was written; the message names the file and the cause."""


class Changed(AppendError):
    """The file no longer holds the bytes the entry was checked against; `now` is what it holds."""

    def __init__(self, path: Path, now: bytes) -> None:
        super().__init__(f"{path} changed while you were editing")
        self.now = now


def joined(original: bytes, entry: bytes) -> bytes:
    """What is written after `original`: a missing final newline, then the entry."""
    return (b"" if not original or original.endswith(b"\n") else b"\n") + entry


def writable(path: Path) -> None:
    """Refuse a log its owner protected (no write bit at all), even where root could write it."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise AppendError(f"cannot add to {path}: {error.strerror}") from None
    if not stat.S_ISREG(mode):
        raise AppendError(f"cannot add to {path}: not a regular file")
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise AppendError(f"{path} is write-protected (mode {stat.S_IMODE(mode):o}); nothing was written")


def lock(descriptor: int, path: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise AppendError(f"another program holds the lock on {path}; nothing was written, try again") from None
            time.sleep(0.05)


def read_all(descriptor: int) -> bytes:
    size = os.fstat(descriptor).st_size
    chunks, offset = [], 0
    while True:
        chunk = os.pread(descriptor, max(size - offset, 1 << 16), offset)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        offset += len(chunk)


def append_entry(path: Path, expected: bytes, entry: bytes, wait: float = LOCK_WAIT_SECONDS) -> int:
    """Append `entry` to the file at `path` (through a symlink) if it holds exactly `expected`.

    Returns the 1-based line where the entry starts. Raises Changed if the file holds other bytes, and
    AppendError (the file left at its original length) if it cannot be written."""
    writable(path)
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CLOEXEC)
    except OSError as error:
        raise AppendError(f"cannot add to {path}: {error.strerror}") from None
    try:
        lock(descriptor, path, wait)
        now = read_all(descriptor)
        if now != expected:
            raise Changed(path, now)
        data = joined(now, entry)
        try:
            written = 0
            while written < len(data):
                written += os.pwrite(descriptor, data[written:], len(now) + written)
            os.fsync(descriptor)
        except OSError as error:
            os.ftruncate(descriptor, len(now))
            os.fsync(descriptor)
            cause = "the disk is full" if error.errno in (errno.ENOSPC, errno.EDQUOT) else error.strerror
            raise AppendError(f"cannot add to {path}: {cause}; nothing was written") from None
        return (now + data[: len(data) - len(entry)]).count(b"\n") + 1
    finally:
        os.close(descriptor)  # closing releases the lock
