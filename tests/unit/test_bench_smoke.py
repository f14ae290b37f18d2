"""The scale and ACLED benchmarks run end to end on small inputs (`--quick`) and print their tables; no timing is asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from paths import ROOT



def quick_output(script: str, tmp_path: Path) -> list[str]:
    """The lines a benchmark prints with --quick (it must exit cleanly)."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), "--quick", "--dir", str(tmp_path)], capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.splitlines()


def table_rows(lines: list[str], first_column: str) -> list[str]:
    """The rows of the table whose header starts with that column."""
    header = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_column} |"))
    rows = []
    for line in lines[header + 2 :]:
        if not line.startswith("| "):
            break
        rows.append(line)
    return rows


def quick_table(script: str, tmp_path: Path, first_column: str) -> list[str]:
    return table_rows(quick_output(script, tmp_path), first_column)


def test_bench_scale_quick_prints_a_table(tmp_path: Path) -> None:
    lines = quick_output("bench_scale.py", tmp_path)
    rows = table_rows(lines, "events")
    measures = [row.split("|")[2].strip() for row in rows]
    assert measures == [
        "open cold", "loaded cold", "open warm", "key: tally dimension (t)", "key: query character", "key: search character",
        "key: cursor down (j)", "key: t, warm-up over", "key: j, warm-up over", "key: search character, warm-up over",
        "peak memory (MB)", "peak memory, warm (MB)", "append one event",
    ]
    assert all(row.count("|") == 10 for row in rows)
    growth = table_rows(lines, "events | runs")
    assert len(growth) == 1 and growth[0].startswith("| 1,000 | 1 |")
    assert growth[0].count("|") == 12


def test_bench_acled_quick_prints_a_table(tmp_path: Path) -> None:
    rows = quick_table("bench_acled.py", tmp_path, "measure")
    assert [row.split("|")[1].strip() for row in rows] == ["open cold", "open warm", "import"]
    assert all(row.count("|") == 10 for row in rows)
    assert "written log read by the fast route, 0 events by PyYAML" in rows[2]
