"""A parsed copy of each big log, so a log that has not changed opens without being read again.

One file per log under the user's cache folder: `$SITREP_CACHE_DIR`, else `$XDG_CACHE_HOME/sitrep`, else
`~/.cache/sitrep`. It holds the events as records (tuples of plain values, see records.RECORD) in their final
order, the problems, and what a later append needs. It is trusted only when the log's absolute path, size,
modification time (ns), inode and SHA-256 all match the ones stored in it, the cache's version matches
this code (a hash of the modules whose code decides what a log reads as and what an entry holds, so any
change to them invalidates every entry), and the payload's own length and SHA-256, stored in the header,
match the bytes that follow it, and so for each part after it (the records, a part at a time): a damaged entry (a
flipped bit, a cut) is never unpickled. A cache file that
cannot be read, is cut short, or holds anything unexpected is ignored (and replaced on the next load), and
the log is read instead; writing is atomic (a temporary file renamed over the entry) and any failure to
write is ignored.

Entries hold only plain values (tuples, lists, dicts, strings, numbers, bytes): they are read with an
unpickler that refuses every class and function, so a planted cache file cannot run code.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable

from ...core.leftovers import remove_stale

MAGIC = b"sitrep-cache\n"
FORMAT = 4
"""2: the header holds the payload's length and SHA-256. 3: records tabled (fast.records.tabled). 4: the records in
parts after the payload, each with its length and SHA-256 in the header."""
MIN_BYTES = 1 << 20
"""Logs smaller than this are read in well under a tenth of a second: not worth a cache file."""
MODULES = (
    "core.model", "reading.text", "reading.reference.compose", "reading.reference.validate", "reading.reference.nodes",
    "reading.reference.fields", "reading.fast.reader", "reading.fast.chunks", "reading.fast.split", "reading.fast.scalars", "reading.fast.blocks",
    "reading.fast.build", "reading.fast.records", "reading.cache.disk", "reading.cache.entry", "reading.cache.preview",
    "ask.tally", "core.describe", "reading.acled.reader", "reading.acled.layout", "reading.acled.rows", "reading.acled.dates",
    "reading.acled.codebook", "export.writers",
)
"""Dotted names, under the package, of the modules whose code decides what a log reads as and what an entry holds."""
TEMPORARY_PREFIX = ".tmp-"
PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def module_file(name: str) -> Path:
    """The source file of a module named in MODULES (tests check that each exists: a moved module would hash nothing)."""
    return PACKAGE_ROOT.joinpath(*name.split(".")).with_suffix(".py")


def code_version() -> str:
    digest = hashlib.sha256(str(FORMAT).encode())
    for name in MODULES:
        try:
            digest.update(module_file(name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()[:16]


VERSION = code_version()


def folder() -> Path:
    explicit = os.environ.get("SITREP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sitrep"


@dataclass(frozen=True)
class Key:
    """What must all match for an entry to be trusted."""

    path: str
    size: int
    mtime_ns: int
    inode: int
    sha256: bytes

    def stored(self) -> tuple:
        return (self.path, self.size, self.mtime_ns, self.inode, self.sha256)


class PlainUnpickler(pickle.Unpickler):
    """Builds only the built-in containers and scalars: any class or function in the data is refused."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"refused: {module}.{name}")


def entry_path(path: str, kind: str = "cache") -> Path:
    """The entry of a log: kind "cache" (the whole log) or "preview" (what the first screen shows)."""
    return folder() / (hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()[:32] + "." + kind)


def read(key: Key, kind: str = "cache", take: Callable[[dict[str, Any], Any], None] | None = None) -> dict[str, Any] | None:
    """The stored payload for exactly this version of the log, or None. The entry's parts (write's `parts`) are
    each given to `take` with the payload, in order, one at a time as each is read and checked: a part's bytes
    and what they unpickle to are then let go before the next is read (a million events' records whole: 330 MB of
    bytes, then 200 MB of tuples, beside the events made of them). None if any part is wrong: what `take` made of
    the parts before it is then to be dropped."""
    try:
        with open(entry_path(key.path, kind), "rb") as stream:
            if stream.read(len(MAGIC)) != MAGIC:
                return None
            header = PlainUnpickler(stream).load()  # one unpickler per pickle: each has its own memo
            if not isinstance(header, dict) or header.get("version") != VERSION or header.get("key") != key.stored():
                return None
            payload = checked(stream, header["payload"])
            if not isinstance(payload, dict):
                return None
            if header["parts"] and take is None:
                return None  # parts nobody takes: not an entry this caller reads
            for stored in header["parts"]:
                take(payload, checked(stream, stored))
    except Exception:  # missing, unreadable, cut short, damaged, or not what this code writes: ignored
        return None
    return payload


def checked(stream: BinaryIO, stored: tuple[int, bytes]) -> Any:
    """The next pickle of the entry, unpickled only if its length and SHA-256 are the header's; else ValueError."""
    size, digest = stored
    data = stream.read(size)
    if len(data) != size or hashlib.sha256(data).digest() != digest:
        raise ValueError("a damaged entry")
    return PlainUnpickler(io.BytesIO(data)).load()


def stored_key(path: str, kind: str = "cache") -> tuple | None:
    """The key an entry was written for (path, size, mtime_ns, inode, sha256), read without the payload."""
    try:
        with open(entry_path(path, kind), "rb") as stream:
            if stream.read(len(MAGIC)) != MAGIC:
                return None
            header = PlainUnpickler(stream).load()
    except Exception:
        return None
    if not isinstance(header, dict) or header.get("version") != VERSION or not isinstance(header.get("key"), tuple):
        return None
    return header["key"]


def write(key: Key, payload: dict[str, Any], kind: str = "cache", parts: Iterable[Any] = ()) -> bool:
    """The entry: the payload, then `parts` (read() gives them one at a time), each a pickle of its own."""
    target = entry_path(key.path, kind)
    temporary = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        pickles = [pickle.dumps(each, protocol=pickle.HIGHEST_PROTOCOL) for each in (payload, *parts)]
        stored = [(len(data), hashlib.sha256(data).digest()) for data in pickles]
        header = {"version": VERSION, "key": key.stored(), "payload": stored[0], "parts": stored[1:]}
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=TEMPORARY_PREFIX, suffix=".cache")
        with os.fdopen(handle, "wb") as stream:
            stream.write(MAGIC)
            pickle.dump(header, stream, protocol=pickle.HIGHEST_PROTOCOL)
            for data in pickles:
                stream.write(data)
        os.replace(temporary, target)
        return True
    except Exception:
        if temporary:
            try:
                os.unlink(temporary)
            except OSError:
                pass
        return False


def sweep() -> int:
    """Remove the half-written entries of sitreps killed while writing; returns how many."""
    return remove_stale(folder(), f"{TEMPORARY_PREFIX}*.cache")
