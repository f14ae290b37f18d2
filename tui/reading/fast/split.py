"""Cutting a log's text at its top-level events, and reading the header around them, for the fast path.

The cut must give what composing the whole document would give: where it cannot be trusted, ReferencePath
sends the whole file to the reference path (`reference.compose.compose_document` + `reference.validate.build_log`).
"""

from __future__ import annotations

import re

import yaml

from ...core.model import EventLog, Problem
from ..reference.compose import Parsed, compose
from ..reference.validate import build_log

EVENTS_KEY = re.compile(r"^events[^\S\n]*:[^\S\n]*(#.*)?$", re.M)
"""`reference.compose.EVENTS_KEY` applied to the whole text: `\\s` must not run past the end of the line."""
DIRECTIVE = re.compile(r"^%", re.M)
"""A `%TAG` or `%YAML` directive: it changes what the tags of every event mean, which the fast path reads without."""
FIRST_ITEM = re.compile(r"^( *)([^ \n#])", re.M)
NOT_END = r"(?!\t|<<<<<<<|=======|>>>>>>>|\|\|\|\|\|\|\|)"
"""Lines at indent 0 that do not end the events block: a tab-indented line, git conflict markers."""
LINE_BREAKS = re.compile("[\x85\u2028\u2029\ufeff]")
"""What YAML 1.1 reads as a line break (NEL, LS, PS), and the BOM: a file holding one takes the reference path.
(`reading.text.decode` already turned CR into LF and every character YAML refuses into U+FFFD.)"""


class ReferencePath(Exception):
    """The whole file must be read by the reference path."""


class Split:
    """The `events:` block as `reference.compose.split_events` finds it, located in the text without splitting every line."""

    def __init__(self, text: str) -> None:
        key = EVENTS_KEY.search(text)
        if key is None or DIRECTIVE.search(text, 0, key.start()):
            raise ReferencePath
        self.key_line = text.count("\n", 0, key.start())
        body = text.find("\n", key.end())
        if body < 0:
            raise ReferencePath
        body += 1
        first = FIRST_ITEM.search(text, body)
        if first is None or first.group(2) != "-":
            raise ReferencePath
        self.indent = indent = len(first.group(1))
        item, not_item = item_patterns(indent)
        if not item.match(text, first.start() - 1):
            raise ReferencePath  # the first item is not one split_events would cut at
        # One pass finds both: the items' first lines, and the first line that ends the block.
        either = re.compile(r"\n(?: {%d}-(?=\s|$)|(?=[^ \n#])%s%s())" % (indent, NOT_END, not_item), re.M)
        self.starts = starts = []
        self.end = len(text)
        for m in either.finditer(text, first.start() - 1):
            if m.group(1) is not None:
                self.end = m.start() + 1
                break
            starts.append(m.start() + 1)
        self.first_line = self.key_line + text.count("\n", key.start(), first.start())

    @classmethod
    def of_tail(cls, text: str, indent: int, first_line: int) -> Split:
        """The events of `text` = a newline + the file from an event's first line on, when they run to its end."""
        split = cls.__new__(cls)
        split.key_line = -1
        split.indent = indent
        split.first_line = first_line
        item, not_item = item_patterns(indent)
        if not item.match(text, 0):
            raise ReferencePath
        if re.compile(r"\n(?=[^ \n#])" + NOT_END + not_item, re.M).search(text, 0):
            raise ReferencePath  # top-level keys after the events now: read the whole file
        split.end = len(text)
        split.starts = [m.start() + 1 for m in item.finditer(text, 0, split.end)]
        return split

    def header_text(self, text: str) -> str:
        """The file with the events block blanked: every line keeps its number."""
        blank = text.count("\n", self.starts[0], self.end)
        return text[: self.starts[0]] + "\n" * blank + text[self.end :]


def item_patterns(indent: int) -> tuple[re.Pattern, str]:
    """An event's first line (a `-` at the events' indent), and what keeps a line at indent 0 from being one.

    The pattern starts with the newline before its line: a literal prefix the regex engine finds fast."""
    return re.compile(r"\n {%d}-(?=\s|$)" % indent, re.M), r"(?!-(?:\s|$))" if indent == 0 else ""


def has_alias(node: yaml.Node) -> bool:
    """Whether a node is reached twice (an alias), walking without recursion."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
    return False


def compose_or_decline(text: str) -> yaml.Node | None:
    try:
        return compose(text)
    except (yaml.YAMLError, RecursionError):
        raise ReferencePath from None


def read_header(text: str, split: Split, file: str, problems: list[Problem]) -> EventLog:
    root = compose_or_decline(split.header_text(text))
    if not isinstance(root, yaml.MappingNode) or has_alias(root):
        raise ReferencePath
    events = [(key, value) for key, value in root.value if isinstance(key, yaml.ScalarNode) and key.value == "events"]
    if len(events) != 1:
        raise ReferencePath
    key, value = events[0]
    if key.start_mark.line != split.key_line or key.tag != "tag:yaml.org,2002:str":
        raise ReferencePath
    if not isinstance(value, yaml.ScalarNode) or value.tag != "tag:yaml.org,2002:null" or value.value or value.style:
        raise ReferencePath  # something after the events list reads as more of it (a `-` line at indent 0)
    if any(key.tag == "tag:yaml.org,2002:merge" for key, _ in root.value):
        raise ReferencePath
    return build_log(Parsed(root, (), {}, ()), file, problems)


def check_characters(text: str) -> None:
    if not text.isascii() and LINE_BREAKS.search(text):
        raise ReferencePath
