"""The texts of each event that queries and the search read: lower-cased once per event and cached.

`fields_of` is for filtering a list of events; the dashboard filters through ask/index/ instead, which reads
the same extractors (TEXT_VALUES).
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any, Callable, Iterable

from ..core.model import Event
from ..core.vocabulary import EMPTY, FIELD_OF, Vocabulary

SEP = "\x1f"
"""Joins a field's values: it cannot be typed, so no needle can match across two values."""


def normal(text: str) -> str:
    """Case and runs of spaces ignored, so `Ain  al-Asad` finds `ain al-asad`."""
    return " ".join(text.split()).casefold()


def words(text: str) -> list[str]:
    return normal(text).split()


ATTRIBUTES = {
    "type": ("type", True), "actor": ("actor", True), "target": ("target", True), "status": ("status", True),
    "weapon": ("weapons", False), "tag": ("tags", False),
}
"""The text fields that are one Event attribute: (attribute, whether it holds one value, else a tuple of them).
One value gives (value,), or () when empty. The index reads these attributes by attrgetter, without a call per
event (ask/index/haystacks.py)."""


def attribute_values(name: str) -> Callable[[Event], tuple[str, ...]]:
    """The extractor of a field of ATTRIBUTES."""
    attribute, single = ATTRIBUTES[name]
    get = attrgetter(attribute)
    if single:
        return lambda event: (value,) if (value := get(event)) else ()
    return get


TEXT_VALUES: dict[str, Callable[[Event], tuple[str, ...]]] = {
    "type": attribute_values("type"),
    "actor": attribute_values("actor"),
    "target": attribute_values("target"),
    "country": lambda event: (event.country,) if event.country else (),
    "place": lambda event: tuple(part for part in (event.location.name, event.location.admin1, event.location.country) if part)
    if event.location else (),
    "location": lambda event: (event.location.name,) if event.location and event.location.name else (),
    "admin1": lambda event: (event.location.admin1,) if event.location and event.location.admin1 else (),
    "weapon": attribute_values("weapon"),
    "tag": attribute_values("tag"),
    "status": attribute_values("status"),
    "id": lambda event: (event.id,),
    "source": lambda event: tuple(text for title, url, _ in event.source_rows for text in (title, url) if text),
    "responds": lambda event: event.responds_to,
}
"""The values of each text field, one extractor per field: the query terms and the index both read them here."""


def plain_strings(value: Any, depth: int = 0) -> Iterable[str]:
    """The text inside a value of a key the format does not know (nested lists and mappings included)."""
    if depth > 8 or value is None:
        return
    if isinstance(value, dict):
        for item in value.values():
            yield from plain_strings(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from plain_strings(item, depth + 1)
    else:
        yield str(value)


def other_texts(event: Event) -> list[str]:
    """Texts free text finds that no field names: date, time, summary, sources' dates, values of unknown keys."""
    rest = [event.date_text, event.time or "", event.summary or ""]
    rest += [published for _, _, published in event.source_rows if published]
    rest += [text for _, value in event.extra for text in plain_strings(value)]
    return rest


def haystack(event: Event, norm: Callable[[str], str] = normal) -> str:
    """Every text of the event, normalized and joined: what free text is searched in."""
    parts = [SEP + SEP.join(norm(text) for text in extract(event)) + SEP for extract in TEXT_VALUES.values()]
    return SEP.join([*parts, *(norm(text) for text in other_texts(event))])


def build_fields(event: Event) -> dict[str, str]:
    fields = {name: SEP + SEP.join(normal(text) for text in extract(event)) + SEP for name, extract in TEXT_VALUES.items()}
    fields["text"] = SEP.join([*fields.values(), *(normal(text) for text in other_texts(event))])
    return fields


CACHE: dict[int, tuple[Event, dict[str, str]]] = {}
"""id(event) -> (the event, its texts), for the last MAX_CACHED events asked about. Events can hold lists (extra
values), so they cannot be hashed; the entry holds the event, so its id cannot be reused while the entry lives."""
MAX_CACHED = 1 << 17


def fields_for(event: Event, vocabulary: Vocabulary = EMPTY) -> dict[str, str]:
    """fields_of(event), with the canonical forms and groups a vocabulary gives its values."""
    fields = fields_of(event)
    if not vocabulary:
        return fields
    fields = dict(fields)
    for name, covered in FIELD_OF.items():
        if not vocabulary.covers(covered):
            continue
        written = TEXT_VALUES[name](event)
        forms = [form for value in written for form in vocabulary.forms(covered, value)]
        fields[name] = SEP + SEP.join(forms) + SEP
        groups = [normal(group) for value in written if (group := vocabulary.group(covered, value))]
        fields[f"{name}-group"] = SEP + SEP.join(groups) + SEP
    return fields


def fields_of(event: Event) -> dict[str, str]:
    key = id(event)
    entry = CACHE.get(key)
    if entry is not None and entry[0] is event:
        return entry[1]
    fields = build_fields(event)
    if len(CACHE) >= MAX_CACHED:
        del CACHE[next(iter(CACHE))]
    CACHE[key] = (event, fields)
    return fields
