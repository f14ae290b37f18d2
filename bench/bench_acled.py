"""ACLED benchmark (issue 17): opening and importing a 100,000-row ACLED export, beside the csv module alone.

    python bench/bench_acled.py                 # 100,000 rows, medians of 3 runs (about 2 minutes)
    python bench/bench_acled.py --quick         # 1,000 rows, one run: a smoke test
    python bench/bench_acled.py --rows 20000 --runs 5

The export is generated (seeded, today's 31-column layout, field sizes as in real exports: notes of 10 to 60
words, one to three sources, a few associated actors). Every measure runs in a fresh process, as in
bench/bench_scale.py, whose helpers it uses:

- open, cold: `sitrep.reading.load` with an empty parse cache (the data layer), and the app until the chronology
  has rows and the frame after is drawn (bench_scale's `app` child); warm: the same once the cache holds the file.
- import: `sitrep import FILE.csv -o OUT.yaml` as the command runs it (`cli.main`, in-process), then the
  written log loaded back to check that the fast reader read it, every event in the fast shape.

Baselines, in the same run: `list(csv.DictReader(file))`, and `pandas.read_csv` if pandas is installed; and a
YAML log of as many events (bench/generate.py) opened the same way, cold and warm (data layer), for "like a YAML log
of that size".
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_scale import fmt, median_of, run_child  # noqa: E402

TARGETS = {"open cold": 2.0, "open warm": 0.5, "import": 5.0}
HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,"
    "actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,"
    "latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp"
).split(",")
PLACES = [
    ("Iraq", "IRQ", 368, "Al Anbar", "Heet", "", "Ain al-Asad Air Base", 33.80, 42.44),
    ("Iraq", "IRQ", 368, "Erbil", "Erbil", "Erbil Center", "Erbil", 36.19, 44.01),
    ("Syria", "SYR", 760, "Deir ez-Zor", "Al Mayadin", "Al Mayadin", "Al Mayadin", 35.02, 40.45),
    ("Syria", "SYR", 760, "Homs", "Tadmor", "Tadmor", "Al-Tanf", 33.50, 38.62),
    ("Yemen", "YEM", 887, "Al Hudaydah", "Al Hawak", "", "Al Hudaydah", 14.80, 42.95),
    ("Jordan", "JOR", 400, "Mafraq", "Al Ruwaished", "", "Tower 22", 33.32, 38.69),
    ("Lebanon", "LBN", 422, "South", "Bint Jbeil", "Aitaroun", "Aitaroun", 33.12, 35.47),
]
TYPES = [
    ("Political violence", "Explosions/Remote violence", "Air/drone strike"),
    ("Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Political violence", "Battles", "Armed clash"),
    ("Political violence", "Violence against civilians", "Attack"),
    ("Demonstrations", "Protests", "Peaceful protest"),
    ("Strategic developments", "Strategic developments", "Looting/property destruction"),
]
ACTORS = [
    ("Islamic Resistance in Iraq", "Political militia"), ("Military Forces of the United States (2021-)", "External/Other forces"),
    ("Houthi Movement", "Political militia"), ("Hezbollah", "Political militia"), ("Protesters (Iraq)", "Protesters"),
    ("Military Forces of Israel (2022-)", "External/Other forces"), ("Unidentified Armed Group (Syria)", "Political militia"),
]
SOURCES = ["Reuters", "Al Masirah", "Shafaq News", "SOHR", "CENTCOM", "Saba News Agency", "National News Agency", "Rudaw"]
WORDS = ("on", "the", "fired", "drones", "rockets", "at", "base", "forces", "injuries", "reported", "claimed", "statement",
         "officials", "said", "killed", "near", "village", "militia", "strike", "positions", "vehicle", "residents")


def generate(rows: int, path: Path, seed: int = 17) -> Path:
    import datetime as dt

    rng = random.Random(seed)
    start = dt.date(2023, 10, 17)
    # ACLED geocodes events to named places: 2,000 of them, each with its own coordinates.
    places = [
        (*place[:6], f"{place[6]} {n}" if n else place[6], f"{place[7] + rng.uniform(-0.5, 0.5):.4f}", f"{place[8] + rng.uniform(-0.5, 0.5):.4f}")
        for n in range(2000 // len(PLACES) + 1) for place in PLACES
    ]
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        for n in range(rows):
            day = start + dt.timedelta(days=rng.randrange(700))
            country, iso3, iso, admin1, admin2, admin3, place, lat, lon = rng.choice(places)
            disorder, event_type, sub_type = rng.choice(TYPES)
            (actor1, inter1), (actor2, inter2) = rng.sample(ACTORS, 2)
            notes = f"On {day.day} {day:%B %Y}, " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 60))) + "."
            writer.writerow([
                f"{iso3}{n + 1}", f"{day.day} {day:%B %Y}", day.year, rng.choice("1112"), disorder, event_type, sub_type,
                actor1, rng.choice(["", "", "Tribal Militia (Iraq)"]), inter1, actor2, "", inter2, f"{inter1}-{inter2}",
                "Civilian targeting" if event_type == "Violence against civilians" else "", iso, "Middle East", country, admin1,
                admin2, admin3, place, lat, lon, rng.choice("123"),
                "; ".join(rng.sample(SOURCES, rng.randint(1, 3))), rng.choice(["International", "National", "Subnational-National"]),
                notes, rng.choice([0, 0, 0, 1, 2, 5]), rng.choice(["", "", "crowd size=no report"]), 1700000000 + n,
            ])
    return path


# Children: one measure each, in a fresh process, printing JSON.


def child_load(path: str) -> dict:
    from sitrep.reading import load, route_of

    began = time.perf_counter()
    log = load(path)
    return {"load": time.perf_counter() - began, "route": route_of(log), "events": len(log.events), "problems": len(log.problems)}


def child_import(path: str) -> dict:
    from sitrep.cli import main
    from sitrep.reading import load, route_of
    from sitrep.reading.fast.reader import read

    out = Path(path).with_suffix(".imported.yaml")
    out.unlink(missing_ok=True)
    began = time.perf_counter()
    status = main(["import", path, "-o", str(out)])
    result = {"import": time.perf_counter() - began, "status": status}
    text = out.read_text(encoding="utf-8")
    found = read(text, str(out), [], 1)
    result["slow events"] = None if found is None else found.slow
    log = load(out)
    result["route"] = route_of(log)
    result["events"] = len(log.events)
    return result


def child_dictreader(path: str) -> dict:
    began = time.perf_counter()
    with open(path, encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    return {"load": time.perf_counter() - began, "rows": len(rows)}


def child_pandas(path: str) -> dict:
    try:
        import pandas
    except ImportError:
        return {"load": None}
    began = time.perf_counter()
    frame = pandas.read_csv(path)
    return {"load": time.perf_counter() - began, "rows": len(frame)}


CHILDREN = {"load": child_load, "import": child_import, "dictreader": child_dictreader, "pandas": child_pandas}


def measure(rows: int, folder: Path, runs: int) -> dict:
    source = folder / f"acled-{rows}.csv"
    if not source.exists():
        generate(rows, source)
    from generate import write

    log = write(rows, folder)
    found: dict[str, list[dict]] = {
        name: [] for name in ("cold", "warm", "app cold", "app warm", "import", "dictreader", "pandas", "yaml cold", "yaml warm")
    }
    for _ in range(runs):
        work = Path(tempfile.mkdtemp(prefix="sitrep-acled-"))
        try:
            export = work / source.name
            shutil.copyfile(source, export)
            cache = work / "cache"
            found["cold"].append(run_child("load", export, cache, script=__file__))
            shutil.rmtree(cache, ignore_errors=True)
            found["app cold"].append(run_child("app", export, cache, script=str(ROOT / "bench" / "bench_scale.py")))
            shutil.rmtree(cache, ignore_errors=True)
            run_child("load", export, cache, {"SITREP_CACHE_SYNC": "1"}, script=__file__)  # writes the cache entry
            found["warm"].append(run_child("load", export, cache, script=__file__))
            found["app warm"].append(run_child("app", export, cache, script=str(ROOT / "bench" / "bench_scale.py")))
            shutil.rmtree(cache, ignore_errors=True)
            found["import"].append(run_child("import", export, cache, script=__file__))
            found["dictreader"].append(run_child("dictreader", export, cache, script=__file__))
            found["pandas"].append(run_child("pandas", export, cache, script=__file__))
            shutil.rmtree(cache, ignore_errors=True)
            found["yaml cold"].append(run_child("load", log, cache, script=__file__))
            run_child("load", log, cache, {"SITREP_CACHE_SYNC": "1"}, script=__file__)
            found["yaml warm"].append(run_child("load", log, cache, script=__file__))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return {"bytes": source.stat().st_size, **found}


def table(rows: int, found: dict) -> str:
    dictreader = median_of(found["dictreader"], "load")
    pandas = median_of(found["pandas"], "load")
    imported = found["import"][0]
    lines = [
        f"{rows:,} rows, {found['bytes'] / 2**20:.0f} MB · baselines: csv.DictReader {fmt(dictreader)}, "
        f"pandas.read_csv {fmt(pandas) if pandas is not None else 'not installed'}",
        "",
        "| measure | sitrep data layer | sitrep app (Pilot) | csv.DictReader | data layer ÷ DictReader | YAML log, data layer | target | met (data layer / app) | note |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    measures = (
        ("open cold", median_of(found["cold"], "load"), median_of(found["app cold"], "open"), median_of(found["yaml cold"], "load"),
         f"route: {found['cold'][0]['route']}; YAML: {found['yaml cold'][0]['route']}"),
        ("open warm", median_of(found["warm"], "load"), median_of(found["app warm"], "open"), median_of(found["yaml warm"], "load"),
         f"route: {found['warm'][0]['route']}; YAML: {found['yaml warm'][0]['route']}"),
        ("import", median_of(found["import"], "import"), None, None,
         f"written log read by the {imported['route']} route, {imported['slow events']} events by PyYAML"),
    )
    for name, data, app, yaml_log, note in measures:
        target = TARGETS[name]
        ratio = f"{data / dictreader:.1f}×" if data and dictreader else "–"
        met = " / ".join("–" if value is None else ("yes" if value < target else "no") for value in (data, app))
        lines.append(f"| {name} | {fmt(data)} | {fmt(app)} | {fmt(dictreader)} | {ratio} | {fmt(yaml_log)} | < {fmt(target)} | {met} | {note} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 rows, one run: a smoke test")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "sitrep-bench-logs")
    parser.add_argument("--child", nargs=2, metavar=("TASK", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        task, path = args.child
        print(json.dumps(CHILDREN[task](path)))
        return
    rows, runs = (1_000, 1) if args.quick else (args.rows, args.runs)
    args.dir.mkdir(parents=True, exist_ok=True)
    print(f"measuring {rows:,} rows ({runs} runs)…", file=sys.stderr, flush=True)
    found = measure(rows, args.dir, runs)
    print(f"\nsitrep ACLED benchmark · {os.cpu_count()} cores · Python {sys.version.split()[0]} · medians of {runs} runs\n")
    print(table(rows, found))


if __name__ == "__main__":
    main()
