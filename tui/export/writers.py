"""Events written out for other tools: CSV with ACLED column names, JSON with every field, a Markdown table,
GeoJSON points (export/geojson.py).

A file is written under a temporary name in the same folder and renamed over the target, so a failed or
interrupted export never leaves a half-written file where a good one was.
"""

from __future__ import annotations

import csv
import io
from urllib.parse import quote
import json
import os
from pathlib import Path
from typing import Any, Callable, Sequence, TextIO

from ..core.describe import figure_text, printable, who_text
from .geojson import to_geojson
from ..core.model import Event, Figure
from ..core.safe_write import replacing

CSV_COLUMNS = (
    "event_id_cnty", "event_date", "time", "event_type", "kind", "actor1", "actor2", "country", "admin1",
    "location", "latitude", "longitude", "fatalities", "fatalities_high", "injuries", "injuries_high",
    "weapons", "status", "notes", "source", "source_url", "responds_to", "tags",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these runs as a formula in spreadsheets; a log may come from anyone."""


def low_high(figure: Figure | None) -> tuple[int | str, int | str]:
    """Unknown is two empty cells, never 0."""
    return ("", "") if figure is None else figure


def inert(text: str | None) -> str:
    """A text starting with quotes before a formula sign gets one more, so that `uninert` can give it back whole."""
    text = text or ""
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def uninert(text: str) -> str:
    """The text `inert` was given: what `sitrep import` reads back from sitrep's own export."""
    return text[1:] if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS) else text


def csv_row(event: Event) -> list[Any]:
    location = event.location
    rows = event.source_rows
    killed, killed_high = low_high(event.casualties.killed)
    injured, injured_high = low_high(event.casualties.injured)
    texts = {
        "event_id_cnty": event.id,
        "time": event.time,
        "event_type": event.type,
        "kind": "response" if event.is_response else "attack",
        "actor1": event.actor,
        "actor2": event.target,
        "country": location and location.country,
        "admin1": location and location.admin1,
        "location": location and location.name,
        "weapons": "; ".join(event.weapons),
        "status": event.status,
        "notes": event.summary,
        "source": "; ".join(title for title, _, _ in rows),
        "source_url": "; ".join(url for _, url, _ in rows if url),
        "responds_to": "; ".join(event.responds_to),
        "tags": "; ".join(event.tags),
    }
    values = {name: inert(text) for name, text in texts.items()}
    values.update(
        event_date=event.date_text,
        latitude="" if location is None or location.lat is None else location.lat,
        longitude="" if location is None or location.lon is None else location.lon,
        fatalities=killed,
        fatalities_high=killed_high,
        injuries=injured,
        injuries_high=injured_high,
    )
    return [values[column] for column in CSV_COLUMNS]


def extra_columns(events: Sequence[Event]) -> list[str]:
    """The keys the format does not know (`note`, `attribution`, `date_note` ...), in order of first use."""
    return list(dict.fromkeys(key for event in events for key, _ in event.extra if key not in CSV_COLUMNS))


def extra_cell(value: Any) -> str:
    """Text as written; a list or mapping as JSON, so nothing in it is lost."""
    return inert(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str))


def write_csv(events: Sequence[Event], stream: TextIO) -> None:
    """ACLED's columns first, then one column per extra key any event has, so no field is dropped."""
    extras = extra_columns(events)
    # \r\n (the CSV standard's ending) also makes the writer quote a cell holding a bare \r.
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([*CSV_COLUMNS, *extras])
    for event in events:
        given = dict(event.extra)
        writer.writerow([*csv_row(event), *(extra_cell(given[key]) if key in given else "" for key in extras)])


def json_object(event: Event) -> dict[str, Any]:
    location = event.location
    return {
        "id": event.id,
        "date": event.date_text,
        "time": event.time,
        "utc_offset": event.utc_offset,
        "type": event.type,
        "actor": event.actor,
        "target": event.target,
        "is_response": event.is_response,
        "location": location and {
            "name": location.name, "admin1": location.admin1, "country": location.country,
            "lat": location.lat, "lon": location.lon,
        },
        "weapons": list(event.weapons),
        "casualties": {
            "killed": event.casualties.killed and list(event.casualties.killed),
            "injured": event.casualties.injured and list(event.casualties.injured),
        },
        "status": event.status,
        "summary": event.summary,
        "sources": [{"title": s.title, "url": s.url, "published": s.published} for s in event.sources],
        "responds_to": list(event.responds_to),
        "tags": list(event.tags),
        "extra": dict(event.extra),
    }


def write_json(events: Sequence[Event], stream: TextIO) -> None:
    json.dump([json_object(event) for event in events], stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, pipes escaped, control characters inert."""
    return " ".join(printable(text).split()).replace("|", "\\|")


URL_SAFE = "".join(chr(code) for code in range(0x21, 0x7F) if chr(code) not in "<>")
"""Printable ASCII stays as it is in a link; spaces, angle brackets and control characters are percent-encoded."""


def write_md(events: Sequence[Event], stream: TextIO) -> None:
    """A table, then the sources it cites as a numbered list; a source cited by several events is listed once."""
    numbers: dict[tuple[str, str | None], int] = {}
    stream.write("| date | type | actor → target | place | killed | injured | sources |\n")
    stream.write("| --- | --- | --- | --- | ---: | ---: | --- |\n")
    for event in events:
        refs = " ".join(f"[{numbers.setdefault((s.title, s.url), len(numbers) + 1)}]" for s in event.sources)
        killed, injured = (figure_text(f) if f else "" for f in (event.casualties.killed, event.casualties.injured))
        place = event.location.label() if event.location else ""
        row = (event.date_text, event.type, who_text(event), place, killed, injured, refs)
        stream.write("| " + " | ".join(cell(text) for text in row) + " |\n")
    if numbers:
        stream.write("\nSources:\n\n")
        for (title, url), number in numbers.items():
            name = cell(title).replace("[", "\\[").replace("]", "\\]")
            link = f"[{name}](<{quote(url, safe=URL_SAFE)}>)" if url else name
            stream.write(f"{number}. {link}\n")


def write_geojson(events: Sequence[Event], stream: TextIO) -> None:
    json.dump(to_geojson(events), stream, ensure_ascii=False, indent=2)
    stream.write("\n")


FORMATS: dict[str, Callable[[Sequence[Event], TextIO], None]] = {
    "csv": write_csv, "json": write_json, "md": write_md, "geojson": write_geojson,
}


def format_for(path: Path) -> str:
    """The format a file name asks for by its extension (any case); CSV when it names none."""
    suffix = path.suffix[1:].lower()
    return suffix if suffix in FORMATS else "csv"


def write(events: Sequence[Event], target: str | os.PathLike[str] | TextIO, format: str) -> None:
    """Write the events to an open text stream as they come, or to a path by a safe replace."""
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}: use {', '.join(FORMATS)}")
    fill = FORMATS[format]
    if not isinstance(target, (str, os.PathLike)):
        fill(events, target)
        return
    write_text(Path(target), lambda stream: fill(events, stream))


def write_text(path: Path, fill: Callable[[TextIO], None]) -> None:
    """UTF-8 text written by `fill` to a path by a safe replace: the old file stays whole until the new one is."""
    with replacing(path) as out:
        stream = io.TextIOWrapper(out, encoding="utf-8", newline="")
        fill(stream)
        stream.detach()
