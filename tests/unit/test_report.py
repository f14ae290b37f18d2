"""`sitrep report`: the brief of a period, exact on a small log; escaped on a hostile one; its figures those of
`sitrep stats --where` for the same days."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from paths import REPORT, ROOT
from sitrep.cli import main
from sitrep.reading import load
from sitrep.report import brief_html, brief_markdown, build
from sitrep.report.markdown import md

SMALL = REPORT / "small.yaml"
HOSTILE = REPORT / "hostile.yaml"


def report(capsys: pytest.CaptureFixture[str], *arguments: str) -> str:
    assert main(["report", *arguments]) == 0
    return capsys.readouterr().out


def section(text: str, title: str) -> list[str]:
    """The lines of a `## title` section, without the blank lines."""
    lines = text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0].splitlines()
    return [line for line in lines if line]


def test_headline_figures_against_the_previous_week(capsys: pytest.CaptureFixture[str]) -> None:
    out = report(capsys, str(SMALL), "--since", "2024-01-08", "--until", "2024-01-15")
    assert "**Period:** 2024-01-08 to 2024-01-14 (7 days); compared with the 7 days before (2024-01-01 to 2024-01-07)" in out
    assert section(out, "Headline figures") == [
        "|  | this period | previous period | change |",
        "| --- | ---: | ---: | ---: |",
        "| events | 3 | 2 | \\+1 |",
        "| attacks | 2 | 2 | \\+0 |",
        "| responses | 1 | 0 | \\+1 |",
        "| attacks: killed | 0 (+1 unknown) | 0 (+2 unknown) |  |",
        "| attacks: injured | 1–3 (+1 unknown) | 2 (+1 unknown) |  |",
        "| responses: killed | 2–4 | 0 |  |",
    ]
    assert section(out, "Reported against logged") == [
        "Latest official count: **\\>5 as of 2024-01-09** ([DoD briefing](<https://example.org/dod>)); attacks logged by then: **4**; gap: **+1**.",
    ]


def test_chronology_by_day_with_places_casualties_and_sources(capsys: pytest.CaptureFixture[str]) -> None:
    out = report(capsys, str(SMALL), "--since", "2024-01-08", "--until", "2024-01-15")
    assert section(out, "Chronology") == [
        "### 2024-01-08 Mon",
        "- 21:00 ▲ attack · **drone attack** · Islamic Resistance in Iraq → al-Tanf · al-Tanf garrison, Syria · killed 0, injured 1–3"
        " · sources: [CENTCOM](<https://example.org/centcom>), [Reuters](<https://example.org/reuters>)",
        "  Two drones; one shot down.",
        "- 23:30 ▲ attack · **rocket attack** · Kataib Hezbollah → Erbil Air Base · Erbil Air Base, Erbil, Iraq · casualties not given",
        "### 2024-01-10 Wed",
        "- 02:00 ▼ response · **airstrike** · United States → Kataib Hezbollah facilities · al-Qaim, Iraq · killed 2–4, injured ?"
        " · sources: [https\\://example.org/strike](<https://example.org/strike>)",
    ]


def test_top_groups_chains_and_chart(capsys: pytest.CaptureFixture[str]) -> None:
    out = report(capsys, str(SMALL), "--since", "2024-01-08", "--until", "2024-01-15")
    assert section(out, "Top groups")[:7] == [
        "### By type",
        "| type | events | killed | injured |",
        "| --- | ---: | ---: | ---: |",
        "| airstrike | 1 | 2–4 | ? |",
        "| drone attack | 1 | 0 | 1–3 |",
        "| rocket attack | 1 | ? | ? |",
        "### By actor",
    ]
    assert section(out, "Retaliation chains")[2:] == [
        "| 2024-01-08 rocket attack: Kataib Hezbollah → Erbil Air Base (w2-erbil) | 2024-01-10 airstrike: United States → "
        "Kataib Hezbollah facilities · al-Qaim (w2-strike) | \\+1 day 2 h 30 min |",
        "| 2024-01-02 drone attack: Kataib Hezbollah → Erbil Air Base (w1-erbil) | 2024-01-10 airstrike: United States → "
        "Kataib Hezbollah facilities · al-Qaim (w2-strike) | \\+8 days |",
    ]
    assert section(out, "Events per day")[2:5] == [
        "| 2024-01-08 | 2 | 0 | ▲▲ |", "| 2024-01-09 | 0 | 0 |  |", "| 2024-01-10 | 0 | 1 | ▼ |",
    ]
    assert len(section(out, "Events per day")) == 2 + 7


def test_a_long_period_is_charted_by_week() -> None:
    brief = build(load(SMALL), since=None, until=None)
    assert (brief.period.label(), brief.per, len(brief.bars)) == ("2024-01-04 to 2024-01-10 (7 days)", "day", 7)
    long = build(load(SMALL), since=dt.date(2023, 11, 1), until=dt.date(2024, 1, 15))
    assert long.per == "week"
    assert [(bar.label, bar.attacks, bar.responses) for bar in long.bars[-2:]] == [("2024-W01", 2, 0), ("2024-W02", 2, 1)]


def test_where_narrows_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    out = report(capsys, str(SMALL), "--since", "2024-01-08", "--until", "2024-01-15", "--where", "actor:kataib")
    assert section(out, "Headline figures")[2:5] == ["| events | 1 | 1 | \\+0 |", "| attacks | 1 | 1 | \\+0 |", "| responses | 0 | 0 | \\+0 |"]
    assert "**Same figures as:** sitrep stats " in out and "\\-\\-where 'actor:kataib after:2024-01-08 before:2024-01-15'" in out


def test_markdown_escapes_the_log() -> None:
    text = brief_markdown(build(load(HOSTILE), since=None, until=None))
    assert re.findall(r"(?<![\\(])<", text) == []  # no tag: every `<` escaped, but those opening a link's target
    assert "javascript" not in re.sub(r"\\:", ":", "".join(re.findall(r"\]\(<([^>]*)>\)", text)))
    assert "| cell |" not in text and "\x1b" not in text
    assert md("1. listed") == "1\\. listed" and md("- dash") == "\\- dash" and md("+ plus") == "\\+ plus"
    assert md("www.example.org & https://evil.example/x") == "www\\.example.org \\& https\\://evil.example/x"
    assert md("**bold** _it_ [link](javascript:alert(1)) `code`") == "\\*\\*bold\\*\\* \\_it\\_ \\[link\\](javascript:alert(1)) \\`code\\`"
    assert md("<script>x</script> | y") == "\\<script\\>x\\</script\\> \\| y"


def test_html_escapes_the_log_and_links_only_the_web() -> None:
    text = brief_html(build(load(HOSTILE), since=None, until=None))
    assert "<script" not in text and "<img" not in text and "<style>body" not in text
    assert "&lt;script&gt;document.body.setAttribute(&#x27;data-pwned&#x27;,&#x27;script&#x27;)&lt;/script&gt;" in text
    assert "javascript:" not in "".join(re.findall(r'href="([^"]*)"', text))
    assert re.findall(r'href="([^"]*)"', text) == ["https://example.org/a b&lt;c&gt;&quot;d"]
    assert "default-src 'none'" in text and "\x1b" not in text


def test_output_file_and_format_from_its_extension(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "brief.html"
    assert main(["report", str(SMALL), "--since", "2024-01-08", "-o", str(target)]) == 0
    assert target.read_text().startswith("<!DOCTYPE html>")
    assert capsys.readouterr().err == f"{target}: the html report of 2024-01-08 to 2024-01-10 (3 days), 3 events\n"


def test_report_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SMALL), "--since", "2024-01-10", "--until", "2024-01-10"]) == 2
    assert capsys.readouterr().err == "sitrep: the period is empty: 2024-01-10 is not before --until 2024-01-10\n"
    assert main(["report", str(SMALL), "--where", "kind:x"]) == 2
    assert capsys.readouterr().err.startswith("sitrep: bad query: unknown kind 'x'")
    assert main(["report", str(SMALL), "-o", str(SMALL)]) == 2
    assert capsys.readouterr().err == f"sitrep: will not write the report over the file it reads: {SMALL}\n"


def stats_figures(out: str) -> list[str]:
    """The figures of `sitrep stats`' header: events, attacks, responses, and each side's killed and injured."""
    counts = re.search(r"logged (\d+) events: (\d+) attacks, (\d+) responses", out).groups()
    sides = [f"{side}: {name}|{value}" for side, rest in re.findall(r"^(attacks|responses): (.*)$", out, re.M)
             for name, value in (part.split(" ", 1) for part in rest.split(" · "))]
    return [*counts, *sides]


def test_the_week_of_20_january_matches_stats(capsys: pytest.CaptureFixture[str]) -> None:
    log = str(ROOT / "events.yaml")
    assert main(["stats", log, "--where", "after:2024-01-20 before:2024-01-27"]) == 0
    expected = stats_figures(capsys.readouterr().out)
    out = report(capsys, log, "--since", "2024-01-20", "--until", "2024-01-27")
    rows = [line.split(" | ") for line in section(out, "Headline figures")[2:]]
    shown = [row[1] for row in rows[:3]] + [f"{row[0][2:]}|{row[1]}" for row in rows[3:]]
    assert shown == expected
    assert expected[:3] == ["12", "9", "3"]


def test_markdown_renders_as_tables_links_and_plain_text() -> None:
    """Rendered by a CommonMark parser with GitHub's tables and strikethrough (raw HTML allowed, as GitHub allows
    it before sanitizing): the log's tags stay text, the only link is the one web address, the tables are tables."""
    markdown_it = pytest.importorskip("markdown_it")
    render = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).render
    hostile = render(brief_markdown(build(load(HOSTILE), since=None, until=None)))
    assert not re.search(r"<(script|img|style|del|h[2-6]>\s*heading)", hostile)
    assert re.findall(r'href="([^"]*)"', hostile) == ["https://example.org/a%20b%3Cc%3E%22d"]
    assert "&lt;script&gt;document.body.setAttribute('data-pwned','script')&lt;/script&gt; | cell |" in hostile
    assert "<li>- dash" not in hostile and "<ol>" not in hostile
    small = render(brief_markdown(build(load(SMALL), since=dt.date(2024, 1, 8))))
    assert small.count("<table>") == 6  # headline, three top groups, chains, chart
    assert '<td>attacks: injured</td>\n<td style="text-align:right">1–3 (+1 unknown)</td>' in small
