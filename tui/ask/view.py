"""What the user asked to see: the query's terms (shown as chips) and which side of the exchange."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping, Sequence

from ..core.model import Event
from ..core.vocabulary import EMPTY, Vocabulary
from .query import Query, group_term, parse_query

SIDES = ("both", "attacks", "responses")


@dataclass(frozen=True)
class View:
    query: Query = Query()
    side: str = "both"

    @property
    def active(self) -> bool:
        return bool(self.query.terms) or self.side != "both"

    def apply(self, events: Sequence[Event], vocabulary: Vocabulary = EMPTY, marks: Mapping[str, str] | None = None) -> tuple[Event, ...]:
        """`marks`: what `is:new` and `is:changed` read (Query.matches)."""
        if self.side == "both":
            return self.query.filter(events, vocabulary, marks)
        responses = self.side == "responses"
        return tuple(event for event in events if event.is_response == responses and self.query.matches(event, vocabulary, marks))

    def with_group(self, dimension: str, key: str) -> View:
        """A tally drill-down becomes one more chip, written in the query language so `:` can edit it; the same
        view where no term selects the row exactly (the caller says so)."""
        term = group_term(dimension, key)
        if term is None:
            return self
        added = parse_query(term).terms
        if set(added) <= set(self.query.terms):
            return self
        return replace(self, query=Query(self.query.terms + added))

    def without_last(self) -> View:
        return replace(self, query=self.query.without(len(self.query.terms) - 1)) if self.query.terms else self

    def next_side(self) -> View:
        return replace(self, side=SIDES[(SIDES.index(self.side) + 1) % len(SIDES)])

    def as_query(self) -> str:
        """The view in the query language alone (`sitrep stats --where` takes it): the side as a `kind:` term."""
        side = {"attacks": "kind:attack", "responses": "kind:response"}.get(self.side, "")
        return " ".join(part for part in (str(self.query), side) if part)

    def chips(self) -> list[str]:
        labels = [term.label for term in self.query.terms]
        return labels + ([f"{self.side} only"] if self.side != "both" else [])
