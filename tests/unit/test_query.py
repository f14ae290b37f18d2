"""The filter language: every operator, every error (message and span), chips, round trips, the cached texts."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from sitrep.ask import texts as texts_module
from sitrep.reading import load
from sitrep.ask.query import Query, QueryError, group_term, parse_query
from sitrep.ask.texts import CACHE, fields_of
from sitrep.ask.tally import dimensions_for, keys_for, tally
from paths import ROOT, LOAD, QUERY

LOG = load(QUERY / "log.yaml")
# In date order: a1 r1 m1 a2 a3 r2 a4 r3 r4 (m1 is dated 2024-01, month only, so it sorts as 1 January).


def ids(text: str) -> list[str]:
    return [event.id for event in parse_query(text).filter(LOG.events)]


def test_fixture_loads_clean_in_date_order() -> None:
    assert LOG.problems == ()
    assert [event.id for event in LOG.events] == ["a1", "r1", "m1", "a2", "a3", "r2", "a4", "r3", "r4"]


def test_empty_query_matches_everything() -> None:
    assert parse_query("") == Query()
    assert len(ids("   ")) == 9


# Text fields: ':' contains, '=' equals; case and runs of spaces do not matter.


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type:drone", ["a1", "a3", "a4", "r4"]),
        ("type:DRONE", ["a1", "a3", "a4", "r4"]),
        ("TYPE:drone", ["a1", "a3", "a4", "r4"]),
        ("type=airstrike", ["r1", "r2", "r3"]),
        ("type=attack", []),
        ("actor:kataib", ["a1"]),
        ('actor="islamic resistance in iraq"', ["a2", "a3", "a4"]),
        ('target:"kataib hezbollah"', ["r1", "r2", "r4"]),
        ('target="Kataib Hezbollah"', ["r2"]),
        ("country:iraq", ["a1", "r1", "a2", "a3", "r2", "r3"]),
        ("country=syria", ["m1"]),
        ("place:anbar", ["a2", "a3", "r3"]),
        ('place:"ain   AL-asad"', ["a2", "a3"]),
        ("place=erbil", ["a1"]),
        ("place=jordan", ["a4"]),
        ("weapon:drone", ["a1", "a3", "a4"]),
        ("weapon=rocket", ["a2"]),
        ("weapon=missile", []),
        ("tag:tower-22", ["a4", "r3"]),
        ("tag=tower-22", ["a4"]),
        ("status:confirmed", ["a1", "a2", "r3"]),
        ("status=disputed", ["r1"]),
        ("id:a", ["a1", "a2", "a3", "a4"]),
        ("id=r1", ["r1"]),
        ("source:centcom", ["a1", "a2"]),
        ("source:example.org/austin", ["r1"]),
        ("source=reuters", ["r1"]),
        ("responds:a", ["r1", "r2", "r3", "r4"]),
        ("responds=r2", ["a4"]),
        ("responds=a", []),
    ],
)
def test_text_fields(query: str, expected: list[str]) -> None:
    assert ids(query) == expected


def test_text_does_not_match_across_two_values() -> None:
    # a1's weapons are one list item; a2 has two, `ballistic missile` and `rocket`.
    assert ids('weapon:"missile rocket"') == []
    assert ids('place:"base erbil"') == []


# Casualty figures. killed: a1 0, r1 [1, 7], m1 ?, a2 ?, a3 0, r2 [0, 2], a4 3, r3 16, r4 ?.


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("killed>0", ["r1", "r2", "a4", "r3"]),
        ("killed>2", ["r1", "a4", "r3"]),
        ("killed>=2", ["r1", "r2", "a4", "r3"]),
        ("killed<1", ["a1", "a3", "r2"]),
        ("killed<=1", ["a1", "r1", "a3", "r2"]),
        ("killed=0", ["a1", "a3", "r2"]),
        ("killed=3", ["r1", "a4"]),
        ("killed:2", ["r1", "r2"]),
        ("killed>16", []),
        ("killed:?", ["m1", "a2", "r4"]),
        ("killed:unknown", ["m1", "a2", "r4"]),
        ("killed:UNKNOWN", ["m1", "a2", "r4"]),
        ("-killed>0", ["a1", "m1", "a2", "a3", "r4"]),
        ("injured>0", ["a1", "r1", "a2", "a4", "r3"]),
        ("injured>=24", ["r1", "a4", "r3"]),
        ("injured<4", ["a1"]),
        ("injured:?", ["m1", "a3", "r2", "r4"]),
    ],
)
def test_figures(query: str, expected: list[str]) -> None:
    assert ids(query) == expected


# Dates: after inclusive, before exclusive; a month-only date (m1, 2024-01) matches only when its whole month does.


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("after:2024-01-01", ["m1", "a2", "a3", "r2", "a4", "r3", "r4"]),
        ("after:2024-01", ["m1", "a2", "a3", "r2", "a4", "r3", "r4"]),
        ("after:2024-01-02", ["a2", "a3", "r2", "a4", "r3", "r4"]),
        ("after:2024-01-23", ["a3", "r2", "a4", "r3", "r4"]),
        ("before:2024-01-23", ["a1", "r1", "a2"]),
        ("before:2024-02-01", ["a1", "r1", "m1", "a2", "a3", "r2", "a4"]),
        ("before:2024-02", ["a1", "r1", "m1", "a2", "a3", "r2", "a4"]),
        ("before:2024-01-31", ["a1", "r1", "a2", "a3", "r2", "a4"]),
        ("after:2024-01-01 before:2024-02-01", ["m1", "a2", "a3", "r2", "a4"]),
        ("on:2024-01-23", ["a3"]),
        ("on:2024-01-01", []),
        ("month:2024-01", ["m1", "a2", "a3", "r2", "a4"]),
        ("month:2023-12", ["a1", "r1"]),
        ("week:2024-W04", ["a3", "r2", "a4"]),
        ("week:2024-w01", []),
    ],
)
def test_dates(query: str, expected: list[str]) -> None:
    assert ids(query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind:attack", ["a1", "m1", "a2", "a3", "a4"]),
        ("kind:response", ["r1", "r2", "r3", "r4"]),
        ("kind:Response", ["r1", "r2", "r3", "r4"]),
        ("-kind:response", ["a1", "m1", "a2", "a3", "a4"]),
        ("has:sources", ["a1", "r1", "a2"]),
        ("has:coords", ["a1", "r1", "a4"]),
        ("has:casualties", ["a1", "r1", "a2", "a3", "r2", "a4", "r3"]),
        ("-has:casualties", ["m1", "r4"]),
        ("has:target", ["a1", "r1", "a2", "a3", "r2", "a4", "r3", "r4"]),
        ("has:weapons", ["a1", "a2", "a3", "a4"]),
        ("has:country", ["a1", "r1", "m1", "a2", "a3", "r2", "a4", "r3"]),
        ("-has:day", ["m1"]),
    ],
)
def test_kind_and_has(query: str, expected: list[str]) -> None:
    assert ids(query) == expected


def test_kind_follows_the_logs_rule() -> None:
    # a4 answers r2 (responds_to) but its actor is not a response actor: the log calls it an attack.
    a4 = LOG.by_id["a4"]
    assert a4.responds_to == ("r2",) and not a4.is_response
    assert "a4" in ids("kind:attack")


# Free text: every text of the event, summary, sources and unknown keys included.


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("critically", ["a1"]),  # the value of an unknown key (note)
        ("revenge", ["a4"]),  # inside a nested unknown value
        ("example.org/austin", ["r1"]),  # a source URL
        ("2023-12-26", ["a1", "r1"]),  # a1's source was published that day; r1 is dated it
        ("05:45", ["a1"]),
        ("الشدادي", ["m1"]),
        ("ain al-asad", ["a2", "a3"]),  # two words, both anywhere
        ('"one-way attack drone"', ["a1", "a3", "a4"]),
        ('"ERBIL air   base"', ["a1"]),
        ("kataib -erbil", ["r1", "r2", "r4"]),
        ('-"air base"', ["r1", "m1", "r2", "a4", "r3", "r4"]),
        ('"kataib hezbollah us forces"', []),  # a1's actor then target: fields are not one text
    ],
)
def test_free_text(query: str, expected: list[str]) -> None:
    assert ids(query) == expected


def test_terms_combine_with_and() -> None:
    assert ids('type:drone place:"ain al-asad" month:2024-01') == ["a3"]
    assert ids("kind:attack injured>0 -tag:tower-22") == ["a1", "a2"]


# Chips and round trips.


def test_labels_for_chips() -> None:
    query = parse_query('actor:"Kataib Hezbollah" -tag:yemen killed>0 killed:? injured:UNKNOWN "one way" -erbil type=airstrike')
    assert [term.label for term in query.terms] == [
        "actor: Kataib Hezbollah",
        "-tag: yemen",
        "killed > 0",
        "killed: unknown",
        "injured: unknown",
        '"one way"',
        '-"erbil"',
        "type = airstrike",
    ]


def test_without_removes_one_chip() -> None:
    query = parse_query('type:drone -tag:yemen killed>0 "one way"')
    assert str(query.without(1)) == 'type:drone killed>0 "one way"'
    assert str(query.without(0).without(0)) == 'killed>0 "one way"'
    assert ids(str(parse_query("type:drone killed>0").without(1))) == ids("type:drone")


@pytest.mark.parametrize(
    "text",
    [
        'type:drone country:iraq after:2024-01-01 before:2024-02-01 injured>0 actor:"Kataib Hezbollah" -tag:yemen',
        'killed:? -injured<=3 killed>=2 on:2024-01-20 month:2024-01 week:2024-W04 kind:response has:coords',
        'erbil "air base" -"drone" "-1" "actor:x" "http://example.org" responds:r2 source=reuters',
        r'actor:"say \"hi\"" target:"back\\slash" place:a\b "\"quoted\""',
        "tag:-leading-dash",
    ],
)
def test_str_round_trips(text: str) -> None:
    query = parse_query(text)
    again = parse_query(str(query))
    assert again == query
    assert str(again) == str(query)
    assert [event.id for event in again.filter(LOG.events)] == [event.id for event in query.filter(LOG.events)]


def test_str_is_canonical() -> None:
    assert str(parse_query('  TYPE:drone   actor:"Kataib"  -"a b" place:"x" ')) == 'type:drone actor:Kataib -"a b" place:x'


def test_quotes_and_escapes() -> None:
    (term,) = parse_query(r'actor:"say \"hi\" \\ \n"').terms
    assert term.value == r'say "hi" \ \n'
    assert str(term) == r'actor:"say \"hi\" \\ \\n"'  # a backslash is always escaped inside quotes
    (bare,) = parse_query(r"place:a\b").terms
    assert bare.value == r"a\b"


# Errors: a specific message and the span of the bad part.


@pytest.mark.parametrize(
    ("text", "message", "span"),
    [
        ("actr:x", "unknown field 'actr': did you mean actor?", (0, 4)),
        ("type:drone plase:\"ain al-asad\"", "unknown field 'plase': did you mean place?", (11, 16)),
        ("-Kil:3", "unknown field 'Kil': did you mean killed?", (1, 4)),
        (
            "http://example.org",
            "unknown field 'http' (fields: actor, actor-group, admin1, after, before, country, has, id, injured, is, killed, kind, "
            "location, month, on, place, responds, source, status, tag, target, target-group, type, type-group, weapon, "
            "weapon-group, week); to search for text with ':' in it, quote it",
            (0, 4),
        ),
        ("after:2024-13-01", "bad date '2024-13-01' for after: there is no such day", (6, 16)),
        ("before:2024-02-30", "bad date '2024-02-30' for before: there is no such day", (7, 17)),
        ("after:jan", "bad date 'jan' for after: expected YYYY-MM-DD or YYYY-MM", (6, 9)),
        ("on:2024-01", "bad date '2024-01' for on: expected YYYY-MM-DD", (3, 10)),
        ("month:2024-1", "bad date '2024-1' for month: expected YYYY-MM", (6, 12)),
        ("month:2024-13", "bad date '2024-13' for month: there is no such month", (6, 13)),
        ('month:"2024 01"', "bad date '2024 01' for month: expected YYYY-MM", (6, 15)),
        ("week:2024-W60", "bad week '2024-W60' for week: expected YYYY-Www, as in week:2024-W03", (5, 13)),
        ("week:2024-04", "bad week '2024-04' for week: expected YYYY-Www, as in week:2024-W03", (5, 12)),
        ("killed>x", "bad number 'x' for killed: expected a whole number", (7, 8)),
        ("injured>=-1", "bad number '-1' for injured: expected a whole number", (9, 11)),
        ("killed=?", "bad number '?' for killed: expected a whole number", (7, 8)),
        ("killed:many", "bad number 'many' for killed: expected a whole number, ? or unknown", (7, 11)),
        ("killed>1234567890", "bad number '1234567890' for killed: expected a whole number", (7, 17)),
        ("type:drone actor:", "empty value: write actor:VALUE", (11, 17)),
        ('actor:""', "empty value: write actor:VALUE", (0, 8)),
        ('killed>"  "', "empty value: write killed>VALUE", (0, 11)),
        ('x ""', "empty search phrase", (2, 4)),
        ('-"  "', "empty search phrase", (0, 5)),
        ('actor:"Kataib', 'unterminated quote: add the closing "', (6, 13)),
        ('"one way', 'unterminated quote: add the closing "', (0, 8)),
        ('actor:"x\\"', 'unterminated quote: add the closing "', (6, 10)),
        ('actor:"x"y z', "a space must follow the closing quote", (9, 10)),
        ('"a"bc', "a space must follow the closing quote", (3, 5)),
        ('ab"c', "a quote can only open a value: put the whole value in quotes", (2, 3)),
        ('actor:Kataib"', "a quote can only open a value: put the whole value in quotes", (12, 13)),
        ("- tag:x", "'-' must be followed by the term to exclude, with no space between", (0, 1)),
        ("tag:x -", "'-' must be followed by the term to exclude, with no space between", (6, 7)),
        ("kind:strike", "unknown kind 'strike': use kind:attack or kind:response", (5, 11)),
        ("kind:attacks", "unknown kind 'attacks': use kind:attack or kind:response", (5, 12)),
        ("has:map", "unknown has 'map': use one of sources, coords, casualties, target, weapons, country, location, admin1, status, day", (4, 7)),
        ("type>3", "type is text: write type:VALUE (contains) or type=VALUE (equals)", (4, 5)),
        ("actor<=x", "actor is text: write actor:VALUE (contains) or actor=VALUE (equals)", (5, 7)),
        ("after>2024-01-01", "after takes ':', as in after:2024-01-01", (5, 6)),
        ("before=2024-02-01", "before takes ':', as in before:2024-02-01", (6, 7)),
        ("month>=2024-01", "month takes ':', as in month:2024-01", (5, 7)),
        ("kind=attack", "kind takes ':', as in kind:attack", (4, 5)),
        ("has>sources", "has takes ':', as in has:sources", (3, 4)),
    ],
)
def test_errors(text: str, message: str, span: tuple[int, int]) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    assert (caught.value.message, (caught.value.start, caught.value.end)) == (message, span)
    assert str(caught.value) == message


# The texts free text looks in, built once per event.


def test_texts_are_lower_cased_and_cached() -> None:
    a1 = LOG.by_id["a1"]
    text = fields_of(a1)["text"]
    assert "kataib hezbollah" in text and "critically" in text and "https://example.org/centcom-erbil" in text
    assert text == text.casefold()
    assert fields_of(a1)["text"] is text


def test_cache_follows_the_event_not_its_id() -> None:
    changed = dataclasses.replace(LOG.by_id["a1"], summary="Something else entirely")
    assert "entirely" in fields_of(changed)["text"]
    assert "entirely" not in fields_of(LOG.by_id["a1"])["text"]
    assert CACHE[id(changed)][0] is changed  # held: its id cannot go to another event while the entry lives


def test_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(texts_module, "MAX_CACHED", 3)
    CACHE.clear()
    events = [dataclasses.replace(LOG.by_id["a1"], summary=f"summary {n}") for n in range(5)]
    for event in events:
        fields_of(event)
    assert [entry[0] for entry in CACHE.values()] == events[2:]
    assert "summary 0" in fields_of(events[0])["text"]


def test_fields_are_built_once_per_event() -> None:
    event = LOG.by_id["r1"]
    assert fields_of(event) is fields_of(event)


# Tally drill-down as a query term.


@pytest.mark.parametrize("path", [ROOT / "events.yaml", LOAD / "tally.yaml", QUERY / "log.yaml"])
def test_group_term_selects_the_tally_row(path: Path) -> None:
    log = load(path)
    for dimension in dimensions_for(log.vocabulary):
        for row in tally(log.events, dimension):
            text = group_term(dimension, row.key)
            if text is None:
                continue
            expected = [e.id for e in log.events if row.key in keys_for(e, dimension)]
            assert [e.id for e in parse_query(text).filter(log.events)] == expected, text
            assert len(expected) == row.count


def test_group_term_text() -> None:
    assert group_term("actor", "Kataib Hezbollah") == 'actor="Kataib Hezbollah"'
    assert group_term("month", "2024-01") == "month:2024-01"
    assert group_term("weapon", "(not given)") == "-has:weapons"
    assert group_term("week", "(not given)") == "-has:day"


# docs/query.md: every answer in its table is checked against events.yaml.


def test_docs_examples_give_the_stated_counts() -> None:
    log = load(ROOT / "events.yaml")
    rows = re.findall(r"^\| [^|]+ \| `([^`]+)` \| (\d+) \|$", (ROOT / "docs" / "query.md").read_text(), re.M)
    assert len(rows) >= 26
    for text, count in rows:
        text = text.replace("\\|", "|")  # a pipe inside a Markdown table cell is written \|
        assert len(parse_query(text).filter(log.events)) == int(count), text


def test_docs_error_table_matches_the_messages() -> None:
    docs = (ROOT / "docs" / "query.md").read_text()
    section = docs[docs.index("## Errors") : docs.index("## Command line")]
    errors = re.findall(r"^\| `([^`]+)` \| (.+) \|$", section, re.M)
    assert len(errors) >= 15
    for text, message in errors:
        with pytest.raises(QueryError) as caught:
            parse_query(text)
        shown = caught.value.message
        assert shown == message or ("..." in message and shown.startswith(message.split("...")[0])), text


# Either: OR, commas and parentheses.


def test_or_binds_tighter_than_the_space_and_commas_are_either_value() -> None:
    query = parse_query("type:drone country:iraq OR country:syria")
    assert [term.label for term in query.terms] == ["type: drone", "country: iraq | syria"]
    assert str(query) == "type:drone country:iraq,syria"
    assert [term.label for term in parse_query('actor:"kataib hezbollah"|nujaba').terms] == ["actor: kataib hezbollah | nujaba"]
    assert str(parse_query('actor:"kataib hezbollah"|nujaba')) == 'actor:"kataib hezbollah",nujaba'


def test_groups_nest_negate_and_read_back() -> None:
    for text in ("(type:drone country:syria) OR (type:rocket -country:iraq)", "-(kind:response OR killed>0)", "(a OR (b c)) d"):
        query = parse_query(text)
        assert str(parse_query(str(query))) == str(query), text
    assert str(parse_query("-(kind:response OR killed>0)")) == "-(kind:response OR killed>0)"
    assert str(parse_query("(a OR (b c)) d")) == "(a OR (b c)) d"
    assert str(parse_query("((type:drone))")) == "type:drone"  # a group of one is that term
    assert str(parse_query("-(-type:drone)")) == "type:drone"


def test_or_queries_match_as_their_meaning_says() -> None:
    def ids(text: str) -> set[str]:
        return {event.id for event in parse_query(text).filter(LOG.events)}

    assert ids("type:drone,rocket") == ids("type:drone") | ids("type:rocket")
    assert ids("type:drone OR kind:response") == ids("type:drone") | ids("kind:response")
    assert ids("-(type:drone OR kind:response)") == {event.id for event in LOG.events} - ids("type:drone OR kind:response")
    assert ids("(type:drone country:iraq) OR kind:response") == (ids("type:drone country:iraq") | ids("kind:response"))
    assert ids("killed>0 type:drone,rocket") == ids("killed>0") & (ids("type:drone") | ids("type:rocket"))


@pytest.mark.parametrize(
    ("text", "message", "span"),
    [
        ("(type:drone OR kind:response", "unclosed '(': add its ')'", (0, 1)),
        ("type:drone -(a", "unclosed '(': add its ')'", (12, 13)),
        ("type:drone)", "')' closes nothing: remove it or add its '('", (10, 11)),
        ("OR a", "OR needs a term on each side", (0, 2)),
        ("a OR", "OR needs a term on each side", (2, 4)),
        ("a OR OR b", "OR needs a term on each side", (2, 4)),
        ("()", "empty parentheses", (0, 2)),
    ],
)
def test_unbalanced_or_empty_groups_are_errors_at_their_place(text: str, message: str, span: tuple[int, int]) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    assert (caught.value.message, (caught.value.start, caught.value.end)) == (message, span)
