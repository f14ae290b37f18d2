"""Turning query terms into masks: the filters of LogIndex (index.py).

Date bounds by bisecting the sorted dates; text terms by the distinct values of the field (`type:drone`
looks at the six distinct types, not at every event); figures by their distinct values; `kind:` and `has:`
are precomputed. A term the index does not know is tested event by event (Term.test), so the result never
differs from `View.apply`.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from array import array
from itertools import chain
from typing import Iterable, Mapping

from .counts import INDEXED_FIELDS
from .haystacks import Column
from .masks import mask_from, mask_of_flags, masks_by_value, range_mask
from ..conditions import DAY, HAS_TESTS, MONTH, NUMBER, RANGE_TESTS, WEEK
from ..query import Either, Group, Item, Query, Term
from ..texts import TEXT_VALUES, fields_for, normal
from ...core.vocabulary import FIELD_OF, GROUPED
from ..view import View

MAX_CACHED_MASKS = 64

NO_FIELDS: dict[str, str] = {}
"""The `fields` argument of conditions.HAS_TESTS, which they do not read."""


class TermMasks:
    """Mixed into LogIndex, whose events, masks, lock, caches, `once`, `positions` and `free_text` it uses."""

    def mask(self, view: View) -> int:
        """The events `view.apply(events)` keeps, as a mask."""
        if view.side == "attacks":
            mask = self.all & ~self.responses
        elif view.side == "responses":
            mask = self.responses
        else:
            mask = self.all
        return self.query_mask(view.query, mask)

    def query_mask(self, query: Query, mask: int | None = None) -> int:
        mask = self.all if mask is None else mask
        return self.items_mask(query.terms, mask)

    def items_mask(self, items: Iterable[Item], mask: int) -> int:
        for item in items:
            if not mask:
                break
            found = self.item_mask(item, mask)
            mask = mask & ~found if item.negated else mask & found
        return mask

    def item_mask(self, item: Item, candidates: int) -> int:
        """The events the item (not negated) matches, exact for every event in `candidates`."""
        if isinstance(item, Group):
            return self.items_mask(item.items, candidates)
        if isinstance(item, Either):
            found = 0
            for option in item.options:
                matched = self.item_mask(option, candidates)
                found |= candidates & ~matched if option.negated else matched
            return found
        return self.term_mask(item, candidates)

    def term_mask(self, term: Term, candidates: int) -> int:
        """The events the term (not negated) matches; exact for every event in `candidates`."""
        if term.field == "is":
            return self.marked(term.value.lower())
        key = (term.field, term.op, term.value)
        with self.lock:
            known = self._terms.get(key)
            if known is not None:
                self._terms.move_to_end(key)
                return known
        found = self.compute_term(term)
        if found is None:  # not a term the index knows: test the candidates one by one
            events, vocabulary = self.all_events, self.vocabulary
            found = mask_from((i for i in self.positions(candidates) if term.test(events[i], fields_for(events[i], vocabulary))), self.size)
            return found
        with self.lock:
            self._terms[key] = found
            while len(self._terms) > MAX_CACHED_MASKS:
                self._terms.popitem(last=False)
        return found

    def compute_term(self, term: Term) -> int | None:
        name, op, value = term.field, term.op, term.value
        if name is None:
            return self.free_text(normal(value))
        if name in TEXT_VALUES and op in (":", "="):
            return self.text_term(name, op, normal(value))
        if name in ("killed", "injured"):
            return self.figure_term(name, op, value)
        if name in ("after", "before", "on", "month", "week") and op == ":":
            return self.date_term(name, value)
        if name == "kind" and op == ":" and value.lower() in ("attack", "response"):
            return self.responses if value.lower() == "response" else self.all & ~self.responses
        if name == "has" and op == ":" and value.lower() in HAS_TESTS:
            return self.has(value.lower())
        return None

    def mark(self, marks: Mapping[str, str]) -> None:
        """What `is:new` and `is:changed` select from now on: event id -> `new` or `changed` (LogChanges.marks)."""
        with self.lock:
            self.marks = marks
            self._marked = {}

    def marked(self, mark: str) -> int:
        with self.lock:
            known = self._marked.get(mark)
            if known is None:
                marks = self.marks
                positions = (i for i, event in enumerate(self.all_events) if marks.get(event.id) == mark)
                known = self._marked[mark] = mask_from(positions, self.size)
            return known

    def has(self, what: str) -> int:
        return self.once(self._has, what, lambda: self.build_has(what))

    def build_has(self, what: str) -> int:
        return mask_of_flags((HAS_TESTS[what](event, NO_FIELDS) for event in self.all_events), self.size)

    def column(self, name: str) -> Column:
        """The values of an indexed field (counts.INDEXED_FIELDS: few distinct ones): a code per event and what each
        code stands for. The one copy: the texts free text looks in hold these very columns (search.adopt_texts)."""
        return self.once(self._columns, name, lambda: Column.of(self.all_events, name))

    def values(self, name: str) -> dict[str, array]:
        """Each distinct normalized value of another text field (`id:`, `source:` ...) -> positions of the events
        that have it, ascending."""
        return self.once(self._values, name, lambda: self.distinct_values(name))

    def distinct_values(self, name: str) -> dict[str, array]:
        """Positions in arrays of 4-byte numbers: as a list of ints, each position would take 36 bytes."""
        extract = TEXT_VALUES[name]
        normalized: dict[str, str] = {}
        found: dict[str, array] = {}
        for i, event in enumerate(self.all_events):
            for text in extract(event):
                key = normalized.get(text)
                if key is None:
                    key = normalized[text] = normal(text)
                listed = found.get(key)
                if listed is None:
                    found[key] = array("I", (i,))
                elif listed[-1] != i:
                    listed.append(i)
        return found

    def text_term(self, name: str, op: str, needle: str) -> int:
        covered = FIELD_OF.get(name) or GROUPED.get(name)
        if covered and self.vocabulary.covers(covered):
            return self.vocabulary_term(name, covered, op, needle)
        if name in GROUPED:
            return 0  # no vocabulary groups this field: no event has a group
        if name in INDEXED_FIELDS:
            column = self.column(name)
            return column.mask_of([needle in combo for combo in column.combos] if op == "=" else column.hits(needle))
        values = self.values(name)
        if op == "=":
            return mask_from(values.get(needle, ()), self.size)
        matching = [positions for value, positions in values.items() if needle in value]
        if len(matching) == 1:
            return mask_from(matching[0], self.size)
        return mask_from(chain.from_iterable(matching), self.size)

    def vocabulary_term(self, name: str, covered: str, op: str, needle: str) -> int:
        """query.fields_for's rule over the distinct values: a value matches as written or as its canonical form,
        a `-group` field by the value's group. (The fields a vocabulary covers are all indexed.)"""
        vocabulary = self.vocabulary
        grouped = name in GROUPED
        matched: dict[str, bool] = {}

        def matches(value: str) -> bool:
            found = matched.get(value)
            if found is None:
                if grouped:
                    group = vocabulary.group(covered, value)
                    forms: tuple[str, ...] = (normal(group),) if group else ()
                else:
                    forms = vocabulary.forms(covered, value)
                found = matched[value] = any(needle == form if op == "=" else needle in form for form in forms)
            return found

        column = self.column(name.removesuffix("-group"))
        return column.mask_of([any(map(matches, combo)) for combo in column.combos])

    def figures(self, name: str) -> dict[tuple | None, int]:
        """Each distinct figure of killed or injured (None: not given) -> mask."""
        return self.once(self._figures, name, lambda: self.build_figures(name))

    def build_figures(self, name: str) -> dict[tuple | None, int]:
        return masks_by_value([getattr(event.casualties, name) for event in self.all_events], self.size)

    def figure_term(self, name: str, op: str, value: str) -> int | None:
        figures = self.figures(name)
        if op == ":" and value.lower() in ("?", "unknown"):
            return figures.get(None, 0)
        if not NUMBER.fullmatch(value):
            return None
        number = int(value)
        within = RANGE_TESTS["=" if op == ":" else op]
        mask = 0
        for figure, found in figures.items():
            if figure is not None and within(figure, number):
                mask |= found
        return mask

    def date_term(self, name: str, value: str) -> int | None:
        ordinals = self.ordinals
        if name == "week":
            match = WEEK.fullmatch(value)
            if not match:
                return None
            try:
                monday = dt.date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1).toordinal()
            except ValueError:
                return None
            return range_mask(bisect.bisect_left(ordinals, monday), bisect.bisect_left(ordinals, monday + 7)) & ~self.month_only
        match = (DAY.fullmatch(value) if name == "on" else None) or (MONTH.fullmatch(value) if name == "month" else None)
        if name in ("after", "before"):
            match = DAY.fullmatch(value) or MONTH.fullmatch(value)
        if match is None:
            return None
        numbers = [int(part) for part in match.groups()]
        try:
            day = dt.date(numbers[0], numbers[1], numbers[2] if len(numbers) == 3 else 1)
        except ValueError:
            return None
        ordinal = day.toordinal()
        if name == "after":
            return range_mask(bisect.bisect_left(ordinals, ordinal), self.size)
        if name == "on":
            return range_mask(bisect.bisect_left(ordinals, ordinal), bisect.bisect_right(ordinals, ordinal)) & ~self.month_only
        if name == "month":
            following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1).toordinal()
            return range_mask(bisect.bisect_left(ordinals, ordinal), bisect.bisect_left(ordinals, following))
        # before: the event's last possible day (a month-only event: its month's last) is before the day
        end = bisect.bisect_left(ordinals, ordinal)
        mask = range_mask(0, end)
        late = []
        for i in self.month_only_positions:
            if i >= end:
                break
            date = self.all_events[i].date
            if date.replace(day=calendar.monthrange(date.year, date.month)[1]) >= day:
                late.append(i)
        return mask & ~mask_from(late, self.size) if late else mask
