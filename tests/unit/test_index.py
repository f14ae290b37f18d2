"""tui/index.py answers exactly as the functions that walk every event: View.apply, tally, totals, per_day, and search."""

from __future__ import annotations

import datetime as dt
import dataclasses
import os
import random
import sys
import threading
from operator import attrgetter
from typing import Callable, Iterable
import time

import pytest

from paths import LOAD, QUERY, ROOT, UI

from sitrep.ask import index as index_module
from sitrep.core import forked as parallel
from sitrep.ask.index import LogIndex
from sitrep.ask.index.growth import extended
from sitrep.ask.index import haystacks
from sitrep.ask.index.haystacks import Haystacks
from sitrep.ask.pivot import pivot
from sitrep.reading.reference import load_text, reference_load
from sitrep.ask.query import Query, QueryError, Term, group_term, parse_query
from sitrep.ask.texts import fields_of, haystack, words
from sitrep.ask.tally import DIMENSIONS, day_runs, dimensions_for, per_day, tally, totals
from sitrep.ask.view import SIDES, View

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402


def synthetic_with_month_only(count: int) -> str:
    lines = generate(count, seed=11).split("\n")
    for i, line in enumerate(lines):
        if line.startswith("    date: ") and i % 29 == 0:
            lines[i] = line[:17]  # `    date: 2023-11`
    return "\n".join(lines)


def synthetic_over_decades(count: int) -> str:
    """Events twenty days apart from 2000: more (week, casualties) pairs than a byte can code (Coded's array)."""
    lines = generate(count, seed=5).split("\n")
    day = dt.date(2000, 1, 1)
    for i, line in enumerate(lines):
        if line.startswith("    date: "):
            lines[i] = f"    date: {day.isoformat()}"
            day += dt.timedelta(days=20)
    return "\n".join(lines)


LOGS = {
    "bundled": reference_load(ROOT / "tui" / "data" / "events.yaml"),
    "tally": reference_load(LOAD / "tally.yaml"),
    "query": reference_load(QUERY / "log.yaml"),
    "small": reference_load(UI / "small.yaml"),
    "synthetic": load_text(synthetic_with_month_only(1500), "synthetic.yaml"),
}
LONG_LOGS = {**LOGS, "decades": load_text(synthetic_over_decades(300), "decades.yaml")}
"""Also a log whose months and weeks are coded in an array: for what codes and splices (the growth of an index)."""
QUERIES = [
    "", "type:drone", "type=airstrike", "-type:drone", "actor:kataib", "actor=\"Kataib Hezbollah\"", "target:base",
    "country:iraq", "country=syria", "place:ain", "place=\"al anbar\"", "weapon:rocket", "weapon=rocket", "tag:tower",
    "-tag:yemen", "status:confirmed", "status=claimed", "id:2023-10", "id=nothing", "source:example", "source:reuters",
    "responds:e0000", "responds:2023", "killed>0", "killed>=2", "killed<1", "killed<=0", "killed=2", "killed:1",
    "killed:?", "-killed:unknown", "injured>3", "-injured>0", "injured:unknown", "after:2023-11-01",
    "after:2023-11", "before:2023-12-01", "before:2023-12", "before:2024-01-15", "on:2023-10-20", "month:2023-11",
    "month:2024-01", "week:2023-W44", "week:2024-W03", "kind:attack", "kind:response", "-kind:response",
    "has:sources", "has:coords", "has:casualties", "has:target", "has:weapons", "has:country", "has:day", "-has:day",
    "drone", "\"attack drone\"", "-drone", "coalition base", "2023-11", "injuries", "ain al-asad",
    "type:drone country:iraq after:2023-11-01 injured>0 -tag:yemen", "kind:response killed>0 -has:sources",
    "month:2023-11 -has:day", "before:2023-11-15 after:2023-11-01",
    "type:drone,rocket", "-type:drone,rocket", 'actor:"kataib hezbollah"|nujaba', "country:iraq OR country:syria",
    "type:drone country:iraq OR kind:response", "(type:drone country:iraq) OR (type:rocket -country:iraq)",
    "-(kind:response OR killed>0)", "(drone OR rocket) -tag:yemen", "month:2023-11,2024-01", "-has:coords OR -killed:?",
    "((type:drone) OR (kind:response killed>0)) after:2023-11-01",
]


def found_by_walking(events, text: str) -> list[int]:
    """What search must find, looked for event by event: the positions of the events holding every word of `text`."""
    needles = words(text)
    return [i for i, event in enumerate(events) if needles and all(needle in haystack(event) for needle in needles)]


def views_of(log) -> list[View]:
    texts = list(QUERIES)
    rng = random.Random(3)
    for dimension in dimensions_for():
        for row in tally(log.events, dimension)[:4]:
            if row.count and group_term(dimension, row.key) is not None:
                texts.append(group_term(dimension, row.key))
    for event in rng.sample(log.events, min(5, len(log.events))):
        texts.append(f'"{event.summary[3:12]}"' if event.summary and len(event.summary) > 14 else event.id)
    views = []
    for text in texts:
        try:
            query = parse_query(text)
        except QueryError:
            continue
        views += [View(query, side) for side in SIDES]
    return views


@pytest.mark.parametrize("name", list(LOGS))
def test_masks_give_what_view_apply_gives(name: str) -> None:
    log = LOGS[name]
    index = LogIndex(log.events)
    for view in views_of(log):
        shown = view.apply(log.events)
        mask = index.mask(view)
        assert index.events(mask) == shown, (name, str(view.query), view.side)
        assert mask.bit_count() == len(shown)
        assert index.totals(mask) == totals(shown)
        assert index.per_day(mask) == per_day(shown)
        assert index.day_groups(mask) == day_runs(shown)
        for dimension in DIMENSIONS:
            for by in ("count", "name"):
                assert index.tally(mask, dimension, by) == tally(shown, dimension, by), (name, str(view.query), dimension, by)


@pytest.mark.parametrize("name", list(LOGS))
def test_search_gives_what_walking_the_events_gives(name: str) -> None:
    log = LOGS[name]
    index = LogIndex(log.events)
    for text in ["", "drone", "drone attack", "kataib hez", "ain", "2023-11", "confirmed erbil", "zzz", "a", "e0001", "base drone"]:
        assert index.find(text) == found_by_walking(log.events, text), text


def test_hits_within_a_shown_set() -> None:
    log = LOGS["synthetic"]
    index = LogIndex(log.events)
    shown_mask = index.mask(View(parse_query("kind:attack")))
    shown = index.events(shown_mask)
    hits = index.search("drone")
    expected = [i for i, event in enumerate(shown) if "drone" in fields_of(event)["text"]]
    found = index.hits_within(hits, shown_mask)
    assert list(found) == expected and len(found) == len(expected) and len(found.flags) == len(shown)
    assert found.first() == expected[0] and found.last() == expected[-1]
    assert [found.after(hit) for hit in expected] == [*expected[1:], None]
    assert [found.before(hit) for hit in expected] == [None, *expected[:-1]]
    assert [position in found for position in range(-1, len(shown) + 1)] == [position in expected for position in range(-1, len(shown) + 1)]


@pytest.mark.parametrize("name", list(LOGS))
def test_the_hit_nearby_is_the_first_hit_from_the_event_on(name: str) -> None:
    """hit_from (a big log's search jumps there before its whole answer comes): the first of the hits found by walking
    at or after the event among the shown ones, else the first of all (as n wraps), words in any field; None past
    `limit` events looked at."""
    log = LOGS[name]
    index = LogIndex(log.events)
    for query in ("", "kind:attack", "country:iraq"):
        within = index.mask(View(parse_query(query)))
        shown = index.events(within)
        for text in ("drone", "base drone", "kataib hez", "2023-11", "zzz", "e0001", "confirmed"):
            expected = [i for i, event in enumerate(shown) if found_by_walking([event], text)]
            for start in range(0, len(shown), max(1, len(shown) // 40)):
                following = next((hit for hit in expected if hit >= start), expected[0] if expected else None)
                assert index.hit_from(text, within, shown[start]) == following, (query, text, start)
            assert index.hit_from(text, within, None) == (expected[0] if expected else None), (query, text)
    rare = log.events[len(log.events) * 2 // 3].id  # hits far apart: some starts have none in the next 64 events
    hits = [i for i, event in enumerate(log.events) if found_by_walking([event], rare)]
    for start in range(0, len(log.events) - 64, max(1, len(log.events) // 60)):
        following = next((hit for hit in hits if hit >= start), None)
        near = following if following is not None and following - start < 64 else None
        assert index.hit_from(rare, index.all, log.events[start], limit=64) == near, start


def test_a_term_the_index_does_not_know_is_tested_event_by_event() -> None:
    log = LOGS["synthetic"]
    index = LogIndex(log.events)
    odd = Term("novel", ":", "x", False, lambda event, fields: event.line % 2 == 0)
    query = Query(parse_query("kind:attack").terms + (odd,))
    assert index.events(index.query_mask(query)) == query.filter(log.events)
    negated = dataclasses.replace(odd, negated=True)
    query = Query((negated,))
    assert index.events(index.query_mask(query)) == query.filter(log.events)


def test_typing_on_narrows_free_text() -> None:
    log = LOGS["synthetic"]
    index = LogIndex(log.events)
    for typed in ["d", "dr", "dro", "dron", "drone", "drones", "dro", "x"]:
        assert index.find(typed) == found_by_walking(log.events, typed)


def test_find_needs_every_word() -> None:
    events = LOGS["query"].events
    index = LogIndex(events)
    positions = {event.id: i for i, event in enumerate(events)}
    assert index.find("AIN al") == [positions["a2"], positions["a3"]]
    assert index.find("air base 05:45") == [positions["a1"]]
    assert index.find("   ") == []
    assert index.find("nowhere") == []


def test_search_narrows_as_you_type_and_widens_back() -> None:
    events = LOGS["query"].events
    index = LogIndex(events)
    typed = "kataib hez"
    sequence = [typed[:end] for end in range(1, len(typed) + 1)]
    sequence += ["kataib", "kat", "erbil", "erbil kataib", "hez erbil", "", "air base", "air  base tower"]
    for text in sequence:
        assert index.find(text) == found_by_walking(events, text), text


def test_query_mask_gives_positions() -> None:
    events = LOGS["query"].events
    index = LogIndex(events)
    assert [events[i].id for i in index.positions(index.query_mask(parse_query("kind:response killed>0")))] == ["r1", "r2", "r3"]
    assert index.positions(index.query_mask(Query())) == list(range(len(events)))


def test_empty_log() -> None:
    index = LogIndex(())
    mask = index.mask(View(parse_query("type:x")))
    assert index.events(mask) == () and index.tally(mask, "type") == [] and index.per_day(mask) == []
    assert index.totals(index.all) == totals(())


def test_warm_up_builds_everything() -> None:
    index = LogIndex(LOGS["bundled"].events)
    index.warm_up()
    assert index._texts is not None and set(index._coded) == set(dimensions_for())


@pytest.mark.parametrize("name", ["synthetic", "bundled", "decades"])
def test_tallies_and_pivots_of_a_warm_index_come_from_memory_or_from_the_log_less_what_is_hidden(name: str) -> None:
    """After warm_up() the whole log's counts are known: a mask keeping most events is counted as those less the
    events it hides, and a tally or pivot asked again is the one remembered; every answer still the walking one's."""
    log = LONG_LOGS[name]
    index = LogIndex(log.events)
    index.warm_up()
    wide = []
    for text in ("", "-type:drone", "-kind:response", "has:day", "type:drone", "country:iraq", "kind:response"):
        shown = View(parse_query(text)).apply(log.events)
        mask = index.mask(View(parse_query(text)))
        wide.append(2 * len(shown) > len(log.events))
        for dimension in dimensions_for():
            for by in ("count", "killed"):
                first = index.tally(mask, dimension, by)
                assert first == tally(shown, dimension, by), (text, dimension, by)
                assert index.tally(mask, dimension, by) is first
        for by, then in (("actor", "month"), ("weapon", "type"), ("week", "weapon")):
            first = index.pivot(mask, by, then)
            assert first == pivot(shown, by, then), (text, by, then)
            assert index.pivot(mask, by, then) is first
    assert wide.count(True) > 1 and False in wide  # both kinds of count


def test_day_groups_join_runs_of_one_day_that_a_hidden_event_parted() -> None:
    """Day, month-only, day, all dated the 1st: hiding the month-only event leaves one group of two, as walking does."""
    first = LOGS["synthetic"].events[0]
    day = dataclasses.replace(first, date=first.date.replace(day=1), month_only=False)
    events = (day, dataclasses.replace(day, id="m", month_only=True), dataclasses.replace(day, id="d2"))
    index = LogIndex(events)
    for text in ("", "has:day", "-has:day", "id:m", "-id:m"):
        shown = View(parse_query(text)).apply(events)
        mask = index.mask(View(parse_query(text)))
        assert index.day_groups(mask) == day_runs(shown), text
        assert index.per_day(mask) == per_day(shown), text
    assert len(index.day_groups(index.mask(View(parse_query("has:day"))))) == 1


def per_event(column) -> list[tuple[str, ...]]:
    """Each event's values in an index's column, whatever the numbering of its combinations."""
    return [column.combos[code] for code in column.codes]


def test_tallies_counted_a_few_events_per_c_call_answer_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """codes.stepwise cuts the passes over every event into parts (so a worker lets the interface in between):
    parts of 7 events, ending anywhere, give every tally, shown set and day group as one pass does."""
    from sitrep.ask.index import codes

    monkeypatch.setattr(codes, "STEP", 7)
    for name, log in LONG_LOGS.items():
        index = LogIndex(log.events)
        for dimension in DIMENSIONS:
            assert index.tally(index.all, dimension) == tally(log.events, dimension), (name, dimension)
        for view in views_of(log)[:30]:  # the shown events and the counts of a filter are taken in parts too
            shown, mask = view.apply(log.events), index.mask(view)
            assert index.events(mask) == shown and index.day_groups(mask) == day_runs(shown), (name, str(view.query))
            assert index.tally(mask, "actor") == tally(shown, "actor"), (name, str(view.query))


@pytest.mark.parametrize("name", list(LOGS))
def test_an_events_place_among_the_shown_is_where_walking_them_finds_it(name: str) -> None:
    events = LOGS[name].events
    # Two files merged: events of the same sort_key (date, time, line) side by side.
    merged = tuple(sorted((*events, *(dataclasses.replace(event, file="other.yaml") for event in events[::3])), key=attrgetter("sort_key")))
    for order in (events, events[::-1], merged):  # sort_key order, and another (found by a pass in C)
        index = LogIndex(order)
        for view in views_of(LOGS[name])[:40]:
            mask = index.mask(view)
            shown = index.events(mask)
            for event in order[:: max(1, len(order) // 25)]:
                walked = next((at for at, each in enumerate(shown) if each is event), None)
                assert index.position_in(mask, event) == walked, (name, str(view.query), event.id)


def test_warm_up_takes_the_indexes_from_a_forked_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "FORK_TEXTS_AT", 1)
    events = LOGS["synthetic"].events
    index = LogIndex(events)
    adopted = []
    adopt = index.adopt
    monkeypatch.setattr(index, "adopt", lambda kind, key, value: adopted.append((kind, key)) or adopt(kind, key, value))
    index.warm_up()
    assert [key for kind, key in adopted if kind == "coded"] == list(dimensions_for())
    assert {kind for kind, _ in adopted} == {"coded", "figures", "has", "column"}
    here = LogIndex(events)
    for dimension in dimensions_for():
        assert index.tally(index.all, dimension) == tally(events, dimension)
        assert index._coded[dimension].pairs == here.coded(dimension).pairs
    for name in ("type", "place", "tag"):
        assert index._columns[name] == here.column(name)
    assert index.has("coords") == here.has("coords") and index.figures("injured") == here.figures("injured")


def test_the_forked_warm_up_does_not_wait_for_a_lock_another_thread_held_at_the_fork() -> None:
    """A thread of this process building the casualty codes as the warm-up forks (a `t` key's worker): the child's
    copy of that build lock is held for ever, and the child must not wait for it (it did, and the warm-up hung)."""
    from sitrep.core import forked

    index = LogIndex(LOGS["synthetic"].events)
    pieces = held_at_the_fork(index, index._casualty_codes, "codes", lambda: forked.pieces_from_child(index.send_indexes))
    assert [key for kind, key, _ in pieces if kind == "coded"] == list(dimensions_for())


def held_at_the_fork(index: LogIndex, store: dict, key: str, fork: Callable[[], Iterable]) -> list:
    """What fork() gives, read in a thread while this process holds the build lock of store[key] (Counting.once):
    a forked child's copy of it is held for ever. Fails if the reading hangs."""
    from sitrep.core import forked

    building = index._building.setdefault((id(store), key), threading.Lock())
    building.acquire()
    got: list = []
    try:
        reading = threading.Thread(target=lambda: got.extend(fork() or ()), daemon=True)
        reading.start()
        reading.join(30)
        hung = reading.is_alive()
    finally:
        building.release()
        forked.stop_children()
    assert not hung
    return got


def test_the_forked_warm_up_sends_only_what_the_index_lacks(monkeypatch: pytest.MonkeyPatch) -> None:
    """After an append the extended index holds nearly every lazy index: the child sent them all again (seconds of a
    core and their pickles at a million events), and this process threw them away."""
    from sitrep.core import forked

    index = LogIndex(LOGS["synthetic"].events)
    index.coded("actor"), index.column("place"), index.has("coords"), index.figures("killed")
    sent = [(kind, key) for kind, key, _ in forked.pieces_from_child(index.send_indexes)]
    assert sent == index.missing()
    assert ("coded", "type") in sent and ("column", "actor") in sent
    assert not {("coded", "actor"), ("column", "place"), ("has", "coords"), ("figures", "killed")} & set(sent)

    monkeypatch.setattr(index_module, "FORK_TEXTS_AT", 1)
    events = LOGS["synthetic"].events
    before = LogIndex(events[:-3])
    before.warm_up()
    grown = extended(before, events, [len(events) - 3, len(events) - 2, len(events) - 1])
    forks: list = []
    monkeypatch.setattr(forked, "pieces_from_child", lambda work: forks.append(work) or iter(()))
    grown.warm_up()
    assert forks == [] and grown.missing() == []
    fresh = LogIndex(events)
    fresh.warm_up()
    for dimension in dimensions_for():
        assert grown.tally(grown.all, dimension) == fresh.tally(fresh.all, dimension)
    for field in ("type", "actor", "place", "weapon", "tag"):
        assert per_event(grown.column(field)) == per_event(fresh.column(field))


@pytest.mark.parametrize("new_figures", [2, 40])
@pytest.mark.parametrize("where", ["end", "among"])
def test_appended_figures_the_log_lacked_keep_the_codes(where: str, new_figures: int) -> None:
    """An appended event with an injured figure no other event has: casualty codes are killed * width + injured, and
    such a figure took them away (every tally dimension then counted again: seconds of a core at 1M). A few take free
    places (no code changes); more than those widen every code."""
    from sitrep.core.model import Casualties

    events = list(LOGS["synthetic"].events)
    figures = [(900 + n, 900 + n) for n in range(new_figures)]
    positions = list(range(len(events) - new_figures - 1, len(events))) if where == "end" else sorted({0, *range(len(events) // 2, len(events) // 2 + new_figures), len(events) - 1})
    for at, injured in zip(positions, figures):
        events[at] = dataclasses.replace(events[at], casualties=Casualties((97, 97), injured))
    added = set(positions)
    before = LogIndex([event for at, event in enumerate(events) if at not in added])
    before.prepare("actor")
    for dimension in dimensions_for():
        before.coded(dimension)
    old_width = len(before.casualty_codes()[1]["injured"])
    grown, fresh = extended(before, tuple(events), positions), LogIndex(tuple(events))
    assert not [key for kind, key in grown.missing() if kind == "coded"]
    codes, known = grown.casualty_codes()
    assert (len(known["injured"]) == old_width) == (new_figures == 2)
    width = len(known["injured"])
    assert [known["killed"][code // width] for code in codes] == [event.casualties.killed for event in events]
    assert [known["injured"][code % width] for code in codes] == [event.casualties.injured for event in events]
    for view in views_of(LOGS["synthetic"])[:40]:
        mask = fresh.mask(view)
        for dimension in ("type", "actor", "weapon", "month"):
            assert grown.tally(mask, dimension) == fresh.tally(mask, dimension), (str(view.query), dimension)
    for dimension in dimensions_for():
        assert grown.tally(grown.all, dimension, "name") == fresh.tally(fresh.all, dimension, "name")


def test_a_build_waits_only_for_a_build_of_the_same_index() -> None:
    """A keystroke asking for one dimension is not held up by the warm-up building another (the old index lock)."""
    index = LogIndex(LOGS["synthetic"].events)
    started, release = threading.Event(), threading.Event()
    slow = index.distinct_values

    def held_build(name: str) -> dict:
        started.set()
        release.wait(10)
        return slow(name)

    index.distinct_values = held_build
    warming = threading.Thread(target=index.values, args=("id",))
    warming.start()
    try:
        assert started.wait(10)
        began = time.monotonic()
        assert index.tally(index.all, "actor") == tally(LOGS["synthetic"].events, "actor")
        assert index.has("coords") and index.figures("killed")
        assert time.monotonic() - began < 5
    finally:
        release.set()
        warming.join()
    assert index.values("id") == slow("id")


def test_warm_up_has_a_forked_process_compute_the_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "FORK_TEXTS_AT", 1)
    forked = []
    parts_in_child = parallel.parts_in_child
    monkeypatch.setattr(parallel, "parts_in_child", lambda parts: forked.append(parts) or parts_in_child(parts))
    events = LOGS["synthetic"].events
    index = LogIndex(events)
    index.warm_up()
    assert len(forked) == 1
    assert index._texts == Haystacks.of(events)


def computing_counted(index: LogIndex, monkeypatch: pytest.MonkeyPatch, fail_in_child: bool = False) -> list[int]:
    """Make index.compute_texts count its runs in this process (a forked child's do not reach the list)."""
    here = os.getpid()
    computed_here: list[int] = []
    compute = index.compute_texts

    def counted() -> list[str]:
        if os.getpid() != here and fail_in_child:
            raise MemoryError
        if os.getpid() == here:
            computed_here.append(1)
        return compute()

    monkeypatch.setattr(index, "compute_texts", counted)
    return computed_here


def test_warm_up_computes_the_texts_itself_when_the_child_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "FORK_TEXTS_AT", 1)
    events = LOGS["small"].events
    index = LogIndex(events)
    computed_here = computing_counted(index, monkeypatch, fail_in_child=True)
    index.warm_up()
    assert computed_here == [1]
    assert index._texts == Haystacks.of(events)


def test_a_child_that_dies_before_its_end_mark_leaves_the_texts_to_be_computed_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(haystacks, "PART", 3)
    events = LOGS["small"].events
    index = LogIndex(events)
    computed_here = computing_counted(index, monkeypatch)

    def dying() -> object:
        yield from index.compute_texts().parts()  # every part, then no END: the child may have sent a wrong one
        os._exit(1)

    index._texts_coming = parallel.parts_in_child(dying)
    assert index.find("drone") == found_by_walking(events, "drone")
    assert computed_here == [1]
    assert index._texts == Haystacks.of(events)


def test_without_fork_the_texts_are_computed_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "FORK_TEXTS_AT", 1)
    monkeypatch.setattr(parallel, "parts_in_child", lambda parts: None)
    events = LOGS["small"].events
    index = LogIndex(events)
    assert not index.texts_ready
    index.warm_up()
    assert index.texts_ready and index._texts == Haystacks.of(events)


def test_a_search_during_the_warm_up_waits_for_the_child_instead_of_starting_over(monkeypatch: pytest.MonkeyPatch) -> None:
    events = LOGS["small"].events
    index = LogIndex(events)
    computed_here = computing_counted(index, monkeypatch)
    index._texts_coming = parallel.parts_in_child(lambda: index.compute_texts().parts())
    assert index.find("drone") == found_by_walking(events, "drone")
    assert computed_here == [] and index._texts_coming is None


def test_an_index_takes_over_the_texts_of_the_same_events(monkeypatch: pytest.MonkeyPatch) -> None:
    log = LOGS["synthetic"]
    first = LogIndex(log.events)
    first.texts()
    grown = log.events[:-10] + tuple(dataclasses.replace(event, id=event.id + "-new") for event in log.events[-10:])
    second = LogIndex(grown, previous=first)
    computed: list[str] = []
    own_text = haystacks.own_text
    monkeypatch.setattr(haystacks, "own_text", lambda event, norm: computed.append(event.id) or own_text(event, norm))
    texts = second.texts()
    assert computed == [event.id for event in grown[-10:]]
    assert texts == Haystacks.of(grown)
    assert second.previous is None
    assert second.find("new") == found_by_walking(grown, "new")


def test_a_search_asked_again_is_not_scanned_again(monkeypatch: pytest.MonkeyPatch) -> None:
    log = LOGS["synthetic"]
    index = LogIndex(log.events)
    scanned: list[str] = []
    free_text = LogIndex.free_text
    monkeypatch.setattr(LogIndex, "free_text", lambda self, needle: scanned.append(needle) or free_text(self, needle))
    first = index.search("drone iraq")
    assert index.search("drone iraq") == first == index.search("iraq drone")
    assert sorted(scanned) == ["drone", "iraq"]
    assert index.positions(first) == found_by_walking(log.events, "drone iraq")


def placements(count: int) -> list[list[int]]:
    """Positions of added events among `count`: at the end (appends of several sizes), then put among the others
    (an event dated before the last: a late report), one or several, at the start, inside and at the end."""
    ends = [list(range(kept, count)) for kept in sorted({0, 1, count // 2, count * 9 // 10, count - 1, count}) if 0 <= kept <= count]
    rng = random.Random(count)
    among = [[0], [count // 3], [0, count - 1], sorted(rng.sample(range(count), min(count, 7)))] if count > 2 else []
    return ends + among


@pytest.mark.parametrize("warm", [True, False])
@pytest.mark.parametrize("name", list(LONG_LOGS))
def test_an_index_extended_by_appended_events_answers_as_one_built_anew(name: str, warm: bool) -> None:
    events = LONG_LOGS[name].events
    for positions in placements(len(events)):
        added = set(positions)
        before = LogIndex([event for at, event in enumerate(events) if at not in added])
        if warm:
            before.warm_up()
        else:
            before.prepare("actor")
        before.per_day(before.all)  # the whole log's day counts, carried on
        grown, fresh = extended(before, events, positions), LogIndex(events)
        assert grown.size == len(events) and before.size == len(events) - len(positions)  # the index before is as it was
        assert grown.month_only_positions == fresh.month_only_positions
        for field in ("type", "actor", "place", "weapon", "tag"):
            assert per_event(grown.column(field)) == per_event(fresh.column(field)), (name, positions, field)
        assert grown.values("id") == fresh.values("id")
        for view in views_of(LONG_LOGS[name]):
            mask = fresh.mask(view)
            assert grown.mask(view) == mask, (name, positions, str(view.query), view.side)
            assert grown.totals(mask) == fresh.totals(mask)
            assert grown.per_day(mask) == fresh.per_day(mask)
            assert grown.day_groups(mask) == fresh.day_groups(mask)
            for dimension in ("type", "actor", "weapon", "month"):
                assert grown.tally(mask, dimension) == fresh.tally(mask, dimension), (name, positions, str(view.query), dimension)
        for dimension in DIMENSIONS:
            assert grown.tally(grown.all, dimension, "name") == fresh.tally(fresh.all, dimension, "name")
        for text in ["drone", "kataib hez", "zzz", "e0001"]:
            assert grown.find(text) == fresh.find(text)
