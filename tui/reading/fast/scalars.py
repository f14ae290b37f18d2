"""Reading single values from the text of an event, for the fast path: plain and quoted scalars, flow mappings and lists.

Only shapes whose reading is certain are accepted. Anything else raises Fallback (PyYAML and the validator read
the event) or, for the simplest shapes the line cache reads, NotSimple (the block reader tries the event).
"""

from __future__ import annotations

import re
from typing import Any

NULLS = frozenset(("", "~", "null", "Null", "NULL"))
BOOLS = frozenset("yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF".split())
PLAIN_BAD_START = frozenset("?:,[]{}#&*!|>'\"%@`")
KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
FLOW_PLAIN = r"""(?:[^\s,\[\]{}#:"'?&*!|>%@`\\-]|-[0-9])(?:[^,\[\]{}#:"'\\]*[^\s,\[\]{}#:"'\\])?"""
"""A plain scalar in a flow collection. It never ends with a space, so the spaces before a comma belong to the
` *` after it alone: with two ways to split them, a list that fails to match would backtrack exponentially."""
PAIR_BODY = rf""" *{KEY}: +(?:"[^"\\]*"|'(?:[^']|'')*'|\[[^\[\]{{}}"'#:\\]*\]|(?:{FLOW_PLAIN})) *"""
FLOW_MAP = re.compile(rf"\{{(?:{PAIR_BODY}(?:,{PAIR_BODY})*| *)\}}(?: +(?:#.*)?)?$")
FLOW_PAIRS = re.compile(
    rf""" *({KEY}): +(?:("[^"\\]*")|('(?:[^']|'')*')|(\[[^\[\]{{}}"'#:\\]*\])|({FLOW_PLAIN})) *(?=[,}}])"""
)
"""Once FLOW_MAP has checked the whole, `findall` cuts it into (key, "dq", 'sq', [list], plain)."""
ITEM_BODY = rf""" *(?:"[^"\\]*"|'(?:[^']|'')*'|(?:{FLOW_PLAIN})) *"""
FLOW_SEQ = re.compile(rf"\[(?:{ITEM_BODY}(?:,{ITEM_BODY})*| *)\](?: +(?:#.*)?)?$")
FLOW_ITEMS = re.compile(rf""" *(?:("[^"\\]*")|('(?:[^']|'')*')|({FLOW_PLAIN})) *(?=[,\]])""")
FLOW_PLAIN_ALONE = re.compile(rf"(?:{FLOW_PLAIN})$")
DQ = re.compile(r'"([^"\\]*)"(?: +(?:#.*)?)?$')
SQ = re.compile(r"'((?:[^']|'')*)'(?: +(?:#.*)?)?$")


class NotSimple(Exception):
    """Not in the simplest shape: the line-by-line reader tries it."""


class Fallback(Exception):
    """This event is not in the shape read here, or has a problem: PyYAML and the validator read it."""


class Quoted(str):
    """A quoted scalar: never null, a boolean or a number, whatever its letters."""


class Flow(str):
    """A flow collection `{…}` or `[…]` not read yet: the builder reads it, once per distinct text."""


def plain(text: str) -> str | None:
    if text in NULLS:
        return None
    if text in BOOLS:
        raise Fallback
    return text


def block_scalar(v: str) -> Any:
    """A value written on its line after `key: ` (v starts with no space); `…` is an empty value."""
    c = v[0]
    if c == '"':
        m = DQ.match(v)
        if m is None:
            raise Fallback
        return Quoted(m.group(1))
    if c == "'":
        m = SQ.match(v)
        if m is None:
            raise Fallback
        return Quoted(m.group(1).replace("''", "'"))
    if c == "{":
        return flow_map(v)
    if c == "[":
        return flow_seq(v)
    if c in PLAIN_BAD_START or (c == "-" and (len(v) == 1 or v[1] == " ")):
        raise Fallback
    i = v.find(" #")
    if i >= 0:
        v = v[:i]
    v = v.rstrip(" ")
    if ": " in v or v[-1] == ":":
        raise Fallback
    return plain(v)


def flow_plain_list(inner: str) -> list:
    if not inner.strip(" "):
        return []
    items = []
    for item in inner.split(","):
        item = item.strip(" ")
        if not FLOW_PLAIN_ALONE.match(item):
            raise Fallback
        items.append(plain(item))
    return items


def flow_map(v: str) -> dict:
    if FLOW_MAP.match(v) is None:
        raise Fallback
    pairs = FLOW_PAIRS.findall(v)
    out = {}
    for key, dq, sq, seq, pl in pairs:
        if dq:
            out[key] = Quoted(dq[1:-1])
        elif sq:
            out[key] = Quoted(sq[1:-1].replace("''", "'"))
        elif seq:
            out[key] = flow_plain_list(seq[1:-1])
        else:
            out[key] = plain(pl)
    if len(out) != len(pairs):
        raise Fallback  # a duplicate key
    return out


def flow_seq(v: str) -> list:
    if FLOW_SEQ.match(v) is None:
        raise Fallback
    out = []
    for dq, sq, pl in FLOW_ITEMS.findall(v):
        if dq:
            out.append(Quoted(dq[1:-1]))
        elif sq:
            out.append(Quoted(sq[1:-1].replace("''", "'")))
        else:
            out.append(plain(pl))
    return out


SPECIAL_PLAIN = NULLS | BOOLS
FLOW_HARD = re.compile(r"""["'\[\]{}#\\]""")
FLOW_BAD_START = frozenset("?:,[]{}#&*!|>'\"%@`\\")
DIGITS = frozenset("0123456789")
KEY_RE = re.compile(KEY + "$")
KEYS_SEEN: dict[str, bool] = {}


def good_key(key: str) -> bool:
    known = KEYS_SEEN.get(key)
    if known is None:
        known = KEYS_SEEN[key] = KEY_RE.match(key) is not None and len(KEYS_SEEN) < 10_000
    return known


def flow_value(value: str) -> str | None:
    """A plain scalar cut out of a flow collection that holds no quotes, brackets or comments."""
    value = value.strip(" ")
    if not value:
        raise Fallback
    first = value[0]
    if first in FLOW_BAD_START or first == "-" and value[1:2] not in DIGITS:
        raise Fallback
    if value in SPECIAL_PLAIN:
        return plain(value)
    return value


NUMERIC_KEYS = frozenset(("lat", "lon", "killed", "injured"))
"""Keys read as numbers: a quoted value there must stay marked as quoted (the validator refuses it)."""
HOLE = "\x00"
"""Stands for a double-quoted string cut out of a flow collection; `reading.text.decode` leaves no NUL in the text."""


def unquote(v: str) -> tuple[str, list[str] | None] | None:
    """The inside of a flow collection with each "quoted string" replaced by HOLE, and the strings last first (None
    when there are none); None if not that simple."""
    inner = v[1:-1]
    if '"' not in inner:
        return inner, None
    if "\\" in inner:
        return None
    parts = inner.split('"')
    if not len(parts) & 1:
        return None
    strings = parts[1::2]
    strings.reverse()
    return HOLE.join(parts[0::2]), strings


def one_line_value(v: str) -> Any:
    """A value alone on its line in the simplest shapes (v stripped, not empty); anything else is NotSimple."""
    c = v[0]
    if c == '"':
        if v[-1] != '"' or v.count('"') != 2 or "\\" in v:
            raise NotSimple
        return v[1:-1]  # quoted; no field read at this level or in a block list is a number, so a str will do
    if c == "{":
        if v[-1] != "}" or "#" in v:
            raise NotSimple
        return Flow(v)
    if c == "[":
        if v[-1] != "]" or "#" in v:
            raise NotSimple
        return Flow(v)
    if c in PLAIN_BAD_START or c == "-" and v[1:2] in ("", " ") or "#" in v or ":" in v:
        raise NotSimple
    return plain(v) if v in SPECIAL_PLAIN else v


def flow_map_exact(v: str) -> dict:
    """`{…}` with nothing after it; plain and double-quoted values are cut with str.split, anything else by flow_map."""
    cut = unquote(v)
    if cut is None:
        return flow_map(v)
    inner, strings = cut
    if FLOW_HARD.search(inner) is not None:
        return flow_map(v)
    out: dict = {}
    if not inner.strip(" "):
        return out
    seen = KEYS_SEEN
    for part in inner.split(","):
        key, colon, value = part.partition(":")
        key = key.lstrip(" ")
        if not colon or value[:1] != " " or ":" in value or key in out or (seen.get(key) is not True and not good_key(key)):
            raise Fallback
        value = value.strip(" ")
        if not value:
            raise Fallback
        if strings is not None and HOLE in value:
            if value != HOLE:
                raise Fallback  # a quote inside a plain value
            text = strings.pop()
            out[key] = Quoted(text) if key in NUMERIC_KEYS else text
            continue
        first = value[0]
        if first in FLOW_BAD_START or first == "-" and value[1:2] not in DIGITS:
            raise Fallback
        out[key] = plain(value) if value in SPECIAL_PLAIN else value
    return out


def flow_seq_exact(v: str) -> list:
    cut = unquote(v)
    if cut is None:
        return flow_seq(v)
    inner, strings = cut
    if FLOW_HARD.search(inner) is not None or ":" in inner:
        return flow_seq(v)
    if not inner.strip(" "):
        return []
    if strings is None:
        return [flow_value(item) for item in inner.split(",")]
    out: list = []
    for item in inner.split(","):
        if HOLE in item:
            if item.strip(" ") != HOLE:
                raise Fallback
            out.append(Quoted(strings.pop()))
        else:
            out.append(flow_value(item))
    return out


def read_flow(v: str) -> dict | list:
    """A flow collection: `{…}` as a dict, `[…]` as a list."""
    return flow_map_exact(v) if v[0] == "{" else flow_seq_exact(v)


def extra_value(value: Any) -> Any:
    """What `Reader.plain` gives for a key the format does not know."""
    if type(value) is Flow:
        value = read_flow(value)
    if type(value) is Quoted:
        return str.__str__(value)
    if type(value) is list:
        return [extra_value(item) for item in value]
    if type(value) is dict:
        return {key: extra_value(item) for key, item in value.items()}
    return value
