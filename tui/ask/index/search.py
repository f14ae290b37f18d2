"""Free text and `/` search for LogIndex (index.py): one lower-cased text per event, computed once, looked in."""

from __future__ import annotations

from typing import Iterable

from .masks import mask_from
from ...core.model import Event
from ..query import free_text as free_text_term
from ..texts import haystack, normal, words


class TextSearch:
    """Mixed into LogIndex, whose events, `previous` index, `positions`, `term_mask` and texts state it uses."""

    @property
    def texts_ready(self) -> bool:
        return self._texts is not None

    def texts(self) -> list[str]:
        """Per event, every text lower-cased and joined: what free text and search look in (query.fields_of(event)["text"])."""
        with self._texts_lock:
            if self._texts is None:
                coming, self._texts_coming = self._texts_coming, None
                texts = coming.result() if coming is not None else None
                ok = isinstance(texts, list) and len(texts) == self.size
                self.adopt_texts(texts if ok else self.compute_texts())
            return self._texts

    def compute_texts(self) -> list[str]:
        memo: dict[str, str] = {}
        previous = self.previous
        if previous is not None and previous._texts is not None:
            known = {id(event): text for event, text in zip(previous.all_events, previous._texts)}
            return [known.get(id(event)) or search_text(event, memo) for event in self.all_events]
        return [search_text(event, memo) for event in self.all_events]

    def adopt_texts(self, texts: list[str]) -> None:
        self._texts = texts
        self.previous = None  # let the old log go

    def free_text(self, needle: str) -> int:
        """Events whose texts contain the needle; typing on narrows the last answer instead of looking again."""
        texts = self.texts()
        last = self._last_free
        if last is not None and last[0] in needle:
            candidates: Iterable[int] = last[1]
        else:
            candidates = range(self.size)
        found = [i for i in candidates if needle in texts[i]]
        self._last_free = (needle, found)
        return mask_from(found, self.size)

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

    def find(self, text: str) -> list[int]:
        """Positions of the events containing every word of `text`."""
        return self.positions(self.search(text))


def search_text(event: Event, memo: dict[str, str] | None = None) -> str:
    """query.haystack(event), with each distinct text normalized once across the log (`memo`)."""
    memo = {} if memo is None else memo

    def norm(text: str) -> str:
        found = memo.get(text)
        if found is None:
            found = normal(text)
            if len(memo) < 200_000:
                memo[text] = found
        return found

    return haystack(event, norm)
