"""A damaged cache entry is never believed: flipped bytes, a cut, a foreign payload all fall back to reading the log.

The entries are real ones, written by loading a generated log; the damage is done to their bytes. The fuzz's
budget is SITREP_CACHE_FUZZ damaged entries (a few dozen in CI; set it higher to search longer).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import random
import sys
from pathlib import Path

import pytest

from paths import ROOT
from sitrep.reading import load, route
from sitrep.reading.cache import disk, entry as cache_entry
from sitrep.reading.reference import reference_load

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402
from test_fast_reader import assert_same  # noqa: E402

BUDGET = int(os.environ.get("SITREP_CACHE_FUZZ", "40"))


@pytest.fixture
def cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A log, and the cache entry its first load wrote: its records in four parts."""
    monkeypatch.setattr(cache_entry, "PART_RECORDS", 60)
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SITREP_CACHE_SYNC", "1")
    monkeypatch.setattr(disk, "MIN_BYTES", 0)
    path = tmp_path / "log.yaml"
    path.write_text(generate(200))
    route.forget()
    load(path)
    route.forget()
    (entry,) = (tmp_path / "cache").glob("*.cache")
    yield path, entry
    route.forget()


def reopened(path: Path):
    route.forget()
    log = load(path)
    return log, route.route_of(log)


def test_an_intact_entry_is_used(cached: tuple[Path, Path]) -> None:
    path, _ = cached
    log, way = reopened(path)
    assert way == "cache"
    assert_same(log, reference_load(path))


def test_an_id_changed_in_the_entry_is_not_shown(cached: tuple[Path, Path]) -> None:
    path, entry = cached
    data = entry.read_bytes()
    victim = reference_load(path).events[5].id.encode()
    forged = victim[:-7] + b"HACKED!"
    assert data.count(victim) >= 1
    entry.write_bytes(data.replace(victim, forged))
    log, way = reopened(path)
    assert way != "cache"
    assert forged.decode() not in log.by_id
    assert_same(log, reference_load(path))


def pickles_of(data: bytes) -> tuple[dict, list[bytes]]:
    """An entry's header, and its pickles after it: the payload, then each part."""
    header = pickle.loads(data[len(disk.MAGIC):])
    at = len(disk.MAGIC) + len(pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL))
    pickles = []
    for size, _ in [header["payload"], *header["parts"]]:
        pickles.append(data[at : at + size])
        at += size
    assert at == len(data)
    return header, pickles


def rewritten(entry: Path, which: int, change) -> None:
    """The entry with its pickle `which` (0 the payload, then the parts) replaced by a well-formed other one, the
    header left as it was."""
    header, pickles = pickles_of(entry.read_bytes())
    pickles[which] = pickle.dumps(change(pickle.loads(pickles[which])), protocol=pickle.HIGHEST_PROTOCOL)
    entry.write_bytes(disk.MAGIC + pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL) + b"".join(pickles))


def test_the_records_are_stored_in_parts(cached: tuple[Path, Path]) -> None:
    path, entry = cached
    header, pickles = pickles_of(entry.read_bytes())
    parts = [pickle.loads(data) for data in pickles[1:]]
    assert [len(part) for part in parts] == [60, 60, 60, 20]
    assert [record[0] for part in parts for record in part] == [event.id for event in reference_load(path).events]


def test_a_payload_with_a_stale_checksum_is_refused(cached: tuple[Path, Path]) -> None:
    """A well-formed pickle that is not the payload the header vouches for: other bytes."""
    path, entry = cached
    rewritten(entry, 0, lambda payload: {**payload, "title": payload["title"][::-1]})
    log, way = reopened(path)
    assert way != "cache"
    assert log.title == reference_load(path).title


def test_a_part_with_a_stale_checksum_is_refused_after_the_good_ones(cached: tuple[Path, Path]) -> None:
    """The last part forged: the events made of the parts before it are dropped, and the log read."""
    path, entry = cached
    rewritten(entry, 4, lambda records: [("forged-" + record[0], *record[1:]) for record in records])
    log, way = reopened(path)
    assert way != "cache"
    assert not [event.id for event in log.events if event.id.startswith("forged-")]
    assert_same(log, reference_load(path))


@pytest.mark.parametrize("damage", ["flip", "cut"])
def test_random_damage_never_yields_another_log(cached: tuple[Path, Path], damage: str) -> None:
    path, entry = cached
    pristine = entry.read_bytes()
    reference = reference_load(path)
    rng = random.Random(f"{damage}-{BUDGET}")
    for _ in range(BUDGET // 2):
        data = bytearray(pristine)
        if damage == "flip":
            bit = rng.randrange(len(data) * 8)
            data[bit // 8] ^= 1 << (bit % 8)
        else:
            del data[rng.randrange(len(data)):]
        entry.write_bytes(bytes(data))
        log, _ = reopened(path)
        assert_same(log, reference)


def test_an_entry_not_used_reads_the_file_again_and_a_change_meanwhile_starts_over(
    cached: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bytes of a log with an entry are let go while the entry is read. An entry not used after all (here a
    damaged part) has the file read again: as it was hashed, or if it changed meanwhile, from the start."""
    path, entry = cached
    rewritten(entry, 2, lambda records: [("forged-" + record[0], *record[1:]) for record in records])
    changed = generate(150, seed=9)
    from_cache = route.from_cache

    def then_changed(*args):
        found = from_cache(*args)
        path.write_text(changed)
        return found

    monkeypatch.setattr(route, "from_cache", then_changed)
    log, way = reopened(path)
    assert way not in ("cache", "")
    assert_same(log, reference_load(path))
    assert len(log.events) == len(reference_load(path).events) != 200
    (state,) = [state for state in route.STATES.values() if state.log is log]
    assert state.key.sha256 == hashlib.sha256(path.read_bytes()).digest()  # what a later append's check relies on
