"""The data layer never imports Textual or Rich: each module is imported alone in a fresh interpreter."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from paths import ROOT

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


def lint_imports(cwd: Path, pythonpath: str | None = None) -> subprocess.CompletedProcess:
    """The import-linter contracts of pyproject.toml, run on the package that `pythonpath` puts first."""
    env = {**os.environ, "PYTHONPATH": pythonpath} if pythonpath else None
    return subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())",
         "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=cwd, capture_output=True, text=True, timeout=120, env=env,
    )


def test_import_contracts_are_kept() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "3 kept, 0 broken" in result.stdout


def test_import_contracts_catch_textual_below_the_interface_and_a_cycle(tmp_path: Path) -> None:
    """The same contracts on a copy of the package in which the model imports Textual and describe, which imports it."""
    copy = tmp_path / "sitrep"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "data"))
    model = copy / "core" / "model.py"
    model.write_text(model.read_text().replace("from __future__ import annotations\n", "from __future__ import annotations\n\nimport textual\n\nfrom . import describe\n", 1))
    result = lint_imports(tmp_path, str(tmp_path))
    assert result.returncode == 1
    assert "Nothing below the interface imports Textual or Rich BROKEN" in result.stdout
    assert "No cycles between the modules of a package BROKEN" in result.stdout
    assert "sitrep.core.model -> textual" in result.stdout
