"""The situation report as one HTML file: inline CSS and SVG, no script, nothing fetched, printable on A4.

Every text from the log is escaped; a Content-Security-Policy refuses scripts and outside fetches besides, so
even a mistake here could not run one."""

from __future__ import annotations

from html import escape

from ..core.describe import printable, web_address, who_text
from .brief import Bar, Brief
from .words import HEADLINE_COLUMNS, casualty_words, change_summary, counts_line, event_line, reported_sentence

STYLE = """
@page { size: A4; margin: 14mm; }
body { font: 10.5pt/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111; max-width: 182mm; margin: 1em auto; padding: 0 4mm; }
h1 { font-size: 17pt; margin: 0 0 .3em; } h2 { font-size: 13pt; margin: 1.3em 0 .4em; border-bottom: 1px solid #999; break-after: avoid; }
h3 { font-size: 11pt; margin: .9em 0 .3em; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: .3em 0; } th, td { text-align: left; vertical-align: top; padding: 2px 6px; border-bottom: 1px solid #ddd; }
td.n, th.n { text-align: right; white-space: nowrap; } tr, li, svg, .event { break-inside: avoid; }
ul { padding-left: 1.2em; } .meta { color: #444; } .summary { color: #333; } .attack { color: #b3261e; } .response { color: #1f5fa8; }
svg { width: 100%; height: auto; } svg text { font: 10px system-ui, sans-serif; fill: #333; }
rect.attack, tspan.attack { fill: #b3261e; } rect.response, tspan.response { fill: #1f5fa8; }
@media print { a { color: inherit; } body { margin: 0; max-width: none; } }
"""
POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
CHART_WIDTH, CHART_HEIGHT, CHART_LEFT, CHART_BOTTOM = 720, 220, 34, 40


def text(value: str | None) -> str:
    return escape(printable(value or ""), quote=True)


def link(title: str, url: str | None) -> str:
    target = web_address(url)
    name = text(title or url or "source")
    return f'<a href="{escape(target, quote=True)}" rel="noreferrer">{name}</a>' if target else name


def table(header: list[str], rows: list[list[str]], right: tuple[int, ...] = ()) -> str:
    """Cells already HTML; `right`: the columns of figures."""
    def cells(row: list[str], tag: str) -> str:
        return "".join(f'<{tag}{" class=n" if n in right else ""}>{cell}</{tag}>' for n, cell in enumerate(row))

    body = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in rows)
    return f"<table><thead><tr>{cells(header, 'th')}</tr></thead><tbody>{body}</tbody></table>"


def chart(bars: tuple[Bar, ...], per: str) -> str:
    """Attacks and responses side by side, a pair of bars per day (or week), with the largest count on the axis."""
    top = max((max(bar.attacks, bar.responses) for bar in bars), default=0) or 1
    inner_width, inner_height = CHART_WIDTH - CHART_LEFT - 6, CHART_HEIGHT - CHART_BOTTOM - 16
    slot = inner_width / max(1, len(bars))
    width = max(1.0, slot * 0.4)
    every = max(1, round(len(bars) / 12))
    parts = [
        f'<svg id="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" role="img" '
        f'aria-label="attacks and responses per {per}">',
        f'<line x1="{CHART_LEFT}" y1="{16 + inner_height}" x2="{CHART_WIDTH - 6}" y2="{16 + inner_height}" stroke="#999"/>',
        f'<text x="{CHART_LEFT - 4}" y="20" text-anchor="end">{top}</text>',
        f'<text x="{CHART_LEFT - 4}" y="{16 + inner_height}" text-anchor="end">0</text>',
        f'<text x="{CHART_LEFT}" y="10"><tspan class="attack">■</tspan> attacks  <tspan class="response">■</tspan> responses, per {per}</text>',
    ]
    for n, bar in enumerate(bars):
        x = CHART_LEFT + n * slot + slot * 0.1
        for offset, kind, count in ((0, "attack", bar.attacks), (width, "response", bar.responses)):
            height = inner_height * count / top
            parts.append(
                f'<rect class="{kind}" data-count="{count}" x="{x + offset:.1f}" y="{16 + inner_height - height:.1f}" '
                f'width="{width:.1f}" height="{height:.1f}"><title>{escape(bar.label)}: {count} {kind}s</title></rect>'
            )
        if n % every == 0:
            label = bar.label[5:] if per == "day" else bar.label
            parts.append(f'<text x="{x + width:.1f}" y="{CHART_HEIGHT - CHART_BOTTOM + 28}" text-anchor="middle">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def brief_html(brief: Brief) -> str:
    period = brief.period
    out = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Situation report: {text(brief.title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>Situation report: {text(brief.title)}</h1>",
        f'<p class="meta"><b>Period:</b> {period.label()}; compared with the {period.days} days before ({period.previous.span()})<br>',
        f"<b>Log:</b> {text(brief.path)}" + (f" · <b>where:</b> {text(brief.where)}" if brief.where else "") + "<br>",
        f"<b>Same figures as:</b> sitrep stats {text(brief.path)} --where {text(repr(brief.stats_where))}</p>",
        '<h2>Headline figures</h2><div id="figures">',
        table(HEADLINE_COLUMNS, [[text(f.label), text(f.now), text(f.before), text(f.change)] for f in brief.figures], (1, 2, 3)),
        "</div><h2>Reported against logged</h2>",
    ]
    out.append(f"<p>{reported_sentence(brief.reported, lambda words: f'<b>{words}</b>', link, text)}</p>")
    if brief.changes is not None:
        changes = brief.changes
        items = [f"<li><b>new</b> {text(event_line(event))}</li>" for event in changes.added]
        items += [f"<li><b>changed</b> {text(event_line(change.after))}: {text(change_summary(change))}</li>" for change in changes.changed]
        items += [f"<li><b>removed</b> {text(event_line(event))}</li>" for event in changes.removed]
        items += [f"<li>{text(line)}</li>" for line in (*(count.text() for count in changes.counts), *changes.vocabulary)]
        out += [f"<h2>New and changed since {text(brief.since_revision)}</h2><p>{counts_line(changes)}</p>", f"<ul id=\"changes\">{''.join(items)}</ul>"]
    out.append("<h2>Chronology</h2>")
    if not brief.days:
        out.append("<p>No event in the period.</p>")
    for label, events in brief.days:
        out.append(f"<h3>{text(label)}</h3><ul>")
        for event in events:
            kind = "response" if event.is_response else "attack"
            mark = f'<span class="{kind}">{"▼" if event.is_response else "▲"} {kind}</span>'
            place = event.location.label() if event.location else ""
            head = " · ".join(part for part in (
                f"{text(event.time)} {mark}" if event.time else mark, f"<b>{text(event.type)}</b>", text(who_text(event)), text(place),
                text(casualty_words(event)),
            ) if part)
            sources = ", ".join(link(source.title, source.url) for source in event.sources)
            summary = f'<br><span class="summary">{text(event.summary)}</span>' if event.summary else ""
            out.append(f'<li class="event">{head}' + (f" · sources: {sources}" if sources else "") + f"{summary}</li>")
        out.append("</ul>")
    out.append("<h2>Top groups</h2>")
    for dimension, rows in brief.top:
        out.append(f"<h3>By {dimension}</h3>")
        out.append(table([dimension, "events", "killed", "injured"], [
            [text(row.key), str(row.count), text(row.killed.short() if row.killed else "?"), text(row.injured.short() if row.injured else "?")]
            for row in rows
        ], (1, 2, 3)) if rows else "<p>No event.</p>")
    out.append("<h2>Retaliation chains</h2>")
    out.append(table(["attack", "response", "lag"], [
        [text(event_line(link_.attack)), text(event_line(link_.response)), text(link_.lag)] for link_ in brief.links
    ], (2,)) if brief.links else "<p>No attack and response of the period are linked.</p>")
    out += [f"<h2>Events per {brief.per}</h2>", chart(brief.bars, brief.per), "</body></html>"]
    return "\n".join(out) + "\n"
