"""Reading composed YAML nodes as plain values, reporting every problem at its line.

Values are read from the node text, not through PyYAML's constructors, so a
tag can never run code, an unquoted `18:30` stays a time, and a country `NO`
keeps its letters (with a warning) instead of becoming `false`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable

import yaml

from ...core.model import Figure, Problem

YAML = "tag:yaml.org,2002:"
INT, FLOAT, BOOL, NULL = (YAML + t for t in ("int", "float", "bool", "null"))
KNOWN_TAGS = {YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge", "binary", "omap", "set", "value")}
# re.ASCII: \d is 0-9 only, not every script's digits ("٢٠٢٤" is not a year here).
DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$", re.ASCII)
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]", re.ASCII)
WHOLE_NUMBER = re.compile(r"[-+]?\d[\d_]*", re.ASCII)
MAX_DIGITS = 15
"""A whole number (a casualty figure, a count) has at most this many digits: more is a typo or an attack."""
MAX_VALUE_NODES = 100_000
MAX_REPEATED_CHARS = 10_000_000
"""Characters of text that aliases may repeat, plus 10 per character written in the file."""
MAX_NESTING = 100
"""Levels of lists and mappings inside the value of a key the format does not know."""


class Skip(Exception):
    """The value cannot be used; the problem has been reported."""


class TooLarge(Exception):
    """Aliases made the reader repeat more nodes, or more text, than the file-wide budget allows."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Budget:
    """State shared by every Reader of one file, so aliases cannot blow up time or memory.

    Reading a node the first time is free (it is written in the file). Reading it
    again, through an alias, is a repeat: a file may make at most MAX_VALUE_NODES
    repeats plus 10 per node it holds, and repeat at most MAX_REPEATED_CHARS characters
    of text plus 10 per character it holds (one long text behind many aliases would
    otherwise cost gigabytes in the search index and the exports). Mappings merged
    with `<<` are read once and remembered, so merges cost one repeat however deeply
    they nest.
    """

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.repeats = 0
        self.chars = 0
        self.repeated_chars = 0
        self.merged: dict[int, dict[str, tuple[yaml.Node, yaml.Node]] | None] = {}

    def visit(self, node: yaml.Node) -> None:
        size = len(node.value) if isinstance(node, yaml.ScalarNode) else 0
        if id(node) not in self.seen:
            self.seen.add(id(node))
            self.chars += size
            return
        self.repeats += 1
        self.repeated_chars += size
        if self.repeats > MAX_VALUE_NODES + 10 * len(self.seen):
            raise TooLarge(f"too many values (over {MAX_VALUE_NODES}; an alias bomb?)")
        if self.repeated_chars > MAX_REPEATED_CHARS + 10 * self.chars:
            raise TooLarge(f"too much text (over {MAX_REPEATED_CHARS} characters; an alias bomb?)")


class Reader:
    """Reads nodes of one piece of the file, collecting problems with absolute line numbers."""

    def __init__(self, file: str, problems: list[Problem], line_offset: int = 0, budget: Budget | None = None) -> None:
        self.file = file
        self.problems = problems
        self.offset = line_offset
        self.budget = budget if budget is not None else Budget()

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.offset

    def report(self, node: yaml.Node, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.file, self.line(node), node.start_mark.column + 1, severity, message))  # type: ignore[arg-type]

    def fail(self, node: yaml.Node, message: str) -> Skip:
        self.report(node, message)
        return Skip()

    def check_tag(self, node: yaml.Node) -> None:
        self.budget.visit(node)
        if node.tag not in KNOWN_TAGS:
            tag = "!!" + node.tag[len(YAML):] if node.tag.startswith(YAML) else node.tag
            raise self.fail(node, f"YAML tag {escaped(tag)} refused: only plain data is allowed")

    def mapping(self, node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """Keys to (key node, value node); merge keys applied, duplicate keys reported."""
        self.check_tag(node)
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping of keys to values, not {kind_of(node)}")
        items: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        merged: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if key_node.tag == YAML + "merge":
                for source in value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]:
                    try:
                        for key, pair in self.merge_source(source).items():
                            merged.setdefault(key, pair)
                    except Skip:
                        pass
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.report(key_node, f"{what} has a key that is not plain text; it is ignored")
                continue
            try:
                self.check_tag(key_node)
            except Skip:
                continue
            key = key_node.value
            if key in items:
                first = self.line(items[key][0])
                self.report(key_node, f"duplicate key {quoted(key)} (first at line {first}); the last value is kept")
            items[key] = (key_node, value_node)
        return {**merged, **items}

    def merge_source(self, node: yaml.Node) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """A mapping merged with `<<`, read once and remembered: nested merges cannot multiply the work."""
        memo = self.budget.merged
        if id(node) in memo:
            known = memo[id(node)]
            if known is None:
                raise self.fail(node, "a merge (<<) refers to the mapping it is in; the merge is ignored")
            self.budget.visit(node)
            return known
        memo[id(node)] = None
        try:
            memo[id(node)] = result = self.mapping(node, "a merged value (<<)")
        except BaseException:
            del memo[id(node)]
            raise
        return result

    def text(self, node: yaml.Node, what: str) -> str | None:
        """A string field: None when empty or null."""
        self.check_tag(node)
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, f"{what} must be text, not {kind_of(node)}")
        if node.tag == YAML + "binary":
            raise self.fail(node, f"{what} must be text, not binary data (!!binary)")
        if is_null(node):
            return None
        if not node.style and node.tag == BOOL:
            self.report(
                node,
                f"{what} {quoted(node.value)} would be read by YAML 1.1 as {str(node.value.lower() in TRUE_WORDS).lower()}; "
                f'kept as the text {quoted(node.value)}, quote it ("{escaped(node.value)}") to be clear',
                "warning",
            )
        return node.value

    def required_text(self, node: yaml.Node, what: str) -> str:
        value = self.text(node, what)
        if not value or not value.strip():
            raise self.fail(node, f"{what} is empty")
        return value.strip()

    def texts(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        """A list of strings; a single string is accepted as a list of one."""
        if isinstance(node, yaml.ScalarNode):
            value = self.text(node, what)
            return (value,) if value else ()
        self.check_tag(node)
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} must be a list, not {kind_of(node)}")
        values = []
        for item in node.value:
            try:
                value = self.text(item, f"an item of {what}")
            except Skip:
                continue
            if value:
                values.append(value)
        return tuple(values)

    def integer(self, node: yaml.Node, what: str) -> int:
        self.check_tag(node)
        if not isinstance(node, yaml.ScalarNode) or node.tag != INT or not WHOLE_NUMBER.fullmatch(node.value):
            raise self.fail(node, f"{what} must be a whole number, not {shown(node)}")
        digits = node.value.replace("_", "").lstrip("+-").lstrip("0")
        if len(digits) > MAX_DIGITS:  # also keeps int() clear of Python's limit on digits
            raise self.fail(node, f"{what} {shown(node)} is too large (more than {MAX_DIGITS} digits)")
        value = int(node.value.replace("_", ""))
        if len(digits) < len(node.value.replace("_", "").lstrip("+-")) and value:
            self.report(node, f"{what} {shown(node)} has a leading zero: read as {value}, but YAML 1.1 readers take it "
                        f"for an octal number; write {value}", "warning")
        return value

    def number(self, node: yaml.Node, what: str, low: float, high: float) -> float:
        self.check_tag(node)
        try:
            if not isinstance(node, yaml.ScalarNode) or node.tag not in (INT, FLOAT):
                raise ValueError
            value = float(node.value.replace("_", ""))
        except ValueError:
            raise self.fail(node, f"{what} must be a number, not {shown(node)}") from None
        if not low <= value <= high:
            raise self.fail(node, f"{what} {escaped(node.value)} is outside {low:g}..{high:g}")
        return value

    def date(self, node: yaml.Node, what: str) -> tuple[dt.date, bool]:
        """(date, month_only)."""
        self.check_tag(node)
        value = node.value if isinstance(node, yaml.ScalarNode) else None
        match = DATE.match(value) if value else None
        if not match:
            hint = "; put the time in `time:` and any UTC offset in `utc_offset:`" if value and DATETIME.match(value) else ""
            raise self.fail(node, f"{what} must be YYYY-MM-DD or YYYY-MM, not {shown(node)}{hint}")
        year, month, day = match.groups()
        try:
            return dt.date(int(year), int(month), int(day or 1)), day is None
        except ValueError:
            raise self.fail(node, f"{what} {value!r} is not a real date") from None

    def figure(self, node: yaml.Node, what: str) -> Figure | None:
        self.check_tag(node)
        if is_null(node):
            return None
        if isinstance(node, yaml.SequenceNode):
            if len(node.value) != 2:
                raise self.fail(node, f"{what} range must be [low, high], not {len(node.value)} numbers")
            low, high = (self.integer(item, f"{what} range") for item in node.value)
            if low > high:
                raise self.fail(node, f"{what} range [{low}, {high}] has low > high")
        elif isinstance(node, yaml.ScalarNode) and node.tag == INT:
            low = high = self.integer(node, what)
        else:
            raise self.fail(node, f"{what} must be a whole number or a [low, high] range, not {shown(node)}")
        if low < 0:
            raise self.fail(node, f"{what} {low} is negative")
        return (low, high)

    def optional(self, items: dict, key: str, read: Callable[[yaml.Node, str], Any], default: Any = None) -> Any:
        """An optional field: absent, null or empty (`key:` with nothing after it) all give the default."""
        if key not in items or is_null(items[key][1]):
            return default
        try:
            value = read(items[key][1], key)
        except Skip:
            return default
        except TooLarge as error:
            self.report(items[key][0], too_large(f"the value of {quoted(key)}", error))
            return default
        except RecursionError:  # merges chained through many anchors
            self.report(items[key][0], f"the value of {quoted(key)} is dropped: nested too deep")
            return default
        return default if value is None else value

    def plain(self, node: yaml.Node, ancestors: set[int] | None = None) -> Any:
        """Any value as plain Python (scalars as their text), for keys the format does not know; refuses tags."""
        self.check_tag(node)
        if isinstance(node, yaml.ScalarNode):
            return None if is_null(node) else node.value
        ancestors = set() if ancestors is None else ancestors
        if id(node) in ancestors:
            raise self.fail(node, "a value contains itself through an alias; dropped")
        if len(ancestors) >= MAX_NESTING:
            raise self.fail(node, f"a value nested more than {MAX_NESTING} levels deep; dropped")
        ancestors.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.plain(item, ancestors) for item in node.value]
            return {key: self.plain(value, ancestors) for key, (_, value) in self.mapping(node, "value").items()}
        finally:
            ancestors.discard(id(node))


TRUE_WORDS = {"yes", "y", "true", "on"}


def too_large(what: str, error: TooLarge) -> str:
    return f"{what} is dropped: its aliases repeat {error.reason}"


def is_null(node: yaml.Node) -> bool:
    """Null as YAML means it: `~`, `null`, nothing, or an explicit `!!null` on any scalar (`!!null ""`); a quoted
    scalar is never resolved to null, so a quoted "null" stays text."""
    return isinstance(node, yaml.ScalarNode) and node.tag == NULL


def kind_of(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return shown(node)


def shown(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return quoted(node.value) if node.value else "an empty value"
    return kind_of(node)


def clipped(text: str, limit: int = 40) -> str:
    """Text from the file, cut short for a message: a 10 MB id must not make a 10 MB message."""
    return text if len(text) <= limit else text[:limit] + "…"


def quoted(text: str) -> str:
    """Text from the file in a message: quoted, clipped, control characters escaped (repr does that)."""
    return repr(clipped(text))


def escaped(text: str) -> str:
    """Text from the file in a message, unquoted: clipped, anything unprintable as a Python escape."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in clipped(text))
