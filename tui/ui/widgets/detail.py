"""The selected event in full: every field, its sources, and the events it answers or that answer it."""

from __future__ import annotations

import textwrap
from functools import partial
from typing import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..actions import DETAIL_LINKS, DETAIL_TEXT, bindings
from ...core.describe import distinct_lines, figure_text, plain_value, printable, web_address
from ...core.vocabulary import EMPTY, Vocabulary
from ...core.model import Event


LONGEST_VALUE = 10_000
"""Characters of one value laid out; a log with a megabyte summary must not freeze the pane."""


def shortened(text: str) -> str:
    return text if len(text) <= LONGEST_VALUE else text[:LONGEST_VALUE] + f"… ({len(text) - LONGEST_VALUE:,} more characters)"


LABEL = 11
"""Cells of the label column; a longer label (`coord_source`) stands on a line of its own above its value."""


def wrapped(text: str, room: int) -> list[str]:
    """Lines of at most `room` cells, the file's own line breaks kept; no line is ever cut short with …."""
    return [line for paragraph in text.split("\n") for line in (textwrap.wrap(paragraph, room) or [""])]


def hanging(text: str, width: int) -> list[str]:
    """A numbered line wrapped with its later lines under the text, not under the number."""
    lines = wrapped(text, max(12, width - 3))
    return lines[:1] + ["   " + line for line in wrapped(" ".join(lines[1:]), max(12, width - 3))] if len(lines) > 1 else lines


def field(name: str, value: str | Content, style: str = "", width: int = 80) -> Content:
    """`name` in the label column and the value beside it, wrapped in full under its own first line."""
    label = printable(name)
    indent = " " * (LABEL + 2)
    head = Content.styled(f"{label:>{LABEL}}  ", "$text-muted") if len(label) <= LABEL else Content.assemble(
        (f" {label}", "$text-muted"), "\n", indent
    )
    if isinstance(value, Content):
        return Content.assemble(head, value, "\n")
    lines = wrapped(printable(shortened(value)), max(12, width - LABEL - 2))
    body = Content("\n").join(Content.styled(line, style) if index == 0 else Content.assemble(indent, (line, style)) for index, line in enumerate(lines))
    return Content.assemble(head, body, "\n")


def as_known(name: str, written: str, vocabulary: Vocabulary) -> str:
    """A value as written, and where the vocabulary says more: its canonical form (`air strike → airstrike`) and group."""
    canonical = vocabulary.canonical(name, written)
    group = vocabulary.group(name, written)
    shown = written if canonical == written else f"{written} → {canonical}"
    return f"{shown} · {group}" if group else shown


def describe_event(event: Event, vocabulary: Vocabulary = EMPTY, width: int = 80, notes: Sequence[tuple[str, str]] = ()) -> Content:
    """`notes`: (label, text) rows under the title: what changed since a revision, where the event came from."""
    row = partial(field, width=width)
    kind = ("▼ response", "$text-accent bold") if event.is_response else ("▲ attack", "$text-error bold")
    parts = [Content.assemble(kind, "  ", (printable(as_known("type", event.type, vocabulary)), "bold"), "\n")]
    parts += [row(label, text, "$text-accent") for label, text in notes]
    when = event.date_text + (f" {event.time}" if event.time else "") + (f" (UTC{event.utc_offset})" if event.utc_offset else "")
    parts += [row("id", event.id), row("when", when), row("actor", as_known("actor", event.actor, vocabulary))]
    if event.target:
        parts.append(row("target", as_known("target", event.target, vocabulary)))
    if event.location:
        place = event.location.label()
        if event.point is not None:
            place += f" ({event.location.lat:.4g}, {event.location.lon:.4g})"
        parts.append(row("location", place))
    if event.weapons:
        parts.append(row("weapons", ", ".join(as_known("weapons", weapon, vocabulary) for weapon in event.weapons)))
    killed, injured = event.casualties.killed, event.casualties.injured
    parts.append(
        row(
            "casualties",
            Content.assemble(
                ("killed ", "$text-error"), figure_text(killed) if killed else "unknown", " · ",
                ("injured ", "$text-warning"), figure_text(injured) if injured else "unknown",
            ),
        )
    )
    if event.status:
        parts.append(row("status", event.status, "italic"))
    if event.tags:
        parts.append(row("tags", " ".join(f"#{tag}" for tag in event.tags)))
    for key, value in event.extra:
        parts.append(row(key, value if isinstance(value, str) else plain_value(value)))
    parts.append(row("file", f"{event.file}:{event.line}"))
    if event.summary:
        parts.append(Content.assemble("\n", printable(shortened(event.summary)).strip(), "\n"))
    sources = event.sources
    if sources:
        parts.append(Content.styled(f"\nSources ({len(sources)})\n", "bold"))
        for number, source in enumerate(sources, 1):
            title = f"{number}. {printable(source.title)}" + (f" ({printable(source.published)})" if source.published else "")
            parts += [Content.assemble(line, "\n") for line in hanging(title, width)]
            if source.url:
                url = printable(source.url)
                room = max(12, width - 3)
                parts += [Content.assemble(("   " + url[i : i + room], "$text-primary underline"), "\n") for i in range(0, len(url), room)]
    return Content.assemble(*parts)


class Detail(Vertical):
    """The event's text, scrolling on its own, above a list of links that stays in view (chain first, then sources)."""

    class Followed(Message):
        def __init__(self, event_id: str) -> None:
            super().__init__()
            self.event_id = event_id

    ALLOW_MAXIMIZE = True
    """z zooms the whole pane, text and links, whichever has focus."""

    event: reactive[Event | None] = reactive(None, always_update=True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.answers: Sequence[Event] = ()
        self.vocabulary: Vocabulary = EMPTY
        self.answered_by: Sequence[Event] = ()
        self.notes: list[tuple[str, str]] = []
        """Rows under the title: the change since a revision, then the commits, once asked for (add_notes)."""

    def compose(self) -> ComposeResult:
        with DetailText(id="detail-scroll"):
            yield Static(id="detail-text", markup=False)
        links = Links(id="detail-links")
        links.border_title = "links · retaliation chain and sources"
        yield links

    def show(
        self, event: Event | None, answers: Sequence[Event], answered_by: Sequence[Event], vocabulary: Vocabulary = EMPTY,
        notes: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.answers, self.answered_by = answers, answered_by
        self.vocabulary = vocabulary
        self.notes = list(notes)
        self.event = event

    def add_notes(self, event_id: str, notes: Sequence[tuple[str, str]]) -> None:
        """Rows that came from a worker for `event_id`: dropped if another event is shown by then."""
        if self.event is not None and self.event.id == event_id:
            self.notes += notes
            self.draw_text()

    def watch_event(self, event: Event | None) -> None:
        text = self.query_one("#detail-text", Static)
        links = self.query_one(Links)
        links.clear_options()
        self.query_one("#detail-scroll").scroll_home(animate=False)
        if event is None:
            text.update("No event selected.")
            links.display = False
            return
        self.draw_text()
        links.targets = [("event", e.id) for e in (*self.answers, *self.answered_by)] + [
            ("url", source.url) for source in event.sources if source.url
        ]
        linked = [*self.answers, *self.answered_by]
        labels = list(zip(["◀ answers  "] * len(self.answers) + ["▶ answered "] * len(self.answered_by), distinct_lines(linked)))
        labels += [(f"↗ source {n}  ", source.title) for n, source in enumerate(event.sources, 1) if source.url]
        links.add_options([Option(Content.assemble((prefix, "$text-muted"), printable(label))) for prefix, label in labels])
        links.highlighted = 0 if labels else None
        links.display = bool(labels)


    def draw_text(self) -> None:
        """The fields wrapped to the pane's width: drawn again when the pane changes size."""
        if self.event is None:
            return
        scroll = self.query_one("#detail-scroll")
        width = scroll.scrollable_content_region.width - 1 or 60
        self.query_one("#detail-text", Static).update(describe_event(self.event, self.vocabulary, width, self.notes))

    def on_resize(self) -> None:
        self.draw_text()


class DetailText(VerticalScroll):
    BINDINGS = bindings(DETAIL_TEXT)

    def action_links(self) -> None:
        links = self.parent.query_one(Links)
        if links.display:
            links.focus()


class Links(OptionList):
    BINDINGS = bindings(DETAIL_LINKS)

    targets: tuple[tuple[str, str], ...] | list[tuple[str, str]] = ()
    """What each option leads to: ("event", id) or ("url", address)."""

    def on_option_list_option_selected(self, selected: OptionList.OptionSelected) -> None:
        selected.stop()
        kind, value = self.targets[selected.option_index]
        if kind == "event":
            self.post_message(Detail.Followed(value))
        elif kind == "url" and (address := web_address(value)):
            self.app.open_url(address)
            self.notify(f"Opening {printable(value)}", timeout=3, markup=False)
        elif kind == "url":
            self.notify(f"Not opened: only http and https links are ({printable(value)})", severity="warning", timeout=4, markup=False)

    def action_copy(self) -> None:
        if self.highlighted is None:
            return
        kind, value = self.targets[self.highlighted]
        if kind == "url":
            self.app.copy_to_clipboard(value)
            self.notify(f"Copied {printable(value)}", timeout=3, markup=False)
