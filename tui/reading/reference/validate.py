"""Turn a composed log into an EventLog: its top-level keys and reported counts, its events, then the checks across events.

The fast path reads the events its own way and ends as this does, with `finish` (see fast/reader.py.assemble).
"""

from __future__ import annotations

import bisect
import weakref
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

import yaml

from .fields import read_event, read_source
from .vocabulary import read_vocabulary
from ...core.vocabulary import EMPTY, Vocabulary
from ...core.model import QUALIFIER_SIGNS, Event, EventLog, Growth, Problem, ReportedCount, first_by_id
from .nodes import NULL, YAML, Budget, Reader, Skip, TooLarge, kind_of, quoted, too_large

if TYPE_CHECKING:
    from .compose import Parsed

HEADER_KEYS = ("version", "title", "reported_counts", "events", "response_actors", "vocabulary")


def read_reported_count(reader: Reader, node: yaml.Node) -> ReportedCount:
    items = reader.mapping(node, "a reported count")
    for key in ("as_of", "count"):
        if key not in items:
            raise reader.fail(node, f"reported count skipped: missing {key}")
    as_of, _ = reader.date(items["as_of"][1], "as_of")
    count = reader.integer(items["count"][1], "count")
    qualifier = reader.optional(items, "qualifier", reader.text, "exact")
    if qualifier not in QUALIFIER_SIGNS:
        reader.report(items["qualifier"][1], f"qualifier {quoted(qualifier)} is not one of {', '.join(QUALIFIER_SIGNS)}", "warning")
    source = reader.optional(items, "source", lambda n, w: read_source(reader, n))
    return ReportedCount(
        as_of=as_of,
        count=count,
        qualifier=qualifier,
        scope=reader.optional(items, "scope", reader.text),
        source=source,
        note=reader.optional(items, "note", reader.text),
        line=reader.line(node),
    )


def items_of(reader: Reader, node: yaml.Node, what: str, read: Callable[[yaml.Node], Any]) -> list[Any]:
    reader.check_tag(node)
    if isinstance(node, yaml.ScalarNode) and node.tag == NULL:
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise reader.fail(node, f"{what} must be a list, not {kind_of(node)}")
    values = []
    for item in node.value:
        try:
            values.append(read(item))
        except Skip:
            pass
        except RecursionError:
            reader.report(item, "nesting too deep; this item is skipped")
        except TooLarge as error:
            reader.report(item, too_large("this item", error))
    return values


def build_log(parsed: Parsed, file: str, problems: list[Problem]) -> EventLog:
    problems = problems + list(parsed.problems)
    budget = Budget()
    header = Reader(file, problems, budget=budget)
    items: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    if parsed.root is None and parsed.event_nodes is None and not parsed.problems:
        problems.append(Problem(file, 1, 1, "error", "the file is empty: expected `version: 1` and `events:`"))
    elif parsed.root is not None:
        try:
            items = header.mapping(parsed.root, "the top level of the log")
        except Skip:
            pass
    version = header.optional(items, "version", lambda n, w: header.integer(n, "version"))
    if items and version is None and "version" not in items:
        problems.append(Problem(file, 1, 1, "warning", "no `version:`; reading it as format version 1"))
    elif version not in (None, 1):
        header.report(items["version"][1], f"format version {version} is not known; reading it as version 1", "warning")
    for key, (key_node, _) in items.items():
        if key not in HEADER_KEYS:
            header.report(key_node, f"unknown top-level key {quoted(key)} is ignored", "warning")
    response_actors = frozenset(header.optional(items, "response_actors", header.texts, ()))
    counts = []
    if "reported_counts" in items:
        counts = header.optional(items, "reported_counts", lambda n, w: items_of(header, n, w, lambda n: read_reported_count(header, n)), [])

    def event(node: yaml.Node) -> Event:
        reader = Reader(file, problems, parsed.line_offsets.get(id(node), 0), budget)
        return read_event(reader, node, file, response_actors)

    if parsed.event_nodes is not None:
        events = items_of(header, yaml.SequenceNode(YAML + "seq", list(parsed.event_nodes)), "events", event)
    elif "events" in items:
        events = header.optional(items, "events", lambda n, w: items_of(header, n, w, event), [])
    else:
        events = []
        if items:
            problems.append(Problem(file, 1, 1, "error", "no `events:` list in the file"))
    title = header.optional(items, "title", header.text)
    vocabulary = header.optional(items, "vocabulary", lambda n, w: read_vocabulary(header, n), EMPTY)
    return finish(file, problems, title, events, counts, response_actors, vocabulary)


def unknown_links(events: Iterable[Event], by_id: Mapping[str, Event]) -> list[Problem]:
    """A warning for each responds_to id that no event has."""
    return [unknown_link(event, target) for event in events for target in event.responds_to if target not in by_id]


def unknown_link(event: Event, target: str) -> Problem:
    return Problem(event.file, event.line, 1, "warning", f"event {quoted(event.id)}{unknown_link_ending(target)}")


def unknown_link_ending(target: str) -> str:
    return f" responds_to unknown id {quoted(target)}"


def duplicate_id(event: Event, first: Event) -> Problem:
    return Problem(event.file, event.line, 1, "error", f"duplicate id {quoted(event.id)} (first at line {first.line})")


def finish(
    file: str,
    problems: list[Problem],
    title: str | None,
    events: list[Event],
    counts: list[ReportedCount],
    response_actors: frozenset[str],
    vocabulary: Vocabulary = EMPTY,
) -> EventLog:
    by_id = first_by_id(events)
    for event in events:
        first = by_id[event.id]
        if first is not event:
            problems.append(duplicate_id(event, first))
    problems += unknown_links(events, by_id)
    problems.sort(key=lambda p: (p.file, p.line, p.column))
    return EventLog(
        path=file,
        title=title,
        events=tuple(sorted(events, key=lambda e: e.sort_key)),
        reported_counts=tuple(sorted(counts, key=lambda c: c.as_of)),
        problems=tuple(problems),
        response_actors=tuple(sorted(response_actors)),
        by_id=by_id,
        vocabulary=vocabulary,
    )


def finish_appended(before: EventLog, added: list[Event], added_problems: list[Problem]) -> EventLog | None:
    """finish() for `before` (one file's log) plus events appended to its file, given the added events' own
    problems: each added event put in its place in time, and the checks across events made for the added ones
    alone. None where that would not be finish()'s answer: an added id may settle a warning of `before` (a
    responds_to id it has; then finish() on the whole says which warnings go).

    tests/unit/test_route.py compares every append with the reference load."""
    endings = tuple(unknown_link_ending(event.id) for event in added)
    if endings and any(problem.severity == "warning" and problem.message.endswith(endings) for problem in before.problems):
        return None
    kept = before.events
    if all(later.sort_key > earlier.sort_key for earlier, later in zip([*kept[-1:], *added], added)):
        positions = tuple(range(len(kept), len(kept) + len(added)))
        events = kept + tuple(added)  # one new tuple, not a list of a million beside it too
    else:
        listed = list(kept)
        placed: list[int] = []
        for event in added:  # its lines come after every line of `before`: after any event of the same day and time
            at = bisect.bisect_right(listed, event.sort_key, key=attrgetter("sort_key"))
            listed.insert(at, event)
            placed = [position + (position >= at) for position in placed] + [at]
        positions = tuple(sorted(placed))
        events = tuple(listed)
    by_id = dict(before.by_id)
    problems = list(added_problems)
    for event in added:
        first = by_id.setdefault(event.id, event)
        if first is not event:
            problems.append(duplicate_id(event, first))
    problems += unknown_links(added, by_id)
    problems.sort(key=lambda p: (p.file, p.line, p.column))
    return EventLog(
        path=before.path,
        title=before.title,
        events=events,
        reported_counts=before.reported_counts,
        problems=before.problems + tuple(problems),  # the added events' lines follow every line of `before`
        response_actors=before.response_actors,
        by_id=by_id,
        vocabulary=before.vocabulary,
        grown=Growth(weakref.ref(before), positions),
    )
