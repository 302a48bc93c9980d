"""state/files.py: the one atomic write (progress, workspace state, the server record, reset)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fastapi_uvicorn_tutor.state.files import atomic_write


def test_atomic_write_replaces_the_file_and_leaves_nothing_beside_it(tmp_path: Path) -> None:
    target = tmp_path / "progress.json"
    target.write_text("old")
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.json"]


def test_a_failed_write_keeps_the_old_file_and_removes_its_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "main.py"
    target.write_text("the learner's code")
    with pytest.raises(TypeError):
        atomic_write(target, "not bytes")  # type: ignore[arg-type]  # fails after the temp file exists
    assert target.read_text() == "the learner's code"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["main.py"]


def test_a_missing_folder_raises_oserror_for_the_caller_to_explain(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        atomic_write(tmp_path / "gone" / "x.json", b"{}")
    assert list(tmp_path.iterdir()) == []
