"""Scale benchmark (issues 7 and 20): opening, keystrokes, memory and appends on logs of 1k to 1M events.

    python bench/bench_scale.py            # 1k, 10k and 100k events, median of 3 runs (about 5 minutes)
    python bench/bench_scale.py --quick    # 1k only, one run: a smoke test (CI runs it)
    python bench/bench_scale.py --sizes 10000 --runs 5
    python bench/bench_scale.py --sizes 300000 1000000 --runs 1   # not in CI: tens of minutes, GBs of memory

Logs come from bench/generate.py (seeded, format v1, realistic field sizes) into --dir. Every measure
runs in a fresh Python process (nothing remembered from an earlier load), headless:

- open, cold: `SitrepApp(path).run_test()` until the chronology has rows and the frame after is drawn (the
  first useful screen: a preview may stand in for the log), with an empty parse cache; warm: the same with the
  cache of an earlier open of the unchanged file. Loaded: until the whole log is read and on screen.
  Also the loader alone (`sitrep.reading.load`) and the index (`sitrep.ask.index.LogIndex`) alone.
- keystrokes, through Pilot on the loaded app: `t` (next tally dimension), one character typed in the query
  line (`:` then `type:drone`, the median key), one typed in the search line (`/` then `militia`: free text,
  the dearest kind of filter), `j` (cursor down), pressed as soon as the log is shown (the warm-up still at work),
  then `t`, `j` and the search again once the warm-up is over ("warm-up over"). Also the index's share of such a key alone:
  mask + tally + totals + per-day + events of a query.
  From 250,000 events a filter's panes and a search's hits come from a worker after the key is drawn: the notes
  give the time until they are shown too.
- peak memory: ru_maxrss of the process that opened the app and pressed the keys (forked helpers apart); warm,
  of the processes that opened the log from its cache entry.
- append: one event appended to the file, then `load` again (what the app's file follower calls), and the
  app showing it (Pilot: the chronology holding the new event, the app's half-second poll included).

Baseline, measured in the same run: `yaml.load(text, Loader=CSafeLoader)` + a Textual DataTable filled with
a row per event (open), and the DataTable refilled with the events of a filter (keystroke); only up to
--baseline-max events (by default 100k: a million would take many minutes and tens of GB). The table
prints medians and the ratio baseline / sitrep (above 1: sitrep is faster), then the growth table: open
times and peak memory per size, and memory per event.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import datetime as dt
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

APPENDED = """  - id: bench-appended-{n}
    date: {day}
    type: drone attack
    actor: Kataib Hezbollah
    target: Tower 22
    location: {{name: Tower 22, admin1: Mafraq, country: Jordan, lat: 33.32, lon: 38.69}}
    casualties: {{injured: 1}}
    status: claimed
    summary: Appended by the benchmark.
"""


def appended(path: str, n: object) -> str:
    """The benchmark's new event, dated the day after the log's last (a new event, last in the chronology as in the
    log). Not a far-off date: a log spanning millennia makes the week tally and the time strip millennia long."""
    with open(path, "rb") as stream:
        stream.seek(max(0, os.path.getsize(path) - 65536))
        last = re.findall(rb"^    date: (\d{4}-\d{2}-\d{2})", stream.read(), re.M)[-1].decode()
    return APPENDED.format(n=n, day=dt.date.fromisoformat(last) + dt.timedelta(days=1))


TARGETS = {
    "open cold": 2.0,
    "loaded cold": 2.0,
    "open warm": 0.5,
    "key: tally dimension (t)": 0.05,
    "key: query character": 0.05,
    "key: search character": 0.05,
    "key: cursor down (j)": 0.05,
    "key: t, warm-up over": 0.05,
    "key: j, warm-up over": 0.05,
    "key: search character, warm-up over": 0.05,
    "peak memory (MB)": 250,
    "peak memory, warm (MB)": 250,
    "append one event": 0.5,
}
LARGE_TARGETS = {
    **TARGETS, "open cold": 1.0, "loaded cold": 10.0, "open warm": 1.0, "peak memory (MB)": 1500, "peak memory, warm (MB)": 1500,
}
"""At a million events (issue 20): the first screen within 1 s cold and warm, the whole log within 10 s."""
LARGE = 1_000_000


def targets_for(size: int) -> dict[str, float]:
    return LARGE_TARGETS if size >= LARGE else TARGETS
SIZE = (160, 50)
SETTLE = 0.5
"""Seconds after the keys before waiting for the workers: the app starts its warm-up 0.3 s after a load is drawn."""


# Children: one measure each, in a fresh process, printing JSON.


async def key_latency(pilot, key: str) -> float:
    """Seconds from a key event reaching the app to the screen redrawn after it.

    Pilot's own press() and pause() sleep 20 ms at a time until the process looks idle, which would hide
    everything under about 60 ms; so the key event goes straight to the driver, the widgets' queues are
    drained (three rounds: handlers post messages of their own), and the screen is composed once.
    """
    from textual import events
    from textual.keys import key_to_character

    app = pilot.app
    began = time.perf_counter()
    event = events.Key(key, key_to_character(key))
    event.set_sender(app)
    app._driver.send_message(event)
    await drawn(pilot)
    return time.perf_counter() - began


ANSWERING = ("filter", "search")
"""The groups of the workers that answer a big log's filter and search keys after the key is drawn (explore.py)."""


async def pressed(pilot, keys, opened_by: str | None = None, answered: list[float] | None = None) -> list[float]:
    """The latency of each key, the app let settle after each; `opened_by`: the key that opens the line typed in
    first (not measured), Esc after. `answered`: where to add, per key, the seconds until its answer is shown too
    (a big log's filter or search workers done; the same as the key where none runs)."""
    if opened_by:
        await pilot.press(opened_by)
        await pilot.pause()
    times = []
    for key in keys:
        began = time.perf_counter()
        times.append(await key_latency(pilot, key))
        if answered is not None:
            while any(worker.group in ANSWERING and not worker.is_finished for worker in pilot.app.workers):
                await asyncio.sleep(0.002)
            await drawn(pilot)
            answered.append(time.perf_counter() - began)
        await pilot.pause()
    if opened_by:
        await pilot.press("escape")
        await pilot.pause()
    return times


async def drawn(pilot) -> None:
    """Drain the widgets' message queues (three rounds: handlers post messages of their own), then compose the screen.

    Not pilot.pause(): it waits until the process looks idle, which a background worker (the index warming up)
    may not let happen for a second after the screen is drawn."""
    for _ in range(3):
        await pilot._wait_for_screen()
    pilot.app.screen._on_timer_update()


def rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_app(path: str, keys: bool) -> dict:
    """Open the app; optionally press keys; report times and peak memory."""
    from sitrep.ui.app import SitrepApp
    from sitrep.ui.widgets.chronology import Chronology

    result: dict = {}

    async def run() -> None:
        started = time.perf_counter()
        app = SitrepApp(path)
        async with app.run_test(size=SIZE) as pilot:
            chronology = app.query_one(Chronology)
            while not chronology.events:
                await asyncio.sleep(0.005)
            await drawn(pilot)
            result["open"] = time.perf_counter() - started
            while not app.loaded_at:
                await asyncio.sleep(0.005)
            await drawn(pilot)
            result["loaded"] = time.perf_counter() - started
            if not keys:  # the warm-up waited for too (it starts SETTLE after the load is shown): the peak of an opened log
                await asyncio.sleep(SETTLE)
                await pilot.app.workers.wait_for_complete()
                await pilot.pause()
                return
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            result["key t"] = statistics.median(await pressed(pilot, "t" * 7))
            result["key j"] = statistics.median(await pressed(pilot, "j" * 7))
            answered: list[float] = []
            times = await pressed(pilot, ["colon" if char == ":" else char for char in "type:drone"], opened_by="colon", answered=answered)
            result["key query"], result["key query max"] = statistics.median(times), max(times)
            result["query answered"] = statistics.median(answered)
            times = await pressed(pilot, "militia", opened_by="slash")
            result["key search"], result["key search max"] = statistics.median(times), max(times)
            # The same keys once the warm-up is over (every index built, the texts read): what every key costs after
            # the first seconds. Above, the keys come while the warm-up is still at work, as a user's first keys do.
            await asyncio.sleep(SETTLE)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            result["key t warm"] = statistics.median(await pressed(pilot, "t" * 7))
            result["key j warm"] = statistics.median(await pressed(pilot, "j" * 7))
            answered = []
            times = await pressed(pilot, "militia", opened_by="slash", answered=answered)
            result["key search warm"], result["key search warm max"] = statistics.median(times), max(times)
            result["search warm answered"] = statistics.median(answered)
            # Append one event and wait for the chronology to show it.
            with open(path, "a", encoding="utf-8") as stream:
                stream.write(appended(path, "app"))
            began = time.perf_counter()
            deadline = began + 120
            while time.perf_counter() < deadline:
                if any(event.id == "bench-appended-app" for event in chronology.events[-3:]):
                    break
                await asyncio.sleep(0.01)
            result["append app"] = time.perf_counter() - began
            await pilot.pause(0.2)  # let the reload's messages settle before the app is torn down

    try:
        asyncio.run(run())
    except Exception as error:  # raised on the way out (the app's teardown): the figures taken stand
        if "open" not in result:
            raise
        result["teardown error"] = repr(error)[:200]
    result["rss"] = rss_mb()
    return result


def child_functions(path: str) -> dict:
    """The data layer alone: load (cold or warm, as the cache folder has it), index, a keystroke's data work, an append."""
    from sitrep.reading import route as fastload
    from sitrep.ask.index import LogIndex
    from sitrep.reading import load
    from sitrep.ask.query import parse_query
    from sitrep.ask.view import View

    result: dict = {}
    began = time.perf_counter()
    log = load(path)
    result["load"] = time.perf_counter() - began
    result["route"] = fastload.route_of(log)
    result["events"] = len(log.events)
    began = time.perf_counter()
    index = LogIndex(log.events)
    result["index"] = time.perf_counter() - began
    index.coded("type")
    began = time.perf_counter()
    index.warm_up()
    result["warm up"] = time.perf_counter() - began
    times = []
    for text in ("type:drone", "type:drone country:iraq", "type:drone country:iraq injured>0", "kind:response -has:sources"):
        view = View(parse_query(text))
        began = time.perf_counter()
        mask = index.mask(view)
        index.tally(mask, "actor")
        index.totals(mask)
        index.per_day(mask)
        index.events(mask)
        times.append(time.perf_counter() - began)
    result["query data"] = statistics.median(times)
    times = []
    for end in range(1, len("militia") + 1):
        began = time.perf_counter()
        index.search("militia"[:end])
        times.append(time.perf_counter() - began)
    result["search data"] = statistics.median(times)
    began = time.perf_counter()
    for dimension in ("actor", "target", "weapon", "month", "week"):
        index.tally(index.all, dimension)
    result["tally data"] = (time.perf_counter() - began) / 5
    times = []
    for n in range(3):
        with open(path, "a", encoding="utf-8") as stream:
            stream.write(appended(path, n))
        began = time.perf_counter()
        log = load(path)
        times.append(time.perf_counter() - began)
        assert log.events[-1].id == f"bench-appended-{n}", log.events[-1].id
        assert fastload.route_of(log) == "append", fastload.route_of(log)
    result["append"] = statistics.median(times)
    result["rss"] = rss_mb()
    return result


def child_baseline(path: str) -> dict:
    """yaml.load with CSafeLoader, then a DataTable with every event; then a refill with the events of a filter."""
    import yaml
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    result: dict = {}
    started = time.perf_counter()
    with open(path, encoding="utf-8") as stream:
        data = yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    events = data["events"]
    result["yaml.load"] = time.perf_counter() - started

    def row(event: dict) -> tuple:
        return (str(event.get("date")), str(event.get("type")), str(event.get("actor")), str(event.get("target")))

    class Baseline(App):
        def compose(self) -> ComposeResult:
            yield DataTable()

    async def run() -> None:
        app = Baseline()
        async with app.run_test(size=SIZE) as pilot:
            table = app.query_one(DataTable)
            table.add_columns("date", "type", "actor", "target")
            table.add_rows([row(event) for event in events])
            await drawn(pilot)
            result["open"] = time.perf_counter() - started
            began = time.perf_counter()
            table.clear()
            table.add_rows([row(event) for event in events if "drone" in str(event.get("type"))])
            await drawn(pilot)
            result["key query"] = time.perf_counter() - began
            await pilot.pause()
            result["key j"] = statistics.median([await key_latency(pilot, "down") for _ in range(5)])

    asyncio.run(run())
    result["rss"] = rss_mb()
    return result


def run_child(task: str, path: Path, cache_dir: Path, extra_env: dict | None = None, timeout: float = 1800, script: str = __file__) -> dict:
    """One measure in a fresh process: `script --child TASK PATH`, which prints its figures as JSON on its last line."""
    env = dict(os.environ, SITREP_CACHE_DIR=str(cache_dir), **(extra_env or {}))
    done = subprocess.run(
        [sys.executable, script, "--child", task, str(path)], env=env, capture_output=True, text=True, timeout=timeout
    )
    lines = done.stdout.strip().splitlines()
    if not lines or not lines[-1].startswith("{"):
        raise RuntimeError(f"{task} on {path} failed:\n{done.stderr[-3000:]}")
    if done.returncode != 0:  # measured, then failed on the way out (the app's teardown): keep the figures, say so
        print(f"warning: {task} exited with {done.returncode}: {done.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
    return json.loads(lines[-1])


def answer_child(children: dict) -> bool:
    """In a child (`script --child TASK PATH`, as run_child calls it): run the task and print its figures as JSON.
    Whether this process was one."""
    if sys.argv[1:2] != ["--child"]:
        return False
    task, path = sys.argv[2:4]
    print(json.dumps(children[task](path)))
    return True


# The parent: logs, runs, medians, the table.


def median_of(results: list[dict], name: str) -> float | None:
    values = [result[name] for result in results if result.get(name) is not None]
    return statistics.median(values) if values else None


def measure(size: int, folder: Path, runs: int, baseline_runs: int) -> dict[str, dict]:
    """The rows of the table for one size; with "growth" the figures of the growth table."""
    from generate import write

    source = write(size, folder)
    rows: dict[str, dict] = {}
    cold_app, warm_app, cold_fn, warm_fn, base = [], [], [], [], []
    for _ in range(runs):
        work = Path(tempfile.mkdtemp(prefix="sitrep-bench-"))
        try:
            log = work / source.name
            shutil.copyfile(source, log)
            cache_dir = work / "cache"
            cold_fn.append(run_child("functions-cold", log, cache_dir))
            shutil.copyfile(source, log)  # the appends above changed it; the cache is of another version now
            shutil.rmtree(cache_dir, ignore_errors=True)
            cold_app.append(run_child("app-keys", log, cache_dir))
            shutil.copyfile(source, log)
            shutil.rmtree(cache_dir, ignore_errors=True)
            run_child("app", log, cache_dir, {"SITREP_CACHE_SYNC": "1"})  # writes the cache
            warm_app.append(run_child("app", log, cache_dir))
            warm_fn.append(run_child("functions-warm", log, cache_dir))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    for _ in range(baseline_runs):
        base.append(run_child("baseline", source, folder / "no-cache"))

    def row(name: str, baseline: float | None, app: float | None, functions: float | None, note: str = "") -> None:
        rows[name] = {"baseline": baseline, "app": app, "functions": functions, "note": note}

    route = cold_fn[0]["route"] if cold_fn else ""
    row("open cold", median_of(base, "open"), median_of(cold_app, "open"), median_of(cold_fn, "load"), f"loader route: {route}; index {median_of(cold_fn, 'index'):.3f} s")
    row("loaded cold", None, median_of(cold_app, "loaded"), median_of(cold_fn, "load"), "the whole log read and on screen")
    row("open warm", median_of(base, "open"), median_of(warm_app, "open"), median_of(warm_fn, "load"), f"loader route: {warm_fn[0]['route'] if warm_fn else ''}")
    row("key: tally dimension (t)", median_of(base, "key query"), median_of(cold_app, "key t"), median_of(cold_fn, "tally data"))
    row("key: query character", median_of(base, "key query"), median_of(cold_app, "key query"), median_of(cold_fn, "query data"),
        f"app max {median_of(cold_app, 'key query max'):.3f} s; the panes shown {fmt(median_of(cold_app, 'query answered'))} after the key")
    row("key: search character", median_of(base, "key query"), median_of(cold_app, "key search"), median_of(cold_fn, "search data"),
        f"app max {median_of(cold_app, 'key search max'):.3f} s")
    row("key: cursor down (j)", median_of(base, "key j"), median_of(cold_app, "key j"), None)
    row("key: t, warm-up over", None, median_of(cold_app, "key t warm"), None, "every tally of the whole log known")
    row("key: j, warm-up over", None, median_of(cold_app, "key j warm"), None)
    row("key: search character, warm-up over", None, median_of(cold_app, "key search warm"), None,
        f"the texts read: a real search; app max {fmt(median_of(cold_app, 'key search warm max'))}; the hits shown "
        f"{fmt(median_of(cold_app, 'search warm answered'))} after the key")
    row("peak memory (MB)", median_of(base, "rss"), median_of(cold_app, "rss"), median_of(cold_fn, "rss"))
    row("peak memory, warm (MB)", None, median_of(warm_app, "rss"), median_of(warm_fn, "rss"),
        "the log read from its cache entry: app, opened and its warm-up over (no key pressed); data layer, with the keys' data work and appends")
    row("append one event", None, median_of(cold_app, "append app"), median_of(cold_fn, "append"), "app: includes its file poll (FOLLOW_SECONDS)")
    rows["growth"] = {
        "runs": runs, "open cold": median_of(cold_app, "open"), "loaded cold": median_of(cold_app, "loaded"),
        "open warm": median_of(warm_app, "open"), "loaded warm": median_of(warm_app, "loaded"),
        "load cold": median_of(cold_fn, "load"), "load warm": median_of(warm_fn, "load"),
        "rss app": median_of(cold_app, "rss"), "rss load": median_of(cold_fn, "rss"),
    }
    return rows


def fmt(value: float | None, memory: bool = False) -> str:
    if value is None:
        return "–"
    if memory:
        return f"{value:.0f}"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def table(results: dict[int, dict[str, dict]]) -> str:
    lines = [
        "| events | measure | baseline | sitrep app (Pilot) | sitrep data layer | baseline ÷ app | target | met (app / data layer) | note |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for size, rows in results.items():
        for name, row in rows.items():
            if name == "growth":
                continue
            memory = name.startswith("peak memory")
            target = targets_for(size)[name]
            ratio = f"{row['baseline'] / row['app']:.1f}×" if row["baseline"] and row["app"] else "–"
            met = " / ".join("–" if value is None else ("yes" if value < target else "no") for value in (row["app"], row["functions"]))
            lines.append(
                f"| {size:,} | {name} | {fmt(row['baseline'], memory)} | {fmt(row['app'], memory)} | {fmt(row['functions'], memory)} "
                f"| {ratio} | {'< ' + (str(target) if memory else fmt(target))} | {met} | {row['note']} |"
            )
    return "\n".join(lines)


def growth_table(results: dict[int, dict[str, dict]]) -> str:
    """Cost growth: open times and peak memory per size, and the memory per event (MB / events, in KB)."""
    lines = [
        "| events | runs | app: first screen cold | app: loaded cold | app: first screen warm | app: loaded warm "
        "| load cold | load warm | peak memory, app (MB) | peak memory, load (MB) | per event, app / load (KB) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, rows in results.items():
        g = rows["growth"]
        per_event = " / ".join("–" if g[name] is None else f"{g[name] * 1024 / size:.1f}" for name in ("rss app", "rss load"))
        lines.append(
            f"| {size:,} | {g['runs']} | {fmt(g['open cold'])} | {fmt(g['loaded cold'])} | {fmt(g['open warm'])} | {fmt(g['loaded warm'])} "
            f"| {fmt(g['load cold'])} | {fmt(g['load warm'])} | {fmt(g['rss app'], True)} | {fmt(g['rss load'], True)} | {per_event} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1k events, one run: a smoke test")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-runs", type=int, default=None, help="default: --runs (1 with --quick)")
    parser.add_argument("--baseline-max", type=int, default=100_000, help="no baseline on larger logs (default: 100k)")
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "sitrep-bench-logs")
    parser.add_argument("--child", nargs=2, metavar=("TASK", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        task, path = args.child
        if task.startswith("functions"):
            print(json.dumps(child_functions(path)))
        elif task == "baseline":
            print(json.dumps(child_baseline(path)))
        else:
            print(json.dumps(child_app(path, keys=task == "app-keys")))
        return
    sizes = [1_000] if args.quick else args.sizes
    runs = 1 if args.quick else args.runs
    baseline_runs = args.baseline_runs if args.baseline_runs is not None else (1 if args.quick else runs)
    args.dir.mkdir(parents=True, exist_ok=True)
    results = {}
    for size in sizes:
        print(f"measuring {size:,} events ({runs} runs)…", file=sys.stderr, flush=True)
        results[size] = measure(size, args.dir, runs, baseline_runs if size <= args.baseline_max else 0)
        print(table({size: results[size]}) + "\n\n" + growth_table({size: results[size]}), file=sys.stderr, flush=True)  # a long run's figures so far
    print(f"\nsitrep scale benchmark · {os.cpu_count()} cores · Python {sys.version.split()[0]} · medians of {runs} runs\n")
    print(table(results))
    print("\nGrowth\n")
    print(growth_table(results))


if __name__ == "__main__":
    main()
