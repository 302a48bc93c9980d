"""state/scores.py: predictions kept per lesson and demo, latest wins, a broken file only warns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fastapi_uvicorn_tutor.state import scores
from fastapi_uvicorn_tutor.state.progress import StateDirError


def test_a_prediction_is_kept_and_the_latest_for_a_demo_replaces_the_earlier(tmp_path: Path) -> None:
    assert scores.load(tmp_path).tally("04-path-parameters") == (0, 0)  # no file yet: no scores, no warning
    assert scores.record("04-path-parameters", "GET /items/abc", False, tmp_path) == []
    scores.record("04-path-parameters", "GET /items/0", True, tmp_path)
    scores.record("04-path-parameters", "GET /items/abc", True, tmp_path)  # the lesson run again
    scores.record("06-request-body", "POST /items #2", False, tmp_path)
    kept = scores.load(tmp_path)
    assert kept.warnings == []
    assert kept.tally("04-path-parameters") == (2, 2) and kept.tally("06-request-body") == (0, 1)
    data = json.loads((tmp_path / scores.FILE_NAME).read_text())
    assert data == {"version": 1, "lessons": {"04-path-parameters": {"GET /items/abc": True, "GET /items/0": True},
                                              "06-request-body": {"POST /items #2": False}}}
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []  # written atomically


@pytest.mark.parametrize("content, says", [
    ("{not json", "could not be read"),
    ('["a list"]', "unexpected shape"),
    ('{"version": 99, "lessons": {}}', "newer tutor"),
])
def test_a_broken_file_is_a_warning_then_moved_aside_when_the_next_prediction_is_kept(tmp_path: Path, content: str,
                                                                                      says: str) -> None:
    (tmp_path / scores.FILE_NAME).write_text(content)
    kept = scores.load(tmp_path)
    assert kept.lessons == {} and len(kept.warnings) == 1 and says in kept.warnings[0]
    assert (tmp_path / scores.FILE_NAME).read_text() == content  # reading never touches it
    warnings = scores.record("01-chef-and-waiter", "GET /", True, tmp_path)
    assert len(warnings) == 1 and "kept as" in warnings[0]
    backups = list(tmp_path.glob(f"{scores.FILE_NAME}.broken-*"))
    assert len(backups) == 1 and backups[0].read_text() == content
    assert scores.load(tmp_path).tally("01-chef-and-waiter") == (1, 1)


def test_values_that_are_not_true_or_false_are_left_out(tmp_path: Path) -> None:
    (tmp_path / scores.FILE_NAME).write_text(json.dumps(
        {"version": 1, "lessons": {"a": {"GET /": True, "GET /x": "yes"}, "b": ["not", "a", "table"]}}))
    kept = scores.load(tmp_path)
    assert kept.lessons == {"a": {"GET /": True}} and kept.warnings == []


def test_a_state_path_that_is_a_file_is_a_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "home"
    blocker.write_text("a file where the state folder should be")
    with pytest.raises(StateDirError, match="Could not save your prediction"):
        scores.record("01-chef-and-waiter", "GET /", True, blocker)
