"""New entries being written: one private file each, kept until its entry is in the log.

A draft holds the entry alone (not a copy of the log), so it can be checked against the log as the log is
when the user is done, however the log changed meanwhile. Drafts live in the user's state folder
(`$SITREP_STATE_DIR`, else `$XDG_STATE_HOME/sitrep/drafts`, else `~/.local/state/sitrep/drafts`), never
beside the log, where `sitrep FOLDER` or git would see them. Each has a name of its own (the log's path
hashed, the time, the process), is created with mode 0600 and never overwritten, and is deleted only once its
entry is in the log or the user discards it. A draft is written to a temporary file and linked into place,
so a crash leaves a whole draft or none; `sweep` removes the temporary files a killed sitrep left.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from ..core.leftovers import remove_stale

TEMPORARY_PREFIX = ".tmp-"


class DraftError(Exception):
    """The draft could not be written; the message names the folder and the cause."""


def folder() -> Path:
    explicit = os.environ.get("SITREP_STATE_DIR")
    if explicit:
        return Path(explicit) / "drafts"
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "sitrep" / "drafts"


def log_key(log: Path) -> str:
    return hashlib.sha256(str(log.absolute()).encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True)
class Draft:
    path: Path

    @property
    def saved(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.path.stat().st_mtime)

    def text(self) -> str:
        return self.path.read_bytes().decode("utf-8", errors="replace")

    def is_blank(self) -> bool:
        """Emptied by the user (nothing but blank lines and comments): the way to abandon it from the editor."""
        return all(not line.strip() or line.lstrip().startswith("#") for line in self.text().splitlines())

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def create(log: Path, entry: str) -> Draft:
    where = folder()
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"{log_key(log)}.{stamp}.{os.getpid()}.{secrets.token_hex(3)}.yaml"
    temporary = where / f"{TEMPORARY_PREFIX}{name}"
    try:
        where.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        try:
            with open(descriptor, "wb") as out:
                out.write(entry.encode("utf-8"))
                out.flush()
                os.fsync(out.fileno())
            os.link(temporary, where / name)  # fails rather than replace an existing file
        finally:
            temporary.unlink(missing_ok=True)
    except OSError as error:
        raise DraftError(f"cannot write a draft in {where}: {error.strerror}") from None
    return Draft(where / name)


def unfinished(log: Path) -> list[Draft]:
    """This log's drafts, the least recently saved first."""
    found = []
    try:
        for path in folder().glob(f"{log_key(log)}.*.yaml"):
            found.append((path.stat().st_mtime, path.name, path))
    except OSError:
        return []
    return [Draft(path) for _, _, path in sorted(found)]


def sweep(now: float | None = None) -> int:
    """Remove the temporary files of sitreps that died writing a draft; returns how many. Drafts are kept."""
    return remove_stale(folder(), f"{TEMPORARY_PREFIX}*", now)
