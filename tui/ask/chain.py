"""Retaliation chains as trees: an attack, the strikes that answered it, the attacks that answered those ...

Links come from `responds_to`. A strike often answers several attacks, so the links form a graph, not a
tree; the tree shows each event once, under the first event (breadth first, by date) that leads to it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from operator import attrgetter
from typing import Iterable, Mapping, Sequence

from ..core.describe import distinct_lines
from ..core.model import Event, EventLog


def responders(log: EventLog) -> dict[str, tuple[Event, ...]]:
    """For each event id, the events that answer it."""
    answered: dict[str, list[Event]] = defaultdict(list)
    for event in log.events:
        for target in event.responds_to:
            answered[target].append(event)
    return {key: tuple(value) for key, value in answered.items()}


def more_responders(answered: Mapping[str, tuple[Event, ...]], added: Iterable[Event]) -> dict[str, tuple[Event, ...]]:
    """responders() of a log that grew by `added`, given that of the log before: each answer in the log's order."""
    grown = dict(answered)
    for event in added:
        for target in event.responds_to:
            grown[target] = tuple(sorted((*grown.get(target, ()), event), key=attrgetter("sort_key")))
    return grown


@dataclass(frozen=True)
class ChainNode:
    event: Event
    gap: dt.timedelta | None
    """Time since the parent's event; None at the root, and when either date gives only the month."""
    children: tuple[ChainNode, ...] = ()


def chain_tree(events_by_id: Mapping[str, Event], responders: Mapping[str, Sequence[Event]], event_id: str) -> ChainNode:
    """The chain through `event_id`, rooted at its earliest ancestor (by date) through responds_to.

    Everything reachable downward from that root is included, each event once, so cycles and diamonds
    in the links cannot repeat or loop. Ids in responds_to that are not in the log are skipped.
    """
    roots = first_attacks(events_by_id, event_id)
    return tree_from(roots[0], responders, set())


def chain_forest(events_by_id: Mapping[str, Event], responders: Mapping[str, Sequence[Event]], event_id: str) -> tuple[ChainNode, ...]:
    """Every chain through `event_id`: one tree per first attack it goes back to, earliest first.

    A strike that answers three attacks has three roots; one tree alone would hide two of the attacks.
    Each event still appears once across the trees.
    """
    seen: set[str] = set()
    return tuple(tree_from(root, responders, seen) for root in first_attacks(events_by_id, event_id))


def first_attacks(events_by_id: Mapping[str, Event], event_id: str) -> list[Event]:
    """The ancestors of the event (itself included) that answer nothing in the log, by date."""
    event = events_by_id[event_id]
    seen = {event.id}
    stack = [event]
    roots = []
    while stack:
        current = stack.pop()
        parents = [events_by_id[i] for i in current.responds_to if i in events_by_id]
        if not parents:
            roots.append(current)
        for parent in parents:
            if parent.id not in seen:
                seen.add(parent.id)
                stack.append(parent)
    if not roots:  # every ancestor answers another: a cycle; start from the earliest of them
        roots = [min((events_by_id[i] for i in seen), key=lambda e: e.sort_key)]
    return sorted(roots, key=lambda e: e.sort_key)


def tree_from(root: Event, responders: Mapping[str, Sequence[Event]], seen: set[str]) -> ChainNode:
    """Everything reachable downward from `root` and not in `seen` (which it extends)."""
    seen.add(root.id)
    # Breadth first, so an event reached two ways sits at its shallowest place.
    order = [root]
    parent_of: dict[str, Event] = {}
    kids: dict[str, list[str]] = {}
    for current in order:
        for child in sorted(responders.get(current.id, ()), key=lambda e: e.sort_key):
            if child.id not in seen:
                seen.add(child.id)
                parent_of[child.id] = current
                kids.setdefault(current.id, []).append(child.id)
                order.append(child)
    # Children come after their parent in `order`, so building from the end always finds them made.
    built: dict[str, ChainNode] = {}
    for current in reversed(order):
        parent = parent_of.get(current.id)
        children = tuple(built[kid] for kid in kids.get(current.id, ()))
        built[current.id] = ChainNode(current, gap(parent, current) if parent else None, children)
    return built[root.id]


def gap(parent: Event, child: Event) -> dt.timedelta | None:
    """Whole days from the dates; hours too when both events give a time (and offsets when both give one)."""
    if parent.month_only or child.month_only:
        return None
    if parent.time and child.time:
        return moment(child, parent) - moment(parent, child)
    return child.date - parent.date


def moment(event: Event, other: Event) -> dt.datetime:
    """The event's local time; zone-aware only when the other event also gives its UTC offset."""
    hours, minutes = (int(part) for part in (event.time or "00:00").split(":"))
    zone = None
    if event.utc_offset and other.utc_offset:
        sign = -1 if event.utc_offset.startswith("-") else 1
        offset_hours, offset_minutes = (int(part) for part in event.utc_offset[1:].split(":"))
        zone = dt.timezone(sign * dt.timedelta(hours=offset_hours, minutes=offset_minutes))
    return dt.datetime.combine(event.date, dt.time(hours, minutes), zone)


def flatten(tree: ChainNode) -> list[tuple[int, ChainNode]]:
    """(depth, node) in reading order, the root at depth 0: the rows of a tree view."""
    rows: list[tuple[int, ChainNode]] = []
    stack = [(0, tree)]
    while stack:
        depth, node = stack.pop()
        rows.append((depth, node))
        stack.extend((depth + 1, child) for child in reversed(node.children))
    return rows


def gap_text(gap: dt.timedelta | None) -> str:
    """`+1 day`, `+5 h 30 min`, `same day`; `-2 days` when a response is dated before what it answers."""
    if gap is None:
        return "gap unknown"
    sign = "-" if gap < dt.timedelta(0) else "+"
    days, seconds = divmod(int(abs(gap).total_seconds()), 86400)
    parts = [f"{days} day{'' if days == 1 else 's'}"] if days else []
    if seconds >= 3600:
        parts.append(f"{seconds // 3600} h")
    if seconds % 3600 >= 60:
        parts.append(f"{seconds % 3600 // 60} min")
    return sign + " ".join(parts) if parts else "same day"


def tree_lines(tree: ChainNode) -> list[str]:
    """The tree as text: `├─ 2023-12-26 airstrike: United States → Kataib Hezbollah (+1 day)`."""
    nodes = []
    stack = [(tree, "", "")]
    while stack:
        node, prefix, indent = stack.pop()
        nodes.append((node, prefix))
        for index in reversed(range(len(node.children))):
            last = index == len(node.children) - 1
            stack.append((node.children[index], indent + ("└─ " if last else "├─ "), indent + ("   " if last else "│  ")))
    labels = distinct_lines([node.event for node, _ in nodes])
    return [prefix + label + (f" ({gap_text(node.gap)})" if prefix else "") for (node, prefix), label in zip(nodes, labels)]
