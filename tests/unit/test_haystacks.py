"""ask/index/haystacks.py: free text over the indexed fields' distinct values and each event's own texts finds
exactly the events whose whole haystack (texts.haystack) holds the needle."""

from __future__ import annotations

import dataclasses
import sys
from array import array

import pytest

from paths import ROOT, SEARCH

from sitrep.ask.index import LogIndex, search
from sitrep.ask.index.growth import extended
from sitrep.ask.index import haystacks as haystacks_module
from sitrep.ask.index.haystacks import Haystacks
from sitrep.ask.texts import SEP, haystack, normal
from sitrep.reading.reference import load_text, reference_load

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402

LOG = reference_load(SEARCH / "texts.yaml")
EVENTS = LOG.events
GENERATED = load_text(generate(600, seed=3), "generated.yaml").events


def ids(index: LogIndex, needle: str) -> list[str]:
    return [index.all_events[i].id for i in index.positions(index.free_text(needle))]


def walked(events, needle: str) -> list[str]:
    return [event.id for event in events if needle in haystack(event)]


EXPECTED = {
    # the start and the end of a text, indexed or the event's own
    "alpha": ["e1"], "beta.": ["e1"], "kataib": ["e1", "r1"], "hezbollah": ["e1", "r1"], "e1": ["e1", "r1"],
    "04:45": ["r1"], "beta": ["e1", "r1"], "babil": ["r1"], "report": ["e1", "e2"],
    # spaces inside one text
    "attack drone": ["e1"], "a attack": [], "delta at": ["e2"], "sites. beta": [],
    # never across two texts: two fields, two own texts, a field and an own text
    "attack kataib": [], "hezbollah erbil": [], "e1 report": [], "e1report": [], "one https": [], "onehttps": [], "confirmed e1": [], "2023-12-27 04:45": [],
    # case folded: ß is ss, İ is i and a combining dot
    normal("STRASSE"): ["e2"], normal("ß"): ["e2"], normal("Straße"): ["e2"], "i̇zmir": ["e2"], "zmir": ["e2"], "izmir": [],
    "türk": ["e2"], "turk": [], "zzz": [],
}


def test_free_text_finds_what_the_haystacks_hold() -> None:
    index = LogIndex(EVENTS)
    for needle, expected in EXPECTED.items():
        assert ids(index, needle) == expected == walked(EVENTS, needle), needle


def test_typing_on_narrows_to_the_same_answers() -> None:
    index = LogIndex(EVENTS)
    for needle in ["b", "be", "bet", "beta", "beta.", "beta", "a", "at", "att", "attack", "attack ", "attack d", "attack k", "z"]:
        assert ids(index, needle) == walked(EVENTS, needle), needle


@pytest.mark.parametrize(("few", "narrowed"), [(64, 4), (1, 4), (1, 10**9), (10**9, 1), (10**9, 10**9)])
def test_every_way_of_narrowing_gives_the_same_answers(monkeypatch: pytest.MonkeyPatch, few: int, narrowed: int) -> None:
    """FEW=1 keeps every answer as positions (typing on looks at them alone); NARROWED=1 always picks the candidates
    out, 10**9 never does."""
    monkeypatch.setattr(search, "FEW", few)
    monkeypatch.setattr(search, "NARROWED", narrowed)
    index = LogIndex(GENERATED)
    typed = ["m", "mi", "mil", "militia", "militia", "k", "ka", "kat", "kataib", "kataib h", "2", "20", "202", "2023-1", "2023-10-2", "e", "e0",
             "e00", "e0003", "e00031", "e000312", "e", "zz", "zzz", "a", "ai", "ain", "ain al-", "ain al-asad air base", "ain al-asad air based"]
    for needle in typed:
        assert index.positions(index.free_text(needle)) == [i for i, event in enumerate(GENERATED) if needle in haystack(event)], needle


def test_a_needle_holding_the_separator_matches_across_texts_as_before() -> None:
    index = LogIndex(EVENTS)
    for needle, expected in [(SEP, ["e1", "e2", "r1"]), ("attack" + SEP, ["e1", "e2"]), (SEP + "kataib", ["e1", "r1"]),
                             (SEP * 2 + "e1", ["e1", "r1"]), ("beta." + SEP, [])]:
        assert ids(index, needle) == expected == walked(EVENTS, needle), repr(needle)


def test_an_empty_needle_is_every_event_and_an_empty_log_has_none() -> None:
    assert ids(LogIndex(EVENTS), "") == ["e1", "e2", "r1"]
    empty = LogIndex(())
    assert empty.free_text("a") == 0 and empty.find("a") == [] and len(empty.texts()) == 0


def test_the_haystacks_hold_each_events_texts_once() -> None:
    texts = Haystacks.of(EVENTS)
    assert texts.own == [
        SEP + SEP.join(["e1", "report one", "https://example.org/one", "2023-12-25", "", "alpha beta."]),
        SEP + SEP.join(["e2", "report two", "2023-12-26", "", "gamma delta at the strasse."]),
        SEP + SEP.join(["r1", "e1", "2023-12-27", "04:45", "strikes on three sites.", "beta test."]),
    ]
    actor = texts.columns["actor"]
    assert actor.combos == [("kataib hezbollah",), ("strasse brigade",), ("united states",)] and actor.codes == b"\x00\x01\x02"
    place = texts.columns["place"]
    assert place.combos == [("erbil air base", "erbil", "iraq"), ("i̇zmir", "türkiye"), ("hilla", "babil", "iraq")]
    assert set(texts.columns) == {"type", "actor", "target", "country", "place", "weapon", "tag", "status"}


def synthetic(actors: int) -> str:
    head = "version: 1\ntitle: Many actors\nevents:\n"
    return head + "".join(
        f"  - {{id: x{n}, date: 2024-01-{1 + n % 28:02d}, type: raid, actor: Actor {n:03d}, summary: Raid number {n}.}}\n" for n in range(actors)
    )


def test_appends_past_256_values_answer_as_an_index_built_anew() -> None:
    events = load_text(synthetic(258), "many.yaml").events
    before = LogIndex(events[:-2])
    assert isinstance(before.texts().columns["actor"].codes, bytes)
    grown = extended(before, events[:-1], [len(events) - 2])  # 257 actors: two bytes each
    assert before._texts.columns["actor"].codes == bytes(range(256)) and grown._texts.columns["actor"].codes == array("H", range(257))
    again = extended(grown, events, [len(events) - 1])  # appended to the array
    fresh = LogIndex(events)
    assert again._texts.columns["actor"].codes == fresh.texts().columns["actor"].codes == array("H", range(258))
    for needle in ["actor 251", "actor 25", "number 251.", "raid", "x251", "x25", "actor 000", "zzz"]:
        assert ids(again, needle) == ids(fresh, needle) == walked(events, needle), needle
    assert events[-1].id == "x251" and ids(again, "actor 251") == ["x251"]


def test_an_event_put_among_the_others_is_found_where_it_stands() -> None:
    before = LogIndex([EVENTS[0], EVENTS[2]])
    before.texts()
    grown = extended(before, EVENTS, [1])
    for needle in EXPECTED:
        assert ids(grown, needle) == EXPECTED[needle], needle


def test_a_reload_takes_over_the_texts_of_the_events_it_kept_in_any_order() -> None:
    first = LogIndex(GENERATED[:300])
    first.texts()
    changed = dataclasses.replace(GENERATED[5], summary="A militia convoy, rewritten.", actor="Nobody Before")
    events = (changed, *GENERATED[200:300], *GENERATED[10:150], GENERATED[400])
    index, fresh = LogIndex(events, previous=first), LogIndex(events)
    assert index.texts().own == fresh.texts().own
    assert "nobody before" in [value for combo in index.texts().columns["actor"].combos for value in combo]
    for needle in ["militia", "rewritten", "nobody", "kataib", "2023-1", "e0001", GENERATED[400].id, GENERATED[250].id, "zzz"]:
        assert ids(index, needle) == ids(fresh, needle) == walked(events, needle), needle


def test_the_haystacks_sent_in_parts_are_put_together_as_they_were(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(haystacks_module, "PART", 70)
    texts = Haystacks.of(GENERATED)
    parts = list(texts.parts())
    assert len(parts) == 1 + -(-len(GENERATED) // 70)
    assert [len(part) for part in parts[1:-1]] == [70] * (len(parts) - 2)
    assert Haystacks.of_parts(parts) == texts
    assert Haystacks.of_parts([["not", "columns"], *parts[1:]]) is None
    assert Haystacks.of_parts([parts[0], "not a part"]) is None


def test_the_texts_hold_the_index_columns_not_copies_of_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """One copy of each indexed field's codes: the queries' (LogIndex.column) and the search's are the same objects,
    whether the texts came from a forked process, were computed here, or grew by an append."""
    import sitrep.ask.index as index_module

    monkeypatch.setattr(index_module, "FORK_TEXTS_AT", 1)
    for forked in (True, False):
        index = LogIndex(GENERATED[:-2])
        index.column("type")  # built before the fork: the child sends its copy, which is dropped
        if forked:
            index.warm_up()
        else:
            index.texts()
        assert index.texts_ready
        for name, column in index._texts.columns.items():
            assert column is index._columns[name], (forked, name)
        grown = extended(index, GENERATED, [len(GENERATED) - 2, len(GENERATED) - 1])
        assert grown._texts is not None
        for name, column in grown._texts.columns.items():
            assert column is grown._columns[name], (forked, name)
        assert per_event(grown._texts) == per_event(Haystacks.of(GENERATED))


def per_event(texts: Haystacks) -> tuple:
    """The own texts and each event's values in each column, whatever the numbering of the combinations."""
    return texts.own, {name: [column.combos[code] for code in column.codes] for name, column in texts.columns.items()}


def test_the_texts_child_does_not_wait_for_a_lock_held_at_the_fork() -> None:
    """A key's worker here building a column as the warm-up forks: the child's copy of that build lock is held for
    ever, and the child computing the texts must not wait for it."""
    from sitrep.core import forked
    from test_index import held_at_the_fork

    index = LogIndex(GENERATED)
    parts = held_at_the_fork(index, index._columns, "actor", lambda: forked.parts_in_child(index.texts_in_child).parts())
    assert Haystacks.of_parts(parts) == Haystacks.of(GENERATED)


@pytest.mark.parametrize("name", haystacks_module.INDEXED_FIELDS)
def test_a_column_holds_each_events_values_as_the_field_gives_them(name: str) -> None:
    """The columns read some fields by attrgetter (texts.ATTRIBUTES): the same values as TEXT_VALUES, empty ones too."""
    from sitrep.ask.texts import TEXT_VALUES

    events = [*EVENTS, *GENERATED, dataclasses.replace(EVENTS[0], target="", status=None, weapons=(), tags=())]
    column = haystacks_module.Column.of(events, name)
    assert [column.combos[code] for code in column.codes] == [tuple(map(normal, TEXT_VALUES[name](event))) for event in events]
