"""The fast reader (sitrep.reading.fast) gives exactly what the reference path gives, or declines.

The reference path is the loader as it was: PyYAML composes the whole document (or the pieces of a broken
one) and tui/validate.py reads the nodes. The fast path reads the usual shapes straight from the text and
hands everything else to PyYAML. Both must agree on every event, every problem (line, column, severity,
message) and every header value, on every fixture, on the synthetic logs, and on thousands of mutated
inputs; and every string they hold must be a plain `str`.
"""

from __future__ import annotations

import dataclasses
import random
import subprocess
import sys
from pathlib import Path

import pytest

from paths import HOSTILE, LOAD, QUERY, ROOT, UI

from sitrep.reading.fast import reader
from sitrep.reading.text import decode
from sitrep.reading.reference.compose import compose_document as parse
from sitrep.core.model import EventLog
from sitrep.reading.reference.validate import build_log

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402

FIXTURE_DIRS = (LOAD, UI, QUERY, HOSTILE)
FIXTURES = sorted(
    [path for folder in FIXTURE_DIRS for path in folder.glob("*.y*ml")] + [ROOT / "tui" / "data" / "events.yaml"]
)


def reference(text: str, file: str, problems: list) -> EventLog:
    return build_log(parse(text, file), file, list(problems))


def only_plain_types(value, where: str = "") -> None:
    """No str subclass (Quoted, Flow) or list where the reference has none may leak into the log."""
    if isinstance(value, str):
        assert type(value) is str, f"{where}: {type(value).__name__} {value!r}"
    elif isinstance(value, (tuple, list)):
        for item in value:
            only_plain_types(item, where)
    elif isinstance(value, dict):
        for key, item in value.items():
            only_plain_types(key, where)
            only_plain_types(item, where)
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            only_plain_types(getattr(value, field.name), f"{where}.{field.name}")


def assert_same(fast: EventLog, ref: EventLog) -> None:
    assert fast.problems == ref.problems
    assert fast.events == ref.events
    assert fast == ref
    assert fast.by_id == ref.by_id
    assert all(fast.by_id[key] is event for key, event in fast.by_id.items() for event in [fast.by_id[key]])
    assert [event.line for event in fast.events] == [event.line for event in ref.events]
    for event in fast.events:
        only_plain_types(event, event.id)
        # Extra values may be lists or dicts, exactly as the reference builds them.
    assert [tuple(map(type, (value for _, value in event.extra))) for event in fast.events] == [
        tuple(map(type, (value for _, value in event.extra))) for event in ref.events
    ]


def compare(text: str, file: str = "log.yaml", problems: list | None = None, workers: int = 1) -> EventLog | None:
    problems = problems or []
    fast = reader.load_text(text, file, problems, workers)
    if fast is not None:
        assert_same(fast, reference(text, file, problems))
    return fast


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_fixture_reads_the_same(path: Path) -> None:
    text, problems = decode(path.read_bytes(), str(path))
    compare(text, str(path), problems)


def test_the_usual_shapes_take_the_fast_path() -> None:
    """The bundled log and the fixtures whose problems are all in single events are read without the reference path."""
    for path in (ROOT / "tui" / "data" / "events.yaml", LOAD / "tally.yaml", QUERY / "log.yaml"):
        text, problems = decode(path.read_bytes(), str(path))
        found = reader.read(text, str(path), problems)
        assert found is not None, path
        assert found.slow == 0, path
    text, problems = decode((LOAD / "wrong_types.yaml").read_bytes(), "wrong_types.yaml")
    found = reader.read(text, "wrong_types.yaml", problems)
    assert found is not None and found.slow > 0  # the events with problems went to PyYAML, the file did not


def test_synthetic_10k_log_reads_the_same() -> None:
    text = generate(10_000)
    found = reader.read(text, "synthetic.yaml", [])
    assert found is not None and found.slow == 0
    assert_same(found.log("synthetic.yaml"), reference(text, "synthetic.yaml", []))


def test_parallel_reading_gives_the_same_log() -> None:
    text = generate(3_000)
    serial = reader.load_text(text, "p.yaml", [], workers=1)
    assert serial is not None
    for workers in (2, 3):
        parallel = reader.load_text(text, "p.yaml", [], workers=workers)
        assert parallel is not None
        assert_same(parallel, serial)


def test_parallel_reading_keeps_problems_in_file_order() -> None:
    lines = generate(400).split("\n")
    for i in range(len(lines)):
        if i % 97 == 0 and lines[i].startswith("    status:"):
            lines[i] = "    status: maybe"
        if i % 89 == 0 and lines[i].startswith("    date:"):
            lines[i] = "    date: 2024-13-01"
    text = "\n".join(lines)
    serial = compare(text)
    assert serial is not None and serial.problems
    assert_same(reader.load_text(text, "log.yaml", [], workers=3), serial)


SHAPES = """version: 1
title: Shapes
response_actors: [United States]
events:
  - id: block-lists
    date: 2024-01-02
    type: drone attack
    actor: Militia
    weapons:
      - rocket
      - "one-way drone"
    tags:
    - indentless
    sources:
      - title: A block mapping source
        url: https://example.org/a
      - https://example.org/b
      - {title: 'single quoted', url: "https://example.org/c"}
    casualties:
      killed: 1
      injured: [2, 4]
    location:
      name: Somewhere
      lat: -33.5
      lon: 151
  - id: comments   # a comment
    date: 2024-01  # month only
    time: "23:59"
    utc_offset: "+03:00"
    type: 'rocket attack'
    actor: "Militia"
    target: ~
    summary: 'It''s quoted' # trailing
    note: {nested: [a, b], n: 5}
    responds_to: block-lists
    location: Just a name
  - id: strike
    date: 2024-01-03
    type: airstrike
    actor: United States
    responds_to: [block-lists, comments]
    sources: https://example.org/d
    extra_list: [x, ~, "y"]
    status: claimed
    casualties: {}
    location: {}
"""


def test_other_shapes_of_the_format_read_the_same() -> None:
    found = reader.read(SHAPES, "shapes.yaml", [])
    assert found is not None
    assert_same(found.log("shapes.yaml"), reference(SHAPES, "shapes.yaml", []))


# Mutations: thousands of small edits of valid logs, each read both ways.

INSERTS = list(" -:#\"'{}[],&*!|>?%@~\\\t\n") + ["yes", "no", "null", "0", "-1", "1e3", "0x1F", "<<", ": ", "- ", "  ", "\u2028", "\ufeff", "é"]


def mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(6)
        i = rng.randrange(len(lines))
        line = lines[i]
        if kind == 0 and line:  # insert a character or word
            at = rng.randrange(len(line) + 1)
            lines[i] = line[:at] + rng.choice(INSERTS) + line[at:]
        elif kind == 1 and line:  # delete a character
            at = rng.randrange(len(line))
            lines[i] = line[:at] + line[at + 1 :]
        elif kind == 2:  # re-indent
            stripped = line.lstrip(" ")
            lines[i] = " " * rng.choice((0, 1, 2, 3, 4, 5, 6, 8)) + stripped
        elif kind == 3:  # duplicate a line
            lines.insert(i, line)
        elif kind == 4:  # drop a line
            del lines[i]
            if not lines:
                lines = [""]
        else:  # replace a value
            key, colon, _ = line.partition(":")
            if colon:
                lines[i] = key + ": " + rng.choice(["", "~", "yes", "NO", "12", "-5", "[1, 3]", "[3, 1]", "{a: b}", '"x"', "'y'", "&a x", "*a", "!!str x", "2024-02-30", "2024-01", "25:00", "x #c", "a: b", "|", ">-"])
    return "\n".join(lines)


SEEDS = [SHAPES, generate(6, seed=3)] + [
    (LOAD / name).read_text() for name in ("tally.yaml", "extra_keys.yaml", "wrong_types.yaml", "anchors_merge.yaml")
]


@pytest.mark.parametrize("seed", range(12))
def test_mutated_logs_read_the_same(seed: int) -> None:
    rng = random.Random(seed)
    taken = 0
    for case in range(150):
        text = mutate(rng.choice(SEEDS), rng)
        text, problems = decode(text.encode("utf-8"), "m.yaml")
        if compare(text, "m.yaml", problems) is not None:
            taken += 1
    assert taken > 30  # most mutations keep the file readable by the fast path


def split_cases() -> list[str]:
    rng = random.Random(5)
    cases = [path.read_text(errors="replace") for path in FIXTURES]
    cases += [mutate(rng.choice(SEEDS), rng) for _ in range(600)]
    cases += [
        "events:\n  -\n  - id: a\n",
        "events:\n-\n- id: a\n- id: b\nversion: 1\n",
        "events:\n  - id: a\n\t- id: b\n  - id: c\n",
        "events:\n  - id: a\n<<<<<<< HEAD\n  - id: b\n=======\n  - id: c\n>>>>>>> x\n",
        "version: 1\nevents:   # the list\n\n  # first\n  - id: a\n  -\tid: b\n  -x\ntitle: t\n",
    ]
    return cases


def test_split_cuts_where_split_events_cuts() -> None:
    from sitrep.reading.reference.compose import split_events

    for text in split_cases():
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        try:
            split = reader.Split(text)
        except reader.ReferencePath:
            continue
        found = split_events(text.split("\n"))
        assert found is not None, text
        key_line, end, starts = found
        assert split.key_line == key_line
        assert [text.count("\n", 0, start) for start in split.starts] == starts, text
        assert (text.count("\n", 0, split.end) if split.end < len(text) else len(text.split("\n"))) == end, text


@pytest.mark.parametrize("count", [40, 3000])
def test_a_long_flow_list_with_spaces_before_its_commas_reads_in_linear_time(tmp_path: Path, count: int) -> None:
    """`w ,` items then one the fast pattern refuses: a backtracking pattern took 1 s at 22 items and doubled
    with each one more. The child's time-out is the hang guard, not a speed test."""
    path = tmp_path / "flow.yaml"
    items = "w , " * count
    path.write_text(f'version: 1\nevents:\n  - id: a\n    date: 2024-01-01\n    type: t\n    actor: x\n    tags: [{items}"q\\"z"]\n')
    script = "import sys; from sitrep.reading import load; print(len(load(sys.argv[1]).events[0].tags))"
    done = subprocess.run([sys.executable, "-c", script, str(path)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout == f"{count + 1}\n", done.stderr


@pytest.mark.parametrize(
    "text",
    [
        "%TAG ! tag:yaml.org,2002:\n---\nversion: 1\nevents:\n  - {id: a, date: 2024-01-01, type: !str x, actor: y}\n",
        "%TAG !! tag:example.com,2000:\n---\nversion: 1\nevents:\n  - {id: a, date: 2024-01-01, type: x, actor: y, target: !!str z}\n",
    ],
    ids=["local-tag-means-str", "str-means-another-tag"],
)
def test_a_document_with_directives_is_read_the_reference_way(text: str) -> None:
    text, problems = decode(text.encode(), "f.yaml")
    assert reader.load_text(text, "f.yaml", list(problems)) is None
    ref = reference(text, "f.yaml", problems)
    assert [(e.id, e.type, e.target) for e in ref.events] == [("a", "x", None)]


def test_an_event_whose_dash_line_holds_only_a_comment_has_its_first_keys_line() -> None:
    text = (
        "version: 1\nevents:\n"
        "  - # first note\n    id: a\n    date: 2024-01-01\n    type: t\n    actor: x\n    responds_to: [nope]\n"
        "  -\n    id: a\n    date: 2024-01-02\n    type: t\n    actor: y\n"
    )
    text, problems = decode(text.encode(), "f.yaml")
    fast = reader.load_text(text, "f.yaml", list(problems))
    assert_same(fast, reference(text, "f.yaml", list(problems)))
    assert [e.line for e in fast.events] == [4, 10]
    assert [(p.line, p.message) for p in fast.problems] == [
        (4, "event 'a' responds_to unknown id 'nope'"), (10, "duplicate id 'a' (first at line 4)"),
    ]
