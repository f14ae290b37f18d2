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


def dashboard(paths: list[Path]) -> int:
    from .merge import log_files

    files = log_files(paths)
    missing = [path for path in files if not path.exists()]
    if missing or not files:
        print(f"sitrep: cannot read {missing[0] if missing else paths[0]}: {'no such file' if missing else 'no .yaml files in it'}", file=sys.stderr)
        return 2
    from .app import SitrepApp

    SitrepApp(files).run()
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
    parser.add_argument("files", nargs="*", type=Path, help="log files or folders (default: ./events.yaml, else the bundled log)")
    args = parser.parse_args(argv)
    return dashboard(args.files or [default_log()])


if __name__ == "__main__":
    sys.exit(main())
