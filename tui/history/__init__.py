"""The log's history in git: a revision's version of the log, what changed since it, and where an event came from.

Every answer comes from the `git` command (git show, git log), never from reading `.git` by hand; a revision's
text is read by the readers a file is read by (reading.load_bytes).
"""

from __future__ import annotations

from .git import GitError, Revision, resolve, revisions
from .versions import Provenance, changes_since, log_at, provenance

__all__ = ["GitError", "Provenance", "Revision", "changes_since", "log_at", "provenance", "resolve", "revisions"]
