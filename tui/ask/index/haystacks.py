"""What free text looks in, per event, without keeping each event's whole haystack (texts.haystack).

A haystack is the event's normalized texts joined by SEP. A needle never holds SEP (SEP is whitespace to
str.split, so `normal` takes it out of every needle and every text), so it is in the haystack if and only if
it is in one of those texts. The texts of the fields with few distinct values (counts.INDEXED_FIELDS: type,
actor, place, weapon, ...: a few hundred or thousand in a real log) are kept as one small code per event and
the distinct values of each code, looked in once per distinct value; `location` and `admin1` are parts of
`place`. Only the other texts, most of them the event's own (id, summary, sources, dates), are kept per event.

A code per event rather than TermMasks.values' positions of each value: a needle's events are then one
`bytes.translate` per field, in C, where the positions of the values holding a common needle ("m") are most
events, set one by one in Python (45 ms at 100,000 events). docs/performance.md, "Search texts at a million".
"""

from __future__ import annotations

from array import array
from itertools import compress, repeat
from operator import attrgetter, contains, or_
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Mapping, NamedTuple, Sequence

from .codes import packed, renumbered, stepwise
from .counts import INDEXED_FIELDS
from ...core.model import Event
from ..texts import ATTRIBUTES, SEP, TEXT_VALUES, normal, other_texts

if TYPE_CHECKING:
    from .growth import Splice

WITHIN = {"location": "place", "admin1": "place"}
"""Fields whose every value is a value of another field of the same event: found through that one."""
OWN_FIELDS = tuple(name for name in TEXT_VALUES if name not in INDEXED_FIELDS and name not in WITHIN)
"""The fields whose values are kept per event (a field added to TEXT_VALUES lands here)."""
MEMO_SIZE = 200_000
TEXT_STEP = 1 << 14
"""Own texts looked in per C call (in_own): 3 ms each at 250 characters a text, where codes.STEP's would hold the
GIL for 11 ms, which each of the interface's waits on a search in a worker then took."""
PART = 20_000
"""Events whose own texts a forked process sends at a time (about 7 MB)."""


def own_texts(event: Event) -> Iterable[str]:
    """The event's texts kept per event: OWN_FIELDS' values, then the texts no field names."""
    for name in OWN_FIELDS:
        yield from TEXT_VALUES[name](event)
    yield from other_texts(event)


def normalizer(memo: dict[str, str]) -> Callable[[str], str]:
    """`normal`, each distinct text normalized once (up to MEMO_SIZE of them: values, dates, titles repeat)."""

    def norm(text: str) -> str:
        found = memo.get(text)
        if found is None:
            found = normal(text)
            if len(memo) < MEMO_SIZE:
                memo[text] = found
        return found

    return norm


def own_text(event: Event, norm: Callable[[str], str] = normal) -> str:
    """SEP before each text, so that no needle runs from one text into the next."""
    return "".join(SEP + norm(text) for text in own_texts(event))


class Column(NamedTuple):
    """One field's values: `combos[codes[i]]` are event i's, normalized (`packed`)."""

    combos: list[tuple[str, ...]]
    codes: bytes | array

    @classmethod
    def of(cls, events: Sequence[Event], name: str, norm: Callable[[str], str] = normal) -> Column:
        """The column of the field `name` (TEXT_VALUES' values), every pass over the events in C: 0.2 s at a million
        events where a loop setting each event's code took 0.95 s (the first `type:` query waited for it).
        A field that is one attribute is read by attrgetter, without a call of the extractor per event."""
        if name in ATTRIBUTES:
            attribute, single = ATTRIBUTES[name]
            written = list(map(attrgetter(attribute), events))
            distinct = list(dict.fromkeys(written))
            combos = [((value,) if value else ()) if single else value for value in distinct]
        else:
            written = list(map(TEXT_VALUES[name], events))
            combos = distinct = list(dict.fromkeys(written))
        code = {value: number for number, value in enumerate(distinct)}
        return cls([tuple(map(norm, combo)) for combo in combos], packed(map(code.__getitem__, written), len(code)))

    def hits(self, needle: str) -> list[bool]:
        """Per combination, whether one of its values holds the needle."""
        return [any(needle in value for value in combo) for combo in self.combos]

    def flags(self, needle: str) -> bytes | None:
        """One byte per event, 1 where one of its values holds the needle; None where none does."""
        return self.flags_of(self.hits(needle))

    def flags_of(self, hits: list[bool]) -> bytes | None:
        """One byte per event, 1 where its combination's hit is true; None where none is."""
        if not any(hits):
            return None
        if isinstance(self.codes, bytes):
            return self.codes.translate(bytes(hits) + bytes(256 - len(hits)))
        return bytes(map(hits.__getitem__, self.codes))

    def mask_of(self, hits: list[bool]) -> int:
        """The mask of the events whose combination's hit is true."""
        flags = self.flags_of(hits)
        return 0 if flags is None else int.from_bytes(flags, "little")

    def spliced(self, splice: Splice, added: Column) -> Column:
        combos, numbers = renumbered(self.combos, added.combos)
        return Column(combos, splice.codes(self.codes, [numbers[code] for code in added.codes], len(combos)))

    def picked(self, picked: Sequence[int | None], added: Column) -> Column:
        """The column of other events: event i's values are this column's event picked[i]'s, or where that is None,
        the next of `added`'s."""
        combos, numbers = renumbered(self.combos, added.combos)
        new = iter(map(numbers.__getitem__, added.codes))
        codes = self.codes
        return Column(combos, packed([next(new) if i is None else codes[i] for i in picked], len(combos)))


class Haystacks:
    """Per event its own texts (`own`), and a Column per indexed field."""

    __slots__ = ("own", "columns")

    def __init__(self, own: list[str], columns: dict[str, Column]) -> None:
        self.own = own
        self.columns = columns

    @classmethod
    def of(cls, events: Sequence[Event], columns: Mapping[str, Column] | None = None) -> Haystacks:
        """`columns`: the indexed fields' columns, when known (LogIndex.column: they are its)."""
        norm = normalizer({})
        own = [own_text(event, norm) for event in events]
        if columns is None:
            columns = {name: Column.of(events, name, norm) for name in INDEXED_FIELDS}
        return cls(own, dict(columns))

    def parts(self) -> Iterator[object]:
        """The columns, then the own texts PART events at a time: what of_parts() puts together again."""
        yield self.columns
        for start in range(0, len(self.own), PART):
            yield self.own[start : start + PART]

    @classmethod
    def of_parts(cls, parts: list) -> Haystacks | None:
        """The haystacks parts() gave; None if they are not such parts."""
        columns, *own = parts
        if not isinstance(columns, dict) or not all(isinstance(part, list) for part in own):
            return None
        return cls([text for part in own for text in part], columns)

    def __len__(self) -> int:
        return len(self.own)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Haystacks) and self.own == other.own and self.columns == other.columns

    def in_values(self, needle: str) -> int:
        """The mask of the events with an indexed field's value holding the needle."""
        found = 0
        for column in self.columns.values():
            flags = column.flags(needle)
            if flags is not None:
                found |= int.from_bytes(flags, "little")
        return found

    def in_own(self, needle: str) -> int:
        """The mask of the events whose own texts hold the needle, looked in from C (map), TEXT_STEP events at a
        time (codes.stepwise: a search in a worker lets the interface's thread run between parts)."""
        own = self.own
        flags = bytes(stepwise(len(own), lambda part: map(contains, own[part], repeat(needle)), TEXT_STEP))
        return int.from_bytes(flags, "little")

    def in_own_of(self, needle: str, candidates: Sequence[int]) -> list[int]:
        """Those of the events at `candidates` whose own texts hold the needle."""
        return list(compress(candidates, map(contains, map(self.own.__getitem__, candidates), repeat(needle))))

    def holder(self, needle: str) -> Callable[[Sequence[int]], list[int]]:
        """What picks, of the events at some candidates, those whose texts, own or indexed, hold the needle: for a few
        candidates, where in_values would cost a pass over every event. The columns' values are looked in once."""
        hits = [(column.codes, found) for column in self.columns.values() if any(found := column.hits(needle))]
        own = self.own

        def holding(candidates: Sequence[int]) -> list[int]:
            held = map(contains, map(own.__getitem__, candidates), repeat(needle))
            for codes, found in hits:
                held = map(or_, held, map(found.__getitem__, map(codes.__getitem__, candidates)))
            return list(compress(candidates, held))

        return holding

    def picked(self, picked: Sequence[int | None], added: Haystacks) -> Haystacks:
        """The haystacks of other events: event i's are this one's event picked[i]'s, or where that is None, the next
        of `added`'s (a reload that kept most event objects)."""
        own, new = self.own, iter(added.own)
        columns = {name: column.picked(picked, added.columns[name]) for name, column in self.columns.items()}
        return Haystacks([next(new) if i is None else own[i] for i in picked], columns)

    def spliced(self, splice: Splice, added: Haystacks, columns: dict[str, Column]) -> Haystacks:
        """These haystacks with `added`'s own texts put where `splice` puts the added events, and `columns` (the grown
        index's, growth.extended)."""
        return Haystacks(splice.list(self.own, added.own), columns)
