"""Writes that never half-happen: the data goes to a new file beside the target, renamed over it at the end."""

from __future__ import annotations

import os
import secrets
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

from .finishing import finishing


@contextmanager
def replacing(path: Path) -> Iterator[BinaryIO]:
    """A binary file to fill; it replaces `path` (keeping its mode) only if the block ends without an error.

    Readers see the old file or the new one, never part of one; on failure the temporary file is removed.
    """
    with finishing(f"writing {path}"):  # a quit waits for the file the user asked for
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        # 0o666 lets the umask decide a new file's mode, as a plain open() would.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with open(descriptor, "wb") as out:
                yield out
                out.flush()
                os.fsync(out.fileno())
            if path.exists():
                os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise


def safe_write(path: Path, data: bytes) -> None:
    with replacing(path) as out:
        out.write(data)
