"""The HTML report in a real browser (headless Chromium, from the Debian package `chromium`): its figures and chart
render, it prints on A4, and the text of a hostile log runs nothing."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from paths import REPORT
from sitrep.cli import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no `chromium` on PATH: `apt-get install chromium` to run the browser tests")


def chromium(tmp_path: Path, *arguments: str) -> str:
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}", *arguments],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def written(tmp_path: Path, log: Path, *arguments: str) -> Path:
    target = tmp_path / f"{log.stem}.html"
    assert main(["report", str(log), *arguments, "-o", str(target)]) == 0
    return target


def test_figures_and_chart_render(tmp_path: Path) -> None:
    page = written(tmp_path, REPORT / "small.yaml", "--since", "2024-01-08", "--until", "2024-01-15")
    dom = chromium(tmp_path, "--dump-dom", page.as_uri())
    figures = dom.split('<div id="figures">', 1)[1].split("</div>", 1)[0]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", figures)
    assert cells[:12] == ["events", "3", "2", "+1", "attacks", "2", "2", "+0", "responses", "1", "0", "+1"]
    chart = dom.split('<svg id="chart"', 1)[1].split("</svg>", 1)[0]
    bars = re.findall(r'<rect class="(attack|response)" data-count="(\d+)"[^>]* height="([\d.]+)"', chart)
    assert len(bars) == 14
    assert [(kind, count) for kind, count, _ in bars if count != "0"] == [("attack", "2"), ("response", "1")]
    assert all(float(height) > 0 for _, count, height in bars if count != "0")
    screenshot = tmp_path / "shot.png"
    chromium(tmp_path, f"--screenshot={screenshot}", "--window-size=800,1600", page.as_uri())
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and screenshot.stat().st_size > 10_000


def test_prints_on_a4(tmp_path: Path) -> None:
    page = written(tmp_path, REPORT / "small.yaml", "--since", "2024-01-08", "--until", "2024-01-15")
    pdf = tmp_path / "brief.pdf"
    chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf.read_bytes())
    assert boxes and all(abs(float(w) - 595.9) < 1 and abs(float(h) - 842.9) < 1 for w, h in boxes)  # A4 in points


def test_a_hostile_log_runs_no_script(tmp_path: Path) -> None:
    page = written(tmp_path, REPORT / "hostile.yaml")
    dom = chromium(tmp_path, "--dump-dom", page.as_uri())
    body = re.search(r"<body[^>]*>", dom).group()
    assert "data-pwned" not in body  # set by the summary's script or the actor's onerror, had either run
    assert re.search(r"<title>(.*?)</title>", dom).group(1) == "Situation report: &lt;script&gt;document.title='pwned'&lt;/script&gt; | table | breaker"
    assert "<script" not in dom and "<img" not in dom
    assert "&lt;script&gt;document.body.setAttribute('data-pwned','script')&lt;/script&gt;" in dom
