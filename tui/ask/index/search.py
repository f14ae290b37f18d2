"""Free text and `/` search for LogIndex (index.py): a needle is looked for in the distinct values of the indexed
fields and in each event's own texts (haystacks.py), computed once."""

from __future__ import annotations

from itertools import compress
from typing import Iterator

from .counts import INDEXED_FIELDS
from .haystacks import Haystacks
from ..hits import Hits
from ...core.model import Event
from .masks import mask_from
from ..query import free_text as free_text_term
from ..texts import SEP, haystack, words

NARROWED = 4
"""Typing on looks only in the events of the last answer when they are at most 1/NARROWED of the log."""
LOOKED_AHEAD = 20_000
"""hit_from() looks at this many events at most: about 10 ms at the 250-character texts of a generated log."""
FEW = 64
"""An answer of at most 1/FEW of the log is kept as positions too: typing on then looks at those events alone,
not at every event's codes and the mask's positions (passes over the whole log: a rare id's last characters at a
million events took 33-48 ms each that way, 1-4 ms this way)."""


class TextSearch:
    """Mixed into LogIndex, whose events, `previous` index, `positions`, `term_mask`, columns and texts state it uses."""

    @property
    def texts_ready(self) -> bool:
        return self._texts is not None

    def texts(self) -> Haystacks:
        """What free text looks in: per event its own texts, and the indexed fields' values (haystacks.py)."""
        with self._texts_lock:
            if self._texts is None:
                coming, self._texts_coming = self._texts_coming, None
                parts = coming.parts() if coming is not None else None
                texts = Haystacks.of_parts(parts) if parts else None
                ok = texts is not None and len(texts) == self.size
                self.adopt_texts(texts if ok else self.compute_texts())
            return self._texts

    def compute_texts(self) -> Haystacks:
        previous = self.previous
        if previous is None or previous._texts is None:
            return Haystacks.of(self.all_events, {name: self.column(name) for name in INDEXED_FIELDS})
        at = {id(event): i for i, event in enumerate(previous.all_events)}
        picked = [at.get(id(event)) for event in self.all_events]
        added = Haystacks.of([event for event, i in zip(self.all_events, picked) if i is None])
        return previous._texts.picked(picked, added)

    def texts_in_child(self) -> Iterator[object]:
        """compute_texts() in warm_up's forked process, as parts to send."""
        self.fresh_locks()
        return self.compute_texts().parts()

    def adopt_texts(self, texts: Haystacks) -> None:
        """The texts, holding this index's columns: those it has (the texts' copies dropped), and it takes theirs."""
        for name, column in texts.columns.items():
            texts.columns[name] = self._columns.setdefault(name, column)
        self._texts = texts
        self.previous = None  # let the old log go

    def free_text(self, needle: str) -> int:
        """Events whose haystack (texts.haystack) holds the needle; typing on narrows the last answer instead of
        looking in every event again."""
        if not needle:
            return self.all
        if SEP in needle:  # `normal` takes SEP out of every needle the queries make: this one may span two texts
            return mask_from((i for i, event in enumerate(self.all_events) if needle in haystack(event)), self.size)
        texts = self.texts()
        last = self._last_free
        narrowing = last is not None and last[0] in needle
        if narrowing and last[2] is not None:
            hits = texts.holder(needle)(last[2])
            found = mask_from(hits, self.size)
        else:
            in_values = texts.in_values(needle)
            candidates = (last[1] if narrowing else self.all) & ~in_values
            if candidates.bit_count() * NARROWED > self.size:
                found = in_values | texts.in_own(needle)  # faster than picking the candidates out, and as exact
            else:
                found = in_values | mask_from(texts.in_own_of(needle, self.positions(candidates)), self.size)
            hits = sparse_positions(found, self.size) if found.bit_count() * FEW <= self.size else None
        self._last_free = (needle, found, hits)
        return found

    def search(self, text: str) -> int:
        """Events containing every word of `text` (`/` search); 0 for no words."""
        needles = words(text)
        if not needles:
            return 0
        mask = self.all
        for needle in sorted(needles, key=len, reverse=True):
            # Through the index's cache of term masks: every filter keystroke looks the search up again, and a
            # search of two words would otherwise scan every text twice each time.
            mask &= self.term_mask(free_text_term(needle, False), self.all)
        return mask

    def search_hits(self, text: str, within: int) -> Hits:
        """The events of `within` holding every word of `text` (search), by their place there; none for no words."""
        return self.hits_within(self.search(text), within) if text.strip() else Hits()

    def hit_from(self, text: str, within: int, event: Event | None, limit: int = LOOKED_AHEAD) -> int | None:
        """The place among `within`'s events of the first one, from `event` on (else from the first) and then from
        the first event (as `n` wraps), holding every word of `text`; None if none of the next `limit` or so does.
        A big log's search jumps there at once, its whole answer (search) coming after from a worker."""
        needles = sorted(words(text), key=len, reverse=True)
        start = 0 if event is None else self.place(event)
        if not needles or start is None:
            return None
        holders = [self.texts().holder(needle) for needle in needles]
        flags = self.spread(within)
        looked, step = 0, 64
        for at, end in ((start, self.size), (0, start)):
            while looked < limit and at < end:
                stop = min(at + step, end)
                candidates = list(compress(range(at, stop), flags[at:stop]))
                for holding in holders:
                    candidates = holding(candidates)
                if candidates:
                    return flags.count(1, 0, candidates[0])
                looked, at, step = looked + stop - at, stop, min(step * 4, limit)
        return None

    def find(self, text: str) -> list[int]:
        """Positions of the events containing every word of `text`."""
        return self.positions(self.search(text))


def sparse_positions(mask: int, size: int) -> list[int]:
    """The positions of a mask of few events, each found by C (memchr) instead of a pass over every event."""
    flags = mask.to_bytes(size, "little")
    found = []
    at = flags.find(1)
    while at >= 0:
        found.append(at)
        at = flags.find(1, at + 1)
    return found
