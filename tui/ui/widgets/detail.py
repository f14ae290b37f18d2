"""The selected event in full: every field, its sources, and the events it answers or that answer it."""

from __future__ import annotations

from typing import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..actions import DETAIL_LINKS, DETAIL_TEXT, bindings
from ...core.describe import distinct_lines, figure_text, plain_value, printable
from ...core.vocabulary import EMPTY, Vocabulary
from ...core.model import Event


LONGEST_VALUE = 10_000
"""Characters of one value laid out; a log with a megabyte summary must not freeze the pane."""


def shortened(text: str) -> str:
    return text if len(text) <= LONGEST_VALUE else text[:LONGEST_VALUE] + f"… ({len(text) - LONGEST_VALUE:,} more characters)"


def field(name: str, value: str | Content, style: str = "") -> Content:
    text = value if isinstance(value, Content) else Content.styled(printable(shortened(value)), style)
    return Content.assemble((f"{printable(name):>10}  ", "$text-muted"), text, "\n")


def as_known(name: str, written: str, vocabulary: Vocabulary) -> str:
    """A value as written, and where the vocabulary says more: its canonical form (`air strike → airstrike`) and group."""
    canonical = vocabulary.canonical(name, written)
    group = vocabulary.group(name, written)
    shown = written if canonical == written else f"{written} → {canonical}"
    return f"{shown} · {group}" if group else shown


def describe_event(event: Event, vocabulary: Vocabulary = EMPTY) -> Content:
    kind = ("▼ response", "$text-accent bold") if event.is_response else ("▲ attack", "$text-error bold")
    parts = [Content.assemble(kind, "  ", (printable(as_known("type", event.type, vocabulary)), "bold"), "\n")]
    when = event.date_text + (f" {event.time}" if event.time else "") + (f" (UTC{event.utc_offset})" if event.utc_offset else "")
    parts += [field("id", event.id), field("when", when), field("actor", as_known("actor", event.actor, vocabulary))]
    if event.target:
        parts.append(field("target", as_known("target", event.target, vocabulary)))
    if event.location:
        place = event.location.label()
        if event.point is not None:
            place += f" ({event.location.lat:.4g}, {event.location.lon:.4g})"
        parts.append(field("location", place))
    if event.weapons:
        parts.append(field("weapons", ", ".join(as_known("weapons", weapon, vocabulary) for weapon in event.weapons)))
    killed, injured = event.casualties.killed, event.casualties.injured
    parts.append(
        field(
            "casualties",
            Content.assemble(
                ("killed ", "$text-error"), figure_text(killed) if killed else "unknown", " · ",
                ("injured ", "$text-warning"), figure_text(injured) if injured else "unknown",
            ),
        )
    )
    if event.status:
        parts.append(field("status", event.status, "italic"))
    if event.tags:
        parts.append(field("tags", " ".join(f"#{tag}" for tag in event.tags)))
    for key, value in event.extra:
        parts.append(field(key, plain_value(value)))
    parts.append(field("file", f"{event.file}:{event.line}"))
    if event.summary:
        parts.append(Content.assemble("\n", printable(shortened(event.summary)).strip(), "\n"))
    if event.sources:
        parts.append(Content.styled(f"\nSources ({len(event.sources)})\n", "bold"))
        for number, source in enumerate(event.sources, 1):
            line = f"{number}. {printable(source.title)}"
            if source.published:
                line += f" ({printable(source.published)})"
            parts.append(Content.assemble(line, "\n"))
            if source.url:
                parts.append(Content.assemble(("   " + printable(source.url), "$text-primary underline"), "\n"))
    return Content.assemble(*parts)


class Detail(Vertical):
    """The event's text, scrolling on its own, above a list of links that stays in view (chain first, then sources)."""

    class Followed(Message):
        def __init__(self, event_id: str) -> None:
            super().__init__()
            self.event_id = event_id

    event: reactive[Event | None] = reactive(None, always_update=True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.answers: Sequence[Event] = ()
        self.vocabulary: Vocabulary = EMPTY
        self.answered_by: Sequence[Event] = ()

    def compose(self) -> ComposeResult:
        with DetailText(id="detail-scroll"):
            yield Static(id="detail-text", markup=False)
        links = Links(id="detail-links")
        links.border_title = "links · retaliation chain and sources"
        yield links

    def show(self, event: Event | None, answers: Sequence[Event], answered_by: Sequence[Event], vocabulary: Vocabulary = EMPTY) -> None:
        self.answers, self.answered_by = answers, answered_by
        self.vocabulary = vocabulary
        self.event = event

    def watch_event(self, event: Event | None) -> None:
        text = self.query_one("#detail-text", Static)
        links = self.query_one(Links)
        links.clear_options()
        self.query_one("#detail-scroll").scroll_home(animate=False)
        if event is None:
            text.update("No event selected.")
            links.display = False
            return
        text.update(describe_event(event, self.vocabulary))
        links.targets = [("event", e.id) for e in (*self.answers, *self.answered_by)] + [
            ("url", source.url) for source in event.sources if source.url
        ]
        linked = [*self.answers, *self.answered_by]
        labels = list(zip(["◀ answers  "] * len(self.answers) + ["▶ answered "] * len(self.answered_by), distinct_lines(linked)))
        labels += [(f"↗ source {n}  ", source.title) for n, source in enumerate(event.sources, 1) if source.url]
        links.add_options([Option(Content.assemble((prefix, "$text-muted"), printable(label))) for prefix, label in labels])
        links.highlighted = 0 if labels else None
        links.display = bool(labels)


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
        elif kind == "url" and value.lower().startswith(("http://", "https://")):
            self.app.open_url(value)
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
