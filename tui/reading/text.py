"""A log file's bytes as the text YAML reads: decoded, line ends as LF, characters YAML refuses repaired and reported."""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path
from typing import Generic, TypeVar

from ..core.describe import INVISIBLE
from ..core.model import Problem

MAX_FILE_BYTES = 4 * 1024**3
"""Past this a log is not read whatever the machine: ACLED's global export (over two million events) is about 1.3 GB as a log."""
MEMORY_PER_FILE_BYTE = 6
"""Peak memory of a load per byte of the file, rounded up (measured: 5.4 on the 100k log, 5.8 on the 1M log)."""
FIRST_BLOCK = 64 * 1024
Data = TypeVar("Data", bytes, str)


class UnreadableFile(Exception):
    """The file cannot be read at all (missing, a directory, no permission)."""



class Handed(Generic[Data]):
    """A file's bytes, or its text, handed to the readers, which drop them once done with them (Handed.take): a
    big log's bytes and its text are 660 MB each at a million events, and neither is held beside the events.
    No caller keeps a name for what it hands."""

    __slots__ = ("data",)

    def __init__(self, data: Data) -> None:
        self.data = data

    def take(self) -> Data:
        data, self.data = self.data, self.data[:0]
        return data


def read_text(path: Path) -> tuple[str, list[Problem]]:
    return decode(read_bytes(path), str(path))


def read_bytes(path: Path) -> bytes:
    try:
        if not path.is_file():  # refused before opening: opening a FIFO would block
            try:
                path.stat()  # a symlink loop or a file in place of a folder raises its own reason
            except FileNotFoundError:
                raise UnreadableFile(f"{path}: no such file") from None
            raise UnreadableFile(f"{path}: not a regular file")
        size = path.stat().st_size
        limit = size_limit()
        if size > limit:
            raise UnreadableFile(f"{path}: larger than {limit // 2**20} MiB, the most this machine's memory can read")
        if size > FIRST_BLOCK:
            with open(path, "rb") as stream:
                refuse_binary(path, stream.read(FIRST_BLOCK))
        return path.read_bytes()
    except OSError as error:
        raise UnreadableFile(f"{path}: {error.strerror or error}") from error


def size_limit() -> int:
    """The largest file read: MAX_FILE_BYTES, or less when reading it would need more than the machine's memory.

    So a file too big for the machine is refused at once with its reason, instead of the system killing the
    process minutes into the reading."""
    try:
        memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):  # no sysconf (Windows): the fixed ceiling alone
        return MAX_FILE_BYTES
    return min(MAX_FILE_BYTES, memory // MEMORY_PER_FILE_BYTE)


def refuse_binary(path: Path, first: bytes) -> None:
    """A file longer than its first block that is not text is refused from that block, before the rest is read.

    Reading hundreds of MB of random bytes as text (every bad byte repaired and reported) would take seconds and
    gigabytes. Not text: more than a tenth of the block NUL bytes, or not UTF-8 (a log in another encoding, with an
    accent in every line, stays well under). A small file is read in full instead, so its problems keep their lines
    and its events are kept."""
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    if first.count(0) > len(first) // 10:
        raise UnreadableFile(f"{path}: not a text file (NUL bytes in its first {FIRST_BLOCK // 1024} KiB: UTF-16 without a byte-order mark, or not text at all?)")
    if first.decode("utf-8", errors="replace").count("\ufffd") > len(first) // 10:
        raise UnreadableFile(f"{path}: not a text file (its first {FIRST_BLOCK // 1024} KiB are mostly not UTF-8)")


def decode(data: bytes, file: str) -> tuple[str, list[Problem]]:
    problems: list[Problem] = []
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return yaml_text(data.decode(encoding), file, problems)
            except UnicodeDecodeError:
                break
    if data.isascii() and not data.translate(None, ASCII_ALLOWED):  # the usual case: nothing to repair or report
        return data.decode("ascii"), problems
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[data.rfind(b"\n", 0, error.start) + 1 : error.start].decode("utf-8")) + 1  # in characters, as YAML counts
        problems.append(Problem(file, line, column, "error", "invalid UTF-8 (was the file saved in another encoding?); bad bytes are shown as \ufffd"))
        text = data.decode("utf-8", errors="replace")
    return yaml_text(text, file, problems)


NOT_YAML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters a YAML stream may not hold: one of them makes the parser refuse the whole file."""
LINE_SEPARATORS = re.compile("[\x85\u2028\u2029]")
"""Line ends to YAML 1.1 (PyYAML, libyaml), but not to editors: line numbers would disagree."""


INVISIBLE_CHARACTERS = re.compile("[" + "".join(map(chr, INVISIBLE)) + "]")


ASCII_ALLOWED = b"\t\n" + bytes(range(0x20, 0x7F))


def clean_ascii(text: str) -> bool:
    """Whether the text is ASCII with no character YAML refuses: then neither NOT_YAML nor LINE_SEPARATORS can match."""
    return text.isascii() and not text.encode("ascii").translate(None, ASCII_ALLOWED)


def yaml_text(text: str, file: str, problems: list[Problem]) -> tuple[str, list[Problem]]:
    """Line ends as LF; characters YAML refuses (NUL, ESC, other controls) shown as U+FFFD and reported at the first.

    So a stray control character costs a warning-sized repair instead of the whole file, as invalid UTF-8 does.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # YAML reads a lone CR as a line end too
    if clean_ascii(text):  # the usual case, checked ten times faster than by the searches below
        return text, problems
    bad = NOT_YAML.search(text)
    if bad:
        start = bad.start()
        count = len(NOT_YAML.findall(text))
        hint = " (NUL bytes: is it UTF-16 without a byte-order mark, or not text at all?)" if bad.group() == "\0" else ""
        problems.append(Problem(
            file, text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1, "error",
            f"character U+{ord(bad.group()):04X} is not allowed in YAML; "
            f"{'it is' if count == 1 else f'it and {count - 1} more are'} shown as \ufffd{hint}",
        ))
        text = NOT_YAML.sub("\ufffd", text)
    separator = LINE_SEPARATORS.search(text)
    if separator:  # pasted from a web page: YAML 1.1 would end the line there, and break the event
        start = separator.start()
        problems.append(Problem(
            file, text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1, "warning",
            f"character U+{ord(separator.group()):04X} (a Unicode line separator) is read as a space",
        ))
        text = LINE_SEPARATORS.sub(" ", text)
    invisible = INVISIBLE_CHARACTERS.search(text)
    if invisible:  # kept in the data, as written; the screen shows it as U+FFFD (core.describe.printable)
        start = invisible.start()
        count = len(INVISIBLE_CHARACTERS.findall(text))
        code = ord(invisible.group())
        problems.append(Problem(
            file, text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1, "warning",
            f"invisible character U+{code:04X} ({INVISIBLE[code]}); "
            f"{'it is' if count == 1 else f'it and {count - 1} more are'} shown as \ufffd",
        ))
    return text, problems
