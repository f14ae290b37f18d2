"""Running `git` on the repository a log file is in: its revisions, a revision's bytes of the file, line histories."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

FIELD = "\x1f"
LOG_FORMAT = FIELD.join(("%H", "%h", "%as", "%an", "%s"))
"""Commit, short commit, author date (YYYY-MM-DD), author, subject: one line per commit."""
TIMEOUT = 60


class GitError(Exception):
    """Why git cannot answer, in words for the user (outside a repository, an unknown revision...)."""


@dataclass(frozen=True)
class Revision:
    commit: str
    short: str
    date: str
    author: str
    subject: str

    def label(self, room: int = 72) -> str:
        """`abc1234 2024-02-01 Name: subject`, the subject cut with … past `room` characters."""
        subject = self.subject if len(self.subject) <= room else self.subject[: room - 1] + "…"
        return f"{self.short} {self.date} {self.author}: {subject}"


@dataclass(frozen=True)
class Place:
    """A file in its repository: the folder git runs in, and the file's path from there (symlinks resolved, since
    git keeps a link as the link, not as the log it points to)."""

    top: Path
    relative: str
    shown: str
    """The path as the user gave it, for messages."""


def run(folder: Path, *arguments: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(folder), *arguments], capture_output=True, timeout=TIMEOUT, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed (it is needed to read the log's history)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git took more than {TIMEOUT} s to answer") from None


def place_of(path: Path) -> Place:
    real = path.resolve()
    if not real.parent.is_dir():
        raise GitError(f"{path}: no such folder")
    found = run(real.parent, "rev-parse", "--show-toplevel")
    if found.returncode != 0:
        raise GitError(f"{path} is not in a git repository")
    top = Path(found.stdout.decode("utf-8", "replace").strip())
    return Place(top, real.relative_to(top.resolve()).as_posix(), str(path))


def resolve(path: Path, revision: str) -> Revision:
    """The commit a revision names (HEAD~2, a tag, a short hash...), or a GitError saying it names none."""
    place = place_of(path)
    if revision.startswith("-"):
        raise GitError(f"unknown revision {revision!r}")
    found = run(place.top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    if found.returncode != 0:
        raise GitError(f"unknown revision {revision!r} in {place.top}")
    return commits(place, "-1", found.stdout.decode().strip())[0]


def commits(place: Place, *arguments: str) -> list[Revision]:
    found = run(place.top, "log", f"--format={LOG_FORMAT}", *arguments)
    if found.returncode != 0:
        raise GitError(f"git log failed: {found.stderr.decode('utf-8', 'replace').strip()}")
    return [Revision(*line.split(FIELD, 4)) for line in found.stdout.decode("utf-8", "replace").splitlines() if line.count(FIELD) >= 4]


def revisions(path: Path, limit: int = 200) -> list[Revision]:
    """The commits that changed the file, newest first (renames followed)."""
    place = place_of(path)
    return commits(place, f"--max-count={limit}", "--follow", "--", place.relative)


def bytes_at(path: Path, revision: Revision) -> bytes:
    place = place_of(path)
    found = run(place.top, "show", f"{revision.commit}:{place.relative}")
    if found.returncode != 0:
        raise GitError(f"{path} does not exist at {revision.short} ({revision.date}: {revision.subject})")
    return found.stdout


def line_history(path: Path, first: int, last: int) -> list[Revision]:
    """The commits that changed lines first..last of the file as committed (HEAD), newest first; the last of them
    brought the lines in."""
    place = place_of(path)
    return commits(place, "--no-patch", f"-L{first},{last}:{place.relative}", "HEAD")
