"""What each file of tests/data/hostile must give: its exact problems and the ids of the events it keeps.

Shared by the readers' tests (tests/unit/test_hostile.py) and the dashboard's (tests/ui/test_hostile_ui.py)."""

from __future__ import annotations

FFFD = "\ufffd"
NOT_IN_YAML = "character U+{:04X} is not allowed in YAML; {} shown as \ufffd"
NUL_HINT = " (NUL bytes: is it UTF-16 without a byte-order mark, or not text at all?)"
BAD_UTF8 = "invalid UTF-8 (was the file saved in another encoding?); bad bytes are shown as \ufffd"
NOT_A_MAPPING = "an event must be a mapping of keys to values, not {}"
NOT_PLAIN_KEY = "an event has a key that is not plain text; it is ignored"
YAML11 = "{} {!r} would be read by YAML 1.1 as {}; kept as the text {!r}, quote it (\"{}\") to be clear"
NOT_HHMM = "time must be HH:MM (00:00 to 23:59), not {!r}"
BAD_DATE = "date must be YYYY-MM-DD or YYYY-MM, not {!r}"
REFUSED = "YAML tag {} refused: only plain data is allowed"


def yaml11(what: str, word: str, value: str) -> str:
    return YAML11.format(what, word, value, word, word)


CASES: dict[str, tuple[list[tuple[int, int, str, str]], list[str]]] = {
    # Only comments: as empty as an empty file.
    "comments_only.yaml": ([(1, 1, "error", "the file is empty: expected `version: 1` and `events:`")], []),
    # Events that are a string, a number, a list; the real event beside them loads.
    "event_string.yaml": (
        [
            (3, 5, "error", NOT_A_MAPPING.format("'2024-01-20 drone attack on Ain al-Asad'")),
            (8, 5, "error", NOT_A_MAPPING.format("'42'")),
            (9, 5, "error", NOT_A_MAPPING.format("a list")),
        ],
        ["kept"],
    ),
    # `- null`, `-` and `- ~` are not events.
    "null_event.yaml": (
        [
            (3, 5, "error", NOT_A_MAPPING.format("'null'")),
            (4, 4, "error", NOT_A_MAPPING.format("an empty value")),
            (5, 5, "error", NOT_A_MAPPING.format("'~'")),
        ],
        ["kept"],
    ),
    # Keys that are a list, a mapping, a block list, a flow list: ignored with an error each; the event stays.
    "key_is_list.yaml": (
        [(7, 5, "error", NOT_PLAIN_KEY), (8, 7, "error", NOT_PLAIN_KEY), (10, 7, "error", NOT_PLAIN_KEY), (14, 73, "error", NOT_PLAIN_KEY)],
        ["odd-keys", "flow"],
    ),
    # Two YAML documents: the first is read in pieces, the second is reported where it starts.
    "multi_document.yaml": (
        [(8, 1, "error", "YAML syntax: but found another document (expected a single document in the stream that starts at line 1, column 1)")],
        ["first-doc"],
    ),
    # An unterminated quote costs its own event only; one at the end of the file is reported at the end.
    "unterminated_quote.yaml": (
        [
            (10, 21, "error", "YAML syntax: found unexpected end of stream (while scanning a quoted scalar that starts at line 9, column 11)"),
            (15, 1, "error", "YAML syntax: found unexpected end of stream (while scanning a quoted scalar that starts at line 14, column 12)"),
        ],
        ["before"],
    ),
    # One event indented with tabs: that event only, with a message that names the tab.
    "tabs.yaml": (
        [(8, 1, "error", "YAML syntax: found a tab character that violates indentation (while scanning a plain scalar that starts at line 7, column 9)")],
        ["spaces", "also-spaces"],
    ),
    # Tags: local and Python tags refused and never run; !!binary is not text; standard tags are fine.
    "unknown_tags.yaml": (
        [
            (7, 13, "error", REFUSED.format("!thing")),
            (8, 22, "error", REFUSED.format("!!python/name:os.system")),
            (9, 5, "error", "event 'tagged-date' skipped: its date is unusable"),
            (10, 11, "error", REFUSED.format("!!python/object/new:datetime.date")),
            (13, 5, "error", "event 'binary-text' skipped: its type is unusable"),
            (15, 11, "error", "type must be text, not binary data (!!binary)"),
            (22, 5, "error", REFUSED.format("!!python/str")),
            (23, 14, "error", REFUSED.format("\\x1b]52;c;Zm9v\\x07")),  # %-escapes in a tag decode to ESC: shown escaped
            (35, 5, "error", REFUSED.format("!event")),
        ],
        ["local-tag", "binary-extra", "standard-tags", "tagged-event"],
    ),
    # Dates: only YYYY-MM-DD and YYYY-MM, ASCII digits, real days.
    "date_forms.yaml": (
        [
            (3, 5, "error", "event 'two-digit-year' skipped: its date is unusable"),
            (4, 11, "error", BAD_DATE.format("24-01-20")),
            (7, 5, "error", "event 'year-only' skipped: its date is unusable"),
            (8, 11, "error", BAD_DATE.format("2024")),
            (11, 5, "error", "event 'no-zero-padding' skipped: its date is unusable"),
            (12, 11, "error", BAD_DATE.format("2024-1-5")),
            (15, 5, "error", "event 'day-first' skipped: its date is unusable"),
            (16, 11, "error", BAD_DATE.format("20-01-2024")),
            (19, 5, "error", "event 'datetime-utc' skipped: its date is unusable"),
            (20, 11, "error", BAD_DATE.format("2024-01-20 18:30:00Z") + "; put the time in `time:` and any UTC offset in `utc_offset:`"),
            (23, 5, "error", "event 'arabic-digits' skipped: its date is unusable"),
            (24, 11, "error", BAD_DATE.format("٢٠٢٤-٠١-٢٠")),
            (27, 5, "error", "event 'month-13' skipped: its date is unusable"),
            (28, 11, "error", "date '2024-13' is not a real date"),
        ],
        ["quoted", "leap-day"],
    ),
    # Times and offsets: the bad one is dropped, the event stays.
    "time_forms.yaml": (
        [
            (5, 11, "error", NOT_HHMM.format("24:00")),
            (10, 11, "error", NOT_HHMM.format("7:30")),
            (15, 11, "error", NOT_HHMM.format("18:30:00")),
            (20, 11, "error", NOT_HHMM.format("1830")),
            (25, 11, "error", NOT_HHMM.format("12:60")),
            (30, 11, "error", NOT_HHMM.format("6pm")),
            (31, 17, "error", "utc_offset must look like \"+03:00\", not '+3'"),
            (37, 17, "error", "utc_offset must look like \"+03:00\", not '+15:00'"),
        ],
        ["midnight-24", "one-digit-hour", "with-seconds", "no-colon", "minute-60", "evening", "offset-15"],
    ),
    # Casualties: fractions, text, shapes, hex, exponents, 50 digits, negatives: each becomes unknown, never 0.
    "casualty_forms.yaml": (
        [
            (7, 26, "error", "casualties killed must be a whole number or a [low, high] range, not '1.5'"),
            (7, 40, "error", "casualties injured must be a whole number or a [low, high] range, not '3'"),
            (12, 26, "error", "casualties killed range must be [low, high], not 1 numbers"),
            (12, 40, "error", "casualties injured range must be [low, high], not 3 numbers"),
            (17, 26, "error", "casualties killed must be a whole number, not '0x10'"),
            (17, 41, "error", "casualties injured must be a whole number or a [low, high] range, not '1e3'"),
            (22, 26, "error", "casualties killed '" + "9" * 40 + "…' is too large (more than 15 digits)"),
            (27, 26, "error", "casualties killed must be a whole number or a [low, high] range, not 'yes'"),
            (27, 40, "error", "casualties injured -2 is negative"),
            (27, 49, "warning", "casualties has an unknown figure 'wounded'; only killed and injured are counted"),
        ],
        ["fraction", "shapes", "number-forms", "huge", "words", "negative-zero"],
    ),
    # Coordinates: NaN, infinity, text, just past the edges, one of two, a list.
    "coordinates.yaml": (
        [
            (7, 36, "error", "location lat must be a number, not '.nan'"),
            (7, 47, "error", "location lon must be a number, not '.inf'"),
            (12, 38, "error", "location lat must be a number, not '33.8'"),
            (12, 51, "error", "location lon must be a number, not '42.4E'"),
            (22, 33, "error", "location lat 90.0001 is outside -90..90"),
            (22, 47, "error", "location lon -180.5 is outside -180..180"),
            (27, 15, "warning", "location has only one of lat and lon; both are needed to place it"),
            (32, 15, "error", "location must be a mapping of keys to values, not a list"),
        ],
        ["nan-and-inf", "text-coordinates", "edges", "past-the-edge", "one-coordinate", "location-list"],
    ),
    # NO, yes, on, off, True in text fields, ids and lists: kept as written, with a warning each.
    "yaml11_words.yaml": (
        [
            (6, 12, "warning", yaml11("actor", "yes", "true")),
            (7, 13, "warning", yaml11("target", "on", "true")),
            (8, 37, "warning", yaml11("country", "NO", "false")),
            (8, 49, "warning", yaml11("admin1", "off", "false")),
            (9, 21, "warning", yaml11("an item of weapons", "True", "true")),
            (10, 13, "warning", yaml11("status", "no", "false")),
            (10, 13, "warning", "status 'no' is not one of confirmed, claimed, disputed, unverified"),
            (16, 1, "warning", "event 'Yes' responds_to unknown id 'ON'"),
            (16, 9, "warning", yaml11("id", "Yes", "true")),
            (20, 19, "warning", yaml11("an item of responds_to", "ON", "true")),
        ],
        ["norway", "quoted-words", "Yes"],
    ),
    # A conflict in the events list (diff3 style, with a base section) and one in the top-level keys.
    "conflict_diff3.yaml": (
        [(7, 1, "error", "unresolved git merge conflict (lines 7-18); the 2 events inside it are skipped until it is resolved")],
        ["before", "after"],
    ),
    "conflict_header.yaml": (
        [(2, 1, "error", "unresolved git merge conflict (lines 2-6) outside the events list; the top-level keys (title, version...) are not read until it is resolved")],
        ["kept"],
    ),
    # Encodings: UTF-16 with either byte-order mark reads cleanly; without one, the NULs say why.
    "utf16le_bom.yaml": ([], ["utf16"]),
    "utf16be_bom.yaml": ([], ["utf16"]),
    "utf16_no_bom.yaml": (
        [
            (1, 1, "error", "the top level of the log must be a mapping of keys to values, not 'v\ufffde\ufffdr\ufffds\ufffdi\ufffdo\ufffdn\ufffd:\ufffd \ufffd1\ufffd \ufffdt\ufffdi\ufffdt\ufffdl\ufffde\ufffd:\ufffd \ufffdJ\ufffdo\ufffd…'"),
            (1, 2, "error", NOT_IN_YAML.format(0, "it and 175 more are") + NUL_HINT),
            (2, 42, "error", BAD_UTF8),
        ],
        [],
    ),
    "windows1252.yaml": ([(6, 12, "error", BAD_UTF8)], ["cp1252", "ascii-only"]),
    # NUL bytes inside an id and at the end: shown as U+FFFD, reported at the first; both events load.
    "nul_bytes.yaml": (
        [
            (3, 12, "error", NOT_IN_YAML.format(0, "it and 3 more are") + NUL_HINT),
            (12, 1, "error", "YAML syntax: could not find expected ':' (while scanning a simple key that starts at line 11, column 1)"),
        ],
        [f"nul{FFFD}inside", "clean"],
    ),
    # ESC and BEL written raw into the file (YAML forbids them): made visible, the event kept.
    "raw_control_bytes.yaml": ([(7, 14, "error", NOT_IN_YAML.format(0x1B, "it and 3 more are"))], ["raw-escape"]),
    # Old Mac line ends (CR only): lines counted as YAML counts them, recovery works.
    "bare_cr.yaml": (
        [(9, 9, "error", "YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence that starts at line 8, column 11)")],
        ["old-mac", "after"],
    ),
    # A PNG header and random bytes.
    "binary_garbage.yaml": (
        [
            (1, 1, "error", BAD_UTF8),
            (1, 1, "error", "the top level of the log must be a mapping of keys to values, not '\ufffdPNG \ufffd \ufffd\ufffd\ufffd IHDR3e\\t:\ufffdO\ufffd^\ufffd\ufffdX\ufffdl6\ufffd`\ufffd8W \ufffd\ufffdp1\ufffd…'"),
            (2, 1, "error", NOT_IN_YAML.format(0x1A, "it and 56 more are")),
        ],
        [],
    ),
    # ANSI, OSC 52, BEL, C1 and markup in every field: plain data to the loader (the UI test checks the screen).
    "terminal_escapes.yaml": (
        [
            (9, 16, "warning", "qualifier '\\x1b]52;c;cm0gLXJmIH4=\\x07' is not one of exact, about, at-least, more-than"),
            (22, 13, "warning", "status '\\x1b[8mconfirmed' is not one of confirmed, claimed, disputed, unverified"),
        ],
        ["\x1b[31mred-id\x1b[0m", "answer-\x1b[32mgreen"],
    ),
    # The two halves of a log split across files: each is clean alone (the clash is checked across files below).
    "duplicate_id_a.yaml": ([], ["shared", "only-in-a"]),
    "duplicate_id_b.yaml": ([(8, 1, "warning", "event 'shared' responds_to unknown id 'only-in-a'")], ["only-in-b", "shared"]),
    # Marks that take no room (LRM, ZWSP, WORD JOINER, ALM): kept in the data, warned of at the first, shown as U+FFFD.
    "invisible_marks.yaml": (
        [(6, 70, "warning", f"invisible character U+200E (LEFT-TO-RIGHT MARK); it and 3 more are shown as {FFFD}")],
        ["plain", "marked", "word-joiner"],
    ),
}
