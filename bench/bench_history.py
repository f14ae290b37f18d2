"""How long comparing a log with one of its git revisions takes (`sitrep diff`, `--since-rev`, `H`), and `is:new`.

    python bench/bench_history.py [COUNT]     # default 20,000 events; medians of 3 runs

A synthetic log (bench/generate.py) is committed in a repository made for the run; the working file then
changes the tags of one event in a hundred and has 100 events more. Measured in the same run:

- sitrep: `history.changes_since` (git show, the revision read by `reading.load_bytes`: the fast reader where
  it can, as for a file), then `ask.changes.diff_logs`, against the working log already loaded;
- baseline: the same with the revision read by the reference reader alone (PyYAML's composer and the
  validator), which is how a revision would be read without the fast reader;
- the comparison alone (diff_logs), and `is:new` on the index against the event filter with marks.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402
from sitrep.ask.changes import diff_logs  # noqa: E402
from sitrep.ask.index import LogIndex  # noqa: E402
from sitrep.ask.query import parse_query  # noqa: E402
from sitrep.ask.view import View  # noqa: E402
from sitrep.history import changes_since, resolve  # noqa: E402
from sitrep.history.git import bytes_at  # noqa: E402
from sitrep.reading import load, reference_load  # noqa: E402
from sitrep.reading.reference.compose import compose_document  # noqa: E402
from sitrep.reading.reference.validate import build_log  # noqa: E402
from sitrep.reading.text import decode  # noqa: E402

RUNS = 3


def median_s(action: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def git(folder: Path, *arguments: str) -> None:
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", *arguments], cwd=folder, check=True, capture_output=True)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    with tempfile.TemporaryDirectory() as folder:
        top = Path(folder)
        path = top / "events.yaml"
        committed = generate(count)
        path.write_text(committed)
        git(top, "init", "-q")
        git(top, "add", "events.yaml")
        git(top, "commit", "-q", "-m", "the log")
        extra = generate(count + 100, seed=11).split("events:\n", 1)[1]
        added = "".join(block.replace("-e", "-new-e", 1) for block in ("  - id:" + part for part in extra.split("  - id:")[1:][-100:]))
        lines = committed.splitlines(keepends=True)
        tags = [n for n, line in enumerate(lines) if line.startswith("    tags: [")][::100]
        for n in tags:
            lines[n] = lines[n].replace("]", ", checked]")
        path.write_text("".join(lines) + added)
        log = load(path)
        revision = resolve(path, "HEAD")

        def reference() -> object:
            text, problems = decode(bytes_at(path, revision), "rev")
            return diff_logs(build_log(compose_document(text, "rev"), "rev", problems), log)

        changes = changes_since(path, revision, log)
        assert changes.marks() == reference().marks() and (len(changes.added), len(changes.changed)) == (100, len(tags)), "the two ways must agree"
        fast = median_s(lambda: changes_since(path, revision, log))
        slow = median_s(reference)
        old = reference_load(path)
        compare = median_s(lambda: diff_logs(old, log))
        marks = changes.marks()
        index = LogIndex(log.events)
        index.mark(marks)
        view = View(parse_query("is:new"))

        def indexed() -> object:
            index.mark(marks)  # a fresh mask each run: mark() drops the one computed before
            return index.mask(view)

        on_index = median_s(indexed)
        filtered = median_s(lambda: view.apply(log.events, log.vocabulary, marks))
    print(f"{count:,} events, {len(tags)} changed, 100 added; medians of {RUNS} runs")
    print("| measure | baseline | sitrep | baseline ÷ sitrep |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| compare with HEAD (git show + read + diff) | {slow:.2f} s | {fast:.2f} s | {slow / fast:.1f}× |")
    print(f"| the comparison alone (diff_logs) | – | {compare * 1000:.0f} ms | – |")
    print(f"| is:new: index (baseline: event filter) | {filtered * 1000:.1f} ms | {on_index * 1000:.1f} ms | {filtered / on_index:.1f}× |")


if __name__ == "__main__":
    main()
