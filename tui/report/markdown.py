"""The situation report as GitHub-flavoured Markdown: tables, links, and every text from the log made inert."""

from __future__ import annotations

import re
from urllib.parse import quote

from ..core.describe import printable, web_address, who_text
from .brief import Brief
from .words import HEADLINE_COLUMNS, casualty_words, change_summary, counts_line, event_line, reported_sentence

SPECIAL = re.compile(r"[\\`*_\[\]<>|~&$#]")
"""Marks Markdown or GitHub's extensions (tables, strikethrough, math, entities, raw HTML) would read: escaped, they are text."""
AUTOLINK = re.compile(r"(?i)(?<=[a-z]):(?=//)|(?<=www)\.")
"""Where GitHub would make a link of bare text (`https://...`, `www.`)."""
BLOCK_START = re.compile(r"^(?:[-+*=]|\d+(?=[.)]))")
"""A text starting so would open a list (or underline a heading) where it begins a line."""
URL_SAFE = "".join(chr(code) for code in range(0x21, 0x7F) if chr(code) not in "<>\\")


def md(text: str | None) -> str:
    """Text from the log as Markdown that shows it as written: on one line, control characters visible, marks escaped."""
    text = SPECIAL.sub(lambda found: "\\" + found.group(), " ".join(printable(text or "").split()))
    text = AUTOLINK.sub(lambda found: "\\" + found.group(), text)
    return BLOCK_START.sub(lambda found: found.group() + "\\" if found.group().isdigit() else "\\" + found.group(), text, count=1)


def md_link(title: str, url: str | None) -> str:
    target = web_address(url)
    name = md(title or url or "source")
    return f"[{name}](<{quote(target, safe=URL_SAFE)}>)" if target else name


def table(header: list[str], rows: list[list[str]], right: tuple[int, ...] = ()) -> list[str]:
    """`right`: the columns of figures, aligned right."""
    rule = ["---:" if column in right else "---" for column in range(len(header))]
    return ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |", *("| " + " | ".join(row) + " |" for row in rows)]


def brief_markdown(brief: Brief) -> str:
    period = brief.period
    lines = [
        f"# Situation report: {md(brief.title)}",
        "",
        f"**Period:** {period.label()}; compared with the {period.days} days before ({period.previous.span()})  ",
        f"**Log:** {md(brief.path)}" + (f" · **where:** {md(brief.where)}" if brief.where else "") + "  ",
        f"**Same figures as:** sitrep stats {md(brief.path)} \\-\\-where {md(repr(brief.stats_where))}",
        "",
        "## Headline figures",
        "",
        *table(HEADLINE_COLUMNS, [[md(f.label), md(f.now), md(f.before), md(f.change)] for f in brief.figures], (1, 2, 3)),
        "",
        "## Reported against logged",
        "",
    ]
    lines.append(reported_sentence(brief.reported, lambda words: f"**{words}**", md_link, md))
    if brief.changes is not None:
        changes = brief.changes
        lines += ["", f"## New and changed since {md(brief.since_revision)}", "", md(counts_line(changes)), ""]
        lines += [f"- **new** {md(event_line(event))}" for event in changes.added]
        lines += [f"- **changed** {md(event_line(change.after))}: {md(change_summary(change))}" for change in changes.changed]
        lines += [f"- **removed** {md(event_line(event))}" for event in changes.removed]
        lines += [f"- {md(line)}" for line in (*(count.text() for count in changes.counts), *changes.vocabulary)]
    lines += ["", "## Chronology", ""]
    if not brief.days:
        lines.append("No event in the period.")
    for label, events in brief.days:
        lines += [f"### {md(label)}", ""]
        for event in events:
            mark = "▼ response" if event.is_response else "▲ attack"
            place = event.location.label() if event.location else ""
            head = " · ".join(part for part in (
                f"{md(event.time)} {mark}" if event.time else mark, f"**{md(event.type)}**", md(who_text(event)), md(place), md(casualty_words(event)),
            ) if part)
            sources = ", ".join(md_link(source.title, source.url) for source in event.sources)
            lines.append(f"- {head}" + (f" · sources: {sources}" if sources else ""))
            if event.summary:
                lines.append(f"  {md(event.summary)}")
        lines.append("")
    lines += ["## Top groups", ""]
    for dimension, rows in brief.top:
        lines += [f"### By {dimension}", ""]
        lines += table([dimension, "events", "killed", "injured"], [
            [md(row.key), str(row.count), md(row.killed.short() if row.killed else "?"), md(row.injured.short() if row.injured else "?")]
            for row in rows
        ], (1, 2, 3)) if rows else ["No event."]
        lines.append("")
    lines += ["## Retaliation chains", ""]
    lines += table(["attack", "response", "lag"], [
        [md(event_line(link.attack)), md(event_line(link.response)), md(link.lag)] for link in brief.links
    ]) if brief.links else ["No attack and response of the period are linked."]
    lines += ["", f"## Events per {brief.per}", ""]
    lines += table([brief.per, "attacks", "responses", ""], [
        [md(bar.label), str(bar.attacks), str(bar.responses), "▲" * bar.attacks + "▼" * bar.responses] for bar in brief.bars
    ], (1, 2))
    return "\n".join(lines) + "\n"
