"""The example log shipped in the package, which `sitrep` opens when the folder has no `events.yaml`, and the
starter log `sitrep init` writes so a user can begin one of their own."""

from __future__ import annotations

import os
from pathlib import Path

BUNDLED_LOG = Path(__file__).resolve().parent.parent / "data" / "events.yaml"

STARTER = """\
# sitrep event log, format v1 (docs/format.md in the sitrep repository explains every field).
#
# One entry per event under `events:`. Required: id, date (YYYY-MM-DD, or YYYY-MM when only the month is
# known), type, actor. An absent figure means unknown, never zero; [low, high] is a range where sources
# differ. Check the file with `sitrep check events.yaml`; open it with `sitrep events.yaml` and press `a`
# to add an event.

version: 1
title: "My event log"
# response_actors: ["United States"]   # whose events count as responses (the ▼ side)

# vocabulary:                           # controlled values, grouped for the tallies (optional)
#   type:
#     - {value: drone attack, group: Explosions/Remote violence, aliases: [UAV attack]}

events: []
# Replace `[]` above with entries like this one:
#   - id: 2024-01-20-ain-al-asad-missiles
#     date: 2024-01-20
#     type: missile attack
#     actor: Islamic Resistance in Iraq
#     target: Ain al-Asad Air Base
#     location: {name: Ain al-Asad Air Base, country: Iraq, lat: 33.80, lon: 42.44}
#     casualties: {killed: 0, injured: [1, 4]}
#     sources:
#       - {title: "CENTCOM statement, 20 Jan 2024", url: "https://www.centcom.mil/"}
"""


def is_bundled(path: Path) -> bool:
    try:
        return path.resolve() == BUNDLED_LOG
    except (OSError, RuntimeError):  # a symlink loop: not the bundled file, and the loader says what it is
        return False


def write_starter(path: Path) -> None:
    """Writes the starter log; never over an existing file (FileExistsError), and readable by its owner alone
    if the user's umask says so (the mode comes from the umask, as for any file they make)."""
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "w", encoding="utf-8") as file:
        file.write(STARTER)
