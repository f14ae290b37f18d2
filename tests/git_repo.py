"""A git repository made for a test: tests/data/history/'s versions of one log, committed one by one."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from paths import HISTORY

IDENTITY = ["-c", "user.name=Analyst", "-c", "user.email=analyst@example.org", "-c", "commit.gpgsign=false"]


def git(folder: Path, *arguments: str, date: str | None = None) -> str:
    environment = {"PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(folder)}
    if date:
        environment.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    done = subprocess.run(["git", *IDENTITY, *arguments], cwd=folder, capture_output=True, text=True, check=True, env=environment)
    return done.stdout.strip()


def make_repo(folder: Path) -> tuple[Path, list[str]]:
    """Three commits (v1: a, b, c; v2: b's injured a range, b a source more, d added; v3: a removed, c retagged, counts
    and vocabulary changed) and the working file (e added, not committed): the log's path and the commits, oldest first."""
    folder.mkdir()
    git(folder, "init", "-q")
    commits = []
    for version, message, day in (
        ("v1.yaml", "first three events", "08"), ("v2.yaml", "b's injured, b's source, d", "09"), ("v3.yaml", "a withdrawn; c retagged", "10"),
    ):
        shutil.copy(HISTORY / version, folder / "events.yaml")
        git(folder, "add", "events.yaml")
        git(folder, "commit", "-q", "-m", message, date=f"2024-01-{day}T10:00:00+00:00")
        commits.append(git(folder, "rev-parse", "HEAD"))
    shutil.copy(HISTORY / "work.yaml", folder / "events.yaml")
    return folder / "events.yaml", commits
