"""Where an ACLED export's header is, how its cells are separated, and which column holds what.

Exports differ: the 2024+ layout (31 columns), the 2019–2022 export tool's (with `data_id`, `iso3`), the older
API's (`gwno`, `ally_actor_1`, no `sub_event_type`), UPPERCASE names, a pandas index as an unnamed first
column, a junk or blank line before the header; and `sitrep export --format csv` writes ACLED's names too. Columns
are found by name, never by position.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

KEY_COLUMNS = ("event_date", "event_type", "actor1")
"""Without these a file is no ACLED export: no event could be read from it."""
EXPECTED = (
    "event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1", "location",
    "latitude", "longitude", "fatalities", "notes", "source",
)
"""Named in the error for a file that is not an ACLED export."""
RENAMED = {"ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2"}
"""Older names -> today's, so every layout's column reads (and is kept) the same way."""
OWN_EXPORT = ("kind", "fatalities_high")
"""Columns only `sitrep export` writes: a file with them is one of sitrep's own exports."""
PANDAS_INDEX = ("", "unnamed: 0")
"""The name of a first column pandas adds when a DataFrame is saved with its index: row numbers, not data."""
HEADER_SEARCH = 50
"""Lines looked at for the header: an export may start with a title or a blank line."""
DELIMITERS = (",", ";", "\t")
HEADER_BYTES = 1 << 20
"""Where the header is looked for: at most the first 50 lines, cut after this many characters (plus one line)."""


@dataclass(frozen=True)
class Layout:
    start: int
    """Character offset of the header line in the text."""
    line: int
    """The header's line number (1-based)."""
    delimiter: str
    names: tuple[str | None, ...]
    """Each column's name, lowercase and renamed; None for a dropped pandas index."""
    given: tuple[str, ...]
    """Each column's name as written (stripped): sitrep's own export names its extra keys so."""
    own_export: bool

    def position(self, name: str) -> int:
        """The column's index, or -1 when the file has no such column."""
        try:
            return self.names.index(name)
        except ValueError:
            return -1

    def has(self, name: str) -> bool:
        return name in self.names


def column_name(cell: str) -> str:
    name = cell.strip().lower().replace(" ", "_")
    return RENAMED.get(name, name)


def find_layout(text: str) -> Layout | str:
    """The layout of an export, or the reason the text is not one (for the one error the file then gets)."""
    offset = 0
    head = text[: text.find("\n", HEADER_BYTES) + 1 or len(text)]  # not the whole text: StringIO copies what it is given
    for number, line in enumerate(io.StringIO(head, newline=""), 1):  # any line end, as the csv module reads them
        if "event_date" in line.lower():
            delimiter = max(DELIMITERS, key=line.count)
            cells = next(csv.reader([line], delimiter=delimiter), [])
            names: list[str | None] = [column_name(cell) for cell in cells]
            if names and names[0] in PANDAS_INDEX:
                names[0] = None
            missing = [name for name in KEY_COLUMNS if name not in names]
            if missing:
                return f"not an ACLED export: its header (line {number}) has no {', '.join(missing)}; {expected()}"
            given = unique([cell.strip() for cell in cells])
            return Layout(offset, number, delimiter, tuple(unique(names)), tuple(given), all(name in names for name in OWN_EXPORT))
        if number == HEADER_SEARCH:
            break
        offset += len(line)
    return f"not an ACLED export: no header line with event_date in its first {HEADER_SEARCH} lines; {expected()}"


def unique(names: list) -> list:
    """A name the header repeats gets its number from its second time on (`notes`, `notes_2`): each is kept, under a
    key of its own; the first is the one read into the event's field."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        if name is not None and name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        elif name is not None:
            seen[name] = 1
        out.append(name)
    return out


def expected() -> str:
    return f"expected ACLED's columns ({', '.join(EXPECTED)}), of which {', '.join(KEY_COLUMNS)} are required"
