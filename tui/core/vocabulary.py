"""A log's controlled vocabulary: for a field, the canonical values, the aliases written for them, their roll-up group.

A written value is matched case-insensitively, with runs of whitespace as one space. A field without a
vocabulary keeps its values as written.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

FIELDS = ("type", "actor", "target", "weapons")
"""The fields a vocabulary may cover."""
FIELD_OF = {"type": "type", "actor": "actor", "target": "target", "weapon": "weapons"}
"""The vocabulary field behind a tally dimension or query field of the same values (`weapon` is `weapons`)."""
GROUPED = {f"{name}-group": field for name, field in FIELD_OF.items()}
"""The roll-up dimensions and query fields (`type-group` ...) -> their vocabulary field."""
NO_GROUP = "(no group)"


def normal(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Term:
    value: str
    group: str | None = None
    aliases: tuple[str, ...] = ()
    line: int = 0
    file: str = ""


@dataclass(frozen=True)
class Vocabulary:
    terms: dict[str, tuple[Term, ...]] = field(default_factory=dict)
    """Field -> its terms, in the order written."""

    def __post_init__(self) -> None:
        lookup: dict[str, dict[str, Term]] = {}
        for name, terms in self.terms.items():
            table = lookup.setdefault(name, {})
            for term in terms:
                for written in (term.value, *term.aliases):
                    table.setdefault(normal(written), term)
        object.__setattr__(self, "_lookup", lookup)

    def __bool__(self) -> bool:
        return any(self.terms.values())

    def covers(self, name: str) -> bool:
        return bool(self.terms.get(name))

    def has_groups(self, name: str) -> bool:
        return any(term.group for term in self.terms.get(name, ()))

    def term(self, name: str, written: str | None) -> Term | None:
        """The term a written value stands for, or None (no vocabulary for the field, or a value outside it)."""
        if written is None:
            return None
        table = self._lookup.get(name)  # type: ignore[attr-defined]
        return table.get(normal(written)) if table else None

    def canonical(self, name: str, written: str | None) -> str | None:
        """The canonical value of a written one; a value outside the vocabulary stays as written."""
        found = self.term(name, written)
        return found.value if found else written

    def group(self, name: str, written: str | None) -> str | None:
        found = self.term(name, written)
        return found.group if found else None

    def forms(self, name: str, written: str) -> tuple[str, ...]:
        """The normalized texts a written value matches as: itself, and its canonical value if that differs."""
        canonical = self.canonical(name, written)
        return (normal(written),) if canonical == written else tuple(dict.fromkeys((normal(written), normal(canonical))))

    def nearest(self, name: str, written: str, count: int = 2) -> list[str]:
        """The canonical values closest to a written one outside the vocabulary, for a "did you mean"."""
        values = {normal(term.value): term.value for term in self.terms.get(name, ())}
        for term in self.terms.get(name, ()):
            for alias in term.aliases:
                values.setdefault(normal(alias), term.value)
        close = difflib.get_close_matches(normal(written), list(values), n=count * 2, cutoff=0.6)
        return list(dict.fromkeys(values[key] for key in close))[:count]


EMPTY = Vocabulary()


def merged(vocabularies: list[Vocabulary]) -> Vocabulary:
    """One vocabulary from several files' (the first file's term wins where two define one value)."""
    if len(vocabularies) == 1:
        return vocabularies[0]
    terms: dict[str, list[Term]] = {}
    for vocabulary in vocabularies:
        for name, given in vocabulary.terms.items():
            known = {normal(term.value) for term in terms.setdefault(name, [])}
            terms[name] += [term for term in given if normal(term.value) not in known]
    return Vocabulary({name: tuple(found) for name, found in terms.items()})


def conflicts(terms: list[Term]) -> list[tuple[str, Term, Term]]:
    """(written form, first term, second term) for each alias or value that two different terms claim."""
    claimed: dict[str, Term] = {}
    found = []
    for term in terms:
        for written in dict.fromkeys(normal(text) for text in (term.value, *term.aliases)):
            first = claimed.setdefault(written, term)
            if first is not term and normal(first.value) != normal(term.value):
                found.append((written, first, term))
    return found
