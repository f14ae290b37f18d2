"""Several log files (or a folder of them) read as one log."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from .acled import is_csv
from .text import UnreadableFile
from .route import read_log
from ..core.model import Event, EventLog, Problem
from .reference.validate import quoted, unknown_links
from .reference.vocabulary import conflict_problems
from ..core.vocabulary import merged

LOG_SUFFIXES = (".yaml", ".yml")


def log_files(arguments: Sequence[Path]) -> list[Path]:
    """Files as given; a folder stands for the YAML and CSV files directly in it, in name order (hidden files are not logs)."""
    files: list[Path] = []
    for argument in arguments:
        if argument.is_dir():
            files += sorted(
                path for path in argument.iterdir()
                if (path.suffix in LOG_SUFFIXES or is_csv(path)) and not path.name.startswith(".") and path.is_file()
            )
        else:
            files.append(argument)
    return files


def merge(logs: Sequence[EventLog]) -> EventLog:
    """One log; an id used in two files is a problem, reported where it is used the second time. Vocabularies
    merge (the first file's entry wins); an alias that two files give to different values is a problem at both."""
    if len(logs) == 1:
        return logs[0]
    by_id: dict[str, Event] = {}
    # A responds_to id unknown in its own file may be in another: those warnings are made again for the whole.
    local_links = {problem for log in logs for problem in unknown_links(log.events, log.by_id)}
    problems: list[Problem] = [problem for log in logs for problem in log.problems if problem not in local_links]
    for log in logs:  # each file's own first (core.model.first_by_id); across files, the first file given
        for event_id, event in log.by_id.items():
            by_id.setdefault(event_id, event)
    for log in logs:
        for event in log.events:
            first = by_id[event.id]
            if first.file != event.file:
                problems.append(
                    Problem(event.file, event.line, 1, "error", f"duplicate id {quoted(event.id)} (also in {first.file}:{first.line})")
                )
    problems += unknown_links((event for log in logs for event in log.events), by_id)
    vocabulary = merged([log.vocabulary for log in logs])
    own = {problem for log in logs for problem in log.problems}
    for name in vocabulary.terms:  # a clash inside one file is that file's problem already; across files, here
        terms = [term for log in logs for term in log.vocabulary.terms.get(name, ())]
        problems += [problem for problem in conflict_problems(name, terms) if problem not in own]
    titles = [log.title for log in logs if log.title]
    return EventLog(
        path=" + ".join(log.path for log in logs),
        title=titles[0] if len(set(titles)) == 1 else f"{len(logs)} logs",
        events=tuple(sorted((event for log in logs for event in log.events), key=lambda e: e.sort_key)),
        reported_counts=tuple(sorted((count for log in logs for count in log.reported_counts), key=lambda c: c.as_of)),
        problems=tuple(problems),
        response_actors=tuple(sorted({actor for log in logs for actor in log.response_actors})),
        by_id=by_id,
        vocabulary=vocabulary,
    )


def load_all(paths: Sequence[Path]) -> EventLog:
    """Every file that can be read; one that cannot becomes a problem beside the others' events."""
    logs = []
    for path in paths:
        try:
            logs.append(read_log(Path(path)))
        except UnreadableFile as error:
            logs.append(EventLog(str(path), problems=(Problem(str(path), 1, 1, "error", f"cannot read: {str(error).removeprefix(f'{path}: ')}"),)))
    return merge(logs)
