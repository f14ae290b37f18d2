"""Reading a log's `vocabulary:` section, and the checks of the events against it (docs/format.md, "Vocabulary")."""

from __future__ import annotations

from typing import Iterable

import yaml

from ...core.model import Event, Problem
from ...core.vocabulary import FIELDS, Term, Vocabulary, conflicts, normal
from .nodes import Reader, Skip, quoted


def read_term(reader: Reader, node: yaml.Node, name: str) -> Term:
    """`- airstrike`, or `- {value: airstrike, group: …, aliases: [air strike, …]}`."""
    if isinstance(node, yaml.ScalarNode):
        return Term(reader.required_text(node, f"a {name} vocabulary value"), line=reader.line(node), file=reader.file)
    items = reader.mapping(node, f"a {name} vocabulary entry")
    if "value" not in items:
        raise reader.fail(node, f"a {name} vocabulary entry needs a `value:`")
    for key, (key_node, _) in items.items():
        if key not in ("value", "group", "aliases"):
            reader.report(key_node, f"unknown key {quoted(key)} in a vocabulary entry is ignored", "warning")
    return Term(
        value=reader.required_text(items["value"][1], f"{name} vocabulary value"),
        group=reader.optional(items, "group", reader.text),
        aliases=tuple(alias.strip() for alias in reader.optional(items, "aliases", reader.texts, ()) if alias.strip()),
        line=reader.line(node),
        file=reader.file,
    )


def read_vocabulary(reader: Reader, node: yaml.Node) -> Vocabulary:
    fields = reader.mapping(node, "vocabulary")
    terms: dict[str, tuple[Term, ...]] = {}
    for name, (key_node, value_node) in fields.items():
        if name not in FIELDS:
            reader.report(key_node, f"vocabulary for {quoted(name)} is ignored: only {', '.join(FIELDS)} have one", "warning")
            continue
        reader.check_tag(value_node)
        if not isinstance(value_node, yaml.SequenceNode):
            reader.report(value_node, f"the {name} vocabulary must be a list of entries")
            continue
        found = []
        for item in value_node.value:
            try:
                found.append(read_term(reader, item, name))
            except Skip:
                pass
        terms[name] = tuple(found)
        reader.problems += conflict_problems(name, found)
    return Vocabulary(terms)


def conflict_problems(name: str, terms: list[Term]) -> list[Problem]:
    """An alias (or value) claimed by two entries of one field: a problem at each entry's line."""
    problems = []
    for written, first, second in conflicts(terms):
        message = f"{quoted(written)} is listed under two {name} values, {quoted(first.value)} and {quoted(second.value)}"
        problems.append(Problem(second.file, second.line, 1, "warning", f"{message}; the first is used"))
        problems.append(Problem(first.file, first.line, 1, "warning", f"{message} (also at {second.file}:{second.line})"))
    return problems


def written_values(event: Event, name: str) -> Iterable[str]:
    if name == "weapons":
        return event.weapons
    value = getattr(event, name)
    return (value,) if value else ()


def vocabulary_findings(events: Iterable[Event], vocabulary: Vocabulary) -> list[Problem]:
    """What `sitrep check` adds for a log with a vocabulary: each value outside its field's vocabulary (with the
    nearest canonical values), and each entry no event uses (info). Checked on the whole log, several files as one."""
    problems: list[Problem] = []
    used: set[tuple[str, str]] = set()
    events = list(events)
    for name, terms in vocabulary.terms.items():
        for event in events:
            for written in written_values(event, name):
                term = vocabulary.term(name, written)
                if term is not None:
                    used.add((name, normal(term.value)))
                    continue
                near = vocabulary.nearest(name, written)
                hint = f"; did you mean {' or '.join(quoted(value) for value in near)}?" if near else ""
                problems.append(Problem(event.file, event.line, 1, "warning", f"{quoted(written)} is not in the {name} vocabulary{hint}"))
        for term in terms:
            if (name, normal(term.value)) not in used:
                problems.append(Problem(term.file, term.line, 1, "info", f"{name} vocabulary entry {quoted(term.value)} is used by no event"))
    return sorted(problems, key=lambda p: (p.file, p.line, p.column))
