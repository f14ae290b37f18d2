"""Property tests (Hypothesis): random logs, valid and mutated, through the loader, `sitrep check`, the query
language and the exporters; and a byte-level fuzz of decode + parse + build_log.

CI runs a small budget (the whole file in well under 20 s on two cores). For a long campaign, set
SITREP_FUZZ_EXAMPLES to the number of examples per test, for example:

    SITREP_FUZZ_EXAMPLES=20000 pytest tests/unit/test_fuzz.py -x

(about 20 minutes on two cores; 20,000 examples per test ran clean on 2026-11-25). A failure prints the smallest input Hypothesis found, with
`@reproduce_failure(...)` to replay it. No example database is written, so the repository stays clean.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import os
import string
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from sitrep.cli import main
from sitrep.export.writers import FORMATS, FORMULA_STARTS, uninert, write
from sitrep.reading.text import decode
from sitrep.reading.reference import load_text
from sitrep.reading.reference.compose import compose_document as parse
from sitrep.core.model import STATUSES, EventLog
from sitrep.ask.query import FIELDS, QueryError
from sitrep.ask.query import parse_query
from sitrep.reading.reference.validate import build_log

LONG_CAMPAIGN = int(os.environ.get("SITREP_FUZZ_EXAMPLES", "0"))
CONTROL = {chr(code) for code in (*range(0x00, 0x20), *range(0x7F, 0xA0))}


def budget(examples: int) -> settings:
    """`examples` in CI, SITREP_FUZZ_EXAMPLES in a long campaign; no deadline (CI machines stall), no database."""
    return settings(
        max_examples=LONG_CAMPAIGN or examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


# Random logs.

# Any text YAML can carry once escaped; not U+0085/U+2028/U+2029, which the loader reads as spaces on purpose.
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x85\u2028\u2029"), max_size=30)
WORD = st.text(string.ascii_letters + string.digits + " -_'\"[]@:#&*!|>%é→ا", min_size=1, max_size=20)
NON_BLANK = st.one_of(WORD, TEXT).filter(lambda text: text.strip() != "")
DATES = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))
FIGURE = st.one_of(st.integers(0, 10**6), st.tuples(st.integers(0, 1000), st.integers(0, 1000)).map(lambda pair: sorted(pair)))
PLAIN = st.recursive(
    st.one_of(TEXT, st.integers(-10**9, 10**9), st.booleans(), st.none()),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(WORD, inner, max_size=3)),
    max_leaves=8,
)
EXTRA_KEY = WORD.filter(lambda key: key not in EVENT_KEYS_SET and key != "<<")
EVENT_KEYS_SET = {
    "id", "date", "time", "utc_offset", "type", "actor", "target", "location", "weapons",
    "casualties", "status", "summary", "sources", "responds_to", "tags",
}


@st.composite
def events(draw: st.DrawFn) -> dict[str, Any]:
    event: dict[str, Any] = {
        "id": draw(NON_BLANK),
        "date": draw(st.one_of(DATES, DATES.map(lambda day: day.strftime("%Y-%m")))),
        "type": draw(NON_BLANK),
        "actor": draw(NON_BLANK),
    }
    optional = {
        "time": st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda hm: f"{hm[0]:02d}:{hm[1]:02d}"),
        "utc_offset": st.tuples(st.sampled_from("+-"), st.integers(0, 14), st.integers(0, 59)).map(lambda o: f"{o[0]}{o[1]:02d}:{o[2]:02d}"),
        "target": TEXT,
        "location": st.fixed_dictionaries(
            {}, optional={"name": TEXT, "admin1": TEXT, "country": TEXT, "lat": st.floats(-90, 90), "lon": st.floats(-180, 180)}
        ),
        "weapons": st.lists(TEXT, max_size=3),
        "casualties": st.fixed_dictionaries({}, optional={"killed": FIGURE, "injured": FIGURE}),
        "status": st.sampled_from(STATUSES),
        "summary": TEXT,
        "sources": st.lists(st.fixed_dictionaries({"title": NON_BLANK}, optional={"url": TEXT, "published": TEXT}), max_size=2),
        "responds_to": st.lists(WORD, max_size=2),
        "tags": st.lists(WORD, max_size=3),
    }
    for key in draw(st.lists(st.sampled_from(sorted(optional)), unique=True, max_size=len(optional))):
        event[key] = draw(optional[key])
    for key in draw(st.lists(EXTRA_KEY, unique=True, max_size=2)):
        event[key] = draw(PLAIN)
    return event


WRONG = st.sampled_from([["a", "list"], {"a": "mapping"}])


@st.composite
def mutated(draw: st.DrawFn, event: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The event with a required key dropped, or a field of the wrong type; and whether it stays loadable."""
    event = dict(event)
    how = draw(st.sampled_from(["drop", "wrong-required", "wrong-optional", "none"]))
    if how == "drop":
        del event[draw(st.sampled_from(["id", "date", "type", "actor"]))]
        return event, False
    if how == "wrong-required":
        event[draw(st.sampled_from(["id", "date", "type", "actor"]))] = draw(WRONG)
        return event, False
    if how == "wrong-optional":
        event[draw(st.sampled_from(["weapons", "casualties", "location", "time", "sources", "tags"]))] = draw(st.one_of(WRONG, st.just("text")))
        return event, True  # a bad optional field is dropped, the event kept
    return event, True


class NoAliases(yaml.SafeDumper):
    """Shared values written out each time: while a broken file is read event by event, an event cannot use an
    anchor from another one (docs/format.md, "Recovery"), and the tests of broken tails count on every event."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


@st.composite
def logs(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A log as YAML text, and the ids (stripped) of the events that must load from it."""
    pairs = [draw(mutated(event)) for event in draw(st.lists(events(), max_size=5))]
    document: dict[str, Any] = {"version": 1}
    if draw(st.booleans()):
        document["title"] = draw(TEXT)
    if draw(st.booleans()):
        document["response_actors"] = draw(st.lists(WORD, max_size=2))
    document["events"] = [event for event, _ in pairs]
    text = yaml.dump(
        document, Dumper=NoAliases, allow_unicode=draw(st.booleans()), sort_keys=False,
        default_flow_style=draw(st.sampled_from([False, None, True])), width=draw(st.sampled_from([40, 80, 10**6])),
    )
    return text, [event["id"].strip() for event, valid in pairs if valid]


PUNCTUATION = st.sampled_from(list("[]{}:,-&*!|>'\"%@`#?\n\t\\ ") + ["---", "...", "<<: ", "<<<<<<< HEAD\n", "=======\n", ">>>>>>> x\n", "!!python/object:x ", "\ufeff", "\x00", "\x1b"])


@st.composite
def text_mutation(draw: st.DrawFn, text: str) -> str:
    """Random YAML punctuation or any unicode inserted, a slice deleted, or the text cut short."""
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        how = draw(st.sampled_from(["punctuation", "unicode", "delete", "truncate"]))
        if how == "punctuation":
            text = text[:at] + draw(PUNCTUATION) + text[at:]
        elif how == "unicode":
            text = text[:at] + draw(st.text(max_size=5)) + text[at:]
        elif how == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
        else:
            text = text[:at]
    return text


def assert_sound(log: EventLog, text: str) -> None:
    lines = text.count("\n") + text.count("\r") + 2
    for problem in log.problems:
        assert 1 <= problem.line <= lines, problem
        assert problem.column >= 1, problem
        assert problem.severity in ("error", "warning")
        assert not set(problem.message) & CONTROL, problem  # one line, nothing for a terminal to act on
        assert len(problem.message) < 400, problem
    for event in log.events:
        assert event.line >= 1 and event.id.strip() == event.id and event.id


def check_exit_code(text: str | bytes) -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.yaml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["check", str(path)])
        assert "Traceback" not in err.getvalue()
        assert not set(out.getvalue()) & (CONTROL - {"\n"})
        return code


@budget(150)
@given(logs())
def test_valid_events_of_a_random_log_all_load(case: tuple[str, list[str]]) -> None:
    text, ids = case
    log = load_text(text, "f.yaml")
    assert_sound(log, text)
    assert Counter(event.id for event in log.events) == Counter(ids)
    assert check_exit_code(text) == (1 if log.errors else 0)


@budget(250)
@given(logs().flatmap(lambda case: text_mutation(case[0])))
def test_mutated_text_never_breaks_the_loader(text: str) -> None:
    log = load_text(text, "f.yaml")
    assert_sound(log, text)
    assert check_exit_code(text) in (0, 1)


@budget(100)
@given(logs(), st.data())
def test_mutations_after_the_events_list_keep_the_events(case: tuple[str, list[str]], data: st.DataObject) -> None:
    """A broken tail (a truncated or garbled last item) costs nothing but itself."""
    text, ids = case
    assume(ids and text.startswith("version: 1\n") and "\nevents:\n- " in text)
    tail = data.draw(st.sampled_from(["- id: [unclosed\n", "- {id: x, date:\n", "- 'open\n", "\t- tab\n"]))
    log = load_text(text + tail, "f.yaml")
    assert_sound(log, text + tail)
    lost = Counter(ids) - Counter(event.id for event in log.events)
    if tail.startswith("\t"):  # a tab-indented line belongs to the item above it, and breaks that one
        assert sum(lost.values()) <= 1
    else:
        assert not lost
    assert log.errors


# The query language.

QUERY_TOKENS = st.sampled_from(
    [*FIELDS, ":", "=", ">", ">=", "<", "<=", "-", '"', " ", "?", "unknown", "2024-01-20", "2024-01", "2024-W03", "0",
     "999999999999", "drone", "attack", "response", "coords", "\t", "\x1b", "é", "→", "(", ")", "OR", " OR ", ",", "|"]
)
QUERIES = st.one_of(st.text(max_size=40), st.lists(QUERY_TOKENS, max_size=12).map("".join))


@budget(1000)
@given(QUERIES)
def test_query_parse_raises_only_query_error_with_a_span(text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError as error:
        assert 0 <= error.start <= error.end <= len(text), (error.start, error.end, len(text))
        assert error.message
        return
    # What was read can be written back and read again to the same terms.
    again = parse_query(str(query))
    assert again == query, (str(query), str(again))


@budget(100)
@given(logs(), QUERIES)
def test_a_query_filters_any_log_without_raising(case: tuple[str, list[str]], text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError:
        return
    log = load_text(case[0], "f.yaml")
    kept = query.filter(log.events)
    assert set(map(id, kept)) <= set(map(id, log.events))


# The exporters.


@budget(120)
@given(st.one_of(logs().map(lambda case: case[0]), logs().flatmap(lambda case: text_mutation(case[0]))))
@example("version: 1\nevents:\n- id: '''@'\n  date: 2000-01-01\n  type: '0'\n  actor: '0'\n")  # found by CI, 2026-12-07
def test_every_exporter_writes_what_reads_back(text: str) -> None:
    log = load_text(text, "f.yaml")
    events = log.events
    for format in FORMATS:
        stream = io.StringIO()
        write(events, stream, format)
        out = stream.getvalue()
        if format == "csv":
            rows = list(csv.DictReader(io.StringIO(out, newline="")))
            ids = [row["event_id_cnty"] for row in rows]
            # A cell that a spreadsheet would run as a formula gets a leading quote, which `sitrep import` takes off
            # again: so does an id whose own leading quotes come before a formula's sign ('@ is written ''@).
            assert not [cell for cell in ids if cell.startswith(FORMULA_STARTS)]
            assert [uninert(cell) for cell in ids] == [e.id for e in events]
        elif format == "json":
            items = json.loads(out)
            assert [item["id"] for item in items] == [event.id for event in events]
            assert [item["summary"] for item in items] == [event.summary for event in events]
            assert [list(item["extra"]) for item in items] == [[key for key, _ in event.extra] for event in events]
        elif format == "geojson":
            assert json.loads(out)["type"] == "FeatureCollection"
        else:
            assert out.count("\n| ") + out.startswith("| ") >= len(events) + 2


# Bytes.

SEED = (
    "version: 1\ntitle: Seed\nresponse_actors: [United States]\nreported_counts:\n"
    "  - {as_of: 2024-01-22, count: 151, qualifier: more-than}\nevents:\n"
    "  - id: a\n    date: 2024-01-20\n    time: \"18:30\"\n    type: drone attack\n    actor: Militia\n"
    "    location: {name: Base, country: NO, lat: 33.8, lon: 42.4}\n    casualties: {killed: 0, injured: [2, 4]}\n"
    "    sources: [{title: T, url: \"https://example.org\"}]\n    base: &b {k: [1, 2]}\n"
    "  - {id: b, date: 2024-01, type: airstrike, actor: United States, responds_to: [a], x: *b, <<: {tags: [t]}}\n"
).encode()


def load_bytes(data: bytes) -> EventLog:
    text, problems = decode(data, "f.yaml")
    log = build_log(parse(text, "f.yaml"), "f.yaml", problems)
    assert_sound(log, text)
    return log


@budget(500)
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    load_bytes(data)


@budget(500)
@given(st.lists(st.tuples(st.integers(0, len(SEED)), st.binary(max_size=4), st.integers(0, 8)), min_size=1, max_size=6))
def test_seed_log_with_bytes_flipped_inserted_or_cut(edits: list[tuple[int, bytes, int]]) -> None:
    data = SEED
    for at, insert, delete in edits:
        data = data[:at] + insert + data[at + delete :]
    load_bytes(data)


@budget(100)
@given(st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]), st.binary(max_size=300))
def test_byte_order_marks_with_anything_after_them(bom: bytes, data: bytes) -> None:
    load_bytes(bom + data)
    assert check_exit_code(bom + data) in (0, 1)
