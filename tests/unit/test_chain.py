"""Retaliation chains: the tree through an event, each event once, with the time between links."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.ask.chain import ChainNode, chain_forest, chain_tree, flatten, gap_text, responders, tree_lines
from sitrep.reading import load
from sitrep.core.describe import distinct_lines
from sitrep.core.model import Event, EventLog, Location
from paths import ROOT, QUERY, UI


LOG = load(QUERY / "log.yaml")


def tree_of(log: EventLog, event_id: str) -> ChainNode:
    return chain_tree(log.by_id, responders(log), event_id)


def shape(tree: ChainNode) -> list[tuple[int, str]]:
    return [(depth, node.event.id) for depth, node in flatten(tree)]


def event(event_id: str, date: str, responds_to: tuple[str, ...] = (), time: str | None = None, offset: str | None = None) -> Event:
    day, month_only = (dt.date.fromisoformat(date), False) if len(date) == 10 else (dt.date.fromisoformat(date + "-01"), True)
    return Event(event_id, day, "strike", "A", line=0, month_only=month_only, time=time, utc_offset=offset, responds_to=responds_to)


def graph(*events: Event) -> EventLog:
    return EventLog("test", events=events, by_id={e.id: e for e in events})


def test_chain_is_rooted_at_the_earliest_ancestor_and_runs_down() -> None:
    # r2 answers a2 and a3; a4 answers r2; r3 and r4 answer a4.
    expected = [(0, "a2"), (1, "r2"), (2, "a4"), (3, "r3"), (3, "r4")]
    for start in ("a2", "r2", "a4", "r3", "r4"):
        assert shape(tree_of(LOG, start)) == expected, start


def test_other_parents_are_roots_of_their_own_view() -> None:
    # a3 is later than a2, so the chain through r2 starts at a2; from a3 it starts at a3.
    assert shape(tree_of(LOG, "a3")) == [(0, "a3"), (1, "r2"), (2, "a4"), (3, "r3"), (3, "r4")]


def test_an_event_without_links_is_a_tree_of_one() -> None:
    tree = tree_of(LOG, "m1")
    assert tree == ChainNode(LOG.by_id["m1"], None, ())
    assert tree_lines(tree) == ["2024-01 rocket attack: unclaimed · Syria"]


def test_tree_lines() -> None:
    assert tree_lines(tree_of(LOG, "r4")) == [
        "2024-01-20 missile attack: Islamic Resistance in Iraq → Ain al-Asad Air Base",
        "└─ 2024-01-24 airstrike: United States → Kataib Hezbollah · Jurf al-Sakhar (+4 days)",
        "   └─ 2024-01-28 drone attack: Islamic Resistance in Iraq → Tower 22 (+4 days)",
        "      ├─ 2024-02-03 airstrike: United States → IRGC Quds Force · al-Qaim (+6 days)",
        "      └─ 2024-02-07 drone strike: United States → Kataib Hezbollah commander (+10 days)",
    ]


def test_gap_uses_times_when_both_events_give_one() -> None:
    tree = tree_of(LOG, "a1")  # 25 Dec 05:45 to 26 Dec 04:45, both +03:00
    assert tree.gap is None
    assert tree.children[0].gap == dt.timedelta(hours=23)
    assert tree_lines(tree)[1] == "└─ 2023-12-26 airstrike: United States → Kataib Hezbollah | three facilities · Hilla (+23 h)"


def test_gap_across_utc_offsets_and_without_them() -> None:
    log = graph(event("x", "2024-01-01", time="10:00", offset="+03:00"), event("y", "2024-01-01", ("x",), time="10:30", offset="+00:00"))
    assert tree_of(log, "y").children[0].gap == dt.timedelta(hours=3, minutes=30)
    log = graph(event("x", "2024-01-01", time="10:00", offset="+03:00"), event("y", "2024-01-02", ("x",), time="09:00"))
    assert tree_of(log, "y").children[0].gap == dt.timedelta(hours=23)
    log = graph(event("x", "2024-01-01", time="10:00"), event("y", "2024-01-03", ("x",)))
    assert tree_of(log, "y").children[0].gap == dt.timedelta(days=2)


def test_month_only_gap_is_unknown() -> None:
    log = graph(event("x", "2024-01"), event("y", "2024-02-03", ("x",)))
    tree = tree_of(log, "y")
    assert tree.children[0].gap is None
    assert tree_lines(tree)[1].endswith("(gap unknown)")


@pytest.mark.parametrize(
    ("gap", "text"),
    [
        (None, "gap unknown"),
        (dt.timedelta(0), "same day"),
        (dt.timedelta(days=1), "+1 day"),
        (dt.timedelta(days=6), "+6 days"),
        (dt.timedelta(hours=5, minutes=30), "+5 h 30 min"),
        (dt.timedelta(days=1, hours=4), "+1 day 4 h"),
        (dt.timedelta(minutes=45), "+45 min"),
        (dt.timedelta(days=-2), "-2 days"),
    ],
)
def test_gap_text(gap: dt.timedelta | None, text: str) -> None:
    assert gap_text(gap) == text


def test_cycles_end_and_show_each_event_once() -> None:
    log = graph(event("x", "2024-01-02", ("y",)), event("y", "2024-01-01", ("x",)), event("z", "2024-01-03", ("z", "x")))
    for start in ("x", "y", "z"):
        assert shape(tree_of(log, start)) == [(0, "y"), (1, "x"), (2, "z")], start


def test_diamond_puts_the_shared_event_once_at_its_shallowest_place() -> None:
    log = graph(
        event("a", "2024-01-01"),
        event("b", "2024-01-02", ("a",)),
        event("c", "2024-01-03", ("a",)),
        event("d", "2024-01-04", ("b", "c")),
        event("e", "2024-01-05", ("d", "a")),
    )
    assert shape(tree_of(log, "d")) == [(0, "a"), (1, "b"), (2, "d"), (1, "c"), (1, "e")]
    assert tree_lines(tree_of(log, "a")) == [
        "2024-01-01 strike: A",
        "├─ 2024-01-02 strike: A (+1 day)",
        "│  └─ 2024-01-04 strike: A (+2 days)",
        "├─ 2024-01-03 strike: A (+2 days)",
        "└─ 2024-01-05 strike: A (+4 days)",
    ]


def test_ids_missing_from_the_log_are_skipped() -> None:
    log = graph(event("a", "2024-01-01", ("gone",)), event("b", "2024-01-02", ("a", "gone")))
    assert shape(tree_of(log, "b")) == [(0, "a"), (1, "b")]


def test_a_long_chain_needs_no_recursion() -> None:
    events = [event("e0", "2024-01-01")]
    events += [event(f"e{i}", "2024-01-01", (f"e{i - 1}",), time=f"{i // 60 % 24:02d}:{i % 60:02d}") for i in range(1, 3000)]
    log = graph(*events)
    tree = tree_of(log, "e2999")
    rows = flatten(tree)
    assert len(rows) == 3000 and rows[-1][0] == 2999
    assert len(tree_lines(tree)) == 3000


def test_real_log_chains() -> None:
    log = load(ROOT / "events.yaml")
    tree = tree_of(log, "2023-12-26-hilla-kataib-hezbollah-strikes")
    assert shape(tree) == [(0, "2023-12-25-erbil-drone"), (1, "2023-12-26-hilla-kataib-hezbollah-strikes")]
    tower = tree_of(log, "2024-02-07-baghdad-kataib-hezbollah-commander-strike")
    assert tower.event.id == "2024-01-28-tower-22-drone"
    assert [node.event.id for node in tower.children] == [
        "2024-02-03-iraq-al-qaim-akashat-strikes",
        "2024-02-03-syria-al-bukamal-mayadeen-strikes",
        "2024-02-07-baghdad-kataib-hezbollah-commander-strike",
    ]


def test_a_strike_answering_several_attacks_has_a_tree_for_each() -> None:
    log = load(UI / "small.yaml")
    forest = chain_forest(log.by_id, responders(log), "2024-01-24-us-strikes-three-sites")
    assert [[node.event.id for _, node in flatten(tree)] for tree in forest] == [
        ["2024-01-20-ain-al-asad-drones", "2024-01-24-us-strikes-three-sites"],
        ["2024-01-20-ain-al-asad-missiles"],
    ]
    assert [tree_lines(tree)[0][:10] for tree in forest] == ["2024-01-20", "2024-01-20"]


def test_rows_of_one_day_tell_the_place_and_the_id_when_the_place_does_not_tell_them_apart() -> None:
    def strike(id: str, place: str | None) -> Event:
        return Event(
            id=id, date=dt.date(2024, 2, 3), type="airstrike", actor="United States", target="IRGC Quds Force", line=1,
            location=Location(name=place) if place else None,
        )

    iraq, syria, bare, twin = strike("iraq", "al-Qaim"), strike("syria", "Deir ez-Zor"), strike("a", None), strike("b", None)
    assert distinct_lines([iraq, syria]) == [
        "2024-02-03 airstrike: United States → IRGC Quds Force · al-Qaim",
        "2024-02-03 airstrike: United States → IRGC Quds Force · Deir ez-Zor",
    ]
    assert distinct_lines([bare, twin, iraq]) == [
        "2024-02-03 airstrike: United States → IRGC Quds Force · a",
        "2024-02-03 airstrike: United States → IRGC Quds Force · b",
        "2024-02-03 airstrike: United States → IRGC Quds Force · al-Qaim",
    ]
