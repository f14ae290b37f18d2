"""The data layer never imports Textual or Rich: each module is imported alone in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
UI_MODULES = {"app", "editor_flow", "explore_flow", "loading_flow", "__main__", "__init__"}  # the app and its mixins
DATA_MODULES = sorted(f"tui.{path.stem}" for path in (ROOT / "tui").glob("*.py") if path.stem not in UI_MODULES)
PROBE = """
import importlib, sys
importlib.import_module(sys.argv[1])
ui = sorted(name for name in sys.modules if name.split(".")[0] in ("textual", "rich"))
print(" ".join(ui) or "clean")
"""


@pytest.mark.parametrize("module", DATA_MODULES)
def test_data_module_imports_no_ui(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, module], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "clean"


def test_probe_detects_ui_imports() -> None:
    """The probe itself works: importing the app does pull Textual in."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "tui.app"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "textual" in result.stdout.split()
