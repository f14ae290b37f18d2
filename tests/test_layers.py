"""The data layer never imports Textual or Rich: each module is imported alone in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "tui"  # installed as `sitrep`
ABOVE_UI = {"cli", "__main__"}  # start the app: they may import Textual once the command asks for the dashboard


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(("sitrep", *(parts[:-1] if parts[-1] == "__init__" else parts)))


DATA_MODULES = sorted(
    module_name(path) for path in PACKAGE.rglob("*.py") if path.relative_to(PACKAGE).parts[0] not in {"ui", *(f"{m}.py" for m in ABOVE_UI)}
)
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
        [sys.executable, "-c", PROBE, "sitrep.ui.app"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "textual" in result.stdout.split()
