"""The cache's code version hashes real files: a moved module must not silently drop out of it."""

from __future__ import annotations

import importlib
from pathlib import Path

from sitrep.reading.cache import disk


def test_every_module_the_cache_version_hashes_exists_and_is_that_module() -> None:
    for name in disk.MODULES:
        path = disk.module_file(name)
        assert path.is_file(), name
        assert path.resolve() == Path(importlib.import_module(f"sitrep.{name}").__file__).resolve()


def test_the_version_changes_with_a_hashed_module(monkeypatch, tmp_path) -> None:
    before = disk.code_version()
    copy = tmp_path / "model.py"
    copy.write_text(disk.module_file("core.model").read_text() + "\n# changed\n")
    real = disk.module_file
    monkeypatch.setattr(disk, "module_file", lambda name: copy if name == "core.model" else real(name))
    assert disk.code_version() != before
