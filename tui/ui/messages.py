"""Messages the app's flows post upward, apart from those a widget owns (Chronology.Selected, Tallies.Chosen...)."""

from __future__ import annotations

from textual.message import Message

from ..session.opening import Loaded


class LogLoaded(Message):
    """A load finished in the worker: the log, its stamps, index and replies, for the interface thread to show."""

    def __init__(self, loaded: Loaded) -> None:
        super().__init__()
        self.loaded = loaded
