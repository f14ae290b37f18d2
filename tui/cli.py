"""The `sitrep` command: the dashboard by default, `check` and `stats` for scripts and CI."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .load import UnreadableFile, load

BUNDLED_LOG = Path(__file__).parent / "data" / "events.yaml"


def default_log() -> Path:
    local = Path("events.yaml")
    return local if local.exists() else BUNDLED_LOG


def check(paths: list[Path]) -> int:
    worst = 0
    for path in paths:
        try:
            log = load(path)
        except UnreadableFile as error:
            print(f"sitrep: cannot read {error}", file=sys.stderr)
            worst = 2
            continue
        for problem in log.problems:
            print(problem)
        errors = len(log.errors)
        print(f"{path}: {len(log.events)} events, {errors} errors, {len(log.problems) - errors} warnings", file=sys.stderr)
        if errors:
            worst = max(worst, 1)
    return worst


def stats(path: Path) -> int:
    from .stats import stats_text

    try:
        log = load(path)
    except UnreadableFile as error:
        print(f"sitrep: cannot read {error}", file=sys.stderr)
        return 2
    print(stats_text(log))
    return 0


def dashboard(path: Path) -> int:
    if not path.exists():
        print(f"sitrep: cannot read {path}: no such file", file=sys.stderr)
        return 2
    from .app import SitrepApp

    SitrepApp(path).run()
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("check", "stats"):
        parser = argparse.ArgumentParser(prog=f"sitrep {argv[0]}")
        parser.add_argument("files", nargs="*" if argv[0] == "check" else "?", type=Path)
        args = parser.parse_args(argv[1:])
        if argv[0] == "check":
            return check(args.files or [default_log()])
        return stats(args.files or default_log())
    parser = argparse.ArgumentParser(
        prog="sitrep",
        description="Dashboard for a YAML log of attacks and the strikes that answer them.",
        epilog="Also: `sitrep check [FILE...]` reports problems like a compiler; `sitrep stats [FILE]` prints the tallies.",
    )
    parser.add_argument("file", nargs="?", type=Path, help="the log (default: ./events.yaml, else the bundled log)")
    args = parser.parse_args(argv)
    return dashboard(args.file or default_log())


if __name__ == "__main__":
    sys.exit(main())
