"""Shared test setup: the parse cache goes to a temporary folder, never to the user's ~/.cache."""

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
