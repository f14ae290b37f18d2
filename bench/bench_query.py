"""How long a keystroke in the query line or in search takes on 10,000 events (issue 5 asks well under 50 ms).

    python bench/bench_query.py [COUNT]

The events are seeded variations of the real events in events.yaml, so texts have the real log's sizes
(long summaries, several sources, notes). Each figure is the median of 7 runs. The sitrep figures are
ask/index/'s LogIndex as the app has it once its warm-up is done; each run gets a fresh one, because an
index keeps the masks of the terms it has answered and a second run would only look them up. The naive
baseline runs the same terms but lower-cases every field of every event again on each keystroke, as code
without the per-event cache would.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitrep.ask.index import LogIndex
from sitrep.reading import load
from sitrep.core.model import Casualties, Event, Location
from sitrep.ask.query import QueryError, parse_query
from sitrep.ask.texts import build_fields, words
from sitrep.ask.tally import DIMENSIONS

RUNS = 7
ACTORS = ["Iran-backed militia", "Kataib Hezbollah", "Islamic Resistance in Iraq", "Harakat al-Nujaba", "unclaimed"]
PLACES = [
    Location("Ain al-Asad Air Base", "Al Anbar", "Iraq", 33.79, 42.44),
    Location("Erbil Air Base", "Erbil", "Iraq", 36.24, 43.96),
    Location("al-Tanf Garrison", "Homs", "Syria", 33.51, 38.62),
    Location("Tower 22", "Rukban", "Jordan", 33.32, 38.69),
    Location("Patrol Base Shaddadi", "Al-Hasakah", "Syria", 36.06, 40.73),
    Location("Conoco gas field base", "Deir ez-Zor", "Syria"),
]
FIGURES = [None, (0, 0), (1, 1), (3, 3), (1, 7), (18, 24)]
TAGS = ["ain-al-asad", "erbil", "al-tanf", "tower-22", "yemen", "kataib-hezbollah", "seed-article"]
QUERIES = {
    "issue example (7 terms)": 'type:drone country:iraq after:2024-01-01 before:2024-02-01 injured>0 actor:"Kataib Hezbollah" -tag:yemen',
    "kind:attack injured>0": "kind:attack injured>0",
    "place + month": 'type:drone place:"ain al-asad" month:2024-01',
    "free text, 2 words": '"one-way attack drone" erbil',
    "responds:ID killed:?": "responds:erbil killed:?",
    "either values": 'type:drone,rocket actor:"kataib hezbollah"|nujaba',
    "OR groups": "(type:drone country:syria) OR (kind:response killed>0) -tag:yemen",
}
SEARCH_KEYS = "kataib hezbollah erbil"
QUERY_KEYS = 'type:drone place:"ain al-asad" injured>0'
OR_KEYS = "(type:drone country:syria) OR (kind:response killed>0)"


def synthetic(count: int, seed: int = 5) -> list[Event]:
    templates = load(ROOT / "events.yaml").events
    rng = random.Random(seed)
    start = dt.date(2023, 10, 17)
    events: list[Event] = []
    for index in range(count):
        template = rng.choice(templates)
        responds = tuple(rng.choice(events).id for _ in range(rng.randint(1, 3))) if template.is_response and events else ()
        events.append(
            dataclasses.replace(
                template,
                id=f"{template.id}-{index:05d}",
                date=start + dt.timedelta(days=rng.randrange(500)),
                actor="United States" if template.is_response else rng.choice(ACTORS),
                location=rng.choice(PLACES),
                casualties=Casualties(rng.choice(FIGURES), rng.choice(FIGURES)),
                tags=tuple(rng.sample(TAGS, 2)),
                responds_to=responds,
                line=index,
            )
        )
    events.sort(key=lambda event: event.sort_key)  # as a loaded log has them: LogIndex bisects their dates
    return events


def warmed(events: list[Event], previous: LogIndex | None = None) -> LogIndex:
    """`previous`: an index of the same events, whose texts the new one takes over instead of computing them again."""
    index = LogIndex(events, previous)
    index.warm_up()
    return index


def median_ms(run: Callable[..., object], fresh: Callable[[], LogIndex] | None = None) -> float:
    """`fresh`: called before each run, outside the timing, and what it returns passed to the run."""
    times = []
    for _ in range(RUNS):
        given = (fresh(),) if fresh is not None else ()
        gc.collect()  # garbage left by an earlier run must not be collected inside this one
        began = time.perf_counter()
        run(*given)
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def naive_filter(events: list[Event], text: str) -> list[int]:
    query = parse_query(text)
    found = []
    for i, event in enumerate(events):
        fields = build_fields(event)
        if all(term.test(event, fields) != term.negated for term in query.terms):
            found.append(i)
    return found


def naive_find(events: list[Event], text: str) -> list[int]:
    needles = words(text)
    return [i for i, event in enumerate(events) if needles and all(n in build_fields(event)["text"] for n in needles)]


def matching(index: LogIndex, text: str) -> list[int]:
    return index.positions(index.query_mask(parse_query(text)))


def query_keystrokes(index: LogIndex, text: str) -> None:
    """Each prefix as the query line sees it while typing; a prefix that does not parse keeps the last result."""
    for end in range(1, len(text) + 1):
        try:
            matching(index, text[:end])
        except QueryError:
            pass


def naive_query_keystrokes(events: list[Event], text: str) -> None:
    for end in range(1, len(text) + 1):
        try:
            naive_filter(events, text[:end])
        except QueryError:
            pass


def search_keystrokes(index: LogIndex, text: str) -> None:
    for end in range(1, len(text) + 1):
        index.find(text[:end])


def all_panes(index: LogIndex, text: str) -> None:
    """What the data layer does for one keystroke when every pane follows the filter."""
    mask = index.query_mask(parse_query(text))
    for dimension in DIMENSIONS:
        index.tally(mask, dimension)
    index.totals(mask)
    index.per_day(mask)


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    arguments.add_argument("count", nargs="?", type=int, default=10_000, help="how many events (default: 10000)")
    count = arguments.parse_args().count
    events = synthetic(count)
    began = time.perf_counter()
    index = warmed(events)
    built = (time.perf_counter() - began) * 1000
    texts = sum(len(text) for text in index.texts().own)
    print(f"{count} events, {texts / count:.0f} characters of own text each (kept per event for free text); index built and warmed up once per log in {built:.0f} ms")
    print(f"median of {RUNS} runs, in ms\n")

    def fresh() -> LogIndex:
        return warmed(events, index)

    rows: list[tuple[str, float, float]] = []
    for name, text in QUERIES.items():
        hits = len(matching(index, text))
        rows.append((f"parse + filter: {name} ({hits} hits)", median_ms(lambda given: matching(given, text), fresh), median_ms(lambda: naive_filter(events, text))))
    strokes = len(SEARCH_KEYS)
    search = median_ms(lambda given: search_keystrokes(given, SEARCH_KEYS), fresh)
    naive_search = median_ms(lambda: [naive_find(events, SEARCH_KEYS[:end]) for end in range(1, strokes + 1)])
    rows.append((f"search '{SEARCH_KEYS}', per keystroke (mean of {strokes})", search / strokes, naive_search / strokes))
    strokes = len(QUERY_KEYS)
    typed = median_ms(lambda given: query_keystrokes(given, QUERY_KEYS), fresh)
    naive_typed = median_ms(lambda: naive_query_keystrokes(events, QUERY_KEYS))
    rows.append((f"query line typed, per keystroke (mean of {strokes})", typed / strokes, naive_typed / strokes))
    strokes = len(OR_KEYS)
    typed = median_ms(lambda given: query_keystrokes(given, OR_KEYS), fresh)
    naive_typed = median_ms(lambda: naive_query_keystrokes(events, OR_KEYS))
    rows.append((f"OR groups typed, per keystroke (mean of {strokes})", typed / strokes, naive_typed / strokes))
    rows.append(("one keystroke, all panes: filter + 7 tallies + totals + per day", median_ms(lambda given: all_panes(given, QUERY_KEYS), fresh), float("nan")))
    rows.append(("one keystroke, all panes, OR groups", median_ms(lambda given: all_panes(given, OR_KEYS), fresh), float("nan")))
    width = max(len(name) for name, _, _ in rows)
    print(f"{'':<{width}}  {'sitrep':>8}  {'naive':>8}  {'naive/sitrep':>12}")
    for name, ours, naive in rows:
        ratio = "" if naive != naive else f"{naive / ours:.0f}x"
        naive_text = "" if naive != naive else f"{naive:.2f}"
        print(f"{name:<{width}}  {ours:>8.2f}  {naive_text:>8}  {ratio:>12}")


if __name__ == "__main__":
    main()
