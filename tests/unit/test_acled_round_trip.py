"""`sitrep export --format csv` then `sitrep import` gives the same events, for every field the CSV has a column for;
and a damaged export is read without a crash."""

from __future__ import annotations

import datetime as dt
import io
import string
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paths import ACLED
from sitrep.core.model import STATUSES, Casualties, Event, Location, Source, cite_sources
from sitrep.export.writers import CSV_COLUMNS, write_csv
from sitrep.reading.acled import read_acled
from sitrep.reading.acled.rows import EVENT_KEYS, MAPPED

# Any text but NUL (the reader shows it as U+FFFD, with a warning) and surrogates (not text).
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=25)
FORMULA = st.sampled_from(["=1+1", "+x", "-3", "@a", "'=b", "''-c"])
"""Texts a spreadsheet would run: the export makes them inert, the import gives them back."""
ANY_TEXT = st.one_of(TEXT, FORMULA)
# An item of a list the CSV writes as `a; b`: no semicolon, no space at its ends.
ITEM = st.text(string.ascii_letters + string.digits + " -_'\"é→ا,\n", min_size=1, max_size=12).map(str.strip).filter(bool)
FIGURE = st.one_of(st.none(), st.integers(0, 10**6).map(lambda n: (n, n)), st.tuples(st.integers(0, 99), st.integers(0, 99)).map(lambda p: tuple(sorted(p))))
KEY = st.text(string.ascii_lowercase + "_", min_size=1, max_size=10).filter(
    lambda key: key not in EVENT_KEYS and key not in MAPPED and not key.startswith("csv_")
)
# A text kept under a key the format does not know; one starting with [ or { would be read back as JSON.
EXTRA_TEXT = TEXT.filter(lambda text: text[0] not in "[{")
EXTRA = st.one_of(EXTRA_TEXT, st.lists(ITEM, min_size=1, max_size=3))


@st.composite
def events(draw: st.DrawFn) -> Event:
    month_only = draw(st.booleans())
    day = draw(st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31)))
    location = draw(st.one_of(st.none(), st.builds(
        Location, st.one_of(st.none(), TEXT), st.one_of(st.none(), TEXT), st.one_of(st.none(), TEXT),
        st.one_of(st.none(), st.floats(-90, 90)), st.one_of(st.none(), st.floats(-180, 180)),
    ).filter(lambda place: place != Location())))
    titles = draw(st.lists(ITEM, max_size=3))
    urls = draw(st.sampled_from([[None] * len(titles), [f"https://example.org/{n}" for n in range(len(titles))]]))
    responds_to = tuple(draw(st.lists(ITEM, max_size=2)))
    return Event(
        id=draw(ITEM), date=day.replace(day=1) if month_only else day, type=draw(ANY_TEXT.filter(str.strip)),
        actor=draw(ANY_TEXT.filter(str.strip)), line=0, month_only=month_only,
        time=draw(st.one_of(st.none(), st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda hm: f"{hm[0]:02d}:{hm[1]:02d}"))),
        target=draw(st.one_of(st.none(), ANY_TEXT)), location=location, weapons=tuple(draw(st.lists(ITEM, max_size=3))),
        casualties=Casualties(draw(FIGURE), draw(FIGURE)), status=draw(st.one_of(st.none(), st.sampled_from(STATUSES))),
        summary=draw(st.one_of(st.none(), ANY_TEXT)), cited=cite_sources(Source(title, url) for title, url in zip(titles, urls)),
        responds_to=responds_to, tags=tuple(draw(st.lists(ITEM, max_size=3))),
        extra=tuple(draw(st.dictionaries(KEY, EXTRA, max_size=3)).items()),
        is_response=draw(st.booleans()),
    )


def comparable(event: Event) -> Event:
    """What the CSV holds of an event: neither its place in a file nor the order of its extra keys (one column each)."""
    return replace(event, line=0, file="", extra=tuple(sorted(event.extra)))


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(events(), max_size=6, unique_by=lambda event: event.id))
def test_export_then_import_gives_the_same_events(given_events: list[Event]) -> None:
    out = io.StringIO(newline="")
    write_csv(given_events, out)
    log = read_acled(out.getvalue().encode("utf-8"), "export.csv")
    assert log.errors == ()  # warnings only: a responds_to id no generated event has
    back = [comparable(event) for event in sorted(log.events, key=lambda event: event.line)]
    assert back == [comparable(event) for event in given_events]


def test_the_export_has_a_column_for_every_field_it_carries() -> None:
    """The fields the round trip holds are those CSV_COLUMNS name: a new column there needs reading back too."""
    assert set(CSV_COLUMNS) <= MAPPED


FIXTURE_BYTES = [path.read_bytes() for path in sorted(ACLED.glob("*.csv"))]


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    """A fixture with bytes inserted, deleted or cut: quotes, separators, line ends, invalid UTF-8, NUL."""
    data = draw(st.sampled_from(FIXTURE_BYTES))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        how = draw(st.sampled_from(["insert", "delete", "cut"]))
        if how == "insert":
            data = data[:at] + draw(st.sampled_from([b'"', b",", b";", b"\n", b"\r", b"\xff", b"\x00", b"\xef\xbb\xbf", b"9" * 20, b"nan"])) + data[at:]
        elif how == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 40)) :]
        else:
            data = data[:at]
    return data


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_a_damaged_export_never_crashes_and_every_problem_has_a_line(data: bytes) -> None:
    log = read_acled(data, "damaged.csv")
    lines = data.count(b"\n") + data.count(b"\r") + 1
    for problem in log.problems:
        assert 1 <= problem.line <= lines and problem.column == 1, problem
    for event in log.events:
        assert event.id and event.actor.strip() and event.type.strip() and 1 <= event.line <= lines
