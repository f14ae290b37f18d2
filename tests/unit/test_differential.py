"""Differential test: logs that vary the YAML surface, read by every route, must give the reference path's log.

Each generated log mixes block and flow events, the three quoting styles with escapes, block scalars with
chomping and indentation indicators, comments everywhere, anchors, aliases and merges, standard tags, and
sometimes a directive, CRLF line ends, a byte-order mark and text in other scripts. Every log is read by the
fast reader on one core and on two, through `load` (first read, the in-process shortcut, the disk cache) and
as an append to its first half, and each result is compared with the reference path's: events and problems
alike. CI reads SITREP_DIFF_LOGS logs (default 60, a few seconds); set it higher for a longer search.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import pytest

from paths import ROOT
from sitrep.reading import load, route
from sitrep.reading.cache import disk
from sitrep.reading.fast import reader
from sitrep.reading.reference import reference_load
from sitrep.reading.text import decode

sys.path.insert(0, str(ROOT / "bench"))
from test_fast_reader import assert_same  # noqa: E402

BUDGET = int(os.environ.get("SITREP_DIFF_LOGS", "60"))
WORDS = ["drone attack", "rocket attack", "Kataib Hezbollah", "Ain al-Asad", "Erbil", "كتائب حزب الله", "Tower 22",
         "al-Tanf", "one-way attack drone", "Islamic Resistance in Iraq", "yes", "NO", "null", "12", "3.5", "café ☕"]


def plain(rng: random.Random) -> str:
    return rng.choice(WORDS[:10])


def scalar(rng: random.Random, value: str) -> str:
    """One value in one of the three quoting styles (or plain where its letters allow), with escapes."""
    style = rng.randrange(5)
    if style == 0 and value not in ("yes", "NO", "null", "12", "3.5"):
        return value
    if style == 1:
        return "'" + value.replace("'", "''") + "'"
    if style == 2:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if style == 3:
        return '"' + "".join(f"\\u{ord(c):04x}" if ord(c) > 127 else c for c in value) + '\\t"'
    return '"' + value + " \\\"quoted\\\" \\\\ end" + '"'


def comment(rng: random.Random) -> str:
    return rng.choice(["", "", "", "  # a note", "  # ملاحظة", "  #"])


def block_scalar(rng: random.Random, pad: str) -> list[str]:
    header = rng.choice(["|", "|-", "|+", ">", ">-", ">+", "|2", ">2-"])
    lines = [f"{pad}summary: {header}{comment(rng)}"]
    inner = pad + "  "
    for _ in range(rng.randrange(1, 4)):
        lines.append(inner + rng.choice(["Two drones struck the base.", "  an indented line", "", "# not a comment here"]))
    return lines


def block_event(rng: random.Random, n: int, day: int, pad: str, anchors: list[str] | None) -> list[str]:
    lines = []
    dash = f"{pad}- "
    keys = [f"id: {scalar(rng, f'e{n}') if rng.random() < 0.3 else f'e{n}'}", f"date: 2024-01-{day:02d}",
            f"type: {scalar(rng, rng.choice(WORDS[:2]))}", f"actor: {scalar(rng, rng.choice(WORDS))}"]
    if rng.random() < 0.5:
        keys.append(f"target: {scalar(rng, plain(rng))}")
    if rng.random() < 0.4:
        killed = rng.choice(["3", "[1, 4]", "!!int 2", "~", "0"])
        keys.append(f"casualties: {{killed: {killed}, injured: {rng.choice(['5', '[2, 3]', 'null'])}}}")
    if rng.random() < 0.3:
        keys.append(f"tags: [{', '.join(scalar(rng, plain(rng)) for _ in range(rng.randrange(0, 4)))}]")
    if anchors is not None and rng.random() < 0.3:
        name = f"loc{n}"
        keys.append(f"location: &{name} {{name: {scalar(rng, plain(rng))}, country: Iraq, lat: 33.8, lon: 42.4}}")
        anchors.append(name)
    elif anchors and rng.random() < 0.3:
        keys.append(f"location: *{rng.choice(anchors)}")
    if n > 1 and rng.random() < 0.3:
        keys.append(f"responds_to: [e{rng.randrange(1, n)}]")
    if rng.random() < 0.2:
        keys.append(f"weapons:\n{pad}    - {plain(rng)}\n{pad}    - {scalar(rng, plain(rng))}")
    if rng.random() < 0.1:
        keys.append(f"note: !!str {rng.randrange(100)}")
    rng.shuffle(keys[1:])
    if rng.random() < 0.1:
        lines.append(f"{dash}# the keys follow")
        lines += [f"{pad}  {key}{comment(rng)}" for key in keys]
    else:
        lines.append(f"{dash}{keys[0]}{comment(rng)}")
        lines += [f"{pad}  {key}{comment(rng)}" for key in keys[1:]]
    if rng.random() < 0.3:
        lines += block_scalar(rng, pad + "  ")
    if rng.random() < 0.15:
        lines.append(f"{pad}  # a comment between keys")
    return lines


def flow_event(rng: random.Random, n: int, day: int, pad: str) -> list[str]:
    fields = [f"id: e{n}", f"date: 2024-01-{day:02d}", f"type: {scalar(rng, WORDS[0])}", f"actor: {scalar(rng, rng.choice(WORDS))}"]
    if rng.random() < 0.4:
        fields.append(f"casualties: {{killed: {rng.choice(['1', '[0, 2]'])}}}")
    if rng.random() < 0.3:
        fields.append(f"tags: [{scalar(rng, plain(rng))} , {plain(rng)}]")
    return [f"{pad}- {{{', '.join(fields)}}}{comment(rng)}"]


def merged_event(n: int, day: int, pad: str) -> list[str]:
    return [f"{pad}- <<: *base", f"{pad}  id: e{n}", f"{pad}  date: 2024-01-{day:02d}"]


def generate_log(rng: random.Random, count: int) -> bytes:
    pad = rng.choice(["  ", "", "    "])
    head = []
    if rng.random() < 0.05:
        head += ["%YAML 1.1", "---"]
    head += ["# a log", "version: 1", f"title: {scalar(rng, 'Log ' + plain(rng))}", "response_actors: [United States]"]
    aliases = rng.random() < 0.25  # an alias sends the whole file to the reference path: in some logs only
    if aliases and rng.random() < 0.5:
        head += ["defaults: &base", "  type: drone attack", "  actor: Islamic Resistance in Iraq"]
    base = "defaults: &base" in head
    lines = head + ["events:" + comment(rng)]
    anchors: list[str] | None = [] if aliases else None
    for n in range(1, count + 1):
        day = min(28, 1 + n // 3)
        shape = rng.random()
        if base and shape < 0.15:
            lines += merged_event(n, day, pad)
        elif shape < 0.35:
            lines += flow_event(rng, n, day, pad)
        else:
            lines += block_event(rng, n, day, pad, anchors)
        if rng.random() < 0.1:
            lines.append("")
    text = "\n".join(lines) + "\n"
    if rng.random() < 0.15:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if rng.random() < 0.1:
        data = b"\xef\xbb\xbf" + data
    return data


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SITREP_CACHE_SYNC", "1")
    monkeypatch.setattr(disk, "MIN_BYTES", 0)
    route.forget()
    yield
    route.forget()


def test_every_route_reads_what_the_reference_reads(tmp_path: Path, cache: None) -> None:
    rng = random.Random(f"differential-{BUDGET}")
    fast_read = 0
    for number in range(BUDGET):
        data = generate_log(rng, rng.choice([3, 12, 40]))
        path = tmp_path / f"log{number}.yaml"
        path.write_bytes(data)
        ref = reference_load(path)
        text, problems = decode(data, str(path))
        for workers in (1, 2):
            fast = reader.load_text(text, str(path), list(problems), workers)
            if fast is not None:
                fast_read += workers == 1
                assert_same(fast, ref)
        assert_same(load(path), ref)  # first read, cache written
        assert_same(load(path), ref)  # the same bytes: the in-process shortcut
        route.forget()
        assert_same(load(path), ref)  # from the disk cache
        cut = data.rfind(b"\n  - ", 0, len(data) // 2) + 1 or data.rfind(b"\n- ", 0, len(data) // 2) + 1
        if cut > 0:
            route.forget()
            path.write_bytes(data[:cut])
            load(path)
            path.write_bytes(data)
            assert_same(load(path), ref)  # the rest as an append
    assert fast_read > BUDGET // 2  # the fast path read most of them: the comparison compared something
