"""An ACLED row as an event, or the problem that keeps it out.

docs/acled.md has the mapping as a table. A 100,000-row export should cost little more than the csv module's
own reading (C), so the work per row is kept to C calls where it can be: the mapped cells are picked by one
itemgetter, each kept cell made its (key, value) pair once per distinct text, every cell that needs reading (a date, a
figure, a place, a list of sources, an actor class) is read once per distinct text and its value shared, and the
event is made as reading/fast/records.materialize makes one (its twin class, without the frozen __init__).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from operator import itemgetter
from typing import Any, Callable

from ...core.model import Casualties, Event, Location, Problem, cite
from ...export.writers import CSV_COLUMNS, uninert
from ..fast.records import EVENT_TWIN, LOCATION_TWIN
from ..reference.validate import quoted
from .codebook import GROUP_OF, actor_class, interaction
from .dates import Dates
from .layout import Layout

LOCATION_EXTRAS = ("admin2", "admin3", "iso", "iso3", "geo_precision")
"""ACLED's place columns that format v1's location has no field for: kept as `location.<column>`."""
TAG_COLUMNS = ("disorder_type", "civilian_targeting")
"""Their values become tags, after those of the `tags` column."""
MAPPED = frozenset((*CSV_COLUMNS, "sub_event_type", "source_url", *TAG_COLUMNS))
"""Columns read into the event's own fields."""
EVENT_KEYS = frozenset(("id", "date", "time", "utc_offset", "type", "actor", "target", "location", "weapons", "casualties",
                        "status", "summary", "sources", "responds_to", "tags"))
"""Format v1's event keys: a column of one of these names that is not mapped is kept as `csv_<name>`."""
WEEK_NOTE = "ACLED time_precision 2: the sources give only the week; ACLED placed the event on this day of it"
TIME = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d$")
CELLS = (
    "event_id_cnty", "data_id", "event_id_no_cnty", "event_date", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "notes", "fatalities", "fatalities_high", "injuries", "injuries_high", "source", "source_url",
    "tags", "disorder_type", "civilian_targeting", "time", "kind", "status", "weapons", "responds_to",
)
"""The mapped cells of a row, in the order `Rows.event` takes them."""
PLACE = ("location", "admin1", "country", "latitude", "longitude")


def split(cell: str) -> tuple[str, ...]:
    return tuple(part for part in (piece.strip() for piece in cell.split(";")) if part)


def split_list(cell: str) -> list[str]:
    return list(split(cell))


def plain(value: Any) -> Any:
    """A JSON value as the YAML reader keeps an unknown key's: scalars as their text, lists and mappings as such."""
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return value if isinstance(value, str) else json.dumps(value)


def own_extra(cell: str) -> Any:
    """A cell `sitrep export` wrote for a key the format does not know: text as written, a list or mapping as JSON."""
    if cell[:1] in "[{":
        try:
            value = json.loads(cell)
        except ValueError:
            return cell
        if isinstance(value, (list, dict)):
            return plain(value)
    return cell


def location(*fields: Any) -> Location:
    made = LOCATION_TWIN(*fields)
    object.__setattr__(made, "__class__", Location)
    return made


NOWHERE = Location()
"""The location of an event whose only place columns are kept as `location.<column>` (as YAML reads `{admin2: X}`)."""


READ_AS = {"assoc_actor_1": split_list, "assoc_actor_2": split_list, "inter1": actor_class, "inter2": actor_class, "interaction": interaction}
"""ACLED's kept columns whose text is read: lists of names, actor classes as text."""


def getter(positions: list[int]) -> Callable[[list[str]], tuple]:
    """The cells at `positions` as a tuple, whatever their number (itemgetter gives one cell alone, not a tuple)."""
    if len(positions) == 1:
        position = positions[0]
        return lambda row: (row[position],)
    return itemgetter(*positions) if positions else lambda row: ()


class Rows:
    """Reads the rows of one export, remembering what the log needs once all are read (types, responses)."""

    def __init__(self, layout: Layout, file: str) -> None:
        self.file = file
        self.own = layout.own_export
        self.width = len(layout.names)
        absent = self.width
        """An absent column reads as the empty cell each row gets at its end."""

        mapped = frozenset(CSV_COLUMNS) if self.own else MAPPED
        """sitrep's own export: only the columns it writes for the event's fields; any other is an extra key."""

        def at(name: str) -> int:
            position = layout.position(name)
            return position if position >= 0 and (name in mapped or not self.own) else absent

        self.cells = getter([at(name) for name in CELLS])
        self.place_cells = getter([at(name) for name in PLACE])
        located: list[tuple[str, int, Callable[[str], Any] | None]] = []
        others: list[tuple[str, int, Callable[[str], Any] | None]] = []
        for position, name in enumerate(layout.names):
            if name is None or name in mapped:
                continue
            given = layout.given[position] if self.own else name
            key = f"csv_{given}" if given in EVENT_KEYS else given
            if not self.own and name in LOCATION_EXTRAS:
                located.append((f"location.{name}", position, None))
            elif self.own:
                (located if key.startswith("location.") else others).append((key, position, None if key.startswith("location.") else own_extra))
            else:
                others.append((key, position, READ_AS.get(name)))
        self.located = len(located)
        """The place's kept columns come first, as YAML reads `location.<key>` first."""
        self.kept = [(key, how) for key, _, how in (*located, *others)]
        self.kept_cells = getter([position for _, position, _ in (*located, *others)])
        self.pairs: list[dict[str, tuple[str, Any] | bool]] = [{"": False} for _ in self.kept]
        """For each kept column, each distinct cell -> its (key, value), shared by the events with that cell (so a
        cache entry holds it once), or False for an empty one."""
        self.dates = Dates()
        self.places: dict[tuple, tuple[tuple | None, tuple[str, ...]]] = {}
        self.figures: dict[str, int | None] = {}
        self.exact: dict[str, tuple[int, int]] = {}
        """A figure cell read alone (no `_high` beside it) -> its figure: the common case, looked up in one step."""
        self.casualties: dict[tuple, Casualties] = {}
        self.sources_of: dict[tuple, tuple] = {}
        self.tags_of: dict[tuple, tuple[str, ...]] = {}
        self.types: dict[str, tuple[str | None, int]] = {}
        """Each type read -> (its group, the line of its first row): the log's type vocabulary."""
        self.responses: set[str] = set()
        self.by_actor = False
        """Whether some event's kind is not what its responds_to says: then responses are told by their actor."""

    def problem(self, line: int, message: str, severity: str = "error") -> Problem:
        return Problem(self.file, line, 1, severity, message)  # type: ignore[arg-type]

    def event(self, row: list[str], line: int, problems: list[Problem]) -> Event | None:
        if len(row) != self.width:
            row = self.fit(row, line, problems)
        if self.own:
            row = [uninert(cell) for cell in row]
        row.append("")
        (
            event_id, data_id, number_id, date_text, precision, event_type, sub_type, actor, target, notes, killed, killed_high,
            injured, injured_high, source, source_url, tags, disorder, civilian, time, kind, status, weapons, responds_to,
        ) = self.cells(row)
        event_id = (event_id or data_id or number_id).strip()
        date = self.dates.known.get(date_text, False)
        if date is False:
            date = self.dates.day(date_text)
        if date is None:
            name = f"event {quoted(event_id)}" if event_id else "row"
            why = "event_date is empty" if not date_text.strip() else f"event_date {quoted(date_text)} is not a date (expected 2024-01-31, 31 January 2024, 31-Jan-24 or 31/01/2024)"
            problems.append(self.problem(line, f"{name} skipped: {why}"))
            return None
        if not actor.strip():
            problems.append(self.problem(line, f"{f'event {quoted(event_id)}' if event_id else 'row'} skipped: no actor (actor1 is empty)"))
            return None
        group = event_type if sub_type else None
        event_type = sub_type or event_type
        if not event_type.strip():
            problems.append(self.problem(line, f"{f'event {quoted(event_id)}' if event_id else 'row'} skipped: no type (event_type is empty)"))
            return None
        if event_type not in self.types:
            self.types[event_type] = (group or GROUP_OF.get(event_type), line)
        date, month_only = date
        if not event_id:
            event_id = self.stable_id(date, row, line)
        place_cells = self.place_cells(row)
        found = self.places.get(place_cells)
        if found is None:
            found = self.places[place_cells] = self.place(place_cells)
        place, place_problems = found
        for message in place_problems:
            problems.append(self.problem(line, message))
        values = self.kept_cells(row)
        pairs = list(map(dict.get, self.pairs, values))
        if None in pairs:
            self.new_pairs(values, pairs)
        extra = tuple(filter(None, pairs))
        if place is None and any(pairs[: self.located]):
            place = NOWHERE
        if precision:
            precision = precision.strip()
            if precision == "3" and not month_only:  # a month date, as format v1 writes one: its 1st
                date, month_only = self.dates.month_of(date), True
            elif precision == "2" and not month_only:
                extra += (("date_note", WEEK_NOTE),)
        if tags or disorder or civilian:
            key = (tags, disorder, civilian)
            tags = self.tags_of.get(key)
            if tags is None:
                tags = self.tags_of[key] = self.tag_list(key)
        else:
            tags = ()
        sources = ()
        if source:
            key = (source, source_url)
            found_sources = self.sources_of.get(key)
            if found_sources is None:
                found_sources = self.sources_of[key] = self.source_list(source, source_url)
            sources, url_text = found_sources
            if url_text:
                extra += (("source_url", url_text),)
        if killed:
            known = None if killed_high else self.exact.get(killed)
            killed = known or self.figure(killed, killed_high, "fatalities", line, problems)
        else:
            killed = None
        if injured:
            known = None if injured_high else self.exact.get(injured)
            injured = known or self.figure(injured, injured_high, "injuries", line, problems)
        else:
            injured = None
        if time and not TIME.match(time):
            problems.append(self.problem(line, f"time {quoted(time)} is not HH:MM from 00:00 to 23:59: it is dropped"))
            time = ""
        responds_to = split(responds_to) if responds_to else ()
        if kind:
            is_response = kind == "response"
            if is_response:
                self.responses.add(actor)
            if is_response != bool(responds_to):
                self.by_actor = True
        else:
            is_response = bool(responds_to)
        figures = self.casualties.get((killed, injured))
        if figures is None:
            figures = self.casualties[(killed, injured)] = Casualties(killed, injured)
        event = EVENT_TWIN(
            event_id, date, event_type, actor, line, self.file, month_only, time or None, None, target or None, place,
            split(weapons) if weapons else (), figures, status or None, notes or None, sources, responds_to, tags, extra,
            is_response,
        )
        object.__setattr__(event, "__class__", Event)
        return event

    def new_pairs(self, values: tuple[str, ...], pairs: list) -> None:
        """The pairs of the cells not met before in their columns, read and remembered."""
        for index, pair in enumerate(pairs):
            if pair is None:
                key, how = self.kept[index]
                cell = values[index]
                value = how(cell) if how is not None else cell
                pairs[index] = self.pairs[index][cell] = (key, value) if value else False

    def fit(self, row: list[str], line: int, problems: list[Problem]) -> list[str]:
        """A row of more or fewer cells than the header: missing cells are empty, extra ones dropped with a warning."""
        given = len(row)
        if given < self.width:
            problems.append(self.problem(line, f"row has {given} cells, the header {self.width}: the missing ones are read as empty", "warning"))
            return row + [""] * (self.width - given)
        kept = ", ".join(quoted(cell) for cell in row[self.width :] if cell)
        problems.append(self.problem(line, f"row has {given} cells, the header {self.width}: the cells past the header are not read"
                                     + (f" ({kept})" if kept else ""), "warning"))
        return row[: self.width]

    def stable_id(self, date: dt.date, row: list[str], line: int) -> str:
        """An id for a row that has none: its date, its place and its line (which names the row as long as the file
        is unchanged, whichever process reads it)."""
        name, admin1, country, _, _ = self.place_cells(row)
        slug = "-".join(re.findall(r"\w+", (name or admin1 or country).lower()))[:40]
        return f"{date.isoformat()}-{slug + '-' if slug else ''}line{line}"

    @staticmethod
    def place(cells: tuple[str, ...]) -> tuple[Location | None, tuple[str, ...]]:
        """The location or None, and the problems of its coordinates."""
        name, admin1, country, lat_text, lon_text = cells
        messages = []
        coordinates = []
        for text, limit, column in ((lat_text, 90, "latitude"), (lon_text, 180, "longitude")):
            value = None
            if text:
                try:
                    value = float(text)
                except ValueError:
                    pass
                if value is None or not -limit <= value <= limit:  # NaN fails this too
                    messages.append(f"{column} {quoted(text)} is not a number from -{limit} to {limit}: the coordinate is dropped")
                    value = None
            coordinates.append(value)
        fields = (name or None, admin1 or None, country or None, *coordinates)
        return (None if fields == (None,) * 5 else location(*fields)), tuple(messages)

    def tag_list(self, cells: tuple[str, str, str]) -> tuple[str, ...]:
        """The `tags` column's tags (repeats kept, as a YAML list keeps them), then the disorder type's and the
        civilian-targeting mark, each once."""
        tags, *more = cells
        found = split(tags)
        for cell in more:
            found += tuple(tag for tag in split(cell) if tag not in found)
        return found

    @staticmethod
    def source_list(titles_cell: str, urls_cell: str) -> tuple[str | tuple, str]:
        """The sources as the event keeps them (model.cite), and the `source_url` cell when its links cannot be paired
        with the titles (then kept apart)."""
        titles = split(titles_cell)
        urls = split(urls_cell) if urls_cell else ()
        if urls and len(urls) == len(titles):
            return cite([(title, url, None) for title, url in zip(titles, urls)]), ""
        return cite([(title, None, None) for title in titles]), urls_cell

    def figure(self, low_cell: str, high_cell: str, column: str, line: int, problems: list[Problem]) -> tuple[int, int] | None:
        low = self.number(low_cell, column, line, problems)
        if low is None:
            return None
        if not high_cell:
            exact = self.exact[low_cell] = (low, low)
            return exact
        high = self.number(high_cell, f"{column}_high", line, problems)
        if high is None:
            return None
        if high < low:
            problems.append(self.problem(line, f"{column} range [{low}, {high}] has its low above its high: the figure is unknown"))
            return None
        return (low, high)

    def number(self, cell: str, column: str, line: int, problems: list[Problem]) -> int | None:
        value = self.figures.get(cell, -1)
        if value == -1:
            text = cell.strip()
            value = self.figures[cell] = int(text) if text.isdigit() and text.isascii() and len(text) <= 15 else None
        if value is None:
            problems.append(self.problem(line, f"{column} {quoted(cell)} is not a whole number of 0 or more: the figure is unknown"))
        return value
