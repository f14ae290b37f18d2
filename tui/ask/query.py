"""The filter language of the query line and of `--where`: `type:drone after:2024-01-01 injured>0 -tag:yemen`.

Terms are separated by spaces and all must match. The rules (docs/query.md has them with examples):

- `field:value` contains the value, `field=value` equals it (text fields, case-insensitive, any of the
  field's values for lists such as tags); a value with spaces goes in double quotes.
- `killed>N`, `>=`, `<`, `<=`, `=` (or `:N`) compare casualty figures. A [low, high] range matches when
  some value in it satisfies the comparison (so [1, 7] matches both `killed>5` and `killed<2`); an
  unknown figure never matches a comparison and is found with `killed:?` or `killed:unknown`.
- `after:D` is on or after D, `before:D` strictly before D, so `after:2024-01-01 before:2024-02-01` is
  January. An event dated by month only matches a bound when its whole month does, and never `on:`.
- A term starting with `-` is negated: it keeps exactly the events the term alone would drop, unknown
  figures included (`-killed>0` keeps events whose killed figure is unknown).
- A bare word or "quoted phrase" searches every text of the event, summary, sources and extra keys included.
- Where the log has a vocabulary, `type`, `actor`, `target` and `weapon` match a value's canonical form too
  (`type=airstrike` finds `air strike`), and `type-group` ... `weapon-group` match the roll-up group.

The texts the terms look in are ask/texts.py's.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from ..core.model import Event
from ..core.vocabulary import EMPTY, GROUPED, NO_GROUP, Vocabulary
from .conditions import HAS_TESTS, IS_TESTS, KIND_TESTS, QueryError, Test, date_test, figure_test, text_test
from .tally import UNKNOWN
from .texts import fields_for, normal

TEXT_FIELDS = (
    "type", "actor", "target", "country", "place", "location", "admin1", "weapon", "tag", "status", "id", "source", "responds",
    *GROUPED,
)
NUMBER_FIELDS = ("killed", "injured")
DATE_FIELDS = ("after", "before", "on", "month", "week")
FIELDS = tuple(sorted((*TEXT_FIELDS, *NUMBER_FIELDS, *DATE_FIELDS, "kind", "has", "is")))

FIELD_OP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*(?:-group)?)(>=|<=|[:=<>])")
EXAMPLES = {
    "after": "after:2024-01-01", "before": "before:2024-02-01", "on": "on:2024-01-20", "month": "month:2024-01",
    "week": "week:2024-W03", "kind": "kind:attack", "has": "has:sources", "is": "is:new",
}

@dataclass(frozen=True)
class Term:
    """One condition. `field` is None for free text; `op` is ':', '=', '>', '>=', '<' or '<='."""

    field: str | None
    op: str
    value: str
    negated: bool
    test: Test = dataclasses.field(compare=False, repr=False)

    @property
    def label(self) -> str:
        """The chip text: `actor: Kataib Hezbollah`, `-tag: yemen`, `killed > 0`, `"al-asad"`."""
        sign = "-" if self.negated else ""
        if self.field is None:
            return f'{sign}"{self.value}"'
        if self.field in NUMBER_FIELDS and self.value.lower() in ("?", "unknown"):
            return f"{sign}{self.field}: unknown"
        if self.op == ":":
            return f"{sign}{self.field}: {self.value}"
        return f"{sign}{self.field} {self.op} {self.value}"

    def __str__(self) -> str:
        return term_text(self.field, self.op, self.value, self.negated)


def term_text(name: str | None, op: str, value: str, negated: bool = False) -> str:
    """A term as it is typed; quotes only where the value needs them, so parse_query(term_text(...)) reads it back."""
    sign = "-" if negated else ""
    if name is None:
        bare = re.fullmatch(r'[^\s"-][^\s"]*', value) and not FIELD_OP.match(value)
        return sign + (value if bare else quote(value))
    bare = re.fullmatch(r'[^\s"][^\s"]*', value)
    return f"{sign}{name}{op}{value if bare else quote(value)}"


def quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class Either:
    """Alternatives, any of which matches: `type:drone,rocket`, `actor:kh|nujaba`, `a OR b`, `-(a OR b)`."""

    options: tuple[Item, ...]
    negated: bool = False

    field = None
    """Not a term of one field (the chip line and the free-text check read `field`)."""

    def test(self, event: Event, fields: dict[str, str]) -> bool:
        return any(option.test(event, fields) != option.negated for option in self.options)

    @property
    def same_field(self) -> bool:
        """`type:drone OR type:rocket`, written `type:drone,rocket`."""
        first = self.options[0]
        return all(
            isinstance(option, Term) and option.field is not None and not option.negated
            and (option.field, option.op) == (first.field, first.op) for option in self.options
        )

    @property
    def free_text(self) -> bool:
        return any(has_free_text(option) for option in self.options)

    @property
    def label(self) -> str:
        sign = "-" if self.negated else ""
        if self.same_field:
            first = self.options[0]
            values = " | ".join(option.value for option in self.options)
            return f"{sign}{first.field}: {values}" if first.op == ":" else f"{sign}{first.field} {first.op} {values}"
        return sign + "(" + " OR ".join(option.label for option in self.options) + ")"

    def __str__(self) -> str:
        sign = "-" if self.negated else ""
        if self.same_field:
            first = self.options[0]
            return sign + first.field + first.op + ",".join(str(option)[len(first.field) + len(first.op):] for option in self.options)
        return sign + "(" + " OR ".join(str(option) for option in self.options) + ")"


@dataclass(frozen=True)
class Group:
    """Items in parentheses, all of which must match: an alternative of an Either, or negated as a whole."""

    items: tuple[Item, ...]
    negated: bool = False

    field = None

    def test(self, event: Event, fields: dict[str, str]) -> bool:
        return all(item.test(event, fields) != item.negated for item in self.items)

    @property
    def free_text(self) -> bool:
        return any(has_free_text(item) for item in self.items)

    @property
    def label(self) -> str:
        return ("-" if self.negated else "") + "(" + " ".join(item.label for item in self.items) + ")"

    def __str__(self) -> str:
        return ("-" if self.negated else "") + "(" + " ".join(str(item) for item in self.items) + ")"


Item = Term | Either | Group


def has_free_text(item: Item) -> bool:
    """Whether the item searches every text of the event (which the dashboard reads in the background)."""
    return item.field is None and (item.free_text if isinstance(item, (Either, Group)) else True)


@dataclass(frozen=True)
class Query:
    """Items that must all match; the empty query matches every event. An item is a term, alternatives
    (Either) or a parenthesised group."""

    terms: tuple[Item, ...] = ()

    def matches(self, event: Event, vocabulary: Vocabulary = EMPTY, marks: Mapping[str, str] | None = None) -> bool:
        """`marks`: event id -> `new` or `changed`, what `is:` terms read (ask/changes.py's LogChanges.marks)."""
        fields = fields_for(event, vocabulary)
        if marks:
            fields = {**fields, "is": marks.get(event.id, "")}
        for term in self.terms:
            if term.test(event, fields) == term.negated:
                return False
        return True

    def filter(self, events: Iterable[Event], vocabulary: Vocabulary = EMPTY, marks: Mapping[str, str] | None = None) -> tuple[Event, ...]:
        return tuple(event for event in events if self.matches(event, vocabulary, marks))

    def without(self, index: int) -> Query:
        """The query with one chip removed."""
        return Query(self.terms[:index] + self.terms[index + 1 :])

    @property
    def free_text(self) -> bool:
        return any(has_free_text(term) for term in self.terms)

    def undated(self) -> Query:
        """The query without the date bounds among its terms (`after:`, `month:` ...): the same events on any day."""
        return Query(tuple(term for term in self.terms if not (term.field in DATE_FIELDS and not term.negated)))

    def __str__(self) -> str:
        return " ".join(str(term) for term in self.terms)


# Reading the text.


def parse_query(text: str) -> Query:
    """The query `text` says, or a QueryError with the span to underline.

    OR binds tighter than the space between terms (`type:drone country:iraq OR country:syria` is drones in
    either country); parentheses group anything else; `field:a,b` and `field:a|b` are either value.
    """
    reader = Reader(text)
    items = reader.sequence()
    if reader.i < len(text):
        raise QueryError("')' closes nothing: remove it or add its '('", reader.i, reader.i + 1)
    return Query(tuple(items))


OR_WORD = re.compile(r"OR(?=[\s(]|$)")


class Reader:
    """Recursive descent over the query text; `i` is where reading has got to."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0

    def skip_spaces(self) -> None:
        while self.i < len(self.text) and self.text[self.i].isspace():
            self.i += 1

    def at_or(self) -> bool:
        return OR_WORD.match(self.text, self.i) is not None

    def sequence(self) -> list[Item]:
        """Items up to the end of the text or a `)`, each with the alternatives OR joins to it."""
        items: list[Item] = []
        while True:
            self.skip_spaces()
            if self.i >= len(self.text) or self.text[self.i] == ")":
                return items
            if self.at_or():
                raise QueryError("OR needs a term on each side", self.i, self.i + 2)
            options = [self.unit()]
            while True:
                self.skip_spaces()
                if not self.at_or():
                    break
                start = self.i
                self.i += 2
                self.skip_spaces()
                if self.i >= len(self.text) or self.text[self.i] == ")" or self.at_or():
                    raise QueryError("OR needs a term on each side", start, start + 2)
                options.append(self.unit())
            items.append(options[0] if len(options) == 1 else Either(tuple(options)))

    def unit(self) -> Item:
        text, start = self.text, self.i
        negated = text[self.i] == "-"
        if negated:
            self.i += 1
            if self.i >= len(text) or text[self.i].isspace():
                raise QueryError("'-' must be followed by the term to exclude, with no space between", start, self.i)
        if text[self.i] == "(":
            self.i += 1
            items = self.sequence()
            if self.i >= len(text):
                raise QueryError("unclosed '(': add its ')'", start + negated, start + negated + 1)
            if not items:
                raise QueryError("empty parentheses", start + negated, self.i + 1)
            self.i += 1
            inner = items[0] if len(items) == 1 else Group(tuple(items))
            return dataclasses.replace(inner, negated=inner.negated != negated) if negated else inner
        match = FIELD_OP.match(text, self.i)
        if match is None:
            value, self.i = read_value(text, self.i)
            if not value.strip():
                raise QueryError("empty search phrase", start, self.i)
            return free_text(value, negated)
        name, op = match.group(1).lower(), match.group(2)
        if name not in FIELDS:
            raise QueryError(unknown_field(match.group(1)), match.start(1), match.end(1))
        op_span = (match.start(2), match.end(2))
        values = []
        self.i = match.end()
        while True:
            value_start = self.i
            value, self.i = read_value(text, value_start, alternatives=name not in NUMBER_FIELDS)
            if not value.strip():
                raise QueryError(f"empty value: write {name}{op}VALUE", start if not values else value_start - 1, max(self.i, value_start))
            values.append(field_term(name, op, value, False, op_span, (value_start, self.i)))
            if self.i < len(text) and text[self.i] in ",|" and name not in NUMBER_FIELDS:
                self.i += 1
                continue
            break
        if len(values) == 1:
            return dataclasses.replace(values[0], negated=negated)
        return Either(tuple(values), negated)


def read_value(text: str, i: int, alternatives: bool = False) -> tuple[str, int]:
    """A bare word up to the next space (or `)`), or a double-quoted string with \\" and \\\\ escapes; (value, end).

    With `alternatives`, a `,` or `|` also ends the value: another value of the same field follows."""
    stops = " \t\n\r\f\v)" + (",|" if alternatives else "")
    if i < len(text) and text[i] == '"':
        chars = []
        j = i + 1
        while j < len(text) and text[j] != '"':
            if text[j] == "\\" and j + 1 < len(text) and text[j + 1] in '"\\':
                j += 1
            chars.append(text[j])
            j += 1
        if j >= len(text):
            raise QueryError('unterminated quote: add the closing "', i, len(text))
        end = j + 1
        if end < len(text) and text[end] not in stops:
            word_end = next((k for k in range(end, len(text)) if text[k].isspace()), len(text))
            raise QueryError("a space must follow the closing quote", end, word_end)
        return "".join(chars), end
    end = next((k for k in range(i, len(text)) if text[k] in stops or text[k].isspace()), len(text))
    inner = text.find('"', i, end)
    if inner != -1:
        raise QueryError("a quote can only open a value: put the whole value in quotes", inner, inner + 1)
    return text[i:end], end


def unknown_field(name: str) -> str:
    close = difflib.get_close_matches(name.lower(), FIELDS, n=1, cutoff=0.6)
    if close:
        return f"unknown field '{name}': did you mean {close[0]}?"
    return f"unknown field '{name}' (fields: {', '.join(FIELDS)}); to search for text with ':' in it, quote it"


def field_term(name: str, op: str, value: str, negated: bool, op_span: tuple[int, int], value_span: tuple[int, int]) -> Term:
    if name in TEXT_FIELDS:
        if op not in (":", "="):
            raise QueryError(f"{name} is text: write {name}:VALUE (contains) or {name}=VALUE (equals)", *op_span)
        return Term(name, op, value, negated, text_test(name, op, value))
    if name in NUMBER_FIELDS:
        return Term(name, op, value, negated, figure_test(name, op, value, value_span))
    if op != ":":
        raise QueryError(f"{name} takes ':', as in {EXAMPLES[name]}", *op_span)
    if name in DATE_FIELDS:
        return Term(name, op, value, negated, date_test(name, value, value_span))
    tests = {"kind": KIND_TESTS, "is": IS_TESTS}.get(name, HAS_TESTS)
    if value.lower() not in tests:
        listed = " or ".join(f"{name}:{choice}" for choice in tests) if name != "has" else "one of " + ", ".join(tests)
        raise QueryError(f"unknown {name} '{value}': use {listed}", *value_span)
    return Term(name, op, value, negated, tests[value.lower()])


def free_text(value: str, negated: bool) -> Term:
    needle = normal(value)
    return Term(None, ":", value, negated, lambda event, fields: needle in fields["text"])


def group_term(dimension: str, key: str) -> str | None:
    """The query text selecting a tally row, so a drill-down can join the query line as one more chip.

    It matches what the tally row (dimension, key) matches, except that text compares case-insensitively; None
    for a row no term selects exactly (the values of a vocabulary field that have no group).
    """
    if key == NO_GROUP:
        return None
    if key == UNKNOWN:
        if dimension in GROUPED:
            return None
        return "-has:" + HAS_OF_UNKNOWN[dimension]
    return term_text(DRILL_FIELD.get(dimension, dimension), ":" if dimension in ("month", "week") else "=", key)


HAS_OF_UNKNOWN = {"target": "target", "country": "country", "weapon": "weapons", "week": "day", "place": "location",
                  "admin1": "admin1", "status": "status"}
DRILL_FIELD = {"place": "location"}
"""The query field of a tally dimension where the names differ: the tally's place is the location's name."""
