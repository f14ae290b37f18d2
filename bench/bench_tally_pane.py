"""The tally pane at scale (issue 20): `t` to the week tally of a long log, drawn, and the memory it takes.

    python bench/bench_tally_pane.py [LOG] [--runs 3]     # default LOG: 300,000 generated events in a temp folder

Each run is a fresh process (bench_scale's children), the app headless under Pilot at 160×50, the log loaded and
the warm-up over (so the week is counted and the key measures the pane, not the count):

- pane: the tallies focused (on `type`), `T` back to `week` (its first drawing), `T` to `month`, then `t` to
  `week` and `T` back, five times each; the latency of each key to the screen drawn after it
  (bench_scale.key_latency), then `G` (the last week) and `j`/`k`. Memory: the process's resident size (VmRSS)
  at `type`, after the first week tally and after the last key: what drawing the week leaves behind. Then an
  event dated 9000-01-01 (a year mistyped) appended to the log (a copy): the week tally shown refilled with
  about 364,000 rows (the quiet weeks up to it), timed from the write to the pane drawn (the app's file poll
  included), then `T`, `t` and `G` on it, and the resident size after each.
- baseline, in the same run: a Textual DataTable in an app of its own, filled six times with the same week rows
  (group, count, share and bar cells, as the pane showed them before it drew only the rows in view), timed from
  the fill to the screen drawn, and its growth in resident size the same way.

Prints the medians and the ratio baseline / pane (above 1: the pane is faster).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_scale import APPENDED, SETTLE, SIZE, answer_child, drawn, key_latency, run_child  # noqa: E402
from generate import generate  # noqa: E402

PRESSES = 5
FAR_OFF = "9000-01-01"
"""The appended event's date: a mistyped year, whose week tally is hundreds of thousands of quiet weeks long."""
APPEND_PATIENCE = 300
"""Seconds to wait for the pane refilled after the append, before giving up on the measures that follow it."""
DEFAULT_SIZE = 300_000


def resident_mb() -> float:
    """The process's resident size now (not its peak): what a refill leaves behind."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def child_pane(path: str) -> dict:
    from sitrep.ui.app import SitrepApp
    from sitrep.ui.widgets.chronology import Chronology
    from sitrep.ui.widgets.tallies import Tallies

    result: dict = {}

    async def run() -> None:
        app = SitrepApp(path)
        async with app.run_test(size=SIZE) as pilot:
            while not app.loaded_at:
                await asyncio.sleep(0.01)
            await asyncio.sleep(SETTLE)
            await app.workers.wait_for_complete()
            while not app.index.counted("week"):  # the warm-up's forked builder sends the week last
                await asyncio.sleep(0.05)
            await pilot.press("shift+tab")
            await pilot.pause()
            tallies = app.query_one(Tallies)
            result["rss before"] = resident_mb()
            result["first week"] = await key_latency(pilot, "T")  # back from type to week: its first drawing
            assert tallies.border_title == "Tallies · week", tallies.border_title
            await pilot.pause()
            result["rss first"] = resident_mb()
            await pilot.press("T")
            await pilot.pause()
            week, month = [], []
            for _ in range(PRESSES):
                week.append(await key_latency(pilot, "t"))
                assert tallies.border_title == "Tallies · week", tallies.border_title
                await pilot.pause()
                month.append(await key_latency(pilot, "T"))
                assert tallies.border_title == "Tallies · month", tallies.border_title
                await pilot.pause()
            week.append(await key_latency(pilot, "t"))
            await pilot.pause()
            result["t to week"], result["T to month"] = statistics.median(week), statistics.median(month)
            result["t to week max"] = max(week)
            result["G"] = await key_latency(pilot, "G")
            await pilot.pause()
            result["j"] = statistics.median([await key_latency(pilot, key) for key in "kkjjj"])
            result["rows"] = str(tallies.border_subtitle)
            result["rss after"] = resident_mb()
            # An event with a year mistyped centuries ahead appended to the file: the week tally shown is refilled,
            # zero-filled up to that week, about 364,000 rows.
            chronology = app.query_one(Chronology)
            with open(path, "a", encoding="utf-8") as stream:
                stream.write(APPENDED.format(n="pane", day=FAR_OFF))
            began = time.perf_counter()
            while not any(event.id == "bench-appended-pane" for event in chronology.events[-3:]) or tallies.border_subtitle in (result["rows"], "counting…"):
                if time.perf_counter() - began > APPEND_PATIENCE:
                    return
                await asyncio.sleep(0.01)
            await drawn(pilot)
            result["append"] = time.perf_counter() - began
            result["rows appended"] = str(tallies.border_subtitle)
            await pilot.pause()
            result["rss appended"] = resident_mb()
            result["T after append"] = await key_latency(pilot, "T")
            await pilot.pause()
            result["t after append"] = await key_latency(pilot, "t")
            assert tallies.border_title == "Tallies · week", tallies.border_title
            await pilot.pause()
            result["G after append"] = await key_latency(pilot, "G")
            await pilot.pause()
            result["rss appended after"] = resident_mb()

    asyncio.run(run())
    return result


def child_baseline(path: str) -> dict:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    from sitrep.ask.index import LogIndex
    from sitrep.reading import load

    log = load(path)
    index = LogIndex(log.events, vocabulary=log.vocabulary)
    rows = index.tally(index.all, "week")
    cells = [(row.key, str(row.count), f"{row.share:.0%}", "█" * round(row.share * 40)) for row in rows]
    result: dict = {"rows": f"{len(rows)} groups"}

    class Baseline(App):
        def compose(self) -> ComposeResult:
            yield DataTable(cursor_type="row")

    async def run() -> None:
        async with Baseline().run_test(size=SIZE) as pilot:
            table = pilot.app.query_one(DataTable)
            await pilot.pause()
            result["rss before"] = resident_mb()
            times = []
            for fill in range(PRESSES + 1):
                began = time.perf_counter()
                table.clear(columns=True)
                table.add_columns("group", "n", "%", "")
                table.add_rows(cells)
                await drawn(pilot)
                times.append(time.perf_counter() - began)
                await pilot.pause()
                if not fill:
                    result["rss first"] = resident_mb()
            result["first week"] = times[0]
            result["t to week"], result["t to week max"] = statistics.median(times[1:]), max(times[1:])
            result["rss after"] = resident_mb()

    asyncio.run(run())
    return result


CHILDREN = {"pane": child_pane, "baseline": child_baseline}


def median(results: list[dict], name: str) -> float | None:
    values = [result[name] for result in results if name in result]
    return statistics.median(values) if values else None


def main() -> None:
    if answer_child(CHILDREN):
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("log", nargs="?", help=f"a log in format v1 (default: {DEFAULT_SIZE:,} generated events)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.yaml"
        if args.log:
            source = Path(args.log)  # copied: the pane's run appends to the log it opens
        else:
            source = Path(folder) / "generated.yaml"
            source.write_text(generate(DEFAULT_SIZE))
        cache = Path(folder) / "cache"
        cache.mkdir()
        pane, base = [], []
        for _ in range(args.runs):  # alternated, so a busy spell of the shared machine falls on both
            shutil.copy2(source, path)
            pane.append(run_child("pane", path, cache, script=__file__))
            shutil.copy2(source, path)  # without the pane's appended event
            base.append(run_child("baseline", path, cache, script=__file__))
    print(f"{args.log or 'generated'}: week tally of {pane[0]['rows'].split(' · ')[0]}, "
          f"{pane[0].get('rows appended', f'not refilled within {APPEND_PATIENCE} s').split(' · ')[0]} after the append; "
          f"medians of {args.runs} runs, {PRESSES} presses each")
    print("| measure | pane | DataTable, same rows | ratio |")
    print("| --- | ---: | ---: | ---: |")

    def row(name: str, measure: str, scale: float = 1000, unit: str = "ms") -> None:
        ours, theirs = median(pane, measure), median(base, measure)
        shown = [f"{value * scale:.0f} {unit}" if value is not None else "–" for value in (ours, theirs)]
        ratio = f"{theirs / ours:.1f}" if ours and theirs is not None else ""
        print(f"| {name} | {shown[0]} | {shown[1]} | {ratio} |")

    for run in (*pane, *base):
        run["growth first"] = run["rss first"] - run["rss before"]
        run["growth"] = run["rss after"] - run["rss before"]
    for run in pane:
        if "rss appended" in run:
            run["growth appended"] = run["rss appended"] - run["rss after"]
        if "rss appended after" in run:
            run["growth appended after"] = run["rss appended after"] - run["rss after"]
    row("first `t` to the week tally drawn", "first week")
    row("`t` to the week tally drawn, again", "t to week")
    row("  the slowest of those", "t to week max")
    row("`T` back to the month tally", "T to month")
    row("`G` (last week)", "G")
    row("`j` / `k`", "j")
    row("resident size after the first week tally (growth)", "growth first", 1, "MB")
    row(f"resident size after {PRESSES + 1} week tallies (growth)", "growth", 1, "MB")
    row("an event appended (dated 9000): the week tally refilled and drawn", "append")
    row("  resident size after it (growth)", "growth appended", 1, "MB")
    row("  then `T` to the month tally", "T after append")
    row("  `t` back to the week tally", "t after append")
    row("  `G` (the week of 9000)", "G after append")
    row("  resident size after those keys (growth since the append)", "growth appended after", 1, "MB")


if __name__ == "__main__":
    main()
