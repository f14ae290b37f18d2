"""How long the map takes to draw 100,000 events: `python bench/bench_map.py [EVENTS]`.

Builds seeded random events around Iraq and Syria, then times (median of 5) each
step of a frame and a whole MapView frame at 120x40 after a zoom, the dearest
keystroke: binning, border raster, labels and every line's strip. The
naive baseline bins the same events one at a time into a dict keyed by floored
float coordinates, as a first version would. Target: a frame under 50 ms.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.app import App, ComposeResult  # noqa: E402

from sitrep.geo import borders, cartography, plot as geo
from sitrep.core.model import Event, Location
from sitrep.ui.widgets.map import MapView

RUNS = 5
SIZE = (120, 40)
PLACES = ["Ain al-Asad Air Base", "al-Tanf Garrison", "Erbil Air Base", "Tower 22", "Abu Kamal", "Kirkuk", "Jurf al-Sakhar"]


def synthetic(count: int, seed: int = 7) -> list[Event]:
    """Clustered like real logs (a few bases take most hits) plus a scatter, and one in ten without coordinates."""
    rng = random.Random(seed)
    centres = [(42.44, 33.79), (38.62, 33.51), (43.96, 36.24), (38.70, 33.31), (40.94, 34.45), (44.39, 35.47), (44.21, 32.87)]
    events = []
    start = dt.date(2023, 10, 17)
    for index in range(count):
        place = rng.randrange(len(PLACES))
        if rng.random() < 0.1:
            location = Location(name=PLACES[place], country="Iraq")
        elif rng.random() < 0.5:
            lon, lat = centres[place]
            location = Location(name=PLACES[place], lat=lat + rng.gauss(0, 0.05), lon=lon + rng.gauss(0, 0.05))
        else:
            location = Location(name=f"site {rng.randrange(2000)}", lat=rng.uniform(31.0, 37.0), lon=rng.uniform(37.0, 46.0))
        events.append(
            Event(
                id=f"e{index}",
                date=start + dt.timedelta(days=index % 120),
                type="drone attack",
                actor="Islamic Resistance in Iraq",
                line=index,
                location=location,
                is_response=rng.random() < 0.2,
            )
        )
    return events


def median_ms(action: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def naive_bins(events: list[Event], view: geo.Viewport) -> dict[tuple[int, int], int]:
    counts: dict[tuple[int, int], int] = {}
    for event in events:
        location = event.location
        if location is None or location.lat is None or location.lon is None:
            continue
        cell = (math.floor((location.lon - view.west) / view.per_col), math.floor((view.north - location.lat) / view.per_row))
        if 0 <= cell[0] < view.width and 0 <= cell[1] < view.height:
            counts[cell] = counts.get(cell, 0) + 1
    return counts


class Host(App):
    CSS_PATH = Path(__file__).resolve().parent.parent / "tui" / "ui" / "app.tcss"

    def compose(self) -> ComposeResult:
        yield MapView()


async def frame_ms(events: list[Event]) -> tuple[float, float]:
    """(show: preparing a new filtered set; frame: a zoom, which bins every event again, then every line drawn)."""
    app = Host()
    async with app.run_test(size=SIZE):
        view = app.query_one(MapView)
        show = median_ms(lambda: view.show(events))
        steps = iter([1, -1] * RUNS)

        def frame() -> None:
            view.action_zoom(next(steps))
            for y in range(view.size.height):
                view.render_line(y)

        return show, median_ms(frame)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    events = synthetic(count)
    shipped = borders.load_borders()
    plot = geo.plot(events)
    width, height = SIZE[0], SIZE[1] - 2
    view = geo.fit(plot.points(), width, height, shipped.region)
    bins = geo.bin_events(plot, view)
    bits = borders.raster(shipped, view)
    figures = [
        ("naive baseline: dict over floored floats, per event", median_ms(lambda: naive_bins(events, view))),
        ("geo.bin_events", median_ms(lambda: geo.bin_events(plot, view))),
        ("borders.raster (borders in braille)", median_ms(lambda: borders.raster(shipped, view))),
        ("cartography.draw + cartography.notes (markers, labels)", median_ms(lambda: (cartography.draw(plot, bins, bits, shipped), cartography.notes(plot, bins, None, width)))),
    ]
    show, frame = asyncio.run(frame_ms(events))
    figures += [("MapView.show (once per filter change)", show), ("MapView frame after a zoom, all lines", frame)]
    baseline = figures[0][1]
    print(f"{count:,} events ({plot.without_coordinates:,} without coordinates), {len(bins.cells):,} marker cells, {SIZE[0]}x{SIZE[1]}, median of {RUNS}")
    print(f"{'step':<52} {'ms':>7} {'naive/step':>11}")
    for name, ms in figures:
        print(f"{name:<52} {ms:7.1f} {baseline / ms:10.1f}x")
    print(f"frame target 50 ms: {'met' if frame < 50 else 'MISSED'}")


if __name__ == "__main__":
    main()
