"""Running the dashboard, and leaving it the moment the user quits.

`App.run()` ends with `asyncio.run()`, which joins the worker threads, and the interpreter's exit joins them
again: a quit during the load of a big log left a blank terminal for seconds while the load went on for no
one. Here the app runs on an event loop of its own, and once the terminal is given back the process ends
without joining anything. What it may not cut short is waited for: a write the user asked for (an export, a
report, an entry being appended, core/finishing.py). The forked readers are ended; the cache entry's writer,
in a session of its own, finishes its entry (reading/cache/writer.py); a load cut short writes no entry.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any, NoReturn

from textual.app import App

from ..core.finishing import under_way, wait_until_finished
from ..core.forked import stop_children


def run_then_leave(app: App[Any], **run: Any) -> NoReturn:
    """Run `app` (with App.run's keyword arguments) until it exits, then end the process with its return code."""
    app.run(loop=asyncio.new_event_loop(), **run)
    leave(app.return_code or 0)


def leave(status: int) -> NoReturn:
    for what in under_way():
        print(f"sitrep: {what} …", file=sys.stderr)
    wait_until_finished()
    stop_children()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(status)
