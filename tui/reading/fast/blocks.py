"""Reading an event written in block style into its keys and values: block mappings and lists of one-line values.

The fast path's general reader, for an event the line cache (`fast/reader.py.ChunkReader.simple_record`) declines.
"""

from __future__ import annotations

import re

from .scalars import KEY, Fallback, block_scalar

ITEM_KEY = re.compile(rf"( *)({KEY}):(?: +(.*))?$")


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def skip_blank(lines: list[str], i: int) -> int:
    """The index of the next line with content (not blank, not a comment), or len(lines)."""
    n = len(lines)
    while i < n:
        stripped = lines[i].lstrip(" ")
        if stripped and stripped[0] != "#":
            return i
        i += 1
    return n


def block_mapping(lines: list[str], i: int, indent: int, first: str | None = None) -> tuple[dict, int]:
    """Keys at `indent` with one-line values, from lines[i] (or from `first`, the rest of a `- ` line)."""
    out: dict = {}
    prefix = " " * indent
    n = len(lines)
    while True:
        if first is not None:
            m = ITEM_KEY.match(first)
            first = None
        else:
            i = skip_blank(lines, i)
            if i >= n:
                return out, i
            line = lines[i]
            if not line.startswith(prefix) or line[indent] == " ":
                return out, i
            m = ITEM_KEY.match(line, indent)
            i += 1
        if m is None or m.group(1):
            raise Fallback
        key, v = m.group(2), m.group(3)
        if key in out:
            raise Fallback
        if v and v[0] != "#":
            out[key] = block_scalar(v)
            continue
        out[key] = None
        j = skip_blank(lines, i)
        if j < n and indent_of(lines[j]) > indent:
            raise Fallback  # a nested block: not read here


def block_sequence(lines: list[str], i: int, indent: int) -> tuple[list, int]:
    """Items `- value` at `indent`; an item may be a block mapping `- key: value` over several lines."""
    out: list = []
    n = len(lines)
    while True:
        i = skip_blank(lines, i)
        if i >= n:
            return out, i
        line = lines[i]
        if indent_of(line) != indent or line[indent] != "-":
            return out, i
        if line[indent + 1 : indent + 2] != " ":
            if len(line) == indent + 1:
                raise Fallback  # `-` alone: its value is on the next lines
            return out, i
        rest = line[indent + 2 :]
        stripped = rest.lstrip(" ")
        i += 1
        if not stripped or stripped[0] == "#":
            raise Fallback
        m = ITEM_KEY.match(rest)
        if m is not None:
            item, i = block_mapping(lines, i, indent + 2 + len(m.group(1)), stripped)
            out.append(item)
        else:
            out.append(block_scalar(stripped))


def read_items(lines: list[str], key_line: re.Pattern, indent: int) -> dict:
    """The event's keys and values; lines[0] is the first line with its `- ` blanked."""
    items: dict = {}
    n = len(lines)
    i = 0
    while i < n:
        line = lines[i]
        stripped = line.lstrip(" ")
        if not stripped or stripped[0] == "#":
            i += 1
            continue
        m = key_line.match(line)
        if m is None:
            raise Fallback
        key, v = m.groups()
        if key in items:
            raise Fallback
        i += 1
        if v and v[0] != "#":
            items[key] = block_scalar(v)
            continue
        j = skip_blank(lines, i)
        if j < n:
            next_line = lines[j]
            deeper = indent_of(next_line)
            if deeper > indent or (deeper == indent and next_line[indent] == "-" and next_line[indent + 1 : indent + 2] in (" ", "")):
                if next_line[deeper] == "-":
                    items[key], i = block_sequence(lines, j, deeper)
                else:
                    items[key], i = block_mapping(lines, j, deeper)
                if i < n and indent_of(lines[i]) != indent:
                    raise Fallback
                continue
        items[key] = None
    return items
