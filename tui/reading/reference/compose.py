"""Read a log file into YAML nodes without losing the valid parts of a broken file.

The whole document is composed first. When that fails, the file is cut at the
top-level items of its `events:` list and each piece is composed alone, so one
syntax error costs one event instead of the whole log. Nodes (not Python
values) are returned so validation can point at the line of every field.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import yaml

from ...core.model import Problem

try:
    SafeLoader = yaml.CSafeLoader
except AttributeError:  # libyaml missing: same results, slower
    SafeLoader = yaml.SafeLoader

EVENTS_KEY = re.compile(r"^events\s*:\s*(#.*)?$")
CONFLICT_MARKERS = ("<<<<<<<", "=======", ">>>>>>>", "|||||||")


@dataclass(frozen=True)
class Parsed:
    """The composed document, or the pieces of it that could be composed."""

    root: yaml.Node | None
    event_nodes: tuple[yaml.Node, ...] | None
    """Set only when the file had to be read in pieces: the event nodes that parsed."""
    line_offsets: dict[int, int]
    """Line offset to add to the marks of each piece's nodes, keyed by id(node)."""
    problems: tuple[Problem, ...]


def yaml_problem(error: yaml.YAMLError, file: str, line_offset: int = 0) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = getattr(error, "problem", None) or " ".join(str(error).split())  # one line, whatever the error
    context = getattr(error, "context", None)
    context_mark = getattr(error, "context_mark", None)
    if context and context_mark and mark and context_mark.line != mark.line:
        context += f" that starts at line {context_mark.line + 1 + line_offset}, column {context_mark.column + 1}"
    message = f"YAML syntax: {problem}" + (f" ({context})" if context else "")
    return Problem(file, line + line_offset, column, "error", message)


def compose(text: str) -> yaml.Node | None:
    return yaml.compose(text, Loader=SafeLoader)


def compose_document(text: str, file: str) -> Parsed:
    try:
        return Parsed(compose(text), None, {}, ())
    except yaml.YAMLError as error:
        whole_file_problem = yaml_problem(error, file)
    except RecursionError:
        whole_file_problem = Problem(file, 1, 1, "error", "YAML nesting too deep")
    return tab_hints(parse_in_pieces(text, file, whole_file_problem), text)


def tab_hints(parsed: Parsed, text: str) -> Parsed:
    """libyaml says only "found character that cannot start any token" where a tab indents: name the tab."""
    lines = text.split("\n")

    def hinted(problem: Problem) -> Problem:
        line = lines[problem.line - 1] if problem.line <= len(lines) else ""
        if not problem.message.startswith("YAML syntax") or "tab" in problem.message or line[problem.column - 1 : problem.column] != "\t":
            return problem
        return dataclasses.replace(problem, message=problem.message + "; it is a tab: YAML indents with spaces only")

    return dataclasses.replace(parsed, problems=tuple(map(hinted, parsed.problems)))


def split_events(lines: list[str]) -> tuple[int, int, list[int]] | None:
    """Find the `events:` block: (first line, end line, start line of each item), 0-based."""
    key_line = next((i for i, line in enumerate(lines) if EVENTS_KEY.match(line)), None)
    if key_line is None:
        return None
    item = None
    starts: list[int] = []
    end = len(lines)
    for i in range(key_line + 1, len(lines)):
        line = lines[i]
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if item is None:
            if not stripped.startswith("-"):
                return None
            item = re.compile(r"^" + " " * indent + r"-(\s|$)")
        if item.match(line):
            starts.append(i)
        elif indent == 0 and not line.startswith(("\t", *CONFLICT_MARKERS)):  # a tab-indented line stays in its item
            end = i
            break
    return key_line, end, starts


def conflicts(lines: list[str], first: int, end: int) -> list[tuple[int, int]]:
    """Unresolved git conflict blocks in lines[first:end]: (line of <<<<<<<, line of >>>>>>>), 0-based."""
    blocks = []
    opened = None
    for i in range(first, end):
        if opened is None and lines[i].startswith(CONFLICT_MARKERS[0]):
            opened = i
        elif opened is not None and lines[i].startswith(CONFLICT_MARKERS[2]):
            blocks.append((opened, i))
            opened = None
    if opened is not None:  # never closed: it runs to the last line of the events
        last = end - 1
        while last > opened and not lines[last].strip():
            last -= 1
        blocks.append((opened, last))
    return blocks


def conflict_problem(lines: list[str], file: str, syntax_problem: Problem) -> Problem:
    """A git conflict outside the events list explains the syntax error better than the parser can."""
    blocks = conflicts(lines, 0, len(lines))
    if not blocks:
        return syntax_problem
    opened, closed = blocks[0]
    return Problem(
        file, opened + 1, 1, "error",
        f"unresolved git merge conflict (lines {opened + 1}-{closed + 1}) outside the events list; "
        "the top-level keys (title, version...) are not read until it is resolved",
    )


def parse_in_pieces(text: str, file: str, whole_file_problem: Problem) -> Parsed:
    lines = text.split("\n")
    split = split_events(lines)
    if split is None or not split[2]:
        return Parsed(None, None, {}, (conflict_problem(lines, file, whole_file_problem),))
    key_line, end, starts = split
    problems: list[Problem] = []
    blocks = conflicts(lines, key_line + 1, end)
    for opened, closed in blocks:
        inside = sum(1 for start in starts if opened < start < closed)
        problems.append(Problem(
            file, opened + 1, 1, "error",
            f"unresolved git merge conflict (lines {opened + 1}-{closed + 1}); "
            f"the {inside} event{'' if inside == 1 else 's'} inside it {'is' if inside == 1 else 'are'} skipped until it is resolved",
        ))
    starts = sorted({*starts, *(opened for opened, _ in blocks), *(closed + 1 for _, closed in blocks if closed + 1 < end)})
    header_lines = lines[: key_line + 1] + [""] * (end - key_line - 1) + lines[end:]
    try:
        root = compose("\n".join(header_lines))
    except yaml.YAMLError as error:
        root = None
        problems.append(conflict_problem(header_lines, file, yaml_problem(error, file)))
    event_nodes: list[yaml.Node] = []
    offsets: dict[int, int] = {}
    bounds = starts + [end]
    for start, stop in zip(bounds, bounds[1:]):
        if any(opened <= start <= closed for opened, closed in blocks):
            continue
        piece = "\n".join(lines[start:stop])
        try:
            node = compose(piece)
        except yaml.YAMLError as error:
            problem = yaml_problem(error, file, start)
            if getattr(error, "problem", None) == "found undefined alias":
                message = problem.message + " (while the file has a syntax error, each event is read alone and cannot use anchors from elsewhere)"
                problem = Problem(problem.file, problem.line, problem.column, problem.severity, message)
            problems.append(problem)
            continue
        except RecursionError:
            problems.append(Problem(file, start + 1, 1, "error", "YAML nesting too deep"))
            continue
        if isinstance(node, yaml.SequenceNode):
            for item in node.value:
                event_nodes.append(item)
                offsets[id(item)] = start
    if not problems:  # the pieces all parse, yet the whole did not: keep the reason
        problems.append(whole_file_problem)
    return Parsed(root, tuple(event_nodes), offsets, tuple(problems))
