"""Tallies on a big log (issue 15): every dimension, every sort, a pivot, and the cost of a vocabulary on loading.

    python bench/bench_tallies.py [COUNT]     # default 100,000 events; medians of 3 runs

The tally figures are the index's answer to a keystroke (LogIndex.tally / .pivot over every event, its
columns built, as after the app's warm-up); the baseline in the same run is the `type` tally by count, the
answer to today's `t`, so the ratio says what the new dimensions, sorts and the pivot cost beside it. The
loading figures are `reading.load` of the generated log, cold (a fresh process, no cache), without a
vocabulary and with a 1,000-entry one (issue 15 asks under 5% more).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402

RUNS = 3
VOCABULARY_ENTRIES = 1000


def vocabulary_text(actors: list[str], types: list[str]) -> str:
    """1,000 entries: the log's own actors and types (so every value resolves), the rest made up, each with aliases."""
    lines = ["vocabulary:", "  type:"]
    lines += [f"    - {{value: {kind}, group: Explosions/Remote violence, aliases: [{kind} (reported)]}}" for kind in types]
    lines += ["  actor:"]
    lines += [f"    - {{value: {actor}, group: Islamic Resistance in Iraq, aliases: [{actor} (claimed)]}}" for actor in actors]
    for n in range(VOCABULARY_ENTRIES - len(actors) - len(types)):
        lines.append(f"    - {{value: Group {n:04d}, group: Umbrella {n % 20}, aliases: [G{n:04d}, Grp {n:04d}]}}")
    return "\n".join(lines) + "\n"


def median_ms(run) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def cold_load_seconds(path: Path) -> float:
    code = "import sys, time; from sitrep.reading import load; t = time.perf_counter(); load(sys.argv[1]); print(time.perf_counter() - t)"
    times = []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as cache:
            done = subprocess.run([sys.executable, "-c", code, str(path)], env={**os.environ, "SITREP_CACHE_DIR": cache},
                                  capture_output=True, text=True, check=True)
            times.append(float(done.stdout))
    return statistics.median(times)


def main() -> None:
    from sitrep.ask.index import LogIndex
    from sitrep.ask.tally import SORTS, dimensions_for
    from sitrep.reading import load

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as folder:
        plain = Path(folder) / "plain.yaml"
        plain.write_text(generate(count))
        log = load(plain)
        actors = sorted({event.actor for event in log.events})
        types = sorted({event.type for event in log.events})
        text = plain.read_text()
        with_vocabulary = Path(folder) / "vocabulary.yaml"
        with_vocabulary.write_text(text.replace("events:\n", vocabulary_text(actors, types) + "events:\n", 1))
        rows = []
        for name, path in (("no vocabulary", plain), (f"a {VOCABULARY_ENTRIES}-entry vocabulary", with_vocabulary)):
            log = load(path)
            index = LogIndex(log.events, vocabulary=log.vocabulary)
            index.warm_up()
            baseline = median_ms(lambda: index.tally(index.all, "type", "count"))
            for dimension in dimensions_for(log.vocabulary):
                for by in SORTS[:1] if dimension in ("month", "week") else SORTS:
                    rows.append((name, f"tally {dimension} by {by}", median_ms(lambda: index.tally(index.all, dimension, by)), baseline))
            for by, then in (("actor", "month"), ("type", "week"), ("target", "actor")):
                rows.append((name, f"pivot {by} × {then}", median_ms(lambda: index.pivot(index.all, by, then)), baseline))
        print(f"sitrep tallies benchmark · {count:,} events · {os.cpu_count()} cores · medians of {RUNS}\n")
        print("| log | answer | sitrep ms | baseline ms (`type` by count) | ratio | under 50 ms |")
        print("| --- | --- | ---: | ---: | ---: | --- |")
        for name, what, ms, base in rows:
            print(f"| {name} | {what} | {ms:.1f} | {base:.1f} | {ms / base:.1f}× | {'yes' if ms < 50 else 'no'} |")
        cold_plain, cold_vocabulary = cold_load_seconds(plain), cold_load_seconds(with_vocabulary)
        print(f"\nload, cold: {cold_plain:.2f} s without a vocabulary, {cold_vocabulary:.2f} s with {VOCABULARY_ENTRIES} entries "
              f"({(cold_vocabulary / cold_plain - 1) * 100:+.1f}%; target under +5%)")


if __name__ == "__main__":
    main()
