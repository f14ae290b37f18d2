"""A parallel read drops the text it does not need (reading/fast/parallel.py, ChunkReader.narrow), and reads it
again from the file, checked unchanged, when it needs it after all (route.refetcher): a child dying, or an anchor
name met in two slices. A file changed meanwhile is read again from the start."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from paths import ROOT
from sitrep.reading import load, route
from sitrep.reading.fast import chunks, parallel, reader
from sitrep.reading.reference import reference_load
from sitrep.reading.text import Handed

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402
from test_fast_reader import assert_same  # noqa: E402
from test_route import children_die_after_two_pieces, private_cache  # noqa: E402, F401 (private_cache: autouse)


@pytest.fixture
def text_lengths(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[int]]:
    """The length of this process's text after each narrow, and before each release."""
    seen: dict[str, list[int]] = {"narrowed": [], "released": []}
    narrow, release = chunks.ChunkReader.narrow, chunks.ChunkReader.release

    def narrowing(self: chunks.ChunkReader, high: int) -> None:
        narrow(self, high)
        seen["narrowed"].append(len(self.text))

    def releasing(self: chunks.ChunkReader) -> None:
        seen["released"].append(len(self.text))
        release(self)
        assert self.text == ""

    monkeypatch.setattr(chunks.ChunkReader, "narrow", narrowing)
    monkeypatch.setattr(chunks.ChunkReader, "release", releasing)
    return seen


def test_this_process_keeps_only_its_share_of_the_text_and_then_none(text_lengths: dict) -> None:
    text = generate(3_000)
    asked: list[int] = []
    found = reader.read(Handed(text), "p.yaml", [], 2, lambda: asked.append(1) or text)
    assert found is not None
    assert_same(found.log("p.yaml"), reader.load_text(text, "p.yaml", [], workers=1))
    # The first of two workers reads 40 % of the events: its text is that share and the header, then nothing.
    assert len(text_lengths["narrowed"]) == 1
    assert 0.35 * len(text) < text_lengths["narrowed"][0] < 0.45 * len(text)
    assert text_lengths["released"] == text_lengths["narrowed"]
    assert asked == []


def test_without_a_refetch_the_text_is_kept_whole(text_lengths: dict) -> None:
    text = generate(3_000)
    held = Handed(text)
    assert reader.read(held, "p.yaml", [], 2) is not None
    assert text_lengths == {"narrowed": [], "released": []}
    assert held.data is text  # left with the caller, who may need it for the reference path


def test_a_child_dying_after_the_text_was_dropped_has_its_slice_read_from_the_text_again(
    text_lengths: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    children_die_after_two_pieces(monkeypatch)
    text = generate(3_000)
    asked: list[int] = []
    found = reader.read(Handed(text), "p.yaml", [], 3, lambda: asked.append(1) or text)
    assert found is not None
    assert_same(found.log("p.yaml"), reader.load_text(text, "p.yaml", [], workers=1))
    assert text_lengths["released"] and asked == [1]  # once: the second child's slice reads the text fetched for the first


def test_a_file_changed_before_the_text_is_read_again_is_read_again_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text_lengths: dict
) -> None:
    monkeypatch.setenv("SITREP_WORKERS", "3")
    children_die_after_two_pieces(monkeypatch)
    path = tmp_path / "log.yaml"
    path.write_text(generate(2_000))
    refetcher = route.refetcher

    def changing_first(path_: Path, file: str, digest):  # another program writes before the text is read again
        refetch = refetcher(path_, file, digest)

        def changed() -> str:
            with path.open("a") as out:
                out.write("  - id: written-meanwhile\n    date: 2024-03-01\n    type: drone attack\n    actor: X\n")
            return refetch()

        return changed

    monkeypatch.setattr(route, "refetcher", changing_first)
    log = load(path)
    assert len(text_lengths["narrowed"]) == 1  # the second reading keeps its text: it cannot be dropped again
    assert "written-meanwhile" in log.by_id
    assert len(log.events) == 2_001
    assert_same(log, reference_load(path))


def test_an_anchor_in_two_slices_sends_the_dropped_text_to_the_reference_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text_lengths: dict
) -> None:
    monkeypatch.setenv("SITREP_WORKERS", "2")
    monkeypatch.setattr(parallel, "PIECE", 100)
    lines = generate(2_000).split("\n")
    types = [i for i, line in enumerate(lines) if line.startswith("    type: ")]
    for i in (types[5], types[1_900]):  # one in this process's slice, one in the child's
        lines[i] = lines[i].replace("type: ", "type: &x ")
    path = tmp_path / "log.yaml"
    path.write_text("\n".join(lines))
    log = load(path)
    assert text_lengths["narrowed"]
    assert route.route_of(log) == "reference"
    assert_same(log, reference_load(path))
