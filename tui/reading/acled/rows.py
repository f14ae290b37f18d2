"""An ACLED row as an event record (reading/fast/records.RECORD), or the problem that keeps it out.

docs/acled.md has the mapping as a table. Per row the work is picking cells by position and a few dictionary
lookups (dates, figures and coordinates are parsed once per distinct text): a 100,000-row export is mostly
the csv module's work, which is C.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ...core.model import Problem
from ...export.writers import CSV_COLUMNS, uninert
from ..reference.validate import quoted
from .codebook import GROUP_OF, actor_class, interaction
from .dates import Dates
from .layout import Layout

LOCATION_EXTRAS = ("admin2", "admin3", "iso", "iso3", "geo_precision")
"""ACLED's place columns that format v1's location has no field for: kept as `location.<column>`."""
LIST_EXTRAS = ("assoc_actor_1", "assoc_actor_2")
"""Semicolon-separated names: kept as lists."""
TAG_COLUMNS = ("disorder_type", "civilian_targeting")
"""Their values become tags, after those of the `tags` column."""
MAPPED = frozenset((*CSV_COLUMNS, "sub_event_type", "time_precision", "source_url", *TAG_COLUMNS))
"""Columns read into the event's own fields (`time_precision` is also kept, as read)."""
EVENT_KEYS = frozenset(("id", "date", "time", "utc_offset", "type", "actor", "target", "location", "weapons", "casualties",
                        "status", "summary", "sources", "responds_to", "tags"))
"""Format v1's event keys: a column of one of these names that is not mapped is kept as `csv_<name>`."""
WEEK_NOTE = "ACLED time_precision 2: the sources give only the week; ACLED placed the event on this day of it"
TIME = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d$")


def split(cell: str) -> tuple[str, ...]:
    return tuple(part for part in (piece.strip() for piece in cell.split(";")) if part)


def plain(value: Any) -> Any:
    """A JSON value as the YAML reader keeps an unknown key's: scalars as their text, lists and mappings as such."""
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return value if isinstance(value, str) else json.dumps(value)


def own_extra(cell: str) -> Any:
    """A cell `sitrep export` wrote for a key the format does not know: text as written, a list or mapping as JSON."""
    cell = uninert(cell)
    if cell[:1] in "[{":
        try:
            value = json.loads(cell)
        except ValueError:
            return cell
        if isinstance(value, (list, dict)):
            return plain(value)
    return cell


class Rows:
    """Reads the rows of one export, remembering what the log needs once all are read (types, responses)."""

    def __init__(self, layout: Layout, file: str) -> None:
        self.file = file
        self.own = layout.own_export
        self.width = len(layout.names)
        at = layout.position
        self.at_id = [i for i in (at("event_id_cnty"), at("data_id"), at("event_id_no_cnty")) if i >= 0]
        self.at_date, self.at_precision = at("event_date"), -1 if self.own else at("time_precision")
        self.at_event_type, self.at_sub_type = at("event_type"), at("sub_event_type")
        self.at_actor, self.at_target = at("actor1"), at("actor2")
        self.at_name, self.at_admin1, self.at_country = at("location"), at("admin1"), at("country")
        self.at_lat, self.at_lon = at("latitude"), at("longitude")
        self.at_killed, self.at_killed_high = at("fatalities"), at("fatalities_high")
        self.at_injured, self.at_injured_high = at("injuries"), at("injuries_high")
        self.at_notes, self.at_source, self.at_url = at("notes"), at("source"), at("source_url")
        self.at_tags = [i for i in (at("tags"), *(() if self.own else map(at, TAG_COLUMNS))) if i >= 0]
        self.at_time, self.at_kind, self.at_status = at("time"), at("kind"), at("status")
        self.at_weapons, self.at_responds = at("weapons"), at("responds_to")
        self.location_extras: list[tuple[str, int]] = []
        self.extras: list[tuple[str, int, Any]] = []
        """(key, position, how the cell is read: None as written)."""
        for position, name in enumerate(layout.names):
            if name is None or (name in MAPPED and name != "time_precision"):
                continue
            if self.own:
                given = layout.given[position]
                key = f"csv_{given}" if given in EVENT_KEYS else given
                if key.startswith("location."):
                    self.location_extras.append((key, position))
                else:
                    self.extras.append((key, position, own_extra))
            elif name in LOCATION_EXTRAS:
                self.location_extras.append((f"location.{name}", position))
            else:
                key = f"csv_{name}" if name in EVENT_KEYS else name
                how = split_list if name in LIST_EXTRAS else actor_class if name in ("inter1", "inter2") else interaction if name == "interaction" else None
                self.extras.append((key, position, how))
        self.dates = Dates()
        self.figures: dict[str, int | None] = {}
        self.coordinates: dict[str, float | None] = {}
        self.types: dict[str, tuple[str | None, int]] = {}
        """Each type read -> (its group, the line of its first row): the log's type vocabulary."""
        self.responses: set[str] = set()
        self.by_actor = False
        """Whether some event's kind is not what its responds_to says: then responses are told by their actor."""
        self.rows = 0

    def problem(self, line: int, message: str, severity: str = "error") -> Problem:
        return Problem(self.file, line, 1, severity, message)  # type: ignore[arg-type]

    def record(self, row: list[str], line: int, problems: list[Problem]) -> tuple | None:
        self.rows += 1
        if len(row) != self.width:
            row = self.fit(row, line, problems)
        own = self.own
        event_id = next((row[i].strip() for i in self.at_id if row[i].strip()), "")
        name = f"event {quoted(uninert(event_id) if own else event_id)}" if event_id else "row"
        date_text = row[self.at_date]
        date = self.dates.ordinal(date_text)
        if date is None:
            why = "event_date is empty" if not date_text.strip() else f"event_date {quoted(date_text)} is not a date (expected 2024-01-31, 31 January 2024, 31-Jan-24 or 31/01/2024)"
            problems.append(self.problem(line, f"{name} skipped: {why}"))
            return None
        actor = row[self.at_actor]
        if own:
            actor = uninert(actor)
        if not actor.strip():
            problems.append(self.problem(line, f"{name} skipped: no actor (actor1 is empty)"))
            return None
        sub_type = row[self.at_sub_type] if self.at_sub_type >= 0 else ""
        event_type = sub_type or row[self.at_event_type]
        if own:
            event_type = uninert(event_type)
        if not event_type.strip():
            problems.append(self.problem(line, f"{name} skipped: no type (event_type is empty)"))
            return None
        ordinal, month_only = date
        if not event_id:
            event_id = self.stable_id(ordinal, row)
        elif own:
            event_id = uninert(event_id)
        if event_type not in self.types:
            group = row[self.at_event_type] if sub_type else None
            self.types[event_type] = (group or GROUP_OF.get(event_type), line)
        extra: list[tuple[str, Any]] = []
        location = self.location(row, line, problems, extra)
        for key, position, how in self.extras:
            cell = row[position]
            if cell:
                value = how(cell) if how is not None else cell
                if value:
                    extra.append((key, value))
        if self.at_precision >= 0:
            precision = row[self.at_precision].strip()
            if precision == "3":
                month_only = True
            elif precision == "2" and not month_only:
                extra.append(("date_note", WEEK_NOTE))
        target = self.text(row, self.at_target)
        summary = self.text(row, self.at_notes)
        tags: tuple[str, ...] = ()
        for position in self.at_tags:  # repeats within the tags column are kept, as a YAML list keeps them
            if row[position]:
                found = split(self.cell(row[position]))
                tags += tuple(tag for tag in found if tag not in tags) if tags else found
        killed = self.figure(row, self.at_killed, self.at_killed_high, "fatalities", line, problems)
        injured = self.figure(row, self.at_injured, self.at_injured_high, "injuries", line, problems)
        sources = self.sources(row, extra)
        time = self.time(row, line, problems)
        status = self.text(row, self.at_status)
        weapons = split(self.cell(row[self.at_weapons])) if self.at_weapons >= 0 and row[self.at_weapons] else ()
        responds_to = split(self.cell(row[self.at_responds])) if self.at_responds >= 0 and row[self.at_responds] else ()
        if self.at_kind >= 0:
            is_response = row[self.at_kind] == "response"
        else:
            is_response = bool(responds_to)
        if is_response:
            self.responses.add(actor)
            self.by_actor = self.by_actor or not responds_to
        elif responds_to:
            self.by_actor = True
        return (
            event_id, ordinal, month_only, event_type, actor, line, time, None, target, location, weapons, killed, injured,
            status, summary, sources, responds_to, tags, tuple(extra), is_response,
        )

    def cell(self, text: str) -> str:
        return uninert(text) if self.own else text

    def text(self, row: list[str], position: int) -> str | None:
        if position < 0 or not row[position]:
            return None
        return uninert(row[position]) if self.own else row[position]

    def fit(self, row: list[str], line: int, problems: list[Problem]) -> list[str]:
        """A row of more or fewer cells than the header: missing cells are empty, extra ones kept as `column_<n>`."""
        given = len(row)
        problems.append(self.problem(line, f"row has {given} cells, the header {self.width}: "
                                     + ("the missing ones are read as empty" if given < self.width else "the extra ones are kept as column_<n>"), "warning"))
        if given < self.width:
            return row + [""] * (self.width - given)
        for position in range(self.width, given):
            self.extras.append((f"column_{position + 1}", position, None))
        self.width = given
        return row

    def stable_id(self, ordinal: int, row: list[str]) -> str:
        """An id for a row that has none: its date, its place and its number among the rows."""
        import datetime as dt

        place = next((row[i] for i in (self.at_name, self.at_admin1, self.at_country) if i >= 0 and row[i]), "")
        slug = "-".join(re.findall(r"\w+", place.lower()))[:40]
        return f"{dt.date.fromordinal(ordinal).isoformat()}-{slug + '-' if slug else ''}row{self.rows}"

    def location(self, row: list[str], line: int, problems: list[Problem], extra: list) -> tuple | None:
        name = self.text(row, self.at_name)
        admin1 = self.text(row, self.at_admin1)
        country = self.text(row, self.at_country)
        lat = self.coordinate(row, self.at_lat, 90, "latitude", line, problems)
        lon = self.coordinate(row, self.at_lon, 180, "longitude", line, problems)
        for key, position in self.location_extras:
            cell = row[position]
            if cell:
                extra.append((key, uninert(cell) if self.own else cell))
        if name is None and admin1 is None and country is None and lat is None and lon is None and not extra:
            return None
        return (name, admin1, country, lat, lon)

    def coordinate(self, row: list[str], position: int, limit: int, column: str, line: int, problems: list[Problem]) -> float | None:
        if position < 0 or not row[position]:
            return None
        cell = row[position]
        value = self.coordinates.get(cell, False)
        if value is False:
            try:
                value = float(cell)
            except ValueError:
                value = None
            if value is not None and not -limit <= value <= limit:  # NaN fails this too
                value = None
            self.coordinates[cell] = value
        if value is None:
            problems.append(self.problem(line, f"{column} {quoted(cell)} is not a number from -{limit} to {limit}: the coordinate is dropped"))
        return value

    def figure(self, row: list[str], low_at: int, high_at: int, column: str, line: int, problems: list[Problem]) -> tuple[int, int] | None:
        if low_at < 0 or not row[low_at]:
            return None
        low = self.number(row[low_at], column, line, problems)
        if low is None:
            return None
        if high_at < 0 or not row[high_at]:
            return (low, low)
        high = self.number(row[high_at], f"{column}_high", line, problems)
        if high is None or high < low:
            if high is not None:
                problems.append(self.problem(line, f"range [{low}, {high}] has its low above its high: the figure is unknown"))
            return None
        return (low, high)

    def number(self, cell: str, column: str, line: int, problems: list[Problem]) -> int | None:
        value = self.figures.get(cell, -1)
        if value == -1:
            text = cell.strip()
            value = int(text) if text.isdigit() and text.isascii() and len(text) <= 15 else None
            self.figures[cell] = value
        if value is None:
            problems.append(self.problem(line, f"{column} {quoted(cell)} is not a whole number of 0 or more: the figure is unknown"))
        return value

    def sources(self, row: list[str], extra: list) -> tuple:
        if self.at_source < 0 or not row[self.at_source]:
            return ()
        titles = split(self.cell(row[self.at_source]))
        urls = split(self.cell(row[self.at_url])) if self.at_url >= 0 and row[self.at_url] else ()
        if urls and len(urls) != len(titles):  # which title a link belongs to cannot be told: the links are kept apart
            extra.append(("source_url", self.cell(row[self.at_url])))
            urls = ()
        if urls:
            return tuple((title, url, None) for title, url in zip(titles, urls))
        return tuple((title, None, None) for title in titles)

    def time(self, row: list[str], line: int, problems: list[Problem]) -> str | None:
        text = self.text(row, self.at_time)
        if text is None or TIME.match(text):
            return text
        problems.append(self.problem(line, f"time {quoted(text)} is not HH:MM from 00:00 to 23:59: it is dropped"))
        return None


def split_list(cell: str) -> list[str]:
    return list(split(cell))
