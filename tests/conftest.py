"""Shared test setup: the parse cache and the drafts go to temporary folders, never to the user's ~/.cache or ~/.local/state."""

from __future__ import annotations

import os
import tempfile

import pytest


@pytest.fixture(autouse=True, scope="session")
def private_cache_dir():
    with tempfile.TemporaryDirectory(prefix="sitrep-cache-") as folder:
        before = os.environ.get("SITREP_CACHE_DIR")
        os.environ["SITREP_CACHE_DIR"] = folder
        yield folder
        if before is None:
            os.environ.pop("SITREP_CACHE_DIR", None)
        else:
            os.environ["SITREP_CACHE_DIR"] = before


@pytest.fixture(autouse=True)
def private_state_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Drafts of new entries, one folder per test: a test's drafts are never offered to the next."""
    folder = tmp_path_factory.mktemp("sitrep-state")
    monkeypatch.setenv("SITREP_STATE_DIR", str(folder))
    return folder
