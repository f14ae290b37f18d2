"""A damaged cache entry is never believed: flipped bytes, a cut, a foreign payload all fall back to reading the log.

The entries are real ones, written by loading a generated log; the damage is done to their bytes. The fuzz's
budget is SITREP_CACHE_FUZZ damaged entries (a few dozen in CI; set it higher to search longer).
"""

from __future__ import annotations

import os
import pickle
import random
import sys
from pathlib import Path

import pytest

from paths import ROOT
from sitrep.reading import load, route
from sitrep.reading.cache import disk
from sitrep.reading.reference import reference_load

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402
from test_fast_reader import assert_same  # noqa: E402

BUDGET = int(os.environ.get("SITREP_CACHE_FUZZ", "40"))


@pytest.fixture
def cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A log, and the cache entry its first load wrote."""
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


def test_a_payload_with_a_stale_checksum_is_refused(cached: tuple[Path, Path]) -> None:
    """A well-formed pickle that is not the payload the header vouches for: same length, other bytes."""
    path, entry = cached
    data = entry.read_bytes()
    end_of_header = len(disk.MAGIC) + len(pickle.dumps(pickle.loads(data[len(disk.MAGIC):]), protocol=pickle.HIGHEST_PROTOCOL))
    payload = pickle.loads(data[end_of_header:])
    payload["title"] = payload["title"][::-1]
    entry.write_bytes(data[:end_of_header] + pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
    log, way = reopened(path)
    assert way != "cache"
    assert log.title == reference_load(path).title


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
