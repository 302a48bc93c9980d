"""state/workspace.py: the learner's exercise folder, prepared once, never overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from fastapi_uvicorn_tutor.course import catalog, exercises
from fastapi_uvicorn_tutor.state import workspace

from ..conftest import LESSONS


def test_a_starter_copied_by_another_tutor_meanwhile_is_kept_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two `tutor next` at the same moment both reach the hand-over: the second looks, finds no
    main.py, and by the time it copies, the first has copied it. That is no error, and the file stays."""
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path))
    exercise = exercises.load_exercise(catalog.find_lesson(LESSONS, "chef-and-waiter"))
    assert exercise is not None
    target = workspace.folder_for(exercise.slug) / exercise.file
    target.parent.mkdir(parents=True)
    target.write_bytes(b"# copied by the other tutor, then edited\n")
    looked = Path.exists
    monkeypatch.setattr(Path, "exists", lambda self: False if self == target else looked(self))  # the look came first
    prepared = workspace.prepare(exercise)
    assert prepared.created is False
    assert target.read_bytes() == b"# copied by the other tutor, then edited\n"
