"""Export: each format written to a file, read back and checked; unknown figures stay empty; writes are safe."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import stat
from pathlib import Path

import pytest

from sitrep.export import writers as export
from sitrep.export.writers import CSV_COLUMNS, write
from sitrep.reading import load
from sitrep.core.model import Event, cite_sources
from paths import QUERY

LOG = load(QUERY / "log.yaml")
EVENTS = LOG.events  # a1 r1 m1 a2 a3 r2 a4 r3 r4


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as stream:
        reader = csv.DictReader(stream)
        names = tuple(reader.fieldnames or ())
        assert names[: len(CSV_COLUMNS)] == CSV_COLUMNS  # then one column per extra key
        return list(reader)


def test_csv_columns_and_values(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write(EVENTS, path, "csv")
    rows = {row["event_id_cnty"]: row for row in read_csv(path)}
    assert list(rows) == [event.id for event in EVENTS]
    assert {key: rows["a1"][key] for key in CSV_COLUMNS} == {  # the extra keys: test_csv_adds_a_column_per_extra_key
        "event_id_cnty": "a1",
        "event_date": "2023-12-25",
        "time": "05:45",
        "event_type": "drone attack",
        "kind": "attack",
        "actor1": "Kataib Hezbollah",
        "actor2": "US forces at Erbil Air Base",
        "country": "Iraq",
        "admin1": "Erbil",
        "location": "Erbil Air Base",
        "latitude": "36.24",
        "longitude": "43.96",
        "fatalities": "0",
        "fatalities_high": "0",
        "injuries": "3",
        "injuries_high": "3",
        "weapons": "one-way attack drone",
        "status": "confirmed",
        "notes": "A one-way attack drone hit Erbil Air Base.",
        "source": "CENTCOM statement",
        "source_url": "https://example.org/centcom-erbil",
        "responds_to": "",
        "tags": "erbil; seed-article",
    }
    r1 = rows["r1"]
    assert (r1["kind"], r1["fatalities"], r1["fatalities_high"], r1["injuries"], r1["injuries_high"]) == ("response", "1", "7", "18", "24")
    assert (r1["source"], r1["source_url"], r1["responds_to"]) == ("Austin statement; Reuters", "https://example.org/austin", "a1")
    assert r1["actor2"] == "Kataib Hezbollah | three facilities"


def test_csv_unknown_figures_are_empty_never_zero(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write(EVENTS, path, "csv")
    rows = {row["event_id_cnty"]: row for row in read_csv(path)}
    assert (rows["a2"]["fatalities"], rows["a2"]["fatalities_high"], rows["a2"]["injuries"]) == ("", "", "4")
    assert (rows["a3"]["fatalities"], rows["a3"]["injuries"], rows["a3"]["injuries_high"]) == ("0", "", "")
    assert all(rows["r4"][column] == "" for column in ("fatalities", "fatalities_high", "injuries", "injuries_high"))


def test_csv_month_only_date_missing_place_and_formula_text(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write(EVENTS, path, "csv")
    rows = {row["event_id_cnty"]: row for row in read_csv(path)}
    assert rows["m1"]["event_date"] == "2024-01"
    assert (rows["m1"]["country"], rows["m1"]["location"], rows["m1"]["latitude"]) == ("Syria", "", "")
    assert rows["m1"]["notes"] == "Rockets near al-Shaddadi (الشدادي), day not reported."
    assert all(rows["r4"][column] == "" for column in ("country", "admin1", "location", "latitude", "longitude"))
    # A spreadsheet would run this as a formula; the leading quote shows it as text.
    assert rows["r1"]["notes"] == "'=HYPERLINK(\"https://example.org\") strikes on three sites"


def test_csv_negative_coordinates_are_numbers_not_formulas(tmp_path: Path) -> None:
    west = dataclasses.replace(EVENTS[0], location=dataclasses.replace(EVENTS[0].location, lat=-33.5, lon=-70.25), actor="-dash actor")
    path = tmp_path / "out.csv"
    write([west], path, "csv")
    (row,) = read_csv(path)
    assert (row["latitude"], row["longitude"], row["actor1"]) == ("-33.5", "-70.25", "'-dash actor")


def test_json_has_every_field(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    write(EVENTS, path, "json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [item["id"] for item in data] == [event.id for event in EVENTS]
    a1 = data[0]
    model_fields = {field.name for field in dataclasses.fields(Event)} - {"file", "line", "month_only", "cited"} | {"sources"}
    assert model_fields <= set(a1)
    assert a1["location"] == {"name": "Erbil Air Base", "admin1": "Erbil", "country": "Iraq", "lat": 36.24, "lon": 43.96}
    assert a1["casualties"] == {"killed": [0, 0], "injured": [3, 3]}
    assert a1["sources"] == [{"title": "CENTCOM statement", "url": "https://example.org/centcom-erbil", "published": "2023-12-26"}]
    assert a1["extra"] == {"note": "Three US service members were injured, one critically."}
    assert (a1["time"], a1["utc_offset"], a1["is_response"], a1["tags"]) == ("05:45", "+03:00", False, ["erbil", "seed-article"])
    by_id = {item["id"]: item for item in data}
    assert by_id["a2"]["casualties"] == {"killed": None, "injured": [4, 4]}
    assert by_id["r1"]["casualties"] == {"killed": [1, 7], "injured": [18, 24]}
    assert by_id["r1"]["is_response"] is True and by_id["r1"]["responds_to"] == ["a1"]
    assert by_id["m1"]["date"] == "2024-01" and by_id["r4"]["location"] is None
    assert by_id["a4"]["extra"] == {"attribution": {"claimed_by": "Islamic Resistance in Iraq", "reasons": ["revenge for Jurf al-Sakhar"]}}
    assert "الشدادي" in path.read_text(encoding="utf-8")  # written as UTF-8, not \u escapes


def test_markdown_table_and_sources(tmp_path: Path) -> None:
    path = tmp_path / "out.md"
    write(EVENTS[:4], path, "md")
    assert path.read_text(encoding="utf-8").splitlines() == [
        "| date | type | actor → target | place | killed | injured | sources |",
        "| --- | --- | --- | --- | ---: | ---: | --- |",
        "| 2023-12-25 | drone attack | Kataib Hezbollah → US forces at Erbil Air Base | Erbil Air Base, Erbil, Iraq | 0 | 3 | [1] |",
        "| 2023-12-26 | airstrike | United States → Kataib Hezbollah \\| three facilities | Hilla, Babil, Iraq | 1–7 | 18–24 | [2] [3] |",
        "| 2024-01 | rocket attack | unclaimed | Syria |  |  |  |",
        "| 2024-01-20 | missile attack | Islamic Resistance in Iraq → Ain al-Asad Air Base | Ain al-Asad Air Base, Al Anbar, Iraq |  | 4 | [4] |",
        "",
        "Sources:",
        "",
        "1. [CENTCOM statement](<https://example.org/centcom-erbil>)",
        "2. [Austin statement](<https://example.org/austin>)",
        "3. Reuters",
        "4. [CENTCOM, 21 Jan](<https://example.org/centcom-asad>)",
    ]


def test_markdown_lists_a_shared_source_once_and_keeps_cells_on_one_line() -> None:
    source = EVENTS[0].sources[0]
    first = dataclasses.replace(EVENTS[0], summary=None, type="drone\nattack")
    second = dataclasses.replace(EVENTS[3], cited=cite_sources([source]))
    stream = io.StringIO()
    write([first, second], stream, "md")
    lines = stream.getvalue().splitlines()
    assert lines[2].startswith("| 2023-12-25 | drone attack |") and lines[2].endswith("| [1] |")
    assert lines[3].endswith("| [1] |")
    assert lines[-1] == "1. [CENTCOM statement](<https://example.org/centcom-erbil>)"


def test_geojson_points(tmp_path: Path) -> None:
    path = tmp_path / "out.geojson"
    write(EVENTS, path, "geojson")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert [feature["id"] for feature in data["features"]] == ["a1", "r1", "a4"]
    assert data["features"][0]["geometry"] == {"type": "Point", "coordinates": [43.96, 36.24]}
    assert data["without_coordinates"] == 6


def test_empty_selection(tmp_path: Path) -> None:
    for format in ("csv", "json", "md"):
        write([], tmp_path / f"empty.{format}", format)
    assert (tmp_path / "empty.csv").read_text() == ",".join(CSV_COLUMNS) + "\n"
    assert (tmp_path / "empty.json").read_text() == "[]\n"
    assert len((tmp_path / "empty.md").read_text().splitlines()) == 2


def test_write_to_an_open_stream() -> None:
    stream = io.StringIO()
    write(EVENTS, stream, "json")
    assert len(json.loads(stream.getvalue())) == 9


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown export format 'xlsx': use csv, json, md, geojson"):
        write(EVENTS, io.StringIO(), "xlsx")


# Safe writes.


def test_replaces_the_target_keeping_its_mode_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    path.write_text("old")
    path.chmod(0o640)
    write(EVENTS, path, "csv")
    assert path.read_text(encoding="utf-8").startswith("event_id_cnty,")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_new_file_gets_the_usual_mode(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write(EVENTS, tmp_path / "new.json", "json")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o644


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def half_then_fail(events, stream) -> None:
        stream.write("half")
        raise RuntimeError("disk full")

    monkeypatch.setitem(export.FORMATS, "csv", half_then_fail)
    path = tmp_path / "out.csv"
    path.write_text("good old export")
    with pytest.raises(RuntimeError, match="disk full"):
        write(EVENTS, path, "csv")
    assert path.read_text() == "good old export"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_missing_folder_raises_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write(EVENTS, tmp_path / "no" / "out.csv", "csv")
    assert list(tmp_path.iterdir()) == []


def test_the_format_comes_from_the_extension_in_any_case() -> None:
    from sitrep.export.writers import format_for

    assert [format_for(Path(name)) for name in ("a.json", "b.GeoJSON", "c.MD", "d.txt", "e")] == ["json", "geojson", "md", "csv", "csv"]


def test_csv_adds_a_column_per_extra_key_after_the_acled_ones(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write(EVENTS, path, "csv")
    with path.open(newline="", encoding="utf-8") as stream:
        reader = csv.DictReader(stream)
        rows = list(reader)
    assert tuple(reader.fieldnames) == (*CSV_COLUMNS, "note", "attribution")
    filled = [(row["note"], row["attribution"]) for row in rows if row["note"] or row["attribution"]]
    assert filled == [
        ("Three US service members were injured, one critically.", ""),
        ("", '{"claimed_by": "Islamic Resistance in Iraq", "reasons": ["revenge for Jurf al-Sakhar"]}'),
    ]
