"""Loading logs early, in a thread, so that the work overlaps the interface starting up."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from .cache.memory import PREFETCHED, absolute
from .route import read_log


def read_ahead(paths: Any) -> None:
    """Start loading these files now, in a thread, so that the work overlaps whatever comes next (the interface
    starting up); the load() of the same file then waits for that result instead of starting over."""
    from concurrent.futures import Future

    for path in [paths] if isinstance(paths, (str, Path)) else paths:
        path = Path(path)
        where = absolute(path)
        if where in PREFETCHED or not path.is_file():
            continue
        future: Future = Future()
        PREFETCHED[where] = future

        def run(path: Path = path, future: Future = future) -> None:
            try:
                future.set_result(read_log(path, prefetched=False))
            except BaseException as error:  # given to the load() that collects it
                future.set_exception(error)

        threading.Thread(target=run, name=f"prefetch {path.name}", daemon=True).start()
