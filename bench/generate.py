"""Seeded synthetic logs in format v1 with realistic field sizes, for benchmarks."""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

ACTORS = ["Islamic Resistance in Iraq", "Kataib Hezbollah", "Harakat al-Nujaba", "Kataib Sayyid al-Shuhada", "unknown militia"]
TARGETS = [
    ("Ain al-Asad Air Base", "Al Anbar", "Iraq", 33.80, 42.44),
    ("al-Tanf Garrison", "Homs", "Syria", 33.50, 38.62),
    ("Erbil Air Base", "Erbil", "Iraq", 36.24, 43.96),
    ("Tower 22", "Mafraq", "Jordan", 33.32, 38.69),
    ("Mission Support Site Euphrates", "Deir ez-Zor", "Syria", 35.05, 40.43),
    ("al-Harir Air Base", "Erbil", "Iraq", 36.53, 44.34),
]
TYPES = ["drone attack", "rocket attack", "missile attack", "attack", "airstrike", "drone strike"]
WEAPONS = ["one-way attack drone", "rocket", "close-range ballistic missile", "mortar", "Katyusha rocket"]
WORDS = "militia fired drones rockets toward base coalition forces injuries damage reported claimed statement officials said".split()


def event_text(rng: random.Random, index: int, day: dt.date, ids: list[str]) -> str:
    name, admin1, country, lat, lon = rng.choice(TARGETS)
    kind = rng.choice(TYPES)
    strike = kind in ("airstrike", "drone strike")
    actor = "United States" if strike else rng.choice(ACTORS)
    event_id = f"{day.isoformat()}-e{index:06d}"
    lines = [
        f"  - id: {event_id}",
        f"    date: {day.isoformat()}",
    ]
    if rng.random() < 0.5:
        lines.append(f'    time: "{rng.randrange(24):02d}:{rng.randrange(60):02d}"')
    lines += [
        f"    type: {kind}",
        f"    actor: {actor}",
        f"    target: {rng.choice(ACTORS) if strike else name}",
        f"    location: {{name: {name}, admin1: {admin1}, country: {country}, lat: {lat + rng.uniform(-0.3, 0.3):.3f}, lon: {lon + rng.uniform(-0.3, 0.3):.3f}}}",
        f"    weapons: [{', '.join(rng.sample(WEAPONS, rng.randint(1, 2)))}]",
    ]
    killed, injured = rng.choice([None, 0, 1, 2, [1, 3]]), rng.choice([None, 0, 3, [2, 5]])
    figures = ", ".join(f"{key}: {value}" for key, value in (("killed", killed), ("injured", injured)) if value is not None)
    if figures:
        lines.append(f"    casualties: {{{figures}}}")
    lines += [
        f"    status: {rng.choice(['confirmed', 'claimed', 'disputed', 'unverified'])}",
        f"    summary: {' '.join(rng.choice(WORDS) for _ in range(rng.randint(12, 30))).capitalize()}.",
        "    sources:",
        f'      - {{title: "Report {index}", url: "https://example.org/{event_id}", published: {day.isoformat()}}}',
    ]
    if strike and ids:
        lines.append(f"    responds_to: [{rng.choice(ids[-50:])}]")
    lines.append(f"    tags: [{rng.choice(['ain-al-asad', 'tanf', 'erbil', 'tower-22'])}]")
    ids.append(event_id)
    return "\n".join(lines) + "\n"


def generate(count: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    start = dt.date(2023, 10, 17)
    span = max(1, count // 20)
    days = sorted(start + dt.timedelta(days=rng.randrange(span)) for _ in range(count))
    ids: list[str] = []
    head = "version: 1\ntitle: Synthetic benchmark log\nresponse_actors: [United States]\nreported_counts:\n  - {as_of: 2024-01-22, count: 151, qualifier: more-than}\nevents:\n"
    return head + "".join(event_text(rng, index, day, ids) for index, day in enumerate(days))


def write(count: int, folder: Path, seed: int = 7) -> Path:
    path = folder / f"synthetic-{count}.yaml"
    if not path.exists():
        path.write_text(generate(count, seed))
    return path


if __name__ == "__main__":
    print(write(int(sys.argv[1]), Path(sys.argv[2] if len(sys.argv) > 2 else ".")))
