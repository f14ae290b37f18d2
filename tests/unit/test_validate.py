"""Validation: each problem kind in its own fixture, with exact problems and the events kept."""

from __future__ import annotations

import datetime as dt

from sitrep.reading import load
from sitrep.reading.reference import load_text
from sitrep.core.model import Casualties, Location
from paths import LOAD

FIXTURES = LOAD


def problems_of(log) -> list[tuple[int, int, str, str]]:
    return [(p.line, p.column, p.severity, p.message) for p in log.problems]


def ids_of(log) -> list[str]:
    return [event.id for event in log.events]


def event(extra_lines: str = "", **fields: str) -> str:
    """A one-event log; fields replace the defaults, extra_lines are appended (indented 4)."""
    values = {"id": "e", "date": "2024-01-01", "type": "drone attack", "actor": "Militia A", **fields}
    body = "".join(f"    {key}: {value}\n" for key, value in values.items())
    return "version: 1\nevents:\n  -\n" + body + extra_lines


def test_missing_required_fields() -> None:
    log = load(FIXTURES / "missing_fields.yaml")
    assert problems_of(log) == [
        (3, 5, "error", "event 'no-type-no-actor' skipped: missing required fields type and actor"),
        (5, 5, "error", "event skipped: missing required field id"),
    ]
    assert ids_of(log) == ["complete"]


def test_wrong_types() -> None:
    log = load(FIXTURES / "wrong_types.yaml")
    assert problems_of(log) == [
        (7, 14, "error", "weapons must be a list, not a mapping"),
        (12, 17, "error", "casualties must be a mapping of keys to values, not 'several wounded'"),
        (17, 26, "error", "casualties killed must be a whole number or a [low, high] range, not 'three'"),
        (18, 5, "error", "event 'type-list' skipped: its type is unusable"),
        (20, 11, "error", "type must be text, not a list"),
    ]
    assert ids_of(log) == ["weapons-mapping", "casualties-text", "killed-text"]
    by_id = log.by_id
    assert by_id["weapons-mapping"].weapons == ()
    assert by_id["casualties-text"].casualties == Casualties(None, None)
    # The bad figure is unknown, the good one in the same mapping is kept.
    assert by_id["killed-text"].casualties == Casualties(killed=None, injured=(2, 2))


def test_bad_dates() -> None:
    log = load(FIXTURES / "bad_dates.yaml")
    assert problems_of(log) == [
        (3, 5, "error", "event 'february-30' skipped: its date is unusable"),
        (4, 11, "error", "date '2024-02-30' is not a real date"),
        (7, 5, "error", "event 'slashes' skipped: its date is unusable"),
        (8, 11, "error", "date must be YYYY-MM-DD or YYYY-MM, not '2024/01/20'"),
        (11, 5, "error", "event 'with-timezone' skipped: its date is unusable"),
        (
            12, 11, "error",
            "date must be YYYY-MM-DD or YYYY-MM, not '2024-01-20T18:30:00+03:00'; "
            "put the time in `time:` and any UTC offset in `utc_offset:`",
        ),
    ]
    assert ids_of(log) == ["month-only"]
    month_only = log.events[0]
    assert (month_only.date, month_only.month_only, month_only.date_text) == (dt.date(2024, 1, 1), True, "2024-01")


def test_several_unusable_required_fields_are_named_together() -> None:
    log = load_text(event(date="2024-13-01", actor="[a, b]"), "f.yaml")
    assert problems_of(log) == [
        (4, 5, "error", "event 'e' skipped: its date and actor are unusable"),
        (5, 11, "error", "date '2024-13-01' is not a real date"),
        (7, 12, "error", "actor must be text, not a list"),
    ]
    assert ids_of(log) == []


def test_bad_time_drops_the_time_but_keeps_the_event() -> None:
    log = load(FIXTURES / "bad_time.yaml")
    assert problems_of(log) == [(5, 11, "error", "time must be HH:MM (00:00 to 23:59), not '25:00'")]
    assert ids_of(log) == ["hour-25", "unquoted-time"]
    assert log.by_id["hour-25"].time is None
    # YAML 1.1 reads an unquoted 18:30 as the number 1110; the loader keeps the text.
    assert log.by_id["unquoted-time"].time == "18:30"


def test_utc_offset() -> None:
    assert load_text(event(utc_offset='"+03:00"'), "f").events[0].utc_offset == "+03:00"
    log = load_text(event(utc_offset="3"), "f")
    assert problems_of(log) == [(8, 17, "error", "utc_offset must look like \"+03:00\", not '3'")]
    assert log.events[0].utc_offset is None


def test_duplicate_ids() -> None:
    log = load(FIXTURES / "duplicate_ids.yaml")
    assert problems_of(log) == [(11, 1, "error", "duplicate id 'same' (first at line 3)")]
    # Both events stay visible (nothing is dropped); lookups by id find the first.
    assert ids_of(log) == ["same", "other", "same"]
    assert log.by_id["same"].line == 3


def test_duplicate_keys_in_one_mapping() -> None:
    log = load(FIXTURES / "duplicate_keys.yaml")
    assert problems_of(log) == [(7, 5, "error", "duplicate key 'type' (first at line 5); the last value is kept")]
    assert ids_of(log) == ["twice"]
    assert log.events[0].type == "rocket attack"


def test_responds_to_unknown_id() -> None:
    log = load(FIXTURES / "unknown_responds_to.yaml")
    assert problems_of(log) == [(7, 1, "warning", "event 'strike' responds_to unknown id 'no-such-attack'")]
    assert ids_of(log) == ["attack", "strike"]
    assert log.by_id["strike"].responds_to == ("attack", "no-such-attack")


def test_yaml11_norway_problem_keeps_the_text() -> None:
    log = load(FIXTURES / "yaml11_norway.yaml")
    assert problems_of(log) == [
        (7, 37, "warning", "country 'NO' would be read by YAML 1.1 as false; kept as the text 'NO', quote it (\"NO\") to be clear"),
    ]
    assert ids_of(log) == ["oslo"]
    assert log.events[0].location == Location(name="Oslo", country="NO")
    assert log.events[0].country == "NO"


def test_yaml11_surprises_in_lists_and_quoted_values() -> None:
    log = load_text(event(weapons="[on, drone]", target='"yes"'), "f")
    assert problems_of(log) == [
        (8, 15, "warning", "an item of weapons 'on' would be read by YAML 1.1 as true; kept as the text 'on', quote it (\"on\") to be clear"),
    ]
    assert log.events[0].weapons == ("on", "drone")
    assert log.events[0].target == "yes"  # quoted: no warning


def test_casualty_range_low_above_high() -> None:
    log = load(FIXTURES / "casualty_range.yaml")
    assert problems_of(log) == [(7, 26, "error", "casualties killed range [5, 3] has low > high")]
    assert ids_of(log) == ["backwards-range"]
    assert log.events[0].casualties == Casualties(killed=None, injured=(1, 2))


def test_negative_casualty() -> None:
    log = load(FIXTURES / "negative_casualty.yaml")
    assert problems_of(log) == [(7, 38, "error", "casualties injured -1 is negative")]
    assert ids_of(log) == ["negative"]
    assert log.events[0].casualties == Casualties(killed=(0, 0), injured=None)


def test_casualty_range_shape() -> None:
    log = load_text(event(casualties="{killed: [1, 2, 3], injured: [1, many]}"), "f")
    assert problems_of(log) == [
        (8, 26, "error", "casualties killed range must be [low, high], not 3 numbers"),
        (8, 50, "error", "casualties injured range must be a whole number, not 'many'"),
    ]
    assert log.events[0].casualties == Casualties(None, None)


def test_latitude_out_of_range() -> None:
    log = load(FIXTURES / "bad_latitude.yaml")
    assert problems_of(log) == [(7, 51, "error", "location lat 200 is outside -90..90")]
    assert ids_of(log) == ["off-the-globe"]
    assert log.events[0].location == Location(name="Nowhere", country="Iraq", lat=None, lon=42.4)


def test_unknown_keys_are_kept_in_extra() -> None:
    log = load(FIXTURES / "extra_keys.yaml")
    assert problems_of(log) == []
    with_extras = log.by_id["with-extras"]
    assert with_extras.extra == (
        ("location.elevation", "5"),
        ("note", "sources disagree on the number of missiles"),
    )
    assert with_extras.location == Location(name="Ain al-Asad Air Base", country="Iraq", lat=33.80, lon=42.44)
    assert log.by_id["plain"].extra == ()


def test_unknown_nested_values_keep_their_shape_and_order() -> None:
    log = load_text(event(location="{name: X, zeta: 1, alpha: 2, mid: [a, {b: c}]}"), "f")
    assert problems_of(log) == []
    assert log.events[0].extra == (("location.zeta", "1"), ("location.alpha", "2"), ("location.mid", ["a", {"b": "c"}]))


def test_status_and_qualifier_outside_the_lists_warn() -> None:
    text = (
        "version: 1\nreported_counts:\n  - {as_of: 2024-01-22, count: 151, qualifier: over}\n"
        "events:\n  - {id: e, date: 2024-01-01, type: t, actor: A, status: rumoured}\n"
    )
    log = load_text(text, "f")
    assert problems_of(log) == [
        (3, 48, "warning", "qualifier 'over' is not one of exact, about, at-least, more-than"),
        (5, 58, "warning", "status 'rumoured' is not one of confirmed, claimed, disputed, unverified"),
    ]
    assert log.events[0].status == "rumoured"
    assert log.reported_counts[0].count == 151


def test_reported_counts_are_read_and_sorted() -> None:
    text = (
        "version: 1\nreported_counts:\n"
        "  - {as_of: 2024-01-22, count: 151, qualifier: more-than, source: {title: Article, url: 'https://example.org/a'}}\n"
        "  - {as_of: 2023-11-01, count: 27}\n"
        "  - {as_of: 2023-11-02}\n"
        "events: []\n"
    )
    log = load_text(text, "f")
    assert problems_of(log) == [(5, 5, "error", "reported count skipped: missing count")]
    assert [(r.as_of, r.count, r.qualifier, r.line) for r in log.reported_counts] == [
        (dt.date(2023, 11, 1), 27, "exact", 4),
        (dt.date(2024, 1, 22), 151, "more-than", 3),
    ]
    latest = log.latest_reported()
    assert latest.label() == ">151 as of 2024-01-22"
    assert latest.source.url == "https://example.org/a"


def test_responses_follow_response_actors_else_responds_to() -> None:
    body = (
        "events:\n"
        "  - {id: attack, date: 2024-01-01, type: drone attack, actor: Militia A}\n"
        "  - {id: answer, date: 2024-01-02, type: airstrike, actor: United States, responds_to: attack}\n"
        "  - {id: pre-emptive, date: 2024-01-03, type: airstrike, actor: United States}\n"
    )
    without = load_text("version: 1\n" + body, "f")
    assert problems_of(without) == []
    assert [(e.id, e.is_response) for e in without.events] == [("attack", False), ("answer", True), ("pre-emptive", False)]
    assert without.by_id["answer"].responds_to == ("attack",)  # a single id is a list of one
    with_actors = load_text("version: 1\nresponse_actors: [United States]\n" + body, "f")
    assert problems_of(with_actors) == []
    assert [(e.id, e.is_response) for e in with_actors.events] == [("attack", False), ("answer", True), ("pre-emptive", True)]
    assert with_actors.response_actors == ("United States",)


def test_events_sorted_by_date_then_time_then_line() -> None:
    text = (
        "version: 1\nevents:\n"
        "  - {id: late, date: 2024-01-02, type: t, actor: A}\n"
        "  - {id: evening, date: 2024-01-01, time: '20:00', type: t, actor: A}\n"
        "  - {id: morning, date: 2024-01-01, time: '08:00', type: t, actor: A}\n"
        "  - {id: untimed, date: 2024-01-01, type: t, actor: A}\n"
    )
    assert ids_of(load_text(text, "f")) == ["untimed", "morning", "evening", "late"]


def test_unknown_top_level_key_warns() -> None:
    log = load_text("version: 1\nauthor: me\nevents: []\n", "f")
    assert problems_of(log) == [(2, 1, "warning", "unknown top-level key 'author' is ignored")]


def test_empty_optional_fields_are_absent_not_errors() -> None:
    text = "version: 1\nevents:\n  - {id: e, date: 2024-01-01, type: t, actor: A, location: , casualties: ~, sources: null, target: , weapons: , x: }\n"
    log = load_text(text, "f")
    assert problems_of(log) == []
    only = log.events[0]
    assert (only.location, only.casualties, only.sources, only.target, only.weapons) == (None, Casualties(), (), None, ())
    assert only.extra == (("x", None),)


def test_empty_required_field_is_an_error() -> None:
    log = load_text('version: 1\nevents:\n  - {id: e, date: 2024-01-01, type: "  ", actor: }\n', "f")
    assert problems_of(log) == [
        (3, 5, "error", "event 'e' skipped: its type and actor are unusable"),
        (3, 37, "error", "type is empty"),
        (3, 50, "error", "actor is empty"),
    ]
    assert ids_of(log) == []


def numbers_log(tmp_path) -> str:
    text = (
        "version: 1\nevents:\n"
        "  - id: a\n    date: 2024-01-01\n    type: t\n    actor: x\n    casualties: {killed: 012, injured: [010, 11]}\n"
        "  - id: b\n    date: 2024-01-02\n    type: t\n    actor: x\n    target: !!null \"\"\n    summary: \"null\"\n"
        "    location: {name: X, lat: 0x1F, lon: 1:30}\n"
    )
    path = tmp_path / "numbers.yaml"
    path.write_text(text)
    return path


def test_numbers_the_format_leaves_unsaid(tmp_path) -> None:
    """docs/format.md, "Numbers": a leading zero is decimal (and warned of), hex and sexagesimal are not numbers,
    an explicit !!null is null, a quoted "null" is text. Every route reads it the same."""
    path = numbers_log(tmp_path)
    zero = "has a leading zero: read as {0}, but YAML 1.1 readers take it for an octal number; write {0}"
    expected = [
        (7, 26, "warning", f"casualties killed '012' {zero.format(12)}"),
        (7, 41, "warning", f"casualties injured range '010' {zero.format(10)}"),
        (14, 30, "error", "location lat must be a number, not '0x1F'"),
        (14, 41, "error", "location lon must be a number, not '1:30'"),
    ]
    for log in (load(path), load_text(path.read_text(), str(path))):
        assert problems_of(log) == expected
        a, b = log.events
        assert a.casualties == Casualties(killed=(12, 12), injured=(10, 11))
        assert (b.target, b.summary, b.location) == (None, "null", Location(name="X"))
