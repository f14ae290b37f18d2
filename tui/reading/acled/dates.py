"""ACLED's dates in the forms its exports have written them: `2016-07-02`, `21 March 2020`, `05-Jan-22`, `18/04/2001`."""

from __future__ import annotations

import datetime as dt
import re

FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%b-%y", "%d/%m/%Y", "%d %b %Y", "%d-%b-%Y", "%B %d, %Y")
"""Tried in order. Slashes are day first, as ACLED's own older exports wrote them (never month first)."""
MONTH = re.compile(r"(\d{4})-(\d{2})$")
"""`2024-01`: a month alone, as `sitrep export` writes a date known only to the month."""


def parse(text: str) -> tuple[dt.date, bool] | None:
    """(date, month only) or None when the text is no date in a known form."""
    month = MONTH.match(text)
    if month:
        try:
            return dt.date(int(month.group(1)), int(month.group(2)), 1), True
        except ValueError:
            return None
    for form in FORMATS:
        try:
            return dt.datetime.strptime(text, form).date(), False
        except ValueError:
            continue
    return None


class Dates:
    """Parsed dates by their text: a 100,000-row export has a few thousand distinct dates, each parsed once, and
    its events share their date objects."""

    def __init__(self) -> None:
        self.known: dict[str, tuple[dt.date, bool] | None] = {}
        self.months: dict[dt.date, dt.date] = {}

    def day(self, text: str) -> tuple[dt.date, bool] | None:
        """(the date, month only), or None when unreadable."""
        found = self.known.get(text, False)
        if found is False:
            found = self.known[text] = parse(text.strip())
        return found

    def month_of(self, date: dt.date) -> dt.date:
        """The 1st of the date's month: where format v1 puts a date known only to the month."""
        first = self.months.get(date)
        if first is None:
            first = self.months[date] = date.replace(day=1)
        return first
