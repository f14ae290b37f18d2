"""`sitrep diff` and the history of a log in git: a repository made in the test, with commits that add, change and
remove events; exact added, changed and removed sets, field by field."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from git_repo import make_repo
from paths import HISTORY
from sitrep.cli import main
from sitrep.history import GitError, changes_since, log_at, provenance, resolve, revisions
from sitrep.reading import load

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, list[str]]:
    return make_repo(tmp_path / "log")


def sets(path: Path, before: str, after: str | None = None):
    changes = changes_since(path, before, log_at(path, after) if after else load(path))
    return (
        [event.id for event in changes.added],
        [event.id for event in changes.removed],
        {change.id: [field.text() for field in change.fields] for change in changes.changed},
    )


def test_first_to_second_commit(repo) -> None:
    path, commits = repo
    assert sets(path, commits[0], commits[1]) == (
        ["d-strike"], [], {"b-asad": ["casualties.injured: 3 → [3, 5]", "sources: +1"]},
    )


def test_second_to_third_commit(repo) -> None:
    path, commits = repo
    assert sets(path, commits[1], commits[2]) == (
        [], ["a-erbil"], {"c-tanf": ["status: (none) → claimed", "tags: +tanf"]},
    )


def test_head_against_the_working_file(repo) -> None:
    path, _ = repo
    assert sets(path, "HEAD") == (["e-shaddadi"], [], {})


def test_first_commit_against_the_working_file(repo) -> None:
    path, commits = repo
    added, removed, changed = sets(path, commits[0])
    assert (added, removed, sorted(changed)) == (["d-strike", "e-shaddadi"], ["a-erbil"], ["b-asad", "c-tanf"])


def test_counts_and_vocabulary(repo) -> None:
    path, commits = repo
    changes = changes_since(path, commits[1], log_at(path, commits[2]))
    assert [count.text() for count in changes.counts] == [
        "~ reported as of 2024-01-10: ≥3 → ≥4", "+ reported 6 as of 2024-01-12",
    ]
    assert changes.vocabulary == ("+ type: drone attack: alias one-way drone attack",)


def test_diff_command_text(repo, capsys: pytest.CaptureFixture[str]) -> None:
    path, commits = repo
    assert main(["diff", str(path), commits[0][:8], commits[1][:8]]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:] == [
        "1 added, 0 removed, 1 changed",
        "+ 2024-01-08 airstrike: United States → Kataib Hezbollah facilities (d-strike)",
        "~ 2024-01-05 rocket attack: Islamic Resistance in Iraq → Ain al-Asad Air Base (b-asad)",
        "    casualties.injured: 3 → [3, 5]",
        "    sources: +1",
    ]
    assert lines[0].startswith(f"{commits[0][:7]} 2024-01-08 Analyst: first three events → {commits[1][:7]}")


def test_diff_exit_code_says_whether_anything_changed(repo, capsys: pytest.CaptureFixture[str]) -> None:
    path, commits = repo
    assert main(["diff", str(path), commits[0], commits[1], "--exit-code"]) == 1
    assert "1 added, 0 removed, 1 changed" in capsys.readouterr().out
    assert main(["diff", str(path), commits[1], commits[1], "--exit-code"]) == 0
    assert "0 added, 0 removed, 0 changed" in capsys.readouterr().out
    assert main(["diff", str(path), commits[0], commits[1]]) == 0  # without it, 0 as git diff


def test_diff_command_json(repo, capsys: pytest.CaptureFixture[str]) -> None:
    path, commits = repo
    assert main(["diff", str(path), commits[1], "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [event["id"] for event in out["added"]] == ["e-shaddadi"]
    assert [event["id"] for event in out["removed"]] == ["a-erbil"]
    assert out["changed"] == [{
        "id": "c-tanf", "date": "2024-01-07", "line": 23,
        "text": "2024-01-07 drone attack: Islamic Resistance in Iraq → al-Tanf (c-tanf)",
        "fields": [
            {"field": "status", "before": None, "after": "claimed", "text": "status: (none) → claimed"},
            {"field": "tags", "before": ["syria"], "after": ["syria", "tanf"], "text": "tags: +tanf", "added": ["tanf"], "removed": []},
        ],
    }]
    assert out["reported_counts"][1] == {"as_of": "2024-01-12", "before": None, "after": {"as_of": "2024-01-12", "count": 6, "qualifier": "exact"}}


def test_diff_command_markdown(repo, capsys: pytest.CaptureFixture[str]) -> None:
    path, commits = repo
    assert main(["diff", str(path), commits[0], commits[1], "--format", "md"]) == 0
    assert capsys.readouterr().out.splitlines()[2:] == [
        "1 added, 0 removed, 1 changed",
        "",
        "- **added** 2024-01-08 airstrike: United States → Kataib Hezbollah facilities (d-strike)",
        "- **changed** 2024-01-05 rocket attack: Islamic Resistance in Iraq → Ain al-Asad Air Base (b-asad): casualties.injured: 3 → \\[3, 5\\]; sources: +1",
    ]


def test_revisions_of_the_file(repo) -> None:
    path, commits = repo
    found = revisions(path)
    assert [revision.commit for revision in found] == commits[::-1]
    assert found[0].label() == f"{commits[2][:7]} 2024-01-10 Analyst: a withdrawn; c retagged"


def test_provenance(repo) -> None:
    path, commits = repo
    log = load(path)
    b = provenance(path, log.by_id["b-asad"])
    assert (b.added.commit, b.last.commit, b.uncommitted) == (commits[0], commits[1], False)
    c = provenance(path, log.by_id["c-tanf"])
    assert (c.added.commit, c.last.commit) == (commits[0], commits[2])
    d = provenance(path, log.by_id["d-strike"])
    assert (d.added.commit, d.last.commit) == (commits[1], commits[1])
    assert d.lines() == [f"added {commits[1][:7]} 2024-01-09 Analyst: b's injured, b's source, d"]
    e = provenance(path, log.by_id["e-shaddadi"])
    assert (e.added, e.lines()) == (None, ["not committed yet"])


def test_a_link_to_the_log_is_followed(repo) -> None:
    """The bundled events.yaml is such a link: git keeps the link, the history is the log's."""
    path, commits = repo
    link = path.parent / "sub" / "link.yaml"
    link.parent.mkdir()
    link.symlink_to(path)
    assert [event.id for event in changes_since(link, commits[0], log_at(link, commits[1])).added] == ["d-strike"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["nosuch"], "sitrep: unknown revision 'nosuch' in "),
        (["--", "-p"], "sitrep: unknown revision '-p'"),
        (["HEAD", "HEAD", "HEAD"], "sitrep: diff takes at most two revisions"),
    ],
)
def test_diff_errors(repo, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str) -> None:
    path, _ = repo
    assert main(["diff", str(path), *arguments]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(message) and err.count("\n") == 1


def test_diff_outside_a_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(HISTORY / "v1.yaml", tmp_path / "events.yaml")
    assert main(["diff", str(tmp_path / "events.yaml")]) == 2
    assert capsys.readouterr().err == f"sitrep: {tmp_path / 'events.yaml'} is not in a git repository\n"


def test_diff_file_absent_at_revision(repo, capsys: pytest.CaptureFixture[str]) -> None:
    path, commits = repo
    other = path.parent / "other.yaml"
    shutil.copy(HISTORY / "v1.yaml", other)
    assert main(["diff", str(other), commits[0]]) == 2
    assert capsys.readouterr().err == f"sitrep: {other} does not exist at {commits[0][:7]} (2024-01-08: first three events)\n"


def test_git_error_is_raised_for_an_unknown_revision(repo) -> None:
    path, _ = repo
    with pytest.raises(GitError):
        resolve(path, "v9")


def test_report_since_a_revision(repo, capsys: pytest.CaptureFixture[str]) -> None:
    """The new and changed events are listed; the period starts with the earliest of them (b-asad, 5 January)."""
    path, commits = repo
    assert main(["report", str(path), "--since-rev", commits[0]]) == 0
    out = capsys.readouterr().out
    assert "**Period:** 2024-01-05 to 2024-01-09 (5 days)" in out
    listed = out.split("## New and changed since ", 1)[1].split("\n## ", 1)[0].splitlines()
    assert listed[0] == f"{commits[0][:7]} 2024-01-08 Analyst: first three events"
    assert [line for line in listed[1:] if line] == [
        "2 added, 1 removed, 2 changed",
        "- **new** 2024-01-08 airstrike: United States → Kataib Hezbollah facilities (d-strike)",
        "- **new** 2024-01-09 drone attack: Islamic Resistance in Iraq → Shaddadi (e-shaddadi)",
        "- **changed** 2024-01-05 rocket attack: Islamic Resistance in Iraq → Ain al-Asad Air Base (b-asad): "
        "casualties.injured: 3 → \\[3, 5\\]; sources: +1",
        "- **changed** 2024-01-07 drone attack: Islamic Resistance in Iraq → al-Tanf (c-tanf): status: (none) → claimed; tags: +tanf",
        "- **removed** 2024-01-02 drone attack: Kataib Hezbollah → Erbil Air Base (a-erbil)",
        "- \\~ reported as of 2024-01-10: ≥3 → ≥4",
        "- \\+ reported 6 as of 2024-01-12",
        "- \\+ type: drone attack: alias one-way drone attack",
    ]
    assert main(["report", str(path), "--since-rev", commits[0], "--where", "is:new"]) == 0
    assert "| events | 2 | 0 | \\+2 |" in capsys.readouterr().out


def test_diff_of_a_folder(repo, capsys: pytest.CaptureFixture[str]) -> None:
    path, _ = repo
    assert main(["diff", str(path.parent)]) == 2
    assert capsys.readouterr().err == f"sitrep: diff compares one log file; {path.parent} is a folder\n"


def test_a_revision_is_read_from_git_once(repo, monkeypatch: pytest.MonkeyPatch) -> None:
    """The dashboard compares again after every reload: the committed file is not fetched and parsed each time."""
    from sitrep.history import versions

    path, commits = repo
    revision = resolve(path, commits[0])
    calls = []
    real = versions.bytes_at
    monkeypatch.setattr(versions, "bytes_at", lambda *arguments: calls.append(arguments) or real(*arguments))
    versions.committed_log.cache_clear()
    first = changes_since(path, revision, load(path))
    again = changes_since(path, revision, load(path))
    assert len(calls) == 1
    assert sorted(first.marks().items()) == sorted(again.marks().items())
