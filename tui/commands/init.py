"""`sitrep init`: a commented starter log to begin one's own."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from ..session.bundled import write_starter


def init(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="sitrep init", description="Write a commented starter log to begin your own.")
    parser.add_argument("file", nargs="?", type=Path, default=Path("events.yaml"))
    path = parser.parse_args(argv).file
    try:
        write_starter(path)
    except FileExistsError:
        print(f"sitrep: {path} already exists; nothing was written", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"sitrep: cannot write {path}: {error.strerror or error}", file=sys.stderr)
        return 2
    print(f"Wrote {path}: open it with `sitrep {path}` and press a to add an event", file=sys.stderr)
    return 0
