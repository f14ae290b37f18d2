"""The first screen of a big log that is not cached: its first megabyte read on its own, in a tenth of a second.

A million-event log takes tens of seconds to read; its first events, tallies of them and their totals show
within the first second instead, marked as partial, while the whole file is read. The head is cut at a line
end and read by the usual readers (the fast one for YAML, the ACLED one for CSV); its last event, which the
cut may have shortened, is left out.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..core.model import first_by_id
from .acled import is_csv, read_acled
from .cache.preview import Preview, from_payload, payload_of_log
from .fast.reader import load_text
from .text import decode

HEAD_BYTES = 1 << 20
"""Bytes read for the first screen: about 1,500 events of a log, 1,700 rows of an export."""
MIN_BYTES = 16 << 20
"""Smaller files are read whole in about a second: their first screen is the log itself."""


def is_big(size: int) -> bool:
    """Whether a file of this size gets a first screen before its log (its cached preview, else its head)."""
    return size >= MIN_BYTES


def head_preview(path: Path) -> Preview | None:
    """The first screen of a big file from its first HEAD_BYTES, or None (a small file, or a head the fast
    reader declines: the log itself comes soon enough then)."""
    file = str(path)
    try:
        if not path.is_file() or not is_big(path.stat().st_size):  # opening a FIFO would block
            return None
        with open(path, "rb") as stream:
            head = stream.read(HEAD_BYTES)
    except OSError:
        return None
    head = head[: head.rfind(b"\n") + 1]  # a line end is never inside a UTF-8 character
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16: its line ends are two bytes
    if is_csv(file):
        log = read_acled(head, file)
    else:
        text, problems = decode(head, file)
        log = load_text(text, file, problems)
    if log is None or len(log.events) < 2:
        return None
    last = max(event.line for event in log.events)
    events = tuple(event for event in log.events if event.line != last)
    payload = payload_of_log(replace(log, events=events, problems=(), by_id=first_by_id(events)))
    return from_payload(payload, file, partial=True)
